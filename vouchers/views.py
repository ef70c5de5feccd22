"""The buyer's pages: My vouchers, one voucher, its printable page, PDF and QR code, its refund."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import pdf
from .models import Voucher
from .refunds import (
    MESSAGES, BuyerRefundError, BuyerRefundRefused, buyer_refund_refusal, voucher_refund_by_buyer,
)
from .selectors import voucher_get_for_buyer, vouchers_for_buyer


@login_required
def voucher_list(request):
    status = request.GET.get("status", "")
    return render(request, "vouchers/list.html", {
        "vouchers": vouchers_for_buyer(user=request.user, status=status),
        "status": status if status in Voucher.Status.values else "",
        "statuses": Voucher.Status.choices,
    })


@login_required
def voucher_detail(request, pk: int):
    return render(request, "vouchers/detail.html", {"voucher": _own(request, pk)})


@login_required
def voucher_print(request, pk: int):
    voucher = _own(request, pk)
    return render(request, "vouchers/print.html", {
        "voucher": voucher, "qr_svg": pdf.voucher_qr_svg(voucher),
    })


@login_required
def voucher_pdf(request, pk: int):
    voucher = _own(request, pk)
    response = HttpResponse(pdf.vouchers_pdf([voucher]), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="voucher-{voucher.pk}.pdf"'
    return response


@login_required
def voucher_qr(request, pk: int):
    response = HttpResponse(pdf.voucher_qr_svg(_own(request, pk)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def voucher_refund_view(request, pk: int):
    """GET: what will be refunded and where the money goes, to confirm; POST: refund it."""
    voucher = get_object_or_404(Voucher.objects.select_related(
        "deal__product", "deal__merchant", "order_line__order__delivery"), pk=pk)
    refusal = buyer_refund_refusal(voucher=voucher, user=request.user)
    if refusal is BuyerRefundError.NOT_YOURS:
        raise Http404("No such voucher")  # other people's vouchers are not revealed
    if request.method == "POST":
        try:
            voucher_refund_by_buyer(voucher=voucher, buyer=request.user)
        except BuyerRefundRefused as refused:
            voucher.refresh_from_db()
            return render(request, "vouchers/refund.html",
                          {"voucher": voucher, "refusal": refused.message}, status=409)
        messages.success(request, _("Refunded %(amount)s %(currency)s to the card you paid with. "
                                    "The voucher can no longer be used.")
                         % {"amount": voucher.price_paid, "currency": voucher.currency})
        return redirect("vouchers:list")
    return render(request, "vouchers/refund.html", {
        "voucher": voucher, "refusal": str(MESSAGES[refusal]) if refusal else "",
    })


def _own(request, pk: int) -> Voucher:
    voucher = voucher_get_for_buyer(user=request.user, voucher_id=pk)
    if voucher is None:
        raise Http404("No such voucher among yours.")
    return voucher
