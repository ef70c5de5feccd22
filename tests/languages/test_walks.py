"""A buyer whose browser asks for Chinese buys a deal and reads it all in Chinese; a cashier whose
browser asks for Portuguese redeems a voucher at the counter and reads the result in Portuguese."""
import re
from decimal import Decimal

import pytest
from django.utils.translation import gettext, override

from marketplace.deals.services import OptionSpec
from tests.browser import assert_no_csp_violations, sign_in, type_card, watch_csp
from tests.conftest import wait_until
from tests.factories import DealFactory, UserFactory
from tests.factories.redemption import shop_with_vouchers
from vouchers.models import Voucher

pytestmark = pytest.mark.browser


def _in(language: str, *messages: str) -> list[str]:
    """Each message as the product says it in ``language``; each must differ from the English."""
    with override(language):
        said = [gettext(m) for m in messages]
    untranslated = [m for m, s in zip(messages, said) if m == s]
    assert not untranslated, f"no {language} translation for {untranslated}"
    return said


@pytest.fixture
def open_context(browser, live_server):
    """A browser context whose Accept-Language is ``locale``; every page is watched for CSP."""
    opened = []

    def open_(locale: str):
        context = browser.new_context(viewport={"width": 390, "height": 844},
                                      base_url=live_server.url, locale=locale)
        violations = watch_csp(context)
        opened.append((context, violations))
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_
    for context, violations in opened:
        context.close()
        assert_no_csp_violations(violations)


@pytest.mark.worker
def test_a_buyer_whose_browser_asks_for_chinese_buys_and_reads_it_all_in_chinese(
        open_context, live_server, celery_worker):
    deal = DealFactory(
        title="Sunset sailing", description="Two hours on the Tagus at sunset.",
        options=[OptionSpec("Boat trip for 1", Decimal("35.00"), Decimal("60.00"), 20)],
        translations={"zh-hans": {"title": "日落帆船之旅",
                                  "description": "日落时分在特茹河上航行两小时。"}})
    user = UserFactory()
    page = open_context("zh-CN")
    sign_in(page, live_server, user)

    page.goto(deal.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").first.inner_text().strip() == "日落帆船之旅"
    body = page.locator("body").inner_text()
    assert "日落时分在特茹河上航行两小时。" in body and "Sunset sailing" not in body
    for text in _in("zh-hans", "Choose an option", "The fine print", "Sale ends in"):
        assert text in body
    # The page's scripts read Django's catalogue in the page's language.
    assert page.evaluate("typeof gettext === 'function' && typeof interpolate === 'function'")
    countdown = page.locator("time[data-countdown]")
    page.wait_for_function(
        "() => /\\d\\d:\\d\\d:\\d\\d$/.test(document.querySelector('time[data-countdown]').textContent)")
    assert countdown.count() == 1

    page.locator(".buy-form input[name=quantity]").fill("1")
    page.locator(".buy-form button").click()
    page.goto("/checkout/")
    page.wait_for_url("**/checkout/payment-details/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    type_card(page, "4242424242424242")
    page.locator("#pay-button").click()
    page.wait_for_url("**/checkout/thank-you/")
    thanks = page.locator("main").inner_text()
    thank_you, my_vouchers, total = _in("zh-hans", "Thank you!", "My vouchers", "Total")
    assert thank_you in thanks and total in thanks and "日落帆船之旅" in thanks
    assert "€35.00" in thanks  # Chinese writes money as English does

    wait_until(lambda: Voucher.objects.filter(owner=user).count() == 1, timeout=30)
    page.locator("#my-vouchers-link").click()
    page.wait_for_url("**/vouchers/")
    assert page.locator("h1").first.inner_text().strip() == my_vouchers
    card = page.locator(".voucher-card").first.inner_text()
    voucher = Voucher.objects.get(owner=user)
    assert "日落帆船之旅" in card and voucher.display_code in card
    with override("zh-hans"):
        status = str(voucher.get_status_display())
    assert status in card and "Expires" not in card


@pytest.mark.django_db(transaction=True)
def test_a_cashier_whose_browser_asks_for_portuguese_reads_the_counter_in_portuguese(
        open_context, live_server):
    shop = shop_with_vouchers(quantity=1, title="Sushi for two",
                              translations={"pt-pt": {"title": "Sushi para dois"}})
    voucher = shop.vouchers[0]
    page = open_context("pt-PT")
    sign_in(page, live_server, shop.cashier)

    page.goto(f"/merchant/{shop.merchant.slug}/redeem/")
    assert page.locator("html").get_attribute("lang") == "pt-pt"
    code_label, = _in("pt-pt", "Voucher code")
    assert page.locator("label[for=id_code]").inner_text().strip() == code_label
    page.locator("#id_code").press_sequentially(voucher.plain_code)
    page.locator("#check-button").click()
    card = page.get_by_test_id("voucher-card")
    text = card.inner_text()
    for label in _in("pt-pt", "Deal", "Status", "Amount"):
        assert label in text
    amount = page.get_by_test_id("amount").inner_text().strip()
    assert re.fullmatch(r"€\d+,\d\d", amount), amount  # "€70,00": Portuguese decimals

    page.get_by_test_id("confirm").click()
    result = page.get_by_test_id("result")
    assert result.get_attribute("data-result") == "ok"
    redeemed, = _in("pt-pt", "Redeemed")
    assert redeemed in result.inner_text() and "Redeemed" not in result.inner_text()
    assert page.get_by_test_id("amount").inner_text().strip().startswith(amount)
    assert Voucher.objects.get(pk=voucher.pk).status == "redeemed"
