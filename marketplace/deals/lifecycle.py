"""What follows from a deal's dates and stock: its lifecycle status, computed, never stored.

A person decides the review status (draft, submitted, approved, rejected). Once approved, the
deal is scheduled, live, ended or sold out depending on the clock and the units left.
"""
from datetime import datetime, timedelta

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from .models import Deal

StockRecord = get_model("partner", "StockRecord")

SCHEDULED = "scheduled"
LIVE = "live"
ENDED = "ended"
SOLD_OUT = "sold_out"

LABELS = {
    Deal.Review.DRAFT: _("Draft"),
    Deal.Review.SUBMITTED: _("In review"),
    Deal.Review.REJECTED: _("Rejected"),
    SCHEDULED: _("Scheduled"),
    LIVE: _("Live"),
    ENDED: _("Ended"),
    SOLD_OUT: _("Sold out"),
}


def deal_status(deal: Deal, *, now: datetime | None = None) -> str:
    if deal.review_status != Deal.Review.APPROVED:
        return deal.review_status
    now = now or timezone.now()
    if now < deal.sale_starts_at:
        return SCHEDULED
    if now >= deal.sale_ends_at:
        return ENDED
    if deal_units_left(deal) <= 0:
        return SOLD_OUT
    return LIVE


def deal_units_sold(deal: Deal) -> int:
    return sum(sr.num_allocated or 0 for sr in _stockrecords(deal))


def deal_units_left(deal: Deal) -> int:
    """Units still for sale: the options' stock, capped by the deal's overall maximum."""
    left = sum(max(sr.num_in_stock - (sr.num_allocated or 0), 0) for sr in _stockrecords(deal))
    if deal.max_units is not None:
        left = min(left, max(deal.max_units - deal_units_sold(deal), 0))
    return left


def option_units_left(option, *, deal_left: int) -> int:
    """Units of one option still for sale: its own stock, capped by what the whole deal has left."""
    sr = option.product.stockrecords.all()[0]
    return min(max(sr.num_in_stock - (sr.num_allocated or 0), 0), deal_left)


def deal_is_tipped(deal: Deal) -> bool:
    return not deal.min_buyers or deal_units_sold(deal) >= deal.min_buyers


def deal_valid_window(deal: Deal, *, purchased_at: datetime) -> tuple[datetime, datetime]:
    """When a voucher bought at ``purchased_at`` can be redeemed: (from, until)."""
    if deal.validity_kind == Deal.Validity.FIXED:
        return deal.valid_from or purchased_at, deal.valid_until
    return purchased_at, purchased_at + timedelta(days=deal.valid_days or 0)


def deals_on_sale(queryset: QuerySet[Deal] | None = None, *, now: datetime | None = None) -> QuerySet:
    """Approved deals inside their sale window (sold-out ones included: they show as such)."""
    now = now or timezone.now()
    qs = queryset if queryset is not None else Deal.objects.all()
    return qs.filter(
        Q(review_status=Deal.Review.APPROVED) & Q(sale_starts_at__lte=now) & Q(sale_ends_at__gt=now)
    )


def deals_with_stock_figures(queryset: QuerySet[Deal]) -> QuerySet[Deal]:
    """Annotates ``units_sold`` and ``units_left`` (the rules of deal_units_sold/left, in SQL).

    Lists use these to put sold-out deals last and to show "N bought" without a query per deal.
    """
    def children_sum(expression):
        total = (StockRecord.objects.filter(product__parent=OuterRef("product")).order_by()
                 .values("product__parent").annotate(total=Sum(expression)).values("total")[:1])
        return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))

    allocated = Coalesce(F("num_allocated"), Value(0))
    qs = queryset.annotate(
        units_sold=children_sum(allocated),
        stock_left=children_sum(Greatest(F("num_in_stock") - allocated, Value(0))),
    )
    return qs.annotate(units_left=Case(
        When(max_units__isnull=False, then=Least(
            F("stock_left"), Greatest(F("max_units") - F("units_sold"), Value(0)))),
        default=F("stock_left"), output_field=IntegerField(),
    ))


def _stockrecords(deal: Deal):
    cached = getattr(deal, "_prefetched_stockrecords", None)
    if cached is not None:
        return cached
    return list(StockRecord.objects.filter(product__parent=deal.product))
