import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from marketplace.payments.gateway import stripe_client, to_minor_units
from marketplace.payments.models import StripeRefund
from merchants.services import api_token_create
from tests.factories import DealFactory, UserFactory
from tests.factories.paid_at_stripe import stripe_paid_vouchers
from vouchers.models import Voucher
from vouchers.refunds import BuyerRefundError, BuyerRefundRefused, voucher_refund_by_buyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return UserFactory()


def test_buyer_refunds_one_voucher_of_a_three_unit_order(buyer):
    vouchers = stripe_paid_vouchers(deal=DealFactory(), quantity=3, user=buyer)
    voucher_refund_by_buyer(voucher=vouchers[1], buyer=buyer)
    assert [Voucher.objects.get(pk=v.pk).status for v in vouchers] == ["issued", "refunded", "issued"]
    refund = StripeRefund.objects.get()
    assert (refund.key, refund.amount) == (f"voucher-{vouchers[1].pk}", vouchers[1].price_paid)
    stripe_refund = stripe_client().v1.refunds.retrieve(refund.stripe_refund_id)
    assert stripe_refund.amount == to_minor_units(vouchers[1].price_paid, "EUR")  # one unit only


@pytest.mark.parametrize("setup, code", [
    (lambda v: Voucher.objects.filter(pk=v.pk).update(status="redeemed"), BuyerRefundError.ALREADY_USED),
    (lambda v: Voucher.objects.filter(pk=v.pk).update(valid_until=timezone.now() - timedelta(seconds=1)),
     BuyerRefundError.EXPIRED),
    (lambda v: v.deal.__class__.objects.filter(pk=v.deal_id).update(refundable=False),
     BuyerRefundError.NON_REFUNDABLE_DEAL),
])
def test_used_expired_or_non_refundable_vouchers_are_refused_and_nothing_is_refunded(buyer, setup, code):
    voucher = stripe_paid_vouchers(deal=DealFactory(), user=buyer)[0]
    setup(voucher)
    with pytest.raises(BuyerRefundRefused) as exc:
        voucher_refund_by_buyer(voucher=voucher, buyer=buyer)
    assert exc.value.code is code
    assert not StripeRefund.objects.exists()


def test_someone_else_cannot_refund_my_voucher(buyer):
    voucher = stripe_paid_vouchers(deal=DealFactory(), user=buyer)[0]
    with pytest.raises(BuyerRefundRefused) as exc:
        voucher_refund_by_buyer(voucher=voucher, buyer=UserFactory())
    assert exc.value.code is BuyerRefundError.NOT_YOURS


def test_failed_stripe_refund_keeps_the_voucher_valid_and_the_buyer_sees_why(client, buyer):
    # A charge Stripe does not know: the refund call fails at the processor.
    voucher = stripe_paid_vouchers(deal=DealFactory(), user=buyer, charge_id="ch_unknown000000")[0]
    client.force_login(buyer)
    response = client.post(reverse("vouchers:refund", args=[voucher.pk]))
    assert response.status_code == 409
    assert b"could not be made at the card processor" in response.content
    assert b"Your voucher is still valid" in response.content
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED and not StripeRefund.objects.exists()


def test_one_click_refund_from_the_page(client, buyer):
    voucher = stripe_paid_vouchers(deal=DealFactory(), user=buyer)[0]
    client.force_login(buyer)
    page = client.get(reverse("vouchers:refund", args=[voucher.pk]))
    assert "Refund €39.00" in page.content.decode()  # the amount, before confirming
    assert client.post(reverse("vouchers:refund", args=[voucher.pk])).status_code == 302
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.REFUNDED


def test_non_refundable_deal_says_so_on_the_deal_page(client):
    deal = DealFactory(refundable=False)
    page = client.get(deal.get_absolute_url())
    assert b"Not refundable" in page.content


@pytest.mark.django_db(transaction=True)
def test_redeem_and_refund_of_the_same_voucher_at_once_exactly_one_wins(live_server, buyer, client):
    deal = DealFactory()
    location = deal.locations.get()
    vouchers = stripe_paid_vouchers(deal=deal, quantity=25, user=buyer)
    _, token = api_token_create(location=location, name="till 1")

    client.force_login(buyer)
    http = requests.Session()
    http.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    http.get(live_server.url + reverse("vouchers:refund", args=[vouchers[0].pk]))
    csrf = http.cookies["csrftoken"]

    def refund(v):
        r = http.post(live_server.url + reverse("vouchers:refund", args=[v.pk]),
                      data={"csrfmiddlewaretoken": csrf}, allow_redirects=False, timeout=60)
        return "refund", v.pk, r.status_code

    def redeem(v):
        r = requests.post(live_server.url + "/api/v1/redemptions/",
                          json={"codes": [v.plain_code], "location": location.pk}, timeout=60,
                          headers={"Authorization": f"Token {token}",
                                   "Idempotency-Key": str(uuid.uuid4())})
        return "redeem", v.pk, r.status_code

    jobs = [(fn, v) for v in vouchers for fn in (refund, redeem)]
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        results = list(pool.map(lambda job: job[0](job[1]), jobs))

    assert len(results) == 50
    refunded = {int(key.split("-")[1]) for key in StripeRefund.objects.values_list("key", flat=True)}
    for v in vouchers:
        outcome = {kind: code for kind, pk, code in results if pk == v.pk}
        won = {kind for kind, code in outcome.items() if code in (201, 302)}
        assert len(won) == 1, (v.pk, outcome)
        status = Voucher.objects.get(pk=v.pk).status
        if won == {"refund"}:
            assert status == "refunded" and v.pk in refunded and outcome["redeem"] in (409, 422)
        else:
            assert status == "redeemed" and v.pk not in refunded and outcome["refund"] == 409


def test_my_vouchers_offers_refund_on_usable_vouchers_and_review_on_used_ones(client, buyer):
    usable, used = stripe_paid_vouchers(deal=DealFactory(), quantity=2, user=buyer)
    Voucher.objects.filter(pk=used.pk).update(status=Voucher.Status.REDEEMED)
    client.force_login(buyer)
    page = client.get(reverse("vouchers:list")).content.decode()
    assert reverse("vouchers:refund", args=[usable.pk]) in page
    assert reverse("vouchers:refund", args=[used.pk]) not in page
    assert reverse("merchant_reviews:create", args=[used.pk]) in page
    assert reverse("merchant_reviews:create", args=[usable.pk]) not in page
