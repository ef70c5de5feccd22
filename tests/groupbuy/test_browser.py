"""A group buy in a real browser: authorised with 3-D Secure, live progress, tipping, then refund."""
from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.groupbuy.models import Pledge
from tests.browser import sign_in, type_card
from tests.conftest import wait_until
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy
from vouchers.models import Voucher

pytestmark = [pytest.mark.browser, pytest.mark.worker]




def test_buyer_is_authorised_sees_the_deal_tip_live_and_refunds_a_voucher(page, live_server,
                                                                           celery_worker):
    now = timezone.now()
    deal = DealFactory(title="Group cooking class", min_buyers=2,
                       sale_starts_at=now - timedelta(hours=1), sale_ends_at=now + timedelta(days=3))
    user = UserFactory()
    sign_in(page, live_server, user)

    page.goto(deal.get_absolute_url())
    assert "0 bought, 2 more needed" in page.locator(".deal-tipping").inner_text()
    page.locator(".buy-form button").click()
    page.goto("/checkout/")
    page.wait_for_url("**/checkout/payment-details/")
    type_card(page, "4000002760003184")  # the bank asks for 3-D Secure on the authorisation
    page.locator("#pay-button").click()
    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url("**/checkout/thank-you/")
    note = page.locator(".order-pledge").inner_text()
    assert "card is authorised" in note and "minimum of 2" in note
    assert Pledge.objects.get(deal=deal).status == "held"
    assert not Voucher.objects.filter(deal=deal).exists()

    page.goto(deal.get_absolute_url())
    progress = page.locator(".deal-tipping-text")
    assert progress.inner_text() == "1 bought, 1 more needed"
    buy(deal=deal, email="second@example.com")  # someone else buys: the deal tips
    progress.filter(has_text="The deal is on!").wait_for(timeout=30000)  # the page polls

    wait_until(lambda: Voucher.objects.filter(owner=user).exists(), timeout=30)
    page.goto("/vouchers/")
    page.locator(".refund-button").first.click()  # the refund asks for confirmation first
    page.locator("#confirm-refund").click()
    page.wait_for_url("**/vouchers/")
    assert "Refunded 39.00 EUR" in page.content()
    assert Voucher.objects.get(owner=user).status == Voucher.Status.REFUNDED
