"""A buyer's walk in the browser: the voucher offers no review until it is used at the counter;
then the buyer rates the merchant, and the deal page shows the rating and the words."""
import pytest
from django.urls import reverse

from tests.browser import sign_in
from tests.factories import UserFactory, create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from tests.look.pages import assert_page_is_sound
from vouchers.redemption import counter_for_token, voucher_redeem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_buyer_reviews_the_merchant_after_the_counter_redeems_the_voucher(page, live_server):
    shop = shop_with_vouchers(name="Tasca do Chico", quantity=1, title="Fado dinner for two")
    buyer = UserFactory(email="ana@example.com", first_name="Ana")
    voucher = create_paid_vouchers(deal=shop.deal, user=buyer)[0]
    sign_in(page, live_server, buyer)

    page.goto(reverse("vouchers:detail", args=[voucher.pk]))
    assert page.get_by_role("link", name="Review Tasca do Chico").count() == 0  # not used yet

    assert voucher_redeem(counter=counter_for_token(token=shop.token), code=voucher.plain_code).ok
    page.reload()
    page.get_by_role("link", name="Review Tasca do Chico").click()
    page.wait_for_url(f"**{reverse('merchant_reviews:create', args=[voucher.pk])}")
    assert_page_is_sound(page)
    page.get_by_label("★★★★", exact=True).check()
    page.get_by_label("Your review").fill("Wonderful singers, the port was generous.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publish review").click()
    assert "your review is published" in page.locator("body").inner_text()

    page.goto(shop.deal.get_absolute_url())
    rating = page.locator(".deal-rating").first
    assert "4.0 / 5 (1 review)" in rating.inner_text()
    assert "Wonderful singers" in page.locator("body").inner_text()

    page.goto(reverse("vouchers:detail", args=[voucher.pk]))  # one review per voucher
    assert page.get_by_role("link", name="Review Tasca do Chico").count() == 0
