"""A pledge toward a deal's minimum: how an order pays while its deal has not tipped, what the
pledge makes of its payment's truth, how it ends, and the buyer completing a held payment.

Until a deal with ``min_buyers`` has that many units held, a purchase only authorises the card
(a PaymentIntent with manual capture) or, when the sale window is longer than an authorisation
lives (GROUPBUY_AUTHORISATION_DAYS), saves the card to charge it off-session later; the order
stays pending with its units reserved. Group buying moves money only through
marketplace/payments and never moves an order: after acting at Stripe it sends
``pledge_payment_changed`` and the order lifecycle (a layer above) converges the order on what
Stripe then says, asking ``pledge_follow_payment`` what the pledge makes of it.
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
from marketplace.payments.error_codes import ProcessorUnavailable
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.services import payment_card_save, payment_method_forget
from marketplace.payments.truth import PaymentTruth, payment_truth

from . import tasks
from .models import DealTipping, Pledge
from .signals import pledge_payment_changed

log = logging.getLogger(__name__)

# Pledges that count toward the minimum, that may still be paid, that ended unpaid.
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
            pledge_set_status(pledge, Pledge.Status.PAID)
        return None
    if pledge.status in ENDED:
        return PledgeVerdict.END
    if pledge.status == Pledge.Status.PAID:
        return None
    if status == "requires_capture":
        if pledge.status == Pledge.Status.AWAITING:
            pledge_set_status(pledge, Pledge.Status.HELD)
            _schedule_tip_check(pledge.deal_id)
        return PledgeVerdict.HOLD
    if _needs_the_buyer(truth):
        if pledge.status != Pledge.Status.ACTION_REQUIRED:
            _ask_buyer_to_complete(pledge)
        return PledgeVerdict.HOLD
    if status == "canceled" or attempt.status == PaymentAttempt.Status.CANCELED:
        pledge_set_status(pledge, Pledge.Status.CANCELLED)
        pledge_farewell(pledge)
        return PledgeVerdict.END
    if status == "requires_payment_method" or attempt.status == PaymentAttempt.Status.FAILED:
        pledge.failure_message = (truth.error_message if truth else "") or attempt.failure_message
        pledge_set_status(pledge, Pledge.Status.FAILED)
        pledge_farewell(pledge)
        return PledgeVerdict.END
    return PledgeVerdict.HOLD


def pledge_payment_follow(pledge: Pledge) -> None:
    """Group buying moved the pledge's money at Stripe: the order follows what Stripe now says
    (in this transaction, through the signal), then the pledge is read again."""
    pledge_payment_changed.send(sender=Pledge, pledge=pledge)
    pledge.refresh_from_db()


def pledge_set_status(pledge: Pledge, status: str) -> None:
    pledge.status = status
    pledge.save(update_fields=["status", "failure_message", "updated_at"])


def pledge_farewell(pledge: Pledge) -> None:
    """The pledge ended unpaid: forget the saved card, tell the buyer why."""
    if pledge.kind == Pledge.Kind.SAVED_CARD and pledge.payment_method_id:
        try:
            payment_method_forget(payment_method_id=pledge.payment_method_id)
        except ProcessorUnavailable:
            log.warning("could not detach the card of pledge %s", pledge.pk, exc_info=True)
    _notify(pledge, {Pledge.Status.CANCELLED: "pledge_cancelled",
                     Pledge.Status.FAILED: "pledge_declined"}.get(pledge.status, "pledge_released"))


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


def _ask_buyer_to_complete(pledge: Pledge) -> None:
    """E-mail a link to complete the payment before the deadline."""
    pledge.status = Pledge.Status.ACTION_REQUIRED
    pledge.action_token = pledge.action_token or uuid.uuid4()
    pledge.action_deadline = timezone.now() + timedelta(hours=settings.GROUPBUY_ACTION_HOURS)
    pledge.save(update_fields=["status", "action_token", "action_deadline", "updated_at"])
    _notify(pledge, "complete_payment")


def _units(order, deal: Deal) -> int:
    return (order.lines.filter(product__parent_id=deal.product_id)
            .aggregate(n=Sum("quantity"))["n"] or 0)


def _schedule_tip_check(deal_id: int) -> None:
    transaction.on_commit(lambda: tasks.deal_tip_check_task.delay(deal_id))


def _notify(pledge: Pledge, template: str) -> None:
    order = pledge.attempt.order
    mail_after_commit(template=f"groupbuy/email/{template}", to=[order.email], order=order, context={
        "pledge": pledge, "order": order, "deal": pledge.deal,
        "action_url": absolute_url(reverse("groupbuy:pledge-pay", args=[pledge.action_token]))
        if pledge.action_token else "",
    })
    Pledge.objects.filter(pk=pledge.pk).update(notified_at=timezone.now())


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
        pledge_payment_follow(pledge)
        return pledge
