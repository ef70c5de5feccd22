"""What each order status change causes: one table (LIFECYCLE, below), the only place that calls
order.set_status.

A change is asked for by what Stripe says of the payment (sync.py reads it and names the status
it calls for) or by staff in Oscar's order dashboard (processing.py); both end in
``order_status_follow``, which looks the pair (status now, status asked for) up in the table,
runs what it causes, in order, then moves the status. A row whose two statuses are equal is what
a new fact from Stripe causes while the status stays (a partial refund; money that arrived after
the order had failed). A pair not in the table causes nothing: a refunded order stays refunded,
a failed one stays failed.

Refunded orders keep their units: a refund does not put a unit back on sale (as a refunded
voucher does not). Only the buyer's own failed checkout reopens the basket, so that they can pay
again; an order cancelled for them (abandoned 3-D Secure, a group buy that ended short) reopens
nothing they did not ask for.
"""
import logging
from dataclasses import dataclass
from typing import Callable

from oscar.core.loading import get_model

from marketplace.core.order_status import CANCELLED, PAID, PAYMENT_FAILED, PENDING, REFUNDED
from marketplace.ledger.services import order_sales_record
from marketplace.payments.error_codes import ProcessorUnavailable
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.services import payment_cancel, payment_refund
from marketplace.payments.truth import PaymentTruth
from vouchers.bookings import bookings_release_for_order
from vouchers.services import vouchers_follow_money, vouchers_issue_schedule

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")


@dataclass(frozen=True)
class Change:
    """An order (locked), its payment attempt (locked) and what Stripe says of the payment now."""

    order: object
    attempt: PaymentAttempt | None
    truth: PaymentTruth | None
    actor: object = None


# --- what a change causes ---------------------------------------------------------------------

def sales_record(change: Change) -> None:
    """The ledger books the sale of each unit, in this transaction (docs/money.md)."""
    order_sales_record(order=change.order)


def vouchers_issue(change: Change) -> None:
    vouchers_issue_schedule(order=change.order)


def vouchers_follow_payment(change: Change) -> None:
    vouchers_follow_money(order=change.order)


def payment_stop(change: Change) -> None:
    """No money may arrive later for a failed or cancelled order (e.g. the intent completed
    with another card): cancel an intent that could still take it. Quiet: if Stripe cannot be
    reached the order moves on anyway, and money that arrives later is given back."""
    truth = change.truth
    if change.attempt is None or (truth is not None and truth.status not in _CANCELLABLE):
        return
    try:
        payment_cancel(attempt=change.attempt)
    except ProcessorUnavailable:
        logger.warning("could not stop the payment of order %s", change.order.number, exc_info=True)


def units_release(change: Change) -> None:
    """Give the order's units back through Oscar's stock allocation API. Reserving them is
    checkout's conditional UPDATE (it cannot oversell under concurrency, which Oscar's
    StockRecord.allocate does not promise); releasing twice releases nothing more."""
    for line in change.order.lines.select_related("stockrecord"):
        line.cancel_allocation(line.quantity)


def slots_release(change: Change) -> None:
    """The slots held at checkout for an order that will not be paid go back on offer."""
    bookings_release_for_order(order=change.order)


def basket_reopen(change: Change) -> None:
    Basket.objects.filter(pk=change.order.basket_id, status=Basket.FROZEN).update(status=Basket.OPEN)


def money_back_in_full(change: Change) -> None:
    """Whatever the buyer paid and has not got back goes back now (raises RefundFailed if Stripe
    refuses: the change then does not happen)."""
    truth = change.truth
    if truth is None or truth.kept <= 0:
        return
    payment_refund(attempt=change.attempt, amount=truth.kept, key=f"rest-{change.attempt.pk}",
                   reason=f"what order {change.order.number} had not got back yet",
                   metadata={"order_number": change.order.number})


_CANCELLABLE = ("requires_payment_method", "requires_confirmation", "requires_action",
                "requires_capture")

Cause = Callable[[Change], None]

# (order is,      Stripe says / staff ask): (order becomes, what it causes, in this order)
LIFECYCLE: dict[tuple[str, str], tuple[str, tuple[Cause, ...]]] = {
    (PENDING, PAID):             (PAID, (sales_record, vouchers_issue)),
    (PENDING, PAYMENT_FAILED):   (PAYMENT_FAILED, (payment_stop, units_release, slots_release,
                                                   basket_reopen)),
    (PENDING, CANCELLED):        (CANCELLED, (payment_stop, units_release, slots_release)),
    # Paid and refunded before we knew: sold and given back (the ledger books both).
    (PENDING, REFUNDED):         (REFUNDED, (sales_record, money_back_in_full,
                                             vouchers_follow_payment, slots_release)),
    (PAID, REFUNDED):            (REFUNDED, (money_back_in_full, vouchers_follow_payment)),
    (PAID, PAID):                (PAID, (vouchers_follow_payment,)),  # a partial refund
    (PAYMENT_FAILED, PAID):      (PAYMENT_FAILED, (money_back_in_full,)),  # paid after all
    (CANCELLED, PAID):           (CANCELLED, (money_back_in_full,)),  # paid after all
}


def order_status_follow(*, change: Change, says: str) -> str:
    """Apply the row (order's status, ``says``): its causes, then the status. Returns the
    order's status after. The caller holds the order's and the attempt's row locks."""
    order = change.order
    row = LIFECYCLE.get((order.status, says))
    if row is None:
        if says != order.status:
            logger.info("order %s stays %s although the payment says %s", order.number,
                        order.status, says)
        return order.status
    becomes, causes = row
    for cause in causes:
        cause(change)
    if becomes != order.status:
        order.set_status(becomes)
    return order.status
