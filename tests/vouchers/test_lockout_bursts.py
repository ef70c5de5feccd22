"""The till lockout under bursts: each wrong code is counted before it is answered, through the
real API on the live server and the real Redis (issue 14)."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings

from tests.factories.redemption import shop_with_vouchers
from vouchers import codes
from vouchers.models import RedemptionAlert, RedemptionAttempt

PARALLEL = 40


def _verify(url, token, code, barrier=None):
    if barrier is not None:
        barrier.wait()
    for attempt in range(10):
        try:
            response = requests.post(url + "/api/v1/redemptions/verify/", json={"code": code},
                                     headers={"Authorization": f"Token {token}"}, timeout=60)
            return response.status_code, response.json()["code"] if response.status_code != 200 else "ok"
        except requests.ConnectionError:  # the test server's small backlog dropped it: retry
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("the server never answered")


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_lookups_after_nine_failures_let_at_most_one_through_and_alert_once(
        live_server):
    assert settings.REDEMPTION_FAILURE_LIMIT == 10
    shop = shop_with_vouchers(quantity=1)
    for _ in range(9):
        assert _verify(live_server.url, shop.plain_token, codes.generate()) == (404, "unknown_code")
    barrier = threading.Barrier(PARALLEL)
    with ThreadPoolExecutor(PARALLEL) as pool:
        results = list(pool.map(
            lambda _: _verify(live_server.url, shop.plain_token, codes.generate(), barrier),
            range(PARALLEL)))
    reached_lookup = [r for r in results if r[1] != "rate_limited"]
    assert len(reached_lookup) <= 1, results
    assert [r for r in results if r[1] == "rate_limited"] and all(
        status == 429 for status, code in results if code == "rate_limited")
    # Exactly ten wrong codes were ever answered as unknown: the audit log says so.
    assert RedemptionAttempt.objects.filter(result="unknown_code").count() == 9 + len(reached_lookup)
    assert RedemptionAlert.objects.filter(location=shop.store).count() == 1
    # Locked: even the right code is refused now.
    assert _verify(live_server.url, shop.plain_token, shop.vouchers[0].plain_code)[1] == "rate_limited"


@pytest.mark.django_db(transaction=True)
def test_lookups_that_find_their_voucher_never_count_towards_the_lockout(live_server):
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    barrier = threading.Barrier(8)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: _verify(live_server.url, shop.plain_token, code, barrier),
                                range(8)))
    assert results == [(200, "ok")] * 8
    for _ in range(9):
        _verify(live_server.url, shop.plain_token, codes.generate())
    for _ in range(20):
        assert _verify(live_server.url, shop.plain_token, code) == (200, "ok")
    assert not RedemptionAlert.objects.exists()
    assert _verify(live_server.url, shop.plain_token, codes.generate()) == (404, "unknown_code")
    assert RedemptionAlert.objects.count() == 1  # the tenth failure
