"""How a deal's price compares with what the service is worth: the one place discounts are computed."""
from decimal import ROUND_HALF_UP, Decimal


def discount_percent(*, price: Decimal | None, value: Decimal | None) -> int:
    """Whole percent saved against the value ("worth 70, pay 39" is 44). 0 when nothing is saved."""
    if price is None or not value or value <= 0 or price >= value:
        return 0
    saved = (Decimal(value) - Decimal(price)) / Decimal(value) * 100
    return int(saved.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
