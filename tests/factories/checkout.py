"""Buying through the real checkout and localstripe, for tests that need orders paid by card.

Usage: `outcome, order = buy(deal=deal, quantity=2, email="ana@example.com")`;
`vouchers = buy_and_issue(deal=deal, quantity=2)` issues synchronously (no worker needed).
"""
import itertools
from decimal import Decimal

from oscar.core.loading import get_class, get_model

from marketplace.checkout.services import checkout_place_order
from marketplace.payments.gateway import stripe_client

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Selector = get_class("partner.strategy", "Selector")

VISA = "4242424242424242"
DECLINED_ON_CHARGE = "4000000000000341"
THREE_D_SECURE = "4000002760003184"

_seq = itertools.count(1)


def card_payment_method(number: str = VISA) -> str:
    """A PaymentMethod at localstripe (what Stripe.js makes in the browser)."""
    pm = stripe_client().v1.payment_methods.create(params={
        "type": "card",
        "card": {"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
    })
    return pm.id


def basket_with(*, deal, quantity: int = 1, option_index: int = 0, user=None):
    option = list(deal.options.all())[option_index]
    basket = Basket.objects.create(owner=user if user and user.is_authenticated else None)
    basket.strategy = Selector().strategy(user=user)
    stockrecord = option.product.stockrecords.get()
    basket.lines.create(
        line_reference=f"{option.product_id}_{stockrecord.pk}_{next(_seq)}", product=option.product,
        stockrecord=stockrecord, quantity=quantity, price_currency=stockrecord.price_currency,
        price_excl_tax=stockrecord.price, price_incl_tax=stockrecord.price,
    )
    return basket


def buy(*, deal, quantity: int = 1, option_index: int = 0, user=None,
        email: str = "buyer@example.com", card: str = VISA, gift=None,
        expected_total: Decimal | None = None):
    """Place and pay an order through checkout_place_order. Returns (outcome, order)."""
    basket = basket_with(deal=deal, quantity=quantity, option_index=option_index, user=user)
    outcome = checkout_place_order(
        basket=basket, payment_method_id=card_payment_method(card), user=user,
        guest_email="" if user else email, expected_total=expected_total, gift=gift,
    )
    return outcome, Order.objects.get(number=outcome.order_number)


def buy_and_issue(*, deal, quantity: int = 1, **kwargs):
    """A paid order and its vouchers, issued in this process (for tests without the worker)."""
    from vouchers.services import vouchers_issue_for_order

    outcome, order = buy(deal=deal, quantity=quantity, **kwargs)
    assert outcome.succeeded, outcome
    return vouchers_issue_for_order(order_id=order.pk)
