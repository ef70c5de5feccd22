"""The redemption rules (vouchers/redemption.py): one service for the counter page and the API."""
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from marketplace.deals.models import Deal
from tests.factories import create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers import codes
from vouchers.models import Redemption, RedemptionAlert, RedemptionAttempt, Voucher
from vouchers.redemption import (
    UndoRefused, counter_for_member, voucher_redeem, voucher_unredeem, voucher_verify,
    vouchers_redeem_together,
)
from vouchers.services import voucher_transition

pytestmark = pytest.mark.django_db


def _counter(shop, user=None, store=None):
    return counter_for_member(user=user or shop.cashier, merchant=shop.merchant,
                              location=store or shop.store)


def test_redeem_marks_voucher_used_and_records_who_where_and_the_attempt():
    shop = shop_with_vouchers(quantity=1)
    voucher = shop.vouchers[0]
    outcome = voucher_redeem(counter=_counter(shop), code=codes.display(voucher.plain_code).lower())
    assert outcome.ok, outcome.refusal
    voucher.refresh_from_db()
    assert voucher.status == Voucher.Status.REDEEMED
    redemption = Redemption.objects.get(voucher=voucher)
    assert (redemption.location, redemption.redeemed_by, redemption.client) == (
        shop.store, shop.cashier, "page")
    assert redemption.amount == voucher.value
    assert voucher.events.last().to_status == "redeemed"
    attempt = RedemptionAttempt.objects.get(action="redeem")
    assert (attempt.result, attempt.user, attempt.location, attempt.voucher) == (
        "ok", shop.cashier, shop.store, voucher)


def test_second_redeem_of_same_voucher_is_refused_with_when_where_and_by_whom():
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    assert voucher_redeem(counter=_counter(shop), code=code).ok
    again = voucher_redeem(counter=_counter(shop, user=shop.manager), code=code)
    assert again.refusal.code == "already_redeemed"
    assert again.refusal.detail["location"]["name"] == shop.store.name
    assert again.refusal.detail["redeemed_by"] == "Carla"
    assert "Carla" in again.refusal.message and shop.store.name in again.refusal.message
    assert Redemption.objects.count() == 1
    assert RedemptionAttempt.objects.filter(result="already_redeemed").count() == 1


def test_code_of_another_merchant_is_answered_exactly_like_an_unknown_code():
    shop = shop_with_vouchers(quantity=1)
    foreign = shop_with_vouchers(name="Rival", quantity=1)
    unknown = codes.generate()
    counter = _counter(shop)
    for fn in (lambda c: voucher_verify(counter=counter, code=c),
               lambda c: voucher_redeem(counter=counter, code=c)):
        a, b = fn(foreign.vouchers[0].plain_code).refusal, fn(unknown).refusal
        assert (a.code, a.message, sorted(a.detail)) == (b.code, b.message, sorted(b.detail))
        assert a.code == "unknown_code"
    assert Voucher.objects.get(pk=foreign.vouchers[0].pk).status == "issued"
    # The foreign voucher is never linked from this merchant's audit log.
    assert not RedemptionAttempt.objects.filter(voucher=foreign.vouchers[0]).exists()


def test_voucher_is_refused_at_a_store_where_the_deal_is_not_valid():
    shop = shop_with_vouchers(quantity=1)
    outcome = voucher_redeem(counter=_counter(shop, user=shop.manager, store=shop.other_store),
                             code=shop.vouchers[0].plain_code)
    assert outcome.refusal.code == "not_valid_here"
    assert shop.store.name in outcome.refusal.message
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "issued"


def test_voucher_is_refused_before_it_is_valid():
    shop = shop_with_vouchers(quantity=0)
    voucher = create_paid_vouchers(deal=shop.deal, valid_from=timezone.now() + timedelta(days=2))[0]
    outcome = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert outcome.refusal.code == "not_yet_valid"
    assert outcome.refusal.detail["valid_from"] == voucher.valid_from.isoformat()


@pytest.mark.parametrize("policy", [Deal.ExpiryPolicy.NO_REFUND, Deal.ExpiryPolicy.REFUND])
def test_expired_voucher_is_refused_unless_the_paid_value_stays_redeemable(policy):
    shop = shop_with_vouchers(quantity=0, expiry_policy=policy)
    voucher = create_paid_vouchers(deal=shop.deal, valid_from=timezone.now() - timedelta(days=9),
                                   valid_until=timezone.now() - timedelta(days=1))[0]
    assert voucher_redeem(counter=_counter(shop), code=voucher.plain_code).refusal.code == "expired"


def test_expired_voucher_under_paid_value_policy_is_accepted_for_the_amount_paid():
    shop = shop_with_vouchers(quantity=0, expiry_policy=Deal.ExpiryPolicy.PAID_VALUE)
    voucher = create_paid_vouchers(deal=shop.deal, valid_from=timezone.now() - timedelta(days=9),
                                   valid_until=timezone.now() - timedelta(days=1))[0]
    checked = voucher_verify(counter=_counter(shop), code=voucher.plain_code).checked[0]
    assert checked.redeemable and checked.paid_value_only
    outcome = voucher_redeem(counter=_counter(shop), code=voucher.plain_code)
    assert outcome.ok
    redemption = outcome.redemptions[0]
    assert redemption.paid_value_only and redemption.amount == voucher.price_paid != voucher.value


@pytest.mark.parametrize("status", [Voucher.Status.REFUNDED, Voucher.Status.VOID])
def test_refunded_or_void_voucher_is_refused(status):
    shop = shop_with_vouchers(quantity=1)
    voucher = shop.vouchers[0]
    with transaction.atomic():
        voucher_transition(voucher=Voucher.objects.select_for_update().get(pk=voucher.pk),
                           to_status=status, actor_label="test")
    assert voucher_redeem(counter=_counter(shop), code=voucher.plain_code).refusal.code == "refunded"


def test_vouchers_redeemed_together_are_all_redeemed_or_none():
    shop = shop_with_vouchers(quantity=4)
    plain = [v.plain_code for v in shop.vouchers]
    assert voucher_redeem(counter=_counter(shop), code=plain[3]).ok
    refused = vouchers_redeem_together(counter=_counter(shop), codes_typed=plain)
    assert refused.refusal.code == "already_redeemed"
    assert refused.refusal.detail["voucher"] == shop.vouchers[3].pk
    assert Voucher.objects.filter(status="redeemed").count() == 1
    outcome = vouchers_redeem_together(counter=_counter(shop), codes_typed=plain[:3])
    assert outcome.ok and len({r.batch for r in outcome.redemptions}) == 1
    assert Voucher.objects.filter(status="redeemed").count() == 4


def test_a_typo_is_refused_as_invalid_format_without_touching_anything():
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    assert voucher_redeem(counter=_counter(shop), code=typo).refusal.code == "invalid_format"
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "issued"


def test_cashier_may_redeem_only_at_the_stores_assigned_and_only_for_their_merchant():
    shop = shop_with_vouchers(quantity=0)
    foreign = shop_with_vouchers(name="Rival", quantity=0)
    assert counter_for_member(user=shop.cashier, merchant=shop.merchant, location=shop.store)
    assert counter_for_member(user=shop.cashier, merchant=shop.merchant,
                              location=shop.other_store) is None
    assert counter_for_member(user=shop.cashier, merchant=foreign.merchant,
                              location=foreign.store) is None
    assert counter_for_member(user=shop.cashier, merchant=shop.merchant,
                              location=foreign.store) is None
    assert counter_for_member(user=shop.manager, merchant=shop.merchant, location=shop.other_store)


def test_manager_undoes_a_redemption_with_a_reason_and_the_voucher_is_usable_again():
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    redemption = voucher_redeem(counter=_counter(shop), code=code).redemptions[0]
    with pytest.raises(UndoRefused) as no_reason:
        voucher_unredeem(redemption_id=redemption.pk, counter=_counter(shop, shop.manager),
                         reason="  ")
    assert no_reason.value.refusal.code == "reason_required"
    voucher_unredeem(redemption_id=redemption.pk, counter=_counter(shop, shop.manager),
                     reason="wrong voucher scanned")
    redemption.refresh_from_db()
    assert redemption.undone_by == shop.manager and redemption.undo_reason == "wrong voucher scanned"
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "issued"
    assert voucher_redeem(counter=_counter(shop), code=code).ok
    assert RedemptionAttempt.objects.filter(action="undo").count() == 2


@override_settings(REDEMPTION_UNDO_WINDOW_MINUTES=10)
def test_undo_after_the_window_is_refused():
    shop = shop_with_vouchers(quantity=1)
    redemption = voucher_redeem(counter=_counter(shop), code=shop.vouchers[0].plain_code).redemptions[0]
    Redemption.objects.filter(pk=redemption.pk).update(
        redeemed_at=timezone.now() - timedelta(minutes=11))
    with pytest.raises(UndoRefused) as refused:
        voucher_unredeem(redemption_id=redemption.pk, counter=_counter(shop, shop.manager),
                         reason="late")
    assert refused.value.refusal.code == "undo_window_passed"
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "redeemed"


@override_settings(REDEMPTION_MAX_UNDOS=2)
def test_a_voucher_can_be_undone_only_a_few_times_then_staff_must_act():
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    manager = _counter(shop, shop.manager)
    for _ in range(2):
        r = voucher_redeem(counter=manager, code=code).redemptions[0]
        voucher_unredeem(redemption_id=r.pk, counter=manager, reason="mistake")
    r = voucher_redeem(counter=manager, code=code).redemptions[0]
    with pytest.raises(UndoRefused) as refused:
        voucher_unredeem(redemption_id=r.pk, counter=manager, reason="again")
    assert refused.value.refusal.code == "undo_limit_reached"


def test_undo_of_another_merchants_redemption_is_not_found():
    shop = shop_with_vouchers(quantity=1)
    foreign = shop_with_vouchers(name="Rival", quantity=1)
    r = voucher_redeem(counter=_counter(foreign), code=foreign.vouchers[0].plain_code).redemptions[0]
    with pytest.raises(UndoRefused) as refused:
        voucher_unredeem(redemption_id=r.pk, counter=_counter(shop, shop.manager), reason="x")
    assert refused.value.refusal.code == "not_found"
    assert Voucher.objects.get(pk=foreign.vouchers[0].pk).status == "redeemed"


@override_settings(REDEMPTION_FAILURE_LIMIT=3)
def test_repeated_failed_lookups_lock_the_member_out_and_alert_staff():
    shop = shop_with_vouchers(quantity=1)
    counter = _counter(shop)
    for _ in range(3):
        assert voucher_verify(counter=counter, code=codes.generate()).refusal.code == "unknown_code"
    # Locked out now, even for a good code, and the store too (for every member there).
    assert voucher_verify(counter=counter, code=shop.vouchers[0].plain_code).refusal.code == \
        "rate_limited"
    assert voucher_redeem(counter=_counter(shop, shop.manager),
                          code=shop.vouchers[0].plain_code).refusal.code == "rate_limited"
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "issued"
    assert set(RedemptionAlert.objects.values_list("scope", flat=True)) == {"member", "store"}
    # Another store of the merchant is not locked.
    other = counter_for_member(user=shop.manager, merchant=shop.merchant, location=shop.other_store)
    assert voucher_verify(counter=other, code=shop.vouchers[0].plain_code).ok
