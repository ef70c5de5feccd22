"""On a 390×844 phone, the pages a buyer and a merchant walk fit the screen, have a heading and
pass axe-core with no serious or critical issue; the deal page keeps its price and Buy in view."""
from decimal import Decimal

import pytest

from marketplace.deals.services import OptionSpec
from tests.browser import sign_in
from tests.factories import UserFactory, create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from tests.look.pages import assert_page_is_sound
from vouchers.redemption import counter_for_token, voucher_redeem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop():
    shop = shop_with_vouchers(name="Tasca do Chico", quantity=2,
                              title="Fado dinner with a glass of port",
                              options=[OptionSpec("Dinner for 2", Decimal("39.00"),
                                                  Decimal("70.00"), 40),
                                       OptionSpec("Dinner for 4", Decimal("74.00"),
                                                  Decimal("140.00"), 20)])
    assert voucher_redeem(counter=counter_for_token(token=shop.token),
                          code=shop.vouchers[0].plain_code).ok
    return shop


def test_a_buyer_pages_fit_a_phone_and_pass_axe(page, live_server, shop):
    buyer = UserFactory(email="ana@example.com")
    voucher = create_paid_vouchers(deal=shop.deal, user=buyer)[0]
    sign_in(page, live_server, buyer)

    page.goto("/")
    assert_page_is_sound(page)

    page.goto(shop.deal.get_absolute_url())
    assert_page_is_sound(page)
    bar = page.locator("#buy-bar")
    box = bar.bounding_box()
    assert bar.is_visible() and box["y"] + box["height"] <= 844, box  # in view without scrolling
    assert "€39.00" in bar.inner_text()
    bar.get_by_role("link", name="Choose and buy").click()
    page.wait_for_function("() => location.hash === '#deal-options'")
    options = page.locator("#deal-options").bounding_box()
    assert options["y"] < 844
    with page.expect_navigation():
        page.locator(".option", has_text="Dinner for 2").get_by_role("button", name="Buy").click()

    page.goto("/basket/")
    assert "Fado dinner with a glass of port" in page.locator(".basket-lines").inner_text()
    assert_page_is_sound(page)

    page.goto("/search/?q=fado")
    assert_page_is_sound(page)
    assert not page.locator("#id_price_min").is_visible()  # filters wait behind their button
    page.locator("#search-filters summary").click()
    assert page.locator("#id_price_min").is_visible()

    for url in ("/vouchers/", f"/vouchers/{voucher.pk}/", f"/vouchers/{voucher.pk}/refund/",
                "/accounts/orders/"):
        page.goto(url)
        assert_page_is_sound(page)
    page.goto(f"/vouchers/{voucher.pk}/refund/")
    assert "to the card you paid with" in page.locator(".refund-where").inner_text()


def test_the_merchant_today_and_counter_pages_fit_a_phone_and_undo_is_easy_to_hit(
        page, live_server, shop):
    sign_in(page, live_server, shop.owner)
    page.goto(f"/merchant/{shop.merchant.slug}/")
    assert_page_is_sound(page)
    undo = page.locator("details.undo summary").first
    box = undo.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 200, box  # a thumb hits it
    page.goto(f"/merchant/{shop.merchant.slug}/redeem/")
    assert_page_is_sound(page)
