"""The order status names and which change may follow which (Oscar's OSCAR_ORDER_STATUS_PIPELINE).

What each change causes is decided in one table, marketplace/order/lifecycle.py; this module only
names the statuses so that every package (settings included) spells them the same way.
"""
from django.utils.translation import gettext_lazy as _

PENDING = "Pending payment"
PAID = "Paid"
PAYMENT_FAILED = "Payment failed"
CANCELLED = "Cancelled"
REFUNDED = "Refunded"

INITIAL = PENDING

# Pending -> Refunded: Stripe may report a payment refunded before we learnt it was paid.
PIPELINE = {
    PENDING: (PAID, PAYMENT_FAILED, CANCELLED, REFUNDED),
    PAID: (REFUNDED,),
    PAYMENT_FAILED: (),
    CANCELLED: (),
    REFUNDED: (),
}

# Orders whose units count against the stock and the per-customer limit.
HOLDING_UNITS = (PENDING, PAID)
# Orders whose vouchers may be issued.
ISSUABLE = (PAID,)

# What each status means to the buyer, in their words (order history, confirmation).
BUYER_WORDS = {
    PENDING: _("Waiting for your bank to confirm the payment"),
    PAID: _("Paid: your vouchers are in My vouchers"),
    PAYMENT_FAILED: _("Payment failed: you were not charged"),
    CANCELLED: _("Cancelled: you were not charged"),
    REFUNDED: _("Refunded to your card"),
}
# A pending order holding a group-buy pledge is waiting for the deal, not for the bank.
PLEDGE_WORDS = _("Reserved: you are charged only if the deal reaches its minimum")
