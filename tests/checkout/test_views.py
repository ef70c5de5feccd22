"""Checkout pages: bad input from the browser gets a clear message or a 4xx and changes nothing."""
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from oscar.core.loading import get_model

from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory
from tests.factories.checkout import card_payment_method

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


@pytest.fixture
def deal():
    return DealFactory(options=[OptionSpec("Wine tasting", Decimal("20.00"), Decimal("40.00"), 5)],
                       per_customer_limit=3)


def _add(client, deal, quantity):
    option = deal.options.get()
    return client.post(f"/basket/add/{option.product_id}/", {"quantity": quantity},
                       HTTP_REFERER="/")


def _guest_checkout(client, email="guest@example.com"):
    # Follows Oscar's steps: no shipping address or method for deals, straight to payment.
    page = client.post("/checkout/", {"username": email, "options": "anonymous"}, follow=True)
    assert page.redirect_chain[-1][0] == "/checkout/payment-details/", page.redirect_chain


def _messages(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize("quantity", ["0", "-3", "abc", "1000000"])
def test_bad_quantities_are_refused_with_a_message(client, deal, quantity):
    response = _add(client, deal, quantity)
    assert response.status_code == 302
    assert _messages(response)
    assert not Basket.objects.filter(lines__isnull=False).exists()


def test_more_than_the_per_customer_limit_cannot_be_added(client, deal):
    response = _add(client, deal, 4)
    assert "limited to 3 per customer" in _messages(response)


def test_option_of_a_deal_not_on_sale_cannot_be_added(client):
    draft = DealFactory(live=False)
    response = _add(client, draft, 1)
    assert "Not on sale" in _messages(response)
    assert not Basket.objects.filter(lines__isnull=False).exists()


def test_tampered_total_is_refused_and_nothing_is_charged(client, deal):
    _add(client, deal, 2)
    _guest_checkout(client)
    response = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method(),
        "expected_total": "1.00",
    })
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "price_changed" and "40.00" in body["message"]
    assert not Order.objects.exists()


def test_guest_pays_and_lands_on_the_thank_you_page(client, deal):
    _add(client, deal, 2)
    _guest_checkout(client)
    assert client.get("/checkout/payment-details/").status_code == 200
    response = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method(),
        "expected_total": "40.00",
    })
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "succeeded"
    order = Order.objects.get()
    assert (order.status, order.guest_email) == ("Paid", "guest@example.com")
    page = client.get(response.json()["redirect"]).content.decode()
    assert order.number in page


def test_declined_card_answers_with_a_message_and_the_basket_can_be_paid_again(client, deal):
    _add(client, deal, 1)
    _guest_checkout(client)
    declined = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method("4000000000000341"),
        "expected_total": "20.00",
    })
    assert declined.status_code == 402 and "declined" in declined.json()["message"]
    retry = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method(),
        "expected_total": "20.00",
    })
    assert retry.json()["status"] == "succeeded"
    assert list(Order.objects.order_by("id").values_list("status", flat=True)) == [
        "Payment failed", "Paid"]


def test_forged_payment_method_is_a_400(client, deal):
    _add(client, deal, 1)
    _guest_checkout(client)
    response = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": "pm_<x>", "expected_total": "20.00"})
    assert response.status_code == 400 and not Order.objects.exists()


def test_gift_details_from_the_payment_page_go_with_the_order(client, deal):
    _add(client, deal, 1)
    _guest_checkout(client)
    response = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method(),
        "expected_total": "20.00", "is_gift": "on", "recipient_name": "Rui Costa",
        "recipient_email": "rui@example.com", "gift_message": "Parabéns!",
        "deliver_on": "2099-01-31",
    })
    assert response.json()["status"] == "succeeded"
    delivery = Order.objects.get().delivery
    assert (delivery.is_gift, delivery.recipient_email, delivery.message, str(delivery.deliver_on)) \
        == (True, "rui@example.com", "Parabéns!", "2099-01-31")
    page = client.get(response.json()["redirect"]).content.decode()
    assert "Rui Costa" in page


def test_gift_without_recipient_email_is_refused_before_anything_happens(client, deal):
    _add(client, deal, 1)
    _guest_checkout(client)
    response = client.post("/checkout/preview/", {
        "action": "place_order", "payment_method_id": card_payment_method(),
        "expected_total": "20.00", "is_gift": "on", "recipient_name": "Rui"})
    assert response.status_code == 400 and "e-mail" in response.json()["message"]
    assert not Order.objects.exists()
