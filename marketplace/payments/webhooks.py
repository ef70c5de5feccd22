"""Stripe's webhook events: the signature checked on the raw body, each event recorded once, and
the payment it concerns found (by intent, by charge, or by the metadata of its intent).

What an event means is never read from the event itself (it may be stale or out of order): the
order package reads the payment's whole truth when an event names it.
"""
import json
import logging
from dataclasses import dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from .gateway import stripe_client
from .models import PaymentAttempt, StripeEvent
from .error_codes import ProcessorUnavailable

logger = logging.getLogger(__name__)

# Stripe objects whose events concern a payment (the others are recorded and ignored).
PAYMENT_OBJECTS = ("payment_intent", "charge", "refund", "dispute")


class WebhookRefused(Exception):
    """Not a genuine Stripe event (bad payload or signature): nothing was recorded."""


@dataclass(frozen=True)
class StripeEventSeen:
    id: str
    type: str
    object: dict

    @property
    def concerns_payment(self) -> bool:
        return self.object.get("object") in PAYMENT_OBJECTS

    @property
    def intent_id(self) -> str:
        if self.object.get("object") == "payment_intent":
            return self.object["id"]
        return _id(self.object.get("payment_intent"))

    @property
    def charge_id(self) -> str:
        if self.object.get("object") == "charge":
            return self.object["id"]
        return _id(self.object.get("charge"))


@dataclass(frozen=True)
class PaymentOfEvent:
    attempt: PaymentAttempt
    intent_id: str  # as the event (or the charge it names) says; may be new to the attempt


def stripe_event_verify(*, payload: bytes, signature: str) -> StripeEventSeen:
    """The event, if Stripe signed this very payload with our endpoint's secret."""
    try:
        stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise WebhookRefused(str(exc)) from exc
    data = json.loads(payload)
    return StripeEventSeen(id=data["id"], type=data["type"], object=data["data"]["object"])


def stripe_event_record(*, event: StripeEventSeen) -> bool:
    """Record the event; False when it was recorded before (a duplicate delivery)."""
    try:
        with transaction.atomic():
            StripeEvent.objects.create(event_id=event.id, type=event.type,
                                       object_id=event.object.get("id", ""))
    except IntegrityError:  # the unique event id: delivered before, or right now in parallel
        return False
    return True


def stripe_event_outcome_set(*, event: StripeEventSeen, outcome: str) -> None:
    StripeEvent.objects.filter(event_id=event.id).update(outcome=outcome[:200])


def payment_attempt_for_event(*, event: StripeEventSeen) -> PaymentOfEvent | None:
    """The attempt the event's payment belongs to, or None (not ours, or not a payment)."""
    if not event.concerns_payment:
        return None
    intent_id = event.intent_id
    attempt = None
    if intent_id:
        attempt = PaymentAttempt.objects.filter(payment_intent_id=intent_id).first()
    if attempt is None and event.charge_id:
        attempt = PaymentAttempt.objects.filter(charge_id=event.charge_id).first()
    if attempt is None:
        # Not stored yet (e.g. the request that created the intent died before saving its id):
        # the intent's metadata names the attempt.
        metadata = event.object.get("metadata") if event.object.get("object") == "payment_intent" \
            else _intent_metadata(intent_id)
        attempt = _attempt_of_metadata(metadata or {})
    if attempt is None:
        return None
    if attempt.payment_intent_id and intent_id and attempt.payment_intent_id != intent_id:
        logger.warning("event %s names intent %s, attempt %s has %s", event.id, intent_id,
                       attempt.pk, attempt.payment_intent_id)
        return None
    return PaymentOfEvent(attempt=attempt, intent_id=intent_id or attempt.payment_intent_id or "")


def _intent_metadata(intent_id: str) -> dict:
    if not intent_id:
        return {}
    try:
        return stripe_client().v1.payment_intents.retrieve(intent_id).to_dict().get("metadata") or {}
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc


def _attempt_of_metadata(metadata: dict) -> PaymentAttempt | None:
    attempt_id = str(metadata.get("attempt_id") or "")
    if attempt_id.isdigit():
        return PaymentAttempt.objects.filter(pk=int(attempt_id)).first()
    if metadata.get("order_number"):
        return PaymentAttempt.objects.filter(order__number=metadata["order_number"]).first()
    return None


def _id(value) -> str:
    if isinstance(value, dict):  # an expanded object
        return value.get("id") or ""
    return value or ""
