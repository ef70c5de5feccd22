"""Search in three languages: a query in one language finds a deal that has a translation in it,
Chinese is found by Chinese words typed without spaces, accents are forgiven, and cards show the
deal in the reader's language (else in the deal's own)."""
import pytest

from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.query import SearchParams
from search.services import search_index_rebuild

from .conftest import CHIADO, deal, store
from tests.factories import MerchantFactory

BACKENDS = [ElasticsearchBackend(), DatabaseBackend()]


@pytest.fixture(params=BACKENDS, ids=lambda b: b.name)
def backend(request):
    return request.param


@pytest.fixture
def multilingual(db, es_index):
    spa = MerchantFactory(name="Jardim Spa")
    lisbon = store(spa, CHIADO, name="Jardim Chiado")
    massage = deal("Relaxing massage for two", price="39", value="80", stores=[lisbon],
                   description="An hour in a quiet garden room.",
                   translations={
                       "zh-hans": {"title": "双人放松按摩", "description": "在安静的花园房间里放松一小时。"},
                       "pt-pt": {"title": "Massagem relaxante para dois",
                                 "description": "Uma hora numa sala calma com jardim."}})
    cafe = deal("Pequeno-almoço no Café Nicola", price="9", value="15", stores=[lisbon],
                original_language="pt-pt", highlights="Torradas e galão")
    shanghai = deal("外滩景观晚餐", price="300", value="450", stores=[lisbon],
                    original_language="zh-hans", description="上海外滩江景餐厅的四道菜晚餐。")
    search_index_rebuild()
    return {"massage": massage, "cafe": cafe, "shanghai": shanghai}


def ids(results):
    return {hit.deal_id for hit in results.hits}


@pytest.mark.parametrize("query, expected", [
    ("massagem", {"massage"}),        # Portuguese translation of an English deal
    ("按摩", {"massage"}),             # Chinese translation of an English deal
    ("放松按摩", {"massage"}),          # Chinese typed without spaces
    ("外滩", {"shanghai"}),             # a Chinese deal by a Chinese word
    ("外滩晚餐", {"shanghai"}),
    ("massage", {"massage"}),
    ("cafe", {"cafe"}),                # accents forgiven
    ("café", {"cafe"}),
])
def test_a_query_in_any_language_finds_the_deals_written_in_it(multilingual, backend, query,
                                                                expected):
    found = ids(backend.search(SearchParams(q=query)))
    assert found == {multilingual[name].pk for name in expected}


def test_a_chinese_word_does_not_find_deals_without_it(multilingual, backend):
    assert ids(backend.search(SearchParams(q="火锅"))) == set()


@pytest.mark.parametrize("language, title", [
    ("zh-hans", "双人放松按摩"),
    ("pt-pt", "Massagem relaxante para dois"),
    ("en-gb", "Relaxing massage for two"),
])
def test_cards_show_the_deal_in_the_readers_language(multilingual, backend, language, title):
    hits = backend.search(SearchParams(q="massage", language=language)).hits
    assert [(hit.title, hit.language) for hit in hits] == [(title, language)]


def test_a_reader_of_a_language_the_deal_lacks_sees_its_own_language(multilingual, backend):
    hits = backend.search(SearchParams(q="cafe", language="zh-hans")).hits
    assert [(hit.title, hit.language) for hit in hits] == [("Pequeno-almoço no Café Nicola", "pt-pt")]


@pytest.mark.parametrize("prefix", ["外", "外滩", "外滩景"])
def test_autocomplete_completes_chinese_prefixes(multilingual, prefix):
    suggestions = ElasticsearchBackend().autocomplete(prefix, params=SearchParams(language="zh-hans"))
    assert [s.deal_id for s in suggestions] == [multilingual["shanghai"].pk]


def test_autocomplete_suggests_the_title_in_the_readers_language(multilingual):
    suggestions = ElasticsearchBackend().autocomplete("massag", params=SearchParams(language="pt-pt"))
    assert [s.title for s in suggestions] == ["Massagem relaxante para dois"]


def test_one_chinese_character_is_enough_to_get_suggestions(multilingual):
    from search.selectors import deals_autocomplete
    assert [s.deal_id for s in deals_autocomplete("外")] == [multilingual["shanghai"].pk]
    assert deals_autocomplete("m") == []
