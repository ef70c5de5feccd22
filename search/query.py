"""What a deal search asks and answers, the same for both backends (Elasticsearch, database)."""
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from math import ceil
from operator import itemgetter

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .documents import field_language
from .geo import haversine_km
from .links import deal_url
from .times import TimeFilters

SORT_RELEVANCE = "relevance"
SORT_POPULAR = "popular"
SORT_PRICE = "price"
SORT_ENDING = "ending"
SORT_DISTANCE = "distance"
SORTS = [
    (SORT_RELEVANCE, _("Relevance")),
    (SORT_POPULAR, _("Popularity")),
    (SORT_PRICE, _("Price, lowest first")),
    (SORT_ENDING, _("Ending soon")),
    (SORT_DISTANCE, _("Distance")),
]

# (key, lower bound included, upper bound excluded): together they cover every price once.
PRICE_BANDS = [
    ("0-20", Decimal("0"), Decimal("20")),
    ("20-50", Decimal("20"), Decimal("50")),
    ("50-100", Decimal("50"), Decimal("100")),
    ("100-", Decimal("100"), None),
]

PAGE_SIZE = 20
MAX_PAGE = 50  # deeper pages cost the index a lot and nobody reads them
CATEGORY_SEPARATOR = " > "  # Oscar's Category.full_name separator


@dataclass(frozen=True)
class Position:
    lat: float
    lon: float
    label: str = ""


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    category: str = ""  # a full category path; its subcategories match too
    city: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    min_discount: int | None = None
    tipped: bool = False
    position: Position | None = None
    within_km: float | None = None
    sort: str = SORT_RELEVANCE
    page: int = 1
    page_size: int = PAGE_SIZE
    now: datetime | None = None
    # The reader's language (default: the active one): cards show the deal in it when they can.
    language: str = ""
    # The trades' filters (search/times.py): a kind, usable now / this evening, bookable soon.
    kind: str = ""
    usable: str = ""
    bookable_this_week: bool = False

    @property
    def time_filters(self) -> TimeFilters:
        return TimeFilters(kind=self.kind, usable=self.usable,
                           bookable_this_week=self.bookable_this_week)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def moment(self) -> datetime:
        return self.now or timezone.now()

    def reader_language(self) -> str:
        """The reader's language as the index names it (``zh_hans``)."""
        return field_language(self.language or translation.get_language() or settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class NearestStore:
    name: str
    city: str
    distance_km: float


@dataclass
class DealHit:
    deal_id: int
    product_id: int
    slug: str
    title: str
    merchant_name: str
    city: str
    price: Decimal
    value: Decimal
    currency: str
    discount_percent: int
    units_sold: int
    rating: float | None
    rating_count: int
    tipped: bool
    status: str
    sale_ends_at: datetime
    categories: list[str]
    nearest_store: NearestStore | None = None
    title_html: str = ""
    snippet_html: str = ""
    url: str = ""
    language: str = ""  # the language the card shows the deal in (``pt-pt``), for its lang attribute
    kinds: list[str] = field(default_factory=list)
    usage_windows: str = ""
    next_free_slot: datetime | None = None
    image: object | None = None  # the deal's first photo (Oscar's ProductImage), set by the page


@dataclass(frozen=True)
class FacetValue:
    key: str
    count: int
    label: str = ""

    @property
    def depth(self) -> int:
        return self.key.count(CATEGORY_SEPARATOR)


@dataclass
class SearchResults:
    hits: list[DealHit]
    total: int
    params: SearchParams
    engine: str  # "elasticsearch" or "database"
    categories: list[FacetValue] = field(default_factory=list)
    price_bands: list[FacetValue] = field(default_factory=list)
    cities: list[FacetValue] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, ceil(self.total / self.params.page_size)))


def nearest_store(stores: list[dict], position: Position | None,
                  language: str = "") -> NearestStore | None:
    if position is None or not stores:
        return None
    distance, best = min(
        ((haversine_km(position.lat, position.lon, s["lat"], s["lon"]), s) for s in stores),
        key=itemgetter(0))  # each distance computed once; the first store wins a tie
    name = best.get("names", {}).get(language) or best["name"]
    return NearestStore(name=name, city=best["city"], distance_km=round(distance, 1))


def shown_language(source: dict, language: str) -> str:
    """The language a card shows a deal in (index names): the reader's if the deal has it, else
    the deal's own."""
    return language if language in source["title"] else source["original_language"]


def hit_from_source(source: dict, *, params: SearchParams, title_html: str = "",
                    snippet_html: str = "", url_for=deal_url) -> DealHit:
    """A result card from an index document (the database backend builds the same documents).

    ``url_for``: a results page passes one ``deal_url_maker()`` for all its cards."""
    now = params.moment()
    ends = source["sale_ends_at"]
    ends = parse_datetime(ends) if isinstance(ends, str) else ends
    starts = source["sale_starts_at"]
    starts = parse_datetime(starts) if isinstance(starts, str) else starts
    status = source["status"]
    if status != "sold_out":
        # Indexed while scheduled maybe; the clock decides now.
        status = "scheduled" if now < starts else ("ended" if now >= ends else "live")
    reader = params.reader_language()
    shown = shown_language(source, reader)
    return DealHit(
        deal_id=source["deal_id"], product_id=source["product_id"], slug=source["slug"],
        title=source["title"].get(shown, ""), language=shown.replace("_", "-"),
        merchant_name=source["merchant_name"],
        city=(source["city"] or [""])[0], price=Decimal(str(source["price"])),
        value=Decimal(str(source["value"])), currency=source["currency"],
        discount_percent=source["discount_percent"], units_sold=source["units_sold"],
        rating=source["rating"], rating_count=source["rating_count"], tipped=source["tipped"],
        status=status, sale_ends_at=ends, categories=source["category_path"],
        nearest_store=nearest_store(source["stores"], params.position, reader),
        title_html=title_html, snippet_html=snippet_html,
        url=url_for(deal_id=source["deal_id"], product_id=source["product_id"], slug=source["slug"]),
        kinds=list(source.get("kinds") or []), usage_windows=source.get("usage_windows") or "",
        next_free_slot=(parse_datetime(source["next_free_slot"])
                        if source.get("next_free_slot") else None),
    )
