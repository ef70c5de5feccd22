"""Reading the deal catalogue for buyers: what is on sale in a city or a category, one deal's page,
and how many units of a deal a customer already holds (the per-customer limit).

Every list a buyer sees is ordered in one place per page (``deals_for_home``, ``deals_in_category``)
so that featured deals come first there and nowhere else.
"""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Iterable

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models import prefetch_related_objects
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.core.order_status import HOLDING_UNITS
from merchants.models import Location

from . import lifecycle
from .featuring import deals_featured_first
from .models import Deal, DealOption
from .pricing import discount_percent
from .terms import OptionTerms, option_terms

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Line = get_model("order", "Line")


# Every text in every language comes with the deals (2 queries), whichever language a reader reads.
_CARD_PREFETCH = ("options__product__stockrecords", "product__images", "translations",
                  "options__translations")


@dataclass(frozen=True)
class DealCard:
    """What a list shows of one deal: its cheapest option's price, that option's value and saving."""

    deal: Deal
    url: str
    title: str
    merchant_name: str
    image_url: str
    price_from: Decimal | None
    value: Decimal | None
    currency: str
    discount: int
    units_sold: int
    status: str
    status_label: str


@dataclass(frozen=True)
class OptionRow:
    option: DealOption
    title: str
    price: Decimal
    value: Decimal
    currency: str
    discount: int
    units_left: int
    can_buy: bool
    # Its trade's terms (deals/terms.py): a pass's uses, usable times, bookings.
    terms: OptionTerms | None = None


@dataclass(frozen=True)
class DealPage:
    deal: Deal
    status: str
    status_label: str
    can_buy: bool
    units_sold: int
    units_left: int
    options: list[OptionRow]
    cheapest: OptionRow | None
    images: list = field(default_factory=list)
    stores: list[Location] = field(default_factory=list)
    timezone_name: str = "UTC"
    # What the countdown counts to, and what it means ("ends" while live, "starts" when scheduled).
    countdown_to: datetime | None = None
    countdown_kind: str = ""


# --- cities ---------------------------------------------------------------------------------

def cities_with_stores() -> list[str]:
    """The cities a buyer can browse: those with at least one store of an active merchant."""
    return list(
        Location.objects.filter(merchant__is_active=True)
        .order_by("city").values_list("city", flat=True).distinct()
    )


# --- lists ----------------------------------------------------------------------------------

def _on_sale_in_city(*, city: str, now: datetime | None) -> QuerySet[Deal]:
    in_city = Location.objects.filter(deals=OuterRef("pk"), city=city)
    qs = lifecycle.deals_on_sale(now=now).filter(Exists(in_city), merchant__is_active=True)
    return lifecycle.deals_with_stock_figures(qs.select_related("product", "merchant"))


def _buyable_first(qs: QuerySet[Deal]) -> QuerySet[Deal]:
    # Sold-out deals stay visible (they show as such) but after the ones that can still be bought.
    return qs.annotate(sold_out=ExpressionWrapper(Q(units_left__lte=0), output_field=BooleanField()))


def deals_for_home(*, city: str, now: datetime | None = None) -> QuerySet[Deal]:
    """The home page: deals on sale in ``city``, best first.

    Ordering, in one place: buyable before sold out, then the newest sale first. Featured deals
    (curation) are to be put first here.
    """
    qs = _buyable_first(_on_sale_in_city(city=city, now=now)).order_by(
        "sold_out", "-sale_starts_at", "-pk"
    )
    return deals_featured_first(qs, city=city, on=timezone.localdate(now))


def deals_in_category(*, category, city: str, now: datetime | None = None) -> QuerySet[Deal]:
    """Deals on sale in ``city`` filed under ``category`` or any of its subcategories."""
    tree = Category.get_tree(parent=category).filter(is_public=True)
    filed = ProductCategory.objects.filter(product=OuterRef("product"), category__in=tree)
    qs = _on_sale_in_city(city=city, now=now).filter(Exists(filed))
    qs = _buyable_first(qs).order_by("sold_out", "sale_ends_at", "-pk")
    return deals_featured_first(qs, city=city, category=category, on=timezone.localdate(now))


def deal_first_images(*, deal_ids: Iterable[int]) -> dict[int, object]:
    """Each deal's first photo (Oscar's ProductImage, lowest display order), by deal id, in one
    query; deals without photos are absent."""
    ProductImage = get_model("catalogue", "ProductImage")
    firsts: dict[int, object] = {}
    images = (ProductImage.objects.filter(product__deal__in=list(deal_ids))
              .annotate(deal_id=F("product__deal")).order_by("display_order", "pk"))
    for image in images:
        firsts.setdefault(image.deal_id, image)
    return firsts


def deal_cards(deals: Iterable[Deal], *, now: datetime | None = None) -> list[DealCard]:
    """Cards for one page of deals (prefetches what the cards show, in a fixed number of queries)."""
    deals = list(deals)
    prefetch_related_objects(deals, *_CARD_PREFETCH)
    cards = []
    for deal in deals:
        rows = _option_rows(deal, deal_left=None)
        cheapest = min(rows, key=lambda r: r.price, default=None)
        status = lifecycle.deal_status(deal, now=now)
        images = list(deal.product.images.all())
        cards.append(DealCard(
            deal=deal, url=deal.get_absolute_url(), title=deal.title,
            merchant_name=deal.merchant.name,
            image_url=images[0].original.url if images else "",
            price_from=cheapest.price if cheapest else None,
            value=cheapest.value if cheapest else None,
            currency=cheapest.currency if cheapest else "",
            discount=cheapest.discount if cheapest else 0,
            units_sold=lifecycle.deal_units_sold(deal), status=status,
            status_label=lifecycle.LABELS.get(status, status),
        ))
    return cards


def top_categories(*, city: str, now: datetime | None = None, limit: int = 8) -> list[tuple]:
    """Top-level categories with the number of deals on sale in ``city`` under each, most first."""
    deal_products = _on_sale_in_city(city=city, now=now).values("product")
    paths = (ProductCategory.objects.filter(product__in=deal_products, category__is_public=True)
             .values_list("product_id", "category__path"))
    steplen = Category.steplen
    products_by_root: dict[str, set] = {}
    for product_id, path in paths:
        products_by_root.setdefault(path[:steplen], set()).add(product_id)
    roots = Category.objects.filter(depth=1, is_public=True, path__in=products_by_root)
    counted = [(root, len(products_by_root[root.path])) for root in roots]
    counted.sort(key=lambda pair: (-pair[1], pair[0].name))
    return counted[:limit]


# --- categories -----------------------------------------------------------------------------

def category_get_by_full_slug(full_slug: str):
    """The public category at ``food-drink/restaurants`` (slugs are unique only among siblings)."""
    node = None
    for part in [p for p in full_slug.strip("/").split("/") if p]:
        siblings = Category.get_root_nodes() if node is None else node.get_children()
        node = siblings.filter(slug=part, is_public=True).first()
        if node is None:
            return None
    return node


def category_children(category) -> QuerySet:
    return category.get_children().filter(is_public=True)


def category_get_by_pk(pk: int):
    return Category.objects.filter(pk=pk, is_public=True).first()


# --- one customer ---------------------------------------------------------------------------

def units_bought_by_customer(*, deal: Deal, user=None, email: str = "") -> int:
    """Units of ``deal`` in the customer's orders: by account, and by e-mail for guest orders."""
    who = Q()
    if user is not None and getattr(user, "is_authenticated", False):
        who |= Q(order__user=user)
        email = email or user.email
    if email:
        who |= Q(order__guest_email__iexact=email) | Q(order__user__email__iexact=email)
    if not who:
        return 0
    total = (Line.objects.filter(who, product__parent_id=deal.product_id,
                                 order__status__in=HOLDING_UNITS)
             .aggregate(n=Sum("quantity"))["n"])
    return total or 0


# --- one deal -------------------------------------------------------------------------------

def deal_get_public(*, pk: int) -> Deal | None:
    """An approved deal (whatever its dates); drafts and deals in review are not public."""
    return (Deal.objects.filter(pk=pk, review_status=Deal.Review.APPROVED)
            .select_related("product", "merchant").first())


def deal_for_product(*, product_pk: int) -> Deal | None:
    """The deal an Oscar product belongs to: the deal's own product or one of its options."""
    return (Deal.objects.filter(Q(product_id=product_pk) | Q(options__product_id=product_pk))
            .select_related("product").first())


def deal_page(deal: Deal, *, now: datetime | None = None) -> DealPage:
    now = now or timezone.now()
    prefetch_related_objects([deal], *_CARD_PREFETCH, "locations__translations")
    units_left = lifecycle.deal_units_left(deal)
    status = lifecycle.deal_status(deal, now=now)
    can_buy = status == lifecycle.LIVE
    rows = _option_rows(deal, deal_left=units_left, can_buy=can_buy)
    stores = sorted(deal.locations.all(), key=lambda loc: (loc.city, loc.name))
    countdown_to, countdown_kind = None, ""
    if status == lifecycle.SCHEDULED:
        countdown_to, countdown_kind = deal.sale_starts_at, "starts"
    elif status == lifecycle.LIVE:
        countdown_to, countdown_kind = deal.sale_ends_at, "ends"
    return DealPage(
        deal=deal, status=status, status_label=lifecycle.LABELS.get(status, status),
        can_buy=can_buy, units_sold=lifecycle.deal_units_sold(deal), units_left=units_left,
        options=rows, cheapest=min(rows, key=lambda r: r.price, default=None),
        images=list(deal.product.images.all()), stores=stores,
        timezone_name=stores[0].timezone if stores else "UTC",
        countdown_to=countdown_to, countdown_kind=countdown_kind,
    )


def _option_rows(deal: Deal, *, deal_left: int | None, can_buy: bool = False) -> list[OptionRow]:
    """Options with their stock records (prefetched); caches the deal's stock for lifecycle."""
    options = [o for o in deal.options.all() if o.product.stockrecords.all()]
    deal._prefetched_stockrecords = [o.product.stockrecords.all()[0] for o in options]
    if deal_left is None:
        deal_left = lifecycle.deal_units_left(deal)
    rows = []
    for option in options:
        sr = option.product.stockrecords.all()[0]
        left = lifecycle.option_units_left(option, deal_left=deal_left)
        rows.append(OptionRow(
            option=option, title=option.title, price=sr.price, value=option.value,
            currency=sr.price_currency, discount=discount_percent(price=sr.price, value=option.value),
            units_left=left, can_buy=can_buy and left > 0,
            terms=option_terms(deal, option),
        ))
    return rows
