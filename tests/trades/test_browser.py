"""The trades in Chromium on a phone (390×844): a buyer books a slot, moves it, and the cashier
redeems the voucher for it; a pass used on two days shows eight uses left; an off-peak voucher
refused outside its hours says when it will work."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser import sign_in
from tests.factories import UserFactory, create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers.models import Booking, Redemption, Voucher
from vouchers.redemption import counter_for_member, voucher_redeem

from .conftest import bookable_shop_make, lisbon_now, next_hour, pass_option

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _redeem_at_the_counter(page, live_server, shop, code):
    sign_in(page, live_server, shop.cashier)
    page.goto(f"/merchant/{shop.merchant.slug}/redeem/")
    page.locator("#id_code").press_sequentially(code)
    page.locator("#check-button").click()
    return page.get_by_test_id("voucher-card")


def test_a_buyer_books_a_slot_moves_it_and_the_cashier_redeems_it_on_a_phone(page, live_server):
    buyer = UserFactory()
    shop = bookable_shop_make(quantity=1, user=buyer, booking_cutoff_hours=0)
    voucher = shop.vouchers[0]
    sign_in(page, live_server, buyer)
    page.goto(f"/vouchers/{voucher.pk}/")
    page.locator(".booking-link").click()
    page.locator(f'input[value="{shop.store.pk}@{next_hour(3).isoformat()}"]').check()
    page.locator(".book-button").click()
    assert "Booked for" in page.get_by_test_id("booking").inner_text()
    assert Booking.objects.get(voucher=voucher, status="booked").starts_at == next_hour(3)
    page.locator(".booking-link").click()
    page.locator(f'input[value="{shop.store.pk}@{next_hour(1).isoformat()}"]').check()
    page.locator(".book-button").click()
    assert f"{next_hour(1):%H:%M}" in page.get_by_test_id("booking").inner_text()
    card = _redeem_at_the_counter(page, live_server, shop, voucher.plain_code)
    assert f"{next_hour(1):%H:%M}" in card.get_by_test_id("booking").inner_text()
    page.get_by_test_id("confirm").click()
    assert page.get_by_test_id("result").get_attribute("data-result") == "ok"
    assert Booking.objects.get(voucher=voucher, status="attended").starts_at == next_hour(1)
    assert Voucher.objects.get(pk=voucher.pk).status == "redeemed"


def test_a_buyer_uses_two_visits_of_a_ten_visit_pass_on_two_days_and_sees_eight_left(
        page, live_server):
    buyer = UserFactory()
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=10, one_use_per_day=True)])
    voucher = create_paid_vouchers(deal=shop.deal, user=buyer)[0]
    # The first visit, yesterday.
    counter = counter_for_member(user=shop.cashier, merchant=shop.merchant, location=shop.store)
    first = voucher_redeem(counter=counter, code=voucher.plain_code).redemptions[0]
    Redemption.objects.filter(pk=first.pk).update(redeemed_at=timezone.now() - timedelta(days=1))
    # The second, today, at the counter on a phone.
    card = _redeem_at_the_counter(page, live_server, shop, voucher.plain_code)
    assert "9 of 10" in card.get_by_test_id("uses-left").inner_text()
    page.get_by_test_id("confirm").click()
    assert page.get_by_test_id("result").get_attribute("data-result") == "ok"
    sign_in(page, live_server, buyer)
    page.goto(f"/vouchers/{voucher.pk}/")
    assert "8 uses left of 10" in page.get_by_test_id("uses-left").inner_text()


def test_an_off_peak_voucher_refused_outside_its_hours_says_when_it_will_work(page, live_server):
    tomorrow = (lisbon_now() + timedelta(days=1))
    shop = shop_with_vouchers(quantity=1, usage_windows=[
        {"days": [tomorrow.weekday()], "start": 14 * 60, "end": 17 * 60}])
    card = _redeem_at_the_counter(page, live_server, shop, shop.vouchers[0].plain_code)
    assert "14:00" in card.get_by_test_id("usage-windows").inner_text()
    refusal = card.get_by_test_id("refusal")
    assert refusal.get_attribute("data-code") == "not_valid_now"
    assert "Next:" in refusal.inner_text() and "14:00" in refusal.inner_text()
    assert page.get_by_test_id("confirm").count() == 0
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "issued"
