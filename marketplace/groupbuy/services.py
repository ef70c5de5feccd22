"""The tipping point: a deal with a minimum tips once its held pledges reach it; then every held
pledge is captured or charged, in batches; a deal whose sale ends first closes short and every
pledge is cancelled (pledges.py says what a pledge is and what it makes of its payment).

Every step is idempotent and safe in two workers at once: a pledge is settled under its row lock
(taken with SKIP LOCKED, so workers share a batch instead of queueing), re-checked inside it, and
every Stripe write carries an idempotency key derived from the payment attempt. After acting at
Stripe the order follows through pledges.pledge_payment_follow.
"""
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from marketplace.deals.models import Deal
from marketplace.payments.error_codes import ProcessorUnavailable
from marketplace.payments.services import payment_cancel, payment_capture, payment_charge_saved_card

from . import pledges, tasks
from .models import DealTipping, Pledge

log = logging.getLogger(__name__)


# --- tipping ------------------------------------------------------------------------------

def deal_units_pledged(*, deal: Deal) -> int:
    return (Pledge.objects.filter(deal=deal, status__in=pledges.COUNTED)
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
    pledges.pledge_payment_follow(pledge)
    return 1


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
    stuck = (Pledge.objects.filter(deal__tipping__closed_at__isnull=False, status__in=pledges.OPEN)
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
                     .filter(deal_id=deal_id, status__in=pledges.OPEN).order_by("pk")[:batch_size])
        for pledge in batch:
            with transaction.atomic():
                cancelled += _cancel(pledge, Pledge.Status.CANCELLED)
    more = Pledge.objects.filter(deal_id=deal_id, status__in=pledges.OPEN).exists()
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
    pledges.pledge_set_status(pledge, status)
    pledges.pledge_payment_follow(pledge)
    if pledge.status != status:
        return False
    pledges.pledge_farewell(pledge)
    return True


# --- periodic safety net ------------------------------------------------------------------

def deals_tip_pending() -> int:
    """Re-check every deal with held pledges (a lost task or a late webhook never strands one)."""
    deal_ids = set(Pledge.objects.filter(status=Pledge.Status.HELD).values_list("deal_id", flat=True))
    return sum(deal_tip_check(deal_id=deal_id) for deal_id in deal_ids)
