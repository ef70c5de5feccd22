"""The Stripe webhook: signature checked on the raw body, each event applied exactly once."""
import random
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from django.db import connections
from django.test import Client
from oscar.core.loading import get_model

from marketplace.deals.services import OptionSpec
from marketplace.payments.models import PaymentAttempt, StripeEvent
from tests.conftest import wait_until
from tests.factories import DealFactory
from tests.factories.checkout import THREE_D_SECURE, buy
from vouchers.models import Voucher

from .conftest import intent_dict, signed_event

Source = get_model("payment", "Source")


def _deal(units=20):
    return DealFactory(options=[OptionSpec("Tasting menu", Decimal("45.00"), Decimal("90.00"), units)])


def _authenticate_at_bank(client_secret: str):
    intent_id = client_secret.split("_secret_")[0]
    requests.post(f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate",
                  params={"success": "true"}, timeout=10,
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": client_secret},
                  ).raise_for_status()
    return intent_id


@pytest.mark.django_db
def test_bad_or_missing_signature_is_a_400_and_changes_nothing(client):
    deal = _deal()
    outcome, order = buy(deal=deal, card=THREE_D_SECURE)
    intent_id = _authenticate_at_bank(outcome.client_secret)
    payload, header = signed_event("payment_intent.succeeded", intent_dict(intent_id),
                                   secret="whsec_forged")
    url = "/payments/stripe/webhook/"
    assert client.post(url, data=payload, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=header).status_code == 400
    assert client.post(url, data=payload, content_type="application/json").status_code == 400
    good_payload, good_header = signed_event("payment_intent.succeeded", intent_dict(intent_id))
    tampered = good_payload.replace(b'"livemode": false', b'"livemode": true')
    assert client.post(url, data=tampered, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=good_header).status_code == 400
    assert not StripeEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == "Pending payment"


@pytest.mark.django_db
def test_webhook_alone_finishes_the_order_when_the_browser_never_comes_back(post_event):
    outcome, order = buy(deal=_deal(), quantity=2, card=THREE_D_SECURE)
    intent_id = _authenticate_at_bank(outcome.client_secret)
    response = post_event("payment_intent.succeeded", intent_dict(intent_id))
    assert response.status_code == 200 and b"succeeded" in response.content
    order.refresh_from_db()
    assert order.status == "Paid"
    assert Source.objects.get(order=order).reference == intent_id


@pytest.mark.django_db
def test_duplicate_event_id_is_recognised_and_ignored(post_event):
    outcome, order = buy(deal=_deal(), card=THREE_D_SECURE)
    intent_id = _authenticate_at_bank(outcome.client_secret)
    first = post_event("payment_intent.succeeded", intent_dict(intent_id), event_id="evt_dup_1")
    again = post_event("payment_intent.succeeded", intent_dict(intent_id), event_id="evt_dup_1")
    assert first.status_code == again.status_code == 200
    assert again.content == b"duplicate"
    assert Source.objects.filter(order=order).count() == 1


@pytest.mark.django_db
def test_stale_failure_event_after_success_changes_nothing(post_event):
    outcome, order = buy(deal=_deal(), card=THREE_D_SECURE)
    stale = intent_dict(outcome.client_secret.split("_secret_")[0])  # requires_action snapshot
    intent_id = _authenticate_at_bank(outcome.client_secret)
    post_event("payment_intent.succeeded", intent_dict(intent_id))
    post_event("payment_intent.payment_failed", stale)
    post_event("payment_intent.canceled", stale)
    order.refresh_from_db()
    assert order.status == "Paid"
    assert order.payment_attempt.status == PaymentAttempt.Status.SUCCEEDED


@pytest.mark.django_db
def test_full_refund_made_at_stripe_voids_the_vouchers(post_event):
    from vouchers.services import vouchers_issue_for_order

    outcome, order = buy(deal=_deal(), quantity=2)
    vouchers_issue_for_order(order_id=order.pk)
    from marketplace.payments.gateway import stripe_client

    client = stripe_client()
    charge_id = order.payment_attempt.charge_id
    client.v1.refunds.create(params={"charge": charge_id})
    response = post_event("charge.refunded", client.v1.charges.retrieve(charge_id).to_dict())
    assert response.status_code == 200
    assert set(Voucher.objects.filter(order_line__order=order).values_list("status", flat=True)) \
        == {Voucher.Status.VOID}
    order.refresh_from_db()
    assert order.status == "Refunded"
    assert order.payment_attempt.refunds.count() == 1


@pytest.mark.worker
def test_storm_of_duplicated_and_reordered_webhooks_issues_one_set_of_vouchers(celery_worker):
    outcome, order = buy(deal=_deal(), quantity=3, card=THREE_D_SECURE)
    intent_id = outcome.client_secret.split("_secret_")[0]
    stale = intent_dict(intent_id)
    _authenticate_at_bank(outcome.client_secret)
    paid = intent_dict(intent_id)
    events = []
    for n in range(4):
        events += [signed_event("payment_intent.succeeded", paid, event_id=f"evt_ok_{n}")] * 3
        events += [signed_event("payment_intent.payment_failed", stale, event_id=f"evt_ko_{n}")] * 2
        events += [signed_event("payment_intent.processing", stale, event_id=f"evt_pr_{n}")]
    random.Random(7).shuffle(events)

    def deliver(event):
        payload, header = event
        try:
            return Client().post("/payments/stripe/webhook/", data=payload,
                                 content_type="application/json",
                                 HTTP_STRIPE_SIGNATURE=header).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(deliver, events))
    assert set(codes) == {200}
    assert StripeEvent.objects.count() == 12
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 3, timeout=30)
    order.refresh_from_db()
    assert order.status == "Paid"
    assert Source.objects.filter(order=order).count() == 1
    assert Voucher.objects.filter(order_line__order=order).count() == 3
