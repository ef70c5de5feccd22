"""The day before a booking its holder gets one reminder (real mail, read in Mailpit); once the
day of a booking is over without the buyer, the deal's no-show policy applies."""
from datetime import timedelta

import pytest

from vouchers.bookings import bookings_send_reminders, voucher_book
from vouchers.models import Booking, Redemption, Voucher
from vouchers.no_shows import bookings_settle_no_shows

from .conftest import bookable_shop_make, next_hour

pytestmark = pytest.mark.django_db


def test_the_holder_gets_one_reminder_the_day_before_in_mailpit(mailpit):
    shop = bookable_shop_make(quantity=2)
    soon, later = shop.vouchers
    to = mailpit.address("buyer")
    Voucher.objects.filter(pk=soon.pk).update(holder_email=to)
    booked = voucher_book(voucher=soon, location_id=shop.store.pk, starts_at=next_hour(20))
    voucher_book(voucher=later, location_id=shop.store.pk, starts_at=next_hour(40))
    assert bookings_send_reminders() == 1  # only the booking within 24 hours
    assert bookings_send_reminders() == 0  # and only once
    message = mailpit.wait_for_message(to=to)
    assert "Tomorrow: your booking" in message["Subject"]
    assert shop.store.name in message["Text"] and f"{next_hour(20):%H:%M}" in message["Text"]
    assert Booking.objects.get(pk=booked.pk).reminded_at is not None


@pytest.mark.parametrize("policy, status, used", [("stays_valid", "no_show", 0),
                                                  ("used_up", "no_show", 1)])
def test_a_no_show_keeps_the_voucher_or_uses_it_up_per_the_deals_policy(policy, status, used):
    shop = bookable_shop_make(quantity=1, no_show_policy=policy)
    voucher = shop.vouchers[0]
    booking = voucher_book(voucher=voucher, location_id=shop.store.pk, starts_at=next_hour(2))
    assert not bookings_settle_no_shows().kept_valid  # the day is not over yet
    two_days_later = next_hour(2) + timedelta(days=2)
    run = bookings_settle_no_shows(now=two_days_later)
    assert (run.kept_valid, run.used_up) == (([booking.pk], []) if used == 0 else ([], [booking.pk]))
    assert Booking.objects.get(pk=booking.pk).status == status
    voucher.refresh_from_db()
    assert voucher.uses_used == used
    assert voucher.status == ("redeemed" if used else "issued")
    assert Redemption.objects.filter(voucher=voucher, client="no_show").count() == used
    assert bookings_settle_no_shows(now=two_days_later).used_up == []  # safe to run twice
