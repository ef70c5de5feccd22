"""A partly used pass at expiry: its unused uses follow the deal's expiry policy."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from marketplace.deals.models import Deal
from marketplace.payments.gateway import stripe_client, to_minor_units
from marketplace.payments.models import StripeRefund
from tests.factories.paid_at_stripe import stripe_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers import expiry
from vouchers.models import Redemption, Voucher
from vouchers.redemption import check_voucher, counter_for_member, voucher_redeem

from .conftest import pass_option

pytestmark = pytest.mark.django_db


def _used_pass(policy, used=3):
    shop = shop_with_vouchers(quantity=0, expiry_policy=policy,
                              options=[pass_option(uses=10, price="90.00")])
    voucher = stripe_paid_vouchers(deal=shop.deal)[0]
    counter = counter_for_member(user=shop.cashier, merchant=shop.merchant, location=shop.store)
    for _ in range(used):
        assert voucher_redeem(counter=counter, code=voucher.plain_code).ok
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    return shop, voucher


def test_the_refund_policy_refunds_the_unused_uses_of_a_pass_at_expiry():
    _shop, voucher = _used_pass(Deal.ExpiryPolicy.REFUND)
    run = expiry.vouchers_expire()
    assert run.refunded == [voucher.pk]
    refund = StripeRefund.objects.get(key=f"voucher-{voucher.pk}")
    assert refund.amount == Decimal("63.00")  # 7 unused uses of 10, of 90.00
    assert stripe_client().v1.refunds.retrieve(refund.stripe_refund_id).amount == \
        to_minor_units(Decimal("63.00"), "EUR")


def test_the_paid_value_policy_keeps_each_unused_use_redeemable_for_its_share():
    shop, voucher = _used_pass(Deal.ExpiryPolicy.PAID_VALUE)
    expiry.vouchers_expire()
    voucher.refresh_from_db()
    assert voucher.status == "expired" and voucher.uses_left == 7
    checked = check_voucher(voucher, location=shop.store)
    assert checked.redeemable and checked.paid_value_only and checked.amount == Decimal("9.00")
    counter = counter_for_member(user=shop.cashier, merchant=shop.merchant, location=shop.store)
    assert voucher_redeem(counter=counter, code=voucher.plain_code).ok
    assert Redemption.objects.filter(voucher=voucher).latest("use_number").paid_value_only
