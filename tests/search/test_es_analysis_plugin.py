"""The node's marketplace-analysis plugin (scripts/es-plugin/) offers the mp_* parts the deal index uses."""
import json

import pytest
from django.conf import settings
from elasticsearch import ApiError, Elasticsearch

ENGLISH_FILTERS = ["lowercase", "mp_english_possessive", "mp_english_stop", "mp_english_stemmer"]
AUTOCOMPLETE_FILTERS = ["lowercase", "mp_asciifolding", "mp_edge_ngram"]


@pytest.fixture(scope="module")
def es():
    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)
    yield client
    client.close()


@pytest.fixture
def probe_index(es):
    """A throwaway index name in this run's namespace, removed afterwards."""
    name = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-analysis-plugin-probe".lower()
    es.options(ignore_status=404).indices.delete(index=name)
    yield name
    es.options(ignore_status=404).indices.delete(index=name)


def _tokens(es, **analyze_args) -> list[str]:
    return [t["token"] for t in es.indices.analyze(**analyze_args)["tokens"]]


def test_node_has_the_marketplace_analysis_plugin_installed(es):
    plugins = {p["component"]: p["version"] for p in es.cat.plugins(format="json")}
    assert plugins.get("marketplace-analysis") == "1.0.0"


@pytest.mark.parametrize(
    "filter_name, text, expected",
    [
        ("mp_english_possessive", "spa's", ["spa"]),
        ("mp_english_stop", "the spa and a pool", ["spa", "pool"]),
        ("mp_english_stemmer", "dinners running", ["dinner", "run"]),
        ("mp_asciifolding", "café crème", ["cafe", "creme"]),
        ("mp_edge_ngram", "spa", ["sp", "spa"]),
    ],
)
def test_each_token_filter_is_offered_by_name(es, filter_name, text, expected):
    assert _tokens(es, tokenizer="standard", filter=[filter_name], text=text) == expected


def test_english_chain_stems_singular_and_plural_and_ing_forms_alike(es):
    def analyze(text):
        return _tokens(es, tokenizer="standard", filter=ENGLISH_FILTERS, text=text)

    assert analyze("dinners") == analyze("dinner") == ["dinner"]
    assert analyze("running") == analyze("run") == ["run"]
    assert analyze("Massages") == analyze("massage")
    assert analyze("The Chef's dinners for a couple") == ["chef", "dinner", "coupl"]


def test_mp_english_analyzer_matches_the_filter_chain(es):
    text = "The Spa's relaxing massages and dinners"
    assert _tokens(es, analyzer="mp_english", text=text) == _tokens(
        es, tokenizer="standard", filter=ENGLISH_FILTERS, text=text
    )


def test_autocomplete_chain_emits_folded_prefixes_from_two_letters(es):
    assert _tokens(es, tokenizer="standard", filter=AUTOCOMPLETE_FILTERS, text="Massage") == [
        "ma", "mas", "mass", "massa", "massag", "massage",
    ]
    assert _tokens(es, tokenizer="standard", filter=AUTOCOMPLETE_FILTERS, text="Café") == [
        "ca", "caf", "cafe",
    ]


def test_index_settings_can_use_the_components_and_search_by_stem_and_prefix(es, probe_index):
    es.indices.create(
        index=probe_index,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "analysis": {
                "filter": {"short_prefixes": {"type": "mp_edge_ngram", "min_gram": 3, "max_gram": 5}},
                "analyzer": {
                    "english_text": {"type": "custom", "tokenizer": "standard", "filter": ENGLISH_FILTERS},
                    "autocomplete": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": AUTOCOMPLETE_FILTERS,
                    },
                    "short_autocomplete": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "short_prefixes"],
                    },
                    "plain_english": {"type": "mp_english"},
                },
            },
        },
        mappings={
            "properties": {
                "title": {
                    "type": "text",
                    "analyzer": "english_text",
                    "fields": {
                        "prefix": {"type": "text", "analyzer": "autocomplete", "search_analyzer": "standard"}
                    },
                }
            }
        },
    )
    short = _tokens(es, index=probe_index, analyzer="short_autocomplete", text="massage")
    assert short == ["mas", "mass", "massa"]
    assert _tokens(es, index=probe_index, analyzer="plain_english", text="dinners") == ["dinner"]

    es.index(index=probe_index, id="1", document={"title": "Relaxing massages for two"}, refresh=True)
    es.index(index=probe_index, id="2", document={"title": "Pasta dinner"}, refresh=True)

    def hits(query):
        return [h["_id"] for h in es.search(index=probe_index, query=query)["hits"]["hits"]]

    assert hits({"match": {"title": "massage"}}) == ["1"]
    assert hits({"match": {"title": "dinners"}}) == ["2"]
    assert hits({"match": {"title.prefix": "mas"}}) == ["1"]


def test_edge_ngram_with_min_gram_above_max_gram_is_refused_and_no_index_is_made(es, probe_index):
    with pytest.raises(ApiError) as refused:
        es.indices.create(
            index=probe_index,
            settings={
                "analysis": {
                    "filter": {"bad": {"type": "mp_edge_ngram", "min_gram": 5, "max_gram": 3}},
                    "analyzer": {"bad": {"type": "custom", "tokenizer": "standard", "filter": ["bad"]}},
                }
            },
        )
    assert "min_gram=5 max_gram=3" in json.dumps(refused.value.body)
    assert not es.indices.exists(index=probe_index)
