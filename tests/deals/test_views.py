"""The buyer pages: home by city, category, deal page, and Oscar's catalogue URLs sent to ours."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from tests.factories import (CategoryFactory, DealFactory, LocationFactory, MerchantFactory,
                             create_paid_vouchers)

pytestmark = pytest.mark.django_db


def _deal(city="Lisbon", **kwargs):
    merchant = MerchantFactory(name=kwargs.pop("merchant_name", None))
    store = LocationFactory(merchant, city=city, name=f"{city} store", phone="+351 21 000 0000",
                            opening_hours="Mon-Fri 10:00-19:00")
    return DealFactory(merchant=merchant, locations=[store], **kwargs)


def test_home_shows_the_city_deals_and_the_city_choice_is_remembered(client):
    _deal(title="Sushi in Lisbon")
    _deal(city="Porto", title="Francesinha in Porto")

    assert "Sushi in Lisbon" in client.get(reverse("home")).content.decode()
    porto = client.get("/?city=porto").content.decode()
    assert "Francesinha in Porto" in porto and "Sushi in Lisbon" not in porto
    assert "Francesinha in Porto" in client.get("/").content.decode()


def test_an_unknown_city_changes_nothing_and_says_so(client):
    _deal(title="Sushi in Lisbon")
    page = client.get("/?city=Atlantis").content.decode()
    assert "Sushi in Lisbon" in page
    assert "We have no deals in “Atlantis” yet." in page
    assert client.session.get("city") is None


def test_category_page_lists_subcategory_deals_and_links_subcategories(client):
    food = CategoryFactory("Food and drink")
    cafes = CategoryFactory("Cafes", parent=food)
    _deal(title="Brunch for two", categories=[cafes])
    page = client.get(reverse("deals:category", kwargs={"slug": "food-and-drink"}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Brunch for two" in html
    assert reverse("deals:category", kwargs={"slug": "food-and-drink/cafes"}) in html
    assert client.get("/category/no-such-thing/").status_code == 404


@pytest.mark.parametrize("status", [Deal.Review.DRAFT, Deal.Review.SUBMITTED, Deal.Review.REJECTED])
def test_a_deal_not_approved_is_not_found(client, status):
    deal = _deal(live=False, review_status=status)
    assert client.get(deal.get_absolute_url()).status_code == 404


def test_a_live_deal_page_shows_prices_stores_countdown_and_buys_the_chosen_option(client):
    deal = _deal(title="Dinner at Tasca", options=[
        OptionSpec("Dinner for 2", Decimal("39.00"), Decimal("70.00"), 10),
        OptionSpec("Dinner for 4", Decimal("75.00"), Decimal("140.00"), 5),
    ], highlights="Three courses\nWine included", fine_print="Booking required.")
    html = client.get(deal.get_absolute_url()).content.decode()
    assert "Dinner at Tasca" in html and "-44%" in html and "Wine included" in html
    assert "Lisbon store" in html and "Mon-Fri 10:00-19:00" in html and "openstreetmap.org" in html
    assert "data-countdown" in html and deal.sale_ends_at.isoformat()[:16] in html
    four = deal.options.get(position=1).product
    assert reverse("basket:add", kwargs={"pk": four.pk}) in html

    client.post(reverse("basket:add", kwargs={"pk": four.pk}), {"quantity": 2})

    basket_page = client.get(reverse("basket:summary"))
    lines = basket_page.context["basket"].all_lines()
    assert [(line.product_id, line.quantity) for line in lines] == [(four.pk, 2)]


def test_sold_out_ended_and_scheduled_deals_show_their_status_and_no_buy_button(client):
    now = timezone.now()
    sold_out = _deal(options=[OptionSpec("One", Decimal("10"), Decimal("20"), 1)])
    create_paid_vouchers(deal=sold_out, quantity=1)
    ended = _deal(sale_starts_at=now - timedelta(days=9), sale_ends_at=now - timedelta(days=1))
    scheduled = _deal(sale_starts_at=now + timedelta(days=1), sale_ends_at=now + timedelta(days=9))
    for deal, label in [(sold_out, "Sold out"), (ended, "Ended"), (scheduled, "Scheduled")]:
        html = client.get(deal.get_absolute_url()).content.decode()
        assert label in html
        assert "buy-form" not in html and "/basket/add/" not in html
    assert "Sale starts in" in client.get(scheduled.get_absolute_url()).content.decode()


def test_oscar_product_urls_of_a_deal_and_its_options_lead_to_the_deal_page(client):
    deal = _deal()
    option = deal.options.get().product
    for product in (deal.product, option):
        response = client.get(f"/catalogue/{product.slug}_{product.pk}/")
        assert response.status_code == 301 and response["Location"] == deal.get_absolute_url()


def test_oscar_catalogue_and_category_urls_lead_to_ours(client):
    spa = CategoryFactory("Spa")
    massage = CategoryFactory("Massage", parent=spa)
    response = client.get(f"/catalogue/category/spa/massage_{massage.pk}/")
    assert response.status_code == 301
    assert response["Location"] == reverse("deals:category", kwargs={"slug": "spa/massage"})
    assert client.get("/catalogue/")["Location"] == reverse("deals:home")


def test_a_deal_url_with_an_old_slug_redirects_to_the_current_one(client):
    deal = _deal(title="New title")
    response = client.get(reverse("deals:detail", kwargs={"slug": "old-title", "pk": deal.pk}))
    assert response.status_code == 301 and response["Location"] == deal.get_absolute_url()


def test_category_listing_is_paginated(client, monkeypatch):
    from marketplace.deals import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    yoga = CategoryFactory("Yoga")
    titles = {_deal(title=f"Yoga pass {n}", categories=[yoga]).title for n in range(3)}
    first = client.get("/category/yoga/")
    second = client.get("/category/yoga/?page=2")
    shown = [c.title for c in first.context["cards"]] + [c.title for c in second.context["cards"]]
    assert len(first.context["cards"]) == 2 and set(shown) == titles
    assert "page=2" in first.content.decode()


def test_the_header_links_the_merchant_portal_only_for_people_who_work_for_a_merchant(client):
    from tests.factories import UserFactory

    owner, buyer = UserFactory(), UserFactory()
    MerchantFactory(owner=owner)
    portal = reverse("merchant_portal:home")
    client.force_login(buyer)
    assert portal not in client.get("/").content.decode()
    client.force_login(owner)
    assert portal in client.get("/").content.decode()


def test_a_deal_with_a_minimum_shows_how_many_more_buyers_it_needs(client):
    deal = _deal(min_buyers=5)
    html = client.get(deal.get_absolute_url()).content.decode()
    assert "0 bought, 5 more needed" in html


def test_home_page_queries_do_not_grow_with_the_number_of_deals(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_home():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    for n in range(2):
        _deal(title=f"Few {n}")
    queries_for_home()  # the first visit also sets up the visitor's session
    few = queries_for_home()
    for n in range(4):
        _deal(title=f"More {n}", options=[OptionSpec("A", Decimal("5"), Decimal("10"), 5),
                                          OptionSpec("B", Decimal("8"), Decimal("16"), 5)])
    assert queries_for_home() == few
