"""In a real browser: a merchant submits a deal, staff approve and feature it, a buyer sees it first."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from marketplace.deals.models import Deal
from tests.browser import assert_no_csp_violations, watch_csp
from tests.factories import DealFactory, LocationFactory, MerchantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
page_csp_violations: list[list[str]] = []


@pytest.fixture(autouse=True)
def _no_csp_violations():
    """The staff and merchant pages of these tests satisfy the CSP too (tests/browser.py)."""
    page_csp_violations.clear()
    yield
    for violations in page_csp_violations:
        assert_no_csp_violations(violations)


def logged_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page_csp_violations.append(watch_csp(context))
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_merchant_submits_staff_approve_and_feature_buyer_sees_it_first(browser, live_server, page):
    owner = UserFactory(email="owner@tasca.pt")
    merchant = MerchantFactory(name="Tasca do Zé", owner=owner)
    LocationFactory(merchant=merchant, city="Lisbon", name="Tasca Baixa")
    staff = UserFactory(email="staff@dealmarket.pt", is_staff=True)
    # A newer deal already on sale: without featuring it would come first.
    DealFactory(title="Newest surf lesson", sale_starts_at=timezone.now() - timedelta(minutes=5))

    # The merchant drafts and submits the deal in the portal.
    merchant_page = logged_in_page(browser, live_server, owner)
    merchant_page.goto(f"/merchant/{merchant.slug}/deals/new/")
    merchant_page.fill("#id_title", "Grilled sardines for two")
    merchant_page.fill("#id_fine_print", "Dinner only")
    now = timezone.now()
    merchant_page.fill("#id_sale_starts_at", (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    merchant_page.fill("#id_sale_ends_at", (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"))
    merchant_page.select_option("#id_validity_kind", "after_purchase")
    merchant_page.fill("#id_valid_days", "60")
    merchant_page.get_by_label("Tasca do Zé — Tasca Baixa").check()
    merchant_page.fill("#id_options-0-title", "Sardines for 2")
    merchant_page.fill("#id_options-0-price", "18.00")
    merchant_page.fill("#id_options-0-value", "32.00")
    merchant_page.fill("#id_options-0-units", "40")
    merchant_page.click("#save-and-submit")
    merchant_page.wait_for_selector("#deal-status")
    assert merchant_page.inner_text("#deal-status") == "In review"
    deal = Deal.objects.get(product__title="Grilled sardines for two")

    # Staff approve it from the review queue, then feature it first on Lisbon's home page.
    staff_page = logged_in_page(browser, live_server, staff)
    staff_page.goto("/dashboard/curation/deals/")
    staff_page.click("text=Grilled sardines for two")
    staff_page.select_option("#id_decision", "approve")
    staff_page.fill("#id_comment", "Great photos")
    staff_page.click("#review-form button[type=submit]")
    staff_page.click("#feature-deal")
    staff_page.fill("#featured-form #id_city", "Lisbon")
    staff_page.fill("#featured-form #id_position", "1")
    staff_page.fill("#featured-form #id_ends_on", (timezone.localdate() + timedelta(days=7)).isoformat())
    staff_page.click("#featured-form button[type=submit]")
    staff_page.wait_for_selector("#featured-slots >> text=Grilled sardines for two")
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.APPROVED

    # The merchant reads the comment.
    merchant_page.reload()
    assert "Great photos" in merchant_page.inner_text("#review-comments")

    # A buyer sees it first on the home page.
    page.goto("/?city=Lisbon")
    titles = page.locator(".deal-card .deal-card-title").all_inner_texts()
    assert titles[:2] == ["Grilled sardines for two", "Newest surf lesson"]
