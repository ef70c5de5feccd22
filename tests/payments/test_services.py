"""Paying through localstripe with the real stripe client: ids recorded, failures release units."""
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from oscar.core.loading import get_model

from marketplace.checkout.services import checkout_pay
from marketplace.deals.services import OptionSpec
from marketplace.order.sync import order_sync_with_stripe
from marketplace.payments.models import PaymentAttempt
from tests.factories import DealFactory
from tests.factories.checkout import (DECLINED_ON_CHARGE, THREE_D_SECURE, buy,
                                      card_payment_method)

pytestmark = pytest.mark.django_db

Source = get_model("payment", "Source")
Transaction = get_model("payment", "Transaction")


def _deal(units=10, price="39.00"):
    return DealFactory(options=[OptionSpec("Dinner for 2", Decimal(price), Decimal("70.00"), units)])


def _stock(deal):
    return deal.options.get().product.stockrecords.get()


def _authenticate(outcome, success: bool):
    """What localstripe's Stripe.js does when the buyer completes (or fails) 3-D Secure."""
    intent_id = outcome.client_secret.split("_secret_")[0]
    r = requests.post(f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate",
                      params={"success": "true" if success else "false"},
                      json={"key": settings.STRIPE_PUBLISHABLE_KEY,
                            "client_secret": outcome.client_secret}, timeout=10)
    r.raise_for_status()


def test_paid_order_records_intent_and_charge_ids_on_order_and_source():
    deal = _deal()
    outcome, order = buy(deal=deal, quantity=2)
    assert outcome.status == "succeeded"
    order.refresh_from_db()
    attempt = order.payment_attempt
    assert order.status == "Paid"
    assert attempt.payment_intent_id.startswith("pi_") and attempt.charge_id.startswith("ch_")
    source = Source.objects.get(order=order)
    assert source.source_type.name == "Stripe"
    assert source.reference == attempt.payment_intent_id
    assert source.amount_debited == Decimal("78.00")
    txn = Transaction.objects.get(source=source)
    assert (txn.txn_type, txn.reference, txn.amount) == ("Debit", attempt.charge_id, Decimal("78.00"))
    assert _stock(deal).num_allocated == 2


def test_declined_card_releases_the_units_and_gives_a_clear_message():
    deal = _deal()
    outcome, order = buy(deal=deal, quantity=3, card=DECLINED_ON_CHARGE)
    assert outcome.status == "failed" and outcome.code == "card_declined"
    assert "declined" in outcome.message
    order.refresh_from_db()
    assert order.status == "Payment failed"
    assert order.payment_attempt.status == PaymentAttempt.Status.FAILED
    assert _stock(deal).num_allocated == 0
    assert not Source.objects.filter(order=order).exists()


def test_retry_after_decline_with_another_card_pays_a_new_order():
    deal = _deal()
    failed, first = buy(deal=deal, card=DECLINED_ON_CHARGE, email="ana@example.com")
    paid, second = buy(deal=deal, email="ana@example.com")
    assert failed.status == "failed" and paid.status == "succeeded"
    assert first.number != second.number
    assert _stock(deal).num_allocated == 1


def test_three_d_secure_needs_action_then_pays_when_the_browser_comes_back():
    deal = _deal()
    outcome, order = buy(deal=deal, card=THREE_D_SECURE)
    assert outcome.status == "requires_action" and "_secret_" in outcome.client_secret
    assert _stock(deal).num_allocated == 1  # held while the buyer authenticates
    _authenticate(outcome, success=True)
    synced = order_sync_with_stripe(order_id=order.pk)
    assert synced.status == "succeeded"
    order.refresh_from_db()
    assert order.status == "Paid" and order.payment_attempt.charge_id.startswith("ch_")


def test_failed_three_d_secure_releases_units_with_an_authentication_message():
    deal = _deal()
    outcome, order = buy(deal=deal, quantity=2, card=THREE_D_SECURE)
    _authenticate(outcome, success=False)
    synced = order_sync_with_stripe(order_id=order.pk)
    assert synced.status == "failed" and synced.code == "authentication_failed"
    order.refresh_from_db()
    assert order.status == "Payment failed"
    assert _stock(deal).num_allocated == 0


def test_charging_the_same_attempt_twice_creates_one_payment_intent():
    deal = _deal()
    outcome, order = buy(deal=deal)
    attempt = order.payment_attempt
    again = checkout_pay(order=order, payment_method_id=card_payment_method())
    attempt.refresh_from_db()
    assert again.status == "succeeded"
    assert Source.objects.filter(order=order).count() == 1
    assert PaymentAttempt.objects.filter(order=order).count() == 1


def test_forged_payment_method_id_is_refused_and_units_released():
    deal = _deal()
    from tests.factories.checkout import basket_with
    from marketplace.checkout.services import checkout_place_order

    outcome = checkout_place_order(basket=basket_with(deal=deal), payment_method_id="<script>",
                                   guest_email="x@example.com")
    assert outcome.status == "failed" and outcome.code == "invalid_payment_method"
    assert _stock(deal).num_allocated == 0


def test_abandoned_three_d_secure_attempt_is_cancelled_and_its_units_released():
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.payments.gateway import stripe_client
    from marketplace.order.sync import orders_sync_overdue

    deal = _deal()
    outcome, order = buy(deal=deal, quantity=2, card=THREE_D_SECURE)
    fresh, _ = buy(deal=deal, quantity=1, card=THREE_D_SECURE)
    PaymentAttempt.objects.filter(pk=order.payment_attempt.pk).update(
        updated_at=timezone.now() - timedelta(hours=1))
    assert orders_sync_overdue() == 1
    order.refresh_from_db()
    assert order.status == "Cancelled"
    assert _stock(deal).num_allocated == 1  # only the recent attempt still holds a unit
    intent = stripe_client().v1.payment_intents.retrieve(order.payment_attempt.payment_intent_id)
    assert intent.status == "canceled"


def test_abandoned_attempt_that_was_paid_meanwhile_is_kept_as_paid():
    from datetime import timedelta

    from django.utils import timezone

    from marketplace.order.sync import orders_sync_overdue

    deal = _deal()
    outcome, order = buy(deal=deal, card=THREE_D_SECURE)
    _authenticate(outcome, success=True)  # the browser never came back to tell us
    PaymentAttempt.objects.filter(pk=order.payment_attempt.pk).update(
        updated_at=timezone.now() - timedelta(hours=1))
    assert orders_sync_overdue() == 0
    order.refresh_from_db()
    assert order.status == "Paid" and _stock(deal).num_allocated == 1
