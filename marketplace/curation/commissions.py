"""Commission: the platform's share of each sale, recorded on every order line when it is sold.

The rate is the merchant's own if staff set one, else the default of the deal's category
(the nearest category up the tree that has one), else the platform default.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from oscar.core.loading import get_model

from marketplace.deals.models import DealOption
from merchants.models import Merchant

from .models import CommissionRate, OrderLineCommission

Category = get_model("catalogue", "Category")
CENT = Decimal("0.01")


def platform_default_percent() -> Decimal:
    return Decimal(str(settings.CURATION_DEFAULT_COMMISSION_PERCENT))


@transaction.atomic
def commission_rate_set(*, percent: Decimal | None, merchant: Merchant | None = None,
                        category=None, actor=None) -> CommissionRate | None:
    """Set (or with ``percent=None`` remove) the rate of a merchant or a category's default."""
    if (merchant is None) == (category is None):
        raise ValidationError("A rate belongs to a merchant or to a category.")
    key = {"merchant": merchant} if merchant is not None else {"category": category}
    if percent is None:
        CommissionRate.objects.filter(**key).delete()
        return None
    if not Decimal(0) <= percent <= Decimal(100):
        raise ValidationError({"percent": "A commission is between 0 and 100 percent."})
    rate, _ = CommissionRate.objects.update_or_create(
        **key, defaults={"percent": percent, "updated_by": actor})
    return rate


def commission_percent_for(*, merchant: Merchant, product) -> tuple[Decimal, str]:
    """(percent, source) for selling ``product`` (a deal option or the deal itself) today."""
    rate = CommissionRate.objects.filter(merchant=merchant).first()
    if rate:
        return rate.percent, OrderLineCommission.Source.MERCHANT
    parent = product.parent if product.parent_id else product
    for category in parent.categories.all():
        for node in reversed(category.get_ancestors_and_self()):
            rate = CommissionRate.objects.filter(category=node).first()
            if rate:
                return rate.percent, OrderLineCommission.Source.CATEGORY
    return platform_default_percent(), OrderLineCommission.Source.PLATFORM


@transaction.atomic
def order_commissions_record(*, order) -> list[OrderLineCommission]:
    """Fix the commission of each deal line of a just-placed order (idempotent)."""
    recorded = []
    for line in order.lines.select_related("product__parent", "stockrecord"):
        option = DealOption.objects.filter(product_id=line.product_id).select_related(
            "deal__merchant").first()
        if option is None:
            continue
        merchant = option.deal.merchant
        percent, source = commission_percent_for(merchant=merchant, product=line.product)
        amount = (line.line_price_incl_tax * percent / Decimal(100)).quantize(CENT, ROUND_HALF_UP)
        commission, _ = OrderLineCommission.objects.get_or_create(
            line=line, defaults={"merchant": merchant, "percent": percent, "amount": amount,
                                 "currency": order.currency, "source": source})
        recorded.append(commission)
    return recorded


def commission_rates():
    """Merchant rates and category defaults, for the staff page."""
    return (CommissionRate.objects.filter(merchant__isnull=False).select_related("merchant"),
            CommissionRate.objects.filter(category__isnull=False).select_related("category"))
