"""Commission: merchant rate, else category default, else platform default; fixed on each sale."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace.ledger.commissions import commission_rate_set
from marketplace.ledger.models import CommissionRate, Entry
from marketplace.ledger.services import order_sales_record
from marketplace.ledger.units import units_money
from tests.factories import CategoryFactory, DealFactory, create_paid_order_line

pytestmark = pytest.mark.django_db


def place(line):
    """The order's sale, as the order lifecycle books it when the order is paid."""
    with transaction.atomic():
        order_sales_record(order=line.order)
    return _commission(line)


def _commission(line):
    """(percent, commission of the whole line, source) as the line's sale entries fixed them."""
    sales = Entry.objects.filter(order_line=line, kind="sale", debit="buyers")
    percents = set(sales.values_list("commission_percent", "commission_source"))
    assert len(percents) == 1 and sales.count() == line.quantity
    (percent, source), = percents
    total = sum(m.commission_total for m in units_money(order_id=line.order_id).values())
    return percent, total, source


def test_the_rate_at_the_time_of_sale_is_recorded_on_the_order_line(merchant, staff):
    food = CategoryFactory("Food")
    sushi = CategoryFactory("Sushi", parent=food)
    deal = DealFactory(merchant=merchant, categories=[sushi])

    first_line = create_paid_order_line(deal=deal, quantity=2)  # 2 x 39.00
    first = place(first_line)
    assert first == (Decimal("20.00"), Decimal("15.60"), "platform")

    commission_rate_set(category=food, percent=Decimal("15"), actor=staff)
    second = place(create_paid_order_line(deal=deal))
    assert second == (Decimal("15"), Decimal("5.85"), "category")

    commission_rate_set(merchant=merchant, percent=Decimal("12.5"), actor=staff)
    third = place(create_paid_order_line(deal=deal))
    assert third == (Decimal("12.5"), Decimal("4.88"), "merchant")

    assert _commission(first_line)[0] == Decimal("20.00")  # earlier sales keep their rate
    place(first_line)  # booking the same sale again books nothing
    assert Entry.objects.filter(kind="sale", debit="buyers").count() == 4  # 2 + 1 + 1 units


def test_a_rate_outside_0_to_100_is_refused(merchant):
    with pytest.raises(ValidationError):
        commission_rate_set(merchant=merchant, percent=Decimal("101"))
    assert not CommissionRate.objects.exists()


def test_a_real_checkout_records_the_commission_of_each_line(merchant, staff):
    from tests.factories.checkout import buy

    commission_rate_set(merchant=merchant, percent=Decimal("10"), actor=staff)
    deal = DealFactory(merchant=merchant)
    outcome, order = buy(deal=deal, quantity=3)
    assert outcome.succeeded, outcome
    line = order.lines.get()
    assert _commission(line) == (Decimal("10.00"), Decimal("11.70"), "merchant")
    sale = Entry.objects.filter(order_line=line, kind="sale").first()
    assert (sale.merchant, sale.currency) == (merchant, "EUR")
