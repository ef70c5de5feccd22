"""marketplace/deals/services.py: the deal rules refuse bad terms and options, and write nothing."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.deals.error_codes import DealError
from marketplace.deals.models import Deal, DealOption
from marketplace.deals.services import OptionSpec, deal_create, deal_option_add
from tests.factories import DealFactory, LocationFactory, MerchantFactory

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
pytestmark = pytest.mark.django_db

DINNER = OptionSpec("Dinner for 2", Decimal("39.00"), Decimal("70.00"), 10)


@pytest.fixture
def store():
    return LocationFactory(merchant=MerchantFactory())


def create(store, **overrides):
    now = timezone.now()
    kwargs = {"merchant": store.merchant, "title": "Dinner", "options": [DINNER],
              "locations": [store], "sale_starts_at": now, "sale_ends_at": now + timedelta(days=7)}
    kwargs.update(overrides)
    return deal_create(**kwargs)


def refused_codes(call) -> dict[str, list[str]]:
    """Run ``call``; it must be refused. The codes per field, and nothing written."""
    before = (Deal.objects.count(), Product.objects.count(), StockRecord.objects.count())
    with pytest.raises(ValidationError) as refused:
        call()
    assert (Deal.objects.count(), Product.objects.count(), StockRecord.objects.count()) == before
    error = refused.value
    if not hasattr(error, "error_dict"):
        return {"": [e.code for e in error.error_list]}
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def test_a_sale_that_ends_when_or_before_it_starts_is_refused(store):
    now = timezone.now()
    for ends in (now, now - timedelta(minutes=1)):
        assert refused_codes(lambda: create(store, sale_starts_at=now, sale_ends_at=ends)) == {
            "sale_ends_at": [DealError.SALE_ENDS_BEFORE_START]}


def test_a_sale_without_dates_is_refused(store):
    assert refused_codes(lambda: create(store, sale_ends_at=None)) == {
        "sale_ends_at": [DealError.SALE_DATES_REQUIRED]}


def test_an_option_worth_less_than_its_price_is_refused(store):
    cheap_value = OptionSpec("Dinner for 2", Decimal("39.00"), Decimal("38.99"), 10)
    assert refused_codes(lambda: create(store, options=[DINNER, cheap_value])) == {
        "value": [DealError.VALUE_BELOW_PRICE]}


def test_an_option_worth_exactly_its_price_is_accepted(store):
    deal = create(store, options=[OptionSpec("At cost", Decimal("20.00"), Decimal("20.00"), 5)])
    assert deal.options.get().value == Decimal("20.00")


def test_an_option_without_a_price_name_or_units_is_refused(store):
    nothing = OptionSpec(" ", Decimal("0"), Decimal("10"), 0)
    assert refused_codes(lambda: create(store, options=[nothing])) == {
        "title": [DealError.OPTION_TITLE_REQUIRED], "price": [DealError.PRICE_NOT_POSITIVE],
        "units": [DealError.UNITS_NOT_POSITIVE]}


def test_vouchers_need_a_defined_validity(store):
    now = timezone.now()
    assert refused_codes(lambda: create(store, validity_kind=Deal.Validity.AFTER_PURCHASE,
                                        valid_days=None)) == {
        "valid_days": [DealError.VALID_DAYS_REQUIRED]}
    assert refused_codes(lambda: create(store, validity_kind=Deal.Validity.FIXED,
                                        valid_until=None)) == {
        "valid_until": [DealError.VALID_UNTIL_REQUIRED]}
    assert refused_codes(lambda: create(store, validity_kind=Deal.Validity.FIXED,
                                        valid_from=now, valid_until=now)) == {
        "valid_until": [DealError.VALIDITY_ENDS_BEFORE_START]}
    assert refused_codes(lambda: create(store, validity_kind="forever")) == {
        "validity_kind": [DealError.UNKNOWN_VALIDITY]}
    fixed = create(store, validity_kind=Deal.Validity.FIXED, valid_days=None, valid_from=now,
                   valid_until=now + timedelta(days=30))
    assert fixed.valid_until == now + timedelta(days=30)


def test_a_deal_without_options_or_with_another_merchants_store_is_refused(store):
    assert refused_codes(lambda: create(store, options=[])) == {"": [DealError.OPTION_REQUIRED]}
    foreign = LocationFactory(merchant=MerchantFactory())
    assert refused_codes(lambda: create(store, locations=[store, foreign])) == {
        "locations": [DealError.FOREIGN_STORE]}


def test_an_option_added_later_obeys_the_same_rules(store):
    deal = DealFactory(merchant=store.merchant, locations=[store])
    bad = OptionSpec("Lunch", Decimal("15.00"), Decimal("10.00"), 5)
    assert refused_codes(lambda: deal_option_add(deal=deal, spec=bad)) == {
        "value": [DealError.VALUE_BELOW_PRICE]}
    assert DealOption.objects.filter(deal=deal).count() == 1
