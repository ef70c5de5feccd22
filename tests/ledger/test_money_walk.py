"""The money walk in Chromium: the merchant owner connects a Stripe account (stripe-mock's
onboarding link followed as far as it goes), reads a statement with sales, redemptions and a
refund and downloads it as PDF and CSV; staff run a payout (the real worker) and see the
merchant's balance fall to what is held back."""
import csv
import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from marketplace.deals.services import OptionSpec
from marketplace.ledger.models import Payout
from marketplace.ledger.selectors import merchant_balance
from marketplace.ledger.terms import terms_set
from tests.browser import sign_in
from tests.conftest import wait_until
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy_and_issue
from vouchers.redemption import counter_for_member, voucher_redeem
from vouchers.refunds import voucher_refund_by_buyer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = Decimal


def test_the_owner_connects_reads_and_downloads_a_statement_and_staff_pay_out_to_the_reserve(
        page, live_server, merchant, merchant_owner, staff, connect_proxy, celery_worker, tmp_path):
    terms_set(merchant=merchant, pay_on="redemption", schedule="weekly", reserve_percent=D("10"),
              reserve_days=30, actor=staff)
    deal = DealFactory(merchant=merchant, title="Ramen night",
                       options=[OptionSpec("Ramen", D("40.00"), D("80.00"), 50)])
    buyer = UserFactory()
    first, second, refunded = buy_and_issue(deal=deal, quantity=3, user=buyer)
    counter = counter_for_member(user=merchant_owner, merchant=merchant,
                                 location=merchant.locations.get())
    for voucher in (first, second):
        assert voucher_redeem(counter=counter, code=voucher.code).ok
    voucher_refund_by_buyer(voucher=refunded, buyer=buyer)

    # Connect: the portal sends the owner to Stripe's onboarding; Stripe sends them back.
    sign_in(page, live_server, merchant_owner)
    page.goto(f"/merchant/{merchant.slug}/payouts/")
    onboarding = []

    def at_stripe(route):
        onboarding.append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="Stripe onboarding")

    page.route("https://**/setup/**", at_stripe)  # stripe-mock's link: a Stripe host we cannot reach
    page.locator("[data-testid=connect-stripe]").click()
    page.wait_for_url("https://**/setup/**")
    (link_request,) = [r for r in connect_proxy.requests if r["path"] == "/v1/account_links"]
    assert page.url == onboarding[0] and link_request["form"]["type"] == ["account_onboarding"]
    page.goto(link_request["form"]["return_url"][0])
    account_id = link_request["form"]["account"][0]
    assert account_id in page.locator("main").inner_text()
    assert page.locator("[data-testid=payout-blocker]").count() == 0

    # The statement: 3 sold, 2 redeemed, 1 refunded.
    page.goto(f"/merchant/{merchant.slug}/statement/")
    figures = {name: page.locator(f"[data-testid={name}]").inner_text()
               for name in ("sold", "refunded", "commission", "earned", "closing")}
    assert figures == {"sold": "120.00 EUR", "refunded": "40.00 EUR", "commission": "16.00 EUR",
                       "earned": "64.00 EUR", "closing": "64.00 EUR"}
    assert "Ramen night" in page.locator("[data-testid=statement-lines]").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[-1][3:] == ["closing balance", "", "", "", "64.00", "EUR"]
    assert len([row for row in rows[2:-1] if row[2] == "Ramen night"]) == 3
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / "statement.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for figure in ("120.00 EUR", "64.00 EUR", "Ramen night"):
        assert figure in text, figure

    # Staff pay out: what is due goes, the 10% reserve stays.
    page.context.clear_cookies()
    sign_in(page, live_server, staff)
    page.goto(reverse("curation:curation-money"))
    row = page.locator("[data-testid=owed] tr", has_text=merchant.name)
    assert row.locator("[data-testid=due]").inner_text() == "57.60 EUR"
    page.locator("[data-testid=run-payouts]").click()
    payout = wait_until(lambda: Payout.objects.filter(merchant=merchant, status="sent").first())
    assert (payout.amount, payout.destination, payout.requested_by) == (D("57.60"), account_id, staff)
    page.goto(reverse("curation:curation-money"))
    assert row.locator("[data-testid=due]").inner_text() == "0.00 EUR"
    assert "6.40 EUR" in row.inner_text()
    balance = merchant_balance(merchant_id=merchant.pk, currency="EUR")
    assert (balance.due, balance.reserve, balance.paid_out) == (0, D("6.40"), D("57.60"))
