"""A merchant's statement for a period with 100,000 vouchers, computed by aggregation in PostgreSQL.

Set-up (not timed): one merchant, one order line of BENCH_VOUCHERS units (default 100,000) and
their ledger entries written with one INSERT ... SELECT: each unit sold (30.00), 60% of them
redeemed (24.00 to the merchant, 6.00 commission), 10% refunded. Then ANALYZE.

Timed: ``statement_build`` and reading every row of it (totals, opening and closing balances,
the next payout, and all 100,000 voucher rows grouped in SQL), best of BENCH_RUNS (default 3).
The ceiling: the very SQL statements Django sent (captured), run straight through psycopg on the
same database, best of BENCH_RUNS. ratio = ceiling_seconds / seconds (1.0: no ORM overhead).
The database is mk_bench_statement, copied from its own migrated template mk_bench_ledger_template.
Last line: vouchers=<n> entries_read=<n> rows=<n> seconds=<s> ceiling_seconds=<s> ratio=<x>
"""
import os
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.scratch import database_url, fresh_database, machine_speed  # noqa: E402

VOUCHERS = int(os.environ.get("BENCH_VOUCHERS", 100_000))
RUNS = int(os.environ.get("BENCH_RUNS", 3))
DB = "mk_bench_statement"
os.environ.update({"DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
                   "DATABASE_URL": database_url(DB), "DEBUG": "false"})
fresh_database(DB, template="mk_bench_ledger_template")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from marketplace.deals.services import OptionSpec  # noqa: E402
from marketplace.ledger.statements import statement_build  # noqa: E402
from tests.factories import DealFactory, create_paid_order_line  # noqa: E402

deal = DealFactory(options=[OptionSpec("Haircut", Decimal("30.00"), Decimal("45.00"), VOUCHERS)])
line = create_paid_order_line(deal=deal, quantity=VOUCHERS)
merchant = deal.merchant
now = timezone.now()
with connection.cursor() as cursor:
    # (kind, debit, credit, amount, which units): every unit sold, 60% redeemed, 10% refunded.
    cursor.execute("""
        INSERT INTO ledger_entry (merchant_id, kind, debit, credit, amount, currency, booked_at,
                                  order_line_id, unit_index, deal_id, commission_percent,
                                  commission_source, actor_label, reason)
        SELECT %(merchant)s, e.kind, e.debit, e.credit, e.amount, 'EUR',
               %(now)s - (i %% 14) * interval '1 day', %(line)s, i, %(deal)s,
               CASE WHEN e.kind = 'sale' THEN 20 END, '', '', ''
        FROM generate_series(0, %(n)s - 1) AS i
        JOIN (VALUES ('sale', 'buyers', 'held', 30.00, 0, 10),
                     ('redemption', 'held', 'merchant', 24.00, 0, 6),
                     ('redemption', 'held', 'commission', 6.00, 0, 6),
                     ('refund', 'held', 'buyers', 30.00, 9, 10))
             AS e(kind, debit, credit, amount, low, high) ON i %% 10 >= e.low AND i %% 10 < e.high
    """, {"merchant": merchant.pk, "now": now, "line": line.pk, "deal": deal.pk, "n": VOUCHERS})
    cursor.execute("ANALYZE ledger_entry")
    cursor.execute("SELECT count(*) FROM ledger_entry WHERE merchant_id = %s AND booked_at >= %s "
                   "AND booked_at < %s", [merchant.pk, now - timedelta(days=30), now + timedelta(days=1)])
    entries = cursor.fetchone()[0]

start, end = now - timedelta(days=30), now + timedelta(days=1)


def build():
    statement = statement_build(merchant=merchant, currency="EUR", start=start, end=end)
    rows = sum(1 for _row in statement.lines.iterator(chunk_size=5000))
    return statement, rows


best, queries = None, []
for _run in range(RUNS):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        statement, rows = build()
        seconds = time.perf_counter() - started
    if best is None or seconds < best:
        best, queries = seconds, [q["sql"] for q in captured.captured_queries]

# The ceiling: the same SQL (as Django sent it, parameters inlined by the capture) via psycopg.
ceiling = None
with psycopg.connect(database_url(DB)) as raw:
    for _run in range(RUNS):
        started = time.perf_counter()
        for sql in queries:
            raw.execute(sql).fetchall() if sql.lstrip().upper().startswith("SELECT") else None
        seconds = time.perf_counter() - started
        ceiling = seconds if ceiling is None else min(ceiling, seconds)

t = statement.totals
print(f"statement: sold {t.sold} ({t.vouchers_sold}), refunded {t.refunded}, commission "
      f"{t.commission}, earned {t.earned}, closing {statement.closing} EUR; {len(queries)} queries")
print(f"load average (1 min) on this {os.cpu_count()}-core machine: {os.getloadavg()[0]:.1f}; "
      f"machine_speed={machine_speed():.2f}s")
print(f"vouchers={VOUCHERS} entries_read={entries} rows={rows} seconds={best:.3f} "
      f"ceiling_seconds={ceiling:.3f} ratio={ceiling / best:.2f}")
