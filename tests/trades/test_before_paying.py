"""A buyer sees an option's trade terms before paying: on the deal page and at checkout."""
import pytest

from tests.factories import DealFactory

from .conftest import pass_option

pytestmark = pytest.mark.django_db

WINDOWS = [{"days": [0, 1, 2, 3], "start": 14 * 60, "end": 17 * 60}]


def test_the_deal_page_says_what_a_pass_and_its_hours_are_and_the_pro_rata_refund(client):
    deal = DealFactory(options=[pass_option(uses=10, one_use_per_day=True)],
                       usage_windows=WINDOWS, excluded_dates=["2030-12-25"])
    html = client.get(deal.get_absolute_url()).content.decode()
    assert "A pass of 10 uses" in html and "At most one use a day." in html
    assert "unused uses pro rata" in html
    assert "Usable only Mon–Thu 14:00–17:00" in html
    assert "2030-12-25" in html


def test_checkout_shows_the_terms_before_the_card_is_asked_for(client):
    deal = DealFactory(options=[pass_option(uses=10)], usage_windows=WINDOWS)
    client.post(f"/basket/add/{deal.options.get().product_id}/", {"quantity": 1},
                HTTP_REFERER="/")
    client.post("/checkout/", {"username": "guest@example.com", "options": "anonymous"},
                follow=True)
    page = client.get("/checkout/payment-details/")
    assert page.status_code == 200, page
    html = page.content.decode()
    assert 'data-testid="checkout-terms"' in html
    assert "A pass of 10 uses" in html and "Usable only Mon–Thu 14:00–17:00" in html
