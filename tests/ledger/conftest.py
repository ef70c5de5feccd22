"""The ledger's tests: a merchant's people, a check that a voucher's money adds up, and a
recording proxy in front of stripe-mock."""
import json
import threading
import urllib.error
import urllib.request
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from marketplace.ledger.units import units_money
from tests.factories.people import manager, merchant, merchant_owner, staff  # noqa: F401
from vouchers.services import voucher_unit


def money_of(voucher):
    """Where the voucher's money is, as the ledger says."""
    return units_money(units=[voucher_unit(voucher)])[voucher_unit(voucher).key]


def assert_adds_up(voucher) -> None:
    """What the buyer paid is what went back, what is held, what the platform kept and what the
    merchant got: to the cent."""
    money = money_of(voucher)
    assert money.paid == voucher.price_paid
    assert money.paid == (money.refunded + money.held + money.breakage + money.commission
                          + money.merchant), money
    assert min(money.held, money.commission, money.breakage, money.refunded) >= Decimal("0"), money


class ConnectProxy:
    """A recording proxy in front of stripe-mock (which ignores idempotency keys): every request
    the gateway sends is kept (method, path, Idempotency-Key, form body), and chosen requests can
    be answered with a Stripe error instead of being forwarded."""

    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.requests: list[dict] = []
        self.refuse: dict[str, tuple[int, dict]] = {}  # text in the body -> (status, error)
        self.before_relay = None  # called with each request before it is relayed (may block)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _relay(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                text = body.decode()
                proxy.requests.append({"method": self.command, "path": self.path,
                                       "key": self.headers.get("Idempotency-Key"),
                                       "form": parse_qs(text)})
                if proxy.before_relay is not None:
                    proxy.before_relay(proxy.requests[-1])
                refusal = next((r for needle, r in proxy.refuse.items() if needle in text), None)
                if refusal is not None:
                    status, payload = refusal[0], json.dumps({"error": refusal[1]}).encode()
                else:
                    request = urllib.request.Request(
                        proxy.upstream + self.path, data=body if self.command == "POST" else None,
                        method=self.command, headers={k: v for k, v in self.headers.items()
                                                      if k.lower() not in ("host", "content-length")})
                    try:
                        with urllib.request.urlopen(request, timeout=10) as answer:
                            status, payload = answer.status, answer.read()
                    except urllib.error.HTTPError as error:
                        status, payload = error.code, error.read()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except BrokenPipeError:
                    pass  # the client died waiting (a killed payout run)

            do_GET = do_POST = do_DELETE = _relay

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def transfers_sent(self) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == "/v1/transfers"]


@pytest.fixture
def connect_proxy(settings):
    proxy = ConnectProxy(settings.STRIPE_CONNECT_API_BASE)
    settings.STRIPE_CONNECT_API_BASE = proxy.url
    yield proxy
    proxy.server.shutdown()
    proxy.server.server_close()
