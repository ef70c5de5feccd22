"""search/documents.py: the deal index's analyzers, checked on the real node."""
import pytest

from search import services
from search.client import es_indexing_client
from search.documents import alias_name


@pytest.fixture
def empty_index(es_index, db):
    services.search_index_rebuild(sources=[])


def _tokens(**kwargs) -> list[str]:
    response = es_indexing_client().indices.analyze(index=alias_name(), **kwargs)
    return [t["token"] for t in response["tokens"]]


def test_text_fields_stem_english_and_drop_stop_words_and_possessives(empty_index):
    assert _tokens(field="title", text="The Chef's dinners for couples") == ["chef", "dinner", "coupl"]
    assert _tokens(field="description", text="massages") == _tokens(field="description", text="massage")


def test_autocomplete_subfield_indexes_folded_prefixes_and_searches_whole_words(empty_index):
    assert _tokens(field="title.autocomplete", text="Café") == ["ca", "caf", "cafe"]
    assert _tokens(analyzer="mp_autocomplete_search", text="Café Crème") == ["cafe", "creme"]


def test_mapping_is_strict_so_unknown_fields_are_refused(empty_index):
    from elasticsearch import BadRequestError

    with pytest.raises(BadRequestError):
        es_indexing_client().index(index=alias_name(), id=1, document={"no_such_field": 1})
