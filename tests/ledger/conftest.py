"""The ledger's tests: a merchant's people, and a check that a voucher's money adds up."""
from decimal import Decimal

from marketplace.ledger.units import units_money
from tests.factories.people import manager, merchant, merchant_owner, staff  # noqa: F401
from vouchers.services import voucher_unit


def money_of(voucher):
    """Where the voucher's money is, as the ledger says."""
    return units_money(units=[voucher_unit(voucher)])[voucher_unit(voucher).key]


def assert_adds_up(voucher) -> None:
    """What the buyer paid is what went back, what is held, what the platform kept and what the
    merchant got: to the cent."""
    money = money_of(voucher)
    assert money.paid == voucher.price_paid
    assert money.paid == (money.refunded + money.held + money.breakage + money.commission
                          + money.merchant), money
    assert min(money.held, money.commission, money.breakage, money.refunded) >= Decimal("0"), money
