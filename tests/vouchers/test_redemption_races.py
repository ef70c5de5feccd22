"""Races at the counter: many tills redeem one voucher at once; a redeem races a real refund.

Requests go through the real API on the live server (one thread and one database connection
per request), so the row lock on PostgreSQL is what decides, not the test.
"""
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection

from tests.factories.paid_at_stripe import stripe_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers.models import Redemption, Voucher
from vouchers.services import VoucherRefundError, voucher_refund

PARALLEL = 50


def _redeem(url, token, location_id, code, barrier):
    """One till's redeem; a connection the test server's small backlog drops is retried with
    the same Idempotency-Key, as a till would."""
    key = str(uuid.uuid4())
    barrier.wait()
    for attempt in range(10):
        try:
            response = requests.post(
                url + "/api/v1/redemptions/", json={"codes": [code], "location": location_id},
                headers={"Authorization": f"Token {token}", "Idempotency-Key": key}, timeout=60)
            return response.status_code, response.json()
        except requests.ConnectionError:
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("the server never answered")


def _refund(voucher, barrier):
    """The buyer's refund through the real service (a card refund at localstripe)."""
    barrier.wait()
    try:
        voucher_refund(voucher=voucher, reason="changed my mind", actor_label="race test")
        return "refunded"
    except VoucherRefundError:
        return "refused"
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_redeems_of_one_voucher_have_exactly_one_winner(live_server):
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    barrier = threading.Barrier(PARALLEL)
    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(
            lambda _: _redeem(live_server.url, shop.plain_token, shop.store.pk, code, barrier),
            range(PARALLEL)))
    statuses = [s for s, _ in results]
    assert statuses.count(201) == 1, statuses
    losers = [body for s, body in results if s != 201]
    assert len(losers) == PARALLEL - 1
    assert all(b["code"] == "already_redeemed" for b in losers), {b["code"] for b in losers}
    assert all(b["detail"]["location"]["id"] == shop.store.pk and b["detail"]["redeemed_at"]
               for b in losers)
    assert Redemption.objects.filter(voucher=shop.vouchers[0]).count() == 1
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).events.filter(
        to_status="redeemed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_redeem_racing_a_refund_of_the_same_voucher_has_exactly_one_winner(live_server):
    shop = shop_with_vouchers(quantity=0)
    vouchers = stripe_paid_vouchers(deal=shop.deal, quantity=6)
    for voucher in vouchers:
        barrier = threading.Barrier(2)
        with ThreadPoolExecutor(2) as pool:
            redeemed = pool.submit(_redeem, live_server.url, shop.plain_token, shop.store.pk,
                                   voucher.plain_code, barrier)
            refunded = pool.submit(_refund, voucher, barrier)
            (status, body), refund = redeemed.result(), refunded.result()
        final = Voucher.objects.get(pk=voucher.pk)
        if status == 201:
            assert refund == "refused" and final.status == "redeemed"
        else:
            assert body["code"] == "refunded", body
            assert refund == "refunded" and final.status == "refunded"
            assert not Redemption.objects.filter(voucher=voucher).exists()
