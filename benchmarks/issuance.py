"""Issuing throughput: 10,000 vouchers for paid order lines, issued by the real Celery worker.

100 paid orders of 100 units each are written, then one issuing task per order is queued; the
clock runs from queueing to the 10,000th voucher committed. Target: >= 2,000 vouchers/s.
Last line: issued=<n> seconds=<s> rate=<n>/s
"""
import os
import sys
import time
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from buying import Worker, configure, wait_for  # noqa: E402

ORDERS = int(os.environ.get("BENCH_ORDERS", 100))
UNITS_PER_ORDER = int(os.environ.get("BENCH_UNITS_PER_ORDER", 100))
TOTAL = ORDERS * UNITS_PER_ORDER

configure("issuance")
from marketplace.deals.services import OptionSpec  # noqa: E402
from tests.factories import DealFactory, create_paid_order_line  # noqa: E402
from vouchers.models import Voucher  # noqa: E402
from vouchers.tasks import voucher_issue_for_order_task  # noqa: E402

worker = Worker(concurrency=int(os.environ.get("BENCH_CONCURRENCY", 2)))
try:
    deal = DealFactory(options=[OptionSpec("Gym day pass", Decimal("8.00"), Decimal("15.00"),
                                           TOTAL)])
    order_ids = [create_paid_order_line(deal=deal, quantity=UNITS_PER_ORDER,
                                        email=f"member{i}@example.com").order_id
                 for i in range(ORDERS)]
    started = time.perf_counter()
    for order_id in order_ids:
        voucher_issue_for_order_task.delay(order_id)
    wait_for(lambda: Voucher.objects.count() >= TOTAL, timeout=600, interval=0.02)
    seconds = time.perf_counter() - started
    issued = Voucher.objects.count()
    # Running every task again issues nothing more.
    for order_id in order_ids[:10]:
        voucher_issue_for_order_task.delay(order_id)
    time.sleep(2)
    print(f"re-run of 10 tasks: vouchers {issued} -> {Voucher.objects.count()}")
    print(f"load average (1 min) on this {os.cpu_count()}-core machine: {os.getloadavg()[0]:.1f}")
    print(f"issued={issued} seconds={seconds:.2f} rate={issued / seconds:.0f}/s")
finally:
    worker.stop()
