"""Orders paid outside Stripe (the demo's past sales): placed by checkout, then paid and
refunded through the same records and lifecycle as a card payment, so that the deal's units,
the vouchers and the ledger agree exactly as they do after a real sale.

Only the call to Stripe is left out: the payment is written down as Stripe would report a
settled one (an intent "pi_offline_..."), and a refund is written down before the voucher's
refund runs, which then finds it by its key and asks Stripe for nothing (payment_refund is
idempotent per key).
"""
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.core.order_status import PAID
from marketplace.order.lifecycle import Change, order_status_follow
from marketplace.partner.strategy import Selector
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.records import payment_record, refund_record
from marketplace.payments.truth import PaymentTruth, RefundTruth
from vouchers.delivery import GiftSpec
from vouchers.models import Voucher
from vouchers.services import voucher_refund, voucher_refund_amount, vouchers_issue_for_order

from .services import order_mark_basket_submitted, order_reserve

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


def order_place_paid_offline(*, product, quantity: int, user, gift: GiftSpec | None = None):
    """Buy ``quantity`` units of a deal option (``product``) for ``user`` as checkout would
    (every rule checked: CheckoutRefused when one refuses), then pay it without a card. The
    vouchers are issued at once; their e-mail counts as sent (these sales are from the past)."""
    with transaction.atomic():
        basket = Basket.objects.create(owner=user)
        basket.strategy = Selector().strategy(user=user)
        basket.add_product(product, quantity)
        order = order_reserve(basket=basket, user=user, gift=gift)
        order.delivery.sent_at = timezone.now()
        order.delivery.save(update_fields=["sent_at"])
        attempt = PaymentAttempt.objects.select_for_update().get(order=order)
        total = order.total_incl_tax
        truth = PaymentTruth(
            intent_id=f"pi_offline_{order.number}", status="succeeded", currency=order.currency,
            amount=total, captured=total, charge_id=f"ch_offline_{order.number}", refunds=(),
            error_code="", error_message="", client_secret="", metadata={})
        payment_record(attempt=attempt, truth=truth)
        order_status_follow(change=Change(order=order, attempt=attempt, truth=truth), says=PAID)
        order_mark_basket_submitted(order=order)
        vouchers_issue_for_order(order_id=order.pk)  # now, not in the worker: the caller reads them
    return Order.objects.get(pk=order.pk)


def voucher_refund_offline(*, voucher: Voucher, reason: str) -> Voucher:
    """Refund one voucher of an order paid offline: the refund written down as Stripe would
    report it, then the voucher's own refund (the ledger, its status, its booking)."""
    with transaction.atomic():
        attempt = PaymentAttempt.objects.select_for_update().get(order__lines=voucher.order_line_id)
        amount: Decimal = voucher_refund_amount(voucher=voucher)
        key = f"voucher-{voucher.pk}"  # the key voucher_refund asks payment_refund for
        refund_record(attempt=attempt, key=key, reason=reason, refund=RefundTruth(
            id=f"re_offline_{voucher.pk}", amount=amount, status="succeeded",
            metadata={"key": key, "voucher_id": str(voucher.pk)}))
        return voucher_refund(voucher=voucher, reason=reason, actor_label="demo")
