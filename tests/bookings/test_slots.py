"""A store's slots from its schedule and exceptions; places taken and given back (bookings/)."""
import zoneinfo
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from marketplace.bookings import selectors, services
from marketplace.bookings.models import SlotPlaces
from tests.factories import LocationFactory

pytestmark = pytest.mark.django_db

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
WEEKDAYS_9_TO_12 = [{"days": [0, 1, 2, 3, 4], "start": 9 * 60, "end": 12 * 60}]


def _day(d: date, hour: int, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=LISBON)


def test_slots_fill_the_stores_hours_in_its_own_time_zone():
    store = LocationFactory(timezone="Europe/Lisbon")
    services.store_schedule_set(location=store, slot_minutes=45, capacity=3, hours=WEEKDAYS_9_TO_12)
    monday = date(2030, 3, 4)
    slots = selectors.slots_between(locations=[store], start=_day(monday, 0),
                                    end=_day(monday + timedelta(days=6), 0))
    mondays = [s for s in slots if s.starts_at.astimezone(LISBON).date() == monday]
    # 9:00, 9:45, 10:30 fit; 11:15 would end at 12:00 and fits too; nothing on the weekend.
    assert [s.starts_at.astimezone(LISBON).strftime("%H:%M") for s in mondays] == [
        "09:00", "09:45", "10:30", "11:15"]
    assert len(slots) == 5 * 4 and {s.capacity for s in slots} == {3}
    assert all(s.ends_at - s.starts_at == timedelta(minutes=45) for s in slots)


def test_an_exception_closes_a_day_or_gives_it_other_hours_and_places():
    store = LocationFactory()
    services.store_schedule_set(location=store, slot_minutes=60, capacity=2, hours=WEEKDAYS_9_TO_12)
    tuesday, wednesday = date(2030, 3, 5), date(2030, 3, 6)
    services.schedule_exception_set(location=store, day=tuesday, closed=True, note="Holiday")
    services.schedule_exception_set(location=store, day=wednesday, start=14 * 60, end=16 * 60,
                                    capacity=5)
    slots = selectors.slots_between(locations=[store], start=_day(tuesday, 0),
                                    end=_day(wednesday + timedelta(days=1), 0))
    assert [(s.starts_at.astimezone(LISBON).strftime("%a %H:%M"), s.capacity) for s in slots] == [
        ("Wed 14:00", 5), ("Wed 15:00", 5)]
    services.schedule_exception_remove(location=store, day=tuesday)
    assert selectors.slots_between(locations=[store], start=_day(tuesday, 0),
                                   end=_day(tuesday, 23))


def test_places_are_taken_until_the_slot_is_full_and_given_back():
    store = LocationFactory()
    services.store_schedule_set(location=store, slot_minutes=60, capacity=2, hours=WEEKDAYS_9_TO_12)
    slot = selectors.slot_find(location=store, starts_at=_day(date(2030, 3, 4), 9))
    assert slot is not None and slot.free == 2
    assert services.places_take(slot=slot) and services.places_take(slot=slot)
    assert not services.places_take(slot=slot)
    assert not services.places_take(slot=selectors.slot_find(location=store, starts_at=slot.starts_at),
                                    count=1)
    assert selectors.slot_find(location=store, starts_at=slot.starts_at).free == 0
    services.places_release(location_id=store.pk, starts_at=slot.starts_at)
    assert selectors.slot_find(location=store, starts_at=slot.starts_at).free == 1
    assert selectors.slot_find(location=store, starts_at=_day(date(2030, 3, 4), 9, 30)) is None


def test_the_database_refuses_more_places_taken_than_a_slot_has():
    store = LocationFactory()
    row = SlotPlaces.objects.create(location=store, starts_at=_day(date(2030, 3, 4), 9), capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotPlaces.objects.filter(pk=row.pk).update(taken=2)


def test_a_smaller_capacity_never_drops_below_the_places_already_taken():
    store = LocationFactory()
    services.store_schedule_set(location=store, slot_minutes=60, capacity=3, hours=WEEKDAYS_9_TO_12)
    slot = selectors.slot_find(location=store, starts_at=_day(date(2030, 3, 4), 9))
    assert services.places_take(slot=slot, count=2)
    services.store_schedule_set(location=store, slot_minutes=60, capacity=1, hours=WEEKDAYS_9_TO_12)
    assert SlotPlaces.objects.get(location=store).capacity == 2
    assert selectors.slot_find(location=store, starts_at=slot.starts_at).free == 0


def test_a_schedule_with_bad_hours_or_sizes_is_refused_and_nothing_is_saved():
    store = LocationFactory()
    with pytest.raises(ValidationError) as refused:
        services.store_schedule_set(location=store, slot_minutes=2, capacity=0,
                                    hours=[{"days": [0], "start": 600, "end": 500}])
    assert set(refused.value.error_dict) == {"slot_minutes", "capacity", "hours"}
    assert selectors.store_schedule(location=store) is None
