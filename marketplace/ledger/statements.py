"""A merchant's statement for a period: opening balance, each voucher's money in the period, staff
adjustments, payouts, closing balance, and what will be paid next and when. Every figure is an
aggregate computed by the database (a statement of 100,000 vouchers reads no entry in Python)."""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from merchants.models import Merchant
from merchants.selectors import merchant_zone

from .models import Account, Entry, Payout, PayoutAccount
from .money import ZERO
from .payouts import payout_blocker
from .periods import period_containing
from .selectors import merchant_balance, units_bought
from .terms import terms_in_effect
from .units import MONEY, net_into

Kind = Entry.Kind
OWED = (Account.MERCHANT, Account.RESERVE)


@dataclass(frozen=True)
class StatementTotals:
    sold: Decimal
    refunded: Decimal
    commission: Decimal
    earned: Decimal  # what the merchant's vouchers made due to them (less refunds taken back)
    adjusted: Decimal
    paid_out: Decimal
    vouchers_sold: int
    redemptions: int
    refunds: int
    expired: int
    bought: int  # units bought less units refunded (selectors.units_bought: the deal page's too)


@dataclass(frozen=True)
class NextPayout:
    amount: Decimal  # due now: paid after the current period ends
    on: datetime  # the end of the current pay period
    reserve: Decimal  # held back, released later
    blocker: str  # why the merchant will not be paid ("" when they will)


@dataclass(frozen=True)
class Statement:
    merchant: Merchant
    currency: str
    start: datetime
    end: datetime
    opening: Decimal  # owed to the merchant at ``start`` (due + held back)
    closing: Decimal
    totals: StatementTotals
    lines: QuerySet  # one row per voucher with money in the period (see voucher_lines)
    adjustments: QuerySet[Entry]
    payouts: QuerySet[Payout]
    next_payout: NextPayout


def voucher_lines(*, merchant_id: int, currency: str, start: datetime, end: datetime) -> QuerySet:
    """One row per voucher (order line and unit; ``voucher_id`` is None when its only entry in the
    period is its sale, booked before it was issued) with the sums of its entries in the period, in
    the order of its first entry: sold, refunded, commission, earned (the merchant's share), and
    how many sales, uses, undone uses, refunds, expiries and voids."""
    return (_period(merchant_id, currency, start, end).filter(order_line__isnull=False)
            .values("order_line_id", "unit_index")
            .annotate(voucher_id=Max("voucher_id"), deal_id=Max("deal_id"), at=Min("booked_at"),
                      order_number=Max("order_line__order__number"),
                      sold=Coalesce(Sum("amount", filter=Q(kind=Kind.SALE, debit=Account.BUYERS)),
                                    ZERO, output_field=MONEY),
                      refunded=net_into(Account.BUYERS, extra=~Q(kind=Kind.SALE)),
                      commission=net_into(Account.COMMISSION), earned=net_into(*OWED),
                      redemptions=Count("id", filter=Q(kind=Kind.REDEMPTION, debit=Account.HELD,
                                                       credit=Account.MERCHANT)),
                      undone=Count("id", filter=Q(kind=Kind.REDEMPTION, credit=Account.HELD,
                                                  debit=Account.MERCHANT)),
                      refunds=Count("refund_id", distinct=True, filter=Q(kind=Kind.REFUND)),
                      expired=Count("id", filter=Q(kind=Kind.BREAKAGE, credit=Account.MERCHANT)),
                      voided=Count("id", filter=Q(kind=Kind.BREAKAGE, credit=Account.BREAKAGE)))
            .order_by("at", "order_line_id", "unit_index"))


def statement_build(*, merchant: Merchant, currency: str, start: datetime, end: datetime,
                    now: datetime | None = None) -> Statement:
    now = now or timezone.now()
    entries = _period(merchant.pk, currency, start, end)
    sums = entries.aggregate(
        sold=Coalesce(Sum("amount", filter=Q(kind=Kind.SALE, debit=Account.BUYERS)), ZERO,
                      output_field=MONEY),
        refunded=net_into(Account.BUYERS, extra=~Q(kind=Kind.SALE)),
        commission=net_into(Account.COMMISSION),
        earned=net_into(*OWED, extra=Q(order_line__isnull=False)),
        adjusted=net_into(*OWED, extra=Q(kind=Kind.ADJUSTMENT)),
        paid_out=net_into(Account.PAID_OUT),
        vouchers_sold=Count("id", filter=Q(kind=Kind.SALE, debit=Account.BUYERS)),
        redemptions=Count("id", filter=Q(kind=Kind.REDEMPTION, debit=Account.HELD,
                                         credit=Account.MERCHANT))
        - Count("id", filter=Q(kind=Kind.REDEMPTION, credit=Account.HELD, debit=Account.MERCHANT)),
        refunds=Count("refund_id", distinct=True, filter=Q(kind=Kind.REFUND)),
        expired=Count("id", filter=Q(kind=Kind.BREAKAGE, credit=Account.MERCHANT)))
    opening = merchant_balance(merchant_id=merchant.pk, currency=currency, before=start)
    closing = merchant_balance(merchant_id=merchant.pk, currency=currency, before=end)
    current = merchant_balance(merchant_id=merchant.pk, currency=currency)
    schedule = terms_in_effect(merchant_id=merchant.pk, at=now).schedule
    return Statement(
        merchant=merchant, currency=currency, start=start, end=end,
        opening=opening.owed, closing=closing.owed, totals=StatementTotals(
            **sums, bought=sum(units_bought(merchant_id=merchant.pk, currency=currency,
                                            start=start, end=end).values())),
        lines=voucher_lines(merchant_id=merchant.pk, currency=currency, start=start, end=end),
        adjustments=entries.filter(kind=Kind.ADJUSTMENT).select_related("actor"),
        payouts=Payout.objects.filter(merchant=merchant, currency=currency,
                                      entries__booked_at__gte=start,
                                      entries__booked_at__lt=end).distinct().order_by("cutoff"),
        next_payout=NextPayout(
            amount=max(current.due, ZERO),
            on=period_containing(schedule=schedule, at=now, zone=merchant_zone(merchant)).end,
            reserve=current.reserve,
            blocker=payout_blocker(PayoutAccount.objects.filter(merchant=merchant).first())))


def _period(merchant_id: int, currency: str, start: datetime, end: datetime) -> QuerySet[Entry]:
    return Entry.objects.filter(merchant_id=merchant_id, currency=currency, booked_at__gte=start,
                                booked_at__lt=end).order_by()
