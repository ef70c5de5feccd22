"""The buyer's pages: My vouchers, one voucher, its printable page, PDF and QR code, its refund."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from merchants.selectors import location_zone

from . import bookings, pdf
from .models import Voucher
from .refunds import (
    MESSAGES, BuyerRefundError, BuyerRefundRefused, buyer_refund_refusal, voucher_refund_by_buyer,
)
from .selectors import voucher_booking, voucher_get_for_buyer, voucher_terms, vouchers_for_buyer
from .services import voucher_refund_amount


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
    amount = voucher_refund_amount(voucher=voucher)
    if request.method == "POST":
        try:
            voucher_refund_by_buyer(voucher=voucher, buyer=request.user)
        except BuyerRefundRefused as refused:
            voucher.refresh_from_db()
            return render(request, "vouchers/refund.html",
                          {"voucher": voucher, "refusal": refused.message}, status=409)
        messages.success(request, _("Refunded %(amount)s %(currency)s to the card you paid with. "
                                    "The voucher can no longer be used.")
                         % {"amount": amount, "currency": voucher.currency})
        return redirect("vouchers:list")
    return render(request, "vouchers/refund.html", {
        "voucher": voucher, "refusal": str(MESSAGES[refusal]) if refusal else "",
        "refund_amount": amount,
    })


@login_required
def voucher_booking_view(request, pk: int):
    """GET: the voucher's booking and the free slots; POST: book, move or cancel it."""
    voucher = _own(request, pk)
    if not voucher.deal.bookable:
        raise Http404("This voucher is not used by booking.")
    if request.method == "POST":
        action = request.POST.get("action", "")
        chosen = bookings.slot_key_parse(request.POST.get("slot", ""))
        try:
            if action == "cancel":
                bookings.voucher_booking_cancel(voucher=voucher)
                messages.success(request, _("Your booking is cancelled; the voucher stays valid."))
            elif chosen is None:
                messages.error(request, _("Choose a slot."))
                return redirect("vouchers:booking", pk=voucher.pk)
            elif action == "move":
                bookings.voucher_booking_move(voucher=voucher, location_id=chosen[0],
                                              starts_at=chosen[1])
                messages.success(request, _("Your booking is moved."))
            else:
                bookings.voucher_book(voucher=voucher, location_id=chosen[0], starts_at=chosen[1])
                messages.success(request, _("Your slot is booked."))
        except bookings.BookingRefused as refused:
            messages.error(request, refused.message)
            return redirect("vouchers:booking", pk=voucher.pk)
        return redirect("vouchers:detail", pk=voucher.pk)
    booking = voucher_booking(voucher=voucher)
    stores = {loc.pk: loc for loc in voucher.deal.locations.all()}
    days: dict = {}
    for slot in bookings.slots_for_voucher(voucher=voucher):
        # The store's wall clock, naive so that templates show it as it is (not converted).
        local = slot.starts_at.astimezone(location_zone(stores[slot.location_id])).replace(tzinfo=None)
        days.setdefault(local.date(), []).append(
            {"key": slot.key, "time": local, "store": stores[slot.location_id], "free": slot.free})
    return render(request, "vouchers/booking.html", {
        "voucher": voucher, "terms": voucher_terms(voucher=voucher), "booking": booking,
        "cutoff": bookings.booking_cutoff(booking=booking, deal=voucher.deal) if booking else None,
        "days": sorted(days.items()),
    })


def _own(request, pk: int) -> Voucher:
    voucher = voucher_get_for_buyer(user=request.user, voucher_id=pk)
    if voucher is None:
        raise Http404("No such voucher among yours.")
    return voucher
