"""Random lives of vouchers (sell, refund, a partial refund at Stripe, redeem, undo, expire, void,
pay out, adjust, reserves released) through the real services, localstripe and stripe-mock; after
every step each voucher's money adds up, agrees with its status, and the merchant's balances agree
with their vouchers, their payouts and the refunds Stripe made."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from marketplace.curation.support import voucher_void
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from marketplace.ledger.models import Entry, Payout
from marketplace.ledger.payouts import payout_account_connect, payout_account_refresh, payouts_run
from marketplace.ledger.selectors import merchant_balance
from marketplace.ledger.services import adjustment_record, reserves_release
from marketplace.ledger.terms import terms_set
from marketplace.ledger.units import units_money
from marketplace.order.sync import order_sync_with_stripe
from marketplace.payments.gateway import stripe_client
from marketplace.payments.models import StripeRefund
from marketplace.payments.truth import REFUND_RETURNS_MONEY
from merchants.models import Membership
from tests.factories import DealFactory, LocationFactory, MembershipFactory, MerchantFactory, UserFactory
from tests.factories.checkout import buy_and_issue
from vouchers import expiry
from vouchers.models import Redemption, Voucher
from vouchers.redemption import counter_for_member, voucher_redeem, voucher_unredeem
from vouchers.refunds import BuyerRefundRefused, voucher_refund_by_buyer
from vouchers.services import voucher_unit

from .conftest import assert_adds_up

pytestmark = pytest.mark.django_db
D = Decimal
S = Voucher.Status


class VoucherLives(RuleBasedStateMachine):
    """One merchant, one deal (a random expiry policy and terms), and the vouchers bought of it."""

    @initialize(policy=st.sampled_from(Deal.ExpiryPolicy.values),
                pay_on=st.sampled_from(["redemption", "sale"]),
                reserve=st.sampled_from([D("0"), D("10")]))
    def open_shop(self, policy, pay_on, reserve):
        self.staff = UserFactory(is_staff=True)
        self.manager = UserFactory()
        self.merchant = MerchantFactory(owner=UserFactory())
        self.location = LocationFactory(merchant=self.merchant)
        MembershipFactory(merchant=self.merchant, user=self.manager, role=Membership.Role.MANAGER)
        terms_set(merchant=self.merchant, pay_on=pay_on, schedule="weekly",
                  reserve_percent=reserve, reserve_days=7, actor=self.staff)
        self.pay_on, self.policy = pay_on, policy
        self.deal = DealFactory(merchant=self.merchant, expiry_policy=policy,
                                options=[OptionSpec("Massage", D("33.33"), D("60.00"), 500)])
        self.buyer = UserFactory()
        self.vouchers: list[int] = []
        self.adjusted = D("0")
        payout_account_connect(merchant=self.merchant, refresh_url="https://x.test/r",
                               return_url="https://x.test/b")
        payout_account_refresh(merchant=self.merchant)
        self.sell(quantity=2)

    # --- steps ------------------------------------------------------------------------------

    @rule(quantity=st.integers(1, 3))
    def sell(self, quantity):
        self.vouchers += [v.pk for v in buy_and_issue(deal=self.deal, quantity=quantity,
                                                      user=self.buyer)]

    def _pick(self, index):
        return Voucher.objects.get(pk=self.vouchers[index % len(self.vouchers)]) if self.vouchers else None

    @rule(index=st.integers(0, 50))
    def buyer_refunds(self, index):
        voucher = self._pick(index)
        if voucher is not None:
            try:
                voucher_refund_by_buyer(voucher=voucher, buyer=self.buyer)
            except BuyerRefundRefused:
                pass  # used, expired, refunded already: refused, nothing changes

    @rule(index=st.integers(0, 50), cents=st.integers(1, 4000))
    def part_refunded_at_stripe(self, index, cents):
        voucher = self._pick(index)
        if voucher is None:
            return
        attempt = voucher.order_line.order.payment_attempt
        charge = stripe_client().v1.charges.retrieve(attempt.charge_id)
        left = charge.amount - charge.amount_refunded
        if left > 0:
            stripe_client().v1.refunds.create(params={"charge": attempt.charge_id,
                                                      "amount": min(cents, left)})
            order_sync_with_stripe(order_id=attempt.order_id)

    @rule(index=st.integers(0, 50))
    def redeem(self, index):
        voucher = self._pick(index)
        if voucher is not None:
            counter = counter_for_member(user=self.manager, merchant=self.merchant,
                                         location=self.location)
            voucher_redeem(counter=counter, code=voucher.code)  # refused unless usable

    @rule(index=st.integers(0, 50))
    def undo(self, index):
        voucher = self._pick(index)
        standing = voucher and Redemption.objects.filter(voucher=voucher, undone_at__isnull=True).first()
        if standing:
            counter = counter_for_member(user=self.manager, merchant=self.merchant,
                                         location=self.location)
            voucher_unredeem(redemption_id=standing.pk, counter=counter, reason="wrong one")

    @rule(index=st.integers(0, 50))
    def expire(self, index):
        voucher = self._pick(index)
        if voucher is not None and voucher.status == S.ISSUED:
            Voucher.objects.filter(pk=voucher.pk).update(
                valid_until=timezone.now() - timedelta(minutes=1))
            expiry.vouchers_expire()

    @rule(index=st.integers(0, 50))
    def void(self, index):
        voucher = self._pick(index)
        if voucher is not None and voucher.status == S.ISSUED:
            voucher_void(voucher=voucher, actor=self.staff, reason="fraud")

    @rule()
    def pay_out(self):
        payouts_run(on_demand=True, merchant_ids=[self.merchant.pk])

    @rule(cents=st.integers(-2000, 2000).filter(bool))
    def adjust(self, cents):
        amount = D(cents) / 100
        adjustment_record(merchant=self.merchant, amount=amount, currency="EUR", reason="fix",
                          actor=self.staff)
        self.adjusted += amount

    @rule()
    def reserves_come_due(self):
        reserves_release(now=timezone.now() + timedelta(days=8))

    # --- what must hold after every step ------------------------------------------------------

    @invariant()
    def each_voucher_adds_up_and_agrees_with_its_status(self):
        for voucher in Voucher.objects.filter(pk__in=getattr(self, "vouchers", [])):
            assert_adds_up(voucher)
            money = units_money(units=[voucher_unit(voucher)])[voucher_unit(voucher).key]
            assert money.commission <= money.commission_total, money
            status, earned = voucher.status, money.commission + money.merchant
            if status == S.ISSUED:
                assert money.refunded == 0, money
                assert (earned, money.held) == ((money.paid, 0) if self.pay_on == "sale"
                                                else (0, money.paid)), money
            elif status == S.REDEEMED:
                # earned, less what a refund at Stripe beyond the voided vouchers took back
                assert money.held == 0 and earned + money.refunded == money.paid, money
            elif status == S.REFUNDED:
                assert money.refunded == money.paid and money.held == 0, money
            elif status == S.VOID:
                assert money.held == 0, money
            elif status == S.EXPIRED and self.policy == Deal.ExpiryPolicy.PAID_VALUE:
                assert money.held == (0 if self.pay_on == "sale" else money.paid), money

    @invariant()
    def the_merchants_balances_agree_with_vouchers_payouts_and_stripe(self):
        if not hasattr(self, "merchant"):
            return
        balance = merchant_balance(merchant_id=self.merchant.pk, currency="EUR")
        units = units_money(units=[voucher_unit(v) for v in
                                   Voucher.objects.filter(pk__in=self.vouchers)]).values()
        assert balance.held == sum((m.held for m in units), D("0"))
        assert balance.commission == sum((m.commission for m in units), D("0"))
        assert balance.breakage == sum((m.breakage for m in units), D("0"))
        earned = sum((m.merchant for m in units), D("0"))
        assert balance.due + balance.reserve + balance.paid_out == earned + self.adjusted
        payouts = Payout.objects.filter(merchant=self.merchant, status__in=["pending", "sent"])
        assert balance.paid_out == (payouts.aggregate(s=Sum("amount"))["s"] or 0)
        refunds = StripeRefund.objects.filter(
            attempt__order_id__in=Voucher.objects.filter(pk__in=self.vouchers)
            .values("order_line__order_id"), status__in=REFUND_RETURNS_MONEY)
        assert balance.refunded == (refunds.aggregate(s=Sum("amount"))["s"] or 0)
        assert not Entry.objects.filter(merchant=self.merchant).exclude(currency="EUR").exists()


def test_random_lives_of_vouchers_keep_the_ledger_whole():
    run_state_machine_as_test(VoucherLives, settings=settings(
        max_examples=10, stateful_step_count=15, deadline=None, database=None,
        # Each step goes through localstripe: shrinking a failure would take many minutes, and
        # the failing steps are printed as they are.
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck)))
