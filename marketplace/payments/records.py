"""Writing down what Stripe says of a payment: the attempt's state, what the charge took (Oscar's
payment Source and a Debit Transaction) and every refund (a StripeRefund and a Refund Transaction).

Idempotent: the same truth written twice adds nothing. The caller holds the attempt's row lock.
"""
from django.utils import timezone
from oscar.core.loading import get_model

from .error_codes import PaymentErrorCode
from .models import PaymentAttempt, StripeRefund
from .truth import REFUND_RETURNS_MONEY, PaymentTruth, RefundTruth

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")

STRIPE_SOURCE_TYPE = "Stripe"

# Stripe's last_payment_error codes that mean the bank wanted the buyer to authenticate.
AUTHENTICATION_ERRORS = ("payment_intent_authentication_failure", "authentication_required")


def payment_record(*, attempt: PaymentAttempt, truth: PaymentTruth | None) -> None:
    """Write down what Stripe says of the attempt's payment (its row locked by the caller): its
    state, what the charge took (Oscar's Source and a Debit), every refund (and a Refund)."""
    attempt.synced_at = timezone.now()
    if truth is None:
        attempt.save(update_fields=["synced_at", "updated_at"])
        return
    attempt.payment_intent_id = attempt.payment_intent_id or truth.intent_id
    attempt.charge_id = truth.charge_id or attempt.charge_id
    _follow_intent_status(attempt, truth)
    attempt.save()
    if truth.captured:
        _capture_record(attempt, truth)
    for refund in truth.refunds:
        refund_record(attempt=attempt, refund=refund, key=_refund_key(refund),
                      reason="refunded at Stripe")


def _follow_intent_status(attempt: PaymentAttempt, truth: PaymentTruth) -> None:
    status = truth.status
    states = PaymentAttempt.Status
    if status == "succeeded":
        attempt.status = states.SUCCEEDED
    elif status == "requires_capture":
        attempt.status = states.AUTHORISED
    elif status == "requires_action":
        attempt.status = states.REQUIRES_ACTION
    elif status in ("processing", "requires_confirmation"):
        attempt.status = states.PROCESSING
    elif status == "canceled" and attempt.status != states.FAILED:
        attempt.status, attempt.failure_code = states.CANCELED, str(PaymentErrorCode.PAYMENT_CANCELED)
    elif status == "requires_payment_method" and truth.error_code:  # declined, or 3-D Secure failed
        attempt.status = states.FAILED
        attempt.failure_code = str(PaymentErrorCode.AUTHENTICATION_FAILED
                                   if truth.error_code in AUTHENTICATION_ERRORS
                                   else PaymentErrorCode.CARD_DECLINED)
        attempt.failure_message = truth.error_message[:2000]


def _capture_record(attempt: PaymentAttempt, truth: PaymentTruth) -> None:
    # By the unique code: two first payments at once must not create two source types.
    source_type, _ = SourceType.objects.get_or_create(code="stripe",
                                                      defaults={"name": STRIPE_SOURCE_TYPE})
    source, created = Source.objects.get_or_create(
        order_id=attempt.order_id, reference=truth.intent_id,
        defaults={"source_type": source_type, "currency": attempt.currency,
                  "amount_allocated": truth.amount, "amount_debited": truth.captured,
                  "label": attempt.payment_method_id})
    if not created:
        return
    Transaction.objects.create(source=source, txn_type=Transaction.DEBIT, amount=truth.captured,
                               reference=truth.charge_id, status="succeeded")
    # Refunds recorded before the capture was (a refund known first): on the Source as well.
    for refund in attempt.refunds.filter(status__in=REFUND_RETURNS_MONEY):
        Transaction.objects.create(source=source, txn_type=Transaction.REFUND, amount=refund.amount,
                                   reference=refund.stripe_refund_id, status=refund.status)
        source.amount_refunded += refund.amount
    source.save(update_fields=["amount_refunded"])


def _refund_key(refund: RefundTruth) -> str:
    """Ours when we asked for the refund (its metadata carries our key), else Stripe's id."""
    key = refund.metadata.get("key") or ""
    if key and not StripeRefund.objects.filter(key=key).exclude(stripe_refund_id=refund.id).exists():
        return key
    return f"stripe-{refund.id}"


def refund_record(*, attempt: PaymentAttempt, refund: RefundTruth, key: str,
                  reason: str) -> StripeRefund:
    """One refund of the attempt's charge, as Stripe reports it (again, if its status changed)."""
    record, created = StripeRefund.objects.get_or_create(
        stripe_refund_id=refund.id,
        defaults={"attempt": attempt, "key": key, "amount": refund.amount,
                  "currency": attempt.currency, "status": refund.status,
                  "metadata": refund.metadata, "reason": reason},
    )
    was_returning = not created and record.status in REFUND_RETURNS_MONEY
    if not created and record.status != refund.status:
        record.status = refund.status
        record.save(update_fields=["status"])
    source = Source.objects.filter(order_id=attempt.order_id,
                                   reference=attempt.payment_intent_id).first()
    if source is None or was_returning == refund.returns_money:
        return record
    if created:
        Transaction.objects.create(source=source, txn_type=Transaction.REFUND, amount=refund.amount,
                                   reference=refund.id, status=refund.status)
    # A refund that failed after being reported gives nothing back after all.
    source.amount_refunded += refund.amount if refund.returns_money else -refund.amount
    source.save(update_fields=["amount_refunded"])
    return record
