"""Commission: merchant rate, else category default, else platform default; fixed on each line."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from oscar.apps.order.signals import order_placed

from marketplace.curation.commissions import commission_rate_set
from marketplace.curation.models import OrderLineCommission
from tests.factories import CategoryFactory, DealFactory, create_paid_order_line

pytestmark = pytest.mark.django_db


def place(line):
    order_placed.send(sender=None, order=line.order, user=None)
    return OrderLineCommission.objects.get(line=line)


def test_the_rate_at_the_time_of_sale_is_recorded_on_the_order_line(merchant, staff):
    food = CategoryFactory("Food")
    sushi = CategoryFactory("Sushi", parent=food)
    deal = DealFactory(merchant=merchant, categories=[sushi])

    first = place(create_paid_order_line(deal=deal, quantity=2))  # 2 x 39.00
    assert (first.percent, first.amount, first.source) == (Decimal("20.00"), Decimal("15.60"), "platform")

    commission_rate_set(category=food, percent=Decimal("15"), actor=staff)
    second = place(create_paid_order_line(deal=deal))
    assert (second.percent, second.amount, second.source) == (Decimal("15"), Decimal("5.85"), "category")

    commission_rate_set(merchant=merchant, percent=Decimal("12.5"), actor=staff)
    third = place(create_paid_order_line(deal=deal))
    assert (third.percent, third.amount, third.source) == (Decimal("12.5"), Decimal("4.88"), "merchant")

    first.refresh_from_db()
    assert first.percent == Decimal("20.00")  # earlier sales keep their rate
    order_placed.send(sender=None, order=first.line.order, user=None)
    assert OrderLineCommission.objects.count() == 3


def test_a_rate_outside_0_to_100_is_refused(merchant):
    with pytest.raises(ValidationError):
        commission_rate_set(merchant=merchant, percent=Decimal("101"))
    assert not merchant.__class__.objects.filter(commission_rate__isnull=False).exists()


def test_a_real_checkout_records_the_commission_of_each_line(merchant, staff):
    from tests.factories.checkout import buy

    commission_rate_set(merchant=merchant, percent=Decimal("10"), actor=staff)
    deal = DealFactory(merchant=merchant)
    outcome, order = buy(deal=deal, quantity=3)
    assert outcome.succeeded, outcome
    line = order.lines.get()
    commission = OrderLineCommission.objects.get(line=line)
    assert (commission.merchant, commission.percent, commission.amount, commission.currency) == (
        merchant, Decimal("10.00"), Decimal("11.70"), "EUR")
