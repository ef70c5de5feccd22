"""Staff reviewing a deal see its trade terms: usable times, bookings, each option's uses."""
import pytest
from django.urls import reverse

from marketplace.deals.models import Deal
from tests.factories import DealFactory
from tests.factories.people import staff  # noqa: F401 - the fixture

from .conftest import pass_option

pytestmark = pytest.mark.django_db


def test_the_review_page_shows_the_windows_excluded_dates_and_uses(client, staff):  # noqa: F811
    deal = DealFactory(live=False, review_status=Deal.Review.SUBMITTED,
                       options=[pass_option(uses=10, one_use_per_day=True)],
                       usage_windows=[{"days": [0, 1, 2, 3], "start": 840, "end": 1020}],
                       excluded_dates=["2030-12-25"])
    client.force_login(staff)
    page = client.get(reverse("curation:curation-deal-review", kwargs={"pk": deal.pk}))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mon–Thu 14:00–17:00" in html and "2030-12-25" in html
    assert "10, one a day" in html and "No booking" in html
