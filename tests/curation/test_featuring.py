"""Featured deals: ordered slots per city and category with date ranges, shown first."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.curation.featuring import featured_deals, featured_slot_create
from marketplace.deals.models import Deal
from tests.factories import CategoryFactory, DealFactory, LocationFactory, MerchantFactory

pytestmark = pytest.mark.django_db


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
