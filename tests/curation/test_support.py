"""Voucher support: find by code, order number or e-mail; history; void or refund with a reason."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.curation import support
from vouchers.models import Voucher
from tests.factories import DealFactory, create_paid_vouchers

pytestmark = pytest.mark.django_db


@pytest.fixture
def vouchers(merchant):
    deal = DealFactory(merchant=merchant)
    return create_paid_vouchers(deal=deal, quantity=2, email="Ana@Example.com")


def test_find_by_code_in_any_format_by_order_number_and_by_email(vouchers):
    first, second = vouchers
    typed = "-".join(first.plain_code[i:i + 4] for i in range(0, 16, 4)).lower()
    assert list(support.vouchers_find(query=typed)) == [first]
    assert set(support.vouchers_find(query=first.order_line.order.number)) == {first, second}
    assert set(support.vouchers_find(query="ana@example.com")) == {first, second}
    assert list(support.vouchers_find(query="nobody@example.com")) == []
    assert list(support.vouchers_find(query="")) == []


def test_void_needs_a_reason_and_is_kept_in_the_history(vouchers, staff):
    voucher = vouchers[0]
    with pytest.raises(ValidationError):
        support.voucher_void(voucher=voucher, actor=staff, reason="")
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.ISSUED
    support.voucher_void(voucher=voucher, actor=staff, reason="Chargeback fraud")
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.VOID
    last = list(support.voucher_history(voucher=voucher))[-1]
    assert (last.from_status, last.to_status, last.actor, last.reason) == (
        "issued", "void", staff, "Chargeback fraud")
    with pytest.raises(ValidationError):
        support.voucher_void(voucher=voucher, actor=staff, reason="again")


def test_staff_search_and_void_through_the_dashboard(client, vouchers, staff):
    voucher = vouchers[0]
    client.force_login(staff)
    page = client.get(reverse("curation:curation-voucher-search"), {"q": voucher.plain_code})
    assert reverse("curation:curation-voucher-detail", kwargs={"pk": voucher.pk}) in page.content.decode()
    url = reverse("curation:curation-voucher-detail", kwargs={"pk": voucher.pk})
    response = client.post(url, {"action": "void", "reason": "Duplicate order"})
    assert response.status_code == 302
    assert "Duplicate order" in client.get(url).content.decode()


def test_the_history_shows_issued_redeemed_undone_and_voided_with_who_and_why(
        client, vouchers, merchant, merchant_owner, staff):
    from vouchers.redemption import counter_for_member, voucher_redeem, voucher_unredeem

    voucher = vouchers[0]
    counter = counter_for_member(user=merchant_owner, merchant=merchant,
                                 location=merchant.locations.get())
    outcome = voucher_redeem(counter=counter, code=voucher.plain_code)
    assert outcome.ok
    voucher_unredeem(redemption_id=outcome.redemptions[0].pk, counter=counter,
                     reason="Wrong customer")
    support.voucher_void(voucher=voucher, actor=staff, reason="Reported stolen")
    steps = [(e.from_status, e.to_status, e.reason) for e in support.voucher_history(voucher=voucher)]
    assert steps == [("", "issued", ""), ("issued", "redeemed", ""),
                     ("redeemed", "issued", "undo: Wrong customer"), ("issued", "void", "Reported stolen")]
    client.force_login(staff)
    page = client.get(reverse("curation:curation-voucher-detail", kwargs={"pk": voucher.pk}))
    text = page.content.decode()
    assert "Wrong customer" in text and "Reported stolen" in text and "staff@example.com" in text


def test_staff_refund_one_voucher_by_card_with_a_reason(client, merchant, staff):
    from marketplace.payments.models import StripeRefund
    from tests.factories.checkout import buy_and_issue

    deal = DealFactory(merchant=merchant)
    first, second = buy_and_issue(deal=deal, quantity=2, email="ana@example.com")
    client.force_login(staff)
    url = reverse("curation:curation-voucher-detail", kwargs={"pk": first.pk})
    assert client.post(url, {"action": "refund", "reason": ""}).status_code == 200
    first.refresh_from_db()
    assert first.status == Voucher.Status.ISSUED

    response = client.post(url, {"action": "refund", "reason": "Merchant closed for works"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Voucher.Status.REFUNDED, Voucher.Status.ISSUED)
    assert [r.amount for r in StripeRefund.objects.all()] == [first.price_paid]
    assert list(support.voucher_history(voucher=first))[-1].reason == "Merchant closed for works"

    response = client.post(url, {"action": "refund", "reason": "Again"})
    assert response.status_code == 200
    assert StripeRefund.objects.count() == 1
