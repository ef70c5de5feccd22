"""The slots a store offers and their free places, computed from its schedule (never stored).

A slot starts at each multiple of ``slot_minutes`` from the start of a span of the store's hours
and fits inside it; a day in ScheduleException has other hours or places, or none. Only the
places taken are stored (SlotPlaces), once a slot has been booked.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marketplace.core import weekly
from merchants.models import Location
from merchants.selectors import location_zone

from .models import ScheduleException, SlotPlaces, StoreSchedule


@dataclass(frozen=True)
class Slot:
    location_id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    taken: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)

    @property
    def key(self) -> str:
        """How a page names the slot in a form: ``<store id>@<start, ISO>``."""
        return f"{self.location_id}@{self.starts_at.isoformat()}"


def store_schedules_exist(*, locations: list[Location]) -> bool:
    """Every one of these stores takes bookings (and there is at least one)."""
    ids = {loc.pk for loc in locations}
    return bool(ids) and StoreSchedule.objects.filter(location_id__in=ids).count() == len(ids)


def store_schedule(*, location: Location) -> StoreSchedule | None:
    return StoreSchedule.objects.filter(location=location).first()


def schedule_exceptions(*, location: Location, since: date) -> list[ScheduleException]:
    return list(ScheduleException.objects.filter(location=location, day__gte=since))


def slots_between(*, locations: list[Location], start: datetime, end: datetime,
                  counted: bool = True) -> list[Slot]:
    """The slots starting in [start, end) at these stores, in order, with their places taken
    (``counted``; else as the schedule alone gives them)."""
    schedules = {s.location_id: s for s in StoreSchedule.objects.filter(
        location__in=[loc.pk for loc in locations])}
    slots = []
    for location in locations:
        schedule = schedules.get(location.pk)
        if schedule is not None:
            slots += _slots_of(location, schedule, start, end)
    if not slots or not counted:
        return sorted(slots, key=lambda s: (s.starts_at, s.location_id))
    places = {(p.location_id, p.starts_at): p for p in SlotPlaces.objects.filter(
        location_id__in=schedules, starts_at__gte=start, starts_at__lt=end)}
    counted = []
    for slot in slots:
        row = places.get((slot.location_id, slot.starts_at))
        counted.append(slot if row is None else Slot(slot.location_id, slot.starts_at,
                                                     slot.ends_at, row.capacity, row.taken))
    return sorted(counted, key=lambda s: (s.starts_at, s.location_id))


def slot_find(*, location: Location, starts_at: datetime, counted: bool = True) -> Slot | None:
    """The slot of ``location`` starting exactly at ``starts_at``, if its schedule offers one."""
    found = slots_between(locations=[location], start=starts_at,
                          end=starts_at + timedelta(seconds=1), counted=counted)
    return found[0] if found else None


def _slots_of(location: Location, schedule: StoreSchedule, start: datetime,
              end: datetime) -> list[Slot]:
    zone = location_zone(location)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    exceptions = {e.day: e for e in ScheduleException.objects.filter(
        location=location, day__gte=first, day__lte=last)}
    length = timedelta(minutes=schedule.slot_minutes)
    slots = []
    day = first
    while day <= last:
        spans, capacity = _day_hours(schedule, exceptions.get(day), day)
        for span_start, span_end in spans:
            begins = weekly.moment(day, span_start, zone)
            closes = weekly.moment(day, span_end, zone)
            while begins + length <= closes:
                if start <= begins < end:
                    slots.append(Slot(location.pk, begins, begins + length, capacity))
                begins += length
        day += timedelta(days=1)
    return slots


def _day_hours(schedule: StoreSchedule, exception: ScheduleException | None,
               day: date) -> tuple[list[tuple[int, int]], int]:
    """(spans of the day in minutes, places per slot), the exception of the day first."""
    if exception is None:
        return weekly.spans_on(schedule.hours, day), schedule.capacity
    capacity = exception.capacity if exception.capacity is not None else schedule.capacity
    if exception.closed:
        return [], capacity
    if exception.start is not None and exception.end is not None:
        return [(exception.start, exception.end)], capacity
    return weekly.spans_on(schedule.hours, day), capacity
