"""My vouchers: a refund is confirmed first and says where the money goes; a gift tells the payer
what they may do; group-buy pledges show their state in words ("waiting for 2 more buyers")."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import wait_until
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy, buy_and_issue
from vouchers.delivery import GiftSpec
from vouchers.models import Voucher

pytestmark = pytest.mark.django_db


def test_refund_asks_first_and_says_where_the_money_goes(client):
    buyer = UserFactory()
    voucher = buy_and_issue(deal=DealFactory(title="Surf lesson"), user=buyer)[0]
    client.force_login(buyer)
    listing = client.get(reverse("vouchers:list")).content.decode()
    assert f'href="{reverse("vouchers:refund", args=[voucher.pk])}"' in listing  # a link, not a form
    page = client.get(reverse("vouchers:refund", args=[voucher.pk])).content.decode()
    assert "We refund <strong>€39.00</strong> to the card you paid with" in page
    assert "Keep my voucher" in page and 'id="confirm-refund"' in page
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.ISSUED  # asking changed nothing
    client.post(reverse("vouchers:refund", args=[voucher.pk]))
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REFUNDED


def test_a_gift_tells_the_payer_what_each_may_do(client):
    buyer = UserFactory()
    voucher = buy_and_issue(deal=DealFactory(), user=buyer,
                            gift=GiftSpec("Rui Costa", "rui@example.com", "Happy birthday"))[0]
    client.force_login(buyer)
    detail = client.get(reverse("vouchers:detail", args=[voucher.pk])).content.decode()
    assert "A gift for Rui Costa: they hold the code and use it at the counter." in detail
    assert "only you can refund it while it is unused" in detail
    refund = client.get(reverse("vouchers:refund", args=[voucher.pk])).content.decode()
    assert "the code they hold stops working too" in refund


def test_a_pledge_shows_in_my_vouchers_with_its_state(client, celery_worker):
    now = timezone.now()
    deal = DealFactory(title="Group cooking class", min_buyers=3,
                       sale_starts_at=now - timedelta(hours=1), sale_ends_at=now + timedelta(days=3))
    buyer = UserFactory()
    outcome, order = buy(deal=deal, user=buyer)
    assert outcome.status == "processing"
    client.force_login(buyer)

    def shown():
        page = client.get(reverse("vouchers:list")).content.decode()
        return page if "Waiting for 2 more buyers; your card is not charged yet." in page else ""

    page = wait_until(shown, timeout=30)
    assert "Group cooking class" in page and f"order {order.number}" in page
    orders = client.get("/accounts/orders/").content.decode()
    assert "Reserved: you are charged only if the deal reaches its minimum" in orders
