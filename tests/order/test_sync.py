"""The order follows its payment's truth: refunds made at Stripe, refunds known before the
vouchers existed, money that arrives after the order was given up."""
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import timezone

from marketplace.core.order_status import CANCELLED, PAID
from marketplace.deals.services import OptionSpec
from marketplace.order.sync import order_sync_with_stripe, orders_sync_overdue
from marketplace.payments.gateway import stripe_client
from marketplace.payments.models import PaymentAttempt, StripeRefund
from tests.factories import DealFactory
from tests.factories.checkout import THREE_D_SECURE, buy
from tests.payments.conftest import intent_dict
from vouchers.models import Voucher
from vouchers.services import vouchers_issue_for_order

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _deal():
    return DealFactory(options=[OptionSpec("Yoga", Decimal("30.00"), Decimal("50.00"), 20)])


def _statuses(order) -> list[str]:
    return list(Voucher.objects.filter(order_line__order=order).order_by("pk")
                .values_list("status", flat=True))


def test_a_refund_at_stripe_naming_no_voucher_voids_the_vouchers_it_no_longer_pays_for():
    outcome, order = buy(deal=_deal(), quantity=3)
    vouchers_issue_for_order(order_id=order.pk)
    stripe_client().v1.refunds.create(params={"charge": order.payment_attempt.charge_id,
                                              "amount": 1000})  # 10.00 of 90.00 back
    order_sync_with_stripe(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == PAID  # 80.00 kept pays for two vouchers of 30.00, not three
    assert _statuses(order) == ["issued", "issued", "void"]
    assert StripeRefund.objects.get(attempt__order=order).amount == Decimal("10.00")
    order_sync_with_stripe(order_id=order.pk)  # the same truth again changes nothing
    assert _statuses(order) == ["issued", "issued", "void"]


def test_vouchers_issued_after_a_refund_was_known_follow_it():
    outcome, order = buy(deal=_deal(), quantity=2, card=THREE_D_SECURE)
    intent_id = order.payment_attempt.payment_intent_id
    requests.post(f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate",
                  params={"success": "true"}, timeout=30,
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY,
                        "client_secret": outcome.client_secret}).raise_for_status()
    stripe_client().v1.refunds.create(params={"payment_intent": intent_id, "amount": 3000})
    assert order_sync_with_stripe(order_id=order.pk).succeeded  # paid, one unit refunded already
    vouchers_issue_for_order(order_id=order.pk)  # what the worker does after the commit
    assert _statuses(order) == ["issued", "void"]


def test_money_that_arrives_after_the_order_was_given_up_goes_back(post_event):
    deal = _deal()
    outcome, order = buy(deal=deal, quantity=2, card=THREE_D_SECURE)
    intent_id = order.payment_attempt.payment_intent_id
    # The request that created the intent died before recording it; the buyer is at the bank.
    PaymentAttempt.objects.filter(order=order).update(
        payment_intent_id=None, status=PaymentAttempt.Status.RESERVED,
        updated_at=timezone.now() - timedelta(hours=1))
    assert orders_sync_overdue() == 1
    order.refresh_from_db()
    assert order.status == CANCELLED
    assert deal.options.get().product.stockrecords.get().num_allocated == 0
    requests.post(f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate",
                  params={"success": "true"}, timeout=30,
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY,
                        "client_secret": outcome.client_secret}).raise_for_status()
    response = post_event("payment_intent.succeeded", intent_dict(intent_id))  # names the attempt
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == CANCELLED and not Voucher.objects.filter(order_line__order=order).exists()
    charge = stripe_client().v1.payment_intents.retrieve(intent_id).latest_charge
    refunds = stripe_client().v1.refunds.list(
        params={"charge": charge if isinstance(charge, str) else charge.id}).data
    assert [r.amount for r in refunds] == [6000]  # all of it, once
    assert StripeRefund.objects.get(attempt__order=order).amount == Decimal("60.00")


def test_only_the_lifecycle_table_changes_an_order_status():
    callers = [str(path.relative_to(ROOT)) for folder in ("marketplace", "vouchers", "merchants", "search")
               for path in (ROOT / folder).rglob("*.py") if ".set_status(" in path.read_text()]
    assert callers == ["marketplace/order/lifecycle.py"]
