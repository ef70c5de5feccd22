"""The deal catalogue on Oscar: deals, options, stores, lifecycle computed from dates and stock."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.deals import lifecycle
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, LocationFactory, MerchantFactory, create_paid_vouchers

pytestmark = pytest.mark.django_db


def test_a_deal_is_an_oscar_parent_product_with_child_options_that_need_no_shipping():
    deal = DealFactory(options=[
        OptionSpec("Dinner for 2", Decimal("39.00"), Decimal("70.00"), 10),
        OptionSpec("Dinner for 4", Decimal("75.00"), Decimal("140.00"), 5),
    ])
    assert deal.product.is_parent
    assert deal.product.get_product_class().requires_shipping is False
    children = deal.product.children.order_by("deal_option__position")
    assert [c.stockrecords.get().price for c in children] == [Decimal("39.00"), Decimal("75.00")]
    assert deal.product.stockrecords.count() == 0
    assert children[0].deal_option.value == Decimal("70.00")


def test_a_deal_is_valid_only_at_its_own_merchants_stores():
    other_store = LocationFactory()
    with pytest.raises(ValidationError, match="only at its own merchant's stores"):
        DealFactory(merchant=MerchantFactory(), locations=[other_store])


def test_lifecycle_follows_review_dates_and_stock():
    now = timezone.now()
    deal = DealFactory(live=False, options=[OptionSpec("One", Decimal("10"), Decimal("20"), 2)])
    assert lifecycle.deal_status(deal) == Deal.Review.DRAFT
    deal.review_status = Deal.Review.APPROVED
    assert lifecycle.deal_status(deal) == lifecycle.LIVE
    assert lifecycle.deal_status(deal, now=now - timedelta(days=2)) == lifecycle.SCHEDULED
    assert lifecycle.deal_status(deal, now=now + timedelta(days=8)) == lifecycle.ENDED
    create_paid_vouchers(deal=deal, quantity=2)
    assert lifecycle.deal_units_sold(deal) == 2
    assert lifecycle.deal_status(deal) == lifecycle.SOLD_OUT


def test_max_units_caps_units_left_across_options():
    deal = DealFactory(max_units=3, options=[
        OptionSpec("A", Decimal("10"), Decimal("20"), 10),
        OptionSpec("B", Decimal("15"), Decimal("30"), 10),
    ])
    assert lifecycle.deal_units_left(deal) == 3
    create_paid_vouchers(deal=deal, quantity=2, option_index=1)
    assert lifecycle.deal_units_left(deal) == 1


def test_a_deal_tips_when_enough_units_are_sold():
    deal = DealFactory(min_buyers=3)
    assert not lifecycle.deal_is_tipped(deal)
    create_paid_vouchers(deal=deal, quantity=3)
    assert lifecycle.deal_is_tipped(deal)
