"""A buyer on a phone: home page, a category, a deal page, in the real Chromium."""
import re
from decimal import Decimal

import pytest

from marketplace.deals.services import OptionSpec
from tests.factories import CategoryFactory, DealFactory, LocationFactory, MerchantFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_buyer_finds_a_deal_from_the_home_page_through_its_category(page):
    beauty = CategoryFactory("Beauty & spa")
    massage = CategoryFactory("Massage", parent=beauty)
    merchant = MerchantFactory(name="Casa Zen", description="A calm spa in Chiado.")
    store = LocationFactory(merchant, city="Lisbon", name="Casa Zen Chiado",
                            address="Rua Garrett, 12", opening_hours="Mon-Fri 10:00-20:00")
    DealFactory(merchant=merchant, title="Hot stone massage", locations=[store], categories=[massage],
                options=[OptionSpec("50 minutes", Decimal("42.00"), Decimal("70.00"), 30),
                         OptionSpec("80 minutes", Decimal("57.00"), Decimal("95.00"), 30)])

    page.goto("/")
    card = page.locator(".deal-card", has_text="Hot stone massage")
    assert "€42.00" in card.inner_text() and "-40%" in card.inner_text()

    page.get_by_role("link", name=re.compile("Beauty & spa")).click()
    page.wait_for_url("**/category/beauty-spa/")
    assert page.locator("h1").inner_text() == "Beauty & spa in Lisbon"
    page.locator(".deal-card", has_text="Hot stone massage").click()

    page.wait_for_url(re.compile(r"/deals/hot-stone-massage-\d+/$"))
    assert page.locator("h1.deal-title").inner_text() == "Hot stone massage"
    options = page.locator(".option")
    assert options.count() == 2
    assert "€57.00" in options.nth(1).inner_text() and "-40%" in options.nth(1).inner_text()
    assert "Casa Zen Chiado" in page.locator(".deal-stores").inner_text()
    assert "Rua Garrett, 12" in page.locator(".deal-stores").inner_text()
    # The countdown is rewritten by the script into d hh:mm:ss and keeps ticking.
    clock = page.locator("time[data-countdown]")
    page.wait_for_function(
        "() => /^\\d+d \\d\\d:\\d\\d:\\d\\d$/"
        ".test(document.querySelector('time[data-countdown]').textContent)")
    first = clock.inner_text()
    page.wait_for_function(
        f"() => document.querySelector('time[data-countdown]').textContent !== {first!r}")
    assert page.locator("button.buy-button").count() == 2
