"""What Stripe says of one payment now: its PaymentIntent, the charge and every refund of it.

A PaymentIntent takes money through one successful charge at most (earlier failed charges took
none), so the intent, its latest charge and that charge's refunds are the whole truth. Everything
else (the order, its vouchers, a pledge) is decided from a PaymentTruth, never from the content
of a webhook event, which may be stale or arrive out of order.
"""
from dataclasses import dataclass
from decimal import Decimal

import stripe

from .error_codes import ProcessorUnavailable
from .gateway import from_minor_units, stripe_client
from .models import PaymentAttempt

# Refund statuses under which the money is (or is on its way) back with the buyer.
REFUND_RETURNS_MONEY = ("succeeded", "pending", "requires_action")


@dataclass(frozen=True)
class RefundTruth:
    id: str
    amount: Decimal
    status: str
    metadata: dict

    @property
    def returns_money(self) -> bool:
        return self.status in REFUND_RETURNS_MONEY


@dataclass(frozen=True)
class PaymentTruth:
    intent_id: str
    status: str  # the PaymentIntent's status, as Stripe names it
    currency: str
    amount: Decimal
    captured: Decimal  # what the charge took (0 before capture, or when it failed)
    charge_id: str
    refunds: tuple[RefundTruth, ...]
    error_code: str  # of the last payment error, if any
    error_message: str
    client_secret: str
    metadata: dict

    @property
    def paid(self) -> bool:
        return self.status == "succeeded"

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds if r.returns_money), Decimal("0"))

    @property
    def kept(self) -> Decimal:
        """What the buyer paid and did not get back."""
        return max(self.captured - self.refunded, Decimal("0"))

    @property
    def refunded_in_full(self) -> bool:
        return self.captured > 0 and self.kept == 0


def payment_truth(*, attempt: PaymentAttempt, intent_id: str = "") -> PaymentTruth | None:
    """The whole current truth of the attempt's payment at Stripe; None while it has no intent.

    ``intent_id``: an intent a webhook names for an attempt that has not stored one yet (the
    request that created it died first); records.payment_record then stores it.
    Raises ProcessorUnavailable when Stripe cannot be read.
    """
    intent_id = attempt.payment_intent_id or intent_id
    if not intent_id:
        return None
    try:
        return payment_truth_read(intent_id=intent_id)
    except stripe.StripeError as exc:
        raise ProcessorUnavailable(str(exc)) from exc


def payment_truth_read(*, intent_id: str) -> PaymentTruth:
    """Reads the intent (with its latest charge) and all refunds of that charge from Stripe."""
    client = stripe_client()
    intent = client.v1.payment_intents.retrieve(
        intent_id, params={"expand": ["latest_charge"]}).to_dict()
    charge = intent.get("latest_charge")
    if isinstance(charge, str):  # not expanded (a processor ignoring "expand")
        charge = client.v1.charges.retrieve(charge).to_dict()
    currency = intent["currency"].upper()
    refunds = ()
    if charge:
        listed = client.v1.refunds.list(params={"charge": charge["id"], "limit": 100})
        refunds = tuple(refund_truth(r.to_dict(), currency) for r in listed.auto_paging_iter())
    error = intent.get("last_payment_error") or {}
    return PaymentTruth(
        intent_id=intent["id"], status=intent["status"], currency=currency,
        amount=from_minor_units(intent["amount"], currency),
        captured=from_minor_units(_captured(charge), currency),
        charge_id=charge["id"] if charge else "", refunds=refunds,
        error_code=error.get("code") or "", error_message=error.get("message") or "",
        client_secret=intent.get("client_secret") or "", metadata=dict(intent.get("metadata") or {}),
    )


def refund_truth(refund: dict, currency: str) -> RefundTruth:
    """A refund as Stripe returns it (a dict), in our terms."""
    return RefundTruth(id=refund["id"], amount=from_minor_units(refund["amount"], currency),
                       status=refund.get("status") or "succeeded",
                       metadata=dict(refund.get("metadata") or {}))


def _captured(charge: dict | None) -> int:
    if not charge or charge.get("status") != "succeeded":
        return 0
    if charge.get("amount_captured") is not None:
        return charge["amount_captured"]
    # localstripe has no amount_captured: a captured charge took its whole amount.
    return charge["amount"] if charge.get("captured") else 0
