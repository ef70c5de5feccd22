"""The merchant's side of bookings: a store's slots set in the portal, the day and week
calendar, today's bookings on the counter page."""
from datetime import timedelta

import pytest
from django.urls import reverse

from marketplace.bookings.models import ScheduleException, StoreSchedule
from tests.factories.redemption import shop_with_vouchers
from vouchers.bookings import voucher_book

from .conftest import bookable_shop_make, next_hour, this_hour

pytestmark = pytest.mark.django_db


def _slots_page(client, who: str):
    """A shop, signed in as ``who`` of its people, and its store's slots page."""
    shop = shop_with_vouchers(quantity=0)
    client.force_login(getattr(shop, who))
    return shop, reverse("merchant_portal:store-slots", args=[shop.merchant.slug, shop.store.pk])


def test_the_owner_sets_a_stores_slots_and_a_closed_day(client):
    shop, url = _slots_page(client, "owner")
    response = client.post(url, {"action": "schedule", "slot_minutes": 30, "capacity": 3,
                                 "hours": "Mon-Fri 09:00-13:00, 14:00-19:00\nSat 10-14"})
    assert response.status_code == 302
    schedule = StoreSchedule.objects.get(location=shop.store)
    assert (schedule.slot_minutes, schedule.capacity) == (30, 3)
    assert schedule.hours == [
        {"days": [0, 1, 2, 3, 4], "start": 540, "end": 780},
        {"days": [0, 1, 2, 3, 4], "start": 840, "end": 1140},
        {"days": [5], "start": 600, "end": 840}]
    client.post(url, {"action": "exception", "day": "2030-12-25", "closed": "on",
                      "note": "Christmas"})
    assert ScheduleException.objects.get(location=shop.store).closed
    page = client.get(url).content.decode()
    assert "Christmas" in page and "25 Dec 2030" in page


def test_unreadable_hours_are_refused_with_a_message_and_nothing_is_saved(client):
    shop, url = _slots_page(client, "owner")
    response = client.post(url, {"action": "schedule", "slot_minutes": 30, "capacity": 3,
                                 "hours": "weekdays from nine"})
    assert response.status_code == 200
    assert "cannot be read" in response.content.decode()
    assert not StoreSchedule.objects.exists()


def test_a_cashier_cannot_change_a_stores_slots(client):
    shop, url = _slots_page(client, "cashier")
    assert client.post(url, {"action": "schedule", "slot_minutes": 30, "capacity": 3,
                             "hours": "Mon 9-10"}).status_code == 403
    assert not StoreSchedule.objects.exists()


def test_the_calendar_shows_each_booking_in_its_slot_by_day_and_week(client):
    shop = bookable_shop_make(quantity=2)
    first, second = shop.vouchers
    at = next_hour(26)
    voucher_book(voucher=first, location_id=shop.store.pk, starts_at=at)
    voucher_book(voucher=second, location_id=shop.store.pk, starts_at=at)
    client.force_login(shop.manager)
    url = reverse("merchant_portal:calendar", args=[shop.merchant.slug])
    day = client.get(url, {"store": shop.store.pk, "view": "day",
                           "day": at.date().isoformat()}).content.decode()
    assert day.count('data-testid="calendar-booking"') == 2
    assert f"{at:%H:%M}–{at + timedelta(hours=1):%H:%M}" in day and "2/2" in day
    week = client.get(url, {"store": shop.store.pk, "day": at.date().isoformat()}).content.decode()
    assert week.count('class="calendar-day"') == 7
    assert week.count('data-testid="calendar-booking"') == 2


def test_the_counter_page_lists_todays_bookings(client):
    shop = bookable_shop_make(quantity=1)
    voucher_book(voucher=shop.vouchers[0], location_id=shop.store.pk, starts_at=this_hour(),
                 now=this_hour() - timedelta(minutes=1))
    client.force_login(shop.cashier)
    page = client.get(reverse("merchant_portal:counter", args=[shop.merchant.slug]),
                      {"store": shop.store.pk}).content.decode()
    assert 'data-testid="today-bookings"' in page
    assert f"{this_hour():%H:%M} · Ana" in page
