"""Reading the ledger: balances are sums over entries, computed by the database."""
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet

from .models import Account, Entry, Payout, PayoutAccount
from .money import ZERO
from .units import Unit, net_into

Kind = Entry.Kind
SALE = Q(kind=Kind.SALE, debit=Account.BUYERS)
REFUND = Q(kind=Kind.REFUND, credit=Account.BUYERS)


@dataclass(frozen=True)
class Balances:
    """Where a merchant's money is, in one currency (each a sum over their entries)."""

    currency: str
    due: Decimal = ZERO  # due to the merchant now (the next payout)
    reserve: Decimal = ZERO  # theirs, held back for refunds until released
    held: Decimal = ZERO  # paid by buyers for vouchers not redeemed yet
    commission: Decimal = ZERO  # the platform's commission on their sales
    breakage: Decimal = ZERO  # kept by the platform from voided vouchers
    paid_out: Decimal = ZERO  # transferred to their Stripe account
    sold: Decimal = ZERO  # paid by buyers
    refunded: Decimal = ZERO  # given back to buyers

    @property
    def owed(self) -> Decimal:
        """What the platform owes the merchant: due now and held back."""
        return self.due + self.reserve


ACCOUNT_SUMS = {
    "due": net_into(Account.MERCHANT),
    "reserve": net_into(Account.RESERVE),
    "held": net_into(Account.HELD),
    "commission": net_into(Account.COMMISSION),
    "breakage": net_into(Account.BREAKAGE),
    "paid_out": net_into(Account.PAID_OUT),
    "refunded": net_into(Account.BUYERS, extra=~Q(kind=Kind.SALE)),
    "sold": -net_into(Account.BUYERS, extra=Q(kind=Kind.SALE)),
}


def balances(entries: QuerySet[Entry]) -> dict[str, Balances]:
    """The balances of ``entries`` by currency, in one aggregate query."""
    rows = entries.order_by().values("currency").annotate(**ACCOUNT_SUMS)
    names = {f.name for f in fields(Balances)}
    return {row["currency"]: Balances(**{k: v for k, v in row.items() if k in names})
            for row in rows}


def merchant_balances(*, merchant_id: int, before: datetime | None = None) -> dict[str, Balances]:
    """A merchant's balances by currency (from the entries booked before ``before``)."""
    entries = Entry.objects.filter(merchant_id=merchant_id)
    if before is not None:
        entries = entries.filter(booked_at__lt=before)
    return balances(entries)


def merchant_balance(*, merchant_id: int, currency: str,
                     before: datetime | None = None) -> Balances:
    return merchant_balances(merchant_id=merchant_id, before=before).get(
        currency, Balances(currency=currency))


def units_bought(*, deal_ids: list[int] | None = None, merchant_id: int | None = None,
                 currency: str | None = None, start: datetime | None = None,
                 end: datetime | None = None) -> dict[int, int]:
    """Units bought per deal: every unit paid for, less every unit refunded (in part or whole),
    from the entries booked in [start, end) (all of them without bounds). Units reserved at
    checkout but not paid yet are not bought."""
    entries = Entry.objects.order_by()
    if deal_ids is not None:
        entries = entries.filter(deal_id__in=deal_ids)
    if merchant_id is not None:
        entries = entries.filter(merchant_id=merchant_id)
    if currency is not None:
        entries = entries.filter(currency=currency)
    if start is not None:
        entries = entries.filter(booked_at__gte=start)
    if end is not None:
        entries = entries.filter(booked_at__lt=end)
    counts = defaultdict(int)
    for row in entries.filter(SALE).values("deal_id").annotate(n=Count("id")):
        counts[row["deal_id"]] += row["n"]
    refunded = entries.filter(REFUND).values("deal_id", "order_line_id", "unit_index").distinct()
    for row in refunded:
        counts[row["deal_id"]] -= 1
    return dict(counts)


def deal_units_bought(*, deal_id: int) -> int:
    return units_bought(deal_ids=[deal_id]).get(deal_id, 0)


def entries_of_unit(*, unit: Unit) -> QuerySet[Entry]:
    """Every entry of a voucher's life, from its sale (booked before it was issued) on."""
    return (Entry.objects.filter(order_line_id=unit.order_line_id, unit_index=unit.unit_index)
            .order_by("booked_at", "pk"))


@dataclass(frozen=True)
class Owed:
    """What one merchant is owed in one currency, and whether they can be paid."""

    merchant_id: int
    merchant_name: str
    currency: str
    due: Decimal
    reserve: Decimal
    held: Decimal
    stripe_account_id: str
    on_hold: bool
    hold_reason: str


def merchants_owed() -> list[Owed]:
    """Every merchant with money in the ledger: due, held back, held for unredeemed vouchers
    (one aggregate query, grouped by merchant and currency)."""
    rows = (Entry.objects.order_by().values("merchant_id", "currency")
            .annotate(due=ACCOUNT_SUMS["due"], reserve=ACCOUNT_SUMS["reserve"],
                      held=ACCOUNT_SUMS["held"], merchant_name=Max("merchant__name"))
            .order_by("merchant_name", "currency"))
    accounts = {a.merchant_id: a for a in PayoutAccount.objects.filter(
        merchant_id__in={r["merchant_id"] for r in rows})}
    owed = []
    for r in rows:
        account = accounts.get(r["merchant_id"])
        owed.append(Owed(merchant_id=r["merchant_id"], merchant_name=r["merchant_name"],
                         currency=r["currency"], due=r["due"], reserve=r["reserve"],
                         held=r["held"],
                         stripe_account_id=account.stripe_account_id if account else "",
                         on_hold=bool(account and account.on_hold),
                         hold_reason=account.hold_reason if account else ""))
    return owed


@dataclass(frozen=True)
class PlatformReport:
    """The platform's own accounts for a period, in one currency."""

    currency: str
    commission_earned: Decimal  # booked in the period (net of refunds taking it back)
    breakage_kept: Decimal
    refunds_paid: Decimal
    payouts_made: Decimal
    unredeemed_liability: Decimal  # held for unredeemed vouchers at the end of the period


def platform_report(*, start: datetime, end: datetime) -> list[PlatformReport]:
    period = balances(Entry.objects.filter(booked_at__gte=start, booked_at__lt=end))
    at_end = balances(Entry.objects.filter(booked_at__lt=end))
    return [PlatformReport(currency=currency, commission_earned=b.commission,
                           breakage_kept=b.breakage, refunds_paid=b.refunded,
                           payouts_made=b.paid_out,
                           unredeemed_liability=at_end[currency].held)
            for currency, b in sorted(period.items())]


def payouts_recent(*, limit: int = 30) -> QuerySet:
    return Payout.objects.select_related("merchant").order_by("-created_at", "-id")[:limit]
