"""Reserving units: every refusal is clear and changes nothing; limits hold under concurrency."""
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.checkout.error_codes import CheckoutErrorCode, CheckoutRefused
from marketplace.checkout.services import checkout_place_order, order_reserve
from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, UserFactory
from tests.conftest import wait_until
from tests.factories.checkout import basket_with, buy, card_payment_method
from vouchers.delivery import GiftSpec
from vouchers.models import Voucher

Order = get_model("order", "Order")


def _deal(units=10, **kwargs):
    return DealFactory(options=[OptionSpec("Spa day", Decimal("25.00"), Decimal("50.00"), units)],
                       **kwargs)


def _allocated(deal):
    return deal.options.get().product.stockrecords.get().num_allocated


def _refusal(**kwargs) -> CheckoutRefused:
    with pytest.raises(CheckoutRefused) as info:
        order_reserve(**kwargs)
    return info.value


@pytest.mark.django_db
class TestRefusals:
    def test_quantity_zero_or_huge_is_refused_and_reserves_nothing(self):
        deal = _deal()
        for quantity in (0, 10_000):  # negative ones cannot even be stored in a basket line
            refusal = _refusal(basket=basket_with(deal=deal, quantity=quantity),
                               guest_email="a@example.com")
            assert refusal.code == CheckoutErrorCode.INVALID_QUANTITY
        assert _allocated(deal) == 0 and not Order.objects.exists()

    def test_more_units_than_left_says_how_many_are_left(self):
        deal = _deal(units=3)
        refusal = _refusal(basket=basket_with(deal=deal, quantity=4), guest_email="a@example.com")
        assert refusal.code == CheckoutErrorCode.NOT_ENOUGH_UNITS and "Only 3" in refusal.message
        assert _allocated(deal) == 0

    def test_deal_that_ended_during_checkout_is_refused(self):
        deal = _deal()
        basket = basket_with(deal=deal)
        deal.sale_ends_at = timezone.now() - timedelta(seconds=1)
        deal.sale_starts_at = timezone.now() - timedelta(days=2)
        deal.save()
        refusal = _refusal(basket=basket, guest_email="a@example.com")
        assert refusal.code == CheckoutErrorCode.DEAL_ENDED and "not charged" in refusal.message

    def test_deal_not_approved_cannot_be_bought(self):
        deal = _deal(live=False)
        refusal = _refusal(basket=basket_with(deal=deal), guest_email="a@example.com")
        assert refusal.code == CheckoutErrorCode.DEAL_NOT_LIVE

    def test_price_changed_or_tampered_total_is_refused_with_the_new_total(self):
        deal = _deal()
        basket = basket_with(deal=deal, quantity=2)
        stockrecord = deal.options.get().product.stockrecords.get()
        stockrecord.price = Decimal("29.00")
        stockrecord.save()
        refusal = _refusal(basket=basket, guest_email="a@example.com",
                           expected_total=Decimal("50.00"))
        assert refusal.code == CheckoutErrorCode.PRICE_CHANGED and "58.00" in refusal.message
        assert _allocated(deal) == 0

    def test_per_customer_limit_counts_earlier_orders_of_the_same_guest_email(self):
        deal = _deal(per_customer_limit=2)
        outcome, _ = buy(deal=deal, quantity=1, email="Ana@Example.com")
        assert outcome.succeeded
        refusal = _refusal(basket=basket_with(deal=deal, quantity=2), guest_email="ana@example.com")
        assert refusal.code == CheckoutErrorCode.CUSTOMER_LIMIT
        assert "you already have 1" in refusal.message
        assert _allocated(deal) == 1

    def test_per_customer_limit_counts_the_account_orders(self):
        deal = _deal(per_customer_limit=1)
        user = UserFactory()
        assert buy(deal=deal, user=user)[0].succeeded
        refusal = _refusal(basket=basket_with(deal=deal, user=user), user=user)
        assert refusal.code == CheckoutErrorCode.CUSTOMER_LIMIT

    def test_a_failed_payment_does_not_count_against_the_limit(self):
        deal = _deal(per_customer_limit=1)
        failed, _ = buy(deal=deal, email="bo@example.com", card="4000000000000341")
        assert failed.status == "failed"
        assert buy(deal=deal, email="bo@example.com")[0].succeeded

    def test_deal_maximum_caps_all_options_together(self):
        deal = DealFactory(max_units=3, options=[
            OptionSpec("A", Decimal("10.00"), Decimal("20.00"), 10),
            OptionSpec("B", Decimal("15.00"), Decimal("30.00"), 10),
        ])
        assert buy(deal=deal, quantity=2, option_index=0)[0].succeeded
        refusal = _refusal(basket=basket_with(deal=deal, quantity=2, option_index=1),
                           guest_email="c@example.com")
        assert refusal.code == CheckoutErrorCode.NOT_ENOUGH_UNITS

    def test_gift_needs_a_recipient_and_a_day_not_in_the_past(self):
        deal = _deal()
        gift = GiftSpec("Rui", "rui@example.com", deliver_on=timezone.now().date() - timedelta(days=1))
        refusal = _refusal(basket=basket_with(deal=deal), guest_email="a@example.com", gift=gift)
        assert refusal.code == CheckoutErrorCode.INVALID_GIFT

    def test_guest_without_email_is_refused(self):
        refusal = _refusal(basket=basket_with(deal=_deal()), guest_email="")
        assert refusal.code == CheckoutErrorCode.EMAIL_REQUIRED


def _race(deal, buyers: int, *, email_for=lambda i: f"buyer{i}@example.com", quantity=1,
          parallel: int = 16):
    """``buyers`` checkouts at once on ``parallel`` threads, each thread with its own connection."""
    baskets = [basket_with(deal=deal, quantity=quantity) for _ in range(buyers)]
    methods = [card_payment_method() for _ in range(8)]

    def run(i):
        try:
            return checkout_place_order(basket=baskets[i], guest_email=email_for(i),
                                        payment_method_id=methods[i % len(methods)]).status
        except CheckoutRefused as refusal:
            return str(refusal.code)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        return list(pool.map(run, range(buyers)))


@pytest.mark.worker
def test_two_hundred_concurrent_checkouts_for_a_hundred_units_sell_exactly_a_hundred(celery_worker):
    deal = _deal(units=100)
    results = _race(deal, 200)
    assert results.count("succeeded") == 100
    assert results.count(str(CheckoutErrorCode.SOLD_OUT)) == 100
    assert _allocated(deal) == 100
    assert Order.objects.filter(status="Paid").count() == 100
    wait_until(lambda: Voucher.objects.filter(deal=deal).count() >= 100, timeout=60)
    assert Voucher.objects.filter(deal=deal).count() == 100


@pytest.mark.worker
def test_concurrent_checkouts_of_one_customer_never_exceed_the_limit(celery_worker):
    deal = _deal(units=50, per_customer_limit=2)
    results = _race(deal, 12, email_for=lambda i: "same@example.com")
    assert results.count("succeeded") == 2
    assert results.count(str(CheckoutErrorCode.CUSTOMER_LIMIT)) == 10
    assert _allocated(deal) == 2


@pytest.mark.django_db
def test_a_basket_already_being_paid_cannot_be_reserved_twice():
    deal = _deal()
    basket = basket_with(deal=deal)
    order_reserve(basket=basket, guest_email="a@example.com")
    refusal = _refusal(basket=basket, guest_email="a@example.com")
    assert refusal.code == CheckoutErrorCode.BASKET_IN_PAYMENT
    assert _allocated(deal) == 1 and Order.objects.count() == 1
