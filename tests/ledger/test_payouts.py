"""Payouts through Stripe Connect (stripe-mock behind a recording proxy): what is due is paid once
per merchant and period, a merchant who cannot be paid accrues and is told why, a refusal makes
the money due again, and a retry sends the same idempotency key."""
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.ledger.models import Entry, Payout
from marketplace.ledger.payouts import (
    merchant_hold, merchant_hold_lift, payout_account_connect, payout_account_refresh, payouts_run,
)
from marketplace.ledger.selectors import merchant_balance
from marketplace.ledger.services import adjustment_record
from tests.factories import LocationFactory, MerchantFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


def _connected(merchant):
    link = payout_account_connect(merchant=merchant, refresh_url="https://shop.test/again",
                                  return_url="https://shop.test/back")
    assert link.startswith("https://")
    return payout_account_refresh(merchant=merchant)


def _owed(merchant, amount, staff):
    adjustment_record(merchant=merchant, amount=D(amount), currency="EUR",
                      reason="opening balance", actor=staff)


def _due(merchant):
    return merchant_balance(merchant_id=merchant.pk, currency="EUR").due


def test_a_payout_run_sends_one_transfer_of_what_is_due_and_books_it(merchant, staff, connect_proxy):
    account = _connected(merchant)
    _owed(merchant, "42.50", staff)

    run = payouts_run(on_demand=True, merchant_ids=[merchant.pk])

    payout = Payout.objects.get()
    assert run.summary() == {"sent": 1, "failed": 0, "pending": 0, "not_paid": 0}
    assert (payout.status, payout.amount, payout.destination) == ("sent", D("42.50"),
                                                                   account.stripe_account_id)
    (sent,) = connect_proxy.transfers_sent()
    assert sent["form"]["amount"] == ["4250"] and sent["form"]["currency"] == ["eur"]
    assert sent["form"]["destination"] == [account.stripe_account_id]
    assert sent["form"]["transfer_group"] == [payout.transfer_group]
    assert sent["key"] == payout.idempotency_key
    balance = merchant_balance(merchant_id=merchant.pk, currency="EUR")
    assert (balance.due, balance.paid_out) == (0, D("42.50"))
    assert Entry.objects.get(payout=payout).amount == D("42.50")

    assert payouts_run(on_demand=True, merchant_ids=[merchant.pk]).summary()["sent"] == 0
    assert len(connect_proxy.transfers_sent()) == 1  # nothing paid twice


def test_the_scheduled_run_pays_what_was_booked_before_the_period_ended(merchant, staff, connect_proxy):
    _connected(merchant)
    _owed(merchant, "10.00", staff)
    now = timezone.now()
    # Twice a month (the default terms): 17 days on, a period that began before now has ended;
    # the run then pays what is booked now, and the same run again pays nothing more.
    later = now + timedelta(days=17)
    payouts_run(now=later, merchant_ids=[merchant.pk])
    payouts_run(now=later, merchant_ids=[merchant.pk])
    payout = Payout.objects.get()
    assert payout.amount == D("10.00") and payout.cutoff <= later and payout.cutoff > now
    assert len(connect_proxy.transfers_sent()) == 1


def test_a_merchant_without_an_account_or_on_hold_accrues_and_is_told_why(merchant, staff, connect_proxy):
    _owed(merchant, "20.00", staff)
    run = payouts_run(on_demand=True, merchant_ids=[merchant.pk])
    assert "No Stripe account" in run.not_paid[merchant.pk]

    _connected(merchant)
    merchant_hold(merchant=merchant, reason="documents under review", actor=staff)
    run = payouts_run(on_demand=True, merchant_ids=[merchant.pk])
    assert "documents under review" in run.not_paid[merchant.pk]
    assert not Payout.objects.exists() and _due(merchant) == D("20.00")
    assert connect_proxy.transfers_sent() == []

    merchant_hold_lift(merchant=merchant, actor=staff)
    assert payouts_run(on_demand=True, merchant_ids=[merchant.pk]).summary()["sent"] == 1
    assert _due(merchant) == 0


def test_a_transfer_refused_by_stripe_makes_the_money_due_again_and_others_are_still_paid(
        merchant, staff, connect_proxy):
    other = MerchantFactory(owner=UserFactory())
    LocationFactory(merchant=other)
    refused, paid = _connected(merchant), _connected(other)
    _owed(merchant, "30.00", staff)
    _owed(other, "15.00", staff)
    connect_proxy.refuse[f"destination={refused.stripe_account_id}"] = (400, {
        "type": "invalid_request_error", "code": "account_invalid",
        "message": "The destination account cannot receive transfers."})

    run = payouts_run(on_demand=True, merchant_ids=[merchant.pk, other.pk])

    assert run.summary() == {"sent": 1, "failed": 1, "pending": 0, "not_paid": 0}
    failed = Payout.objects.get(merchant=merchant)
    assert failed.status == "failed" and "account_invalid" in failed.last_error
    assert _due(merchant) == D("30.00")  # due again, for the next run
    assert Payout.objects.get(merchant=other).status == "sent" and _due(other) == 0
    assert paid.stripe_account_id in str(connect_proxy.transfers_sent())


def test_a_payout_stripe_did_not_answer_is_sent_again_with_the_same_key(merchant, staff, connect_proxy):
    _connected(merchant)
    _owed(merchant, "12.00", staff)
    connect_proxy.refuse["transfer_group="] = (500, {"type": "api_error",
                                                     "message": "Stripe is down"})

    run = payouts_run(on_demand=True, merchant_ids=[merchant.pk])

    payout = Payout.objects.get()
    assert run.summary()["pending"] == 1 and payout.status == "pending"
    assert _due(merchant) == 0  # booked out once, waiting to be sent
    connect_proxy.refuse.clear()
    payouts_run(on_demand=True, merchant_ids=[merchant.pk])

    payout.refresh_from_db()
    assert payout.status == "sent" and payout.attempts == 2
    keys = {r["key"] for r in connect_proxy.transfers_sent()}
    assert keys == {payout.idempotency_key}  # every try, the library's own retries included
    assert Payout.objects.count() == 1 and _due(merchant) == 0
    assert merchant_balance(merchant_id=merchant.pk, currency="EUR").paid_out == D("12.00")


def test_the_onboarding_link_is_made_once_per_merchant_account(merchant, connect_proxy):
    first = _connected(merchant).stripe_account_id
    second = _connected(merchant).stripe_account_id
    assert first == second
    created = [r for r in connect_proxy.requests if r["path"] == "/v1/accounts" and r["method"] == "POST"]
    assert len(created) == 1 and created[0]["key"] == f"account-merchant-{merchant.pk}"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_pay_each_merchant_once(merchant, staff, connect_proxy):
    others = [MerchantFactory(owner=UserFactory()) for _ in range(3)]
    for shop in [merchant, *others]:
        LocationFactory(merchant=shop)
        _connected(shop)
        _owed(shop, "25.00", staff)
    start = threading.Barrier(2)
    errors = []

    def run():
        try:
            start.wait()
            payouts_run(on_demand=True)
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert Payout.objects.count() == 4 and set(Payout.objects.values_list("status", flat=True)) == {"sent"}
    assert len(connect_proxy.transfers_sent()) == 4
    for shop in [merchant, *others]:
        balance = merchant_balance(merchant_id=shop.pk, currency="EUR")
        assert (balance.due, balance.paid_out) == (0, D("25.00"))
