"""Place-order step: throughput and latency of reserve + PaymentIntent (confirm) at localstripe.

Each call is the server side of the buyer's "Pay" click: lock the deal, reserve the units,
write the order, create and confirm the PaymentIntent, record the payment. Baskets and
PaymentMethods are prepared before the clock starts.
Last line: orders=<n> rps=<n> p50_ms=<n> p99_ms=<n>
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from buying import configure  # noqa: E402
from benchmarks.scratch import percentile  # noqa: E402

ORDERS = int(os.environ.get("BENCH_ORDERS", 400))
PARALLEL = int(os.environ.get("BENCH_PARALLEL", 4))

configure("checkout")
from django.db import connections  # noqa: E402

from marketplace.checkout.services import checkout_pay, order_reserve  # noqa: E402
from marketplace.payments.gateway import stripe_client  # noqa: E402
from marketplace.deals.services import OptionSpec  # noqa: E402
from tests.factories import DealFactory  # noqa: E402
from tests.factories.checkout import basket_with, card_payment_method  # noqa: E402

deals = [DealFactory(options=[OptionSpec("Cinema for 2", Decimal("14.00"), Decimal("24.00"),
                                         ORDERS)]) for _ in range(4)]
baskets = [basket_with(deal=deals[i % len(deals)], quantity=1 + i % 2) for i in range(ORDERS)]
methods = [card_payment_method() for _ in range(20)]
connections.close_all()


def place(i: int) -> tuple[float, str, float]:
    """The place-order step (checkout_place_order), timed in its two halves."""
    started = time.perf_counter()
    order = order_reserve(basket=baskets[i], guest_email=f"viewer{i}@example.com")
    reserved = time.perf_counter()
    outcome = checkout_pay(order=order, payment_method_id=methods[i % len(methods)])
    return (time.perf_counter() - started) * 1000, outcome.status, (reserved - started) * 1000


def stripe_alone(n: int = 10) -> float:
    """What one PaymentIntent create+confirm costs at this localstripe, without our code."""
    client = stripe_client()
    began = time.perf_counter()
    for _ in range(n):
        client.v1.payment_intents.create(params={"amount": 1400, "currency": "eur",
                                                 "payment_method": methods[0], "confirm": True})
    return (time.perf_counter() - began) * 1000 / n


with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
    list(pool.map(place, range(min(20, ORDERS))))  # warm-up: connections, imports
    began = time.perf_counter()
    results = list(pool.map(place, range(20, ORDERS)))
    wall = time.perf_counter() - began
    pool.map(lambda _: connections.close_all(), range(PARALLEL))

latencies = [ms for ms, _, _ in results]
reserve = [ms for _, _, ms in results]
paid = sum(1 for _, status, _ in results if status == "succeeded")
print(f"parallel={PARALLEL} succeeded={paid}/{len(results)}")
print(f"reserve (locks, checks, order written) p50_ms={percentile(reserve, 50):.1f} "
      f"p99_ms={percentile(reserve, 99):.1f}")
print(f"localstripe alone, one PaymentIntent create+confirm, sequential: {stripe_alone():.1f} ms "
      "(localstripe writes its whole store to disk after every POST)")
print(f"load average (1 min) on this {os.cpu_count()}-core machine: {os.getloadavg()[0]:.1f}")
print(f"orders={len(results)} rps={len(results) / wall:.1f} p50_ms={percentile(latencies, 50):.1f} "
      f"p99_ms={percentile(latencies, 99):.1f}")
