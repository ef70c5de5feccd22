"""A booking the buyer did not come to, and what it does to the voucher: the deal's no-show policy.

Once the day of a booked slot has ended at its store, a booking still standing is a no-show.
"Stays valid": the booking is marked a no-show and the voucher keeps its use (the buyer books
again). "Used up" (as Groupon does after the day): one use of the voucher is used up, written as
the counter writes a use (vouchers/redemption.py), because the merchant kept the place for it.
Each booking is handled under its voucher's row lock and re-checked inside it: safe to run twice
or in two workers at once.
"""
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from marketplace.deals.models import Deal
from merchants.selectors import location_zone

# redemption as a module: it imports services, whose tasks import this module.
from . import redemption
from .models import Booking, Voucher

USABLE = (Voucher.Status.ISSUED, Voucher.Status.EXPIRED)


@dataclass
class NoShowRun:
    kept_valid: list[int] = field(default_factory=list)
    used_up: list[int] = field(default_factory=list)


def bookings_settle_no_shows(*, now: datetime | None = None, limit: int = 500) -> NoShowRun:
    """Every booking whose day is over without the buyer, per its deal's policy. Run by beat."""
    now = now or timezone.now()
    run = NoShowRun()
    # A day is at most 26 hours long (daylight saving): older slots' days are surely over.
    due = (Booking.objects.filter(status=Booking.Status.BOOKED, voucher__isnull=False,
                                  starts_at__lt=now).select_related("location")
           .order_by("starts_at", "pk")[:limit])
    for booking in list(due):
        if _day_over(booking, now):
            booking_settle_no_show(booking_id=booking.pk, now=now, run=run)
    return run


def _day_over(booking: Booking, now: datetime) -> bool:
    zone = location_zone(booking.location)
    day = booking.starts_at.astimezone(zone).date()
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone) <= now


def booking_settle_no_show(*, booking_id: int, now: datetime, run: NoShowRun) -> None:
    with transaction.atomic():
        voucher_id = Booking.objects.filter(pk=booking_id).values_list("voucher_id", flat=True).get()
        voucher = (Voucher.objects.select_for_update(of=("self",)).select_related("deal", "merchant")
                   .get(pk=voucher_id))
        booking = Booking.objects.select_related("location").get(pk=booking_id)
        if booking.status != Booking.Status.BOOKED or not _day_over(booking, now):
            return  # attended, moved or settled by someone else meanwhile
        if (voucher.deal.no_show_policy == Deal.NoShowPolicy.USED_UP
                and voucher.status in USABLE and voucher.uses_left > 0):
            redemption.voucher_use_for_no_show(voucher=voucher, booking=booking)
            run.used_up.append(booking_id)
            return
        booking.status = Booking.Status.NO_SHOW
        booking.save(update_fields=["status", "changed_at"])
        run.kept_valid.append(booking_id)
