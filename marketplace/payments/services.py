"""Paying orders with Stripe PaymentIntents, exactly once, whichever of browser and webhook comes first.

One PaymentAttempt per order. Every path that learns something about a PaymentIntent (the
place-order request, the browser coming back from 3-D Secure, a webhook) locks the attempt row
and calls `_apply_intent` with the intent's *current* state as Stripe reports it, so duplicated
or reordered notifications change nothing once the attempt has reached its end state.
"""
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import stripe
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.groupbuy import services as groupbuy

from .error_codes import MESSAGES, PaymentErrorCode
from .gateway import from_minor_units, stripe_client, to_minor_units
from .models import PaymentAttempt, StripeEvent, StripeRefund

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")

STRIPE_SOURCE_TYPE = "Stripe"
ORDER_PAID = "Paid"
ORDER_PAYMENT_FAILED = "Payment failed"
ORDER_CANCELLED = "Cancelled"
ORDER_REFUNDED = "Refunded"

# An open attempt untouched this long was abandoned (the buyer left during 3-D Secure).
ABANDONED_AFTER = timedelta(minutes=30)

# A PaymentMethod from Stripe.js (pm_...) or, with localstripe's Stripe.js, a tokenised card.
PAYMENT_METHOD_ID = re.compile(r"^(pm|card)_[A-Za-z0-9_]{6,200}$")


@dataclass(frozen=True)
class PaymentOutcome:
    status: str  # "succeeded" | "requires_action" | "processing" | "failed"
    order_number: str
    client_secret: str = ""
    code: str = ""
    message: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


class RefundFailed(Exception):
    def __init__(self, code: PaymentErrorCode, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(str(MESSAGES[code]))


def payment_attempt_open(*, order) -> PaymentAttempt:
    """The attempt to pay ``order`` (called by checkout in the transaction that reserves units)."""
    return PaymentAttempt.objects.create(
        order=order, amount=order.total_incl_tax, currency=order.currency
    )


def payment_charge(*, attempt_id: int, payment_method_id: str) -> PaymentOutcome:
    """Create and confirm the PaymentIntent of an attempt with the buyer's PaymentMethod.

    Idempotent per attempt: a second call (double click, retry after a timeout) finds the intent
    already created and reports its state instead of charging again.
    """
    with transaction.atomic():
        attempt = _locked(attempt_id)
        if attempt.payment_intent_id:
            return _apply_intent(attempt, _retrieve_intent(attempt.payment_intent_id))
        if not attempt.is_open:
            return _outcome(attempt)
        if not PAYMENT_METHOD_ID.match(payment_method_id or ""):
            return _fail(attempt, PaymentErrorCode.INVALID_PAYMENT_METHOD)
        # A deal below its minimum: save the card (long sale window) or only authorise it.
        saved = groupbuy.pledge_save_card(attempt=attempt, payment_method_id=payment_method_id)
        if saved is not None:
            return saved
        client = stripe_client()
        try:
            intent = client.v1.payment_intents.create(
                params={
                    "amount": to_minor_units(attempt.amount, attempt.currency),
                    "currency": attempt.currency.lower(),
                    "payment_method": payment_method_id,
                    "payment_method_types": ["card"],
                    "confirm": True,
                    "metadata": {"order_number": attempt.order.number,
                                 "attempt_id": str(attempt.pk)},
                    **groupbuy.intent_params(order=attempt.order),
                },
                options={"idempotency_key": f"pi-create-{attempt.idempotency_key}"},
            )
        except stripe.CardError as exc:
            attempt.payment_method_id = payment_method_id
            attempt.payment_intent_id = _intent_id_of_card_error(client, exc)
            attempt.charge_id = (getattr(exc.error, "charge", None) or "")
            return _fail(attempt, PaymentErrorCode.CARD_DECLINED, detail=exc.user_message or "")
        except stripe.StripeError as exc:
            logger.warning("Stripe refused or failed for attempt %s: %s", attempt.pk, exc)
            # Nothing is known to be charged; if a charge happened anyway, its webhook refunds it.
            return _fail(attempt, PaymentErrorCode.PROCESSOR_UNAVAILABLE, detail=str(exc))
        attempt.payment_method_id = payment_method_id
        attempt.payment_intent_id = intent.id
        attempt.save(update_fields=["payment_method_id", "payment_intent_id", "updated_at"])
        return _apply_intent(attempt, intent)


def payment_sync(*, attempt_id: int) -> PaymentOutcome:
    """Bring an attempt up to date with its PaymentIntent (the browser is back from 3-D Secure)."""
    with transaction.atomic():
        attempt = _locked(attempt_id)
        if not attempt.payment_intent_id:
            return _outcome(attempt)
        return _apply_intent(attempt, _retrieve_intent(attempt.payment_intent_id))


def payment_attempts_expire(*, older_than: timedelta = ABANDONED_AFTER) -> int:
    """Close attempts the buyer abandoned (e.g. left during 3-D Secure): the units go back on sale.

    Stripe has the last word: an intent that succeeded meanwhile is applied as paid; any other
    is cancelled at Stripe first, so it can no longer take money. Run by Celery beat.
    """
    cutoff = timezone.now() - older_than
    # Group-buy pledges stay open for days on purpose: their own rules release them.
    stale = list(PaymentAttempt.objects.filter(status__in=PaymentAttempt.OPEN, updated_at__lt=cutoff,
                                               pledge__isnull=True)
                 .values_list("pk", flat=True))
    closed = 0
    for attempt_id in stale:
        with transaction.atomic():
            attempt = _locked(attempt_id)
            if not attempt.is_open:
                continue
            if attempt.payment_intent_id:
                try:
                    intent = stripe_client().v1.payment_intents.cancel(attempt.payment_intent_id)
                except stripe.StripeError:
                    intent = _retrieve_intent(attempt.payment_intent_id)  # e.g. paid meanwhile
                if _apply_intent(attempt, intent).status != "failed":
                    continue
            else:
                _fail(attempt, PaymentErrorCode.PAYMENT_CANCELED,
                      final_status=PaymentAttempt.Status.CANCELED)
            closed += 1
    return closed


def payment_refund(*, attempt: PaymentAttempt, amount: Decimal, key: str, reason: str = "",
                   metadata: dict | None = None) -> StripeRefund:
    """Refund ``amount`` of a paid attempt at Stripe, at most once per ``key``.

    Runs in the caller's transaction (which holds the lock on what is being refunded). Stripe's
    idempotency key covers retries at Stripe; looking for a refund with our key in its metadata
    covers processors that ignore idempotency keys (localstripe).
    """
    existing = StripeRefund.objects.filter(key=key).first()
    if existing:
        return existing
    if attempt.status != PaymentAttempt.Status.SUCCEEDED or not attempt.charge_id:
        raise RefundFailed(PaymentErrorCode.NOT_REFUNDABLE, "the order is not paid")
    client = stripe_client()
    try:
        refund = _find_refund(client, attempt.charge_id, key) or client.v1.refunds.create(
            params={"charge": attempt.charge_id,
                    "amount": to_minor_units(amount, attempt.currency),
                    "metadata": {"key": key, **(metadata or {})}},
            options={"idempotency_key": f"refund-{key}"},
        )
    except stripe.StripeError as exc:
        logger.warning("Refund %s of attempt %s failed: %s", key, attempt.pk, exc)
        raise RefundFailed(PaymentErrorCode.REFUND_FAILED, str(exc)) from exc
    if refund.status not in ("succeeded", "pending"):
        raise RefundFailed(PaymentErrorCode.REFUND_FAILED, f"refund status {refund.status}")
    return _record_refund(attempt, refund, key=key, reason=reason)


def stripe_event_handle(*, event: dict) -> str:
    """Apply one verified webhook event, once. Returns what happened (for the log and the tests)."""
    obj = event["data"]["object"]
    with transaction.atomic():
        _, created = StripeEvent.objects.get_or_create(
            event_id=event["id"],
            defaults={"type": event["type"], "object_id": obj.get("id", "")},
        )
        if not created:
            return "duplicate"
        if event["type"].startswith("payment_intent."):
            outcome = _handle_intent_event(obj)
        elif event["type"] in ("charge.refunded", "charge.refund.updated"):
            outcome = _handle_charge_refunded(obj)
        else:
            outcome = "ignored"
        StripeEvent.objects.filter(event_id=event["id"]).update(outcome=outcome)
        return outcome


# --- applying what Stripe says ------------------------------------------------------------

def _apply_intent(attempt: PaymentAttempt, intent) -> PaymentOutcome:
    status = intent.status
    if status == "succeeded":
        if attempt.status == PaymentAttempt.Status.SUCCEEDED:
            return _outcome(attempt)
        if attempt.is_open:
            return _succeed(attempt, intent)
        # Paid after we had given up (units released): give the money back at once.
        _refund_orphan(attempt, intent)
        return _outcome(attempt)
    if not attempt.is_open:
        return _outcome(attempt)
    if status == "requires_action":
        attempt.status = PaymentAttempt.Status.REQUIRES_ACTION
        attempt.save(update_fields=["status", "updated_at"])
        return PaymentOutcome("requires_action", attempt.order.number,
                              client_secret=intent.client_secret)
    if status == "requires_capture":  # authorised only: the deal has not tipped yet
        return groupbuy.pledge_authorised(attempt=attempt, intent=intent)
    if status in ("processing", "requires_capture", "requires_confirmation"):
        attempt.status = PaymentAttempt.Status.PROCESSING
        attempt.save(update_fields=["status", "updated_at"])
        return _outcome(attempt)
    if status == "canceled":
        return _fail(attempt, PaymentErrorCode.PAYMENT_CANCELED,
                     final_status=PaymentAttempt.Status.CANCELED)
    # requires_payment_method: declined, or 3-D Secure failed.
    error = intent.last_payment_error
    code = _field(error, "code")
    _cancel_quietly(intent.id)
    if code in ("payment_intent_authentication_failure", "authentication_required"):
        return _fail(attempt, PaymentErrorCode.AUTHENTICATION_FAILED)
    return _fail(attempt, PaymentErrorCode.CARD_DECLINED, detail=_field(error, "message") or "")


def _succeed(attempt: PaymentAttempt, intent) -> PaymentOutcome:
    from vouchers.services import vouchers_issue_schedule

    charge_id = _charge_id(intent)
    attempt.status = PaymentAttempt.Status.SUCCEEDED
    attempt.charge_id = charge_id
    attempt.save(update_fields=["status", "charge_id", "updated_at"])
    order = Order.objects.select_for_update().get(pk=attempt.order_id)
    order.set_status(ORDER_PAID)
    # By the unique code: two first payments at once must not create two source types.
    source_type, _ = SourceType.objects.get_or_create(code="stripe", defaults={"name": STRIPE_SOURCE_TYPE})
    source = Source.objects.create(
        order=order, source_type=source_type, currency=attempt.currency,
        amount_allocated=attempt.amount, amount_debited=attempt.amount,
        reference=intent.id, label=attempt.payment_method_id,
    )
    Transaction.objects.create(source=source, txn_type=Transaction.DEBIT, amount=attempt.amount,
                               reference=charge_id, status="succeeded")
    vouchers_issue_schedule(order=order)
    return _outcome(attempt)


def _fail(attempt: PaymentAttempt, code: PaymentErrorCode, *, detail: str = "",
          final_status: str = PaymentAttempt.Status.FAILED) -> PaymentOutcome:
    from marketplace.checkout.services import order_release

    attempt.status = final_status
    attempt.failure_code = str(code)
    attempt.failure_message = detail[:2000]
    attempt.save()
    order_release(
        order=attempt.order,
        status=ORDER_CANCELLED if final_status == PaymentAttempt.Status.CANCELED
        else ORDER_PAYMENT_FAILED,
    )
    return _outcome(attempt)


def _refund_orphan(attempt: PaymentAttempt, intent) -> None:
    if not attempt.charge_id:
        attempt.charge_id = _charge_id(intent)
        attempt.save(update_fields=["charge_id", "updated_at"])
    client = stripe_client()
    key = f"orphan-{attempt.pk}"
    if StripeRefund.objects.filter(key=key).exists():
        return
    refund = _find_refund(client, attempt.charge_id, key) or client.v1.refunds.create(
        params={"charge": attempt.charge_id, "metadata": {"key": key}},
        options={"idempotency_key": f"refund-{key}"},
    )
    logger.warning("Attempt %s was paid after it had failed: refunded %s", attempt.pk, refund.id)
    StripeRefund.objects.create(
        attempt=attempt, key=key, stripe_refund_id=refund.id,
        amount=from_minor_units(refund.amount, attempt.currency), currency=attempt.currency,
        reason="paid after the checkout had failed",
    )


def _record_refund(attempt: PaymentAttempt, refund, *, key: str, reason: str) -> StripeRefund:
    amount = from_minor_units(refund.amount, attempt.currency)
    record, created = StripeRefund.objects.get_or_create(
        stripe_refund_id=refund.id,
        defaults={"attempt": attempt, "key": key, "amount": amount,
                  "currency": attempt.currency, "reason": reason},
    )
    if created:
        source = Source.objects.filter(order_id=attempt.order_id, reference=attempt.payment_intent_id
                                       ).first()
        if source:
            Transaction.objects.create(source=source, txn_type=Transaction.REFUND, amount=amount,
                                       reference=refund.id, status=refund.status)
            source.amount_refunded += amount
            source.save(update_fields=["amount_refunded"])
    return record


def _handle_intent_event(obj: dict) -> str:
    attempt_id = (obj.get("metadata") or {}).get("attempt_id")
    attempt = PaymentAttempt.objects.filter(payment_intent_id=obj["id"]).first()
    if attempt is None and attempt_id and str(attempt_id).isdigit():
        attempt = PaymentAttempt.objects.filter(pk=int(attempt_id)).first()
    if attempt is None:
        return "unknown payment intent"
    attempt = _locked(attempt.pk)
    if not attempt.payment_intent_id:
        attempt.payment_intent_id = obj["id"]
        attempt.save(update_fields=["payment_intent_id", "updated_at"])
    elif attempt.payment_intent_id != obj["id"]:
        return "intent of another attempt"
    # The event may be stale or out of order: act on the intent as it is now.
    outcome = _apply_intent(attempt, _retrieve_intent(obj["id"]))
    return f"attempt {attempt.pk}: {outcome.status}"


def _handle_charge_refunded(obj: dict) -> str:
    from vouchers.services import vouchers_void_for_order

    attempt = PaymentAttempt.objects.filter(charge_id=obj["id"]).first()
    if attempt is None and obj.get("payment_intent"):
        attempt = PaymentAttempt.objects.filter(payment_intent_id=obj["payment_intent"]).first()
    if attempt is None:
        return "unknown charge"
    attempt = _locked(attempt.pk)
    client = stripe_client()
    charge = client.v1.charges.retrieve(obj["id"])
    known = set(StripeRefund.objects.filter(attempt=attempt).values_list("stripe_refund_id",
                                                                           flat=True))
    new = 0
    for refund in client.v1.refunds.list(params={"charge": obj["id"]}).data:
        if refund.id not in known:
            _record_refund(attempt, refund, key=f"stripe-{refund.id}",
                           reason="refunded at Stripe")
            new += 1
    if charge.refunded:
        # Refunded in full outside our pages: no voucher may stay usable without its money.
        order = Order.objects.select_for_update().get(pk=attempt.order_id)
        vouchers_void_for_order(order=order, reason="payment refunded in full at Stripe")
        if ORDER_REFUNDED in order.available_statuses():
            order.set_status(ORDER_REFUNDED)
    return f"attempt {attempt.pk}: {new} new refund(s)"


# --- helpers ------------------------------------------------------------------------------

def _locked(attempt_id: int) -> PaymentAttempt:
    return PaymentAttempt.objects.select_for_update().select_related("order").get(pk=attempt_id)


def _outcome(attempt: PaymentAttempt) -> PaymentOutcome:
    number = attempt.order.number
    if attempt.status == PaymentAttempt.Status.SUCCEEDED:
        return PaymentOutcome("succeeded", number)
    if attempt.status in (PaymentAttempt.Status.RESERVED, PaymentAttempt.Status.PROCESSING,
                          PaymentAttempt.Status.REQUIRES_ACTION):
        return PaymentOutcome("processing", number)
    code = attempt.failure_code or str(PaymentErrorCode.CARD_DECLINED)
    message = MESSAGES.get(PaymentErrorCode(code), MESSAGES[PaymentErrorCode.CARD_DECLINED])
    return PaymentOutcome("failed", number, code=code, message=str(message))


def _retrieve_intent(intent_id: str):
    return stripe_client().v1.payment_intents.retrieve(intent_id)


def _field(obj, name: str):
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _charge_id(intent) -> str:
    # Real Stripe returns latest_charge as an id; localstripe returns it expanded.
    charge = intent.latest_charge
    if charge is None:
        return ""
    return charge if isinstance(charge, str) else charge.id


def _intent_id_of_card_error(client, exc: stripe.CardError) -> str | None:
    intent = getattr(exc.error, "payment_intent", None)
    if intent:
        return intent if isinstance(intent, str) else intent.get("id")
    charge_id = getattr(exc.error, "charge", None)
    if charge_id:
        try:
            return client.v1.charges.retrieve(charge_id).payment_intent or None
        except stripe.StripeError:
            return None
    return None


def _cancel_quietly(intent_id: str) -> None:
    """Cancel a failed intent so that nobody can complete it later with another card."""
    try:
        stripe_client().v1.payment_intents.cancel(intent_id)
    except stripe.StripeError as exc:
        logger.info("Could not cancel %s: %s", intent_id, exc)


def _find_refund(client, charge_id: str, key: str):
    for refund in client.v1.refunds.list(params={"charge": charge_id}).data:
        if (refund.metadata.to_dict() if refund.metadata else {}).get("key") == key:
            return refund
    return None
