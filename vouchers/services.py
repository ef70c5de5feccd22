"""Writing vouchers. Every change of state goes through voucher_transition, which records it."""
import logging
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.core.order_status import ISSUABLE
from marketplace.deals.lifecycle import deal_valid_window
from marketplace.payments.error_codes import MESSAGES, PaymentErrorCode, RefundFailed
from marketplace.payments.models import PaymentAttempt
from marketplace.payments.selectors import payment_recorded_for_order
from marketplace.payments.services import payment_refund
from marketplace.core.rawsql import insert_statement, write_together

from . import bookings, codes, delivery, tasks
from .models import Redemption, Voucher, VoucherEvent

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Line = get_model("order", "Line")


def voucher_transition(*, voucher: Voucher, to_status: str, actor=None, actor_label: str = "",
                       reason: str = "") -> Voucher:
    """Move ``voucher`` (already locked by the caller's transaction) to ``to_status``, with history.

    Callers hold the row lock (select_for_update) and decide whether the move is allowed; this
    function only writes the new state and the event, so the history can never disagree with it.
    """
    vouchers_transition(vouchers=[voucher], to_status=to_status, actor=actor,
                        actor_label=actor_label, reason=reason)
    return voucher


def vouchers_transition(*, vouchers: list[Voucher], to_status: str, actor=None,
                        actor_label: str = "", reason: str = "") -> list[Voucher]:
    """``voucher_transition`` for several locked vouchers at once (a table's order at the
    counter): the events and the status update in one statement, whatever their number."""
    writes = vouchers_transition_writes(vouchers=vouchers, to_status=to_status, actor=actor,
                                        actor_label=actor_label, reason=reason)
    if writes:
        write_together(writes)
    return vouchers


def vouchers_transition_writes(*, vouchers: list[Voucher], to_status: str, actor=None,
                               actor_label: str = "", reason: str = "") -> list[tuple[str, list]]:
    """The writes of ``vouchers_transition`` (the events, the status update), for a caller that
    makes them together with its own (rawsql.write_together) in its transaction; the
    instances get their new status now."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("voucher_transition must run inside the caller's transaction")
    if not vouchers:
        return []
    now = timezone.now()
    events = [VoucherEvent(voucher_id=v.pk, from_status=v.status, to_status=to_status,
                           actor=actor, actor_label=actor_label, reason=reason, created_at=now)
              for v in vouchers]
    update = (_TRANSITION_SQL.format(ids=", ".join(["%s"] * len(vouchers))),
              [to_status, connection.ops.adapt_datetimefield_value(now),
               *[v.pk for v in vouchers]])
    for voucher in vouchers:
        voucher.status, voucher.status_changed_at = to_status, now
    return [insert_statement(events, _EVENT_FIELDS, returning=()), update]


_EVENT_FIELDS = ("voucher_id", "from_status", "to_status", "actor_id", "actor_label", "reason",
                 "created_at")
_TRANSITION_SQL = (f"UPDATE {Voucher._meta.db_table} SET status = %s, status_changed_at = %s "
                   "WHERE id IN ({ids})")


def vouchers_use_writes(*, vouchers: list[Voucher], reasons: list[str], actor=None,
                        actor_label: str = "") -> list[tuple[str, list]]:
    """The writes of one use of each of ``vouchers`` (locked in the caller's transaction): one
    more use counted, and for a voucher's last use (every use of a plain voucher) the move to
    redeemed; each with its history event. For rawsql.write_together, like
    ``vouchers_transition_writes``; the instances get their new state now. The database
    refuses a use beyond ``uses_total`` (never_more_uses_than_bought)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a voucher's use must be written inside the caller's transaction")
    now = timezone.now()
    events, last, more = [], [], []
    for voucher, reason in zip(vouchers, reasons):
        finishing = voucher.uses_used + 1 >= voucher.uses_total
        events.append(VoucherEvent(
            voucher_id=voucher.pk, from_status=voucher.status,
            to_status=Voucher.Status.REDEEMED if finishing else voucher.status, actor=actor,
            actor_label=actor_label, reason=reason, created_at=now))
        (last if finishing else more).append(voucher)
    writes = [insert_statement(events, _EVENT_FIELDS, returning=())] if events else []
    if last:
        writes.append((_LAST_USE_SQL.format(ids=", ".join(["%s"] * len(last))),
                       [Voucher.Status.REDEEMED, connection.ops.adapt_datetimefield_value(now),
                        *[v.pk for v in last]]))
    if more:
        writes.append((_ONE_MORE_USE_SQL.format(ids=", ".join(["%s"] * len(more))),
                       [v.pk for v in more]))
    for voucher in last:
        voucher.status, voucher.status_changed_at = Voucher.Status.REDEEMED, now
    for voucher in last + more:
        voucher.uses_used += 1
    return writes


_LAST_USE_SQL = (f"UPDATE {Voucher._meta.db_table} SET status = %s, status_changed_at = %s, "
                 "uses_used = uses_used + 1 WHERE id IN ({ids})")
_ONE_MORE_USE_SQL = (f"UPDATE {Voucher._meta.db_table} SET uses_used = uses_used + 1 "
                     "WHERE id IN ({ids})")


def voucher_use_give_back(*, voucher: Voucher, status_before: str, actor=None,
                          actor_label: str = "", reason: str = "") -> Voucher:
    """Undo one use of ``voucher`` (locked by the caller): one use fewer counted, and a
    redeemed voucher back to ``status_before`` (issued, or expired for the paid value)."""
    to_status = status_before if voucher.status == Voucher.Status.REDEEMED else voucher.status
    VoucherEvent.objects.create(voucher=voucher, from_status=voucher.status, to_status=to_status,
                                actor=actor, actor_label=actor_label, reason=reason)
    if to_status != voucher.status:
        voucher.status, voucher.status_changed_at = to_status, timezone.now()
    voucher.uses_used -= 1
    voucher.save(update_fields=["status", "status_changed_at", "uses_used"])
    return voucher


# --- issuing (after payment) ---------------------------------------------------------------

def vouchers_issue_schedule(*, order) -> None:
    """Issue the vouchers of a paid order in the worker, once the payment is committed."""
    order_id = order.pk
    transaction.on_commit(lambda: tasks.voucher_issue_for_order_task.delay(order_id))


def vouchers_issue_missing(*, since_hours: int = 48) -> int:
    """Queue issuing again for recently paid orders that still lack vouchers. Run by beat.

    The safety net for a task message lost between the payment's commit and the broker.
    """
    units = (Line.objects.filter(order=OuterRef("pk")).order_by().values("order")
             .annotate(n=Sum("quantity")).values("n"))
    issued = (Voucher.objects.filter(order_line__order=OuterRef("pk")).order_by()
              .values("order_line__order").annotate(n=Count("pk")).values("n"))
    short = list(
        Order.objects.filter(status__in=ISSUABLE,
                             date_placed__gte=timezone.now() - timedelta(hours=since_hours))
        .annotate(units=Subquery(units, output_field=IntegerField()),
                  issued=Coalesce(Subquery(issued, output_field=IntegerField()), Value(0)))
        .filter(issued__lt=F("units")).values_list("pk", flat=True))
    for order_id in short:
        tasks.voucher_issue_for_order_task.delay(order_id)
    return len(short)


def vouchers_issue_for_order(*, order_id: int) -> list[Voucher]:
    """One voucher per unit of each line of a paid order; the missing ones only.

    Safe to run any number of times, concurrently or after a crash: the order row is locked while
    issuing, and (order_line, unit_index) is unique in the database. A refund already known for
    the order is applied to the new vouchers at once (vouchers_follow_money).
    """
    with transaction.atomic():
        # NOWAIT: if another run holds the order, fail now and let the task retry later.
        order = Order.objects.select_for_update(nowait=True).get(pk=order_id)
        if order.status not in ISSUABLE:
            return []
        recipient = getattr(order, "delivery", None)
        done = set(Voucher.objects.filter(order_line__order=order)
                   .values_list("order_line_id", "unit_index"))
        plan = []  # (a voucher with everything but its code and unit, the units to issue)
        for line in order.lines.select_related("product__deal_option__deal"):
            missing = [unit for unit in range(line.quantity) if (line.pk, unit) not in done]
            if not missing:
                continue
            option = line.product.deal_option
            valid_from, valid_until = deal_valid_window(option.deal, purchased_at=order.date_placed)
            plan.append((Voucher(
                order_line=line, unit_index=0, deal=option.deal, option=line.product,
                merchant_id=option.deal.merchant_id, owner_id=order.user_id,
                holder_name=recipient.recipient_name if recipient else "",
                holder_email=recipient.recipient_email if recipient else order.email,
                price_paid=line.unit_price_incl_tax, value=option.value, currency=order.currency,
                valid_from=valid_from, valid_until=valid_until, uses_total=option.uses,
            ), missing))
        if not plan:
            return []
        issued = _insert_issued(plan, reason=f"order {order.number} paid")
        bookings.bookings_attach_to_vouchers(order_line_ids=[proto.order_line_id for proto, _ in plan])
        vouchers_follow_money(order=order)
        delivery.vouchers_delivery_schedule(order=order)
    return issued


def _insert_issued(plan, *, reason: str) -> list[Voucher]:
    """Write the planned vouchers, each with a fresh code, and their first history event.

    On PostgreSQL, COPY with one row template per order line (only code and unit differ) and one
    INSERT ... SELECT for the events: issuing is the hot path, thousands a second. The values
    still come from the model's fields, so conversions, defaults and constraints stay Django's.
    """
    fresh = iter(codes.generate_many(sum(len(units) for _, units in plan)))
    now = timezone.now()
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":  # the SQLite demo: the portable way
        vouchers = []
        for proto, units in plan:
            for unit in units:
                code = next(fresh)
                vouchers.append(Voucher(**{**_field_values(proto), "unit_index": unit,
                                           "code_digest": codes.digest(code),
                                           "code_sealed": codes.seal(code)}))
        Voucher.objects.bulk_create(vouchers)
        VoucherEvent.objects.bulk_create([
            VoucherEvent(voucher=v, from_status="", to_status=v.status,
                         actor_label="issuing task", reason=reason) for v in vouchers])
        return vouchers
    fields = [f for f in Voucher._meta.concrete_fields if not f.primary_key]
    position = {f.name: i for i, f in enumerate(fields)}
    table = Voucher._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for proto, units in plan:
                proto.issued_at = proto.status_changed_at = now
                template = [f.get_db_prep_save(getattr(proto, f.attname), connection)
                            for f in fields]
                for unit in units:
                    code = next(fresh)
                    row = list(template)
                    row[position["unit_index"]] = unit
                    row[position["code_digest"]] = codes.digest(code)
                    row[position["code_sealed"]] = codes.seal(code)
                    copy.write_row(row)
        lines = [proto.order_line_id for proto, _ in plan]
        cursor.execute(
            f"INSERT INTO {VoucherEvent._meta.db_table} "
            "(voucher_id, from_status, to_status, actor_label, reason, created_at) "
            f"SELECT v.id, '', v.status, 'issuing task', %s, %s FROM {table} v "
            "WHERE v.order_line_id = ANY(%s) AND v.issued_at = %s",
            [reason, now, lines, now],
        )
    return list(Voucher.objects.filter(order_line_id__in=lines, issued_at=now)
                .order_by("order_line_id", "unit_index"))


def _field_values(voucher: Voucher) -> dict:
    return {f.attname: getattr(voucher, f.attname) for f in Voucher._meta.concrete_fields
            if not f.primary_key}


# --- vouchers follow the money ---------------------------------------------------------------

# Vouchers that stand for money the buyer may still use (an expired one may be redeemable for
# its price paid, see Deal.ExpiryPolicy.PAID_VALUE).
LIVE_STATUSES = (Voucher.Status.ISSUED, Voucher.Status.EXPIRED)
FOLLOW_MONEY_ACTOR = "payment at Stripe"


def vouchers_lock_for_order(*, order) -> None:
    """Lock the order's vouchers (by id, like the counter does) in the caller's transaction."""
    list(Voucher.objects.select_for_update().filter(order_line__order=order).order_by("pk")
         .values_list("pk", flat=True))


def vouchers_follow_money(*, order) -> list[Voucher]:
    """Make the order's vouchers agree with the money its payment kept, as last read from Stripe.

    A refund naming a voucher (our own refunds carry ``voucher_id`` in their metadata) marks
    that voucher refunded. Then the vouchers still usable are never worth more than the money
    kept: while they are (a refund made at Stripe that names no voucher, or a full refund), the
    last ones are voided. Redeemed vouchers stay redeemed (the service was given) and count
    against the money kept. Returns the vouchers changed.
    """
    payment = payment_recorded_for_order(order_id=order.pk)
    if payment is None or not payment.refunds:
        return []
    vouchers = list(Voucher.objects.select_for_update().filter(order_line__order=order)
                    .order_by("pk"))
    changed = []
    by_id = {v.pk: v for v in vouchers}
    for refund in payment.refunds:
        voucher = by_id.get(_int(refund.metadata.get("voucher_id")))
        if voucher is not None and voucher.status in REFUNDABLE_STATUSES:
            voucher_transition(voucher=voucher, to_status=Voucher.Status.REFUNDED,
                               actor_label=FOLLOW_MONEY_ACTOR,
                               reason=f"refunded at Stripe ({refund.stripe_refund_id})")
            changed.append(voucher)
    live = [v for v in vouchers if v.status in LIVE_STATUSES]
    worth = sum((v.price_paid for v in live), Decimal("0")) + sum(
        (v.price_paid for v in vouchers if v.status == Voucher.Status.REDEEMED), Decimal("0")) + sum(
        (voucher_used_share(voucher=v) for v in vouchers
         if v.status == Voucher.Status.REFUNDED and v.uses_used), Decimal("0"))
    void = []
    while live and worth > payment.kept:
        voucher = live.pop()
        worth -= voucher.price_paid
        void.append(voucher)
    if void:
        logger.info("order %s: %s of %s %s kept, %d voucher(s) voided", order.number,
                    payment.kept, payment.captured, payment.currency, len(void))
        vouchers_transition(vouchers=void, to_status=Voucher.Status.VOID,
                            actor_label=FOLLOW_MONEY_ACTOR,
                            reason=f"refunded at Stripe: {payment.kept} of {payment.captured} "
                                   f"{payment.currency} kept")
    for voucher in changed + void:
        bookings.booking_release_for_voucher(voucher=voucher)
    return changed + void


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


# --- refunding one voucher -----------------------------------------------------------------

REFUNDABLE_STATUSES = (Voucher.Status.ISSUED, Voucher.Status.EXPIRED)


class VoucherRefundError(Exception):
    """The voucher was not refunded and is unchanged; ``code`` is a PaymentErrorCode."""

    def __init__(self, code, message: str):
        self.code = code
        super().__init__(message)


def voucher_used_share(*, voucher: Voucher) -> Decimal:
    """The part of the price paid that the voucher's standing uses stand for (a pass's)."""
    return Redemption.objects.filter(voucher=voucher, undone_at__isnull=True).aggregate(
        total=Coalesce(Sum("price_share"), Value(Decimal("0"))))["total"]


def voucher_refund_amount(*, voucher: Voucher) -> Decimal:
    """What refunding the voucher gives back: the price paid, less the part its uses stand
    for (a partly used pass is refunded for its unused uses, pro rata)."""
    if not voucher.uses_used:
        return voucher.price_paid
    return max(voucher.price_paid - voucher_used_share(voucher=voucher), Decimal("0"))


def voucher_refund(*, voucher: Voucher, actor=None, reason: str,
                   actor_label: str = "") -> Voucher:
    """Refund what is left of the price paid for one voucher by card (all of it, or a partly
    used pass's unused part) and mark it refunded, both or neither.

    The voucher row stays locked during the Stripe call, so a redemption at the counter waits
    and then sees "refunded" (or the refund sees "redeemed" and is refused). If Stripe fails,
    nothing changes and VoucherRefundError says why. At most one Stripe refund per voucher.
    Its booking to come, if any, is cancelled and the place freed.
    """
    if not reason.strip():
        raise ValueError("A refund needs a reason.")
    with transaction.atomic():
        voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
        if voucher.status not in REFUNDABLE_STATUSES:
            raise VoucherRefundError(PaymentErrorCode.NOT_REFUNDABLE,
                                     str(MESSAGES[PaymentErrorCode.NOT_REFUNDABLE]))
        attempt = PaymentAttempt.objects.filter(order__lines=voucher.order_line_id).first()
        amount = voucher_refund_amount(voucher=voucher)
        if attempt is None or amount <= 0:
            raise VoucherRefundError(PaymentErrorCode.NOT_REFUNDABLE,
                                     str(MESSAGES[PaymentErrorCode.NOT_REFUNDABLE]))
        try:
            payment_refund(attempt=attempt, amount=amount, key=f"voucher-{voucher.pk}",
                           reason=reason, metadata={"voucher_id": str(voucher.pk)})
        except RefundFailed as exc:
            raise VoucherRefundError(exc.code, str(exc)) from exc
        if amount != voucher.price_paid:
            reason = f"{reason} ({amount} {voucher.currency} for {voucher.uses_left} unused uses)"
        voucher_transition(voucher=voucher, to_status=Voucher.Status.REFUNDED, actor=actor,
                           actor_label=actor_label, reason=reason)
        bookings.booking_release_for_voucher(voucher=voucher)
        return voucher
