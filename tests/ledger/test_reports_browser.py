"""The merchant's report in Chromium: Chart.js (served from the project) draws sales and
redemptions per day from the json_script data under the CSP, and the CSV link downloads."""
from decimal import Decimal

import pytest

from marketplace.deals.services import OptionSpec
from tests.browser import sign_in
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy_and_issue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_draws_its_chart_and_its_csv_downloads(page, live_server, merchant, merchant_owner):
    deal = DealFactory(merchant=merchant, title="Gyoza lunch",
                       options=[OptionSpec("Gyoza", Decimal("9.00"), Decimal("15.00"), 20)])
    buy_and_issue(deal=deal, quantity=2, user=UserFactory())
    sign_in(page, live_server, merchant_owner)
    page.goto(f"{live_server.url}/merchant/{merchant.slug}/reports/")

    canvas = page.locator("[data-testid=report-chart]")
    canvas.wait_for()
    page.wait_for_function("document.getElementById('report-chart').dataset.drawn === '30'")
    painted = page.evaluate("""() => {
        const c = document.getElementById('report-chart');
        const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) n++; }
        return [c.width, n];
    }""")
    assert painted[0] > 0 and painted[1] > 0
    assert page.locator("[data-testid=bought]").inner_text() == "2"

    with page.expect_download() as download:
        page.locator("[data-testid=report-csv]").click()
    path = download.value.path()
    text = open(path, encoding="utf-8").read()
    assert "Gyoza" in text and text.count("\n") >= 4
