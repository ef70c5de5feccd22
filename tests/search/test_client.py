"""search/client.py: the search reader keeps its connections alive, replaces one the node closed
while idle, and fails at once (no retry) when the node will not answer, so the database answers."""
import re
import socket
import threading

import pytest
from django.test import override_settings
from elastic_transport import ConnectionError as TransportConnectionError

from search.client import es_search_client
from search.query import SearchParams
from search.selectors import deals_search


def _connections_made() -> int:
    """Connections the search reader's nodes opened so far (urllib3's count, per pool)."""
    return sum(node.pool.num_connections for node in es_search_client().transport.node_pool.all())


def test_reader_keeps_its_connection_alive_across_searches(indexed):
    deals_search(SearchParams(q="massage"))
    before = _connections_made()
    for _ in range(5):
        assert deals_search(SearchParams(q="massage")).engine == "elasticsearch"
    assert before >= 1 and _connections_made() == before


class OneAnswerPerConnectionNode:
    """A local HTTP server that answers one request on each connection and then closes it
    without saying so, as a node does with a connection left idle too long (or a restarted
    node with every connection it had)."""

    ANSWER = (b"HTTP/1.1 200 OK\r\nX-elastic-product: Elasticsearch\r\n"
              b"content-type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
              b"a;ext=1\r\n{\"took\": 1\r\n3\r\n, \"\r\n"
              b"d\r\nanswered\": 1}\r\n0\r\nX-Trailer: x\r\n\r\n")

    def __init__(self, *, answer: bool = True):
        self.answer = answer
        self.accepted = 0
        self.closed = threading.Event()  # set when a connection has been closed
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
                head, _, body = request.partition(b"\r\n\r\n")
                length = re.search(rb"(?i)content-length: *(\d+)", head)
                while length and len(body) < int(length.group(1)):
                    body += conn.recv(65536)  # all of it: closing on unread data resets
                if self.answer:
                    conn.sendall(self.ANSWER)
            self.closed.set()

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


def test_a_connection_the_node_closed_while_idle_is_replaced_and_the_next_search_answered(
        one_answer_node):
    with override_settings(ELASTICSEARCH_URL=one_answer_node.url):
        first = es_search_client().search(index="deals", body={"size": 0}).body
        assert one_answer_node.closed.wait(10)  # the connection is idle and closed by now
        second = es_search_client().search(index="deals", body={"size": 0}).body
    assert first == second == {"took": 1, "answered": 1}
    assert one_answer_node.accepted == 2


def test_a_node_that_closes_a_new_connection_without_answering_is_a_connection_error(mute_node):
    with override_settings(ELASTICSEARCH_URL=mute_node.url):
        with pytest.raises(TransportConnectionError):
            es_search_client().search(index="deals", body={"size": 0})
    assert mute_node.accepted == 1  # not sent again: the reader fails fast, the database answers
