"""What a buyer reads from basket to order history: deals, merchants, options and stores, never a
stock shop's shipping, addresses, promo codes, wish lists, alerts or product reviews."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, LocationFactory, MerchantFactory, UserFactory
from tests.factories.checkout import DECLINED_ON_CHARGE, buy

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
SHOP_WORDS = ("shipping", "Shipping", "Address Book", "Wish List", "Product Alert",
              "promo code", "Voucher/promo", "Save for later", "Write a review")


@pytest.fixture
def deal():
    merchant = MerchantFactory(name="Café Lusitano")
    store = LocationFactory(merchant, name="Campo de Ourique", city="Lisbon")
    return DealFactory(merchant=merchant, locations=[store], title="Coffee tasting workshop",
                       options=[OptionSpec("Workshop for 2", Decimal("36.00"), Decimal("65.00"), 50)])


def _says_what_was_bought(html: str):
    for words in ("Coffee tasting workshop", "by Café Lusitano", "Workshop for 2",
                  "Campo de Ourique (Lisbon)"):
        assert words in html, words
    for word in SHOP_WORDS:
        assert word not in html, word


def test_the_basket_names_deal_merchant_option_and_stores_and_nothing_of_a_shop(client, deal):
    client.post(f"/basket/add/{deal.options.get().product_id}/", {"quantity": 2}, HTTP_REFERER="/")
    html = client.get("/basket/").content.decode()
    _says_what_was_bought(html)
    assert "€72.00" in html and "Continue to payment" in html


def test_the_payment_page_names_what_is_paid_for_without_shipping(client, deal):
    client.post(f"/basket/add/{deal.options.get().product_id}/", {"quantity": 1}, HTTP_REFERER="/")
    page = client.post("/checkout/", {"username": "guest@example.com", "options": "anonymous"},
                       follow=True)
    assert page.redirect_chain[-1][0] == "/checkout/payment-details/"
    html = page.content.decode()
    _says_what_was_bought(html)
    assert "Pay €36.00" in html


def test_order_history_says_each_status_in_a_buyer_words_failed_orders_included(client, deal):
    buyer = UserFactory()
    buy(deal=deal, user=buyer)
    buy(deal=deal, user=buyer, card=DECLINED_ON_CHARGE)
    assert sorted(Order.objects.filter(user=buyer).values_list("status", flat=True)) == [
        "Paid", "Payment failed"]
    client.force_login(buyer)
    html = client.get("/accounts/orders/").content.decode()
    assert "Paid: your vouchers are in My vouchers" in html
    assert "Payment failed: you were not charged" in html
    assert html.count("Coffee tasting workshop") == 2 and "by Café Lusitano" in html
    order = Order.objects.get(user=buyer, status="Paid")
    detail = client.get(f"/accounts/orders/{order.number}/").content.decode()
    _says_what_was_bought(detail)


@pytest.mark.parametrize("url", ["/accounts/addresses/", "/accounts/alerts/", "/accounts/wishlists/"])
def test_shop_pages_of_the_account_are_gone(client, url):
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    html = client.get("/accounts/profile/").content.decode()
    for word in ("Address Book", "Product Alerts", "Wish Lists"):
        assert word not in html


def test_oscar_product_reviews_are_not_there(client, deal):
    product = deal.product
    assert client.get(f"/catalogue/{product.slug}_{product.pk}/reviews/add/").status_code == 404
    assert client.get(f"/catalogue/{product.slug}_{product.pk}/reviews/").status_code == 404
