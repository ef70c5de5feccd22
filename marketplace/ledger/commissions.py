"""Commission: the platform's share of each sale, fixed on the voucher's sale entry when it is sold.

The rate is the merchant's own if staff set one, else the default of the deal's category
(the nearest category up the tree that has one), else the platform default. A rate changed later
applies to sales from then on: each sale entry keeps the percent it was made with.
"""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from merchants.models import Merchant

from .models import CommissionRate


class Source(TextChoices):
    MERCHANT = "merchant", _("Merchant's rate")
    CATEGORY = "category", _("Category default")
    PLATFORM = "platform", _("Platform default")


def platform_default_percent() -> Decimal:
    return Decimal(str(settings.CURATION_DEFAULT_COMMISSION_PERCENT))


@transaction.atomic
def commission_rate_set(*, percent: Decimal | None, merchant: Merchant | None = None,
                        category=None, actor=None) -> CommissionRate | None:
    """Set (or with ``percent=None`` remove) the rate of a merchant or a category's default."""
    if (merchant is None) == (category is None):
        raise ValidationError(_("A rate belongs to a merchant or to a category."))
    key = {"merchant": merchant} if merchant is not None else {"category": category}
    if percent is None:
        CommissionRate.objects.filter(**key).delete()
        return None
    if not Decimal(0) <= percent <= Decimal(100):
        raise ValidationError({"percent": _("A commission is between 0 and 100 percent.")})
    rate, _created = CommissionRate.objects.update_or_create(
        **key, defaults={"percent": percent, "updated_by": actor})
    return rate


def commission_rate_category_merge(*, source, target) -> None:
    """A category merged into another: the target keeps its own default, else takes the source's
    (called inside the merge's transaction)."""
    if CommissionRate.objects.filter(category=target).exists():
        CommissionRate.objects.filter(category=source).delete()
    else:
        CommissionRate.objects.filter(category=source).update(category=target)


def commission_percent_for(*, merchant_id: int, product) -> tuple[Decimal, str]:
    """(percent, source) for selling ``product`` (a deal option or the deal itself) now."""
    rate = CommissionRate.objects.filter(merchant_id=merchant_id).first()
    if rate:
        return rate.percent, Source.MERCHANT
    parent = product.parent if product.parent_id else product
    for category in parent.categories.all():
        for node in reversed(category.get_ancestors_and_self()):
            rate = CommissionRate.objects.filter(category=node).first()
            if rate:
                return rate.percent, Source.CATEGORY
    return platform_default_percent(), Source.PLATFORM


def commission_rates():
    """Merchant rates and category defaults, for the staff page."""
    return (CommissionRate.objects.filter(merchant__isnull=False).select_related("merchant"),
            CommissionRate.objects.filter(category__isnull=False).select_related("category"))
