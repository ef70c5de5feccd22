"""A lean HTTP/1.1 node for the search request path, plugged into the official client.

elastic_transport lets a client choose its node class (``node_class=``). Its default node goes
through urllib3 and http.client, whose response parsing (an e-mail header parser, a chunk
reader per line) cost ~0.3 ms of CPU per search here, about a seventh of the app's work for
a search. This node sends the request and reads the answer on a kept-alive socket with a few
lines of parsing: status line, headers, and a body by Content-Length or chunks.

Only the search reader uses it (search.client): requests that read, so a request that meets a
connection the node closed while idle can safely be sent again once on a new one. Plain HTTP
only; the indexing client keeps the default node.
"""
import os
import socket
import time
from collections import deque

from elastic_transport import (
    ApiResponseMeta, BaseNode, ConnectionError, ConnectionTimeout, HttpHeaders, NodeConfig,
)
from elastic_transport._node import NodeApiResponse
from elastic_transport.client_utils import DEFAULT

_MAX_LINE = 65536
_CUT_SHORT = "the connection closed in the middle of an answer"


class _Closed(Exception):
    """The node closed a kept-alive connection before answering."""


class _Connection:
    def __init__(self, host: str, port: int, timeout: float | None):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = self.sock.makefile("rb")
        self.timeout = timeout

    def close(self) -> None:
        self.reader.close()
        self.sock.close()

    def exchange(self, request: bytes, *, timeout: float | None,
                 head: bool) -> tuple[int, HttpHeaders, bytes, bool]:
        """(status, headers, body, reusable) of one request."""
        if timeout != self.timeout:
            self.sock.settimeout(timeout)
            self.timeout = timeout
        try:
            self.sock.sendall(request)
            line = self.reader.readline(_MAX_LINE)
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise _Closed() from exc
        if not line:
            raise _Closed()
        version, status = line.split(None, 2)[:2]  # HTTP/1.1 200 OK
        headers = HttpHeaders()
        while True:
            line = self.reader.readline(_MAX_LINE)
            if line in (b"\r\n", b"\n"):
                break
            if not line:
                raise ConnectionError(_CUT_SHORT)
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip(), value.strip()
            # A repeated header (Warning) is one value, comma-separated.
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        status = int(status)
        reusable = version == b"HTTP/1.1" and headers.get("connection", "").lower() != "close"
        if head or status in (204, 304) or 100 <= status < 200:
            return status, headers, b"", reusable
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return status, headers, self._chunks(), reusable
        length = headers.get("content-length")
        if length is None:  # the answer ends when the node closes the connection
            return status, headers, self.reader.read(), False
        body = self.reader.read(int(length))
        if len(body) != int(length):
            raise ConnectionError(_CUT_SHORT)
        return status, headers, body, reusable

    def _chunks(self) -> bytes:
        parts = []
        while True:
            size = int(self.reader.readline(_MAX_LINE).split(b";", 1)[0], 16)
            if size == 0:
                while self.reader.readline(_MAX_LINE) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            chunk = self.reader.read(size + 2)  # the chunk and its CRLF
            if len(chunk) != size + 2:
                raise ConnectionError(_CUT_SHORT)
            parts.append(chunk[:-2])


class KeepAliveNode(BaseNode):
    """One Elasticsearch node over plain HTTP/1.1, idle connections kept for the next request
    (at most ``connections_per_node``); thread-safe: a request takes a connection of its own."""

    def __init__(self, config: NodeConfig):
        if config.scheme != "http" or config.http_compress:
            raise ValueError("KeepAliveNode speaks plain, uncompressed HTTP only")
        super().__init__(config)
        self._idle: deque[_Connection] = deque()
        self._pid = os.getpid()
        self._host_header = f"Host: {config.host}:{config.port}\r\n"

    def perform_request(self, method: str, target: str, body: bytes | None = None,
                        headers: HttpHeaders | None = None,
                        request_timeout=DEFAULT) -> NodeApiResponse:
        timeout = self.config.request_timeout if request_timeout is DEFAULT else request_timeout
        all_headers = self._headers.copy()
        if headers:
            all_headers.update(headers)
        request = self._encode(method, self.path_prefix + target, all_headers, body)
        start = time.time()
        try:
            status, response_headers, data = self._exchange(request, timeout=timeout,
                                                            head=method == "HEAD")
        except Exception as exc:
            self._log_request(method=method, target=target, headers=all_headers, body=body,
                              exception=exc)
            raise
        meta = ApiResponseMeta(node=self.config, duration=time.time() - start,
                               http_version="1.1", status=status, headers=response_headers)
        self._log_request(method=method, target=target, headers=all_headers, body=body,
                          meta=meta, response=data)
        return NodeApiResponse(meta, data)

    def _encode(self, method: str, target: str, headers: HttpHeaders, body: bytes | None) -> bytes:
        lines = [f"{method} {target} HTTP/1.1\r\n", self._host_header]
        lines.extend(f"{name}: {value}\r\n" for name, value in headers.items())
        if body is not None or method in ("POST", "PUT"):
            lines.append(f"Content-Length: {len(body or b'')}\r\n")
        lines.append("\r\n")
        return "".join(lines).encode("latin-1") + (body or b"")

    def _exchange(self, request: bytes, *, timeout, head: bool) -> tuple[int, HttpHeaders, bytes]:
        connection = None
        try:
            connection, reused = self._checkout(timeout)
            try:
                status, headers, data, reusable = connection.exchange(request, timeout=timeout,
                                                                      head=head)
            except _Closed:
                # Closed by the node while idle: sent again, once, on a new connection.
                connection.close()
                if not reused:
                    raise ConnectionError("the node closed the connection without answering")
                connection = self._connect(timeout)
                status, headers, data, reusable = connection.exchange(request, timeout=timeout,
                                                                      head=head)
        except (_Closed, OSError, ValueError, ConnectionError) as exc:
            if connection:
                connection.close()
            if isinstance(exc, ConnectionError):
                raise
            if isinstance(exc, TimeoutError):
                raise ConnectionTimeout("Connection timed out during request", errors=(exc,)) from exc
            raise ConnectionError(str(exc) or type(exc).__name__, errors=(exc,)) from exc
        if reusable and len(self._idle) < self.config.connections_per_node:
            self._idle.append(connection)
        else:
            connection.close()
        return status, headers, data

    def _checkout(self, timeout) -> tuple[_Connection, bool]:
        """An idle connection (reused=True) or a new one."""
        if self._pid != os.getpid():  # forked: the parent's sockets are not this process's
            self._idle.clear()
            self._pid = os.getpid()
        try:
            return self._idle.pop(), True
        except IndexError:
            return self._connect(timeout), False

    def _connect(self, timeout) -> _Connection:
        return _Connection(self.config.host, self.config.port, timeout)

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
