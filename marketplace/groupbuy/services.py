"""The tipping point: orders for a deal below its minimum pay only once the deal tips.

Until a deal with ``min_buyers`` has that many units held, a purchase only authorises the card
(a PaymentIntent with manual capture) or, when the sale window is longer than an authorisation
lives (GROUPBUY_AUTHORISATION_DAYS), saves the card to charge it off-session later. Either way
the order stays pending with its units reserved and no voucher exists. When the minimum is
reached every held pledge is captured or charged, in batches; when the window ends first, every
pledge is cancelled.

Group buying moves money only through marketplace/payments and never moves an order: after
acting at Stripe it sends ``pledge_payment_changed``, and the order lifecycle (a layer above)
converges the order on what Stripe then says, asking ``pledge_follow_payment`` what the group
buy makes of it.

Every step is idempotent and safe in two workers at once: a pledge is settled under its row lock
(taken with SKIP LOCKED, so workers share a batch instead of queueing), re-checked inside it, and
every Stripe write carries an idempotency key derived from the payment attempt.
"""
import logging
import uuid
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from marketplace.core.mail import absolute_url, mail_after_commit
from marketplace.deals.models import Deal
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.services import (
    ProcessorUnavailable, payment_cancel, payment_capture, payment_card_save,
    payment_charge_saved_card, payment_method_forget, payment_truth,
)
from marketplace.payments.truth import PaymentTruth

from . import tasks
from .models import DealTipping, Pledge
from .signals import pledge_payment_changed

log = logging.getLogger(__name__)

# Pledges that count toward the minimum.
COUNTED = (Pledge.Status.HELD, Pledge.Status.PAID, Pledge.Status.ACTION_REQUIRED)
OPEN = (Pledge.Status.AWAITING, Pledge.Status.HELD, Pledge.Status.ACTION_REQUIRED)
ENDED = (Pledge.Status.CANCELLED, Pledge.Status.RELEASED, Pledge.Status.FAILED)


class PledgeVerdict(str, Enum):
    """What a pledge makes its order do, whatever the payment's state at Stripe."""

    HOLD = "hold"  # wait for the deal: the order stays pending, its units reserved
    END = "end"  # the pledge ended unpaid: the order is cancelled


# --- deciding at checkout -----------------------------------------------------------------

def group_deal_of_order(order) -> Deal | None:
    """The deal with a minimum among the order's lines (one group deal per order)."""
    parents = order.lines.values_list("product__parent_id", flat=True)
    return (Deal.objects.filter(product_id__in=list(parents), min_buyers__gt=0)
            .order_by("pk").first())


def deal_has_tipped(deal: Deal) -> bool:
    if not deal.min_buyers:
        return True
    return DealTipping.objects.filter(deal=deal, tipped_at__isnull=False).exists()


def pledge_kind_for(order) -> tuple[Deal, str] | tuple[None, None]:
    """How ``order`` must pay now: (deal, kind) while its deal has not tipped, else (None, None)."""
    deal = group_deal_of_order(order)
    if deal is None or deal_has_tipped(deal):
        return None, None
    lasts = timedelta(days=settings.GROUPBUY_AUTHORISATION_DAYS)
    if deal.sale_ends_at - timezone.now() > lasts:
        return deal, Pledge.Kind.SAVED_CARD
    return deal, Pledge.Kind.AUTHORISATION


def pledge_save_card(*, attempt: PaymentAttempt, payment_method_id: str) -> Pledge | None:
    """For a long sale window: save the card instead of charging it, and hold the order toward
    the minimum. None when the card was not saved (the attempt says why)."""
    deal, kind = pledge_kind_for(attempt.order)
    saved = payment_card_save(attempt_id=attempt.pk, payment_method_id=payment_method_id)
    if saved is None:
        return None
    pledge = Pledge.objects.create(
        attempt=attempt, deal=deal, units=_units(attempt.order, deal), kind=kind,
        status=Pledge.Status.HELD, customer_id=saved.customer_id,
        setup_intent_id=saved.setup_intent_id, payment_method_id=saved.payment_method_id,
    )
    _schedule_tip_check(deal.pk)
    return pledge


# --- what the pledge makes of the payment's truth -------------------------------------------

def pledge_lock_for_order(*, order_id: int) -> Pledge | None:
    """The order's pledge, its row locked: the first lock of every path that moves the order."""
    return (Pledge.objects.select_for_update().select_related("attempt__order", "deal")
            .filter(attempt__order_id=order_id).first())


def pledge_follow_payment(*, pledge: Pledge | None, attempt: PaymentAttempt,
                          truth: PaymentTruth | None) -> PledgeVerdict | None:
    """Bring the pledge in line with its payment's truth and say what it makes the order do.

    None: the pledge has no say (there is none, or the payment succeeded and the truth alone
    decides). Called by the order lifecycle with the pledge (if any) locked.
    """
    status = truth.status if truth is not None else None
    if pledge is None:
        if status == "requires_capture":  # a card authorised while the deal has not tipped
            return _pledge_hold_authorisation(attempt)
        return None
    if status == "succeeded":
        if pledge.status != Pledge.Status.PAID:
            _pledge_set(pledge, Pledge.Status.PAID)
        return None
    if pledge.status in ENDED:
        return PledgeVerdict.END
    if pledge.status == Pledge.Status.PAID:
        return None
    if status == "requires_capture":
        if pledge.status == Pledge.Status.AWAITING:
            _pledge_set(pledge, Pledge.Status.HELD)
            _schedule_tip_check(pledge.deal_id)
        return PledgeVerdict.HOLD
    if _needs_the_buyer(truth):
        if pledge.status != Pledge.Status.ACTION_REQUIRED:
            _ask_buyer_to_complete(pledge)
        return PledgeVerdict.HOLD
    if status == "canceled" or attempt.status == PaymentAttempt.Status.CANCELED:
        _pledge_end(pledge, Pledge.Status.CANCELLED)
        return PledgeVerdict.END
    if status == "requires_payment_method" or attempt.status == PaymentAttempt.Status.FAILED:
        pledge.failure_message = (truth.error_message if truth else "") or attempt.failure_message
        _pledge_end(pledge, Pledge.Status.FAILED)
        return PledgeVerdict.END
    return PledgeVerdict.HOLD


def _pledge_hold_authorisation(attempt: PaymentAttempt) -> PledgeVerdict | None:
    deal = group_deal_of_order(attempt.order)
    if deal is None:  # not a group deal: an ordinary payment still in progress
        return None
    Pledge.objects.create(attempt=attempt, deal=deal, units=_units(attempt.order, deal),
                          kind=Pledge.Kind.AUTHORISATION, status=Pledge.Status.HELD,
                          payment_method_id=attempt.payment_method_id)
    _schedule_tip_check(deal.pk)
    return PledgeVerdict.HOLD


def _needs_the_buyer(truth: PaymentTruth | None) -> bool:
    """The bank wants the buyer to authenticate an off-session charge (localstripe leaves the
    intent requires_action; Stripe answers requires_payment_method + authentication_required)."""
    if truth is None:
        return False
    return truth.status == "requires_action" or (
        truth.status == "requires_payment_method" and truth.error_code == "authentication_required")


def _units(order, deal: Deal) -> int:
    return (order.lines.filter(product__parent_id=deal.product_id)
            .aggregate(n=Sum("quantity"))["n"] or 0)


def _schedule_tip_check(deal_id: int) -> None:
    transaction.on_commit(lambda: tasks.deal_tip_check_task.delay(deal_id))


def _pledge_set(pledge: Pledge, status: str) -> None:
    pledge.status = status
    pledge.save(update_fields=["status", "failure_message", "updated_at"])


def _pledge_end(pledge: Pledge, status: str) -> None:
    _pledge_set(pledge, status)
    _pledge_farewell(pledge)


def _pledge_farewell(pledge: Pledge) -> None:
    """The pledge ended unpaid: forget the saved card, tell the buyer why."""
    if pledge.kind == Pledge.Kind.SAVED_CARD and pledge.payment_method_id:
        try:
            payment_method_forget(payment_method_id=pledge.payment_method_id)
        except ProcessorUnavailable:
            log.warning("could not detach the card of pledge %s", pledge.pk, exc_info=True)
    _notify(pledge, {Pledge.Status.CANCELLED: "pledge_cancelled",
                     Pledge.Status.FAILED: "pledge_declined"}.get(pledge.status, "pledge_released"))


def _payment_changed(pledge: Pledge) -> None:
    """Let the order follow what Stripe now says (in this transaction), then re-read the pledge."""
    pledge_payment_changed.send(sender=Pledge, pledge=pledge)
    pledge.refresh_from_db()


# --- tipping ------------------------------------------------------------------------------

def deal_units_pledged(*, deal: Deal) -> int:
    return (Pledge.objects.filter(deal=deal, status__in=COUNTED)
            .aggregate(n=Sum("units"))["n"] or 0)


def deal_tip_check(*, deal_id: int) -> bool:
    """Tip the deal if its held pledges reach the minimum; settle what is held. True if tipped."""
    with transaction.atomic():
        DealTipping.objects.get_or_create(deal_id=deal_id)
        tipping = DealTipping.objects.select_for_update().select_related("deal").get(deal_id=deal_id)
        if tipping.closed_at:
            return False
        if not tipping.tipped_at:
            if deal_units_pledged(deal=tipping.deal) < (tipping.deal.min_buyers or 0):
                return False
            tipping.tipped_at = timezone.now()
            tipping.save(update_fields=["tipped_at"])
            log.info("deal %s tipped", deal_id)
    transaction.on_commit(lambda: tasks.deal_pledges_settle_task.delay(deal_id))
    return True


def deal_pledges_settle(*, deal_id: int, batch_size: int | None = None) -> tuple[int, bool]:
    """Capture or charge one batch of a tipped deal's held pledges: (settled, more left)."""
    batch_size = batch_size or settings.GROUPBUY_BATCH_SIZE
    if not DealTipping.objects.filter(deal_id=deal_id, tipped_at__isnull=False).exists():
        return 0, False
    settled = 0
    with transaction.atomic():
        batch = list(Pledge.objects.select_for_update(skip_locked=True)
                     .select_related("attempt__order")
                     .filter(deal_id=deal_id, status=Pledge.Status.HELD)
                     .order_by("pk")[:batch_size])
        for pledge in batch:
            try:
                # Each pledge in its own savepoint: one failure does not undo the others.
                with transaction.atomic():
                    settled += _settle(pledge)
            except Exception:  # noqa: BLE001 - one bad pledge must not hold back the batch
                # Left HELD (its savepoint rolled back); what reached Stripe is found again by
                # the next run, which reads the payment's truth before doing anything.
                log.exception("settling pledge %s failed; it will be retried", pledge.pk)
    more = Pledge.objects.filter(deal_id=deal_id, status=Pledge.Status.HELD).exists()
    return settled, more


def _settle(pledge: Pledge) -> int:
    """Capture the authorisation, or charge the saved card; the order then follows Stripe."""
    if pledge.kind == Pledge.Kind.AUTHORISATION:
        payment_capture(attempt=pledge.attempt)
    else:
        payment_charge_saved_card(attempt=pledge.attempt, customer_id=pledge.customer_id,
                                  payment_method_id=pledge.payment_method_id,
                                  metadata={"pledge_id": str(pledge.pk)})
    _payment_changed(pledge)
    return 1


def _ask_buyer_to_complete(pledge: Pledge) -> None:
    """The bank wants the buyer: e-mail a link to complete the payment before the deadline."""
    pledge.status = Pledge.Status.ACTION_REQUIRED
    pledge.action_token = pledge.action_token or uuid.uuid4()
    pledge.action_deadline = timezone.now() + timedelta(hours=settings.GROUPBUY_ACTION_HOURS)
    pledge.save(update_fields=["status", "action_token", "action_deadline", "updated_at"])
    _notify(pledge, "complete_payment")


# --- the buyer completes an off-session payment -------------------------------------------

def pledge_for_action(*, token) -> Pledge | None:
    return (Pledge.objects.select_related("attempt__order", "deal__product")
            .filter(action_token=token).first())


def pledge_action_client_secret(*, pledge: Pledge) -> str:
    truth = payment_truth(attempt=pledge.attempt)
    return truth.client_secret if truth else ""


def pledge_action_complete(*, token) -> Pledge | None:
    """The buyer is back from authenticating: the order follows what Stripe says now."""
    with transaction.atomic():
        pledge = (Pledge.objects.select_for_update().select_related("attempt__order")
                  .filter(action_token=token).first())
        if pledge is None or pledge.status != Pledge.Status.ACTION_REQUIRED:
            return pledge
        _payment_changed(pledge)
        return pledge


def pledges_release_overdue(*, now=None) -> int:
    """Pledges whose buyer did not authenticate in time: cancel, release the units, tell them."""
    now = now or timezone.now()
    released = 0
    ids = list(Pledge.objects.filter(status=Pledge.Status.ACTION_REQUIRED,
                                     action_deadline__lte=now).values_list("pk", flat=True))
    for pledge_id in ids:
        with transaction.atomic():
            pledge = (Pledge.objects.select_for_update(skip_locked=True)
                      .select_related("attempt__order")
                      .filter(pk=pledge_id, status=Pledge.Status.ACTION_REQUIRED).first())
            if pledge is None:
                continue
            if _cancel(pledge, Pledge.Status.RELEASED):
                released += 1
    return released


# --- the window ends short ----------------------------------------------------------------

def deals_close_short(*, now=None) -> list[int]:
    """Deals whose sale ended below their minimum: mark them closed and cancel their pledges."""
    now = now or timezone.now()
    ended = (Deal.objects.filter(min_buyers__gt=0, sale_ends_at__lte=now, pledges__isnull=False)
             .exclude(tipping__tipped_at__isnull=False).exclude(tipping__closed_at__isnull=False)
             .distinct().values_list("pk", flat=True))
    closed = []
    for deal_id in ended:
        if deal_tip_check(deal_id=deal_id):
            continue  # held enough after all (e.g. a late authorisation): it tips instead
        with transaction.atomic():
            tipping = DealTipping.objects.select_for_update().get(deal_id=deal_id)
            if tipping.tipped_at or tipping.closed_at:
                continue
            tipping.closed_at = now
            tipping.save(update_fields=["closed_at"])
        closed.append(deal_id)
        tasks.deal_pledges_cancel_task.delay(deal_id)
    # Closed deals whose cancellation failed earlier (Stripe down): try again.
    stuck = (Pledge.objects.filter(deal__tipping__closed_at__isnull=False, status__in=OPEN)
             .exclude(deal_id__in=closed).values_list("deal_id", flat=True).distinct())
    for deal_id in stuck:
        tasks.deal_pledges_cancel_task.delay(deal_id)
    return closed


def deal_pledges_cancel(*, deal_id: int, batch_size: int | None = None) -> tuple[int, bool]:
    """Cancel one batch of a closed deal's open pledges: (cancelled, more left)."""
    batch_size = batch_size or settings.GROUPBUY_BATCH_SIZE
    if not DealTipping.objects.filter(deal_id=deal_id, closed_at__isnull=False).exists():
        return 0, False
    cancelled = 0
    with transaction.atomic():
        batch = list(Pledge.objects.select_for_update(skip_locked=True)
                     .select_related("attempt__order")
                     .filter(deal_id=deal_id, status__in=OPEN).order_by("pk")[:batch_size])
        for pledge in batch:
            with transaction.atomic():
                cancelled += _cancel(pledge, Pledge.Status.CANCELLED)
    more = Pledge.objects.filter(deal_id=deal_id, status__in=OPEN).exists()
    return cancelled, more


def _cancel(pledge: Pledge, status: str) -> bool:
    """Cancel the authorisation (or forget the saved card); the order follows. False when the
    payment succeeded meanwhile (the buyer authenticated just in time: it stands) or Stripe
    could not be reached (the next run tries again)."""
    try:
        payment_cancel(attempt=pledge.attempt)
    except ProcessorUnavailable:
        log.warning("cancelling pledge %s failed, will retry", pledge.pk, exc_info=True)
        return False
    _pledge_set(pledge, status)
    _payment_changed(pledge)
    if pledge.status != status:
        return False
    _pledge_farewell(pledge)
    return True


def _notify(pledge: Pledge, template: str) -> None:
    order = pledge.attempt.order
    mail_after_commit(template=f"groupbuy/email/{template}", to=[order.email], context={
        "pledge": pledge, "order": order, "deal": pledge.deal,
        "action_url": absolute_url(reverse("groupbuy:pledge-pay", args=[pledge.action_token]))
        if pledge.action_token else "",
    })
    Pledge.objects.filter(pk=pledge.pk).update(notified_at=timezone.now())


# --- periodic safety net ------------------------------------------------------------------

def deals_tip_pending() -> int:
    """Re-check every deal with held pledges (a lost task or a late webhook never strands one)."""
    deal_ids = set(Pledge.objects.filter(status=Pledge.Status.HELD).values_list("deal_id", flat=True))
    return sum(deal_tip_check(deal_id=deal_id) for deal_id in deal_ids)
