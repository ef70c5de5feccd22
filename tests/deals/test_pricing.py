from decimal import Decimal

from marketplace.deals.pricing import discount_percent


def test_discount_is_the_whole_percent_saved_against_the_value():
    assert discount_percent(price=Decimal("39.00"), value=Decimal("70.00")) == 44
    assert discount_percent(price=Decimal("12.50"), value=Decimal("25.00")) == 50


def test_no_discount_when_nothing_is_saved_or_the_value_is_unknown():
    assert discount_percent(price=Decimal("30"), value=Decimal("30")) == 0
    assert discount_percent(price=Decimal("40"), value=Decimal("30")) == 0
    assert discount_percent(price=Decimal("10"), value=None) == 0
