"""A voucher's money, as the ledger keeps it: one unit of an order line, from its sale on.

The ledger knows a voucher by its order line and unit (the pair is unique on vouchers, and known
at the sale, before the voucher is issued). ``units_money`` reads where each unit's money is now,
in one aggregate query; ``Booking`` collects the entries of one event and writes them at once.
The rules of who gets what are ``earn`` (money held becomes due: commission first, the rest the
merchant's, part held back) and ``give_back`` (a refund takes the money where it is: held first,
then what the platform kept, then what was earned, commission and merchant in proportion).
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Max, Q, Sum, When
from django.db.models.functions import Coalesce

from .models import Account, Entry
from .money import ZERO, money_round, percent_of
from .terms import Terms

Kind = Entry.Kind
MONEY = DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class Unit:
    """One voucher for the ledger: a unit of an order line, and the voucher once issued."""

    order_line_id: int
    unit_index: int
    voucher_id: int | None = None

    @property
    def key(self) -> tuple[int, int]:
        return self.order_line_id, self.unit_index


@dataclass
class UnitMoney:
    """Where one unit's money is now: ``paid`` = refunded + held + breakage + commission + merchant."""

    unit: Unit
    merchant_id: int
    deal_id: int | None
    currency: str
    commission_percent: Decimal
    paid: Decimal = ZERO
    refunded: Decimal = ZERO
    held: Decimal = ZERO
    breakage: Decimal = ZERO
    commission: Decimal = ZERO
    merchant: Decimal = ZERO  # due to the merchant or held back for them (MERCHANT + RESERVE)
    closed: bool = False  # voided: what it still held went to the platform (BREAKAGE)

    @property
    def refundable(self) -> Decimal:
        return self.paid - self.refunded

    @property
    def commission_total(self) -> Decimal:
        """The commission of the whole voucher, at the rate fixed when it was sold."""
        return percent_of(self.paid, self.commission_percent, self.currency)


def net_into(*accounts: str, extra: Q | None = None):
    """SQL: what entered ``accounts`` less what left them (optionally of some entries only)."""
    into = Q(credit__in=accounts) & ~Q(debit__in=accounts)
    out = Q(debit__in=accounts) & ~Q(credit__in=accounts)
    if extra is not None:
        into, out = into & extra, out & extra
    return Coalesce(Sum(Case(When(into, then="amount"), default=ZERO, output_field=MONEY))
                    - Sum(Case(When(out, then="amount"), default=ZERO, output_field=MONEY)), ZERO,
                    output_field=MONEY)


def units_money(*, units: list[Unit] | None = None,
                order_id: int | None = None) -> dict[tuple[int, int], UnitMoney]:
    """The money of each unit that was sold (a unit without a sale entry is absent). Units are
    named by order line and index, not by voucher: the sale is booked before the voucher exists."""
    where = Q()
    if units is not None:
        for unit in units:
            where |= Q(order_line_id=unit.order_line_id, unit_index=unit.unit_index)
        if not units:
            return {}
    if order_id is not None:
        where &= Q(order_line__order_id=order_id)
    rows = (Entry.objects.filter(where, order_line_id__isnull=False).order_by()
            .values("order_line_id", "unit_index")
            .annotate(merchant_id=Max("merchant_id"), deal_id=Max("deal_id"),
                      currency=Max("currency"), voucher_id=Max("voucher_id"),
                      percent=Max("commission_percent", filter=Q(kind=Kind.SALE)),
                      paid=Coalesce(Sum("amount", filter=Q(kind=Kind.SALE, debit=Account.BUYERS)),
                                    ZERO, output_field=MONEY),
                      refunded=net_into(Account.BUYERS, extra=~Q(kind=Kind.SALE)),
                      held=net_into(Account.HELD), breakage=net_into(Account.BREAKAGE),
                      commission=net_into(Account.COMMISSION),
                      merchant=net_into(Account.MERCHANT, Account.RESERVE),
                      closings=Count("id", filter=Q(kind=Kind.BREAKAGE, credit=Account.BREAKAGE,
                                                    reverses__isnull=True))))
    found = {}
    for row in rows:
        if not row["paid"]:
            continue
        unit = Unit(row["order_line_id"], row["unit_index"], row["voucher_id"])
        found[unit.key] = UnitMoney(
            unit=unit, merchant_id=row["merchant_id"], deal_id=row["deal_id"],
            currency=row["currency"], commission_percent=row["percent"] or ZERO,
            paid=row["paid"], refunded=row["refunded"], held=row["held"],
            breakage=row["breakage"], commission=row["commission"], merchant=row["merchant"],
            closed=row["closings"] > 0)
    return found


@dataclass
class Booking:
    """The entries of one event, written together (one INSERT)."""

    now: datetime
    entries: list[Entry] = field(default_factory=list)

    def add(self, money: UnitMoney | None = None, *, kind: str, debit: str, credit: str,
            amount: Decimal, **fields) -> Entry:
        if money is not None:
            fields = {"merchant_id": money.merchant_id, "currency": money.currency,
                      "order_line_id": money.unit.order_line_id,
                      "unit_index": money.unit.unit_index, "deal_id": money.deal_id,
                      "voucher_id": money.unit.voucher_id, **fields}
        entry = Entry(kind=kind, debit=debit, credit=credit, amount=amount, booked_at=self.now,
                      **fields)
        self.entries.append(entry)
        return entry

    def reverse(self, entry: Entry, **fields) -> Entry:
        """The entry that undoes ``entry``: the same amount back, with what caused it."""
        fields = {"kind": entry.kind, **{name: getattr(entry, name) for name in _CAUSE_FIELDS},
                  **fields}
        return self.add(debit=entry.credit, credit=entry.debit, amount=entry.amount,
                        reverses=entry, **fields)

    def save(self) -> list[Entry]:
        return Entry.objects.bulk_create(self.entries) if self.entries else []


_CAUSE_FIELDS = ("merchant_id", "currency", "order_line_id", "unit_index", "deal_id", "voucher_id",
                 "redemption_id", "refund_id", "payout_id", "location_id")


def sell(booking: Booking, money: UnitMoney, *, price: Decimal, terms: Terms,
         commission_source: str) -> None:
    """The buyer paid ``price`` for the unit: held for the voucher, or due at once when the
    merchant is paid on sale."""
    booking.add(money, kind=Kind.SALE, debit=Account.BUYERS, credit=Account.HELD, amount=price,
                terms_id=terms.id, commission_percent=money.commission_percent,
                commission_source=commission_source)
    money.paid += price
    money.held += price
    if terms.pay_on == "sale":
        earn(booking, money, take=price, kind=Kind.SALE, terms=terms)


def earn(booking: Booking, money: UnitMoney, *, take: Decimal | None, kind: str, terms: Terms,
         **refs) -> Entry:
    """``take`` of what the unit holds (None: all of it) becomes due: the commission first (its
    share of ``take``, or all that is left of it on the last part), the rest the merchant's, a
    part of which is held back under ``terms``. Books the merchant's part even when it is zero:
    the entry records the event (a redemption of a voucher paid on sale moves nothing)."""
    take = money.held if take is None else min(take, money.held)
    left = max(money.commission_total - money.commission, ZERO)
    if take == money.held:
        commission = min(left, take)
    else:
        commission = min(percent_of(take, money.commission_percent, money.currency), left, take)
    share = take - commission
    anchor = booking.add(money, kind=kind, debit=Account.HELD, credit=Account.MERCHANT,
                         amount=share, **refs)
    if commission:
        booking.add(money, kind=kind, debit=Account.HELD, credit=Account.COMMISSION,
                    amount=commission, **refs)
    hold = percent_of(share, terms.reserve_percent, money.currency) if terms.holds_reserve else ZERO
    if hold:
        booking.add(money, kind=Kind.RESERVE_HOLD, debit=Account.MERCHANT, credit=Account.RESERVE,
                    amount=hold, release_after=booking.now + timedelta(days=terms.reserve_days),
                    **refs)
    money.held -= take
    money.commission += commission
    money.merchant += share
    return anchor


def give_back(booking: Booking, money: UnitMoney, *, amount: Decimal, **refs) -> None:
    """``amount`` of the unit's money goes back to the buyer, taken where it is: held first, then
    what the platform kept, then what was earned (commission and merchant in proportion)."""
    amount = min(amount, money.refundable)
    from_held = min(amount, money.held)
    from_breakage = min(amount - from_held, money.breakage)
    rest = amount - from_held - from_breakage
    earned = money.commission + money.merchant
    from_commission = money_round(rest * money.commission / earned, money.currency) if earned else ZERO
    from_commission = min(max(from_commission, rest - money.merchant), money.commission)
    from_merchant = rest - from_commission
    for account, part in ((Account.HELD, from_held), (Account.BREAKAGE, from_breakage),
                          (Account.COMMISSION, from_commission), (Account.MERCHANT, from_merchant)):
        if part:
            booking.add(money, kind=Kind.REFUND, debit=account, credit=Account.BUYERS,
                        amount=part, **refs)
    money.held -= from_held
    money.breakage -= from_breakage
    money.commission -= from_commission
    money.merchant -= from_merchant
    money.refunded += amount


def close(booking: Booking, money: UnitMoney, **refs) -> None:
    """A voided unit: what it still holds stays with the platform (booked even when nothing is
    left, to record the void)."""
    booking.add(money, kind=Kind.BREAKAGE, debit=Account.HELD, credit=Account.BREAKAGE,
                amount=money.held, **refs)
    money.breakage += money.held
    money.held = ZERO
    money.closed = True
