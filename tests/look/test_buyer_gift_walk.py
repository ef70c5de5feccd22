"""A buyer's gift walk in the browser: buy a deal as a gift with a card, read in My vouchers what
the giver may do, refund it through the confirmation page and see the voucher refunded."""
from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.deals.services import OptionSpec
from tests.browser import sign_in, type_card
from tests.conftest import wait_until
from tests.factories import DealFactory, UserFactory
from tests.look.pages import assert_page_is_sound
from vouchers.models import Voucher

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_a_buyer_gives_a_deal_then_refunds_the_gift(page, live_server, celery_worker):
    deal = DealFactory(title="Sunset kayak tour",
                       options=[OptionSpec("Kayak for 1", Decimal("35.00"), Decimal("60.00"), 20)])
    buyer = UserFactory(email="ana@example.com", first_name="Ana")
    sign_in(page, live_server, buyer)

    page.goto(deal.get_absolute_url())
    page.locator(".buy-form input[name=quantity]").fill("1")
    page.locator(".buy-form button").click()
    page.goto("/checkout/")
    page.wait_for_url("**/checkout/payment-details/")
    assert page.locator("#gift-fields").is_hidden()
    page.get_by_label("This is a gift: send the vouchers to someone else").check()
    assert page.locator("#gift-fields").is_visible()
    page.get_by_label("Recipient's name").fill("Rui Costa")
    page.get_by_label("Recipient's e-mail").fill("rui@example.com")
    page.get_by_label("Message").fill("Happy birthday!")
    type_card(page, "4242424242424242")
    page.locator("#pay-button").click()
    page.wait_for_url("**/checkout/thank-you/")
    thanks = page.locator("main").inner_text()
    assert "Sunset kayak tour" in thanks and "€35.00" in thanks

    voucher = wait_until(lambda: Voucher.objects.filter(owner=buyer).first(), timeout=30)
    assert (voucher.holder_name, voucher.holder_email) == ("Rui Costa", "rui@example.com")
    page.goto(reverse("vouchers:list"))
    assert_page_is_sound(page)
    assert "Sunset kayak tour" in page.locator(".voucher-card").first.inner_text()
    page.goto(reverse("vouchers:detail", args=[voucher.pk]))
    assert_page_is_sound(page)
    roles = page.locator(".gift-roles").inner_text()
    assert "A gift for Rui Costa: they hold the code and use it at the counter." in roles
    assert "only you can refund it while it is unused" in roles

    page.click(f'a[href="{reverse("vouchers:refund", args=[voucher.pk])}"]')
    page.wait_for_url(f"**{reverse('vouchers:refund', args=[voucher.pk])}")
    assert_page_is_sound(page)
    where = page.locator(".refund-where").inner_text()
    assert "We refund €35.00 to the card you paid with" in where
    assert "the code they hold stops working too" in where
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.ISSUED  # asking changed nothing
    with page.expect_navigation():
        page.click("#confirm-refund")
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REFUNDED
    page.goto(reverse("vouchers:list"))
    assert str(voucher.get_status_display()) in page.locator(".voucher-card").first.inner_text()
    page.goto(reverse("vouchers:detail", args=[voucher.pk]))
    assert page.locator(".voucher-detail").get_attribute("data-status") == "refunded"
    refund_link = f'a[href="{reverse("vouchers:refund", args=[voucher.pk])}"]'
    assert page.locator(refund_link).count() == 0  # nothing left to refund
