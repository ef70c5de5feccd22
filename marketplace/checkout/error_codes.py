"""Stable machine codes of checkout refusals; each has the message the buyer reads."""
from enum import Enum

from django.utils.translation import gettext_lazy as _


class CheckoutErrorCode(str, Enum):
    EMPTY_BASKET = "empty_basket"
    NOT_A_DEAL = "not_a_deal"
    DEAL_NOT_LIVE = "deal_not_live"
    DEAL_ENDED = "deal_ended"
    SOLD_OUT = "sold_out"
    NOT_ENOUGH_UNITS = "not_enough_units"
    CUSTOMER_LIMIT = "customer_limit"
    PRICE_CHANGED = "price_changed"
    INVALID_QUANTITY = "invalid_quantity"
    EMAIL_REQUIRED = "email_required"
    INVALID_GIFT = "invalid_gift"
    BASKET_IN_PAYMENT = "basket_in_payment"
    SLOT_UNAVAILABLE = "slot_unavailable"

    def __str__(self):
        return self.value


MESSAGES = {
    CheckoutErrorCode.EMPTY_BASKET: _("Your basket is empty."),
    CheckoutErrorCode.NOT_A_DEAL: _("This product cannot be bought here."),
    CheckoutErrorCode.DEAL_NOT_LIVE: _("“%(deal)s” is not on sale."),
    CheckoutErrorCode.DEAL_ENDED: _("“%(deal)s” has ended. You were not charged."),
    CheckoutErrorCode.SOLD_OUT: _("“%(deal)s” sold out. You were not charged."),
    CheckoutErrorCode.NOT_ENOUGH_UNITS: _(
        "Only %(left)d unit(s) of “%(deal)s” are left. Lower the quantity. You were not charged."),
    CheckoutErrorCode.CUSTOMER_LIMIT: _(
        "“%(deal)s” is limited to %(limit)d per customer and you already have %(bought)d. "
        "You were not charged."),
    CheckoutErrorCode.PRICE_CHANGED: _(
        "The price changed while you were checking out: the total is now %(total)s. "
        "Please review it and pay again. You were not charged."),
    CheckoutErrorCode.INVALID_QUANTITY: _("Choose a quantity between 1 and %(max)d."),
    CheckoutErrorCode.EMAIL_REQUIRED: _("Give an e-mail address for your vouchers."),
    CheckoutErrorCode.INVALID_GIFT: _("Check the gift details: %(detail)s"),
    CheckoutErrorCode.BASKET_IN_PAYMENT: _(
        "This basket is already being paid (a second click?). Wait for the first payment."),
    CheckoutErrorCode.SLOT_UNAVAILABLE: _("%(detail)s You were not charged."),
}


class CheckoutRefused(Exception):
    """A checkout the buyer cannot complete as asked; nothing was reserved or charged."""

    def __init__(self, code: CheckoutErrorCode, **params):
        self.code = code
        self.params = params
        super().__init__(str(MESSAGES[code] % params if params else MESSAGES[code]))

    @property
    def message(self) -> str:
        return str(self)
