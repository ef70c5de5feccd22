"""The races the database settles: parallel redemptions of a pass's last use (one wins) and
buyers racing for a slot's last places (exactly as many win as there are places).

Each racer runs in its own thread with its own database connection and transaction, so the
row locks, the conditional UPDATE and the constraints of PostgreSQL decide, not the test.
"""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from marketplace.bookings.models import SlotPlaces
from tests.factories import create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from tests.vouchers.test_redemption_races import _redeem  # a till's redeem over HTTP
from vouchers.bookings import BookingRefused, voucher_book
from vouchers.models import Booking, Redemption, Voucher
from vouchers.redemption import counter_for_member, voucher_redeem

from .conftest import bookable_shop_make, next_hour, pass_option

TILLS = 30
BUYERS, PLACES = 100, 10
# The shared PostgreSQL server allows 100 connections for every worktree's tests: the buyers
# race 20 at a time (each one waits for the start signal, then books at once).
AT_ONCE = 20


@pytest.mark.django_db(transaction=True)
def test_parallel_redemptions_of_a_passes_last_use_have_exactly_one_winner(live_server):
    shop = shop_with_vouchers(quantity=0, options=[pass_option(uses=3)])
    voucher = create_paid_vouchers(deal=shop.deal)[0]
    counter = counter_for_member(user=shop.cashier, merchant=shop.merchant, location=shop.store)
    for _ in range(2):
        assert voucher_redeem(counter=counter, code=voucher.plain_code).ok
    start = threading.Barrier(TILLS)
    with ThreadPoolExecutor(TILLS) as pool:
        results = list(pool.map(lambda _: _redeem(live_server.url, shop.plain_token, shop.store.pk,
                                                  voucher.plain_code, start), range(TILLS)))
    statuses = [status for status, _ in results]
    assert statuses.count(201) == 1, statuses
    assert {body["code"] for status, body in results if status != 201} == {"no_uses_left"}
    voucher.refresh_from_db()
    assert (voucher.status, voucher.uses_used) == ("redeemed", 3)
    assert Redemption.objects.filter(voucher=voucher, undone_at__isnull=True).count() == 3
    assert voucher.events.filter(to_status="redeemed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_hundred_buyers_racing_for_the_last_ten_places_get_exactly_ten_bookings():
    shop = bookable_shop_make(quantity=BUYERS, capacity=PLACES + 2, booking_cutoff_hours=0)
    slot_start = next_hour(5)
    early = create_paid_vouchers(deal=shop.deal, quantity=2)
    for voucher in early:  # two places already taken: ten are left
        voucher_book(voucher=voucher, location_id=shop.store.pk, starts_at=slot_start)
    go = threading.Event()

    def book(voucher):
        go.wait()
        try:
            voucher_book(voucher=voucher, location_id=shop.store.pk, starts_at=slot_start)
            return "booked"
        except BookingRefused as refused:
            return str(refused.code)
        finally:
            connection.close()

    with ThreadPoolExecutor(AT_ONCE) as pool:
        futures = [pool.submit(book, voucher) for voucher in shop.vouchers]
        go.set()
        outcomes = [future.result() for future in futures]
    assert outcomes.count("booked") == PLACES, outcomes
    assert set(outcomes) == {"booked", "slot_full"}
    places = SlotPlaces.objects.get(location=shop.store, starts_at=slot_start)
    assert (places.taken, places.capacity) == (PLACES + 2, PLACES + 2)
    assert Booking.objects.filter(starts_at=slot_start, status="booked").count() == PLACES + 2
    assert Voucher.objects.filter(bookings__status="booked").distinct().count() == PLACES + 2
