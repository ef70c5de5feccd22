"""My vouchers: only the buyer's own, filtered by status, with code, QR, printable page and PDF."""
from decimal import Decimal

import pytest

from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy_and_issue
from vouchers.services import voucher_refund

pytestmark = pytest.mark.django_db


@pytest.fixture
def bought(client):
    user = UserFactory()
    deal = DealFactory(title="Surf lesson", fine_print="Wetsuit included.",
                       options=[OptionSpec("2 hours", Decimal("25.00"), Decimal("50.00"), 10)])
    vouchers = buy_and_issue(deal=deal, quantity=2, user=user)
    voucher_refund(voucher=vouchers[1], reason="sick")
    client.force_login(user)
    return user, vouchers


def test_list_shows_my_vouchers_and_filters_by_status(client, bought):
    user, vouchers = bought
    page = client.get("/vouchers/").content.decode()
    assert "Surf lesson" in page and page.count('class="voucher-card') == 2
    issued = client.get("/vouchers/?status=issued").content.decode()
    assert issued.count('class="voucher-card') == 1 and vouchers[0].display_code in issued
    refunded = client.get("/vouchers/?status=refunded").content.decode()
    assert refunded.count('class="voucher-card') == 1 and 'data-status="refunded"' in refunded


def test_detail_print_pdf_and_qr_of_my_voucher(client, bought):
    _, vouchers = bought
    v = vouchers[0]
    detail = client.get(f"/vouchers/{v.pk}/").content.decode()
    assert v.display_code in detail and "Wetsuit included." in detail and "Rua Augusta" in detail
    printable = client.get(f"/vouchers/{v.pk}/print/").content.decode()
    assert "<svg" in printable and v.display_code in printable
    pdf = client.get(f"/vouchers/{v.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    qr = client.get(f"/vouchers/{v.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_someone_elses_voucher_is_not_found(client, bought):
    _, vouchers = bought
    client.force_login(UserFactory())
    assert client.get(f"/vouchers/{vouchers[0].pk}/").status_code == 404
    assert client.get(f"/vouchers/{vouchers[0].pk}/pdf/").status_code == 404
    assert client.get("/vouchers/").content.decode().count('class="voucher-card') == 0


def test_my_vouchers_needs_signing_in(client):
    assert client.get("/vouchers/").status_code == 302
