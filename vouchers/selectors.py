"""Reading vouchers for their buyers."""
from django.db.models import QuerySet

from marketplace.deals import terms

from .bookings import booking_standing, option_of
from .models import Voucher


def vouchers_for_buyer(*, user, status: str = "") -> QuerySet[Voucher]:
    """The vouchers a signed-in buyer bought (gifts included), newest first, optionally by status."""
    qs = (Voucher.objects.filter(owner=user)
          .select_related("deal__product", "merchant", "option", "order_line__order__delivery")
          .order_by("-issued_at", "-id"))
    if status in Voucher.Status.values:
        qs = qs.filter(status=status)
    return qs


def voucher_get_for_buyer(*, user, voucher_id: int) -> Voucher | None:
    return (Voucher.objects.filter(owner=user, pk=voucher_id)
            .select_related("deal__product", "deal__merchant", "merchant", "option",
                            "order_line__order__delivery")
            .prefetch_related("deal__locations__merchant", "events")
            .first())


def vouchers_redeemed_count(*, order) -> int:
    """How many vouchers of an order were used at the merchant (the service was given)."""
    return Voucher.objects.filter(order_line__order=order, status=Voucher.Status.REDEEMED).count()


def voucher_terms(*, voucher: Voucher) -> terms.OptionTerms:
    """The terms of the voucher's option (windows, uses, booking policy), as pages show them."""
    return terms.option_terms(voucher.deal, option_of(voucher))


def voucher_booking(*, voucher: Voucher):
    """The voucher's booking still to come (bookable deals), or None."""
    return booking_standing(voucher=voucher) if voucher.deal.bookable else None
