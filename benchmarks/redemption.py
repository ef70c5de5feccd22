"""Redemption throughput: 100,000 issued vouchers in PostgreSQL, redeemed through the real API,
against the ceiling of the same SQL statements sent straight through psycopg.

1. A fresh database (copied from a migrated template) gets 100,000 issued vouchers (bulk insert);
   two copies of it are made, one for the API and one for the ceiling.
2. The statements of each redeem are recorded by redeeming the same codes in this process, on
   the seeded database, through the app's own view (Django's test client and a database
   execute wrapper): each statement's SQL, parameters and returned rows, and whether it ran
   inside the request's transaction.
3. uWSGI serves the app on 127.0.0.1 as in production (scripts/uwsgi.ini); concurrent clients
   (threads, keep-alive connections) redeem distinct vouchers with POST /api/v1/redemptions/
   and a store token: rps.
4. The ceiling: the same number of clients (threads, one psycopg connection each) send the
   recorded statements of the same redeems, in the same transactions, straight to PostgreSQL
   on the other copy (psycopg's default cursor: server-side binding, prepared after 5 uses).
   An id a statement returned (the idempotency key's row) is replaced by the one the replay
   returned. ceiling_rps is the rate of that; ratio = rps / ceiling_rps, the share of the
   database's own limit that the API reaches on the same machine at the same time.
5. 50 parallel redeems of one voucher: exactly one may win.

Targets on the 2-core machine: >= 300 redemptions/s, p99 < 50 ms, race_winners=1.
Last line: vouchers=<n> rps=<n> p50_ms=<n> p99_ms=<n> race_winners=<n> ceiling_rps=<n> ratio=<x>

Knobs (environment): BENCH_VOUCHERS (100000), BENCH_REDEEMS (6000), BENCH_CLIENTS (4),
BENCH_WORKERS (2 x cores + 1, gunicorn's advice, right for uWSGI too: a till's keep-alive
connection stays on the worker that accepted it, and with one worker per core two busy tills
could share one worker and its GIL while another worker idled), BENCH_THREADS (2), DATABASE_URL
(server and credentials; the databases are mk_bench_redemption and its _api and _ceiling
copies), BENCH_REDIS_URL (db 13).
"""
import http.client
import itertools
import json
import os
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.scratch import (  # noqa: E402
    copy_database, database_url, fresh_database, machine_speed, percentile, start_server,
    stop_server,
)

VOUCHERS = int(os.environ.get("BENCH_VOUCHERS", 100_000))
REDEEMS = int(os.environ.get("BENCH_REDEEMS", 6000))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 4))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
THREADS = int(os.environ.get("BENCH_THREADS", 2))
RACE = 50
DB_NAME = "mk_bench_redemption"
TEMPLATE = DB_NAME + "_template"
API_DB, CEILING_DB = DB_NAME + "_api", DB_NAME + "_ceiling"
# While the statements are recorded, each table's ids start at a base of its own, far above
# every seeded id: a parameter equal to an id returned before is known to be that id.
RECORDED_IDS_FROM, RECORDED_IDS_APART = 1_000_000_000, 1_000_000

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
    count = Voucher.objects.count()
    connection.close()
    return plain, token, store.pk, count


def redeem_body(code: str, location: int) -> str:
    return json.dumps({"codes": [code], "location": location})


class Till:
    """One point-of-sale client with a keep-alive connection."""

    def __init__(self, port: int, token: str, location: int):
        self.port, self.location = port, location
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def redeem(self, code: str, key: str | None = None) -> tuple[int, dict, float]:
        body = redeem_body(code, self.location)
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


def split(codes_to_redeem: list[str]) -> tuple[list[str], list[str]]:
    """(warm-up codes, measured codes): the warm-up wakes every worker (imports, connections)."""
    warm = WORKERS * THREADS * 4
    return codes_to_redeem[-warm:], codes_to_redeem[:-warm]


def concurrently(run, items: list) -> float:
    """``run(chunk)`` for CLIENTS interleaved chunks of ``items`` at once; the seconds it took."""
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(run, [items[i::CLIENTS] for i in range(CLIENTS)]))
    return time.perf_counter() - started


def load(port, token, location, codes_to_redeem) -> tuple[float, list[float], int]:
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

    warm, measured = split(codes_to_redeem)
    warm_till = Till(port, token, location)
    for code in warm:
        warm_till.redeem(code)
    elapsed = concurrently(run, measured)
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


# --- the ceiling: the same statements straight through psycopg ------------------------------

@dataclass(frozen=True)
class Statement:
    """One statement a redeem sent, as the database wrapper saw it."""

    sql: str
    params: object
    many: bool
    in_transaction: bool
    returned: list | None


def record(token: str, location: int, codes_to_redeem: list[str]
           ) -> tuple[dict[str, list[Statement]], float]:
    """The statements of each code's redeem, recorded by redeeming it here, through the app's
    view, on the seeded database (its copies keep the vouchers issued); and this process's
    CPU per redeem in ms (the app's work without the HTTP server, plus the recording's)."""
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname, sequencename FROM pg_sequences ORDER BY 1, 2")
        for n, (schema, name) in enumerate(cursor.fetchall()):
            cursor.execute("SELECT setval(%s, %s)", [f'"{schema}"."{name}"',
                                                    RECORDED_IDS_FROM + n * RECORDED_IDS_APART])
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    recorded, current = {}, []

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        cursor, returned = context["cursor"], None
        if not many and cursor.description is not None:
            # Read the rows for the record, then rewind for the app (psycopg keeps them).
            returned = [tuple(row) for row in cursor.fetchall()]
            cursor.scroll(0, mode="absolute")
        current.append(Statement(sql, params, many, context["connection"].in_atomic_block,
                                 returned))
        return result

    cpu = time.process_time()
    with connection.execute_wrapper(wrapper):
        for code in codes_to_redeem:
            current = []
            response = client.post("/api/v1/redemptions/", redeem_body(code, location),
                                   content_type="application/json",
                                   HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)
            if response.status_code != 201:
                raise SystemExit(f"recording a redeem: HTTP {response.status_code} "
                                 f"{response.content[:300]!r}")
            recorded[code] = current
    cpu = (time.process_time() - cpu) / len(codes_to_redeem) * 1000
    connection.close()
    return recorded, cpu


def replay(conn, statements: list[Statement]) -> None:
    """One redeem's statements on ``conn`` (autocommit), those of the request's transaction in
    one transaction; ids the recording got back are replaced by the ones this run gets."""
    ids = {}

    def with_ids(params):
        if params is None:
            return None
        return [ids.get(p, p) if type(p) is int else p for p in params]

    with conn.cursor() as cursor:
        for in_transaction, group in itertools.groupby(statements, lambda s: s.in_transaction):
            with conn.transaction() if in_transaction else nullcontext():
                for statement in group:
                    if statement.many:
                        cursor.executemany(statement.sql,
                                           [with_ids(p) for p in statement.params])
                        continue
                    cursor.execute(statement.sql, with_ids(statement.params))
                    if statement.returned is not None:
                        rows = cursor.fetchall()
                        for was, now in zip(itertools.chain(*statement.returned),
                                            itertools.chain(*rows)):
                            if type(was) is int and was >= RECORDED_IDS_FROM:
                                ids[was] = now


def ceiling(recorded: dict[str, list[Statement]], codes_to_redeem: list[str]) -> float:
    """Redeems per second of the recorded statements of the same redeems, sent by CLIENTS
    clients at once (the same warm-up first, unmeasured) to the ceiling copy."""
    import psycopg

    from vouchers.models import IdempotentRequest, Voucher

    url = database_url(CEILING_DB)
    warm, measured = split(codes_to_redeem)
    with psycopg.connect(url, autocommit=True) as conn:
        for code in warm:
            replay(conn, recorded[code])

    def run(chunk):
        with psycopg.connect(url, autocommit=True) as conn:
            for code in chunk:
                replay(conn, recorded[code])

    elapsed = concurrently(run, measured)
    with psycopg.connect(url) as conn:
        redeemed = conn.execute(f"SELECT count(*) FROM {Voucher._meta.db_table} "  # noqa: S608
                                "WHERE status = 'redeemed'").fetchone()[0]
        unanswered = conn.execute(f"SELECT count(*) FROM {IdempotentRequest._meta.db_table} "  # noqa: S608
                                  "WHERE status_code IS NULL").fetchone()[0]
    if redeemed != len(codes_to_redeem) or unanswered:
        raise SystemExit(f"the ceiling redeemed {redeemed} vouchers, not {len(codes_to_redeem)}, "
                         f"and left {unanswered} idempotency keys without their answer")
    return len(measured) / elapsed


def main():
    speed_before = machine_speed()
    t0 = time.perf_counter()
    fresh_database(DB_NAME, template=TEMPLATE)
    plain, token, location, count = seed()
    copy_database(API_DB, source=DB_NAME)
    copy_database(CEILING_DB, source=DB_NAME)
    print(f"seeded {count} vouchers in {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    recorded, cpu_ms = record(token, location, plain[:REDEEMS])
    statements = recorded[plain[REDEEMS - 1]]  # the first also wrote the token's last use
    print(f"recorded the statements of {len(recorded)} redeems in {time.perf_counter() - t0:.1f} s"
          f" ({cpu_ms:.2f} ms of CPU each, in-process); a redeem: {len(statements)} statements, "
          f"{sum(s.in_transaction for s in statements)} of them in its transaction", flush=True)
    server, port = start_server("redemption", processes=WORKERS, threads=THREADS,
                                env={"DATABASE_URL": database_url(API_DB, query="conn_max_age=600")})
    try:
        rps, latencies, failures = load(port, token, location, plain[:REDEEMS])
        ceiling_rps = ceiling(recorded, plain[:REDEEMS])
        winners = race(port, token, location, plain[REDEEMS])
    finally:
        stop_server(server)
    p50, p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    print(f"redeemed {len(latencies)} with {CLIENTS} clients on {WORKERS}x{THREADS} uWSGI "
          f"workers; failures={failures}; mean_ms={statistics.mean(latencies) * 1000:.1f}")
    print(f"ceiling: the same statements of the same redeems, {CLIENTS} psycopg clients: "
          f"{ceiling_rps:.0f} redeems/s", flush=True)
    print(f"machine reference (benchmarks/scratch.machine_speed, lower = faster): "
          f"{speed_before:.3f} s before, {machine_speed():.3f} s after", flush=True)
    print(f"vouchers={count} rps={rps:.0f} p50_ms={p50:.1f} p99_ms={p99:.1f} "
          f"race_winners={winners} ceiling_rps={ceiling_rps:.0f} ratio={rps / ceiling_rps:.2f}")


if __name__ == "__main__":
    main()
