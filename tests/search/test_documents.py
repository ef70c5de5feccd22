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
    assert _tokens(field="title.en_gb", text="The Chef's dinners for couples") == ["chef", "dinner", "coupl"]
    assert _tokens(field="description.en_gb", text="massages") == _tokens(field="description.en_gb",
                                                                         text="massage")


def test_portuguese_fields_stem_portuguese_and_fold_accents_after_stemming(empty_index):
    assert _tokens(field="title.pt_pt", text="as massagens") == _tokens(field="title.pt_pt",
                                                                         text="massagem")
    assert _tokens(field="title.pt_pt", text="Café") == _tokens(field="title.pt_pt", text="cafe")


def test_chinese_fields_cut_text_into_overlapping_character_pairs(empty_index):
    assert _tokens(field="title.zh_hans", text="外滩晚餐") == ["外滩", "滩晚", "晚餐"]
    # Full-width Latin typed on a Chinese keyboard is plain Latin.
    assert _tokens(field="title.zh_hans", text="ＳＰＡ") == ["spa"]


def test_suggest_field_indexes_folded_prefixes_and_searches_whole_words(empty_index):
    assert _tokens(field="suggest", text="Café") == ["ca", "caf", "cafe"]
    assert _tokens(analyzer="suggest_search", text="Café Crème") == ["cafe", "creme"]


def test_mapping_is_strict_so_unknown_fields_are_refused(empty_index):
    from elasticsearch import BadRequestError

    with pytest.raises(BadRequestError):
        es_indexing_client().index(index=alias_name(), id=1, document={"no_such_field": 1})
