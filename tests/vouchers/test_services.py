"""Issuing and refunding vouchers: once per unit, and money and vouchers always agree."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from marketplace.deals.services import OptionSpec
from marketplace.payments.error_codes import PaymentErrorCode
from marketplace.payments.gateway import stripe_client
from marketplace.payments.models import PaymentAttempt, StripeRefund
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy, buy_and_issue
from vouchers import codes
from vouchers.delivery import GiftSpec
from vouchers.models import Voucher, VoucherEvent
from vouchers.services import VoucherRefundError, voucher_refund, vouchers_issue_for_order

pytestmark = pytest.mark.django_db

Transaction = get_model("payment", "Transaction")


def _deal():
    return DealFactory(options=[OptionSpec("Massage", Decimal("30.00"), Decimal("60.00"), 20)],
                       fine_print="Booking required.")


def test_one_voucher_per_unit_with_a_well_formed_code_and_history():
    user = UserFactory()
    vouchers = buy_and_issue(deal=_deal(), quantity=3, user=user)
    assert len(vouchers) == 3
    for v in Voucher.objects.filter(pk__in=[v.pk for v in vouchers]):
        assert codes.is_well_formed(v.code) and v.code_digest == codes.digest(v.code)
        assert v.code not in v.code_sealed  # no usable code at rest
        assert (v.status, v.owner, v.price_paid, v.value) == ("issued", user, Decimal("30.00"),
                                                            Decimal("60.00"))
        assert VoucherEvent.objects.get(voucher=v).actor_label == "issuing task"


def test_issuing_again_issues_nothing_more():
    outcome, order = buy(deal=_deal(), quantity=2)
    first = vouchers_issue_for_order(order_id=order.pk)
    second = vouchers_issue_for_order(order_id=order.pk)
    assert len(first) == 2 and second == []
    assert Voucher.objects.filter(order_line__order=order).count() == 2


def test_issuing_after_a_partial_run_completes_only_the_missing_units():
    outcome, order = buy(deal=_deal(), quantity=3)
    vouchers = vouchers_issue_for_order(order_id=order.pk)
    Voucher.objects.filter(pk=vouchers[2].pk).delete()  # as if the last unit had been lost
    again = vouchers_issue_for_order(order_id=order.pk)
    assert [v.unit_index for v in again] == [vouchers[2].unit_index]
    assert Voucher.objects.filter(order_line__order=order).count() == 3


def test_unpaid_order_gets_no_vouchers():
    outcome, order = buy(deal=_deal(), card="4000000000000341")
    assert vouchers_issue_for_order(order_id=order.pk) == []


def test_gift_vouchers_belong_to_the_buyer_and_are_held_by_the_recipient():
    user = UserFactory()
    vouchers = buy_and_issue(deal=_deal(), quantity=1, user=user,
                             gift=GiftSpec("Rui Costa", "rui@example.com", "Happy birthday"))
    v = vouchers[0]
    assert (v.owner, v.holder_name, v.holder_email) == (user, "Rui Costa", "rui@example.com")


def test_refunding_one_voucher_refunds_its_price_at_stripe_and_records_it():
    vouchers = buy_and_issue(deal=_deal(), quantity=2)
    refunded = voucher_refund(voucher=vouchers[0], reason="changed my mind")
    assert refunded.status == Voucher.Status.REFUNDED
    record = StripeRefund.objects.get(key=f"voucher-{vouchers[0].pk}")
    assert record.amount == Decimal("30.00")
    stripe_refund = stripe_client().v1.refunds.retrieve(record.stripe_refund_id)
    assert stripe_refund.amount == 3000
    assert Transaction.objects.get(reference=record.stripe_refund_id).txn_type == "Refund"
    assert VoucherEvent.objects.filter(voucher=refunded, to_status="refunded").count() == 1
    assert Voucher.objects.get(pk=vouchers[1].pk).status == Voucher.Status.ISSUED


def test_second_refund_of_the_same_voucher_is_refused_and_not_paid_twice():
    vouchers = buy_and_issue(deal=_deal(), quantity=1)
    voucher_refund(voucher=vouchers[0], reason="first")
    with pytest.raises(VoucherRefundError) as info:
        voucher_refund(voucher=vouchers[0], reason="again")
    assert info.value.code == PaymentErrorCode.NOT_REFUNDABLE
    charge = PaymentAttempt.objects.get(order__lines=vouchers[0].order_line_id).charge_id
    assert len(stripe_client().v1.refunds.list(params={"charge": charge}).data) == 1


def test_refund_that_stripe_refuses_leaves_the_voucher_valid_with_a_clear_error():
    vouchers = buy_and_issue(deal=_deal(), quantity=1)
    PaymentAttempt.objects.filter(order__lines=vouchers[0].order_line_id).update(
        charge_id="ch_doesnotexist0000")
    with pytest.raises(VoucherRefundError) as info:
        voucher_refund(voucher=vouchers[0], reason="please")
    assert info.value.code == PaymentErrorCode.REFUND_FAILED
    assert "still valid" in str(info.value)
    assert Voucher.objects.get(pk=vouchers[0].pk).status == Voucher.Status.ISSUED
    assert not StripeRefund.objects.exists()
