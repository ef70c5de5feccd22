"""A payout run killed half-way (a real process, SIGKILLed while Stripe is answering one of its
transfers) and run again pays each merchant exactly once, with one idempotency key each."""
import os
import signal
import subprocess
import sys
import threading
from decimal import Decimal

import pytest
from django.db import transaction
from django.conf import settings

from marketplace.ledger.models import Payout
from marketplace.ledger.payouts import payout_account_connect, payout_account_refresh, payouts_run
from marketplace.ledger.selectors import merchant_balance
from marketplace.ledger.services import adjustment_record
from tests.conftest import ROOT, _test_database_url, wait_until
from tests.factories import LocationFactory, MerchantFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = Decimal

RUN = ("import django; django.setup(); "
       "from marketplace.ledger.payouts import payouts_run; payouts_run(on_demand=True)")


def _unlocked_pending():
    """The pending payouts no dead run still locks (Postgres ends a killed client's transaction
    when it sees the socket closed)."""
    with transaction.atomic():
        return list(Payout.objects.select_for_update(skip_locked=True)
                    .filter(status=Payout.Status.PENDING))


def test_a_run_killed_half_way_and_run_again_pays_each_merchant_once(merchant, staff, connect_proxy):
    shops = [merchant, *(MerchantFactory(owner=UserFactory()) for _ in range(3))]
    for shop in shops[1:]:
        LocationFactory(merchant=shop)
    for shop in shops:
        payout_account_connect(merchant=shop, refresh_url="https://x.test/", return_url="https://x.test/")
        payout_account_refresh(merchant=shop)
        adjustment_record(merchant=shop, amount=D("25.00"), currency="EUR", reason="opening balance",
                          actor=staff)
    reached, release = threading.Event(), threading.Event()

    def hold_the_second_transfer(request):
        if request["path"] == "/v1/transfers" and len(connect_proxy.transfers_sent()) == 2:
            reached.set()
            release.wait(60)  # Stripe still answering when the run dies; it then makes the transfer

    connect_proxy.before_relay = hold_the_second_transfer
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
           "DATABASE_URL": _test_database_url(),
           "STRIPE_CONNECT_API_BASE": settings.STRIPE_CONNECT_API_BASE}
    run = subprocess.Popen([sys.executable, "-c", RUN], cwd=ROOT, env=env, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert reached.wait(60), run.stderr.read().decode() if run.poll() is not None else "no 2nd transfer"
        os.killpg(run.pid, signal.SIGKILL)
        assert run.wait(30) == -signal.SIGKILL
    finally:
        release.set()
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait(30)
    connect_proxy.before_relay = None

    # Half-way: one merchant paid, one booked out and not known to be sent, two not reached.
    assert sorted(Payout.objects.values_list("status", flat=True)) == ["pending", "sent"]
    (pending,) = wait_until(_unlocked_pending)
    assert merchant_balance(merchant_id=pending.merchant_id, currency="EUR").due == 0

    again = payouts_run(on_demand=True)

    assert again.summary() == {"sent": 3, "failed": 0, "pending": 0, "not_paid": 0}
    assert Payout.objects.count() == 4
    for shop in shops:
        payout = Payout.objects.get(merchant=shop)
        assert (payout.status, payout.amount) == ("sent", D("25.00"))
        keys = {r["key"] for r in connect_proxy.transfers_sent()
                if r["form"]["destination"] == [payout.destination]}
        assert keys == {payout.idempotency_key}  # a transfer sent twice is the same transfer
        balance = merchant_balance(merchant_id=shop.pk, currency="EUR")
        assert (balance.due, balance.paid_out) == (0, D("25.00"))
    to_pending = [r for r in connect_proxy.transfers_sent()
                  if r["form"]["destination"] == [pending.destination]]
    assert len(to_pending) == 2  # the one the dead run was waiting on, and the retry

    assert payouts_run(on_demand=True).summary()["sent"] == 0
    assert Payout.objects.count() == 4
