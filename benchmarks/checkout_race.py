"""Oversell race: 200 buyers check out at once for 100 units; exactly 100 must sell.

Each buyer runs the place-order step (reserve units under row locks, then pay at localstripe)
on its own thread and database connection; the real worker issues the vouchers.
Last line: units=100 buyers=200 sold=<n> vouchers=<n> oversold=<n>
"""
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from buying import Worker, configure, wait_for  # noqa: E402

UNITS, BUYERS, PARALLEL = 100, 200, int(os.environ.get("BENCH_PARALLEL", 20))

configure("checkout_race")
from django.db import connections  # noqa: E402
from oscar.core.loading import get_model  # noqa: E402

from marketplace.checkout.error_codes import CheckoutRefused  # noqa: E402
from marketplace.checkout.services import checkout_place_order  # noqa: E402
from marketplace.deals.services import OptionSpec  # noqa: E402
from tests.factories import DealFactory  # noqa: E402
from tests.factories.checkout import basket_with, card_payment_method  # noqa: E402
from vouchers.models import Voucher  # noqa: E402

Line = get_model("order", "Line")

worker = Worker()
try:
    deal = DealFactory(options=[OptionSpec("Concert ticket", Decimal("20.00"), Decimal("35.00"),
                                           UNITS)])
    baskets = [basket_with(deal=deal) for _ in range(BUYERS)]
    methods = [card_payment_method() for _ in range(10)]

    def buyer(i: int) -> str:
        try:
            return checkout_place_order(basket=baskets[i], guest_email=f"fan{i}@example.com",
                                        payment_method_id=methods[i % len(methods)]).status
        except CheckoutRefused as refusal:
            return str(refusal.code)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(pool.map(buyer, range(BUYERS)))
    paid_units = sum(Line.objects.filter(order__status="Paid", product__parent=deal.product)
                     .values_list("quantity", flat=True))
    wait_for(lambda: Voucher.objects.filter(deal=deal).count() >= paid_units, timeout=60)
    vouchers = Voucher.objects.filter(deal=deal).count()
    allocated = deal.options.get().product.stockrecords.get().num_allocated
    print("outcomes: " + ", ".join(f"{o}={outcomes.count(o)}" for o in sorted(set(outcomes))))
    print(f"stock record: num_in_stock={UNITS} num_allocated={allocated}")
    print(f"load average (1 min) on this {os.cpu_count()}-core machine: {os.getloadavg()[0]:.1f}")
    print(f"units={UNITS} buyers={BUYERS} sold={paid_units} vouchers={vouchers} "
          f"oversold={max(paid_units - UNITS, 0)}")
finally:
    worker.stop()
