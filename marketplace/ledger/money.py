"""Rounding money the one way the ledger does: half up, to the currency's smallest unit."""
from decimal import ROUND_HALF_UP, Decimal

from marketplace.payments.gateway import ZERO_DECIMAL

ZERO = Decimal("0.00")


def money_round(amount: Decimal, currency: str) -> Decimal:
    unit = Decimal("1") if currency.upper() in ZERO_DECIMAL else Decimal("0.01")
    return amount.quantize(unit, rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def percent_of(amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    return money_round(amount * percent / Decimal(100), currency)
