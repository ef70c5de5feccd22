"""The Stripe boundary: a configured client and the conversion to Stripe's integer minor units.

Nothing outside marketplace/payments talks to Stripe directly; amounts cross this boundary as
Decimal + currency and become integer minor units only here.
"""
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

# Currencies without a minor unit (Stripe's list of zero-decimal currencies, the common ones).
ZERO_DECIMAL = {"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX", "XAF", "XOF"}


def stripe_client() -> stripe.StripeClient:
    """A client on the real Stripe API, or on localstripe when STRIPE_API_BASE is set."""
    base = settings.STRIPE_API_BASE
    kwargs = {"base_addresses": {"api": base}} if base else {}
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2, **kwargs)


def to_minor_units(amount: Decimal, currency: str) -> int:
    if currency.upper() in ZERO_DECIMAL:
        return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    return int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def from_minor_units(amount: int, currency: str) -> Decimal:
    if currency.upper() in ZERO_DECIMAL:
        return Decimal(amount)
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))
