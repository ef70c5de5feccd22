"""A merchant's report for any period (sales, redemptions by store and by staff member, refunds,
commission, payouts, a chart per day) and the one "N bought" that the deal page, the report and the
ledger agree on."""
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.deals import lifecycle
from marketplace.deals.services import OptionSpec
from marketplace.ledger.selectors import units_bought
from marketplace.ledger.statements import statement_build
from merchants.models import Membership
from tests.factories import DealFactory, MembershipFactory, UserFactory
from tests.factories.checkout import THREE_D_SECURE, buy, buy_and_issue
from tests.ledger.test_statements import month  # noqa: F401  (the statement's period, reused)
from vouchers.refunds import voucher_refund_by_buyer

pytestmark = pytest.mark.django_db
D = Decimal


def report_page(client, user, merchant, **query):
    client.force_login(user)
    return client.get(reverse("merchant_portal:reports", args=[merchant.slug]), query)


def figure(html, testid):
    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1).strip()


def test_the_report_shows_the_ledgers_figures_for_the_period(client, merchant, merchant_owner, month):
    page = report_page(client, merchant_owner, merchant, start=month["start"], end=month["end"])
    assert page.status_code == 200
    html = page.content.decode()
    # The statement's month: 4 x 30.50 sold, one redeemed by the owner at the counter, one
    # refunded, one expired; 20% commission on two; 53.80 paid out.
    assert figure(html, "bought") == "3"
    assert figure(html, "sold") == "122.00 EUR" and figure(html, "refunded") == "30.50 EUR"
    assert figure(html, "commission") == "12.20 EUR" and figure(html, "paid-out") == "53.80 EUR"
    assert figure(html, "redemptions") == "1"
    report = page.context["report"]
    assert [(row.name, row.count, row.amount) for row in report.by_store] == [
        ("Tasca Baixa", 1, D("24.40"))]
    assert [row.count for row in report.by_staff] == [1]
    chart = json.loads(re.search(r'id="report-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert len(chart["days"]) == 5 and sum(chart["sales"]) == 4 and sum(chart["redemptions"]) == 1
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/merchant-report.js" in html


def test_a_period_the_wrong_way_round_or_too_long_is_refused_with_a_message(client, merchant,
                                                                           merchant_owner):
    wrong = report_page(client, merchant_owner, merchant, start="2026-03-10", end="2026-03-01")
    assert "The first day comes before the last day." in wrong.content.decode()
    long = report_page(client, merchant_owner, merchant, start="2024-01-01", end="2026-01-01")
    assert "A report covers at most a year." in long.content.decode()
    nonsense = report_page(client, merchant_owner, merchant, start="yesterday", end="2026-01-01")
    assert nonsense.status_code == 200 and "Enter a valid date." in nonsense.content.decode()


def test_managers_see_reports_and_cashiers_do_not(client, merchant, manager):
    assert report_page(client, manager, merchant).status_code == 200
    cashier = UserFactory()
    MembershipFactory(merchant=merchant, user=cashier, role=Membership.Role.CASHIER)
    refused = report_page(client, cashier, merchant)
    assert refused.status_code in (302, 403) and b"report-summary" not in refused.content


def test_the_portal_links_to_the_reports(client, merchant, merchant_owner):
    client.force_login(merchant_owner)
    page = client.get(reverse("merchant_portal:dashboard", args=[merchant.slug]))
    assert reverse("merchant_portal:reports", args=[merchant.slug]) in page.content.decode()


def test_the_deal_page_the_report_and_the_ledger_agree_on_how_many_were_bought(
        client, merchant, merchant_owner):
    deal = DealFactory(merchant=merchant, title="Ramen night",
                       options=[OptionSpec("Ramen", D("12.00"), D("20.00"), 50)])
    buyer = UserFactory()
    kept, refunded, _third = buy_and_issue(deal=deal, quantity=3, user=buyer)
    buy_and_issue(deal=deal, quantity=1, user=UserFactory())
    voucher_refund_by_buyer(voucher=refunded, buyer=buyer)

    ledger = units_bought(deal_ids=[deal.pk])[deal.pk]
    assert ledger == 3
    deal_page = client.get(deal.get_absolute_url()).content.decode()
    assert figure(deal_page, "units-bought") == "3 bought"
    report = report_page(client, merchant_owner, merchant).content.decode()
    assert figure(report, "bought") == "3"
    now = timezone.now()
    totals = statement_build(merchant=merchant, currency="EUR", start=now - timedelta(days=1),
                             end=now + timedelta(days=1)).totals
    assert (totals.bought, totals.vouchers_sold, totals.refunds) == (3, 4, 1)
    assert kept.status == "issued"


def test_units_reserved_while_the_bank_asks_the_buyer_are_not_bought_yet(client, merchant):
    deal = DealFactory(merchant=merchant, options=[OptionSpec("Tea", D("5.00"), D("8.00"), 10)])
    outcome, _order = buy(deal=deal, quantity=2, card=THREE_D_SECURE)
    assert not outcome.succeeded
    assert lifecycle.deal_units_sold(deal) == 2  # reserved: no longer for sale
    assert units_bought(deal_ids=[deal.pk]).get(deal.pk, 0) == 0
    assert figure(client.get(deal.get_absolute_url()).content.decode(), "units-bought") == "0 bought"
