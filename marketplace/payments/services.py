"""Moving money at Stripe: the only module that does (the gateway; truth.py and records.py read
and write down what Stripe says).

Knows nothing of vouchers, group buys or order statuses. Each function does one thing at Stripe
(create and confirm a PaymentIntent, save a card, charge it off-session, capture, cancel,
refund), records its direct result on the order's PaymentAttempt and returns. What a payment
means for its order is decided in marketplace/order, from the whole truth of the payment
(truth.payment_truth) written down with records.payment_record.

Every call that changes something at Stripe runs with the attempt's row locked and carries an
idempotency key derived from the attempt, so a double click or a retried task changes nothing
twice.
"""
import logging
import re
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.core.exceptions import ValidationError
from django.db import transaction

from .error_codes import MESSAGES, PaymentErrorCode, ProcessorUnavailable, RefundFailed
from .gateway import stripe_client, to_minor_units
from .models import PaymentAttempt, StripeRefund
from .records import refund_record
from .truth import refund_truth

logger = logging.getLogger(__name__)

# A PaymentMethod from Stripe.js (pm_...) or, with localstripe's Stripe.js, a tokenised card.
PAYMENT_METHOD_ID = re.compile(r"^(pm|card)_[A-Za-z0-9_]{6,200}$")


@dataclass(frozen=True)
class SavedCard:
    customer_id: str
    setup_intent_id: str
    payment_method_id: str


def payment_method_id_validate(value: str) -> None:
    """The card the browser sent is a PaymentMethod id (never card digits): ValidationError if not."""
    if not PAYMENT_METHOD_ID.match(value or ""):
        raise ValidationError(str(MESSAGES[PaymentErrorCode.INVALID_PAYMENT_METHOD]),
                              code=str(PaymentErrorCode.INVALID_PAYMENT_METHOD))


def payment_attempt_open(*, order) -> PaymentAttempt:
    """The attempt to pay ``order`` (called by checkout in the transaction that reserves units)."""
    return PaymentAttempt.objects.create(
        order=order, amount=order.total_incl_tax, currency=order.currency
    )


def payment_attempt_lock(*, order_id: int) -> PaymentAttempt | None:
    """The attempt to pay an order, its row locked (in the caller's transaction)."""
    return (PaymentAttempt.objects.select_for_update().select_related("order")
            .filter(order_id=order_id).first())


# --- taking the money -----------------------------------------------------------------------

def payment_charge(*, attempt_id: int, payment_method_id: str,
                   capture_later: bool = False) -> PaymentAttempt:
    """Create and confirm the PaymentIntent of an attempt with the buyer's PaymentMethod.

    ``capture_later`` only authorises the card (manual capture). Once per attempt: a second call
    (double click, retry after a timeout) finds the intent already created and does nothing.
    """
    with transaction.atomic():
        attempt = _locked(attempt_id)
        if attempt.payment_intent_id or attempt.status != PaymentAttempt.Status.RESERVED:
            return attempt
        try:
            payment_method_id_validate(payment_method_id)
        except ValidationError:
            return _close(attempt, PaymentErrorCode.INVALID_PAYMENT_METHOD)
        params = {
            "amount": to_minor_units(attempt.amount, attempt.currency),
            "currency": attempt.currency.lower(), "payment_method": payment_method_id,
            "payment_method_types": ["card"], "confirm": True, "metadata": _metadata(attempt),
        }
        if capture_later:
            params["capture_method"] = "manual"
        client = stripe_client()
        attempt.payment_method_id = payment_method_id
        try:
            intent = client.v1.payment_intents.create(
                params=params, options={"idempotency_key": f"pi-create-{attempt.idempotency_key}"})
        except stripe.CardError as exc:
            attempt.payment_intent_id = _intent_id_of_card_error(client, exc)
            attempt.charge_id = _error_field(exc, "charge") or ""
            return _close(attempt, PaymentErrorCode.CARD_DECLINED, detail=exc.user_message or "")
        except stripe.StripeError as exc:
            logger.warning("Stripe refused or failed for attempt %s: %s", attempt.pk, exc)
            # Nothing is known to be charged. If a charge happened anyway, its webhook finds the
            # attempt by the intent's metadata and the money goes back (the order has failed).
            return _close(attempt, PaymentErrorCode.PROCESSOR_UNAVAILABLE, detail=str(exc))
        attempt.payment_intent_id = intent.id
        attempt.save(update_fields=["payment_method_id", "payment_intent_id", "updated_at"])
        return attempt


def payment_card_save(*, attempt_id: int, payment_method_id: str) -> SavedCard | None:
    """Save the buyer's card (a Customer and a confirmed off-session SetupIntent) instead of
    charging it now. None when it was not saved: the attempt is then closed with the reason."""
    with transaction.atomic():
        attempt = _locked(attempt_id)
        if attempt.payment_intent_id or attempt.status != PaymentAttempt.Status.RESERVED:
            return None
        try:
            payment_method_id_validate(payment_method_id)
        except ValidationError:
            _close(attempt, PaymentErrorCode.INVALID_PAYMENT_METHOD)
            return None
        client = stripe_client()
        key = attempt.idempotency_key
        attempt.payment_method_id = payment_method_id
        try:
            customer = client.v1.customers.create(
                params={"email": attempt.order.email, "metadata": _metadata(attempt)},
                options={"idempotency_key": f"cus-create-{key}"})
            setup = client.v1.setup_intents.create(
                params={"customer": customer.id, "usage": "off_session",
                        "metadata": _metadata(attempt)},
                options={"idempotency_key": f"seti-create-{key}"})
            setup = client.v1.setup_intents.confirm(
                setup.id, params={"payment_method": payment_method_id},
                options={"idempotency_key": f"seti-confirm-{key}"})
        except stripe.CardError as exc:
            _close(attempt, PaymentErrorCode.CARD_DECLINED, detail=exc.user_message or "")
            return None
        except stripe.StripeError as exc:
            logger.warning("saving the card of attempt %s failed: %s", attempt.pk, exc)
            _close(attempt, PaymentErrorCode.PROCESSOR_UNAVAILABLE, detail=str(exc))
            return None
        if setup.status != "succeeded":
            # Authentication when saving is not offered: the buyer is asked to use another card.
            _close(attempt, PaymentErrorCode.AUTHENTICATION_FAILED,
                   detail=f"setup intent {setup.id} is {setup.status}")
            return None
        attempt.status = PaymentAttempt.Status.CARD_SAVED
        attempt.save(update_fields=["payment_method_id", "status", "updated_at"])
        return SavedCard(customer_id=customer.id, setup_intent_id=setup.id,
                         payment_method_id=payment_method_id)


def payment_charge_saved_card(*, attempt: PaymentAttempt, customer_id: str,
                              payment_method_id: str, metadata: dict | None = None) -> None:
    """Charge a saved card off-session, once per attempt (locked by the caller).

    Whatever the bank answers (paid, declined, wants the buyer), the truth of the payment says
    it afterwards; raises ProcessorUnavailable when Stripe could not be asked.
    """
    if attempt.payment_intent_id:
        return  # charged by an earlier run
    client = stripe_client()
    try:
        intent = client.v1.payment_intents.create(
            params={"amount": to_minor_units(attempt.amount, attempt.currency),
                    "currency": attempt.currency.lower(), "customer": customer_id,
                    "payment_method": payment_method_id, "payment_method_types": ["card"],
                    "confirm": True, "off_session": True,
                    "metadata": {**_metadata(attempt), **(metadata or {})}},
            options={"idempotency_key": f"offsession-{attempt.idempotency_key}"})
    except stripe.CardError as exc:
        # Stripe names the PaymentIntent of a declined (or authentication_required) charge.
        intent_id = _intent_id_of_card_error(client, exc)
        if intent_id:
            attempt.payment_intent_id = intent_id
            attempt.save(update_fields=["payment_intent_id", "updated_at"])
        else:
            _close(attempt, PaymentErrorCode.CARD_DECLINED, detail=exc.user_message or str(exc))
        return
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc
    attempt.payment_intent_id = intent.id
    attempt.save(update_fields=["payment_intent_id", "updated_at"])


def payment_capture(*, attempt: PaymentAttempt) -> None:
    """Capture an authorised PaymentIntent. One already captured or cancelled is left as it is
    (its truth says which); raises ProcessorUnavailable when Stripe could not be asked."""
    try:
        stripe_client().v1.payment_intents.capture(
            attempt.payment_intent_id,
            options={"idempotency_key": f"capture-{attempt.idempotency_key}"})
    except stripe.InvalidRequestError as exc:
        logger.info("capture of %s refused: %s", attempt.payment_intent_id, exc)
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc


def payment_cancel(*, attempt: PaymentAttempt) -> None:
    """Make sure the attempt can take no more money: cancel its PaymentIntent, or close an
    attempt that has none. An intent that succeeded meanwhile cannot be cancelled: it stays,
    and its truth says it is paid. Raises ProcessorUnavailable when Stripe could not be asked."""
    if not attempt.payment_intent_id:
        if attempt.is_open:
            _close(attempt, PaymentErrorCode.PAYMENT_CANCELED, status=PaymentAttempt.Status.CANCELED)
        return
    try:
        stripe_client().v1.payment_intents.cancel(attempt.payment_intent_id)
    except stripe.InvalidRequestError as exc:  # cancelled already, succeeded, or processing
        logger.info("cancelling %s refused: %s", attempt.payment_intent_id, exc)
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc


def payment_method_forget(*, payment_method_id: str) -> None:
    """Detach a saved card from its Customer: it can no longer be charged."""
    try:
        stripe_client().v1.payment_methods.detach(payment_method_id)
    except stripe.InvalidRequestError as exc:  # detached already
        logger.info("detaching %s refused: %s", payment_method_id, exc)
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc


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
        ).to_dict()
    except stripe.StripeError as exc:
        logger.warning("Refund %s of attempt %s failed: %s", key, attempt.pk, exc)
        raise RefundFailed(PaymentErrorCode.REFUND_FAILED, str(exc)) from exc
    truth = refund_truth(refund, attempt.currency)
    if not truth.returns_money:
        raise RefundFailed(PaymentErrorCode.REFUND_FAILED, f"refund status {truth.status}")
    return refund_record(attempt=attempt, refund=truth, key=key, reason=reason)


# --- helpers --------------------------------------------------------------------------------

def _locked(attempt_id: int) -> PaymentAttempt:
    return PaymentAttempt.objects.select_for_update().select_related("order").get(pk=attempt_id)


def _close(attempt: PaymentAttempt, code: PaymentErrorCode, *, detail: str = "",
           status: str = PaymentAttempt.Status.FAILED) -> PaymentAttempt:
    attempt.status = status
    attempt.failure_code = str(code)
    attempt.failure_message = detail[:2000]
    attempt.save()
    return attempt


def _metadata(attempt: PaymentAttempt) -> dict:
    # How a webhook about this payment finds the attempt even before we stored the intent id.
    return {"order_number": attempt.order.number, "attempt_id": str(attempt.pk)}


def _error_field(exc: stripe.StripeError, name: str):
    error = exc.error
    return error[name] if error is not None and name in error else None


def _intent_id_of_card_error(client, exc: stripe.CardError) -> str | None:
    intent = _error_field(exc, "payment_intent")
    if intent:
        return intent if isinstance(intent, str) else intent["id"]
    charge_id = _error_field(exc, "charge")
    if charge_id:
        try:
            return client.v1.charges.retrieve(charge_id).payment_intent or None
        except stripe.StripeError:
            return None
    return None


def _find_refund(client, charge_id: str, key: str) -> dict | None:
    for refund in client.v1.refunds.list(params={"charge": charge_id, "limit": 100}).auto_paging_iter():
        refund = refund.to_dict()
        if (refund.get("metadata") or {}).get("key") == key:
            return refund
    return None
