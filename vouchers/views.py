"""The buyer's pages: My vouchers, one voucher, its printable page, its PDF and its QR code."""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import pdf
from .models import Voucher
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


def _own(request, pk: int) -> Voucher:
    voucher = voucher_get_for_buyer(user=request.user, voucher_id=pk)
    if voucher is None:
        raise Http404("No such voucher among yours.")
    return voucher
