"""The trades' rules at the counter (vouchers/redemption.py), through the page's and the API's
one service: off-peak windows, passes of several uses, one use a day, booked slots."""
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from marketplace.payments.gateway import stripe_client, to_minor_units
from marketplace.payments.models import StripeRefund
from tests.factories import UserFactory, create_paid_vouchers
from tests.factories.paid_at_stripe import stripe_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers.bookings import voucher_book
from vouchers.models import Booking, Redemption, Voucher
from vouchers.redemption import counter_for_member, voucher_redeem, voucher_unredeem
from vouchers.refunds import voucher_refund_by_buyer

from .conftest import LISBON, bookable_shop_make, lisbon_now, next_hour, pass_option, this_hour

pytestmark = pytest.mark.django_db


def _counter(shop):
    return counter_for_member(user=shop.cashier, merchant=shop.merchant, location=shop.store)


def _till(shop):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {shop.plain_token}")
    return client


def _api_redeem(shop, code):
    return _till(shop).post("/api/v1/redemptions/", {"codes": [code], "location": shop.store.pk},
                            format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))


# --- off-peak windows ------------------------------------------------------------------------

def _not_today_windows():
    """Tomorrow and the day after, 14:00-17:00 (never the day the test runs)."""
    today = lisbon_now().weekday()
    return [{"days": sorted({(today + 1) % 7, (today + 2) % 7}), "start": 14 * 60, "end": 17 * 60}]


def test_an_off_peak_voucher_is_refused_outside_its_hours_saying_when_it_works():
    shop = shop_with_vouchers(quantity=1, usage_windows=_not_today_windows())
    voucher = shop.vouchers[0]
    outcome = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert outcome.refusal.code == "not_valid_now"
    tomorrow_at_two = datetime.combine(lisbon_now().date() + timedelta(days=1),
                                       datetime.min.time().replace(hour=14), tzinfo=LISBON)
    assert datetime.fromisoformat(outcome.refusal.detail["next_valid_at"]) == tomorrow_at_two
    assert "14:00–17:00" in outcome.refusal.message and "14:00–17:00" in outcome.refusal.detail["windows"]
    # The API answers the same refusal, and nothing was used.
    response = _api_redeem(shop, voucher.plain_code)
    assert response.status_code == 422 and response.json()["code"] == "not_valid_now"
    assert response.json()["detail"]["next_valid_at"] == outcome.refusal.detail["next_valid_at"]
    assert Voucher.objects.get(pk=voucher.pk).status == "issued"
    assert not Redemption.objects.exists()


def test_an_off_peak_voucher_is_redeemed_inside_its_hours():
    shop = shop_with_vouchers(quantity=1, usage_windows=[
        {"days": [lisbon_now().weekday()], "start": 0, "end": 24 * 60}])
    assert voucher_redeem(counter=_counter(shop), code=shop.vouchers[0].plain_code).ok


def test_an_option_own_windows_replace_the_deals():
    shop = shop_with_vouchers(quantity=0, usage_windows=_not_today_windows(), options=[
        pass_option(uses=1)])
    option = shop.deal.options.get()
    option.usage_windows = [{"days": list(range(7)), "start": 0, "end": 24 * 60}]
    option.save()
    voucher = create_paid_vouchers(deal=shop.deal)[0]
    assert voucher_redeem(counter=_counter(shop), code=voucher.plain_code).ok


def test_a_voucher_is_refused_on_an_excluded_date_whatever_its_hours():
    shop = shop_with_vouchers(quantity=1, excluded_dates=[lisbon_now().date().isoformat()])
    outcome = voucher_redeem(counter=_counter(shop), code=shop.vouchers[0].plain_code)
    assert outcome.refusal.code == "not_valid_now"
    assert datetime.fromisoformat(outcome.refusal.detail["next_valid_at"]).astimezone(LISBON).date() \
        == lisbon_now().date() + timedelta(days=1)


# --- passes ----------------------------------------------------------------------------------

def test_each_redemption_of_a_pass_uses_one_and_the_last_use_redeems_it():
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=3, price="100.00")])
    voucher = create_paid_vouchers(deal=shop.deal)[0]
    assert voucher.uses_total == 3
    for used in (1, 2, 3):
        outcome = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
        assert outcome.ok, outcome.refusal
        voucher.refresh_from_db()
        assert voucher.uses_used == used and voucher.uses_left == 3 - used
        assert voucher.status == ("redeemed" if used == 3 else "issued")
    refused = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert refused.refusal.code == "no_uses_left"
    redemptions = Redemption.objects.filter(voucher=voucher).order_by("use_number")
    assert [r.use_number for r in redemptions] == [1, 2, 3]
    # What each use is worth to the ledger: a third of the price, the last one taking the cent.
    assert [r.price_share for r in redemptions] == [Decimal("33.33"), Decimal("33.33"),
                                                    Decimal("33.34")]
    assert sum(r.amount for r in redemptions) == voucher.value


def test_the_counter_and_the_api_show_the_uses_left_of_a_pass():
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=10)])
    voucher = create_paid_vouchers(deal=shop.deal)[0]
    assert voucher_redeem(counter=_counter(shop), code=voucher.plain_code).ok
    body = _till(shop).post("/api/v1/redemptions/verify/", {"code": voucher.plain_code},
                            format="json").json()
    assert body["redeemable"] is True
    assert (body["uses_total"], body["uses_left"]) == (10, 9)
    redeemed = _api_redeem(shop, voucher.plain_code).json()
    assert redeemed["redemptions"][0]["use_number"] == 2
    assert redeemed["redemptions"][0]["uses_left"] == 8


def test_undo_gives_a_pass_its_use_back():
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=2)])
    voucher = create_paid_vouchers(deal=shop.deal)[0]
    first = voucher_redeem(counter=_counter(shop), code=voucher.plain_code).redemptions[0]
    last = voucher_redeem(counter=_counter(shop), code=voucher.plain_code).redemptions[0]
    assert Voucher.objects.get(pk=voucher.pk).status == "redeemed"
    voucher_unredeem(redemption_id=last.pk, counter=_counter(shop), reason="wrong card")
    voucher.refresh_from_db()
    assert (voucher.status, voucher.uses_used) == ("issued", 1)
    again = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert again.ok and again.redemptions[0].use_number == 2
    assert first.use_number == 1


def test_a_pass_of_one_use_a_day_is_refused_a_second_time_the_same_day():
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=10, one_use_per_day=True)])
    voucher = create_paid_vouchers(deal=shop.deal)[0]
    assert voucher_redeem(counter=_counter(shop), code=voucher.plain_code).ok
    refused = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert refused.refusal.code == "already_used_today"
    assert datetime.fromisoformat(refused.refusal.detail["next_valid_at"]).astimezone(LISBON) \
        == datetime.combine(lisbon_now().date() + timedelta(days=1), datetime.min.time(),
                            tzinfo=LISBON)
    assert Voucher.objects.get(pk=voucher.pk).uses_used == 1


def test_refunding_a_partly_used_pass_refunds_its_unused_uses_pro_rata():
    buyer = UserFactory()
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=10, price="90.00")])
    voucher = stripe_paid_vouchers(deal=shop.deal, user=buyer)[0]
    for _ in range(2):
        assert voucher_redeem(counter=_counter(shop), code=voucher.plain_code).ok
    voucher.refresh_from_db()
    voucher_refund_by_buyer(voucher=voucher, buyer=buyer)
    refund = StripeRefund.objects.get()
    assert refund.amount == Decimal("72.00")  # 8 unused uses of 10, of 90.00
    assert stripe_client().v1.refunds.retrieve(refund.stripe_refund_id).amount == \
        to_minor_units(Decimal("72.00"), "EUR")
    assert Voucher.objects.get(pk=voucher.pk).status == "refunded"


# --- bookings at the counter -----------------------------------------------------------------

def test_a_booked_voucher_is_redeemed_for_its_slot_within_the_tolerance():
    shop = bookable_shop_make(quantity=1)
    voucher = shop.vouchers[0]
    booking = voucher_book(voucher=voucher, location_id=shop.store.pk, starts_at=this_hour(),
                           now=this_hour() - timedelta(minutes=1))
    outcome = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert outcome.ok, outcome.refusal
    assert outcome.redemptions[0].booking_id == booking.pk
    assert Booking.objects.get(pk=booking.pk).status == "attended"


def test_a_voucher_booked_for_another_time_is_refused_naming_its_slot():
    shop = bookable_shop_make(quantity=2)
    later, unbooked = shop.vouchers
    booking = voucher_book(voucher=later, location_id=shop.store.pk, starts_at=next_hour(3))
    refused = voucher_redeem(counter=_counter(shop), code=later.plain_code)
    assert refused.refusal.code == "booked_for_another_time"
    assert refused.refusal.detail["booking"]["id"] == booking.pk
    assert datetime.fromisoformat(refused.refusal.detail["booking"]["starts_at"]) == next_hour(3)
    none = voucher_redeem(counter=_counter(shop), code=unbooked.plain_code)
    assert none.refusal.code == "not_booked_now"
    assert not Redemption.objects.exists()
