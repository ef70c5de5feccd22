"""search/selectors.py: the index answers; when it cannot, the database does, with a warning."""
import logging
import socket

import pytest
from django.test import override_settings

from search import services
from search.query import SearchParams
from search.selectors import deals_autocomplete, deals_search

CLOSED_PORT = "http://127.0.0.1:9"


@pytest.fixture
def silent_node():
    """A port that accepts connections and never answers: a node too slow to wait for."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def _ids(results):
    return sorted(h.deal_id for h in results.hits)


def test_search_is_answered_by_the_index_when_it_is_up(indexed):
    assert deals_search(SearchParams(q="massage")).engine == "elasticsearch"


def test_unreachable_node_falls_back_to_the_database_with_a_warning(indexed, caplog):
    from_index = deals_search(SearchParams(q="massage", category="Beauty & spa"))
    with override_settings(ELASTICSEARCH_URL=CLOSED_PORT), caplog.at_level(logging.WARNING, "search"):
        from_db = deals_search(SearchParams(q="massage", category="Beauty & spa"))
    assert from_db.engine == "database"
    assert _ids(from_db) == _ids(from_index) == sorted([indexed.massage_deal.pk, indexed.stone_deal.pk])
    assert "fell back to the database" in caplog.text


def test_node_that_does_not_answer_in_time_falls_back_to_the_database(indexed, silent_node, caplog):
    with override_settings(ELASTICSEARCH_URL=silent_node, ELASTICSEARCH_TIMEOUT=0.3), \
            caplog.at_level(logging.WARNING, "search"):
        results = deals_search(SearchParams(q="nails"))
        suggestions = deals_autocomplete("gel")
    assert results.engine == "database" and _ids(results) == [indexed.nails_deal.pk]
    assert [s.title for s in suggestions] == ["Gel nails manicure"]
    assert "ConnectionTimeout" in caplog.text


def test_missing_index_falls_back_to_the_database(catalogue, es_index):
    results = deals_search(SearchParams(q="seafood"))
    assert results.engine == "database" and _ids(results) == [catalogue.seafood_deal.pk]


def test_autocomplete_needs_two_characters(indexed):
    assert deals_autocomplete("g") == []
    assert [s.title for s in deals_autocomplete("ge")] == ["Gel nails manicure"]


def test_ping_is_true_for_the_running_node(es_index):
    assert services.search_index_ping() is True
