"""Writing deals: creating a deal with its options as Oscar products, and moving it through review."""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.text import slugify
from oscar.core.loading import get_model

from merchants.models import Location, Merchant

from .models import Deal, DealOption, DealReviewEvent

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

DEAL_PRODUCT_CLASS = "Deal"


@dataclass(frozen=True)
class OptionSpec:
    title: str
    price: Decimal
    value: Decimal
    units: int


def deal_product_class() -> "ProductClass":
    """The Oscar product class of deals: vouchers need no shipping; stock is tracked."""
    product_class, _ = ProductClass.objects.get_or_create(
        name=DEAL_PRODUCT_CLASS,
        defaults={"requires_shipping": False, "track_stock": True},
    )
    return product_class


@transaction.atomic
def deal_create(
    *,
    merchant: Merchant,
    title: str,
    options: list[OptionSpec],
    locations: list[Location],
    sale_starts_at: datetime,
    sale_ends_at: datetime,
    description: str = "",
    categories: list = (),
    highlights: str = "",
    fine_print: str = "",
    validity_kind: str = Deal.Validity.AFTER_PURCHASE,
    valid_days: int | None = 90,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    min_buyers: int | None = None,
    max_units: int | None = None,
    per_customer_limit: int | None = None,
    refundable: bool = True,
    expiry_policy: str = Deal.ExpiryPolicy.PAID_VALUE,
    review_status: str = Deal.Review.DRAFT,
    currency: str = "EUR",
) -> Deal:
    if not options:
        raise ValueError("A deal needs at least one option.")
    foreign = [loc for loc in locations if loc.merchant_id != merchant.pk]
    if foreign:
        raise ValueError("A deal is valid only at its own merchant's stores.")
    parent = Product.objects.create(
        structure=Product.PARENT,
        title=title,
        slug=slugify(title)[:200],
        description=description,
        product_class=deal_product_class(),
        is_public=True,
    )
    for position, category in enumerate(categories):
        ProductCategory.objects.create(product=parent, category=category)
    deal = Deal.objects.create(
        product=parent, merchant=merchant, sale_starts_at=sale_starts_at,
        sale_ends_at=sale_ends_at, highlights=highlights, fine_print=fine_print,
        validity_kind=validity_kind, valid_days=valid_days, valid_from=valid_from,
        valid_until=valid_until, min_buyers=min_buyers, max_units=max_units,
        per_customer_limit=per_customer_limit, refundable=refundable,
        expiry_policy=expiry_policy, review_status=review_status,
    )
    deal.locations.set(locations)
    for position, spec in enumerate(options):
        deal_option_add(deal=deal, spec=spec, position=position, currency=currency)
    return deal


def deal_option_add(*, deal: Deal, spec: OptionSpec, position: int = 0, currency: str = "EUR") -> DealOption:
    child = Product.objects.create(
        structure=Product.CHILD, parent=deal.product, title=spec.title,
        slug=slugify(f"{deal.product.title} {spec.title}")[:200], is_public=True,
    )
    StockRecord.objects.create(
        product=child, partner=deal.merchant.partner, partner_sku=f"deal-{deal.pk}-{child.pk}",
        price=spec.price, price_currency=currency, num_in_stock=spec.units, num_allocated=0,
    )
    return DealOption.objects.create(product=child, deal=deal, value=spec.value, position=position)


@transaction.atomic
def deal_review_move(*, deal: Deal, to_status: str, actor=None, comment: str = "") -> Deal:
    """Record a review decision (submit, approve, reject, back to draft) and who made it."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    DealReviewEvent.objects.create(
        deal=deal, from_status=deal.review_status, to_status=to_status, actor=actor, comment=comment
    )
    deal.review_status = to_status
    deal.save(update_fields=["review_status", "updated_at"])
    return deal
