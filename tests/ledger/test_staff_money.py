"""Staff's money pages: what each merchant is owed, holds with a reason, versioned payment terms,
the payout button (run by the real worker on stripe-mock) and the platform's own report."""
import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.deals.services import OptionSpec
from marketplace.ledger.models import Payout, PaymentTerms, PayoutAccount
from marketplace.ledger.payouts import payout_account_connect, payout_account_refresh
from marketplace.ledger.selectors import merchant_balance
from marketplace.ledger.terms import terms_set
from tests.conftest import wait_until
from tests.factories import DealFactory
from tests.factories.checkout import buy_and_issue
from vouchers.redemption import counter_for_member, voucher_redeem

D = Decimal


def _sold_and_redeemed(merchant, owner, quantity=2):
    deal = DealFactory(merchant=merchant, options=[OptionSpec("Spa", D("40.00"), D("80.00"), 50)])
    vouchers = buy_and_issue(deal=deal, quantity=quantity)
    counter = counter_for_member(user=owner, merchant=merchant, location=merchant.locations.get())
    for voucher in vouchers:
        assert voucher_redeem(counter=counter, code=voucher.code).ok
    return vouchers


@pytest.mark.django_db
def test_staff_see_what_each_merchant_is_owed_and_hold_one_with_a_reason(client, merchant, merchant_owner, staff):
    _sold_and_redeemed(merchant, merchant_owner)
    client.force_login(staff)
    page = client.get(reverse("curation:curation-money")).content.decode()
    assert "Tasca do Zé" in page and "64.00 EUR" in page and "No Stripe account" in page
    payout_account_connect(merchant=merchant, refresh_url="https://x.test/", return_url="https://x.test/")
    payout_account_refresh(merchant=merchant)
    assert "Paid on schedule" in client.get(reverse("curation:curation-money")).content.decode()

    url = reverse("curation:curation-money-merchant", args=[merchant.pk])
    refused = client.post(url, {"action": "hold", "reason": "  "})
    assert refused.status_code == 200 and "Give the reason" in refused.content.decode()
    assert not PayoutAccount.objects.filter(merchant=merchant, on_hold=True).exists()

    client.post(url, {"action": "hold", "reason": "chargebacks under review"})
    assert "On hold: chargebacks under review" in client.get(reverse("curation:curation-money")).content.decode()
    client.force_login(merchant_owner)
    portal = client.get(reverse("merchant_portal:payouts", args=[merchant.slug])).content.decode()
    assert "Payouts are on hold: chargebacks under review" in portal


@pytest.mark.django_db
def test_staff_set_new_terms_from_now_and_bad_terms_change_nothing(client, merchant, staff):
    client.force_login(staff)
    url = reverse("curation:curation-money-merchant", args=[merchant.pk])
    bad = client.post(url, {"pay_on": "sale", "schedule": "weekly", "reserve_percent": "150",
                            "reserve_days": "7"})
    assert bad.status_code == 200 and not PaymentTerms.objects.exists()
    client.post(url, {"pay_on": "sale", "schedule": "weekly", "reserve_percent": "10",
                      "reserve_days": "30"})
    terms = PaymentTerms.objects.get()
    assert (terms.pay_on, terms.schedule, terms.reserve_percent, terms.reserve_days, terms.set_by) == (
        "sale", "weekly", D("10.00"), 30, staff)


@pytest.mark.django_db
def test_the_platform_report_gives_commission_liability_and_payouts(client, merchant, merchant_owner, staff):
    vouchers = _sold_and_redeemed(merchant, merchant_owner, quantity=1)
    buy_and_issue(deal=vouchers[0].deal)  # one more, not redeemed: a liability
    client.force_login(staff)
    today = timezone.localdate().isoformat()
    response = client.get(reverse("curation:curation-money-report"), {"start": today, "end": today})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [{"currency": "EUR", "commission_earned": "8.00", "breakage_kept": "0.00",
                     "refunds_paid": "0.00", "payouts_made": "0.00",
                     "unredeemed_liability_at_end": "40.00"}]
    bad = client.get(reverse("curation:curation-money-report"), {"start": "yesterday"})
    assert bad.status_code == 302


def test_staff_run_a_payout_and_the_balance_falls_to_what_is_held_back(
        client, merchant, merchant_owner, staff, celery_worker):
    terms_set(merchant=merchant, pay_on="redemption", schedule="weekly", reserve_percent=D("10"),
              reserve_days=30, actor=staff)
    payout_account_connect(merchant=merchant, refresh_url="https://x.test/", return_url="https://x.test/")
    payout_account_refresh(merchant=merchant)
    _sold_and_redeemed(merchant, merchant_owner)  # 2 x 40.00: 64.00 earned, 6.40 held back
    assert merchant_balance(merchant_id=merchant.pk, currency="EUR").owed == D("64.00")

    client.force_login(staff)
    client.post(reverse("curation:curation-money"))

    payout = wait_until(lambda: Payout.objects.filter(merchant=merchant, status="sent").first())
    assert payout.amount == D("57.60") and payout.requested_by == staff
    balance = merchant_balance(merchant_id=merchant.pk, currency="EUR")
    assert (balance.due, balance.reserve, balance.paid_out) == (0, D("6.40"), D("57.60"))
