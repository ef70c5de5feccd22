"""merchants/permissions.py: who may do what for a merchant, by role, and nothing for outsiders."""
import pytest

from merchants.models import Membership, Merchant
from merchants.permissions import (
    Can, member_can, members_who_can, redeem_locations, roles_that, user_can, user_can_redeem_at,
)
from tests.factories import UserFactory
from tests.factories.redemption import shop_with_vouchers

pytestmark = pytest.mark.django_db

R = Membership.Role


@pytest.fixture
def shop():
    return shop_with_vouchers(quantity=0)


def membership(shop, user) -> Membership:
    return Membership.objects.get(merchant=shop.merchant, user=user)


def test_owners_may_do_everything_managers_all_but_team_and_stores_cashiers_only_redeem(shop):
    allowed = {role: {action for action in Can if member_can(membership(shop, user), action)}
               for role, user in ((R.OWNER, shop.owner), (R.MANAGER, shop.manager),
                                  (R.CASHIER, shop.cashier))}
    assert allowed[R.OWNER] == set(Can)
    assert allowed[R.MANAGER] == set(Can) - {Can.MANAGE_TEAM, Can.MANAGE_STORES, Can.MANAGE_PAYOUTS}
    assert allowed[R.CASHIER] == {Can.REDEEM}
    assert roles_that(Can.MANAGE_DEALS) == [R.OWNER, R.MANAGER]


def test_cashiers_redeem_only_at_their_stores_owners_and_managers_at_every_store(shop):
    assert redeem_locations(membership(shop, shop.cashier)) == [shop.store]
    for user in (shop.owner, shop.manager):
        assert set(redeem_locations(membership(shop, user))) == {shop.store, shop.other_store}
        assert user_can_redeem_at(user=user, merchant=shop.merchant, location=shop.other_store)
    assert user_can_redeem_at(user=shop.cashier, merchant=shop.merchant, location=shop.store)
    assert not user_can_redeem_at(user=shop.cashier, merchant=shop.merchant,
                                  location=shop.other_store)


def test_outsiders_and_other_merchants_members_may_do_nothing(shop):
    rival = shop_with_vouchers(name="Rival", quantity=0)
    for user in (UserFactory(), rival.owner):
        assert not any(user_can(user=user, merchant_id=shop.merchant.pk, action=a) for a in Can)
        assert not user_can_redeem_at(user=user, merchant=shop.merchant, location=shop.store)
    # A store of another merchant is not redeemable through this one, even for its owner.
    assert not user_can_redeem_at(user=shop.owner, merchant=shop.merchant, location=rival.store)


def test_nobody_acts_for_a_merchant_that_is_not_active(shop):
    Merchant.objects.filter(pk=shop.merchant.pk).update(is_active=False)
    shop.merchant.refresh_from_db()
    assert not user_can(user=shop.owner, merchant_id=shop.merchant.pk, action=Can.REPLY_TO_REVIEWS)
    assert not user_can_redeem_at(user=shop.owner, merchant=shop.merchant, location=shop.store)


def test_deal_decisions_reach_the_members_who_manage_deals(shop):
    people = {m.user for m in members_who_can(merchant=shop.merchant, action=Can.MANAGE_DEALS)}
    assert people == {shop.owner, shop.manager}
