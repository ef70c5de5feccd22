"""Featured deals: ordered slots per city and category with date ranges, shown first."""
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.deals.featuring import featured_deals, featured_slot_create
from marketplace.deals.models import Deal
from oscar.core.loading import get_model
from tests.factories import CategoryFactory, DealFactory, LocationFactory, MerchantFactory, UserFactory

ProductCategory = get_model("catalogue", "ProductCategory")
pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return UserFactory()


@pytest.fixture
def lisbon_deals():
    merchant = MerchantFactory()
    LocationFactory(merchant=merchant, city="Lisbon")
    return [DealFactory(merchant=merchant, title=f"Deal {n}") for n in range(3)]


def test_featured_deals_follow_slot_order_within_their_dates(lisbon_deals):
    a, b, c = lisbon_deals
    today = date(2026, 6, 10)
    featured_slot_create(deal=c, city="Lisbon", position=1, starts_on=today, ends_on=today)
    featured_slot_create(deal=a, city="Lisbon", position=2, starts_on=today - timedelta(days=5),
                         ends_on=today + timedelta(days=5))
    featured_slot_create(deal=b, city="Lisbon", position=1, starts_on=today + timedelta(days=1),
                         ends_on=today + timedelta(days=3))
    assert featured_deals(city="Lisbon", on=today) == [c, a]
    assert featured_deals(city="Lisbon", on=today + timedelta(days=1)) == [b, a]
    assert featured_deals(city="lisbon", on=today + timedelta(days=6)) == []
    assert featured_deals(city="Porto", on=today) == []


def test_category_slots_are_separate_from_the_home_page(lisbon_deals):
    spa = CategoryFactory("Spa")
    deal = DealFactory(merchant=lisbon_deals[0].merchant, categories=[spa])
    today = timezone.localdate()
    featured_slot_create(deal=deal, city="Lisbon", category=spa, position=1, starts_on=today,
                         ends_on=today)
    assert featured_deals(city="Lisbon", category=spa, on=today) == [deal]
    assert featured_deals(city="Lisbon", on=today) == []


def test_a_taken_slot_an_unapproved_deal_or_a_foreign_city_is_refused(lisbon_deals):
    a, b, _ = lisbon_deals
    today = timezone.localdate()
    featured_slot_create(deal=a, city="Lisbon", position=1, starts_on=today, ends_on=today)
    with pytest.raises(ValidationError, match="already taken"):
        featured_slot_create(deal=b, city="Lisbon", position=1, starts_on=today - timedelta(days=1),
                             ends_on=today)
    with pytest.raises(ValidationError, match="no store in Porto"):
        featured_slot_create(deal=b, city="Porto", position=2, starts_on=today, ends_on=today)
    Deal.objects.filter(pk=b.pk).update(review_status=Deal.Review.SUBMITTED)
    b.refresh_from_db()
    with pytest.raises(ValidationError, match="approved"):
        featured_slot_create(deal=b, city="Lisbon", position=2, starts_on=today, ends_on=today)
    assert featured_deals(city="Lisbon", on=today) == [a]


def card_ids(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-deal="(\d+)"', response.content.decode())]


def test_home_and_category_pages_show_featured_deals_first(client, lisbon_deals):
    a, b, c = lisbon_deals  # c is the newest: first without featuring
    spa = CategoryFactory("Spa")
    for deal in (a, b, c):
        ProductCategory.objects.create(product=deal.product, category=spa)
    today = timezone.localdate()
    assert card_ids(client.get("/", {"city": "Lisbon"}))[0] == c.pk
    featured_slot_create(deal=a, city="Lisbon", position=1, starts_on=today, ends_on=today)
    featured_slot_create(deal=b, city="Lisbon", category=spa, position=1, starts_on=today,
                         ends_on=today)
    assert card_ids(client.get("/", {"city": "Lisbon"}))[:2] == [a.pk, c.pk]
    assert card_ids(client.get(f"/category/{spa.full_slug}/", {"city": "Lisbon"}))[0] == b.pk


def test_staff_preview_a_page_as_buyers_will_see_it_on_a_chosen_day(client, lisbon_deals, staff,
                                                                     buyer):
    a, b, c = lisbon_deals
    tomorrow = timezone.localdate() + timedelta(days=1)
    # On sale from tomorrow 08:00: not on today's page, on tomorrow's (previewed at midday).
    starts = DealFactory(merchant=a.merchant, title="Starts tomorrow",
                         sale_starts_at=timezone.make_aware(datetime.combine(tomorrow, time(8))))
    featured_slot_create(deal=a, city="Lisbon", position=1, starts_on=tomorrow, ends_on=tomorrow)
    ask = {"city": "Lisbon", "preview_date": tomorrow.isoformat()}

    client.force_login(buyer)
    assert card_ids(client.get("/", ask)) == card_ids(client.get("/", {"city": "Lisbon"}))
    assert starts.pk not in card_ids(client.get("/", ask))

    client.force_login(staff)
    response = client.get("/", ask)
    assert 'id="staff-preview"' in response.content.decode()
    previewed = card_ids(response)
    assert previewed[0] == a.pk
    assert starts.pk in previewed
    assert a.pk != card_ids(client.get("/", {"city": "Lisbon"}))[0]
