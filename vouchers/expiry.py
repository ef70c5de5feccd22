"""Vouchers past their validity: each deal's expiry policy, reminders before it, and the audit.

Policies (Deal.ExpiryPolicy): REFUND refunds the price paid automatically (the voucher ends
REFUNDED); PAID_VALUE expires the promotional value but the amount paid stays redeemable (the
voucher ends EXPIRED and the counter accepts it for its price paid, see vouchers/redemption.py);
NO_REFUND expires it. A partly used pass is handled for its unused uses: REFUND gives back their
share of the price paid, PAID_VALUE leaves them redeemable each for its share, NO_REFUND expires
them. Every function here is safe to run twice or in two workers at once: each
voucher is handled under its row lock and re-checked inside it.
"""
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from marketplace.core.mail import mail_send
from marketplace.deals.models import Deal
from marketplace.payments.models import StripeRefund

from . import services
from .models import ExpiryReminder, Voucher, VoucherEvent

log = logging.getLogger(__name__)

EXPIRY_ACTOR = "expiry task"
REMINDERS = [(ExpiryReminder.Kind.WEEK, timedelta(days=7)), (ExpiryReminder.Kind.DAY, timedelta(days=1))]


@dataclass
class ExpiryRun:
    expired: list[int] = field(default_factory=list)
    refunded: list[int] = field(default_factory=list)
    refund_failed: dict[int, str] = field(default_factory=dict)


def vouchers_due_for_expiry(*, now: datetime) -> "list[int]":
    return list(Voucher.objects.filter(status=Voucher.Status.ISSUED, valid_until__lte=now)
                .order_by("valid_until", "pk").values_list("pk", flat=True))


def vouchers_expire(*, now: datetime | None = None, limit: int = 500) -> ExpiryRun:
    """Apply each due voucher's deal policy. A failed refund leaves the voucher ISSUED (past its
    validity, so not redeemable) and it is tried again on the next run; the audit lists it."""
    now = now or timezone.now()
    run = ExpiryRun()
    for voucher_id in vouchers_due_for_expiry(now=now)[:limit]:
        voucher_expire(voucher_id=voucher_id, now=now, run=run)
    return run


def voucher_expire(*, voucher_id: int, now: datetime, run: ExpiryRun) -> None:
    voucher = Voucher.objects.select_related("deal").get(pk=voucher_id)
    if voucher.deal.expiry_policy == Deal.ExpiryPolicy.REFUND:
        _refund_on_expiry(voucher=voucher, now=now, run=run)
        return
    if voucher.deal.expiry_policy == Deal.ExpiryPolicy.PAID_VALUE:
        # A partly used pass: its unused uses stay redeemable, each for its share of the price.
        unused = services.voucher_refund_amount(voucher=voucher)
        reason = (f"Promotional value expired; the {unused} {voucher.currency} paid "
                  "stays redeemable (deal policy).")
    else:
        reason = "Expired without refund (deal policy)."
    with transaction.atomic():
        locked = Voucher.objects.select_for_update().get(pk=voucher_id)
        if locked.status != Voucher.Status.ISSUED or locked.valid_until > now:
            return  # redeemed, refunded or expired by someone else meanwhile
        services.voucher_transition(voucher=locked, to_status=Voucher.Status.EXPIRED,
                           actor_label=EXPIRY_ACTOR, reason=reason)
    run.expired.append(voucher_id)


def _refund_on_expiry(*, voucher: Voucher, now: datetime, run: ExpiryRun) -> None:
    try:
        with transaction.atomic():
            locked = Voucher.objects.select_for_update().get(pk=voucher.pk)
            if locked.status != Voucher.Status.ISSUED or locked.valid_until > now:
                return  # handled by another run, redeemed or refunded meanwhile
            services.voucher_refund(voucher=locked, actor=None, actor_label=EXPIRY_ACTOR,
                           reason="Automatic refund on expiry (deal policy).")
    except services.VoucherRefundError as exc:
        # The voucher stays ISSUED (past its validity, so not redeemable): retried next run,
        # and listed by audit_expired_vouchers until it succeeds.
        log.warning("automatic refund of expired voucher %s failed: %s", voucher.pk, exc)
        run.refund_failed[voucher.pk] = str(exc)
        return
    run.refunded.append(voucher.pk)


# --- reminders ------------------------------------------------------------------------------

def vouchers_send_expiry_reminders(*, now: datetime | None = None) -> int:
    """E-mail each unused voucher's holder 7 days and 1 day before it expires, once each."""
    now = now or timezone.now()
    sent = 0
    for kind, ahead in REMINDERS:
        due = (Voucher.objects.filter(status=Voucher.Status.ISSUED, valid_until__gt=now,
                                      valid_until__lte=now + ahead)
               .exclude(expiry_reminders__kind=kind)
               .select_related("deal__product", "order_line__order"))
        if kind == ExpiryReminder.Kind.WEEK:
            # Within a day of expiry only the last reminder makes sense.
            due = due.filter(valid_until__gt=now + timedelta(days=1))
        for voucher in due:
            sent += voucher_send_expiry_reminder(voucher=voucher, kind=kind)
    return sent


def voucher_send_expiry_reminder(*, voucher: Voucher, kind: str) -> int:
    """1 if this call sent the reminder, 0 if another run already had: the unique row decides."""
    try:
        with transaction.atomic():
            ExpiryReminder.objects.create(voucher=voucher, kind=kind)
            # Sent inside the transaction: if the mail fails, no row stays and the next run retries.
            mail_send(template="vouchers/email/expiry_reminder", to=[voucher.holder_email],
                      order=voucher.order_line.order, context={
                "voucher": voucher, "deal": voucher.deal, "kind": kind,
                "policy": voucher.deal.expiry_policy, "is_gift": voucher.is_gift,
            })
    except IntegrityError:
        return 0
    return 1


# --- audit ----------------------------------------------------------------------------------

@dataclass
class AuditLine:
    voucher: Voucher
    policy: str
    outcome: str
    problem: bool


def expired_vouchers_audit(*, now: datetime | None = None) -> list[AuditLine]:
    """Every voucher past its validity and what became of its money; problems are flagged."""
    now = now or timezone.now()
    vouchers = (Voucher.objects.filter(valid_until__lte=now)
                .exclude(status=Voucher.Status.VOID)
                .select_related("deal__product").order_by("valid_until", "pk"))
    last_event = {}
    for event in VoucherEvent.objects.filter(voucher__in=vouchers).order_by("created_at", "id"):
        last_event[event.voucher_id] = event
    lines = []
    for v in vouchers:
        event = last_event.get(v.pk)
        line = _audit_line(v, event)
        if line is not None:
            lines.append(line)
    return lines


def _audit_line(v: Voucher, event: VoucherEvent | None) -> AuditLine | None:
    policy = v.deal.expiry_policy
    paid = f"{v.price_paid} {v.currency}"
    changed_after_expiry = event is not None and event.created_at >= v.valid_until
    if v.status == Voucher.Status.ISSUED:
        if policy == Deal.ExpiryPolicy.REFUND:
            return AuditLine(v, policy, f"NOT REFUNDED YET: {paid} still owed to the buyer", True)
        return AuditLine(v, policy, "NOT PROCESSED YET by the expiry task", True)
    if v.status == Voucher.Status.EXPIRED:
        if policy == Deal.ExpiryPolicy.REFUND:
            return AuditLine(v, policy, f"MISSED REFUND: expired but {paid} was never refunded", True)
        if policy == Deal.ExpiryPolicy.PAID_VALUE:
            return AuditLine(v, policy, f"{paid} paid remains redeemable at the merchant", False)
        return AuditLine(v, policy, f"{paid} kept (no refund policy)", False)
    if v.status == Voucher.Status.REFUNDED:
        if not changed_after_expiry:
            return None  # refunded by the buyer while valid: not an expired voucher
        return AuditLine(v, policy, f"refunded {paid} on expiry{_refund_reference(v)}", False)
    if v.status == Voucher.Status.REDEEMED:
        if changed_after_expiry:
            return AuditLine(v, policy, f"redeemed after expiry for the {paid} paid", False)
        return None  # used before it expired: not an expired voucher
    return AuditLine(v, policy, f"status {v.status}", False)


def _refund_reference(v: Voucher) -> str:
    refund = StripeRefund.objects.filter(key=f"voucher-{v.pk}").first()
    return f" (Stripe refund {refund.stripe_refund_id})" if refund else ""
