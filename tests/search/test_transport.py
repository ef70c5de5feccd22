"""search/transport.py: the search reader's lean HTTP node reads every answer the real node gives,
keeps its connections alive, and turns a broken connection into the error the fallback expects."""
import socket
import threading

import pytest
from django.test import override_settings
from elastic_transport import ConnectionError as TransportConnectionError
from elasticsearch import NotFoundError

from search.client import es_indexing_client, es_search_client
from search.documents import alias_name
from search.query import SearchParams
from search.selectors import deals_search


def _connections_opened() -> int:
    stats = es_indexing_client().nodes.stats(metric="http")["nodes"]
    return sum(node["http"]["total_opened"] for node in stats.values())


def test_reader_gets_the_same_hits_as_the_default_transport(indexed):
    body = {"query": {"match": {"all_text": "massage"}}, "sort": ["deal_id"],
            "aggs": {"cities": {"terms": {"field": "city"}}}}
    lean = es_search_client().search(index=alias_name(), body=body).body
    default = es_indexing_client().search(index=alias_name(), body=body).body
    assert lean["hits"] == default["hits"] and lean["hits"]["hits"]
    assert lean["aggregations"] == default["aggregations"]


def test_reader_keeps_one_connection_alive_across_searches(indexed):
    es_search_client().search(index=alias_name(), body={"size": 1})
    before = _connections_opened()
    for _ in range(5):
        deals_search(SearchParams(q="massage"))
    assert _connections_opened() == before


def test_reader_reads_error_answers_empty_answers_and_head_requests(indexed):
    with pytest.raises(NotFoundError):
        es_search_client().search(index="no-such-deal-index", body={"size": 1})
    assert es_search_client().indices.exists(index=alias_name())
    assert not es_search_client().indices.exists(index="no-such-deal-index")
    assert es_search_client().cluster.health()["status"] in ("green", "yellow")  # Content-Length


class OneAnswerPerConnectionNode:
    """A local HTTP server that answers one request on each connection and then closes it
    without saying so, as a node does with a connection left idle too long."""

    ANSWER = (b"HTTP/1.1 200 OK\r\nX-elastic-product: Elasticsearch\r\n"
              b"content-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"a;ext=1\r\n{\"took\": 1\r\n3\r\n, \"\r\n"
              b"d\r\nanswered\": 1}\r\n0\r\nX-Trailer: x\r\n\r\n")

    def __init__(self, *, answer: bool = True):
        self.answer = answer
        self.accepted = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(65536)
                if self.answer:
                    conn.sendall(self.ANSWER)

    def close(self):
        self.sock.close()


@pytest.fixture
def one_answer_node():
    node = OneAnswerPerConnectionNode()
    yield node
    node.close()


@pytest.fixture
def mute_node():
    node = OneAnswerPerConnectionNode(answer=False)
    yield node
    node.close()


def test_a_connection_closed_while_idle_is_replaced_and_the_search_sent_again(one_answer_node):
    with override_settings(ELASTICSEARCH_URL=one_answer_node.url):
        first = es_search_client().search(index="deals", body={"size": 0}).body
        second = es_search_client().search(index="deals", body={"size": 0}).body
    assert first == second == {"took": 1, "answered": 1}
    assert one_answer_node.accepted == 2


def test_a_node_that_closes_a_new_connection_without_answering_is_a_connection_error(mute_node):
    with override_settings(ELASTICSEARCH_URL=mute_node.url):
        with pytest.raises(TransportConnectionError):
            es_search_client().search(index="deals", body={"size": 0})
    assert mute_node.accepted == 1  # not sent again: a new connection was refused an answer
