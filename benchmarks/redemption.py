"""Redemption throughput: 100,000 issued vouchers in PostgreSQL, redeemed through the real API.

1. A fresh database (copied from a migrated template) gets 100,000 issued vouchers (bulk insert).
2. uWSGI serves the app on 127.0.0.1 as in production (scripts/uwsgi.ini); concurrent clients
   (threads, keep-alive connections) redeem distinct vouchers with POST /api/v1/redemptions/
   and a store token.
3. 50 parallel redeems of one voucher: exactly one may win.

Targets on the 2-core machine: >= 300 redemptions/s, p99 < 50 ms, race_winners=1.
Last line: vouchers=<n> rps=<n> p50_ms=<n> p99_ms=<n> race_winners=<n>

Knobs (environment): BENCH_VOUCHERS (100000), BENCH_REDEEMS (6000), BENCH_CLIENTS (4),
BENCH_WORKERS (2 x cores + 1, gunicorn's advice, right for uWSGI too: a till's keep-alive
connection stays on the worker that accepted it, and with one worker per core two busy tills
could share one worker and its GIL while another worker idled), BENCH_THREADS (2), DATABASE_URL (server and
credentials; the database name is replaced by mk_bench_redemption), BENCH_REDIS_URL (db 13).
"""
import http.client
import json
import os
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.scratch import (  # noqa: E402
    database_url, fresh_database, percentile, start_server, stop_server,
)

VOUCHERS = int(os.environ.get("BENCH_VOUCHERS", 100_000))
REDEEMS = int(os.environ.get("BENCH_REDEEMS", 6000))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
THREADS = int(os.environ.get("BENCH_THREADS", 2))
RACE = 50
DB_NAME = "mk_bench_redemption"
TEMPLATE = DB_NAME + "_template"

bench_url = database_url(DB_NAME, query="conn_max_age=600")
os.environ.update({"DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
                   "DATABASE_URL": bench_url, "DEBUG": "false",
                   "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
                   "PYTHONWARNINGS": "ignore::UserWarning"})


def seed():
    """A merchant, its store and deal, one paid order line, and VOUCHERS issued vouchers."""
    import django

    django.setup()
    from django.utils import timezone

    from merchants.services import api_token_create
    from tests.factories import DealFactory, LocationFactory, MerchantFactory, \
        create_paid_order_line
    from vouchers import codes
    from vouchers.models import Voucher

    merchant = MerchantFactory(name="Bench Bistro")
    store = LocationFactory(merchant=merchant, name="Bench Bistro Centre")
    deal = DealFactory(merchant=merchant, locations=[store])
    line = create_paid_order_line(deal=deal, quantity=VOUCHERS)
    option = deal.options.first()
    now = timezone.now()
    plain, batch = [], []
    fernet = codes._fernet()
    for unit in range(VOUCHERS):
        code = codes.generate()
        plain.append(code)
        batch.append(Voucher(
            code_digest=codes.digest(code), code_sealed=fernet.encrypt(code.encode()).decode(),
            order_line=line, unit_index=unit, deal=deal, option=option.product,
            merchant=merchant, holder_name="Bench Buyer", holder_email="bench@example.com",
            price_paid=line.unit_price_incl_tax, value=option.value, currency="EUR",
            valid_from=now - timedelta(hours=1), valid_until=now + timedelta(days=90)))
        if len(batch) == 5000:
            Voucher.objects.bulk_create(batch)
            batch = []
    Voucher.objects.bulk_create(batch)
    _, token = api_token_create(location=store, name="Bench till")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return plain, token, store.pk, Voucher.objects.count()


class Till:
    """One point-of-sale client with a keep-alive connection."""

    def __init__(self, port: int, token: str, location: int):
        self.port, self.location = port, location
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def redeem(self, code: str, key: str | None = None) -> tuple[int, dict, float]:
        body = json.dumps({"codes": [code], "location": self.location})
        headers = {**self.headers, "Idempotency-Key": key or uuid.uuid4().hex}
        started = time.perf_counter()
        for attempt in range(3):
            try:
                self.conn.request("POST", "/api/v1/redemptions/", body, headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, json.loads(data), time.perf_counter() - started
            except (http.client.HTTPException, OSError):
                # A closed keep-alive connection: reconnect and retry with the same key.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        raise RuntimeError("no answer from the server")


def load(port, token, location, codes_to_redeem) -> tuple[float, list[float], int]:
    chunks = [codes_to_redeem[i::CLIENTS] for i in range(CLIENTS)]
    latencies, failures = [], []
    lock = threading.Lock()

    def run(chunk):
        till, mine, bad = Till(port, token, location), [], 0
        for code in chunk:
            status, body, seconds = till.redeem(code)
            mine.append(seconds)
            bad += status != 201
        with lock:
            latencies.extend(mine)
            failures.append(bad)

    # Warm up every worker (imports, connections) before measuring.
    warm = Till(port, token, location)
    for code in codes_to_redeem[-WORKERS * THREADS * 4:]:
        warm.redeem(code)
    measured = codes_to_redeem[:-WORKERS * THREADS * 4]
    chunks = [measured[i::CLIENTS] for i in range(CLIENTS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(run, chunks))
    elapsed = time.perf_counter() - started
    return len(measured) / elapsed, latencies, sum(failures)


def race(port, token, location, code) -> int:
    barrier = threading.Barrier(RACE)

    def one(_):
        till = Till(port, token, location)
        till.conn.connect()
        barrier.wait()
        return till.redeem(code)[0]

    with ThreadPoolExecutor(RACE) as pool:
        statuses = list(pool.map(one, range(RACE)))
    return statuses.count(201)


def main():
    t0 = time.perf_counter()
    fresh_database(DB_NAME, template=TEMPLATE)
    plain, token, location, count = seed()
    print(f"seeded {count} vouchers in {time.perf_counter() - t0:.1f} s", flush=True)
    server, port = start_server("redemption", processes=WORKERS, threads=THREADS)
    try:
        rps, latencies, failures = load(port, token, location, plain[:REDEEMS])
        winners = race(port, token, location, plain[REDEEMS])
    finally:
        stop_server(server)
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(f"redeemed {len(latencies)} with {CLIENTS} clients on {WORKERS}x{THREADS} uWSGI "
          f"workers; failures={failures}; mean_ms={statistics.mean(latencies) * 1000:.1f}")
    print(f"vouchers={count} rps={rps:.0f} p50_ms={p50:.1f} p99_ms={p99:.1f} "
          f"race_winners={winners}")


if __name__ == "__main__":
    main()
