"""A voucher's booking: a slot at a store held at checkout or booked later from My vouchers,
moved or cancelled up to the deal's cut-off, the reminder the day before.

The places themselves are counted by marketplace/bookings (``places_take``: a slot is never
overbooked, whatever the race); this module decides which slots a voucher may have, and keeps
one standing Booking per unit (a partial unique index backs the voucher's row lock up). What a
booking means at the counter is decided with the other rules in vouchers/redemption.py; a
booking the buyer did not come to, in vouchers/no_shows.py.
"""
import logging
from datetime import datetime, timedelta
from enum import Enum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.bookings.selectors import Slot, slot_find, slots_between
from marketplace.bookings.services import places_release, places_take
from marketplace.core.mail import mail_send
from marketplace.deals import terms
from marketplace.deals.lifecycle import deal_valid_window
from marketplace.deals.models import Deal, DealOption
from merchants.models import Location
from merchants.selectors import location_zone

from .models import Booking, Voucher

logger = logging.getLogger(__name__)

USABLE = (Voucher.Status.ISSUED,)


class BookingError(str, Enum):
    NOT_BOOKABLE = "not_bookable"
    NOT_USABLE = "voucher_not_usable"
    ALREADY_BOOKED = "already_booked"
    NO_BOOKING = "no_booking"
    SLOT_UNAVAILABLE = "slot_unavailable"
    SLOT_FULL = "slot_full"
    CUTOFF_PASSED = "cutoff_passed"

    def __str__(self):
        return self.value


MESSAGES = {
    BookingError.NOT_BOOKABLE: _("This deal does not take bookings."),
    BookingError.NOT_USABLE: _("This voucher can no longer be used, so it cannot be booked."),
    BookingError.ALREADY_BOOKED: _("This voucher is booked already: move the booking instead."),
    BookingError.NO_BOOKING: _("This voucher has no booking."),
    BookingError.SLOT_UNAVAILABLE: _("This slot is not offered for this voucher: choose another."),
    BookingError.SLOT_FULL: _("This slot has just been taken: choose another."),
    BookingError.CUTOFF_PASSED: _(
        "Bookings can be changed until %(hours)s hours before the slot: it is too late now."),
}


class BookingRefused(Exception):
    """Nothing changed (no place taken, no booking written); ``message`` says why."""

    def __init__(self, code: BookingError, **params):
        self.code = code
        message = MESSAGES[code]
        super().__init__(str(message % params if params else message))

    @property
    def message(self) -> str:
        return str(self)


def horizon_days() -> int:
    return settings.BOOKING_HORIZON_DAYS


# --- which slots a voucher may have ---------------------------------------------------------

def option_of(voucher: Voucher) -> DealOption | None:
    return DealOption.objects.filter(product_id=voucher.option_id).first()


def slots_offered(*, deal: Deal, option: DealOption | None, valid_from: datetime,
                  valid_until: datetime, now: datetime | None = None,
                  days: int | None = None) -> list[Slot]:
    """Free slots at the deal's stores that a voucher of ``option`` valid from ``valid_from``
    to ``valid_until`` may be booked for: to come, inside its usage windows, not on an
    excluded date, with a place left; first ``days`` days (the booking horizon)."""
    now = now or timezone.now()
    start = max(now, valid_from)
    end = min(valid_until, now + timedelta(days=days or horizon_days()))
    if not deal.bookable or end <= start:
        return []
    locations = list(deal.locations.all())
    return [slot for slot in slots_between(locations=locations, start=start, end=end)
            if slot.free > 0 and slot.ends_at <= valid_until
            and _inside_terms(deal, option, slot, locations)]


def _inside_terms(deal: Deal, option, slot: Slot, locations: list[Location]) -> bool:
    location = next(loc for loc in locations if loc.pk == slot.location_id)
    local = slot.starts_at.astimezone(location_zone(location))
    last_minute = (slot.ends_at - timedelta(minutes=1)).astimezone(local.tzinfo)
    windows = terms.option_windows(deal, option)
    excluded = deal.excluded_dates or []
    return terms.usable_at(windows, excluded, local) and terms.usable_at(windows, excluded, last_minute)


def slots_for_voucher(*, voucher: Voucher, now: datetime | None = None) -> list[Slot]:
    return slots_offered(deal=voucher.deal, option=option_of(voucher), valid_from=voucher.valid_from,
                         valid_until=voucher.valid_until, now=now)


def slots_for_option(*, option: DealOption, now: datetime | None = None) -> list[Slot]:
    """What a buyer may choose at checkout (the voucher will be valid from the purchase)."""
    now = now or timezone.now()
    valid_from, valid_until = deal_valid_window(option.deal, purchased_at=now)
    return slots_offered(deal=option.deal, option=option, valid_from=valid_from,
                         valid_until=valid_until, now=now)


def _slot_chosen(*, deal: Deal, option, valid_from, valid_until, location_id: int,
                 starts_at: datetime, now: datetime) -> Slot:
    """The slot asked for, if the voucher may have it (free or not); else refused."""
    location = deal.locations.filter(pk=location_id).first()
    slot = slot_find(location=location, starts_at=starts_at) if location else None
    if (slot is None or not deal.bookable or slot.starts_at <= now or slot.starts_at < valid_from
            or slot.ends_at > valid_until
            or slot.starts_at > now + timedelta(days=horizon_days())
            or not _inside_terms(deal, option, slot, [location])):
        raise BookingRefused(BookingError.SLOT_UNAVAILABLE)
    return slot


def slot_key_parse(key: str) -> tuple[int, datetime] | None:
    """(store id, start) from a form's ``<store id>@<ISO start>`` (Slot.key); None if unreadable."""
    location_id, _, start = (key or "").partition("@")
    try:
        when = datetime.fromisoformat(start)
    except ValueError:
        return None
    if not location_id.isdigit() or timezone.is_naive(when):
        return None
    return int(location_id), when


# --- reading bookings ----------------------------------------------------------------------

def booking_standing(*, voucher: Voucher) -> Booking | None:
    """The voucher's booking still to be used, if any."""
    return (Booking.objects.filter(voucher=voucher, status=Booking.Status.BOOKED)
            .select_related("location").first())


def bookings_standing_by_voucher(*, vouchers) -> dict[int, Booking]:
    return {b.voucher_id: b for b in Booking.objects.filter(
        voucher__in=list(vouchers), status=Booking.Status.BOOKED).select_related("location")}


def bookings_between(*, location: Location, start: datetime, end: datetime):
    """A store's bookings starting in [start, end), moved and cancelled ones left out."""
    return (Booking.objects.filter(location=location, starts_at__gte=start, starts_at__lt=end)
            .exclude(status__in=[Booking.Status.MOVED, Booking.Status.CANCELLED])
            .select_related("voucher__deal__product", "voucher__option")
            .order_by("starts_at", "id"))


def booking_cutoff(*, booking: Booking, deal: Deal) -> datetime:
    """Until when the buyer may move or cancel the booking."""
    return booking.starts_at - timedelta(hours=deal.booking_cutoff_hours)


# --- the buyer books, moves, cancels --------------------------------------------------------

def voucher_book(*, voucher: Voucher, location_id: int, starts_at: datetime,
                 now: datetime | None = None) -> Booking:
    """Book a slot for a voucher that has none. Raises BookingRefused; nothing changes then."""
    now = now or timezone.now()
    with transaction.atomic():
        voucher = _lock_usable(voucher, now)
        if booking_standing(voucher=voucher) is not None:
            raise BookingRefused(BookingError.ALREADY_BOOKED)
        slot = _slot_chosen(deal=voucher.deal, option=option_of(voucher),
                            valid_from=voucher.valid_from, valid_until=voucher.valid_until,
                            location_id=location_id, starts_at=starts_at, now=now)
        return _book(voucher=voucher, slot=slot)


def voucher_booking_move(*, voucher: Voucher, location_id: int, starts_at: datetime,
                         now: datetime | None = None) -> Booking:
    """Move the voucher's booking to another slot, until the cut-off. The old booking stays
    (MOVED) for the record; its place goes back."""
    now = now or timezone.now()
    with transaction.atomic():
        voucher = _lock_usable(voucher, now)
        current = _standing_before_cutoff(voucher, now)
        slot = _slot_chosen(deal=voucher.deal, option=option_of(voucher),
                            valid_from=voucher.valid_from, valid_until=voucher.valid_until,
                            location_id=location_id, starts_at=starts_at, now=now)
        if (slot.location_id, slot.starts_at) == (current.location_id, current.starts_at):
            return current
        current.status = Booking.Status.MOVED
        current.save(update_fields=["status", "changed_at"])
        places_release(location_id=current.location_id, starts_at=current.starts_at)
        return _book(voucher=voucher, slot=slot)


def voucher_booking_cancel(*, voucher: Voucher, now: datetime | None = None) -> Booking:
    """Cancel the voucher's booking until the cut-off; the voucher stays valid."""
    now = now or timezone.now()
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().select_related("deal").get(pk=voucher.pk)
        booking = _standing_before_cutoff(voucher, now)
        return _cancel(booking)


def _lock_usable(voucher: Voucher, now: datetime) -> Voucher:
    voucher = Voucher.objects.select_for_update().select_related("deal").get(pk=voucher.pk)
    if not voucher.deal.bookable:
        raise BookingRefused(BookingError.NOT_BOOKABLE)
    if voucher.status not in USABLE or voucher.uses_left < 1 or voucher.valid_until <= now:
        raise BookingRefused(BookingError.NOT_USABLE)
    return voucher


def _standing_before_cutoff(voucher: Voucher, now: datetime) -> Booking:
    booking = booking_standing(voucher=voucher)
    if booking is None:
        raise BookingRefused(BookingError.NO_BOOKING)
    if now > booking_cutoff(booking=booking, deal=voucher.deal):
        raise BookingRefused(BookingError.CUTOFF_PASSED, hours=voucher.deal.booking_cutoff_hours)
    return booking


def _book(*, voucher: Voucher, slot: Slot) -> Booking:
    if not places_take(slot=slot):
        raise BookingRefused(BookingError.SLOT_FULL)
    try:
        with transaction.atomic():
            return Booking.objects.create(
                order_line_id=voucher.order_line_id, unit_index=voucher.unit_index,
                voucher=voucher, location_id=slot.location_id, starts_at=slot.starts_at,
                ends_at=slot.ends_at)
    except IntegrityError:  # a standing booking appeared meanwhile (the index backs the lock)
        raise BookingRefused(BookingError.ALREADY_BOOKED) from None


def _cancel(booking: Booking) -> Booking:
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status", "changed_at"])
    places_release(location_id=booking.location_id, starts_at=booking.starts_at)
    return booking


# --- at checkout, before the vouchers exist -------------------------------------------------

def bookings_hold_for_order(*, order, choices: dict[int, tuple[int, datetime]],
                            now: datetime | None = None) -> list[Booking]:
    """Hold the slot chosen for each line at checkout (``choices``: option product id ->
    (store id, start)), one place per unit, in the checkout's reserving transaction: a full
    slot refuses the order before any payment. Issuing gives the bookings their vouchers."""
    now = now or timezone.now()
    held = []
    for line in order.lines.select_related("product__deal_option__deal"):
        choice = choices.get(line.product_id)
        if choice is None:
            continue
        option = line.product.deal_option
        deal = option.deal
        if not deal.bookable:
            raise BookingRefused(BookingError.NOT_BOOKABLE)
        valid_from, valid_until = deal_valid_window(deal, purchased_at=order.date_placed or now)
        slot = _slot_chosen(deal=deal, option=option, valid_from=valid_from,
                            valid_until=valid_until, location_id=choice[0], starts_at=choice[1],
                            now=now)
        if not places_take(slot=slot, count=line.quantity):
            raise BookingRefused(BookingError.SLOT_FULL)
        held += Booking.objects.bulk_create([
            Booking(order_line=line, unit_index=unit, location_id=slot.location_id,
                    starts_at=slot.starts_at, ends_at=slot.ends_at)
            for unit in range(line.quantity)])
    return held


def bookings_attach_to_vouchers(*, order_line_ids: list[int]) -> int:
    """Give the bookings held at checkout the vouchers just issued for their units."""
    voucher = Voucher.objects.filter(order_line_id=OuterRef("order_line_id"),
                                     unit_index=OuterRef("unit_index")).values("pk")[:1]
    return Booking.objects.filter(order_line_id__in=order_line_ids, voucher__isnull=True).update(
        voucher=Subquery(voucher))


def bookings_release_for_order(*, order) -> int:
    """The order will not be paid (failed, cancelled): its held slots go back on offer."""
    released = 0
    for booking in Booking.objects.select_for_update().filter(
            order_line__order=order, status=Booking.Status.BOOKED).order_by("pk"):
        _cancel(booking)
        released += 1
    return released


def booking_release_for_voucher(*, voucher: Voucher) -> Booking | None:
    """The voucher was refunded or voided: its booking to come is cancelled, the place freed.
    The caller holds the voucher's row lock."""
    booking = booking_standing(voucher=voucher)
    return _cancel(booking) if booking is not None else None


# --- the reminder the day before ------------------------------------------------------------

REMIND_AHEAD = timedelta(hours=24)


def bookings_send_reminders(*, now: datetime | None = None) -> int:
    """E-mail each booking's holder once, within the 24 hours before the slot. Run by beat."""
    now = now or timezone.now()
    due = (Booking.objects.filter(status=Booking.Status.BOOKED, voucher__isnull=False,
                                  reminded_at__isnull=True, starts_at__gt=now,
                                  starts_at__lte=now + REMIND_AHEAD)
           .values_list("pk", flat=True))
    return sum(booking_send_reminder(booking_id=pk, now=now) for pk in list(due))


def booking_send_reminder(*, booking_id: int, now: datetime) -> int:
    """1 if this call sent the reminder; 0 if another run had, or the booking changed."""
    with transaction.atomic():
        booking = (Booking.objects.select_for_update(of=("self",))
                   .select_related("location", "voucher__deal__product", "voucher__option",
                                   "voucher__owner")
                   .filter(pk=booking_id, status=Booking.Status.BOOKED,
                           reminded_at__isnull=True).first())
        if booking is None:
            return 0
        voucher = booking.voucher
        zone = location_zone(booking.location)
        # Sent inside the transaction: if the mail fails, reminded_at stays empty and the next
        # run retries.
        # In the holder's language (core/mail.py: their account's, else the order's).
        with timezone.override(zone):
            mail_send(template="vouchers/email/booking_reminder", to=[voucher.holder_email],
                      order=voucher.order_line.order, context={"booking": booking, "voucher": voucher, "deal": voucher.deal,
                               "cutoff": booking_cutoff(booking=booking, deal=voucher.deal)})
        booking.reminded_at = now
        booking.save(update_fields=["reminded_at"])
    return 1

