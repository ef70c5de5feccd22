"""Index documents from the database: which deals belong in the index, and what each one says."""
from datetime import datetime
from typing import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.deals import lifecycle
from marketplace.deals.models import Deal
from marketplace.deals.pricing import discount_percent

from .documents import field_language
from .geo import is_valid_point
from .query import CATEGORY_SEPARATOR
from .times import deal_times

Category = get_model("catalogue", "Category")

# Every language's texts come with the deals, in one query each.
_PREFETCH = ("locations__translations", "options__product__stockrecords", "product__categories",
             "translations")


def deals_indexable(*, now: datetime | None = None) -> QuerySet[Deal]:
    """Live and upcoming deals: approved, public, of an active merchant, sale not ended yet.

    Ended deals drop out of results by the queries' time filter even before they leave the index.
    """
    return Deal.objects.filter(
        review_status=Deal.Review.APPROVED, sale_ends_at__gt=now or timezone.now(),
        product__is_public=True, merchant__is_active=True,
    )


class CategoryPaths:
    """Full path names of every public category ("Food > Restaurants"), loaded in one query."""

    def __init__(self):
        self._by_path = {c.path: c for c in Category.objects.only("path", "name", "depth", "is_public")}
        self._steplen = Category.steplen

    def levels(self, category) -> list[str]:
        """The category's path at each level, root first; empty when a level is not public."""
        names, levels = [], []
        for end in range(self._steplen, len(category.path) + 1, self._steplen):
            node = self._by_path.get(category.path[:end])
            if node is None or not node.is_public:
                return []
            names.append(node.name)
            levels.append(CATEGORY_SEPARATOR.join(names))
        return levels


def deal_source(deal: Deal, *, categories: CategoryPaths, now: datetime | None = None) -> dict:
    """The document of one deal (prefetch with ``deals_with_relations``)."""
    options = list(deal.options.all())
    stockrecords = [sr for option in options for sr in option.product.stockrecords.all()]
    deal._prefetched_stockrecords = stockrecords  # read by deals.lifecycle
    headline, price, value, currency = _cheapest_option(options)
    stores = [
        {"name": loc.text_in("name", loc.original_language), "names": _texts(loc, "name"),
         "city": loc.city, "lat": float(loc.latitude), "lon": float(loc.longitude)}
        for loc in deal.locations.all() if is_valid_point(loc.latitude, loc.longitude)
    ]
    paths = sorted({level for c in deal.product.categories.all() for level in categories.levels(c)})
    cities = sorted({store["city"] for store in stores} | {loc.city for loc in deal.locations.all()})
    titles = _texts(deal, "title")
    return {
        "deal_id": deal.pk,
        "product_id": deal.product_id,
        "slug": deal.product.slug,
        "original_language": field_language(deal.original_language),
        "languages": sorted(titles),
        "title": titles,
        "suggest": [titles[language] for language in sorted(titles)],
        "merchant_name": deal.merchant.name,
        "highlights": {language: "\n".join(_lines(text))
                       for language, text in _texts(deal, "highlights").items()},
        "description": _texts(deal, "description"),
        "category_path": paths,
        "category_text": " | ".join(paths),
        "city": cities,
        "city_text": " ".join(cities),
        "locations": [{"lat": s["lat"], "lon": s["lon"]} for s in stores],
        "stores": stores,
        "price": float(price) if price is not None else 0.0,
        "value": float(value) if value is not None else 0.0,
        "currency": currency,
        "discount_percent": discount_percent(price=price, value=value),
        "units_sold": lifecycle.deal_units_sold(deal),
        "rating": float(deal.rating) if deal.rating is not None else None,
        "rating_count": deal.rating_count,
        "sale_starts_at": deal.sale_starts_at.isoformat(),
        "sale_ends_at": deal.sale_ends_at.isoformat(),
        "status": lifecycle.deal_status(deal, now=now),
        "tipped": lifecycle.deal_is_tipped(deal),
        **deal_times(deal, options, list(deal.locations.all()), now=now or timezone.now()),
    }


def _texts(obj, field: str) -> dict[str, str]:
    """``field`` in every language ``obj`` has it in, by index sub-field (``zh_hans``)."""
    texts = {field_language(t.language_code): getattr(t, field) or "" for t in obj.translations.all()}
    return {language: text for language, text in texts.items() if text.strip()}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _cheapest_option(options):
    """The option a card shows ("from 39, worth 70"): the cheapest one that has a price."""
    priced = [(sr.price, o, sr) for o in options for sr in o.product.stockrecords.all()
              if sr.price is not None]
    if not priced:
        return None, None, None, "EUR"
    price, option, sr = min(priced, key=lambda row: (row[0], row[1].position, row[1].pk))
    return option, price, option.value, sr.price_currency


def deals_with_relations(qs: QuerySet[Deal]) -> QuerySet[Deal]:
    return qs.select_related("product", "merchant").prefetch_related(*_PREFETCH)


def deal_sources(deals: Iterable[Deal] | QuerySet[Deal], *, now: datetime | None = None,
                 chunk_size: int = 500) -> Iterator[dict]:
    """Documents for many deals, loading them ``chunk_size`` at a time."""
    categories = CategoryPaths()
    now = now or timezone.now()
    if isinstance(deals, QuerySet):
        deals = deals_with_relations(deals.order_by("pk")).iterator(chunk_size=chunk_size)
    for deal in deals:
        yield deal_source(deal, categories=categories, now=now)
