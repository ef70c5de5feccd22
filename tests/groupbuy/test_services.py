import threading
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.groupbuy import services
from marketplace.groupbuy.models import DealTipping, Pledge
from marketplace.groupbuy.selectors import deal_tipping_progress
from marketplace.groupbuy.tasks import deals_close_short_task
from marketplace.payments.gateway import stripe_client
from marketplace.payments.models import PaymentAttempt
from tests.conftest import wait_until
from tests.factories import DealFactory
from tests.factories.checkout import DECLINED_ON_CHARGE, THREE_D_SECURE, buy, card_payment_method
from vouchers.models import Voucher

StockRecord = get_model("partner", "StockRecord")
Transaction = get_model("payment", "Transaction")


def intent_status(order) -> str:
    attempt = PaymentAttempt.objects.get(order=order)
    return stripe_client().v1.payment_intents.retrieve(attempt.payment_intent_id).status


def allocated(deal) -> int:
    return sum(StockRecord.objects.filter(product__parent=deal.product).values_list(
        "num_allocated", flat=True))


def group_deal(*, minimum: int, days: int) -> Deal:
    now = timezone.now()
    return DealFactory(min_buyers=minimum, sale_starts_at=now - timedelta(hours=1),
                       sale_ends_at=now + timedelta(days=days))


def test_deal_with_a_minimum_of_3_tips_at_the_third_purchase(celery_worker):
    deal = group_deal(minimum=3, days=3)
    orders = []
    for n in range(2):
        outcome, order = buy(deal=deal, email=f"early{n}@example.com")
        assert outcome.status == "processing"
        orders.append(order)
    # Authorised only: nothing captured, no voucher, units held.
    assert [intent_status(o) for o in orders] == ["requires_capture"] * 2
    assert str(deal_tipping_progress(deal=deal).text) == "2 bought, 1 more needed"
    assert not Voucher.objects.filter(deal=deal).exists() and allocated(deal) == 2

    outcome, third = buy(deal=deal, email="third@example.com")
    orders.append(third)
    wait_until(lambda: Voucher.objects.filter(deal=deal).count() == 3, timeout=40)
    assert [intent_status(o) for o in orders] == ["succeeded"] * 3  # three captures
    assert set(Pledge.objects.filter(deal=deal).values_list("status", flat=True)) == {"paid"}
    assert DealTipping.objects.get(deal=deal).tipped_at is not None
    for order in orders:
        order.refresh_from_db()
        assert order.status == "Paid"
    assert deal_tipping_progress(deal=deal).tipped

    # After tipping a purchase is an ordinary payment.
    outcome, late = buy(deal=deal, email="late@example.com")
    assert outcome.succeeded and intent_status(late) == "succeeded"


def test_deal_that_ends_short_cancels_every_authorisation(celery_worker):
    deal = group_deal(minimum=3, days=2)
    orders = [buy(deal=deal, email=f"b{n}@example.com", quantity=1)[1] for n in range(2)]
    Deal.objects.filter(pk=deal.pk).update(sale_ends_at=timezone.now() - timedelta(minutes=1))

    deals_close_short_task.delay()
    wait_until(lambda: set(Pledge.objects.filter(deal=deal).values_list("status", flat=True))
               == {"cancelled"}, timeout=40)
    assert [intent_status(o) for o in orders] == ["canceled", "canceled"]
    assert all(p.notified_at for p in Pledge.objects.filter(deal=deal))  # buyers e-mailed
    for order in orders:
        order.refresh_from_db()
        assert order.status == "Cancelled"
    assert allocated(deal) == 0 and not Voucher.objects.filter(deal=deal).exists()
    assert DealTipping.objects.get(deal=deal).closed_at is not None


def test_long_window_saves_cards_and_charges_them_off_session_when_the_deal_tips(celery_worker, client):
    deal = group_deal(minimum=4, days=20)  # longer than an authorisation lives
    first, auth, gives_up = [buy(deal=deal, email=f"{n}@example.com")[1] for n in ("a", "b", "c")]
    pledges = {o.pk: Pledge.objects.get(attempt__order=o) for o in (first, auth, gives_up)}
    assert {p.kind for p in pledges.values()} == {"saved_card"}
    assert all(p.status == "held" and p.customer_id and p.setup_intent_id for p in pledges.values())
    assert not first.payment_attempt.payment_intent_id  # nothing charged, not even authorised
    # The banks of two buyers will ask for authentication when the card is charged.
    for order in (auth, gives_up):
        Pledge.objects.filter(attempt__order=order).update(
            payment_method_id=card_payment_method(THREE_D_SECURE))

    _, last = buy(deal=deal, email="d@example.com")  # the fourth unit: the deal tips
    wait_until(lambda: Voucher.objects.filter(deal=deal).count() == 2, timeout=40)
    assert {o.email for o in (first, last)} == set(
        Voucher.objects.filter(deal=deal).values_list("holder_email", flat=True))
    for order in (first, last):
        assert intent_status(order) == "succeeded"
    wait_until(lambda: Pledge.objects.filter(deal=deal, status="action_required").count() == 2)

    # One buyer follows the e-mailed link and authenticates (what Stripe.js does in the page).
    pledge = Pledge.objects.get(attempt__order=auth)
    assert pledge.notified_at and pledge.action_deadline > timezone.now()
    page = client.get(reverse("groupbuy:pledge-pay", args=[pledge.action_token]))
    assert b"Confirm the payment" in page.content
    secret = page.context["client_secret"]
    intent_id = secret.split("_secret_")[0]
    requests.post(f"{settings.STRIPE_API_BASE}/v1/payment_intents/{intent_id}/_authenticate",
                  json={"key": settings.STRIPE_PUBLISHABLE_KEY, "client_secret": secret},
                  params={"success": "true"}, timeout=10).raise_for_status()
    client.post(reverse("groupbuy:pledge-pay-done", args=[pledge.action_token]))
    assert Pledge.objects.get(pk=pledge.pk).status == "paid"
    wait_until(lambda: Voucher.objects.filter(deal=deal, holder_email="b@example.com").exists())

    # The other does not, in time: the order is cancelled and its unit goes back on sale.
    Pledge.objects.filter(attempt__order=gives_up).update(
        action_deadline=timezone.now() - timedelta(minutes=1))
    assert services.pledges_release_overdue() == 1
    assert Pledge.objects.get(attempt__order=gives_up).status == "released"
    assert intent_status(gives_up) == "canceled"
    gives_up.refresh_from_db()
    assert gives_up.status == "Cancelled" and allocated(deal) == 3
    assert services.pledges_release_overdue() == 0  # twice is harmless


@pytest.mark.django_db(transaction=True)
def test_two_workers_settling_the_same_deal_capture_each_authorisation_once():
    deal = group_deal(minimum=50, days=3)
    orders = [buy(deal=deal, email=f"p{n}@example.com")[1] for n in range(6)]
    Deal.objects.filter(pk=deal.pk).update(min_buyers=6)
    DealTipping.objects.update_or_create(deal=deal, defaults={"tipped_at": timezone.now()})
    barrier = threading.Barrier(2)

    def settle():
        barrier.wait()
        try:
            while True:  # what deal_pledges_settle_task does, batch after batch
                settled, more = services.deal_pledges_settle(deal_id=deal.pk, batch_size=2)
                if not (more and settled):
                    return
        finally:
            connection.close()

    threads = [threading.Thread(target=settle) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    # The Celery worker's tip check for the last purchase may run after the deal tipped and settle
    # as a third worker; a thread that finds the rest locked by it stops (SKIP LOCKED), so wait
    # for that worker's batch to commit before reading the outcome.
    wait_until(lambda: not Pledge.objects.filter(deal=deal, status="held").exists())
    assert set(Pledge.objects.filter(deal=deal).values_list("status", flat=True)) == {"paid"}
    assert [intent_status(o) for o in orders] == ["succeeded"] * 6
    for order in orders:  # paid once each: one debit, one set of vouchers
        assert Transaction.objects.filter(source__order=order, txn_type=Transaction.DEBIT).count() == 1


@pytest.mark.django_db
def test_saved_card_declined_when_the_deal_tips_cancels_that_order_and_tells_the_buyer(
        mailoutbox, django_capture_on_commit_callbacks):
    deal = group_deal(minimum=10, days=20)
    _, order = buy(deal=deal, email="declined@example.com", quantity=2)
    Pledge.objects.filter(attempt__order=order).update(
        payment_method_id=card_payment_method(DECLINED_ON_CHARGE))
    DealTipping.objects.update_or_create(deal=deal, defaults={"tipped_at": timezone.now()})

    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes after the commit
        assert services.deal_pledges_settle(deal_id=deal.pk) == (1, False)
    pledge = Pledge.objects.get(attempt__order=order)
    assert pledge.status == "failed" and "declined" in pledge.failure_message
    order.refresh_from_db()
    assert order.status == "Cancelled" and allocated(deal) == 0
    assert not Voucher.objects.filter(deal=deal).exists()
    assert mailoutbox[-1].to == ["declined@example.com"]
    assert "declined" in mailoutbox[-1].subject
