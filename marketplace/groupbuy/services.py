"""The tipping point: orders for a deal below its minimum pay only once the deal tips.

Until a deal with ``min_buyers`` has that many units held, a purchase only authorises the card
(a PaymentIntent with manual capture) or, when the sale window is longer than an authorisation
lives (GROUPBUY_AUTHORISATION_DAYS), saves the card (SetupIntent) to charge it off-session later.
Either way the order's units stay reserved and no voucher is issued. When the minimum is reached
every held pledge is captured or charged, in batches, and the payments app issues the vouchers;
when the window ends first, every pledge is cancelled and its units released.

Every step is idempotent and safe in two workers at once: a pledge is settled under its row lock
(taken with SKIP LOCKED, so workers share a batch instead of queueing), re-checked inside it, and
every Stripe write carries an idempotency key derived from the pledge.
"""
import logging
import uuid
from datetime import timedelta

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from marketplace.core.mail import absolute_url, mail_after_commit
from marketplace.deals.models import Deal
from marketplace.payments.gateway import stripe_client, to_minor_units
from marketplace.payments.models import PaymentAttempt

from .models import DealTipping, Pledge

log = logging.getLogger(__name__)

# Pledges that count toward the minimum.
COUNTED = (Pledge.Status.HELD, Pledge.Status.PAID, Pledge.Status.ACTION_REQUIRED)
ORDER_CANCELLED = "Cancelled"


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


def intent_params(*, order) -> dict:
    """Extra PaymentIntent parameters for ``order``: authorise only while its deal has not tipped."""
    deal, kind = pledge_kind_for(order)
    return {"capture_method": "manual"} if kind == Pledge.Kind.AUTHORISATION else {}


def pledge_save_card(*, attempt: PaymentAttempt, payment_method_id: str):
    """For a long sale window: save the card instead of charging it. None when not applicable.

    Runs inside payment_charge's transaction (the attempt row is locked).
    """
    from marketplace.payments.error_codes import PaymentErrorCode
    from marketplace.payments.services import PaymentOutcome, _fail

    deal, kind = pledge_kind_for(attempt.order)
    if kind != Pledge.Kind.SAVED_CARD:
        return None
    client = stripe_client()
    key = attempt.idempotency_key
    try:
        customer = client.v1.customers.create(
            params={"email": attempt.order.email, "metadata": {"order_number": attempt.order.number}},
            options={"idempotency_key": f"cus-create-{key}"})
        setup = client.v1.setup_intents.create(
            params={"customer": customer.id, "usage": "off_session",
                    "metadata": {"attempt_id": str(attempt.pk)}},
            options={"idempotency_key": f"seti-create-{key}"})
        setup = client.v1.setup_intents.confirm(
            setup.id, params={"payment_method": payment_method_id},
            options={"idempotency_key": f"seti-confirm-{key}"})
    except stripe.CardError as exc:
        return _fail(attempt, PaymentErrorCode.CARD_DECLINED, detail=exc.user_message or "")
    except stripe.StripeError as exc:
        log.warning("saving the card of attempt %s failed: %s", attempt.pk, exc)
        return _fail(attempt, PaymentErrorCode.PROCESSOR_UNAVAILABLE, detail=str(exc))
    if setup.status != "succeeded":
        # Authentication at saving time is not offered: the buyer is asked to use another card.
        return _fail(attempt, PaymentErrorCode.AUTHENTICATION_FAILED,
                     detail=f"setup intent {setup.id} is {setup.status}")
    attempt.payment_method_id = payment_method_id
    attempt.status = PaymentAttempt.Status.PROCESSING
    attempt.save(update_fields=["payment_method_id", "status", "updated_at"])
    Pledge.objects.create(
        attempt=attempt, deal=deal, units=_units(attempt.order, deal), kind=kind,
        status=Pledge.Status.HELD, customer_id=customer.id, setup_intent_id=setup.id,
        payment_method_id=payment_method_id,
    )
    _schedule_tip_check(deal.pk)
    return PaymentOutcome("processing", attempt.order.number)


def pledge_authorised(*, attempt: PaymentAttempt, intent):
    """The card of ``attempt`` is authorised (requires_capture): hold it toward the minimum."""
    from marketplace.payments.services import PaymentOutcome

    deal = group_deal_of_order(attempt.order)
    if deal is None:  # not a group deal: leave it to the payments app as it was
        return PaymentOutcome("processing", attempt.order.number)
    attempt.status = PaymentAttempt.Status.PROCESSING
    attempt.save(update_fields=["status", "updated_at"])
    pledge, created = Pledge.objects.get_or_create(
        attempt=attempt,
        defaults={"deal": deal, "units": _units(attempt.order, deal),
                  "kind": Pledge.Kind.AUTHORISATION, "status": Pledge.Status.HELD,
                  "payment_method_id": attempt.payment_method_id})
    if created or pledge.status == Pledge.Status.AWAITING:
        Pledge.objects.filter(pk=pledge.pk).update(status=Pledge.Status.HELD)
        _schedule_tip_check(deal.pk)
    return PaymentOutcome("processing", attempt.order.number)


def _units(order, deal: Deal) -> int:
    return (order.lines.filter(product__parent_id=deal.product_id)
            .aggregate(n=Sum("quantity"))["n"] or 0)


def _schedule_tip_check(deal_id: int) -> None:
    from .tasks import deal_tip_check_task

    transaction.on_commit(lambda: deal_tip_check_task.delay(deal_id))


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
    from .tasks import deal_pledges_settle_task

    transaction.on_commit(lambda: deal_pledges_settle_task.delay(deal_id))
    return True


def deal_pledges_settle(*, deal_id: int, batch_size: int | None = None) -> tuple[int, bool]:
    """Capture or charge one batch of a tipped deal's held pledges: (settled, more left)."""
    batch_size = batch_size or settings.GROUPBUY_BATCH_SIZE
    if not DealTipping.objects.filter(deal_id=deal_id, tipped_at__isnull=False).exists():
        return 0, False
    settled = 0
    with transaction.atomic():
        batch = list(Pledge.objects.select_for_update(skip_locked=True)
                     .filter(deal_id=deal_id, status=Pledge.Status.HELD)
                     .order_by("pk")[:batch_size])
        for pledge in batch:
            try:
                settled += _settle(pledge)
            except Exception:  # noqa: BLE001 - one bad pledge must not hold back the batch
                # Left HELD (its savepoint rolled back); what reached Stripe is found again by
                # the next run, which reads the intent's state before doing anything.
                log.exception("settling pledge %s failed; it will be retried", pledge.pk)
    more = Pledge.objects.filter(deal_id=deal_id, status=Pledge.Status.HELD).exists()
    return settled, more


def _settle(pledge: Pledge) -> int:
    # Each pledge in its own savepoint: one failure does not undo the others of the batch.
    with transaction.atomic():
        if pledge.kind == Pledge.Kind.AUTHORISATION:
            return _capture(pledge)
        return _charge_saved_card(pledge)


def _capture(pledge: Pledge) -> int:
    from marketplace.payments.services import payment_sync

    attempt = pledge.attempt
    client = stripe_client()
    intent = client.v1.payment_intents.retrieve(attempt.payment_intent_id)
    if intent.status == "requires_capture":
        try:
            intent = client.v1.payment_intents.capture(
                intent.id, options={"idempotency_key": f"capture-pledge-{pledge.pk}"})
        except stripe.StripeError as exc:
            # Left HELD: the next settle run (beat) tries again.
            log.warning("capture of pledge %s failed: %s", pledge.pk, exc)
            return 0
    outcome = payment_sync(attempt_id=attempt.pk)  # paid: the payments app issues the vouchers
    pledge.status = Pledge.Status.PAID if outcome.succeeded else Pledge.Status.FAILED
    pledge.failure_message = outcome.message
    pledge.save(update_fields=["status", "failure_message", "updated_at"])
    return 1


def _charge_saved_card(pledge: Pledge) -> int:
    from marketplace.payments.services import payment_sync

    attempt = PaymentAttempt.objects.select_for_update().select_related("order").get(
        pk=pledge.attempt_id)
    client = stripe_client()
    if not attempt.payment_intent_id:
        try:
            intent = client.v1.payment_intents.create(
                params={"amount": to_minor_units(attempt.amount, attempt.currency),
                        "currency": attempt.currency.lower(), "customer": pledge.customer_id,
                        "payment_method": pledge.payment_method_id,
                        "payment_method_types": ["card"], "confirm": True, "off_session": True,
                        "metadata": {"order_number": attempt.order.number,
                                     "attempt_id": str(attempt.pk), "pledge_id": str(pledge.pk)}},
                options={"idempotency_key": f"offsession-pledge-{pledge.pk}"})
        except stripe.CardError as exc:
            if exc.code != "authentication_required":
                # Declined: the order is cancelled, its units released and the buyer told.
                log.info("off-session charge of pledge %s declined: %s", pledge.pk, exc)
                pledge.failure_message = exc.user_message or str(exc)
                return int(_end_pledge(pledge, Pledge.Status.FAILED))
            # Real Stripe answers authentication_required with an error naming the
            # PaymentIntent; the buyer can still complete it on our page.
            intent_id = _intent_id_of_error(exc)
            if not intent_id:
                log.warning("off-session charge of pledge %s failed: %s", pledge.pk, exc)
                return 0
            intent = client.v1.payment_intents.retrieve(intent_id)
        attempt.payment_intent_id = intent.id
        attempt.save(update_fields=["payment_intent_id", "updated_at"])
    else:
        intent = client.v1.payment_intents.retrieve(attempt.payment_intent_id)
    if intent.status == "succeeded":
        payment_sync(attempt_id=attempt.pk)
        pledge.status = Pledge.Status.PAID
        pledge.save(update_fields=["status", "updated_at"])
        return 1
    _ask_buyer_to_complete(pledge, attempt)
    return 1


def _intent_id_of_error(exc: stripe.StripeError) -> str:
    intent = getattr(exc.error, "payment_intent", None) if exc.error else None
    if not intent:
        return ""
    return intent if isinstance(intent, str) else intent.get("id", "")


def _ask_buyer_to_complete(pledge: Pledge, attempt: PaymentAttempt) -> None:
    """The bank wants the buyer: e-mail a link to complete the payment before the deadline."""
    attempt.status = PaymentAttempt.Status.REQUIRES_ACTION
    attempt.save(update_fields=["status", "updated_at"])
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
    intent = stripe_client().v1.payment_intents.retrieve(pledge.attempt.payment_intent_id)
    return intent.client_secret


def pledge_action_complete(*, token) -> Pledge | None:
    """The buyer is back from authenticating: settle the pledge if its PaymentIntent succeeded."""
    from marketplace.payments.services import payment_sync

    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().filter(action_token=token).first()
        if pledge is None or pledge.status != Pledge.Status.ACTION_REQUIRED:
            return pledge
        outcome = payment_sync(attempt_id=pledge.attempt_id)
        if outcome.succeeded:
            pledge.status = Pledge.Status.PAID
            pledge.save(update_fields=["status", "updated_at"])
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
                      .filter(pk=pledge_id, status=Pledge.Status.ACTION_REQUIRED).first())
            if pledge is None:
                continue
            if _end_pledge(pledge, Pledge.Status.RELEASED):
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
        from .tasks import deal_pledges_cancel_task

        deal_pledges_cancel_task.delay(deal_id)
    # Closed deals whose cancellation failed earlier (Stripe down): try again.
    from .tasks import deal_pledges_cancel_task

    stuck = (Pledge.objects.filter(deal__tipping__closed_at__isnull=False,
                                   status__in=(Pledge.Status.AWAITING, Pledge.Status.HELD,
                                               Pledge.Status.ACTION_REQUIRED))
             .exclude(deal_id__in=closed).values_list("deal_id", flat=True).distinct())
    for deal_id in stuck:
        deal_pledges_cancel_task.delay(deal_id)
    return closed


def deal_pledges_cancel(*, deal_id: int, batch_size: int | None = None) -> tuple[int, bool]:
    """Cancel one batch of a closed deal's open pledges: (cancelled, more left)."""
    batch_size = batch_size or settings.GROUPBUY_BATCH_SIZE
    if not DealTipping.objects.filter(deal_id=deal_id, closed_at__isnull=False).exists():
        return 0, False
    open_statuses = (Pledge.Status.AWAITING, Pledge.Status.HELD, Pledge.Status.ACTION_REQUIRED)
    cancelled = 0
    with transaction.atomic():
        batch = list(Pledge.objects.select_for_update(skip_locked=True)
                     .filter(deal_id=deal_id, status__in=open_statuses).order_by("pk")[:batch_size])
        for pledge in batch:
            with transaction.atomic():
                cancelled += _end_pledge(pledge, Pledge.Status.CANCELLED)
    more = Pledge.objects.filter(deal_id=deal_id, status__in=open_statuses).exists()
    return cancelled, more


def _end_pledge(pledge: Pledge, status: str) -> bool:
    """Cancel the authorisation (or forget the saved card), release the order's units, e-mail."""
    from marketplace.checkout.services import order_release

    attempt = PaymentAttempt.objects.select_for_update().select_related("order").get(
        pk=pledge.attempt_id)
    client = stripe_client()
    try:
        if attempt.payment_intent_id:
            intent = client.v1.payment_intents.retrieve(attempt.payment_intent_id)
            if intent.status == "succeeded":
                # Paid meanwhile (the buyer authenticated just in time): it stands.
                from marketplace.payments.services import payment_sync

                payment_sync(attempt_id=attempt.pk)
                Pledge.objects.filter(pk=pledge.pk).update(status=Pledge.Status.PAID)
                return False
            if intent.status != "canceled":
                client.v1.payment_intents.cancel(
                    intent.id, options={"idempotency_key": f"cancel-pledge-{pledge.pk}"})
        if pledge.payment_method_id and pledge.customer_id:
            client.v1.payment_methods.detach(pledge.payment_method_id)
    except stripe.StripeError as exc:
        log.warning("cancelling pledge %s failed, will retry: %s", pledge.pk, exc)
        return False
    attempt.status = PaymentAttempt.Status.CANCELED
    attempt.save(update_fields=["status", "updated_at"])
    order_release(order=attempt.order, status=ORDER_CANCELLED)
    pledge.status = status
    pledge.save(update_fields=["status", "failure_message", "updated_at"])
    _notify(pledge, {Pledge.Status.CANCELLED: "pledge_cancelled",
                     Pledge.Status.FAILED: "pledge_declined"}.get(status, "pledge_released"))
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
