"""Deal search on the database: the fallback when Elasticsearch does not answer in time.

Same answers in shape as the Elasticsearch backend, with simpler relevance: every word must
appear somewhere, in any language the deal is written in (substring match, accents ignored on
PostgreSQL, a plural "s" forgiven, no typo tolerance; a run of Chinese characters is looked for
two characters at a time); title matches rank first. Works on PostgreSQL and on the demo's SQLite.
"""
import re
import unicodedata
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Case, Count, DecimalField, Exists, F, FloatField, IntegerField, OuterRef, Q, QuerySet,
    Min, Subquery, Sum, Value, When,
)
from django.db.models.functions import ASin, Cast, Coalesce, Cos, Power, Radians, Sin, Sqrt
from django.utils.html import escape
from oscar.core.loading import get_model

from marketplace.deals.models import Deal, DealOption, DealTranslation
from marketplace.languages.scripts import NO_SPACES_RUN
from merchants.models import Location

from ..geo import EARTH_RADIUS_KM
from ..links import deal_url_maker
from ..query import (
    CATEGORY_SEPARATOR, PRICE_BANDS, SORT_DISTANCE, SORT_ENDING, SORT_POPULAR, SORT_PRICE,
    FacetValue, Position, SearchParams, SearchResults, hit_from_source, shown_language,
)
from ..sources import CategoryPaths, deal_sources, deals_indexable
from ..times import times_match
from .base import Suggestion

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


class DatabaseBackend:
    name = "database"

    def search(self, params: SearchParams) -> SearchResults:
        qs = self._filtered(params)
        total = qs.count()
        page = list(self._ordered(qs, params).values_list("pk", flat=True)
                    [params.offset: params.offset + params.page_size])
        by_id = {s["deal_id"]: s for s in deal_sources(Deal.objects.filter(pk__in=page),
                                                         now=params.moment())}
        terms = _terms(params.q)
        url_for = deal_url_maker()
        reader = params.reader_language()
        hits = []
        for pk in page:
            if pk in by_id:
                source = by_id[pk]
                shown = shown_language(source, reader)
                hits.append(hit_from_source(
                    source, params=params, title_html=_mark(source["title"].get(shown, ""), terms),
                    snippet_html=_snippet(source, shown, terms), url_for=url_for))
        return SearchResults(
            hits=hits, total=total, params=params, engine=self.name,
            categories=self._category_facets(qs), cities=self._city_facets(qs),
            price_bands=self._price_facets(qs),
        )

    def autocomplete(self, prefix: str, *, params: SearchParams, limit: int = 8) -> list[Suggestion]:
        now = params.moment()
        qs = deals_indexable(now=now).filter(
            Exists(_titles_with(prefix)), sale_starts_at__lte=now)
        qs = qs.annotate(starts=Case(When(Exists(_titles_with(prefix, start=True)), then=Value(0)),
                                     default=Value(1), output_field=IntegerField()))
        deals = (qs.order_by("starts", "product__title", "pk").select_related("product")
                 .prefetch_related("translations")[:limit])
        language = params.language or None
        return [Suggestion(title=deal.text_in("title", deal.shown_language(language)),
                           deal_id=deal.pk, product_id=deal.product_id, slug=deal.product.slug)
                for deal in deals]

    # --- filtering ---------------------------------------------------------------------------

    def _filtered(self, params: SearchParams) -> QuerySet[Deal]:
        now = params.moment()
        qs = deals_indexable(now=now).filter(sale_starts_at__lte=now)
        for term in _terms(params.q):
            qs = qs.filter(_term_q(term))
        if params.category:
            category = _category_by_path(params.category)
            tree = Category.get_tree(parent=category) if category else Category.objects.none()
            qs = qs.filter(Exists(ProductCategory.objects.filter(
                product=OuterRef("product"), category__in=tree)))
        if params.city:
            qs = qs.filter(Exists(Location.objects.filter(deals=OuterRef("pk"), city=params.city)))
        qs = qs.annotate(price=_lowest_price())
        if params.price_min is not None:
            qs = qs.filter(price__gte=params.price_min)
        if params.price_max is not None:
            qs = qs.filter(price__lt=params.price_max)
        if params.min_discount:
            # discount_percent rounds half up: a saving of 19.5 % counts as 20 %
            qs = qs.annotate(value=_cheapest_option_value()).filter(
                value__gt=0, price__lte=F("value") * (
                    Decimal(100) - Decimal(params.min_discount) + Decimal("0.5")) / 100)
        qs = qs.annotate(units_sold=_units_sold())
        if params.tipped:
            qs = qs.filter(Q(min_buyers__isnull=True) | Q(min_buyers=0)
                           | Q(units_sold__gte=F("min_buyers")))
        if params.position is not None:
            qs = qs.annotate(distance_km=_nearest_store_km(params.position))
            if params.within_km:
                qs = qs.filter(distance_km__lte=params.within_km)
        if params.time_filters:
            # The same documents the index holds, checked as the index is asked (search/times.py).
            wanted, now = params.time_filters, params.moment()
            matching = [s["deal_id"] for s in deal_sources(Deal.objects.filter(
                pk__in=list(qs.values_list("pk", flat=True))), now=now)
                if times_match(s, wanted, now=now)]
            qs = qs.filter(pk__in=matching)
        return qs

    def _ordered(self, qs: QuerySet[Deal], params: SearchParams) -> QuerySet[Deal]:
        if params.sort == SORT_DISTANCE and params.position is not None:
            return qs.order_by(F("distance_km").asc(nulls_last=True), "pk")
        if params.sort == SORT_POPULAR:
            return qs.order_by("-units_sold", F("rating").desc(nulls_last=True), "pk")
        if params.sort == SORT_PRICE:
            return qs.order_by("price", "pk")
        if params.sort == SORT_ENDING:
            return qs.order_by("sale_ends_at", "pk")
        if params.q:
            qs = qs.annotate(in_title=Case(When(Exists(_titles_with(params.q.strip())),
                                                then=Value(0)), default=Value(1),
                                           output_field=IntegerField()))
            return qs.order_by("in_title", "-units_sold", "pk")
        return qs.order_by("-units_sold", "pk")

    # --- facets -------------------------------------------------------------------------------

    def _category_facets(self, qs: QuerySet[Deal]) -> list[FacetValue]:
        paths = CategoryPaths()
        deals_by_level: dict[str, set[int]] = {}
        rows = ProductCategory.objects.filter(product__deal__in=qs.values("pk")).values_list(
            "product__deal__pk", "category__path")
        for deal_id, path in rows:
            for level in paths.levels(Category(path=path)):
                deals_by_level.setdefault(level, set()).add(deal_id)
        return [FacetValue(k, len(v)) for k, v in sorted(deals_by_level.items())]

    def _city_facets(self, qs: QuerySet[Deal]) -> list[FacetValue]:
        rows = (Location.objects.filter(deals__in=qs.values("pk")).values("city")
                .annotate(n=Count("deals", distinct=True)).order_by("-n", "city"))
        return [FacetValue(r["city"], r["n"]) for r in rows[:50]]

    def _price_facets(self, qs: QuerySet[Deal]) -> list[FacetValue]:
        # Grouped from the stock records' side: one lowest price per matching deal, bucketed here.
        lowest = (StockRecord.objects.filter(product__parent__deal__in=qs.values("pk"),
                                             price__isnull=False)
                  .values("product__parent__deal").annotate(p=Min("price")).values_list("p", flat=True))
        counts = dict.fromkeys((key for key, _, _ in PRICE_BANDS), 0)
        for price in lowest:
            key = next(k for k, lo, hi in PRICE_BANDS if price >= lo and (hi is None or price < hi))
            counts[key] += 1
        return [FacetValue(key, n) for key, n in counts.items()]


def _terms(q: str) -> list[str]:
    words = []
    for word in re.split(r"\s+", unicodedata.normalize("NFKC", (q or "").strip())):
        # Chinese has no spaces: a run of characters is looked for two at a time (most words).
        for part in re.split(f"({NO_SPACES_RUN.pattern})", word):
            if NO_SPACES_RUN.fullmatch(part or " "):
                words += [part[i:i + 2] for i in range(0, len(part), 2)]
            elif part:
                # Simple plural forgiveness: "massages" finds "massage".
                words.append(part[:-1] if len(part) > 3 and part.lower().endswith("s") else part)
    return words[:10]


def _contains(field: str, *, start: bool = False) -> str:
    """The lookup that finds a word in ``field``: accents ignored where the database can."""
    lookup = "istartswith" if start else "icontains"
    return f"{field}__unaccent__{lookup}" if connection.vendor == "postgresql" else f"{field}__{lookup}"


def _titles_with(text: str, *, start: bool = False):
    """The deal's titles (in any language) containing (or starting with) ``text``."""
    return DealTranslation.objects.filter(master=OuterRef("pk"),
                                          **{_contains("title", start=start): text})


def _term_q(term: str) -> Q:
    # Exists() for the many-to-many parts: OR-ing joins over them makes PostgreSQL scan them all.
    texts = DealTranslation.objects.filter(
        Q(**{_contains("title"): term}) | Q(**{_contains("highlights"): term})
        | Q(**{_contains("description"): term}), master=OuterRef("pk"))
    return (Q(Exists(texts)) | Q(**{_contains("merchant__name"): term})
            | Q(Exists(ProductCategory.objects.filter(product=OuterRef("product"),
                                                      category__name__icontains=term)))
            | Q(Exists(Location.objects.filter(deals=OuterRef("pk"), city__icontains=term))))


def _category_by_path(path: str):
    node = None
    for name in path.split(CATEGORY_SEPARATOR):
        siblings = Category.get_root_nodes() if node is None else node.get_children()
        node = siblings.filter(name=name, is_public=True).first()
        if node is None:
            return None
    return node


def _lowest_price():
    """The cheapest option's price (the price a result card shows)."""
    prices = (StockRecord.objects.filter(product__parent=OuterRef("product"), price__isnull=False)
              .order_by("price").values("price")[:1])
    return Subquery(prices, output_field=DecimalField(max_digits=12, decimal_places=2))


def _cheapest_option_value():
    """What the cheapest option is worth (its saving is the deal's discount)."""
    options = (DealOption.objects.filter(deal=OuterRef("pk"))
               .annotate(price=Subquery(StockRecord.objects.filter(product=OuterRef("product"))
                                        .order_by("price").values("price")[:1]))
               .filter(price__isnull=False).order_by("price", "position", "pk"))
    return Subquery(options.values("value")[:1],
                    output_field=DecimalField(max_digits=12, decimal_places=2))


def _units_sold():
    """Units sold of all options together (Oscar's allocated units), as deals.lifecycle counts them."""
    sold = (StockRecord.objects.filter(product__parent=OuterRef("product")).order_by()
            .values("product__parent").annotate(n=Sum(Coalesce("num_allocated", Value(0))))
            .values("n")[:1])
    return Coalesce(Subquery(sold, output_field=IntegerField()), Value(0))


def _nearest_store_km(position: Position):
    lat = Radians(Cast("latitude", FloatField()))
    lon = Radians(Cast("longitude", FloatField()))
    lat0, lon0 = Value(position.lat * 0.017453292519943295), Value(position.lon * 0.017453292519943295)
    a = (Power(Sin((lat - lat0) / 2), 2)
         + Cos(lat) * Cos(lat0) * Power(Sin((lon - lon0) / 2), 2))
    stores = (Location.objects.filter(deals=OuterRef("pk"))
              .exclude(latitude=0, longitude=0)
              .annotate(km=2 * EARTH_RADIUS_KM * ASin(Sqrt(a)))
              .order_by("km").values("km")[:1])
    return Subquery(stores, output_field=FloatField())


def _folded(text: str) -> str:
    """Lower case without accents, one character for one (``Café`` -> ``cafe``)."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower() for c in text)


def _mark(text: str, terms: list[str]) -> str:
    """HTML-escaped ``text`` with each word containing a search term (accents ignored) in <mark>;
    a Chinese term is marked by itself (its words are not separated by spaces)."""
    words = sorted({_folded(t) for t in terms if t}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = "|".join(re.escape(w) if NO_SPACES_RUN.search(w) else r"\w*" + re.escape(w) + r"\w*"
                       for w in words)
    folded, html, end = _folded(text), [], 0
    for found in re.finditer(pattern, folded):
        if found.start() == found.end():
            continue
        html += [escape(text[end:found.start()]), "<mark>", escape(text[found.start():found.end()]),
                 "</mark>"]
        end = found.end()
    return "".join(html + [escape(text[end:])])


def _snippet(source: dict, language: str, terms: list[str]) -> str:
    if not terms:
        return ""
    highlights = source["highlights"].get(language, "")
    for line in [*highlights.splitlines(), source["description"].get(language, "")]:
        if any(_folded(t) in _folded(line) for t in terms):
            return _mark(line[:160], terms)
    return ""
