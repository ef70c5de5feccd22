"""Vouchers of an order really paid at (local)stripe, as checkout leaves them: refundable for real."""
from marketplace.payments.gateway import stripe_client, to_minor_units
from marketplace.payments.models import PaymentAttempt

from . import create_paid_vouchers


def stripe_paid_vouchers(*, deal, quantity=1, user=None, charge_id=None, **kwargs):
    """``charge_id`` overrides the recorded charge (e.g. one Stripe does not know, to make refunds fail)."""
    vouchers = create_paid_vouchers(deal=deal, quantity=quantity, user=user, **kwargs)
    order = vouchers[0].order_line.order
    intent = stripe_client().v1.payment_intents.create(params={
        "amount": to_minor_units(order.total_incl_tax, order.currency),
        "currency": order.currency.lower(), "payment_method": "pm_card_visa",
        "payment_method_types": ["card"], "confirm": True,
    })
    if intent.status != "succeeded":
        raise RuntimeError(f"localstripe did not take the payment: {intent.status}")
    charge = intent.latest_charge
    PaymentAttempt.objects.create(
        order=order, amount=order.total_incl_tax, currency=order.currency,
        status=PaymentAttempt.Status.SUCCEEDED, payment_method_id="pm_card_visa",
        payment_intent_id=intent.id,
        charge_id=charge_id or (charge if isinstance(charge, str) else charge.id),
    )
    return vouchers
