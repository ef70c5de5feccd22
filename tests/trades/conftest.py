"""Shops whose deals are shaped for a trade: an off-peak deal, a pass, a bookable deal."""
import zoneinfo
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.bookings.services import store_schedule_set
from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
ALL_DAY_EVERY_DAY = [{"days": list(range(7)), "start": 0, "end": 24 * 60}]


def lisbon_now() -> datetime:
    return timezone.now().astimezone(LISBON)


def this_hour() -> datetime:
    """The start of the hour we are in, on the store's clock (slots of 60 minutes start there)."""
    return lisbon_now().replace(minute=0, second=0, microsecond=0)


def pass_option(uses: int = 10, *, one_use_per_day: bool = False, price="90.00") -> OptionSpec:
    return OptionSpec(f"{uses} visits", Decimal(price), Decimal("150.00"), 100, uses=uses,
                      one_use_per_day=one_use_per_day)


def bookable_shop_make(*, quantity: int = 3, capacity: int = 2, user=None, **deal_kwargs):
    """A salon taking bookings every hour of every day (``capacity`` places per slot), a deal
    bookable there with an hour's arrival tolerance and a 2-hour cut-off, paid vouchers."""
    shop = shop_with_vouchers(name="Salão", quantity=0)
    store_schedule_set(location=shop.store, slot_minutes=60, capacity=capacity,
                       hours=ALL_DAY_EVERY_DAY)
    deal_kwargs = {"booking_cutoff_hours": 2, "booking_tolerance_minutes": 60, **deal_kwargs}
    shop.deal = DealFactory(merchant=shop.merchant, locations=[shop.store], bookable=True,
                            **deal_kwargs)
    shop.vouchers = (create_paid_vouchers(deal=shop.deal, quantity=quantity, user=user)
                     if quantity else [])
    return shop


@pytest.fixture
def bookable_shop():
    return bookable_shop_make()


def next_hour(hours: int = 1) -> datetime:
    return this_hour() + timedelta(hours=hours)
