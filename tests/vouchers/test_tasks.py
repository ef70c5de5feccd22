"""The real Celery worker issues vouchers after payment, and again after a crash."""
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections, transaction
from oscar.core.loading import get_model

from marketplace.deals.services import OptionSpec
from tests.conftest import wait_until
from tests.factories import DealFactory
from tests.factories.checkout import buy
from vouchers.models import Voucher
from vouchers.tasks import voucher_issue_for_order_task

pytestmark = pytest.mark.worker

Order = get_model("order", "Order")
WORKER_LOG = Path(__file__).resolve().parents[2] / ".services" / "logs" / "celery-test-worker.log"


def _deal():
    return DealFactory(options=[OptionSpec("Yoga class", Decimal("12.00"), Decimal("20.00"), 50)])


def test_paying_an_order_gets_its_vouchers_issued_by_the_worker(celery_worker):
    outcome, order = buy(deal=_deal(), quantity=4)
    assert outcome.succeeded
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 4, timeout=30)


def test_crashed_issuing_task_is_retried_and_the_vouchers_appear(celery_worker):
    outcome, order = buy(deal=_deal(), quantity=2)
    # Let the payment's own run finish, then start from nothing again (as after a rolled-back
    # run) with a task that crashes: the order row is locked, so the task fails and retries.
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 2, timeout=30)
    Voucher.objects.filter(order_line__order=order).delete()
    with transaction.atomic():
        Order.objects.select_for_update().get(pk=order.pk)  # the task cannot take the order
        result = voucher_issue_for_order_task.delay(order.pk)
        wait_until(lambda: f"{result.id}] retry" in WORKER_LOG.read_text(errors="replace"),
                   timeout=30)
        assert not Voucher.objects.filter(order_line__order=order).exists()
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 2, timeout=30)
    time.sleep(1)
    assert Voucher.objects.filter(order_line__order=order).count() == 2
    connections.close_all()


def test_paid_order_whose_task_message_was_lost_gets_its_vouchers_from_the_sweep(celery_worker):
    from vouchers.services import vouchers_issue_missing

    outcome, order = buy(deal=_deal(), quantity=3)
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 3, timeout=30)
    Voucher.objects.filter(order_line__order=order).delete()  # as if the message never arrived
    assert vouchers_issue_missing() == 1
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 3, timeout=30)
    assert vouchers_issue_missing() == 0


def test_a_worker_killed_in_the_middle_of_issuing_loses_nothing(celery_worker):
    import os
    import signal
    import subprocess

    import psycopg
    from django.db import connection

    outcome, order = buy(deal=_deal(), quantity=3)
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 3, timeout=30)
    Voucher.objects.filter(order_line__order=order).delete()  # as after a run that rolled back

    # Hold the voucher table so the next run stops in the middle: order locked, codes drawn,
    # its COPY waiting. Then kill the worker's processes that run tasks, as the OOM killer would.
    blocker = psycopg.connect(**connection.get_connection_params())
    blocker.execute(f"LOCK TABLE {Voucher._meta.db_table} IN SHARE MODE")
    voucher_issue_for_order_task.delay(order.pk)

    def issuing_is_stuck_mid_copy():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity "
                           "WHERE wait_event_type = 'Lock' AND query ILIKE 'COPY%%'")
            return cursor.fetchone()[0] == 1

    wait_until(issuing_is_stuck_mid_copy, timeout=30)
    children = subprocess.run(["pgrep", "-P", str(celery_worker.pid)], capture_output=True,
                              text=True).stdout.split()
    assert children, "the worker runs its tasks in child processes"
    for pid in children:
        os.kill(int(pid), signal.SIGKILL)
    blocker.rollback()
    blocker.close()

    # The message was never acknowledged: it comes back, and the run issues every unit once.
    wait_until(lambda: Voucher.objects.filter(order_line__order=order).count() == 3, timeout=90)
    time.sleep(2)
    issued = Voucher.objects.filter(order_line__order=order)
    assert issued.count() == 3
    assert sorted(issued.values_list("unit_index", flat=True)) == [0, 1, 2]
    assert celery_worker.poll() is None, "the worker itself lives on and replaced its children"
    connections.close_all()
