"""The deal index: its elasticsearch-dsl Document, analyzers and versioned index names.

The node runs the integ-test distribution, which has no analysis-common module; the token
filters named mp_* come from our analysis plugin (scripts/es-plugin/).

A deal's texts are indexed in every language it is written in, each language in its own field
with its own analysis (``title.zh_hans``, ``title.pt_pt``...): English and Portuguese are stemmed;
Chinese, which has no spaces between words, is cut into overlapping pairs of characters (so a
two-character word matches as a word) in every chain, since any text may hold some; accents are
folded after stemming, so ``cafe`` finds ``café``. A language without a chain of its own below
gets ``text_any`` (pairs and folding, no stemming).
"""
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from elasticsearch_dsl import (
    Boolean, Date, DateRange, Document, Float, GeoPoint, Index, Integer, Keyword, MetaField,
    Object, Text, analyzer, token_filter,
)

# Bump when the mapping or the analysis changes: a rebuild then makes a new concrete index.
MAPPING_VERSION = 5

CJK_FIRST = ["mp_cjk_width", "lowercase"]  # full-width Latin typed on a Chinese keyboard: plain
CJK_PAIRS = ["mp_asciifolding", "mp_cjk_bigram"]

text_any = analyzer("text_any", tokenizer="standard", filter=[*CJK_FIRST, *CJK_PAIRS])
text_en = analyzer("text_en", tokenizer="standard", filter=[
    *CJK_FIRST, "mp_english_possessive", "mp_english_stop", "mp_english_stemmer", *CJK_PAIRS])
text_pt = analyzer("text_pt", tokenizer="standard", filter=[
    *CJK_FIRST, "mp_portuguese_stop", "mp_portuguese_stemmer", *CJK_PAIRS])
# Each language's chain (a fourth language gets text_any until it has one: README "Languages").
ANALYZERS = {"en-gb": text_en, "pt-pt": text_pt, "zh-hans": text_any}

# Search as you type: every prefix of every word, and of every run of Chinese characters (single
# characters and pairs are kept, so 上, 上海, 上海外 all match 上海外滩); the typed text is cut
# into pairs like the texts and matched as a phrase.
suggest_index = analyzer("suggest_index", tokenizer="standard", filter=[
    *CJK_FIRST, "mp_asciifolding",
    token_filter("cjk_pairs_and_characters", "mp_cjk_bigram", output_unigrams=True),
    token_filter("prefixes", "mp_edge_ngram", min_gram=2, max_gram=20, preserve_original=True),
])
suggest_search = analyzer("suggest_search", tokenizer="standard", filter=[*CJK_FIRST, *CJK_PAIRS])


def field_language(code: str) -> str:
    """The name of a language's sub-field: ``zh-hans`` -> ``zh_hans``."""
    return code.replace("-", "_")


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _per_language(*, highlighted: bool) -> Object:
    """A text in each language, each analysed as that language and copied into its all_text.

    Highlighted texts keep the word offsets in the index, so the highlighter reads them instead
    of analysing each hit's text again (~10% of the node's CPU per search, ~3% more index)."""
    extra = {"index_options": "offsets"} if highlighted else {}
    return Object(properties={
        field_language(code): Text(analyzer=ANALYZERS.get(code, text_any),
                                   copy_to=f"all_text.{field_language(code)}", **extra)
        for code in language_codes()})


def _in_every_language(**kwargs) -> Text:
    """A text that is the same in every language (a brand, a category, a city): found by a
    query in any of them."""
    return Text(copy_to=[f"all_text.{field_language(code)}" for code in language_codes()],
                **kwargs)


class DealDocument(Document):
    """One live or upcoming deal, with all a result card shows (search never reads the DB)."""

    deal_id = Integer()
    product_id = Integer()
    slug = Keyword(index=False)
    # The deal's own language (what a reader of a language the deal lacks sees), and all it has.
    original_language = Keyword(index=False)
    languages = Keyword()
    title = _per_language(highlighted=True)
    highlights = _per_language(highlighted=True)
    description = _per_language(highlighted=True)
    # Every title in every language, for search as you type.
    suggest = Text(analyzer=suggest_index, search_analyzer=suggest_search)
    merchant_name = _in_every_language(analyzer=text_any, fields={"raw": Keyword()})
    # Every level of every category ("Food", "Food > Restaurants"): a filter on a path
    # matches its subcategories too.
    category_path = Keyword(eager_global_ordinals=True)  # faceted on every search
    category_text = _in_every_language(analyzer=text_en)
    city = Keyword(eager_global_ordinals=True)
    city_text = _in_every_language(analyzer=text_any)
    # One point per store with valid coordinates; a deal is as near as its nearest store.
    locations = GeoPoint()
    stores = Object(enabled=False)  # name (and names by language), city, lat, lon: shown only
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
    # Everything a query in one language may match: that language's texts, and the merchant,
    # categories and cities (which are the same in every language).
    all_text = Object(properties={
        field_language(code): Text(analyzer=ANALYZERS.get(code, text_any))
        for code in language_codes()})
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
