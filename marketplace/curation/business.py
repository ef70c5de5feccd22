"""Reading the business for the staff dashboard's home: today's sales, redemptions, refunds, and
what waits for staff."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.core import order_status
from marketplace.deals.review import deals_review_queue
from vouchers.models import RedemptionAlert, Voucher

from .models import MerchantApplication

Order = get_model("order", "Order")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class BusinessToday:
    since: datetime
    paid_orders: int
    # Revenue counts paid orders only: pending, failed and cancelled orders brought no money.
    revenue: list[Money]
    redemptions: int
    refunds: int
    refunded: list[Money]
    deals_waiting: int
    applications_waiting: int
    open_alerts: int


def _start_of_today() -> datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def _sums(rows, field: str) -> list[Money]:
    return [Money(amount=row[field], currency=row["currency"]) for row in rows if row[field]]


def business_today(*, since: datetime | None = None) -> BusinessToday:
    """The figures of the day (from midnight, local time, unless `since` says otherwise)."""
    since = since or _start_of_today()
    paid = Order.objects.filter(status=order_status.PAID, date_placed__gte=since)
    revenue = paid.values("currency").annotate(total=Sum("total_incl_tax")).order_by("currency")
    # A voucher's status change time says when it was redeemed or refunded; an undone redemption
    # is back to issued, so it no longer counts.
    redeemed = Voucher.objects.filter(status=Voucher.Status.REDEEMED, status_changed_at__gte=since)
    refunded = Voucher.objects.filter(status=Voucher.Status.REFUNDED, status_changed_at__gte=since)
    refunded_sums = (refunded.values("currency").annotate(total=Sum("price_paid"), n=Count("id"))
                     .order_by("currency"))
    return BusinessToday(
        since=since,
        paid_orders=paid.count(),
        revenue=_sums(revenue, "total"),
        redemptions=redeemed.count(),
        refunds=refunded.count(),
        refunded=_sums(refunded_sums, "total"),
        deals_waiting=deals_review_queue().count(),
        applications_waiting=MerchantApplication.objects.filter(
            status=MerchantApplication.Status.PENDING).count(),
        open_alerts=RedemptionAlert.objects.filter(resolved_at__isnull=True).count(),
    )


def paid_sales_by_day(*, days: int = 7) -> list[tuple[datetime, int, list[Money]]]:
    """Paid orders and their revenue for each of the last `days` days, oldest first."""
    start = _start_of_today() - timedelta(days=days - 1)
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        paid = Order.objects.filter(status=order_status.PAID, date_placed__gte=day,
                                    date_placed__lt=day + timedelta(days=1))
        sums = paid.values("currency").annotate(total=Sum("total_incl_tax")).order_by("currency")
        rows.append((day, paid.count(), _sums(sums, "total")))
    return rows
