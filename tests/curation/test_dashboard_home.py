"""The staff dashboard's home is about this business: today's paid sales (paid orders only),
redemptions, refunds and what waits for staff; every link on it works for each staff role."""
import re
from decimal import Decimal

import pytest

from marketplace.curation.models import MerchantApplication
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from tests.factories import DealFactory, MerchantFactory, UserFactory
from tests.factories.checkout import DECLINED_ON_CHARGE, buy, buy_and_issue
from tests.factories.redemption import shop_with_vouchers
from vouchers.models import RedemptionAlert, Voucher
from vouchers.redemption import counter_for_token, voucher_redeem
from vouchers.refunds import voucher_refund_by_buyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, email="root@example.com")


def test_the_home_counts_paid_sales_redemptions_refunds_and_what_waits(client, curator):
    buyer = UserFactory()
    deal = DealFactory(merchant=MerchantFactory(name="Tasca do Chico"),
                       options=[OptionSpec("Dinner for 2", Decimal("30.00"), Decimal("50.00"), 50)])
    bought = buy_and_issue(deal=deal, quantity=2, user=buyer)      # paid: €60
    outcome, failed = buy(deal=deal, user=buyer, card=DECLINED_ON_CHARGE)  # failed: no money
    assert not outcome.succeeded and failed.status == "Payment failed"
    voucher_refund_by_buyer(voucher=bought[0], buyer=buyer)
    shop = shop_with_vouchers(name="Spa Zen", quantity=1)  # a paid order of its own
    assert voucher_redeem(counter=counter_for_token(token=shop.token),
                          code=shop.vouchers[0].plain_code).ok
    DealFactory(merchant=shop.merchant, review_status=Deal.Review.SUBMITTED)
    MerchantApplication.objects.create(business_name="Barbearia Nova", contact_name="Rui",
                                       contact_email="rui@example.com")

    client.force_login(curator)
    response = client.get("/dashboard/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    paid_total = Decimal("60.00") + shop.vouchers[0].price_paid
    sales = _section(html, "sales-today")
    assert f"€{paid_total:.2f}" in sales and "2 paid orders" in sales
    assert "1" in _section(html, "redemptions-today")
    refunds = _section(html, "refunds-today")
    assert "€30.00" in refunds and "1 voucher refunded" in refunds
    assert ">1<" in _section(html, "deals-waiting")
    assert ">1<" in _section(html, "applications-waiting")
    assert ">0<" in _section(html, "alerts-open")
    assert Voucher.objects.filter(status="refunded").count() == 1
    assert not RedemptionAlert.objects.exists()


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start:html.index("</div></div></div>", start)]


@pytest.mark.parametrize("role", ["superuser", "curator"])
def test_every_dashboard_link_opens_for_each_staff_role(client, request, role):
    client.force_login(request.getfixturevalue(role))
    home = client.get("/dashboard/", follow=True)
    assert home.status_code == 200
    html = home.content.decode()
    links = sorted({href for href in re.findall(r'href="(/dashboard/[^"#]*)"', html)})
    assert len(links) >= 8, links
    for shop_word in ("Products", "Low stock alerts", "Stock alert requests", "Voucher Sets",
                      "Offers", "Reviews", "Total Products"):
        assert f">{shop_word}<" not in html and f"{shop_word}\n" not in html, shop_word
    for href in links:
        status = client.get(href.replace("&amp;", "&")).status_code
        assert status in (200, 302), (role, href, status)
