"""Refund anytime: the buyer's one-click refund of an unused, unexpired voucher of a refundable deal.

The rules a buyer must pass live here; the money and the state change together in
vouchers.services.voucher_refund. Both run under the voucher's row lock, the lock the counter's
redemption takes too, so of a redeem and a refund of one voucher at the same moment exactly one
wins and the other is refused.
"""
from datetime import datetime
from enum import Enum

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Voucher
from .services import VoucherRefundError, voucher_refund


class BuyerRefundError(str, Enum):
    NOT_YOURS = "not_your_voucher"
    NON_REFUNDABLE_DEAL = "non_refundable_deal"
    ALREADY_USED = "already_redeemed"
    ALREADY_REFUNDED = "already_refunded"
    EXPIRED = "expired"
    NOT_USABLE = "not_usable"
    PAYMENT_FAILED = "refund_failed"

    def __str__(self):
        return self.value


MESSAGES = {
    BuyerRefundError.NOT_YOURS: _("Only the buyer of this voucher can refund it."),
    BuyerRefundError.NON_REFUNDABLE_DEAL: _("This deal was sold as non-refundable."),
    BuyerRefundError.ALREADY_USED: _("This voucher has been used, so it cannot be refunded."),
    BuyerRefundError.ALREADY_REFUNDED: _("This voucher has already been refunded."),
    BuyerRefundError.EXPIRED: _("This voucher has expired; see the deal's expiry terms."),
    BuyerRefundError.NOT_USABLE: _("This voucher cannot be refunded."),
}


class BuyerRefundRefused(Exception):
    """Nothing changed: the voucher is as it was. ``message`` says why, for the buyer."""

    def __init__(self, code: BuyerRefundError, message: str = ""):
        self.code = code
        self.message = message or str(MESSAGES[code])
        super().__init__(self.message)


def voucher_belongs_to(*, voucher: Voucher, user) -> bool:
    """The voucher's owner, and nobody else: never an e-mail match. A guest's voucher has an
    owner once the account that verified the address claimed it (marketplace/accounts)."""
    if not user or not user.is_authenticated:
        return False
    return voucher.owner_id is not None and voucher.owner_id == user.pk


def buyer_refund_refusal(*, voucher: Voucher, user, now: datetime | None = None) -> BuyerRefundError | None:
    """Why ``user`` may not refund ``voucher`` now, or None: also decides whether to show the button."""
    now = now or timezone.now()
    if not voucher_belongs_to(voucher=voucher, user=user):
        return BuyerRefundError.NOT_YOURS
    if not voucher.deal.refundable:
        return BuyerRefundError.NON_REFUNDABLE_DEAL
    if voucher.status == Voucher.Status.REDEEMED:
        return BuyerRefundError.ALREADY_USED
    if voucher.status == Voucher.Status.REFUNDED:
        return BuyerRefundError.ALREADY_REFUNDED
    if voucher.status == Voucher.Status.EXPIRED or voucher.valid_until <= now:
        return BuyerRefundError.EXPIRED
    if voucher.status != Voucher.Status.ISSUED:
        return BuyerRefundError.NOT_USABLE
    return None


def voucher_refund_by_buyer(*, voucher: Voucher, buyer) -> Voucher:
    """Refund one voucher (one unit of its order: a partial refund of a multi-unit order)."""
    with transaction.atomic():
        # The rules are checked under the lock, so nothing can change between check and refund.
        locked = Voucher.objects.select_for_update().select_related("deal").get(pk=voucher.pk)
        refusal = buyer_refund_refusal(voucher=locked, user=buyer)
        if refusal:
            raise BuyerRefundRefused(refusal)
        try:
            return voucher_refund(voucher=locked, actor=buyer, reason="Refunded by the buyer.")
        except VoucherRefundError as exc:
            raise BuyerRefundRefused(BuyerRefundError.PAYMENT_FAILED, str(exc)) from exc
