"""The Stripe boundary: configured clients and the conversion to Stripe's integer minor units.

Nothing outside marketplace/payments talks to Stripe; amounts cross this boundary as Decimal +
currency and become integer minor units only here.
"""
from decimal import ROUND_HALF_UP, Decimal

import stripe
from django.conf import settings

# Currencies without a minor unit (Stripe's list of zero-decimal currencies, the common ones).
ZERO_DECIMAL = {"JPY", "KRW", "VND", "CLP", "ISK", "HUF", "TWD", "UGX", "XAF", "XOF"}

# Which setting holds the API base of each kind of call (empty: the real Stripe API). Charges go
# to localstripe in development and tests; Connect calls (localstripe has none) to stripe-mock.
API_BASE_SETTINGS = {
    "payments": "STRIPE_API_BASE",  # charges, refunds, cards (localstripe in development and tests)
    "connect": "STRIPE_CONNECT_API_BASE",  # merchant accounts and transfers (stripe-mock there)
}


def stripe_client(purpose: str = "payments") -> stripe.StripeClient:
    """A client on the real Stripe API, or on the local stand-in configured for ``purpose``."""
    base = getattr(settings, API_BASE_SETTINGS[purpose])
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
