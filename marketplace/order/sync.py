"""Bringing an order in line with what Stripe says of its payment: the path every change ends in.

The checkout's payment step, the buyer's return from 3-D Secure, webhooks, the group-buy settle
(through groupbuy's ``pledge_payment_changed``), the sweep of stale payments and staff status
changes all end in ``order_sync_with_stripe`` (staff: ``order_status_change_by_staff``). It
reads the whole truth of the payment from Stripe (the intent, its charge, every refund), writes
it down, lets the group buy say what it makes of it, decides the status Stripe's truth calls for
and hands that to the lifecycle table (lifecycle.py). Running it again with the same truth
changes nothing, so duplicated, late or reordered notifications all end the same way.

Row locks, always taken in this order so that no two paths wait for each other in a circle:
the pledge, the order, the payment attempt, the order's vouchers (by id), then the payment
records (Oscar's Source, which a voucher refund updates while holding its voucher).
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.core.order_status import CANCELLED, PAID, PAYMENT_FAILED, PENDING, REFUNDED
from marketplace.groupbuy.pledges import PledgeVerdict, pledge_follow_payment, pledge_lock_for_order
from marketplace.payments.error_codes import (
    MESSAGES, PaymentErrorCode, ProcessorUnavailable, RefundFailed,
)
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.records import payment_record
from marketplace.payments.selectors import payment_failure
from marketplace.payments.services import payment_attempt_lock, payment_cancel
from marketplace.payments.truth import PaymentTruth, payment_truth
from marketplace.payments.webhooks import (
    payment_attempt_for_event, stripe_event_outcome_set, stripe_event_record, stripe_event_verify,
)
from vouchers.selectors import vouchers_redeemed_count
from vouchers.services import vouchers_lock_for_order

from .lifecycle import Change, order_status_follow

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")

# An open payment untouched this long was abandoned (the buyer left during 3-D Secure).
ABANDONED_AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class PaymentOutcome:
    """Where the buyer's payment stands, for the checkout pages."""

    status: str  # "succeeded" | "requires_action" | "processing" | "failed"
    order_number: str
    client_secret: str = ""
    code: str = ""
    message: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"


class OrderChangeRefused(Exception):
    """A staff change the payment does not allow; nothing changed. The message says why."""


@dataclass
class _Locked:
    pledge: object
    order: object
    attempt: PaymentAttempt | None


def order_sync_with_stripe(*, order_id: int, intent_id: str = "",
                           give_up: bool = False) -> PaymentOutcome:
    """Move the order (its vouchers, its pledge) to match what Stripe says of its payment.

    ``intent_id``: the intent a webhook names, for an attempt that has not stored it yet.
    ``give_up``: the buyer is gone (the sweep): a payment still waiting for them is cancelled at
    Stripe first, unless it was paid meanwhile.
    """
    with transaction.atomic():
        locked = _lock(order_id)
        if locked.attempt is None:  # not paid through us (e.g. demo data): nothing to follow
            return _outcome(locked, None)
        truth = _truth_recorded(locked.attempt, intent_id)
        if give_up and locked.pledge is None and _stripe_says(locked.attempt, truth) == PENDING:
            payment_cancel(attempt=locked.attempt)
            truth = _truth_recorded(locked.attempt)
        _follow(locked, truth)
        return _outcome(locked, truth)


def orders_sync_overdue(*, now=None) -> int:
    """The safety net for lost notifications, run by Celery beat. Payments the buyer abandoned
    are given up (cancelled at Stripe, unless paid meanwhile); recent payments not read for a
    while are read again (a refund whose webhook never came). Returns how many were given up."""
    now = now or timezone.now()
    abandoned = list(PaymentAttempt.objects.filter(
        status__in=PaymentAttempt.OPEN, updated_at__lt=now - ABANDONED_AFTER,
        order__status=PENDING, pledge__isnull=True,  # a pledge waits for its deal on purpose
    ).values_list("order_id", flat=True))
    given_up = 0
    for order_id in abandoned:
        outcome = _sync_quietly(order_id, give_up=True)
        given_up += outcome is not None and outcome.status == "failed"
    stale = (PaymentAttempt.objects
             .filter(order__date_placed__gte=now - timedelta(days=settings.ORDER_RECHECK_DAYS))
             .filter(Q(synced_at__isnull=True)
                     | Q(synced_at__lt=now - timedelta(hours=settings.ORDER_RECHECK_HOURS)))
             .exclude(payment_intent_id=None).exclude(order__status=REFUNDED)
             .exclude(order_id__in=abandoned)
             .order_by(F("synced_at").asc(nulls_first=True), "pk")
             .values_list("order_id", flat=True)[:settings.ORDER_RECHECK_BATCH])
    for order_id in list(stale):
        _sync_quietly(order_id)
    return given_up


def order_status_change_by_staff(*, order_id: int, new_status: str, user=None) -> None:
    """A staff member asks for ``new_status`` (Oscar's order dashboard): the same table, after
    reading what Stripe says; refused with OrderChangeRefused (nothing changed) when the payment
    does not allow it. Refunded refunds at Stripe whatever was not refunded yet."""
    if new_status == PAYMENT_FAILED:
        raise OrderChangeRefused(_("Only the card processor fails a payment: choose Cancelled to "
                                   "give the order up."))
    try:
        with transaction.atomic():
            _staff_change(order_id, new_status, user)
    except ProcessorUnavailable as exc:
        raise OrderChangeRefused(_("Stripe could not be reached: nothing was changed, try again "
                                   "later.")) from exc
    except RefundFailed as exc:
        raise OrderChangeRefused(f"{exc} ({exc.detail})") from exc


def _staff_change(order_id: int, new_status: str, user) -> None:
    locked = _lock(order_id)
    if locked.attempt is None:
        raise OrderChangeRefused(_("This order was not paid by card here."))
    truth = _truth_recorded(locked.attempt)
    _staff_check(locked, truth, new_status)
    if new_status == CANCELLED:
        payment_cancel(attempt=locked.attempt)
        truth = _truth_recorded(locked.attempt)
    status = _follow(locked, truth, staff_asks=new_status, actor=user)
    if status != new_status:  # Stripe moved on meanwhile (e.g. paid just now)
        raise OrderChangeRefused(_("Stripe reports this payment as %(status)s: the order was "
                                   "left as it was.") % {"status": status})


def stripe_event_apply(*, payload: bytes, signature: str) -> str:
    """A webhook: verified (WebhookRefused if not genuine), recorded once, then the order it
    concerns follows its payment's truth. Returns what happened (for the log and tests)."""
    event = stripe_event_verify(payload=payload, signature=signature)
    with transaction.atomic():
        if not stripe_event_record(event=event):
            return "duplicate"
        found = payment_attempt_for_event(event=event)
        if found is None:
            outcome = "unknown payment" if event.concerns_payment else "ignored"
        else:
            result = order_sync_with_stripe(order_id=found.attempt.order_id,
                                            intent_id=found.intent_id)
            outcome = f"order {result.order_number}: {result.status}"
        stripe_event_outcome_set(event=event, outcome=outcome)
        return outcome


# --- deciding -------------------------------------------------------------------------------

def _lock(order_id: int) -> _Locked:
    pledge = pledge_lock_for_order(order_id=order_id)
    order = Order.objects.select_for_update().get(pk=order_id)
    attempt = payment_attempt_lock(order_id=order_id)
    vouchers_lock_for_order(order=order)
    return _Locked(pledge=pledge, order=order, attempt=attempt)


def _truth_recorded(attempt: PaymentAttempt, intent_id: str = "") -> PaymentTruth | None:
    truth = payment_truth(attempt=attempt, intent_id=intent_id)
    payment_record(attempt=attempt, truth=truth)
    return truth


def _follow(locked: _Locked, truth: PaymentTruth | None, *, staff_asks: str = "",
            actor=None) -> str:
    verdict = pledge_follow_payment(pledge=locked.pledge, attempt=locked.attempt, truth=truth)
    says = _stripe_says(locked.attempt, truth, verdict)
    if staff_asks == REFUNDED:
        says = REFUNDED  # the table's row gives back what Stripe has not refunded yet
    return order_status_follow(change=Change(locked.order, locked.attempt, truth, actor), says=says)


def _stripe_says(attempt: PaymentAttempt, truth: PaymentTruth | None,
                 verdict: PledgeVerdict | None = None) -> str:
    """The order status the payment's truth calls for."""
    if verdict == PledgeVerdict.HOLD:
        return PENDING
    if verdict == PledgeVerdict.END:
        return CANCELLED
    if truth is None:  # never reached Stripe, or only a saved card
        return {PaymentAttempt.Status.FAILED: PAYMENT_FAILED,
                PaymentAttempt.Status.CANCELED: CANCELLED}.get(attempt.status, PENDING)
    if truth.paid:
        return REFUNDED if truth.refunded_in_full else PAID
    if truth.status == "canceled":
        # Cancelled by us after a decline is still a failed payment, whichever we learn first.
        return PAYMENT_FAILED if truth.error_code else CANCELLED
    if truth.status == "requires_payment_method" and truth.error_code:
        return PAYMENT_FAILED
    return PENDING


def _staff_check(locked: _Locked, truth: PaymentTruth | None, new_status: str) -> None:
    paid = truth is not None and truth.paid
    if new_status == PAID and _stripe_says(locked.attempt, truth) != PAID:
        raise OrderChangeRefused(_("Stripe does not report this order as paid."))
    if new_status == CANCELLED and paid:
        raise OrderChangeRefused(_("The buyer has paid: choose Refunded to give the money back."))
    if new_status == REFUNDED:
        if not paid:
            raise OrderChangeRefused(_("Nothing was paid: choose Cancelled to give the order up."))
        used = vouchers_redeemed_count(order=locked.order)
        if used:
            raise OrderChangeRefused(_(
                "%(used)s voucher(s) of this order were used at the merchant: refund the others "
                "one by one from voucher support.") % {"used": used})


def _outcome(locked: _Locked, truth: PaymentTruth | None) -> PaymentOutcome:
    order = locked.order
    if order.status == PAID:
        return PaymentOutcome("succeeded", order.number)
    if order.status == PENDING:
        if truth is not None and truth.status == "requires_action":
            return PaymentOutcome("requires_action", order.number,
                                  client_secret=truth.client_secret)
        return PaymentOutcome("processing", order.number)
    if order.status == REFUNDED:
        code = PaymentErrorCode.REFUNDED
        return PaymentOutcome("failed", order.number, code=str(code), message=str(MESSAGES[code]))
    code, message = payment_failure(attempt=locked.attempt) if locked.attempt else ("", "")
    return PaymentOutcome("failed", order.number, code=code, message=message)


def _sync_quietly(order_id: int, *, give_up: bool = False) -> PaymentOutcome | None:
    try:
        return order_sync_with_stripe(order_id=order_id, give_up=give_up)
    except ProcessorUnavailable:
        logger.warning("order %s: Stripe could not be read, next sweep", order_id, exc_info=True)
        return None
