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
    assert plugins.get("marketplace-analysis") == "1.1.0"


@pytest.mark.parametrize(
    "filter_name, text, expected",
    [
        ("mp_english_possessive", "spa's", ["spa"]),
        ("mp_english_stop", "the spa and a pool", ["spa", "pool"]),
        ("mp_english_stemmer", "dinners running", ["dinner", "run"]),
        ("mp_asciifolding", "café crème", ["cafe", "creme"]),
        ("mp_edge_ngram", "spa", ["sp", "spa"]),
        ("mp_cjk_bigram", "上海外滩按摩", ["上海", "海外", "外滩", "滩按", "按摩"]),
        ("mp_cjk_width", "ＳＰＡ２ ｶﾀｶﾅ", ["SPA2", "カタカナ"]),
        ("mp_portuguese_stop", "massagem para dois com chá", ["massagem", "dois", "chá"]),
        # The light stemmer drops the tilde of some forms only: fold accents after it.
        ("mp_portuguese_stemmer", "massagens pães pão", ["massagem", "pao", "pão"]),
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


# --- Chinese and Portuguese ------------------------------------------------------------------
# Analyzers for a multilingual deal index, proven here on a probe index: Chinese is cut into
# overlapping character pairs (and, in a sub-field, into dictionary words by smartcn), other
# scripts keep their language's stemming, accents are folded, prefixes work in every script.

CJK_TEXT_FILTERS = ["mp_cjk_width", "lowercase", "mp_asciifolding", "mp_cjk_bigram"]
ENGLISH_CJK_FILTERS = ["mp_cjk_width", "lowercase", "mp_english_possessive", "mp_english_stop",
                       "mp_english_stemmer", "mp_asciifolding", "mp_cjk_bigram"]
PORTUGUESE_FILTERS = ["mp_cjk_width", "lowercase", "mp_portuguese_stop", "mp_portuguese_stemmer",
                      "mp_asciifolding", "mp_cjk_bigram"]
MULTILINGUAL_ANALYSIS = {
    "filter": {
        "cjk_bigrams_and_chars": {"type": "mp_cjk_bigram", "output_unigrams": True},
        # Keeps a lone Chinese character (shorter than min_gram) as a prefix of itself.
        "prefixes": {"type": "mp_edge_ngram", "min_gram": 2, "max_gram": 20, "preserve_original": True},
    },
    "analyzer": {
        "text_zh": {"type": "custom", "tokenizer": "standard", "filter": CJK_TEXT_FILTERS},
        "text_en": {"type": "custom", "tokenizer": "standard", "filter": ENGLISH_CJK_FILTERS},
        "text_pt": {"type": "custom", "tokenizer": "standard", "filter": PORTUGUESE_FILTERS},
        "prefix_index": {
            "type": "custom", "tokenizer": "standard",
            "filter": ["mp_cjk_width", "lowercase", "mp_asciifolding", "cjk_bigrams_and_chars", "prefixes"],
        },
        "prefix_search": {"type": "custom", "tokenizer": "standard", "filter": CJK_TEXT_FILTERS},
    },
}


@pytest.fixture
def multilingual_index(es, probe_index):
    """A probe index with a title in each language and a prefix field, as the deal index will have."""
    es.indices.create(
        index=probe_index,
        settings={"number_of_shards": 1, "number_of_replicas": 0, "analysis": MULTILINGUAL_ANALYSIS},
        mappings={"properties": {
            "title_zh": {"type": "text", "analyzer": "text_zh",
                         "fields": {"words": {"type": "text", "analyzer": "mp_smartcn"}}},
            "title_en": {"type": "text", "analyzer": "text_en"},
            "title_pt": {"type": "text", "analyzer": "text_pt"},
            "suggest": {"type": "text", "analyzer": "prefix_index", "search_analyzer": "prefix_search"},
        }},
    )
    deals = {
        "bund": {"title_zh": "上海外滩按摩", "title_en": "Massage on the Bund, Shanghai",
                 "title_pt": "Massagem no Bund de Xangai"},
        "duck": {"title_zh": "北京烤鸭晚餐", "title_en": "Peking duck dinner", "title_pt": "Jantar de pato à Pequim"},
        "cafe": {"title_zh": "里斯本咖啡和面包", "title_en": "Coffee and bread in Lisbon",
                 "title_pt": "Café e pão na Baixa"},
        "cruise": {"title_zh": "外滩夜景游船", "title_en": "Bund night cruise", "title_pt": "Cruzeiro noturno no Bund"},
    }
    for deal_id, titles in deals.items():
        suggest = " ".join(titles.values())
        es.index(index=probe_index, id=deal_id, document={**titles, "suggest": suggest})
    es.indices.refresh(index=probe_index)
    return probe_index


def _hits(es, index, query) -> set[str]:
    return {h["_id"] for h in es.search(index=index, query=query)["hits"]["hits"]}


def test_chinese_is_indexed_as_character_pairs(es):
    assert _tokens(es, tokenizer="standard", filter=CJK_TEXT_FILTERS, text="上海外滩按摩") == [
        "上海", "海外", "外滩", "滩按", "按摩"]
    # A lone character stays itself; a space ends a run of pairs.
    assert _tokens(es, tokenizer="standard", filter=CJK_TEXT_FILTERS, text="外") == ["外"]
    assert _tokens(es, tokenizer="standard", filter=CJK_TEXT_FILTERS, text="上海 按摩") == ["上海", "按摩"]


def test_chinese_word_finds_the_deal_that_contains_it_and_no_other(es, multilingual_index):
    def zh(text):
        return _hits(es, multilingual_index, {"match": {"title_zh": {"query": text, "operator": "and"}}})

    assert zh("按摩") == {"bund"}
    assert zh("外滩") == {"bund", "cruise"}
    assert zh("上海 按摩") == {"bund"}
    assert zh("烤鸭") == {"duck"}
    # The same characters in another order are another word: single characters would match it.
    assert zh("摩按") == set()
    assert zh("滩外") == set()


def test_chinese_words_typed_together_rank_the_deal_with_both_first(es, multilingual_index):
    # "上海按摩" makes the pairs 上海, 海按, 按摩: the middle one is in no title, so such a query is
    # matched with "or" (or a minimum_should_match), and the deal with both words ranks first.
    found = es.search(index=multilingual_index, query={"match": {"title_zh": "上海按摩"}})["hits"]["hits"]
    assert [h["_id"] for h in found] == ["bund"]
    found = es.search(index=multilingual_index, query={"match": {"title_zh": "外滩按摩"}})["hits"]["hits"]
    assert [h["_id"] for h in found][:1] == ["bund"]
    assert {h["_id"] for h in found} == {"bund", "cruise"}


def test_chinese_autocomplete_matches_every_prefix_of_the_title(es, multilingual_index):
    def suggest(text):
        return _hits(es, multilingual_index, {"match_phrase": {"suggest": text}})

    assert suggest("上") == {"bund"}
    assert suggest("上海") == {"bund"}
    assert suggest("上海外") == {"bund"}
    assert suggest("上海外滩按") == {"bund"}
    assert suggest("外滩") == {"bund", "cruise"}
    assert suggest("外滩夜") == {"cruise"}
    assert suggest("海上") == set()


def test_latin_autocomplete_still_matches_folded_prefixes(es, multilingual_index):
    def suggest(text):
        return _hits(es, multilingual_index, {"match_phrase": {"suggest": text}})

    assert suggest("mass") == {"bund"}
    assert suggest("pequ") == {"duck"}
    assert suggest("caf") == suggest("Café") == {"cafe"}
    assert suggest("pao") == {"cafe"}


def test_portuguese_without_accents_finds_the_accented_words_and_plurals(es, multilingual_index):
    def pt(text):
        return _hits(es, multilingual_index, {"match": {"title_pt": {"query": text, "operator": "and"}}})

    assert pt("cafe") == pt("café") == {"cafe"}
    assert pt("pao") == pt("pão") == pt("pães") == {"cafe"}
    assert pt("massagens") == {"bund"}
    assert pt("cruzeiros noturnos") == {"cruise"}
    assert _tokens(es, analyzer="text_pt", index=multilingual_index, text="Café e pão") == ["cafe", "pao"]


def test_mixed_text_keeps_english_stems_and_chinese_pairs_in_one_field(es, multilingual_index):
    tokens = _tokens(es, index=multilingual_index, analyzer="text_en",
                     text="Hot stone massages 热石按摩 at the Café")
    assert tokens == ["hot", "stone", "massag", "热石", "石按", "按摩", "cafe"]
    es.index(index=multilingual_index, id="mixed", document={"title_en": "Hot stone massages 热石按摩 at the Café"},
             refresh=True)

    def en(text):
        return _hits(es, multilingual_index, {"match": {"title_en": {"query": text, "operator": "and"}}})

    assert en("massage") == {"bund", "mixed"}
    assert en("按摩") == {"mixed"}
    assert en("stone 按摩 cafe") == {"mixed"}


def test_full_width_latin_typed_on_a_chinese_keyboard_finds_plain_latin(es, multilingual_index):
    assert _tokens(es, index=multilingual_index, analyzer="text_zh", text="ＳＰＡ") == ["spa"]
    assert _hits(es, multilingual_index, {"match_phrase": {"suggest": "ＭＡＳＳ"}}) == {"bund"}


def test_cjk_bigram_with_an_unknown_script_is_refused_and_no_index_is_made(es, probe_index):
    with pytest.raises(ApiError) as refused:
        es.indices.create(
            index=probe_index,
            settings={"analysis": {
                "filter": {"bad": {"type": "mp_cjk_bigram", "ignored_scripts": ["latin"]}},
                "analyzer": {"bad": {"type": "custom", "tokenizer": "standard", "filter": ["bad"]}},
            }},
        )
    assert "ignored_scripts takes han, hiragana, katakana or hangul, got [latin]" in json.dumps(
        refused.value.body, ensure_ascii=False)
    assert not es.indices.exists(index=probe_index)


def test_cjk_bigram_can_leave_a_script_as_single_characters(es):
    keep_hangul = {"type": "mp_cjk_bigram", "ignored_scripts": ["hangul"]}
    assert _tokens(es, tokenizer="standard", filter=[keep_hangul], text="서울 上海") == ["서울", "上海"]
    assert _tokens(es, tokenizer="standard", filter=["mp_cjk_bigram"], text="서울") == ["서울"]


def test_lucene_cjk_and_portuguese_analyzers_are_offered(es):
    assert _tokens(es, analyzer="mp_cjk", text="上海外滩 SPA") == ["上海", "海外", "外滩", "spa"]
    assert _tokens(es, analyzer="mp_portuguese", text="As massagens") == ["massagem"]


def test_smartcn_cuts_chinese_into_dictionary_words(es):
    assert _tokens(es, analyzer="mp_smartcn", text="上海外滩按摩") == ["上海", "外滩", "按摩"]
    assert _tokens(es, analyzer="mp_smartcn", text="北京烤鸭晚餐，SPA massages") == [
        "北京", "烤鸭", "晚餐", "spa", "massag"]
    assert _tokens(es, tokenizer="mp_smartcn_tokenizer", text="里斯本咖啡") == ["里斯本", "咖啡"]
    # A name missing from its dictionary falls apart into characters: pairs still find it.
    assert _tokens(es, analyzer="mp_smartcn", text="静安寺") == ["静", "安", "寺"]


def test_words_avoid_the_pairs_that_straddle_two_words(es, multilingual_index):
    # 上海外滩 holds the pair 海外 ("overseas") across 上海 and 外滩: pairs find it, words do not.
    def hits(field, text):
        return _hits(es, multilingual_index, {"match": {field: {"query": text, "operator": "and"}}})

    assert hits("title_zh", "海外") == {"bund"}
    assert hits("title_zh.words", "海外") == set()
    assert hits("title_zh.words", "外滩") == {"bund", "cruise"}
    assert hits("title_zh.words", "上海按摩") == {"bund"}
