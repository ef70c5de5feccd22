"""A buyer in a real browser: picks an option, is declined, pays with 3-D Secure, sees the vouchers."""
from decimal import Decimal

import pytest

from marketplace.deals.services import OptionSpec
from tests.browser import sign_in, type_card
from tests.conftest import wait_until
from tests.factories import DealFactory, UserFactory
from vouchers.models import Voucher

pytestmark = [pytest.mark.browser, pytest.mark.worker]




def test_buyer_pays_by_card_and_sees_the_vouchers(page, live_server, celery_worker):
    deal = DealFactory(title="Sunset sailing", options=[
        OptionSpec("Boat trip for 1", Decimal("35.00"), Decimal("60.00"), 20)])
    user = UserFactory()
    sign_in(page, live_server, user)

    page.goto(deal.get_absolute_url())
    page.locator(".buy-form input[name=quantity]").fill("2")
    page.locator(".buy-form button").click()
    page.goto("/checkout/")
    page.wait_for_url("**/checkout/payment-details/")
    assert "70.00" in page.locator("#pay-button").inner_text()

    type_card(page, "4000000000000341")  # declined when charged
    page.locator("#pay-button").click()
    error = page.locator("#payment-errors")
    error.wait_for(state="visible")
    assert "declined" in error.inner_text()

    type_card(page, "4000002760003184")  # the bank asks for 3-D Secure
    page.locator("#pay-button").click()
    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url("**/checkout/thank-you/")
    assert "is paid" in page.locator("#order-confirmation").inner_text()

    wait_until(lambda: Voucher.objects.filter(owner=user).count() == 2, timeout=30)
    page.locator("#my-vouchers-link").click()
    page.wait_for_url("**/vouchers/")
    cards = page.locator(".voucher-card")
    assert cards.count() == 2
    for voucher in Voucher.objects.filter(owner=user):
        assert voucher.display_code in page.content()
    cards.first.locator("a").first.click()
    page.wait_for_url("**/vouchers/*/")
    qr = page.locator("img.voucher-qr")
    qr.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('img.voucher-qr').naturalWidth > 0")
