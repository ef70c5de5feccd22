"""Paying merchants through Stripe Connect: their account and its onboarding, staff holds, and
the payout run.

A payout run first finishes the payouts an earlier run left pending, then, for each merchant
with money due, makes one Payout for the period that just ended (unique per merchant, currency
and period end) and books its amount out of what is due, in one transaction; then sends it as
one Transfer with the payout's row locked and its own idempotency key. Nothing is paid twice:
a second run waits for the row, finds it made (sent, or pending: it sends it again with the same
key, after looking for a transfer made by an earlier try); a run killed before Stripe answered
leaves the row pending for the next one. Nothing is lost: a refused transfer books the amount
back into what is due, and it goes with the next payout. See docs/money.md.
"""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone as dt_timezone
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.payments.connect import (
    TransferRefused, connect_account_create, connect_account_read, connect_onboarding_link,
    connect_transfer_read, connect_transfer_send,
)
from marketplace.payments.error_codes import ProcessorUnavailable
from merchants.models import Merchant
from merchants.selectors import merchant_zone

from . import tasks
from .models import Account, Entry, Payout, PayoutAccount
from .money import ZERO
from .periods import period_ended_before
from .terms import terms_in_effect
from .units import Booking, net_into

logger = logging.getLogger(__name__)
Kind = Entry.Kind


class PayoutAccountUnavailable(Exception):
    """Stripe could not be reached about the merchant's account: nothing changed."""


# --- the merchant's Stripe account ----------------------------------------------------------

def payout_account_get(*, merchant: Merchant) -> PayoutAccount:
    account, _created = PayoutAccount.objects.get_or_create(merchant=merchant)
    return account


def payout_account_connect(*, merchant: Merchant, refresh_url: str, return_url: str) -> str:
    """The address of Stripe's onboarding for the merchant's Express account (made on the first
    call, once). Raises PayoutAccountUnavailable when Stripe cannot be reached."""
    with transaction.atomic():
        account = PayoutAccount.objects.select_for_update().get(
            pk=payout_account_get(merchant=merchant).pk)
        try:
            if not account.stripe_account_id:
                made = connect_account_create(
                    reference=f"merchant-{merchant.pk}", email=merchant.contact_email,
                    business_name=merchant.name, country=settings.LEDGER_CONNECT_COUNTRY)
                _account_record(account, made)
            return connect_onboarding_link(account_id=account.stripe_account_id,
                                           refresh_url=refresh_url, return_url=return_url)
        except ProcessorUnavailable as exc:
            raise PayoutAccountUnavailable(str(exc)) from exc


def payout_account_refresh(*, merchant: Merchant) -> PayoutAccount:
    """What Stripe says of the merchant's account now (after onboarding, or when staff ask)."""
    with transaction.atomic():
        account = PayoutAccount.objects.select_for_update().get(
            pk=payout_account_get(merchant=merchant).pk)
        if account.stripe_account_id:
            try:
                _account_record(account, connect_account_read(account_id=account.stripe_account_id))
            except ProcessorUnavailable as exc:
                raise PayoutAccountUnavailable(str(exc)) from exc
        return account


def _account_record(account: PayoutAccount, stripe_account) -> None:
    account.stripe_account_id = stripe_account.id
    account.details_submitted = stripe_account.details_submitted
    account.payouts_enabled = stripe_account.payouts_enabled
    account.transfers_active = stripe_account.transfers_active
    account.synced_at = timezone.now()
    account.save()


@transaction.atomic
def merchant_hold(*, merchant: Merchant, reason: str, actor) -> PayoutAccount:
    """Staff stop paying a merchant (their money keeps accruing); the reason is shown to them."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the merchant sees it.")})
    account = PayoutAccount.objects.select_for_update().get(
        pk=payout_account_get(merchant=merchant).pk)
    account.on_hold, account.hold_reason = True, reason
    account.held_by, account.held_at = actor, timezone.now()
    account.save()
    return account


@transaction.atomic
def merchant_hold_lift(*, merchant: Merchant, actor) -> PayoutAccount:
    account = PayoutAccount.objects.select_for_update().get(
        pk=payout_account_get(merchant=merchant).pk)
    account.on_hold, account.hold_reason, account.held_by, account.held_at = False, "", actor, None
    account.save()
    return account


def payout_blocker(account: PayoutAccount | None) -> str:
    """Why the merchant cannot be paid now ("" when they can), in words for them."""
    if account is None or not account.stripe_account_id:
        return _("No Stripe account is connected: connect one to be paid.")
    if account.on_hold:
        return _("Payouts are on hold: %(reason)s") % {"reason": account.hold_reason}
    if not account.transfers_active:
        return _("Your Stripe account cannot receive transfers yet: finish its set-up at Stripe.")
    return ""


# --- what is due ------------------------------------------------------------------------------

def payout_due(*, merchant_id: int, currency: str, cutoff: datetime) -> Decimal:
    """What is due to the merchant for the entries booked before ``cutoff``, less every payout
    already made (whenever it was booked)."""
    return (Entry.objects.filter(Q(booked_at__lt=cutoff) | Q(kind=Kind.PAYOUT),
                                 merchant_id=merchant_id, currency=currency)
            .aggregate(due=net_into(Account.MERCHANT))["due"])


def merchants_with_money_due(*, merchant_ids: list[int] | None = None) -> list[tuple[int, str]]:
    """(merchant id, currency) of each merchant to whom something is due now."""
    entries = Entry.objects.filter(Q(debit=Account.MERCHANT) | Q(credit=Account.MERCHANT))
    if merchant_ids is not None:
        entries = entries.filter(merchant_id__in=merchant_ids)
    rows = (entries.order_by().values("merchant_id", "currency")
            .annotate(due=net_into(Account.MERCHANT)).filter(due__gt=0)
            .order_by("merchant_id", "currency"))
    return [(row["merchant_id"], row["currency"]) for row in rows]


def payout_cutoff(*, merchant: Merchant, now: datetime) -> datetime:
    """The end of the merchant's last pay period (under their terms of now)."""
    schedule = terms_in_effect(merchant_id=merchant.pk, at=now).schedule
    return period_ended_before(schedule=schedule, at=now, zone=merchant_zone(merchant)).end


# --- the run ----------------------------------------------------------------------------------

@dataclass
class PayoutRun:
    """What a run did: payouts sent, refused, left pending (Stripe did not answer), and the
    merchants with money due who were not paid, with why."""

    sent: list[Payout] = field(default_factory=list)
    failed: list[Payout] = field(default_factory=list)
    pending: list[Payout] = field(default_factory=list)
    not_paid: dict[int, str] = field(default_factory=dict)

    def record(self, payout: Payout | None) -> None:
        if payout is None:
            return
        {Payout.Status.SENT: self.sent, Payout.Status.FAILED: self.failed,
         Payout.Status.PENDING: self.pending}.get(payout.status, []).append(payout)

    def summary(self) -> dict:
        return {"sent": len(self.sent), "failed": len(self.failed), "pending": len(self.pending),
                "not_paid": len(self.not_paid)}


def payouts_run(*, now: datetime | None = None, on_demand: bool = False,
                requested_by_id: int | None = None,
                merchant_ids: list[int] | None = None) -> PayoutRun:
    """Pay every merchant (or those of ``merchant_ids``) what is due for their last pay period;
    ``on_demand`` (staff): what is due now."""
    now = now or timezone.now()
    run = PayoutRun()
    left_pending = Payout.objects.filter(status=Payout.Status.PENDING)
    if merchant_ids is not None:
        left_pending = left_pending.filter(merchant_id__in=merchant_ids)
    for payout_id in left_pending.order_by("pk").values_list("pk", flat=True):
        run.record(payout_send(payout_id=payout_id))
    due = merchants_with_money_due(merchant_ids=merchant_ids)
    merchants = Merchant.objects.in_bulk([merchant_id for merchant_id, _currency in due])
    for merchant_id, currency in due:
        merchant = merchants[merchant_id]
        cutoff = now if on_demand else payout_cutoff(merchant=merchant, now=now)
        made = payout_make(merchant=merchant, currency=currency, cutoff=cutoff,
                           requested_by_id=requested_by_id)
        if isinstance(made, str):
            run.not_paid[merchant_id] = made
        elif made is not None and made.status == Payout.Status.PENDING:
            run.record(payout_send(payout_id=made.pk))
    return run


def payouts_run_request(*, actor) -> None:
    """Staff ask for a payout run now (what is due now, to every merchant who can be paid): the
    worker runs it once this transaction commits."""
    actor_id = actor.pk if actor else None
    transaction.on_commit(lambda: tasks.payouts_run_task.delay(on_demand=True,
                                                               requested_by_id=actor_id))


def payout_make(*, merchant: Merchant, currency: str, cutoff: datetime,
                requested_by_id: int | None = None) -> Payout | str | None:
    """The payout of what is due at ``cutoff``, made once (the row, and the money booked out
    of what is due, together); the reason when the merchant cannot be paid; None when nothing
    is due."""
    with transaction.atomic():
        account = PayoutAccount.objects.select_for_update().get(
            pk=payout_account_get(merchant=merchant).pk)
        made = Payout.objects.filter(merchant=merchant, currency=currency, cutoff=cutoff).first()
        if made is not None:
            return made
        due = payout_due(merchant_id=merchant.pk, currency=currency, cutoff=cutoff)
        if due <= 0:
            return None
        blocker = payout_blocker(account)
        if blocker:
            return blocker
        previous = (Payout.objects.filter(merchant=merchant, currency=currency, cutoff__lt=cutoff)
                    .order_by("-cutoff").values_list("cutoff", flat=True).first())
        stamp = cutoff.astimezone(dt_timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        payout = Payout.objects.create(
            merchant=merchant, currency=currency, period_start=previous, cutoff=cutoff, amount=due,
            destination=account.stripe_account_id, requested_by_id=requested_by_id,
            transfer_group=f"merchant-{merchant.pk}-{stamp}",
            idempotency_key=f"payout-{merchant.pk}-{currency}-{stamp}")
        booking = Booking(now=timezone.now())
        booking.add(kind=Kind.PAYOUT, debit=Account.MERCHANT, credit=Account.PAID_OUT, amount=due,
                    merchant_id=merchant.pk, currency=currency, payout=payout,
                    actor_id=requested_by_id)
        booking.save()
        return payout


def payout_send(*, payout_id: int) -> Payout | None:
    """Send a pending payout as one Transfer (its row locked meanwhile: another run skips it).
    None when it is not pending any more, or another run is sending it."""
    with transaction.atomic():
        payout = (Payout.objects.select_for_update(skip_locked=True)
                  .filter(pk=payout_id, status=Payout.Status.PENDING).first())
        if payout is None:
            return None
        if PayoutAccount.objects.filter(merchant_id=payout.merchant_id, on_hold=True).exists():
            payout.last_error = _("not sent: the merchant's payouts are on hold")
            payout.save(update_fields=["last_error"])
            return payout
        payout.attempts += 1
        try:
            payout.transfer_id = connect_transfer_send(
                amount=payout.amount, currency=payout.currency, destination=payout.destination,
                transfer_group=payout.transfer_group, idempotency_key=payout.idempotency_key,
                metadata={"payout": str(payout.pk), "merchant": str(payout.merchant_id)})
        except TransferRefused as exc:
            payout.status, payout.last_error = Payout.Status.FAILED, f"{exc.code}: {exc}"
            _returned_book(payout, payout.amount, reason=_("Stripe refused the transfer: %(why)s")
                           % {"why": exc})
        except ProcessorUnavailable as exc:
            payout.last_error = str(exc)[:2000]  # stays pending: the next run sends it again
        else:
            payout.status, payout.sent_at, payout.last_error = (Payout.Status.SENT, timezone.now(),
                                                                "")
        payout.save()
        return payout


def _returned_book(payout: Payout, returned: Decimal, *, reason: str) -> None:
    """Make what came back of ``payout`` (refused, or reversed at Stripe) due again, once."""
    booked = (Entry.objects.filter(payout=payout, debit=Account.PAID_OUT)
              .aggregate(total=Sum("amount"))["total"] or ZERO)
    if returned > booked:
        booking = Booking(now=timezone.now())
        booking.add(kind=Kind.PAYOUT, debit=Account.PAID_OUT, credit=Account.MERCHANT,
                    amount=returned - booked, merchant_id=payout.merchant_id,
                    currency=payout.currency, payout=payout, reason=reason)
        booking.save()


def payouts_follow(*, now: datetime | None = None, days: int = 90,
                   every: timedelta = timedelta(hours=6)) -> int:
    """Read again the transfers sent in the last ``days``: what Stripe reversed becomes due again.
    Returns how many payouts were read."""
    now = now or timezone.now()
    sent = (Payout.objects.filter(status=Payout.Status.SENT, sent_at__gte=now - timedelta(days=days))
            .filter(Q(checked_at__isnull=True) | Q(checked_at__lt=now - every))
            .order_by("pk").values_list("pk", flat=True))
    read = 0
    for payout_id in sent:
        payout = Payout.objects.get(pk=payout_id)
        try:
            state = connect_transfer_read(transfer_id=payout.transfer_id, currency=payout.currency)
        except ProcessorUnavailable:
            logger.warning("payout %s: its transfer could not be read, next time", payout_id)
            continue
        with transaction.atomic():
            payout = Payout.objects.select_for_update().get(pk=payout_id)
            payout.amount_reversed = min(state.amount_reversed, payout.amount)
            _returned_book(payout, payout.amount_reversed,
                           reason=_("reversed at Stripe (%(id)s)") % {"id": payout.transfer_id})
            if payout.amount_reversed >= payout.amount:
                payout.status = Payout.Status.REVERSED
            payout.checked_at = now
            payout.save()
        read += 1
    return read
