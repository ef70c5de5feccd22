"""Booking what happens to a voucher's money: its sale, each use, an undone use, refunds, expiry
unused, a void; and staff adjustments. Each function writes in the caller's transaction (the one
that causes the entry), under the lock the caller holds on what it changes (the order for a
sale, the voucher for the rest), so an event is booked exactly when it happens, and once.

Callers: the order lifecycle books sales (marketplace/order/lifecycle.py); vouchers book uses,
undos, refunds, expiry and voids (vouchers/services.py, redemption.py, expiry.py).
"""
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.deals.models import DealOption
from marketplace.payments.models import StripeRefund
from marketplace.payments.truth import REFUND_RETURNS_MONEY
from merchants.models import Merchant

from .commissions import commission_percent_for
from .models import Account, Entry, PayoutAccount
from .money import ZERO
from .terms import terms_in_effect
from .units import Booking, Unit, UnitMoney, close, earn, give_back, sell, units_money

Line = get_model("order", "Line")
Kind = Entry.Kind


def _booking() -> Booking:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("the ledger books in the transaction of what causes the entry")
    return Booking(now=timezone.now())


# --- sales ----------------------------------------------------------------------------------

def order_sales_record(*, order) -> int:
    """Book the sale of every unit of a just-paid order (its row locked by the caller), at the
    commission rate and the terms of now. Units already booked are left alone."""
    booking = _booking()
    done = set(Entry.objects.filter(order_line__order=order, kind=Kind.SALE,
                                    debit=Account.BUYERS).values_list("order_line_id", "unit_index"))
    lines = order.lines.select_related("product__parent")
    _sell_units(booking, [(line, unit) for line in lines for unit in range(line.quantity)
                          if (line.pk, unit) not in done])
    booking.save()
    return len(booking.entries)


def _sell_units(booking: Booking, units: list[tuple]) -> dict[tuple[int, int], UnitMoney]:
    """Book the sale of each (order line, unit index); lines that are not of a deal are skipped."""
    options = {o.product_id: o for o in DealOption.objects.filter(
        product_id__in={line.product_id for line, _unit in units}).select_related("deal")}
    sold, rates, terms = {}, {}, {}
    for line, index in units:
        option = options.get(line.product_id)
        if option is None:
            continue
        merchant_id = option.deal.merchant_id
        if line.pk not in rates:
            rates[line.pk] = commission_percent_for(merchant_id=merchant_id, product=line.product)
        if merchant_id not in terms:
            terms[merchant_id] = terms_in_effect(merchant_id=merchant_id, at=booking.now)
        percent, source = rates[line.pk]
        money = UnitMoney(unit=Unit(line.pk, index), merchant_id=merchant_id,
                          deal_id=option.deal_id, currency=line.order.currency,
                          commission_percent=percent)
        sell(booking, money, price=line.unit_price_incl_tax, terms=terms[merchant_id],
             commission_source=source)
        sold[money.unit.key] = money
    return sold


def _units_money_sold(booking: Booking, units: list[Unit]) -> dict[tuple[int, int], UnitMoney]:
    """The money of ``units``; a unit whose sale was never booked (a voucher sold before the
    ledger, or made outside the order lifecycle) is sold now, from its order line."""
    found = units_money(units=units)
    missing = [u for u in units if u.key not in found]
    if missing:
        lines = {line.pk: line for line in Line.objects.filter(
            pk__in={u.order_line_id for u in missing}).select_related("order", "product__parent")}
        found.update(_sell_units(booking, [(lines[u.order_line_id], u.unit_index)
                                           for u in missing if u.order_line_id in lines]))
    for unit in units:  # the voucher, once it exists, is named on every later entry
        if unit.key in found and unit.voucher_id:
            found[unit.key].unit = unit
    return found


# --- uses (redemptions) ---------------------------------------------------------------------

@dataclass(frozen=True)
class Use:
    """A voucher used at a store. ``amount``: what of its price this use is worth (a visit of a
    multi-visit pass); None for the whole of what it still holds."""

    unit: Unit
    redemption_id: int
    location_id: int
    actor_id: int | None = None
    actor_label: str = ""
    amount: Decimal | None = None


def voucher_uses_record(*, uses: list[Use]) -> list[Entry]:
    """Each use makes what it is worth due to the merchant (minus commission, part held back
    under their terms); for a voucher paid on sale it records the use and moves nothing."""
    booking = _booking()
    money = _units_money_sold(booking, [use.unit for use in uses])
    terms = {}
    for use in uses:
        unit_money = money.get(use.unit.key)
        if unit_money is None:
            continue
        merchant_id = unit_money.merchant_id
        if merchant_id not in terms:
            terms[merchant_id] = terms_in_effect(merchant_id=merchant_id, at=booking.now)
        earn(booking, unit_money, take=use.amount, kind=Kind.REDEMPTION, terms=terms[merchant_id],
             redemption_id=use.redemption_id, location_id=use.location_id,
             actor_id=use.actor_id, actor_label=use.actor_label[:100])
    return booking.save()


def redemption_reverse(*, redemption_id: int, actor=None, actor_label: str = "",
                       reason: str = "") -> list[Entry]:
    """An undone redemption: its entries are reversed, except a reserve already released (the
    merchant then owes it back from what is due to them)."""
    booking = _booking()
    originals = list(Entry.objects.select_for_update(of=("self",))
                     .filter(redemption_id=redemption_id, reverses__isnull=True,
                             reversed_by__isnull=True)
                     .exclude(kind=Kind.RESERVE_RELEASE).order_by("pk"))
    for entry in originals:
        booking.reverse(entry, actor=actor, actor_label=actor_label[:100], reason=reason)
    return booking.save()


# --- expiry and voids -----------------------------------------------------------------------

def voucher_expired_unused(*, unit: Unit) -> list[Entry]:
    """A voucher of a deal that refunds nothing on expiry ran out unused: the merchant is paid
    as for a redemption (commission to the platform), since they stood ready to serve."""
    booking = _booking()
    money = _units_money_sold(booking, [unit]).get(unit.key)
    if money is not None:
        earn(booking, money, take=None, kind=Kind.BREAKAGE,
             terms=terms_in_effect(merchant_id=money.merchant_id, at=booking.now))
    return booking.save()


def voucher_voided(*, unit: Unit, actor=None, reason: str = "") -> list[Entry]:
    """A voucher cancelled without its money going back (staff: fraud, a mistake): what it held
    stays with the platform, where a refund found later takes it from."""
    booking = _booking()
    money = _units_money_sold(booking, [unit]).get(unit.key)
    if money is not None and not money.closed:
        close(booking, money, actor=actor, reason=reason)
    return booking.save()


# --- refunds --------------------------------------------------------------------------------

def voucher_refunds_follow(*, order_id: int, unit: Unit) -> list[Entry]:
    """Book the refunds that name this voucher (the caller holds its row lock)."""
    return _refunds_follow(order_id=order_id, units=[unit], closed=[], unnamed=False)


def order_refunds_follow(*, order_id: int, units: list[Unit], closed: list[Unit]) -> list[Entry]:
    """Make the refund entries of an order agree with its refunds as recorded from Stripe (the
    caller holds the order's and all its vouchers' row locks).

    A refund naming a voucher goes to that voucher. One that names none (made in Stripe's
    dashboard, or the rest of a full refund) goes to the ``closed`` units (voided, or never to be
    issued) and those the ledger already knows as closed, in order, each up to what it has not
    got back yet; what is left of it then goes to the other ``units`` in the order given (the
    caller puts the vouchers already used first: their money was earned, a refund takes it back
    from the merchant and the commission). What a closed unit still holds then stays with the
    platform. A refund that no longer returns money (it failed at the bank) is reversed.
    """
    return _refunds_follow(order_id=order_id, units=units, closed=closed, unnamed=True)


def _refunds_follow(*, order_id: int, units: list[Unit], closed: list[Unit],
                    unnamed: bool) -> list[Entry]:
    booking = _booking()
    refunds = list(StripeRefund.objects.filter(attempt__order_id=order_id).order_by("created_at", "id"))
    if not refunds:
        return []
    money = _units_money_sold(booking, list({u.key: u for u in [*units, *closed]}.values()))
    if unnamed:
        money.update({k: v for k, v in units_money(order_id=order_id).items() if k not in money})
    by_voucher = {m.unit.voucher_id: m for m in money.values() if m.unit.voucher_id}
    closing = {u.key for u in closed} | {k for k, m in money.items() if m.closed}
    spill = [k for k in [*(u.key for u in units), *sorted(money)] if k not in closing]
    spill = list(dict.fromkeys(spill))  # each unit once, in the caller's order
    booked = _refunds_booked(order_id)
    for refund in refunds:
        target = refund.amount if refund.status in REFUND_RETURNS_MONEY else ZERO
        entries = booked.get(refund.pk, [])
        if _booked_amount(entries) > target:  # the refund failed after all: it is undone
            for entry in entries:
                booking.reverse(entry, reason=_("refund %(id)s did not return the money")
                                % {"id": refund.stripe_refund_id})
                _unbook(money.get((entry.order_line_id, entry.unit_index)), entry)
            entries = []
        rest = target - _booked_amount(entries)
        named = _int(refund.metadata.get("voucher_id"))
        if named is not None:
            targets = [by_voucher[named]] if named in by_voucher else []
        elif unnamed:
            targets = [money[k] for k in [*sorted(closing), *spill] if k in money]
        else:
            targets = []
        for unit_money in targets:
            if rest <= 0:
                break
            part = min(rest, unit_money.refundable)
            if part > 0:
                give_back(booking, unit_money, amount=part, refund_id=refund.pk)
                rest -= part
    for key in sorted(closing):
        if key in money and (not money[key].closed or money[key].held):
            close(booking, money[key])
    return booking.save()


def _refunds_booked(order_id: int) -> dict[int, list[Entry]]:
    booked = {}
    for entry in (Entry.objects.select_for_update(of=("self",))
                  .filter(order_line__order_id=order_id, kind=Kind.REFUND,
                          refund_id__isnull=False, reverses__isnull=True,
                          reversed_by__isnull=True).order_by("pk")):
        booked.setdefault(entry.refund_id, []).append(entry)
    return booked


def _booked_amount(entries: list[Entry]) -> Decimal:
    return sum((e.amount for e in entries), ZERO)


def _unbook(money: UnitMoney | None, entry: Entry) -> None:
    """The unit's money as if ``entry`` (a refund) had not been booked."""
    if money is None:
        return
    money.refunded -= entry.amount
    source = {Account.HELD: "held", Account.BREAKAGE: "breakage", Account.COMMISSION: "commission",
              Account.MERCHANT: "merchant"}[entry.debit]
    setattr(money, source, getattr(money, source) + entry.amount)


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


# --- staff adjustments ----------------------------------------------------------------------

@transaction.atomic
def adjustment_record(*, merchant: Merchant, amount: Decimal, currency: str, reason: str,
                      actor) -> Entry:
    """Staff credit (``amount`` > 0) or debit (< 0) a merchant, with the reason, for a correction
    no other entry covers. It counts towards the next payout."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason: the merchant sees it on their statement.")
    if amount is None or amount == 0:
        errors["amount"] = _("Enter an amount other than zero.")
    if not currency or len(currency) != 3:
        errors["currency"] = _("Enter a currency code, such as EUR.")
    if errors:
        raise ValidationError(errors)
    booking = _booking()
    PayoutAccount.objects.get_or_create(merchant=merchant)
    into_merchant = amount > 0
    entry = booking.add(kind=Kind.ADJUSTMENT,
                        debit=Account.PLATFORM if into_merchant else Account.MERCHANT,
                        credit=Account.MERCHANT if into_merchant else Account.PLATFORM,
                        amount=abs(amount), merchant_id=merchant.pk, currency=currency.upper(),
                        actor=actor, reason=reason)
    booking.save()
    return entry


# --- reserves ---------------------------------------------------------------------------------

def reserves_release(*, now: datetime | None = None, limit: int = 5000) -> int:
    """Release every reserve hold whose time has come (and that no undo reversed): the amount
    becomes due to the merchant. Safe in two workers at once (the holds are locked, skipped when
    another run has them)."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking(now=now)
        holds = list(Entry.objects.select_for_update(skip_locked=True, of=("self",))
                     .filter(kind=Kind.RESERVE_HOLD, reverses__isnull=True,
                             release_after__lte=now, reversed_by__isnull=True)
                     .order_by("release_after", "pk")[:limit])
        for hold in holds:
            booking.reverse(hold, kind=Kind.RESERVE_RELEASE, release_after=None)
        booking.save()
    return len(holds)

