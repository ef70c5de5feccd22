"""A merchant's statement for a period, as a page, a CSV and a PDF: opening balance, each voucher
sold / redeemed / refunded / expired with its amounts, commission, payouts, closing balance, and
what will be paid next, with the currency everywhere."""
import csv
import io
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from marketplace.ledger.payouts import payout_account_connect, payout_account_refresh, payouts_run
from marketplace.ledger.selectors import merchant_balance
from marketplace.ledger.services import adjustment_record
from marketplace.ledger.statements import statement_build
from merchants.models import Membership
from tests.factories import DealFactory, MembershipFactory, UserFactory
from tests.factories.checkout import buy_and_issue
from vouchers import expiry
from vouchers.models import Voucher
from vouchers.redemption import counter_for_member, voucher_redeem
from vouchers.refunds import voucher_refund_by_buyer

pytestmark = pytest.mark.django_db
D = Decimal


def statement_line(statement, voucher):
    (line,) = [line for line in statement.lines if (line["order_line_id"], line["unit_index"])
               == (voucher.order_line_id, voucher.unit_index)]
    return line


@pytest.fixture
def month(merchant, merchant_owner, staff):
    """A period with 4 vouchers of 30.50 sold: one redeemed, one refunded, one expired unused
    (no refund), one still to use; a staff credit; and a payout."""
    deal = DealFactory(merchant=merchant, title="Sushi for two",
                       expiry_policy=Deal.ExpiryPolicy.NO_REFUND,
                       options=[OptionSpec("Sushi", D("30.50"), D("50.00"), 50)])
    buyer = UserFactory()
    used, refunded, expired, unused = buy_and_issue(deal=deal, quantity=4, user=buyer)
    counter = counter_for_member(user=merchant_owner, merchant=merchant,
                                 location=merchant.locations.get())
    assert voucher_redeem(counter=counter, code=used.code).ok
    voucher_refund_by_buyer(voucher=refunded, buyer=buyer)
    Voucher.objects.filter(pk=expired.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    expiry.vouchers_expire()
    adjustment_record(merchant=merchant, amount=D("5.00"), currency="EUR",
                      reason="terminal outage", actor=staff)
    payout_account_connect(merchant=merchant, refresh_url="https://x.test/", return_url="https://x.test/")
    payout_account_refresh(merchant=merchant)
    payouts_run(on_demand=True, merchant_ids=[merchant.pk])
    today = timezone.localdate()
    return {"start": (today - timedelta(days=3)).isoformat(),
            "end": (today + timedelta(days=1)).isoformat(),
            "vouchers": (used, refunded, expired, unused)}


def test_the_statement_adds_up_from_opening_to_closing_balance(merchant, month):
    now = timezone.now()
    statement = statement_build(merchant=merchant, currency="EUR", start=now - timedelta(days=3),
                                end=now + timedelta(days=1))
    totals = statement.totals
    # Sold 4 x 30.50; 20% commission on the redeemed and the expired one; share 24.40 each.
    assert (totals.vouchers_sold, totals.sold, totals.refunded) == (4, D("122.00"), D("30.50"))
    assert (totals.commission, totals.earned, totals.adjusted) == (D("12.20"), D("48.80"), D("5.00"))
    assert totals.paid_out == D("53.80") and (totals.redemptions, totals.refunds, totals.expired) == (1, 1, 1)
    assert statement.opening == 0
    assert statement.closing == statement.opening + totals.earned + totals.adjusted - totals.paid_out == 0
    assert statement.closing == merchant_balance(merchant_id=merchant.pk, currency="EUR").owed
    lines = [statement_line(statement, voucher) for voucher in month["vouchers"]]
    used, refunded, expired, unused = lines
    assert (used["earned"], used["commission"], used["redemptions"]) == (D("24.40"), D("6.10"), 1)
    assert refunded["refunded"] == D("30.50") and expired["expired"] == 1
    assert unused["sold"] == D("30.50") and unused["earned"] == 0
    assert statement.next_payout.amount == 0 and statement.next_payout.on > now


def test_the_owner_sees_the_statement_page_with_the_currency_everywhere(client, merchant, merchant_owner, month):
    client.force_login(merchant_owner)
    page = client.get(reverse("merchant_portal:statement", args=[merchant.slug]),
                      {"start": month["start"], "end": month["end"]})
    assert page.status_code == 200
    html = page.content.decode()
    for figure in ("122.00 EUR", "30.50 EUR", "12.20 EUR", "48.80 EUR", "53.80 EUR"):
        assert figure in html, figure
    assert "Sushi for two" in html and "expired unused" in html and "refunded" in html


def test_a_period_the_wrong_way_round_is_refused_with_a_message(client, merchant, merchant_owner, month):
    client.force_login(merchant_owner)
    page = client.get(reverse("merchant_portal:statement", args=[merchant.slug]),
                      {"start": month["end"], "end": month["start"]})
    assert page.status_code == 200
    assert "The first day comes before the last day." in page.content.decode()


def test_the_statement_downloads_as_csv_and_pdf(client, merchant, merchant_owner, month, tmp_path):
    client.force_login(merchant_owner)
    query = {"start": month["start"], "end": month["end"]}
    response = client.get(reverse("merchant_portal:statement-csv", args=[merchant.slug]), query)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][3:] == ["opening balance", "", "", "", "0.00", "EUR"]
    assert rows[-1][3:] == ["closing balance", "", "", "", "0.00", "EUR"]
    vouchers = [row for row in rows[2:-1] if row[2]]
    assert len(vouchers) == 4 and {row[2] for row in vouchers} == {"Sushi for two"}
    assert any(row[3] == "adjustment: terminal outage" and row[7] == "5.00" for row in rows)
    assert any(row[3].startswith("payout") and row[7] == "-53.80" for row in rows)

    pdf = client.get(reverse("merchant_portal:statement-pdf", args=[merchant.slug]), query)
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "statement.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for figure in ("Statement of Tasca do Zé", "122.00 EUR", "53.80 EUR", "Sushi for two"):
        assert figure in text, figure


def test_a_cashier_cannot_see_the_statement(client, merchant):
    cashier = UserFactory()
    MembershipFactory(merchant=merchant, user=cashier, role=Membership.Role.CASHIER)
    client.force_login(cashier)
    response = client.get(reverse("merchant_portal:statement", args=[merchant.slug]))
    assert response.status_code in (302, 403)
    assert b"Opening balance" not in response.content
