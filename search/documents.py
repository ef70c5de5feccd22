"""The deal index: its elasticsearch-dsl Document, analyzers and versioned index names.

The node runs the integ-test distribution, which has no analysis-common module; the token
filters named mp_* come from our analysis plugin (scripts/es-plugin/).
"""
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch_dsl import (
    Boolean, Date, DateRange, Document, Float, GeoPoint, Index, Integer, Keyword, MetaField,
    Object, Text, analyzer,
)

# Bump when the mapping or the analysis changes: a rebuild then makes a new concrete index.
MAPPING_VERSION = 4

english = analyzer(
    "mp_english",
    tokenizer="standard",
    filter=["lowercase", "mp_english_possessive", "mp_english_stop", "mp_english_stemmer"],
)
autocomplete_index = analyzer(
    "mp_autocomplete", tokenizer="standard", filter=["lowercase", "mp_asciifolding", "mp_edge_ngram"]
)
autocomplete_search = analyzer(
    "mp_autocomplete_search", tokenizer="standard", filter=["lowercase", "mp_asciifolding"]
)


def _english_text(**kwargs) -> Text:
    return Text(analyzer=english, copy_to="all_text", **kwargs)


def _highlighted_text(**kwargs) -> Text:
    """Text whose matches a result card highlights: the word offsets are kept in the index, so
    the highlighter reads them instead of analysing each hit's text again (~10% of the node's
    CPU per search, for ~3% more index)."""
    return _english_text(index_options="offsets", **kwargs)


class DealDocument(Document):
    """One live or upcoming deal, with all a result card shows (search never reads the DB)."""

    deal_id = Integer()
    product_id = Integer()
    slug = Keyword(index=False)
    title = _highlighted_text(
        fields={
            "autocomplete": Text(analyzer=autocomplete_index, search_analyzer=autocomplete_search),
            "raw": Keyword(),
        }
    )
    merchant_name = _english_text(fields={"raw": Keyword()})
    highlights = _highlighted_text()
    description = _highlighted_text()
    # Every level of every category ("Food", "Food > Restaurants"): a filter on a path
    # matches its subcategories too.
    category_path = Keyword(eager_global_ordinals=True)  # faceted on every search
    category_text = _english_text()
    city = Keyword(eager_global_ordinals=True)
    city_text = _english_text()
    # One point per store with valid coordinates; a deal is as near as its nearest store.
    locations = GeoPoint()
    stores = Object(enabled=False)  # name, city, lat, lon: shown, never searched
    price = Float()  # the integ-test node has no mapper-extras (no scaled_float)
    value = Float()
    currency = Keyword(index=False)
    discount_percent = Integer()
    units_sold = Integer()
    rating = Float()
    rating_count = Integer()
    sale_starts_at = Date()
    sale_ends_at = Date()
    status = Keyword()
    tipped = Boolean()
    all_text = Text(analyzer=english)
    # The trades (search/times.py): kinds, when vouchers may be used over the coming days (each
    # store on its own clock), the next free slot of a bookable deal.
    kinds = Keyword()
    usage_windows = Keyword(index=False)
    always_usable = Boolean()
    usable = DateRange()
    next_free_slot = Date()

    class Meta:
        dynamic = MetaField("strict")


def alias_name() -> str:
    """What readers query: the alias that always points at one complete index."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-deals".lower()


def concrete_index_pattern(version: int = MAPPING_VERSION) -> str:
    return f"{alias_name()}-v{version}-*"


def new_concrete_index_name(now: datetime | None = None) -> str:
    stamp = (now or timezone.now()).strftime("%Y%m%d%H%M%S%f")
    return f"{alias_name()}-v{MAPPING_VERSION}-{stamp}"


def deal_index(name: str) -> Index:
    """The index definition (settings, analyzers, mapping) under a concrete name."""
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, refresh_interval="1s")
    index.document(DealDocument)
    return index
