"""Stripe is the truth, whatever the order of its events.

For one payment at a time: each end state Stripe can reach, every order of its events (each
scenario also delivers its first event once more: a duplicate), and every subset of them lost
(only the sweep then sees what is missing); for plain orders and for group-buy pledges. Each
scenario is a real order placed through the real checkout at localstripe and brought to its end
state there; its events carry the objects as Stripe would have sent them at that moment, signed,
posted to the real webhook endpoint. Vouchers are issued by the real worker. Then the order's
status, its vouchers, the refunds recorded and its units are compared with what localstripe
says, once after the webhooks and again after the sweep.
"""
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.checkout.services import checkout_place_order
from marketplace.core.order_status import CANCELLED, PAID, PAYMENT_FAILED, REFUNDED
from marketplace.deals.services import OptionSpec
from marketplace.groupbuy.models import Pledge
from marketplace.order.sync import orders_sync_overdue
from marketplace.payments.gateway import from_minor_units, stripe_client
from marketplace.payments.models import PaymentAttempt, StripeRefund
from tests.conftest import wait_until
from tests.factories import DealFactory
from tests.factories.checkout import THREE_D_SECURE, VISA, basket_with, card_payment_method
from tests.payments.conftest import signed_event
from tests.worker import worker_idle
from vouchers.models import Voucher

pytestmark = pytest.mark.worker

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

PRICE = Decimal("30.00")
UNITS = 2
WEBHOOK = "/payments/stripe/webhook/"


# --- scenarios ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    order: tuple[int, ...]  # the payment's events delivered, by index, in this order
    duplicate: bool = False  # the first one is delivered once more, with the same event id
    intent_known: bool = True  # False: the attempt lost its intent id; only metadata finds it

    def __str__(self):
        lost = "" if self.duplicate else " (the rest lost)"
        known = "" if self.intent_known else " (intent known only by its metadata)"
        return f"events {list(self.order)}{' + duplicate' if self.duplicate else ''}{lost}{known}"


def deliveries(events: int, *, metadata_only: bool = False) -> list[Delivery]:
    """Every order of the events, each with a duplicate (every other one with the intent known
    only by its metadata, if asked), then every proper subset, in order, the rest never sent."""
    complete = [Delivery(order, duplicate=True, intent_known=not (metadata_only and n % 2))
                for n, order in enumerate(itertools.permutations(range(events)))]
    partial = [Delivery(subset) for size in range(events)
               for subset in itertools.combinations(range(events), size)]
    return complete + partial


@dataclass
class Payment:
    """One order and its payment at localstripe, with the events Stripe sent on the way."""

    order: object
    intent_id: str = ""
    events: dict = field(default_factory=dict)  # event type -> object as sent
    delivery: Delivery | None = None

    def snapshot(self, event_type: str, obj: dict) -> None:
        self.events[event_type] = obj


def deliver(payment: Payment, types: list[str], delivery: Delivery) -> None:
    payment.delivery = delivery
    ids = {t: f"evt_{uuid.uuid4().hex[:24]}" for t in types}
    sent = [types[i] for i in delivery.order]
    if delivery.duplicate:
        sent.append(sent[0])
    http = Client()
    for n, event_type in enumerate(sent):
        payload, header = signed_event(event_type, payment.events[event_type], event_id=ids[event_type])
        response = http.post(WEBHOOK, data=payload, content_type="application/json",
                             HTTP_STRIPE_SIGNATURE=header)
        assert response.status_code == 200, (delivery, event_type, response.content)
        if n == len(delivery.order):
            assert response.content == b"duplicate", (delivery, response.content)


# --- at localstripe -------------------------------------------------------------------------

def intent(intent_id: str) -> dict:
    return stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()


def charge_of(intent_id: str) -> dict:
    latest = intent(intent_id)["latest_charge"]
    return stripe_client().v1.charges.retrieve(latest if isinstance(latest, str) else latest["id"]).to_dict()


def authenticate(intent_id: str, *, success: bool) -> None:
    """What localstripe's Stripe.js does when the buyer completes (or fails) 3-D Secure."""
    requests.post(f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate",
                  params={"success": "true" if success else "false"},
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY,
                        "client_secret": intent(intent_id)["client_secret"]},
                  timeout=30).raise_for_status()


def refund_at_stripe(intent_id: str, amount: Decimal | None = None) -> None:
    """A refund made in Stripe's dashboard: no metadata of ours."""
    params = {"charge": charge_of(intent_id)["id"]}
    if amount is not None:
        params["amount"] = int(amount * 100)
    stripe_client().v1.refunds.create(params=params)


@dataclass(frozen=True)
class StripeSays:
    status: str  # the order status localstripe's state of the payment calls for
    kept: Decimal
    refunds: frozenset


def stripe_says(intent_id: str, *, pledge: bool = False) -> StripeSays:
    """Read back from localstripe, independently of the code under test."""
    pi = intent(intent_id)
    charge = charge_of(intent_id) if pi.get("latest_charge") else None
    refunds = frozenset()
    captured = Decimal("0")
    if charge:
        listed = stripe_client().v1.refunds.list(params={"charge": charge["id"], "limit": 100})
        refunds = frozenset((r.id, from_minor_units(r.amount, "EUR")) for r in listed.auto_paging_iter())
        if charge["status"] == "succeeded" and charge["captured"]:
            captured = from_minor_units(charge["amount"], "EUR")
    kept = captured - sum((amount for _, amount in refunds), Decimal("0"))
    if pi["status"] == "succeeded":
        status = REFUNDED if kept == 0 else PAID
    elif pledge or (pi["status"] == "canceled" and not pi.get("last_payment_error")):
        status = CANCELLED  # a pledge ending unpaid cancels its order, as does a cancelled intent
    else:
        status = PAYMENT_FAILED
    return StripeSays(status, kept, refunds)


def assert_follows_stripe(payment: Payment, *, pledge_status: str | None = None) -> None:
    says = stripe_says(payment.intent_id, pledge=pledge_status is not None)
    order = Order.objects.get(pk=payment.order.pk)
    where = (str(payment.delivery), order.number, says)
    assert order.status == says.status, where
    vouchers = Voucher.objects.filter(order_line__order=order)
    usable = vouchers.filter(status=Voucher.Status.ISSUED).count()
    if says.status == PAID:
        assert vouchers.count() == UNITS, where
        assert usable == int(says.kept // PRICE), where
    else:
        assert usable == 0, where
    recorded = frozenset(StripeRefund.objects.filter(attempt__order=order)
                         .values_list("stripe_refund_id", "amount"))
    assert recorded == says.refunds, where
    holds_units = says.status in (PAID, REFUNDED)
    assert order.lines.get().num_allocated == (UNITS if holds_units else 0), where
    if pledge_status is not None:
        assert Pledge.objects.get(attempt__order=order).status == pledge_status, where


def run_and_check(payments: list[Payment], types: list[str], **expect) -> None:
    """Deliver each payment's events as its scenario says; check the complete deliveries; sweep
    (a day later); check every payment; check the stock agrees with the orders."""
    for payment in payments:
        deliver(payment, types, payment.delivery)
    wait_until(worker_idle, timeout=90, interval=0.5)
    for payment in payments:
        if len(payment.delivery.order) == len(types):
            assert_follows_stripe(payment, **expect)
    orders_sync_overdue(now=timezone.now() + timedelta(days=1))
    wait_until(worker_idle, timeout=90, interval=0.5)
    for payment in payments:
        assert_follows_stripe(payment, **expect)
    deal_product = payments[0].order.lines.get().product
    lines = sum(Order.objects.get(pk=p.order.pk).lines.get().num_allocated for p in payments)
    assert StockRecord.objects.get(product=deal_product).num_allocated == lines


# --- plain orders ---------------------------------------------------------------------------

def plain_deal():
    return DealFactory(options=[OptionSpec("Tasting menu", PRICE, Decimal("60.00"), 100)])


def placed(deal, card: str, *, expect: str):
    """An order placed through the real checkout; ``expect``: what the payment step answers."""
    outcome = checkout_place_order(basket=basket_with(deal=deal, quantity=UNITS),
                                   payment_method_id=card,
                                   guest_email=f"b{uuid.uuid4().hex[:8]}@example.com")
    assert outcome.status == expect, outcome
    return Order.objects.get(number=outcome.order_number)


def three_d_secure_order(deal, card: str, delivery: Delivery) -> Payment:
    """The bank asks for 3-D Secure: the order waits."""
    order = placed(deal, card, expect="requires_action")
    payment = Payment(order, order.payment_attempt.payment_intent_id, delivery=delivery)
    payment.snapshot("payment_intent.requires_action", intent(payment.intent_id))
    return payment


def forget_intent(payment: Payment) -> None:
    """As if the request that created the intent died before saving anything."""
    PaymentAttempt.objects.filter(order=payment.order).update(
        payment_intent_id=None, charge_id="", status=PaymentAttempt.Status.RESERVED, synced_at=None)


PLAIN_END_STATES = {
    # end state: the events Stripe sends for it (those delivered in every order)
    "succeeded": ["payment_intent.succeeded", "charge.succeeded"],
    "partly refunded": ["payment_intent.succeeded", "charge.succeeded", "charge.refunded"],
    "refunded in full": ["payment_intent.succeeded", "charge.succeeded", "charge.refunded"],
    "payment failed": ["payment_intent.requires_action", "payment_intent.payment_failed"],
    "canceled": ["payment_intent.requires_action", "payment_intent.canceled"],
}


def plain_payment(deal, card: str, end: str, delivery: Delivery) -> Payment:
    payment = three_d_secure_order(deal, card, delivery)
    pi = payment.intent_id
    if end == "canceled":  # e.g. by staff in Stripe's dashboard
        stripe_client().v1.payment_intents.cancel(pi)
        payment.snapshot("payment_intent.canceled", intent(pi))
    elif end == "payment failed":
        authenticate(pi, success=False)
        payment.snapshot("payment_intent.payment_failed", intent(pi))
    else:
        authenticate(pi, success=True)  # the buyer never comes back to the shop
        payment.snapshot("payment_intent.succeeded", intent(pi))
        payment.snapshot("charge.succeeded", charge_of(pi))
        if end != "succeeded":
            refund_at_stripe(pi, PRICE if end == "partly refunded" else None)
            payment.snapshot("charge.refunded", charge_of(pi))
    if not delivery.intent_known:
        forget_intent(payment)
    return payment


@pytest.mark.parametrize("end", list(PLAIN_END_STATES))
def test_plain_order_follows_stripe_whatever_the_order_of_events(end, celery_worker):
    deal, card = plain_deal(), card_payment_method(THREE_D_SECURE)
    types = PLAIN_END_STATES[end]
    scenarios = deliveries(len(types), metadata_only=end == "refunded in full")
    payments = [plain_payment(deal, card, end, delivery) for delivery in scenarios]
    run_and_check(payments, types)


# --- group-buy pledges ----------------------------------------------------------------------

def group_deal(*, days: int):
    now = timezone.now()
    return DealFactory(min_buyers=100, sale_starts_at=now - timedelta(hours=1),  # never tips here
                       sale_ends_at=now + timedelta(days=days),
                       options=[OptionSpec("Group class", PRICE, Decimal("60.00"), 100)])


def pledged_order(deal, card: str, delivery: Delivery) -> Payment:
    """The card is authorised (or saved) toward the deal's minimum: the order waits."""
    order = placed(deal, card, expect="processing")
    assert Pledge.objects.get(attempt__order=order).status == Pledge.Status.HELD
    return Payment(order, order.payment_attempt.payment_intent_id or "", delivery=delivery)


PLEDGE_END_STATES = {
    "authorised, captured, refunded": ["payment_intent.succeeded", "charge.captured", "charge.refunded"],
    "authorised, canceled": ["payment_intent.amount_capturable_updated", "payment_intent.canceled"],
    "saved card, charged": ["payment_intent.succeeded", "charge.succeeded"],
}


def pledge_payment(end: str, deal, card: str, delivery: Delivery) -> Payment:
    payment = pledged_order(deal, card, delivery)
    client = stripe_client()
    if end == "saved card, charged":
        # What the settle does when the deal tips; it died before recording the intent.
        pledge = Pledge.objects.get(attempt__order=payment.order)
        attempt = pledge.attempt
        charged = client.v1.payment_intents.create(params={
            "amount": int(PRICE * UNITS * 100), "currency": "eur", "customer": pledge.customer_id,
            "payment_method": pledge.payment_method_id, "payment_method_types": ["card"],
            "confirm": True, "off_session": True,
            "metadata": {"order_number": payment.order.number, "attempt_id": str(attempt.pk),
                         "pledge_id": str(pledge.pk)}})
        payment.intent_id = charged.id
        if delivery.intent_known:
            PaymentAttempt.objects.filter(pk=attempt.pk).update(payment_intent_id=charged.id)
        payment.snapshot("payment_intent.succeeded", intent(charged.id))
        payment.snapshot("charge.succeeded", charge_of(charged.id))
        return payment
    pi = payment.intent_id
    if end == "authorised, canceled":
        payment.snapshot("payment_intent.amount_capturable_updated", intent(pi))
        client.v1.payment_intents.cancel(pi)
        payment.snapshot("payment_intent.canceled", intent(pi))
        return payment
    client.v1.payment_intents.capture(pi)  # the settle captured, then died before recording
    payment.snapshot("payment_intent.succeeded", intent(pi))
    payment.snapshot("charge.captured", charge_of(pi))
    refund_at_stripe(pi)
    payment.snapshot("charge.refunded", charge_of(pi))
    return payment


PLEDGE_ENDS_AS = {"authorised, captured, refunded": Pledge.Status.PAID,
                  "authorised, canceled": Pledge.Status.CANCELLED,
                  "saved card, charged": Pledge.Status.PAID}


@pytest.mark.parametrize("end", list(PLEDGE_END_STATES))
def test_group_buy_pledge_follows_stripe_whatever_the_order_of_events(end, celery_worker):
    deal = group_deal(days=20 if end == "saved card, charged" else 3)
    card = card_payment_method(VISA)
    types = PLEDGE_END_STATES[end]
    scenarios = deliveries(len(types), metadata_only=end == "saved card, charged")
    payments = [pledge_payment(end, deal, card, delivery) for delivery in scenarios]
    run_and_check(payments, types, pledge_status=PLEDGE_ENDS_AS[end])
