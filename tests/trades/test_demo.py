"""The demo has each trade in each city: a salon taking bookings, a gym's ten-visit pass, a
restaurant's off-peak lunch."""
import pytest
from django.utils import timezone

from marketplace.bookings.models import StoreSchedule
from marketplace.deals.models import Deal
from marketplace.deals.terms import BOOKABLE, OFF_PEAK, PASS, option_terms
from marketplace.demo.catalogue import CITIES
from marketplace.demo.trades import TRADES_FROM_DEALS, demo_trades
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def _categories():
    found = {}
    for top, sub in (("Beauty & spa", "Hair"), ("Health & fitness", "Gym"),
                     ("Food & drink", "Restaurants")):
        found[sub] = CategoryFactory(name=sub, parent=CategoryFactory(name=top))
    return found


def test_each_demo_city_has_a_bookable_salon_a_ten_visit_pass_and_an_off_peak_lunch():
    assert demo_trades(base=timezone.now(), categories=_categories(),
                       deals=TRADES_FROM_DEALS) == 3 * len(CITIES)
    for city in CITIES:
        kinds = {kind for deal in Deal.objects.filter(locations__city=city).distinct()
                 for option in deal.options.all() for kind in option_terms(deal, option).kinds}
        assert {BOOKABLE, PASS, OFF_PEAK} <= kinds, city
        assert StoreSchedule.objects.filter(location__city=city).exists()
    assert Deal.objects.filter(options__uses=10).count() == len(CITIES)
    assert all(d.review_status == "approved" for d in Deal.objects.all())


def test_a_small_demo_stays_as_asked():
    assert demo_trades(base=timezone.now(), categories={}, deals=8) == 0
    assert not Deal.objects.exists()
