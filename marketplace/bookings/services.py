"""Writing a store's schedule and taking or giving back places in its slots.

``places_take`` is the guarantee against overbooking: one conditional UPDATE
(``taken + n <= capacity``) on the slot's row, backed by a CHECK constraint. Under PostgreSQL's
row lock a concurrent taker waits and then re-reads the row, so of any number of buyers racing
for the last places exactly as many win as there are places. It runs in the caller's
transaction: a booking that fails later gives its place back by rolling back.
"""
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from marketplace.core import weekly
from merchants.models import Location

from .error_codes import ScheduleError
from .models import ScheduleException, SlotPlaces, StoreSchedule
from .selectors import Slot, slot_find
from .signals import places_changed

MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 5, 8 * 60
MAX_CAPACITY = 500


def store_schedule_check(*, slot_minutes: int | None, capacity: int | None, hours) -> None:
    """The rules of a schedule; raises ValidationError per field."""
    errors = {}
    if slot_minutes is None or not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
        errors["slot_minutes"] = ScheduleError.SLOT_LENGTH_OUT_OF_RANGE.error()
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = ScheduleError.CAPACITY_OUT_OF_RANGE.error()
    problems = {weekly.span_problem(span) for span in hours} if isinstance(hours, list) \
        else {"unreadable"}
    if "unreadable" in problems:
        errors["hours"] = ScheduleError.HOURS_UNREADABLE.error()
    elif "ends_before_start" in problems:
        errors["hours"] = ScheduleError.HOURS_END_BEFORE_START.error()
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def store_schedule_set(*, location: Location, slot_minutes: int, capacity: int,
                       hours: list[dict]) -> StoreSchedule:
    """Set when a store takes bookings. Slots already booked keep their bookings: their places
    follow the new capacity, never below what is taken."""
    store_schedule_check(slot_minutes=slot_minutes, capacity=capacity, hours=hours)
    schedule, _ = StoreSchedule.objects.update_or_create(
        location=location,
        defaults={"slot_minutes": slot_minutes, "capacity": capacity, "hours": hours})
    _capacities_follow(location=location)
    return schedule


def schedule_exception_check(*, closed: bool, start: int | None, end: int | None,
                             capacity: int | None) -> None:
    errors = {}
    if (start is None) != (end is None):
        errors["start"] = ScheduleError.EXCEPTION_HOURS_INCOMPLETE.error()
    elif start is not None and not 0 <= start < end <= weekly.DAY_MINUTES:
        errors["start"] = ScheduleError.HOURS_END_BEFORE_START.error()
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = ScheduleError.CAPACITY_OUT_OF_RANGE.error()
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def schedule_exception_set(*, location: Location, day: date, closed: bool = False,
                           start: int | None = None, end: int | None = None,
                           capacity: int | None = None, note: str = "") -> ScheduleException:
    """A day with other hours or places, or closed (bookings already made stay: the merchant
    sees them in the calendar)."""
    schedule_exception_check(closed=closed, start=start, end=end, capacity=capacity)
    exception, _ = ScheduleException.objects.update_or_create(
        location=location, day=day,
        defaults={"closed": closed, "start": None if closed else start,
                  "end": None if closed else end, "capacity": capacity, "note": note[:200]})
    _capacities_follow(location=location)
    return exception


@transaction.atomic
def schedule_exception_remove(*, location: Location, day: date) -> None:
    ScheduleException.objects.filter(location=location, day=day).delete()
    _capacities_follow(location=location)


def _capacities_follow(*, location: Location) -> None:
    """Booked slots still to come take the capacity the schedule now gives them."""
    for row in SlotPlaces.objects.select_for_update().filter(location=location,
                                                               starts_at__gte=timezone.now()):
        slot = slot_find(location=location, starts_at=row.starts_at, counted=False)
        capacity = max(row.taken, slot.capacity if slot else 0)
        if capacity != row.capacity:
            row.capacity = capacity
            row.save(update_fields=["capacity"])
    _announce(location.pk)


def places_take(*, slot: Slot, count: int = 1) -> bool:
    """Take ``count`` places of ``slot`` (one the schedule offers), or none when fewer are
    free. In the caller's transaction."""
    if count < 1:
        raise ValueError("Take at least one place.")
    SlotPlaces.objects.bulk_create(
        [SlotPlaces(location_id=slot.location_id, starts_at=slot.starts_at, capacity=slot.capacity)],
        ignore_conflicts=True)
    taken = SlotPlaces.objects.filter(
        location_id=slot.location_id, starts_at=slot.starts_at,
        taken__lte=F("capacity") - count).update(taken=F("taken") + count)
    if taken:
        _announce(slot.location_id)
    return bool(taken)


def places_release(*, location_id: int, starts_at: datetime, count: int = 1) -> None:
    """Give back ``count`` places of a slot (a booking moved, cancelled or not needed)."""
    released = SlotPlaces.objects.filter(location_id=location_id, starts_at=starts_at,
                                         taken__gte=count).update(taken=F("taken") - count)
    if released:
        _announce(location_id)


def _announce(location_id: int) -> None:
    places_changed.send(sender=SlotPlaces, location_id=location_id)
