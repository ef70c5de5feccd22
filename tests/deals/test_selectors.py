"""What buyers are shown: deals on sale in their city, by category, sold-out ones last."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.deals import selectors
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from tests.factories import (CategoryFactory, DealFactory, LocationFactory, MerchantFactory,
                             UserFactory, create_paid_order_line, create_paid_vouchers)

pytestmark = pytest.mark.django_db


def _deal_in(city, title, **kwargs):
    merchant = MerchantFactory()
    return DealFactory(merchant=merchant, title=title, locations=[LocationFactory(merchant, city=city)],
                       **kwargs)


def test_home_lists_only_approved_deals_on_sale_in_the_city_with_sold_out_last():
    now = timezone.now()
    sold_out = _deal_in("Lisbon", "Sold out in Lisbon",
                        options=[OptionSpec("One", Decimal("10"), Decimal("20"), 1)])
    create_paid_vouchers(deal=sold_out, quantity=1)
    live = _deal_in("Lisbon", "Live in Lisbon")
    _deal_in("Porto", "Live in Porto")
    _deal_in("Lisbon", "Draft in Lisbon", live=False)
    _deal_in("Lisbon", "Submitted in Lisbon", live=False, review_status=Deal.Review.SUBMITTED)
    _deal_in("Lisbon", "Ended in Lisbon", sale_starts_at=now - timedelta(days=9),
             sale_ends_at=now - timedelta(days=1))
    _deal_in("Lisbon", "Scheduled in Lisbon", sale_starts_at=now + timedelta(days=1),
             sale_ends_at=now + timedelta(days=9))

    home = list(selectors.deals_for_home(city="Lisbon"))

    assert [d.title for d in home] == ["Live in Lisbon", "Sold out in Lisbon"]
    assert [c.status for c in selectors.deal_cards(home)] == ["live", "sold_out"]
    assert home[0].pk == live.pk


def test_a_deal_with_stores_in_two_cities_is_listed_once_in_each():
    merchant = MerchantFactory()
    stores = [LocationFactory(merchant, city="Lisbon"), LocationFactory(merchant, city="Lisbon"),
              LocationFactory(merchant, city="Porto")]
    deal = DealFactory(merchant=merchant, locations=stores)
    assert [d.pk for d in selectors.deals_for_home(city="Lisbon")] == [deal.pk]
    assert [d.pk for d in selectors.deals_for_home(city="Porto")] == [deal.pk]
    assert selectors.cities_with_stores() == ["Lisbon", "Porto"]


def test_a_category_lists_the_deals_of_its_subcategories_in_the_city():
    food = CategoryFactory("Food & drink")
    restaurants = CategoryFactory("Restaurants", parent=food)
    beauty = CategoryFactory("Beauty & spa")
    dinner = _deal_in("Lisbon", "Dinner", categories=[restaurants])
    _deal_in("Lisbon", "Massage", categories=[beauty])
    _deal_in("Porto", "Porto dinner", categories=[restaurants])

    assert [d.pk for d in selectors.deals_in_category(category=food, city="Lisbon")] == [dinner.pk]
    assert [d.pk for d in selectors.deals_in_category(category=restaurants, city="Lisbon")] == [dinner.pk]
    assert [(c.name, n) for c, n in selectors.top_categories(city="Lisbon")] == [
        ("Beauty & spa", 1), ("Food & drink", 1)]


def test_a_category_is_found_by_its_full_slug_even_when_a_sibling_elsewhere_shares_its_slug():
    food, beauty = CategoryFactory("Food"), CategoryFactory("Beauty")
    CategoryFactory("Classes", parent=food)
    beauty_classes = CategoryFactory("Classes", parent=beauty)
    assert selectors.category_get_by_full_slug("beauty/classes") == beauty_classes
    assert selectors.category_get_by_full_slug("beauty/nothing") is None


def test_a_card_shows_the_cheapest_option_with_its_own_value_and_discount():
    deal = _deal_in("Lisbon", "Two options", options=[
        OptionSpec("For 4", Decimal("75.00"), Decimal("140.00"), 10),
        OptionSpec("For 2", Decimal("39.00"), Decimal("70.00"), 10),
    ])
    create_paid_vouchers(deal=deal, quantity=3, option_index=1)
    [card] = selectors.deal_cards(selectors.deals_for_home(city="Lisbon"))
    assert (card.price_from, card.value, card.discount, card.units_sold) == (
        Decimal("39.00"), Decimal("70.00"), 44, 3)
    assert card.url == deal.get_absolute_url()


def test_list_figures_in_sql_agree_with_the_lifecycle_rules():
    deal = _deal_in("Lisbon", "Capped", max_units=5, options=[
        OptionSpec("A", Decimal("10"), Decimal("20"), 10), OptionSpec("B", Decimal("15"), Decimal("30"), 10)])
    create_paid_vouchers(deal=deal, quantity=2, option_index=1)
    [listed] = selectors.deals_for_home(city="Lisbon")
    assert (listed.units_sold, listed.units_left) == (2, 3)


def test_units_bought_count_the_customers_account_and_guest_orders_still_holding_units():
    deal = DealFactory(per_customer_limit=5)
    buyer = UserFactory(email="ana@example.com")
    create_paid_order_line(deal=deal, quantity=2, user=buyer)
    create_paid_order_line(deal=deal, quantity=1, email="ANA@example.com")  # as a guest, earlier
    cancelled = create_paid_order_line(deal=deal, quantity=4, user=buyer).order
    cancelled.status = "Cancelled"
    cancelled.save(update_fields=["status"])
    create_paid_order_line(deal=DealFactory(), quantity=3, user=buyer)  # another deal
    assert selectors.units_bought_by_customer(deal=deal, user=buyer) == 3
    assert selectors.units_bought_by_customer(deal=deal, email="ana@example.com") == 3
    assert selectors.units_bought_by_customer(deal=deal, user=UserFactory()) == 0

