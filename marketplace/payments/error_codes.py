"""Stable machine codes of payment outcomes, the message the buyer reads for each, and the
exceptions that carry them."""
from enum import Enum

from django.utils.translation import gettext_lazy as _


class PaymentErrorCode(str, Enum):
    CARD_DECLINED = "card_declined"
    AUTHENTICATION_FAILED = "authentication_failed"
    PAYMENT_CANCELED = "payment_canceled"
    PROCESSOR_UNAVAILABLE = "processor_unavailable"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    NOT_REFUNDABLE = "not_refundable"
    REFUND_FAILED = "refund_failed"
    REFUNDED = "refunded"

    def __str__(self):
        return self.value


MESSAGES = {
    PaymentErrorCode.CARD_DECLINED: _("Your card was declined. Try another card."),
    PaymentErrorCode.AUTHENTICATION_FAILED: _(
        "Your bank could not confirm the payment (3-D Secure failed). You were not charged: "
        "try again or use another card."),
    PaymentErrorCode.PAYMENT_CANCELED: _("The payment was cancelled. You were not charged."),
    PaymentErrorCode.PROCESSOR_UNAVAILABLE: _(
        "We could not reach the card processor. You were not charged: please try again."),
    PaymentErrorCode.INVALID_PAYMENT_METHOD: _("Enter your card details again."),
    PaymentErrorCode.NOT_REFUNDABLE: _("This voucher cannot be refunded."),
    PaymentErrorCode.REFUND_FAILED: _(
        "The refund could not be made at the card processor; the voucher is still valid. "
        "Please try again later."),
    PaymentErrorCode.REFUNDED: _("The payment was refunded in full: you were not charged."),
}


class ProcessorUnavailable(Exception):
    """Stripe could not be reached or failed: nothing is known to have changed; try again later."""


class RefundFailed(Exception):
    def __init__(self, code: PaymentErrorCode, detail: str = ""):
        self.code = code
        self.detail = detail
        super().__init__(str(MESSAGES[code]))
