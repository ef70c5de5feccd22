"""Every kind of entry, booked by the real paths (checkout on localstripe, the counter, refunds,
expiry, staff), and each voucher's money adding up to what its buyer paid."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from marketplace.ledger.models import Entry
from marketplace.ledger.selectors import entries_of_unit, merchant_balance
from marketplace.ledger.services import (
    Use, adjustment_record, reserves_release, voucher_uses_record,
)
from marketplace.ledger.terms import terms_set
from marketplace.order.sync import order_sync_with_stripe
from marketplace.payments.gateway import stripe_client
from marketplace.payments.models import StripeRefund
from tests.factories import DealFactory, UserFactory
from tests.factories.checkout import buy, buy_and_issue
from vouchers import expiry
from vouchers.models import Redemption, Voucher
from vouchers.redemption import counter_for_member, voucher_redeem, voucher_unredeem
from vouchers.refunds import voucher_refund_by_buyer
from vouchers.services import voucher_unit, vouchers_issue_for_order

from .conftest import assert_adds_up, money_of

pytestmark = pytest.mark.django_db
D = Decimal


def _deal(merchant, price="30.00", **kwargs):
    return DealFactory(merchant=merchant, options=[OptionSpec("Yoga", D(price), D("50.00"), 50)],
                       **kwargs)


def _counter(merchant, user):
    return counter_for_member(user=user, merchant=merchant, location=merchant.locations.get())


def _balance(merchant):
    return merchant_balance(merchant_id=merchant.pk, currency="EUR")


def _redeem(merchant, user, voucher):
    outcome = voucher_redeem(counter=_counter(merchant, user), code=voucher.code)
    assert outcome.ok, outcome.refusal
    return outcome.redemptions[0]


def test_a_sale_holds_what_the_buyer_paid_until_the_voucher_is_redeemed(merchant, merchant_owner):
    first, second = buy_and_issue(deal=_deal(merchant), quantity=2)
    balance = _balance(merchant)
    assert (balance.sold, balance.held, balance.due, balance.commission) == (D("60"), D("60"), 0, 0)
    sale = entries_of_unit(unit=voucher_unit(first)).get()
    assert (sale.kind, sale.debit, sale.credit, sale.amount, sale.commission_percent) == (
        "sale", "buyers", "held", D("30.00"), D("20.00"))

    redemption = _redeem(merchant, merchant_owner, first)

    balance = _balance(merchant)
    assert (balance.held, balance.due, balance.commission) == (D("30"), D("24.00"), D("6.00"))
    used = entries_of_unit(unit=voucher_unit(first)).filter(kind="redemption")
    assert {(e.credit, e.amount) for e in used} == {("merchant", D("24.00")), ("commission", D("6.00"))}
    assert {(e.redemption_id, e.location_id, e.actor_id) for e in used} == {
        (redemption.pk, merchant.locations.get().pk, merchant_owner.pk)}
    assert_adds_up(first)
    assert_adds_up(second)


def test_an_undone_redemption_is_reversed_and_the_money_is_held_again(merchant, manager):
    voucher = buy_and_issue(deal=_deal(merchant))[0]
    redemption = _redeem(merchant, manager, voucher)

    voucher_unredeem(redemption_id=redemption.pk, counter=_counter(merchant, manager),
                     reason="wrong voucher scanned")

    balance = _balance(merchant)
    assert (balance.held, balance.due, balance.commission) == (D("30"), 0, 0)
    reversals = Entry.objects.filter(reverses__redemption=redemption)
    assert reversals.count() == 2 and {r.reason for r in reversals} == {"wrong voucher scanned"}
    assert all(r.debit == r.reverses.credit and r.amount == r.reverses.amount for r in reversals)
    _redeem(merchant, manager, voucher)  # used again: due again, once
    assert _balance(merchant).due == D("24.00")
    assert_adds_up(voucher)


def test_a_refunded_voucher_gives_its_price_back_to_the_buyer(merchant):
    buyer = UserFactory()
    first, second = buy_and_issue(deal=_deal(merchant), quantity=2, user=buyer)

    voucher_refund_by_buyer(voucher=second, buyer=buyer)

    refund = StripeRefund.objects.get()
    entry = entries_of_unit(unit=voucher_unit(second)).get(kind="refund")
    assert (entry.debit, entry.credit, entry.amount, entry.refund) == ("held", "buyers", D("30.00"), refund)
    balance = _balance(merchant)
    assert (balance.refunded, balance.held, balance.due) == (D("30.00"), D("30.00"), 0)
    assert_adds_up(first)
    assert_adds_up(second)


def _expire(voucher):
    Voucher.objects.filter(pk=voucher.pk).update(valid_until=timezone.now() - timedelta(minutes=1))
    return expiry.vouchers_expire()


def test_an_unused_voucher_of_a_no_refund_deal_is_paid_to_the_merchant_when_it_expires(merchant):
    voucher = buy_and_issue(deal=_deal(merchant, expiry_policy=Deal.ExpiryPolicy.NO_REFUND))[0]
    assert _expire(voucher).expired == [voucher.pk]
    entries = entries_of_unit(unit=voucher_unit(voucher)).filter(kind="breakage")
    assert {(e.credit, e.amount) for e in entries} == {("merchant", D("24.00")), ("commission", D("6.00"))}
    assert (_balance(merchant).held, _balance(merchant).due) == (0, D("24.00"))
    assert_adds_up(voucher)


def test_an_unused_voucher_of_a_refund_deal_goes_back_to_the_buyer_when_it_expires(merchant):
    voucher = buy_and_issue(deal=_deal(merchant, expiry_policy=Deal.ExpiryPolicy.REFUND))[0]
    assert _expire(voucher).refunded == [voucher.pk]
    assert (_balance(merchant).refunded, _balance(merchant).held, _balance(merchant).due) == (D("30.00"), 0, 0)
    assert_adds_up(voucher)


def test_an_expired_paid_value_voucher_stays_held_and_is_paid_when_used(merchant, merchant_owner):
    voucher = buy_and_issue(deal=_deal(merchant, expiry_policy=Deal.ExpiryPolicy.PAID_VALUE))[0]
    assert _expire(voucher).expired == [voucher.pk]
    assert (_balance(merchant).held, _balance(merchant).due) == (D("30.00"), 0)

    redemption = _redeem(merchant, merchant_owner, voucher)

    assert redemption.paid_value_only and redemption.amount == D("30.00")
    assert (_balance(merchant).held, _balance(merchant).due) == (0, D("24.00"))
    assert_adds_up(voucher)


def test_a_voucher_voided_by_staff_leaves_its_money_with_the_platform(merchant, staff):
    from marketplace.curation.support import voucher_void

    voucher = buy_and_issue(deal=_deal(merchant))[0]
    voucher_void(voucher=voucher, actor=staff, reason="bought with a stolen card")

    entry = entries_of_unit(unit=voucher_unit(voucher)).get(kind="breakage")
    assert (entry.credit, entry.amount, entry.actor, entry.reason) == (
        "breakage", D("30.00"), staff, "bought with a stolen card")
    assert (_balance(merchant).held, _balance(merchant).breakage, _balance(merchant).due) == (0, D("30.00"), 0)
    assert_adds_up(voucher)


def test_a_refund_at_stripe_naming_no_voucher_is_booked_on_the_voucher_it_voided(merchant):
    outcome, order = buy(deal=_deal(merchant), quantity=3)
    vouchers = vouchers_issue_for_order(order_id=order.pk)
    stripe_client().v1.refunds.create(params={"charge": order.payment_attempt.charge_id,
                                              "amount": 1000})  # 10.00 of 90.00 back

    order_sync_with_stripe(order_id=order.pk)
    order_sync_with_stripe(order_id=order.pk)  # the same truth again books nothing more

    voided = Voucher.objects.get(order_line__order=order, status="void")
    money = money_of(voided)
    assert (money.refunded, money.breakage, money.held) == (D("10.00"), D("20.00"), 0)
    assert _balance(merchant).refunded == StripeRefund.objects.get().amount == D("10.00")
    assert _balance(merchant).held == D("60.00")
    for voucher in vouchers:
        assert_adds_up(Voucher.objects.get(pk=voucher.pk))


def test_an_order_refunded_in_full_before_its_vouchers_exist_is_sold_and_given_back(merchant):
    outcome, order = buy(deal=_deal(merchant), quantity=2)
    stripe_client().v1.refunds.create(params={"charge": order.payment_attempt.charge_id})

    order_sync_with_stripe(order_id=order.pk)

    order.refresh_from_db()
    assert order.status == "Refunded"
    balance = _balance(merchant)
    assert (balance.sold, balance.refunded, balance.held, balance.breakage) == (D("60"), D("60"), 0, 0)
    assert vouchers_issue_for_order(order_id=order.pk) == []  # and none will be issued


def test_paid_on_sale_the_money_is_due_at_once_and_a_refund_takes_it_back(merchant, merchant_owner, staff):
    terms_set(merchant=merchant, pay_on="sale", schedule="weekly", reserve_percent=D("0"),
              reserve_days=0, actor=staff)
    buyer = UserFactory()
    first, second = buy_and_issue(deal=_deal(merchant), quantity=2, user=buyer)
    assert (_balance(merchant).held, _balance(merchant).due, _balance(merchant).commission) == (
        0, D("48.00"), D("12.00"))

    _redeem(merchant, merchant_owner, first)  # recorded, nothing moves: it was paid at the sale
    assert entries_of_unit(unit=voucher_unit(first)).get(kind="redemption").amount == 0
    voucher_refund_by_buyer(voucher=second, buyer=buyer)

    balance = _balance(merchant)
    assert (balance.due, balance.commission, balance.refunded) == (D("24.00"), D("6.00"), D("30.00"))
    assert_adds_up(first)
    assert_adds_up(second)


def test_a_reserve_is_held_back_for_its_days_then_released(merchant, merchant_owner, staff):
    terms_set(merchant=merchant, pay_on="redemption", schedule="weekly", reserve_percent=D("10"),
              reserve_days=14, actor=staff)
    voucher = buy_and_issue(deal=_deal(merchant))[0]
    _redeem(merchant, merchant_owner, voucher)
    assert (_balance(merchant).due, _balance(merchant).reserve) == (D("21.60"), D("2.40"))

    assert reserves_release(now=timezone.now() + timedelta(days=13)) == 0
    assert reserves_release(now=timezone.now() + timedelta(days=15)) == 1
    assert reserves_release(now=timezone.now() + timedelta(days=15)) == 0  # once
    assert (_balance(merchant).due, _balance(merchant).reserve) == (D("24.00"), 0)
    assert_adds_up(voucher)


def test_new_terms_apply_only_to_what_is_booked_after_them(merchant, merchant_owner, staff):
    before = buy_and_issue(deal=_deal(merchant))[0]  # sold under the default: paid on redemption
    terms_set(merchant=merchant, pay_on="sale", schedule="weekly", reserve_percent=D("0"),
              reserve_days=0, actor=staff)
    after = buy_and_issue(deal=_deal(merchant))[0]
    assert (money_of(before).held, money_of(after).held) == (D("30.00"), 0)
    _redeem(merchant, merchant_owner, before)
    assert (money_of(before).held, money_of(before).merchant) == (0, D("24.00"))
    with pytest.raises(ValidationError):  # the past stays as it was booked
        terms_set(merchant=merchant, pay_on="redemption", schedule="weekly",
                  reserve_percent=D("0"), reserve_days=0,
                  effective_from=timezone.now() - timedelta(days=1))


def test_each_use_of_a_multi_visit_voucher_pays_its_share_and_the_last_one_the_rest(merchant):
    voucher = buy_and_issue(deal=_deal(merchant, price="10.00"))[0]
    location = merchant.locations.get()
    uses = []
    for amount in (D("3.33"), D("3.33"), None):
        redemption = Redemption.objects.create(
            voucher=voucher, merchant=merchant, location=location, client="page",
            batch="00000000-0000-0000-0000-000000000001", amount=voucher.value, currency="EUR",
            price_share=amount or D("3.34"),  # the part of the price each use stands for
            redeemed_at=timezone.now(), undone_at=timezone.now() if amount else None)
        with transaction.atomic():
            voucher_uses_record(uses=[Use(unit=voucher_unit(voucher),
                                          redemption_id=redemption.pk, location_id=location.pk,
                                          amount=amount)])
        uses.append(money_of(voucher))
    assert [(m.held, m.commission, m.merchant) for m in uses] == [
        (D("6.67"), D("0.67"), D("2.66")), (D("3.34"), D("1.34"), D("5.32")), (0, D("2.00"), D("8.00"))]
    assert_adds_up(voucher)


def test_staff_adjust_a_merchant_with_a_reason_and_bad_input_changes_nothing(merchant, staff):
    adjustment_record(merchant=merchant, amount=D("12.50"), currency="EUR",
                      reason="goodwill: card terminal outage", actor=staff)
    adjustment_record(merchant=merchant, amount=D("-2.50"), currency="eur",
                      reason="bank fee passed on", actor=staff)
    assert _balance(merchant).due == D("10.00")
    for bad in ({"amount": D("0"), "reason": "x"}, {"amount": D("5"), "reason": "  "}):
        with pytest.raises(ValidationError):
            adjustment_record(merchant=merchant, currency="EUR", actor=staff, **bad)
    assert Entry.objects.filter(kind="adjustment").count() == 2


def test_entries_can_be_neither_changed_nor_deleted(merchant, staff):
    entry = adjustment_record(merchant=merchant, amount=D("5.00"), currency="EUR",
                              reason="test", actor=staff)
    for attempt in (lambda: Entry.objects.filter(pk=entry.pk).update(amount=D("500.00")),
                    lambda: Entry.objects.filter(pk=entry.pk).delete(),
                    lambda: connection.cursor().execute("UPDATE ledger_entry SET amount = 0")):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            attempt()
    assert Entry.objects.get(pk=entry.pk).amount == D("5.00")
