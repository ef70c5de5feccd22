"""A merchant's report for any period, from the ledger: sales, redemptions by store and by staff
member, refunds, commission, payouts, sales and redemptions per day. "N bought" is the statement's,
from selectors.units_bought (the deal page's count too)."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate

from merchants.models import Location, Merchant

from .models import Account, Entry
from .money import ZERO
from .selectors import SALE
from .statements import StatementTotals, statement_build
from .units import MONEY

Kind = Entry.Kind
# A use at the counter books the merchant's share from HELD (even when it is zero); undoing it
# books the same entry reversed.
REDEEMED = Q(kind=Kind.REDEMPTION, debit=Account.HELD, credit=Account.MERCHANT)
UNDONE = Q(kind=Kind.REDEMPTION, debit=Account.MERCHANT, credit=Account.HELD)


@dataclass(frozen=True)
class RedemptionRow:
    name: str
    count: int
    amount: Decimal  # the merchant's share booked by these redemptions


@dataclass(frozen=True)
class Day:
    day: date
    sales: int
    redemptions: int


@dataclass(frozen=True)
class MerchantReport:
    merchant: Merchant
    currency: str
    start: datetime
    end: datetime
    totals: StatementTotals  # sold, refunded, commission, paid out... (the statement's figures)
    bought: int  # units bought less units refunded in the period (units_bought)
    by_store: list[RedemptionRow]
    by_staff: list[RedemptionRow]
    days: list[Day]

    def chart_data(self) -> dict:
        """What the page's chart draws (passed to it with json_script)."""
        return {"days": [d.day.isoformat() for d in self.days],
                "sales": [d.sales for d in self.days],
                "redemptions": [d.redemptions for d in self.days]}


def merchant_report(*, merchant: Merchant, currency: str, start: datetime,
                    end: datetime) -> MerchantReport:
    """The report of [start, end) (``start`` and ``end`` at midnight in the merchant's zone)."""
    statement = statement_build(merchant=merchant, currency=currency, start=start, end=end)
    entries = Entry.objects.filter(merchant=merchant, currency=currency, booked_at__gte=start,
                                   booked_at__lt=end).order_by()
    by_store = _redemptions_by(entries, "location_id", _store_names)
    by_staff = _redemptions_by(entries, "actor_id", _staff_names, label="actor_label")
    return MerchantReport(merchant=merchant, currency=currency, start=start, end=end,
                          totals=statement.totals, bought=statement.totals.bought, by_store=by_store,
                          by_staff=by_staff, days=_days(entries, start, end))


def _redemptions_by(entries: QuerySet[Entry], key: str, names, label: str = "") -> list:
    """Redemptions (less those undone, counted against whoever redeemed) grouped by ``key``."""
    fields = [key] + ([label] if label else [])
    counts, amounts = defaultdict(int), defaultdict(lambda: ZERO)
    for sign, rows in (
            (1, entries.filter(REDEEMED).values(*fields)),
            (-1, entries.filter(UNDONE).values(*[f"reverses__{f}" for f in fields]))):
        for row in rows.annotate(n=Count("id"), amount=Coalesce(Sum("amount"), ZERO,
                                                                output_field=MONEY)):
            group = tuple(row[name] for name in row if name not in ("n", "amount"))
            counts[group] += sign * row["n"]
            amounts[group] += sign * row["amount"]
    labels = names({group[0] for group in counts if group[0] is not None})
    result = [RedemptionRow(name=labels.get(group[0]) or (group[1] if len(group) > 1 else "")
                            or "—", count=n, amount=amounts[group])
              for group, n in counts.items() if n]
    return sorted(result, key=lambda row: (-row.count, row.name))


def _store_names(ids) -> dict[int, str]:
    # Store names are translated (parler): read in the reader's language.
    return {loc.pk: loc.name for loc in Location.objects.filter(pk__in=ids)
            .prefetch_related("translations")}


def _staff_names(ids) -> dict[int, str]:
    return {u.pk: (u.get_full_name() or u.email) for u in get_user_model().objects.filter(pk__in=ids)}


def _days(entries: QuerySet[Entry], start: datetime, end: datetime) -> list[Day]:
    zone = start.tzinfo
    rows = (entries.annotate(day=TruncDate("booked_at", tzinfo=zone)).values("day")
            .annotate(sales=Count("id", filter=SALE),
                      redemptions=Count("id", filter=REDEEMED) - Count("id", filter=UNDONE)))
    by_day = {row["day"]: row for row in rows}
    days, day = [], start.date()
    while day < end.date():
        row = by_day.get(day, {})
        days.append(Day(day=day, sales=row.get("sales", 0), redemptions=row.get("redemptions", 0)))
        day += timedelta(days=1)
    return days
