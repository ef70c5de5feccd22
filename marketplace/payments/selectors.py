"""Reading what was recorded of an order's payment (no call to Stripe)."""
from dataclasses import dataclass
from decimal import Decimal

from oscar.core.loading import get_model

from .error_codes import MESSAGES, PaymentErrorCode
from .models import PaymentAttempt, StripeRefund
from .truth import REFUND_RETURNS_MONEY

Source = get_model("payment", "Source")


@dataclass(frozen=True)
class RecordedRefund:
    stripe_refund_id: str
    amount: Decimal
    metadata: dict


@dataclass(frozen=True)
class RecordedPayment:
    """What the order's card payment took and what went back, as last read from Stripe."""

    captured: Decimal
    currency: str
    refunds: tuple[RecordedRefund, ...]

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), Decimal("0"))

    @property
    def kept(self) -> Decimal:
        return max(self.captured - self.refunded, Decimal("0"))


def payment_recorded_for_order(*, order_id: int) -> RecordedPayment | None:
    """None when no card payment of the order was recorded as taken."""
    source = Source.objects.filter(order_id=order_id, source_type__code="stripe").first()
    if source is None:
        return None
    refunds = (StripeRefund.objects.filter(attempt__order_id=order_id,
                                           status__in=REFUND_RETURNS_MONEY)
               .order_by("created_at", "id"))
    return RecordedPayment(
        captured=source.amount_debited, currency=source.currency,
        refunds=tuple(RecordedRefund(r.stripe_refund_id, r.amount, r.metadata) for r in refunds))


def payment_failure(*, attempt: PaymentAttempt) -> tuple[str, str]:
    """(code, message) telling the buyer why the attempt failed."""
    try:
        code = PaymentErrorCode(attempt.failure_code)
    except ValueError:
        code = PaymentErrorCode.CARD_DECLINED
    return str(code), str(MESSAGES[code])
