"""Redeeming vouchers at the counter: the rules, in one place, for the counter page and the API.

Every rule a voucher must pass lives in ``check_voucher`` (the trades' own in
``_terms_refusal``: usage windows, one use a day, the booked slot); every write takes the
voucher row lock (select_for_update), the same lock the refund and the booking take, so a redeem
and a refund (or two redeems) of one voucher cannot both win. The partial unique index (one
standing redemption per use of a voucher) and the CHECK on a voucher's uses back the lock up:
of parallel redemptions of a pass's last use exactly one wins. Every attempt lands in the audit
log (RedemptionAttempt).
"""
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from oscar.core.loading import get_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marketplace.core.rawsql import insert_rows, insert_statement, instance_from_row, write_together
from marketplace.deals import terms
from marketplace.deals.models import Deal, DealOption
from merchants import permissions
from merchants.models import ApiToken, Location, Merchant
from merchants.selectors import location_zone

# services as a module: the tasks it schedules import no_shows, which imports this module.
from . import codes, ratelimit, services
from .bookings import booking_standing
from .error_codes import DEFAULT_MESSAGES, RedemptionError
from .models import Booking, Redemption, RedemptionAttempt, Voucher

E = RedemptionError
Product = get_model("catalogue", "Product")
_LOOKUP_FAILURES = {E.UNKNOWN_CODE, E.INVALID_FORMAT}
MAX_CODES_PER_REQUEST = 20


@dataclass(frozen=True)
class Counter:
    """Who is redeeming, at which store, through which client."""

    merchant: Merchant
    location: Location
    user: object = None
    api_token: ApiToken | None = None
    client: str = Redemption.Client.PAGE


@dataclass
class Refusal:
    code: RedemptionError
    message: str
    detail: dict = field(default_factory=dict)


@dataclass
class Checked:
    """A voucher as the counter sees it, and whether it can be redeemed here and now (its next
    use, for a pass); the booking it is redeemed for, if its deal takes bookings."""

    voucher: Voucher
    refusal: Refusal | None
    paid_value_only: bool = False
    booking: Booking | None = None
    # Set under the row lock when the use is written: which use, and the price it stands for.
    use_number: int = 0
    price_share: Decimal | None = None

    @property
    def redeemable(self) -> bool:
        return self.refusal is None

    @property
    def amount(self) -> Decimal:
        """What the merchant honours for this use: the value (the price paid once the value
        has expired), a pass's share of it per use."""
        voucher = self.voucher
        return use_share(voucher.price_paid if self.paid_value_only else voucher.value,
                         uses=voucher.uses_total, last=voucher.uses_used + 1 >= voucher.uses_total)

    @property
    def terms(self) -> terms.OptionTerms:
        return counter_terms(self.voucher)


def use_share(total: Decimal, *, uses: int, last: bool) -> Decimal:
    """One use's share of ``total`` on a voucher of ``uses`` uses: total / uses rounded down
    to the cent; the last use takes what rounding left, so the uses add up to the total."""
    each = (total / uses).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return total - each * (uses - 1) if last else each


@dataclass
class Outcome:
    """What a verify or a redeem answers: the vouchers, or why nothing happened."""

    checked: list[Checked] = field(default_factory=list)
    redemptions: list[Redemption] = field(default_factory=list)
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


class UndoRefused(Exception):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


# --- who may do what ----------------------------------------------------------------------

def counter_for_member(*, user, merchant: Merchant, location: Location) -> Counter | None:
    """The counter of a member at a store, or None when they may not redeem there."""
    if not permissions.user_can_redeem_at(user=user, merchant=merchant, location=location):
        return None
    return Counter(merchant=merchant, location=location, user=user)


def counter_for_token(*, token: ApiToken) -> Counter:
    """A till's counter: the till (its token) is the actor, not a person."""
    location = token.location
    return Counter(merchant=location.merchant, location=location, user=None,
                   api_token=token, client=Redemption.Client.API)


# --- the rules ----------------------------------------------------------------------------

def _when(dt: datetime, location: Location) -> str:
    return date_format(timezone.localtime(dt, location_zone(location)), "DATETIME_FORMAT")


def standing_redemption(voucher: Voucher) -> Redemption | None:
    """The voucher's standing redemption (a pass's latest one)."""
    return (Redemption.objects.filter(voucher=voucher, undone_at__isnull=True)
            .select_related("location", "redeemed_by", "api_token").first())


def counter_terms(voucher: Voucher) -> terms.OptionTerms:
    """The terms of the voucher's option (set by the counter's look-up; else read now)."""
    found = getattr(voucher, "counter_terms", None)
    if found is None:
        found = terms.option_terms(voucher.deal,
                                   DealOption.objects.filter(product_id=voucher.option_id).first())
        voucher.counter_terms = found
    return found


def redeemer_label(redemption: Redemption) -> str:
    if redemption.client == Redemption.Client.API and redemption.api_token_id:
        return _("till “%(name)s”") % {"name": redemption.api_token.name}
    user = redemption.redeemed_by
    if user is None:
        return _("a former member")
    return user.first_name or user.get_username()


def _already_redeemed(voucher: Voucher, location: Location) -> Refusal:
    redemption = standing_redemption(voucher)
    if redemption is None:  # redeemed before the redemption log existed
        return Refusal(E.ALREADY_REDEEMED, str(DEFAULT_MESSAGES[E.ALREADY_REDEEMED]),
                       {"redeemed_at": voucher.status_changed_at.isoformat()})
    facts = {"when": _when(redemption.redeemed_at, location), "store": redemption.location.name,
             "who": redeemer_label(redemption), "n": voucher.uses_total}
    if voucher.is_pass:
        code, message = E.NO_USES_LEFT, _(
            "All %(n)s uses are used; the last on %(when)s at %(store)s by %(who)s.") % facts
    else:
        code, message = E.ALREADY_REDEEMED, _(
            "Already redeemed on %(when)s at %(store)s by %(who)s.") % facts
    return Refusal(code, message, {
        "redeemed_at": redemption.redeemed_at.isoformat(),
        "location": {"id": redemption.location_id, "name": redemption.location.name},
        "redeemed_by": redeemer_label(redemption),
    })


def stores_named(deal: Deal) -> list[dict]:
    """{"id", "name"} of the deal's stores, names in the reader's language (else the store's own)."""
    return [{"id": loc.pk, "name": loc.name}
            for loc in deal.locations.prefetch_related("translations").order_by("pk")]


def _valid_location_ids(deal: Deal) -> set[int]:
    return set(deal.locations.values_list("pk", flat=True))


def check_voucher(voucher: Voucher, *, location: Location, now: datetime | None = None) -> Checked:
    """Apply every rule to ``voucher`` at ``location`` now: the one place the rules live."""
    now = now or timezone.now()
    status = voucher.status
    if status in (Voucher.Status.REFUNDED, Voucher.Status.VOID):
        return Checked(voucher, Refusal(E.REFUNDED, str(DEFAULT_MESSAGES[E.REFUNDED])))
    if status == Voucher.Status.REDEEMED:
        return Checked(voucher, _already_redeemed(voucher, location))
    valid_here = getattr(voucher, "valid_here", None)
    if valid_here is None:
        valid_here = location.pk in _valid_location_ids(voucher.deal)
    if not valid_here:
        valid_at = stores_named(voucher.deal)
        return Checked(voucher, Refusal(
            E.NOT_VALID_HERE,
            _("Not valid at %(here)s. Valid only at: %(stores)s.") % {
                "here": location.name, "stores": ", ".join(s["name"] for s in valid_at)},
            {"valid_at": valid_at}))
    if now < voucher.valid_from:
        return Checked(voucher, Refusal(
            E.NOT_YET_VALID,
            _("Not valid yet: valid from %(when)s.") % {"when": _when(voucher.valid_from, location)},
            {"valid_from": voucher.valid_from.isoformat()}))
    paid_value_only = False
    if now > voucher.valid_until or status == Voucher.Status.EXPIRED:
        if voucher.deal.expiry_policy != Deal.ExpiryPolicy.PAID_VALUE:
            return Checked(voucher, Refusal(
                E.EXPIRED,
                _("Expired on %(when)s.") % {"when": _when(voucher.valid_until, location)},
                {"valid_until": voucher.valid_until.isoformat()}))
        paid_value_only = True
    refusal, booking = _terms_refusal(voucher, location, now, paid_value_only=paid_value_only)
    return Checked(voucher, refusal, paid_value_only=paid_value_only, booking=booking)


def _terms_refusal(voucher: Voucher, location: Location, now: datetime, *,
                   paid_value_only: bool) -> tuple[Refusal | None, Booking | None]:
    """The rules of the voucher's trade: the booked slot (bookable deals), else the usage
    windows; at most one use a day. Returns (refusal or None, the booking redeemed for)."""
    shaped = counter_terms(voucher)
    zone = location_zone(location)
    booking = None
    # Expired vouchers honoured for their price paid cannot be booked any more: no slot needed.
    if shaped.bookable and not paid_value_only:
        booking = booking_standing(voucher=voucher)
        refusal = _booking_refusal(booking, shaped, location, now)
        if refusal is not None:
            return refusal, None
    elif not terms.usable_at(list(shaped.windows), list(shaped.excluded_dates), now.astimezone(zone)):
        return _not_valid_now(shaped, location, now), None
    if shaped.one_use_per_day:
        refusal = _used_today(voucher, location, now)
        if refusal is not None:
            return refusal, None
    return None, booking


def _not_valid_now(shaped: terms.OptionTerms, location: Location, now: datetime) -> Refusal:
    zone = location_zone(location)
    upcoming = terms.next_usable(list(shaped.windows), list(shaped.excluded_dates), after=now,
                                 zone=zone)
    facts = {"windows": shaped.windows_text or _("not on the excluded dates"),
             "next": _when(upcoming, location) if upcoming else ""}
    message = (_("Not valid now: valid %(windows)s. Next: %(next)s.") if upcoming
               else _("Not valid now: valid %(windows)s.")) % facts
    return Refusal(E.NOT_VALID_NOW, message, {
        "windows": shaped.windows_text, "excluded_dates": list(shaped.excluded_dates),
        "next_valid_at": upcoming.isoformat() if upcoming else None})


def _booking_refusal(booking: Booking | None, shaped: terms.OptionTerms, location: Location,
                     now: datetime) -> Refusal | None:
    if booking is None:
        return Refusal(E.NOT_BOOKED_NOW, str(DEFAULT_MESSAGES[E.NOT_BOOKED_NOW]))
    tolerance = timedelta(minutes=shaped.booking_tolerance_minutes)
    if (booking.location_id == location.pk
            and booking.starts_at - tolerance <= now <= booking.starts_at + tolerance):
        return None
    message = _("Booked for %(when)s at %(store)s (arrive within %(minutes)s minutes of it).") % {
        "when": _when(booking.starts_at, location), "store": booking.location.name,
        "minutes": shaped.booking_tolerance_minutes}
    return Refusal(E.BOOKED_FOR_ANOTHER_TIME, message, {"booking": booking_data(booking)})


def booking_data(booking: Booking | None) -> dict | None:
    if booking is None:
        return None
    return {"id": booking.pk, "starts_at": booking.starts_at.isoformat(),
            "ends_at": booking.ends_at.isoformat(),
            "location": {"id": booking.location_id, "name": booking.location.name}}


def _used_today(voucher: Voucher, location: Location, now: datetime) -> Refusal | None:
    zone = location_zone(location)
    today = now.astimezone(zone).date()
    start = datetime.combine(today, time.min, tzinfo=zone)
    used = (Redemption.objects.filter(voucher=voucher, undone_at__isnull=True,
                                      redeemed_at__gte=start, redeemed_at__lt=start + timedelta(days=1))
            .order_by("-redeemed_at").values_list("redeemed_at", flat=True).first())
    if used is None:
        return None
    tomorrow = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    return Refusal(E.ALREADY_USED_TODAY, _(
        "Already used today (%(when)s): one use a day, usable again from %(next)s.") % {
        "when": _when(used, location), "next": _when(tomorrow, location)},
        {"used_at": used.isoformat(), "next_valid_at": tomorrow.isoformat()})


# --- look-ups -----------------------------------------------------------------------------

def _vouchers_by_code(*, merchant: Merchant, normalized: list[str], lock: bool,
                      location: Location | None = None) -> dict[str, Voucher]:
    """The vouchers of ``merchant`` with these codes, with their deal's policy and titles, and
    whether the deal is valid at ``location``. A code of another merchant is not found: the
    query is the same whether the code is unknown or foreign, so neither is distinguishable.

    With ``lock``, rows are locked in one order (by id) for every request, so two batches
    cannot deadlock. Plain SQL: every counter request runs it, and building it with the ORM
    costs more CPU than running it."""
    digests = {codes.digest(c): c for c in normalized}
    features = connection.features
    lock_sql = ""
    if lock and features.has_select_for_update:
        lock_sql = " FOR UPDATE OF v" if features.has_select_for_update_of else " FOR UPDATE"
    sql = _COUNTER_SQL.format(placeholders=", ".join(["%s"] * len(digests)), lock=lock_sql)
    with connection.cursor() as cursor:
        cursor.execute(sql, [location.pk if location else 0, *digests, merchant.pk])
        rows = cursor.fetchall()
    found = {}
    width = len(_VOUCHER_FIELDS)
    deal_width = len(_DEAL_FIELDS)
    for row in rows:
        voucher = instance_from_row(Voucher, _VOUCHER_FIELDS, row[:width])
        deal_row = row[width:width + deal_width]
        option_row, (title, option_title, valid_here) = (
            row[width + deal_width:-3], row[-3:])
        voucher.deal = instance_from_row(Deal, _DEAL_FIELDS, deal_row)
        voucher.deal.product = instance_from_row(Product, ["id", "title"],
                                                 [voucher.deal.product_id, title])
        voucher.option = instance_from_row(Product, ["id", "title"], [voucher.option_id, option_title])
        option = instance_from_row(DealOption, _OPTION_FIELDS, option_row) \
            if option_row[0] is not None else None
        voucher.counter_terms = terms.option_terms(voucher.deal, option)
        voucher.valid_here = bool(valid_here) if location else None
        voucher.code = digests[voucher.code_digest]  # same digest, same code: no decryption
        found[voucher.code] = voucher
    return found


_VOUCHER_FIELDS = [f.attname for f in Voucher._meta.concrete_fields]
# What the rules read of the deal and the option (deals/terms.py: option_terms).
_DEAL_FIELDS = ["id", "expiry_policy", "product_id", "usage_windows", "excluded_dates", "bookable",
                "booking_cutoff_hours", "booking_tolerance_minutes", "no_show_policy"]
_OPTION_FIELDS = ["id", "uses", "one_use_per_day", "usage_windows"]
_COUNTER_SQL = (
    "SELECT " + ", ".join(f"v.{f.column}" for f in Voucher._meta.concrete_fields)
    + ", " + ", ".join(f"d.{Deal._meta.get_field(f).column}" for f in _DEAL_FIELDS)
    + ", " + ", ".join(f"opt.{DealOption._meta.get_field(f).column}" for f in _OPTION_FIELDS)
    + ", p.title, o.title, "
    f"EXISTS (SELECT 1 FROM {Deal.locations.through._meta.db_table} dl "
    "WHERE dl.deal_id = v.deal_id AND dl.location_id = %s) "
    f"FROM {Voucher._meta.db_table} v "
    f"JOIN {Deal._meta.db_table} d ON d.id = v.deal_id "
    f"JOIN {Product._meta.db_table} p ON p.id = d.product_id "
    f"JOIN {Product._meta.db_table} o ON o.id = v.option_id "
    f"LEFT JOIN {DealOption._meta.db_table} opt ON opt.product_id = v.option_id "
    "WHERE v.code_digest IN ({placeholders}) AND v.merchant_id = %s ORDER BY v.id{lock}"
)


def _unknown(code: str) -> Refusal:
    return Refusal(E.UNKNOWN_CODE, str(DEFAULT_MESSAGES[E.UNKNOWN_CODE]),
                   {"code": codes.display(code) if code else ""})


def _malformed(code: str) -> Refusal:
    return Refusal(E.INVALID_FORMAT, str(DEFAULT_MESSAGES[E.INVALID_FORMAT]), {"code": code})


def _audit(counter: Counter, action: str, result: str, normalized: list[str],
           vouchers: dict[str, Voucher]):
    write_together([_audit_write(counter, action, result, normalized, vouchers)])


def _audit_write(counter: Counter, action: str, result: str, normalized: list[str],
                 vouchers: dict[str, Voucher]) -> tuple[str, list]:
    """The audit log's INSERT for one attempt (a row per code), to write now or together
    with the redeem it records."""
    return insert_statement([
        RedemptionAttempt(
            action=action, result=result, client=counter.client, merchant=counter.merchant,
            location=counter.location, user=counter.user if counter.user else None,
            api_token=counter.api_token, voucher=vouchers.get(code),
            code_hint=_code_hint(code, vouchers.get(code)),
        ) for code in (normalized or [""])
    ], _ATTEMPT_FIELDS, returning=())


def _code_hint(code: str, voucher: Voucher | None) -> str:
    """The start of the code's digest: which code was tried, without the code."""
    if not code:
        return ""
    return (voucher.code_digest if voucher else codes.digest(code))[:12]


_ATTEMPT_FIELDS = ("action", "result", "client", "merchant_id", "location_id", "user_id",
                   "api_token_id", "voucher_id", "code_hint", "created_at")


def _refuse_lookup(counter: Counter, action: str, refusal: Refusal, normalized, found) -> Outcome:
    _audit(counter, action, str(refusal.code), normalized, found)
    if refusal.code in _LOOKUP_FAILURES:
        ratelimit.record_failure(counter)
    return Outcome(refusal=refusal)


def _precheck(counter: Counter, typed: list[str]) -> tuple[list[str], Refusal | None]:
    normalized = [codes.normalize(t) for t in typed]
    if ratelimit.locked_out(counter):
        return normalized, Refusal(E.RATE_LIMITED, str(DEFAULT_MESSAGES[E.RATE_LIMITED]))
    if not normalized or len(normalized) > MAX_CODES_PER_REQUEST:
        return normalized, Refusal(E.INVALID_FORMAT, _("Send between 1 and %(n)s codes.") % {
            "n": MAX_CODES_PER_REQUEST})
    for code in normalized:
        if not codes.is_well_formed(code):
            return normalized, _malformed(code)
    return list(dict.fromkeys(normalized)), None


def voucher_verify(*, counter: Counter, code: str) -> Outcome:
    """What the counter sees for a typed or scanned code; changes nothing but the audit log."""
    normalized, refusal = _precheck(counter, [code])
    if refusal:
        return _refuse_lookup(counter, RedemptionAttempt.Action.VERIFY, refusal, normalized, {})
    found = _vouchers_by_code(merchant=counter.merchant, normalized=normalized, lock=False,
                              location=counter.location)
    if not found:
        return _refuse_lookup(counter, RedemptionAttempt.Action.VERIFY, _unknown(normalized[0]),
                              normalized, found)
    checked = check_voucher(found[normalized[0]], location=counter.location)
    _audit(counter, RedemptionAttempt.Action.VERIFY,
           "ok" if checked.redeemable else str(checked.refusal.code), normalized, found)
    return Outcome(checked=[checked])


def vouchers_redeem_together(*, counter: Counter, codes_typed: list[str]) -> Outcome:
    """Redeem every voucher of ``codes_typed`` at the counter's store, or none of them."""
    normalized, refusal = _precheck(counter, codes_typed)
    if refusal:
        return _refuse_lookup(counter, RedemptionAttempt.Action.REDEEM, refusal, normalized, {})
    # Every rule is checked before the first write, so a refusal has nothing to roll back and
    # the batch needs no savepoint of its own inside a caller's transaction.
    with transaction.atomic(savepoint=False):
        found = _vouchers_by_code(merchant=counter.merchant, normalized=normalized, lock=True,
                                  location=counter.location)
        checked, refusal = _check_batch(counter, normalized, found)
        if refusal is None:
            # The audit row is written with the redeem, in its statement.
            return _redeem_checked(counter, checked, audit=_audit_write(
                counter, RedemptionAttempt.Action.REDEEM, "ok", normalized, found))
    if refusal.code == E.UNKNOWN_CODE:
        return _refuse_lookup(counter, RedemptionAttempt.Action.REDEEM, refusal, normalized,
                              found)
    _audit(counter, RedemptionAttempt.Action.REDEEM, str(refusal.code), normalized, found)
    return Outcome(refusal=refusal)


def voucher_redeem(*, counter: Counter, code: str) -> Outcome:
    return vouchers_redeem_together(counter=counter, codes_typed=[code])


def _check_batch(counter: Counter, normalized: list[str], found):
    """Every voucher checked, and the first refusal (which refuses the whole batch)."""
    missing = [c for c in normalized if c not in found]
    if missing:
        return [], _unknown(missing[0])
    now = timezone.now()
    checked = [check_voucher(found[code], location=counter.location, now=now)
               for code in normalized]
    for item in checked:
        if not item.redeemable:
            refusal = item.refusal
            refusal.detail = {**refusal.detail, "voucher": item.voucher.pk}
            return checked, refusal
    return checked, None


def voucher_use_for_no_show(*, voucher: Voucher, booking: Booking) -> Redemption:
    """Use up one use of ``voucher`` (locked by the caller) for a booking the buyer did not
    come to (the deal's no-show policy "used up"): written as the counter writes a use, client
    "no_show", at the booking's store, with what the use is worth."""
    counter = Counter(merchant=voucher.merchant, location=booking.location,
                      client=Redemption.Client.NO_SHOW)
    outcome = _redeem_checked(counter, [Checked(voucher, None, booking=booking)], audit=_audit_write(
        counter, RedemptionAttempt.Action.REDEEM, Redemption.Client.NO_SHOW, [], {}),
        booking_status=Booking.Status.NO_SHOW)
    return outcome.redemptions[0]


def _redeem_checked(counter: Counter, checked: list[Checked], audit: tuple[str, list],
                    booking_status: str = Booking.Status.ATTENDED) -> Outcome:
    """Write the redeem: each voucher's use (its uses, its new status, its history), the
    booking it was redeemed for, the redemptions and the audit row, as one statement
    (rawsql.write_together). The caller holds the vouchers' row locks."""
    now = timezone.now()
    batch = uuid.uuid4()
    amounts = [item.amount for item in checked]  # before the uses are counted
    for item in checked:
        _number_the_use(item)
    writes = [audit, *services.vouchers_use_writes(
        vouchers=[item.voucher for item in checked], reasons=[_use_reason(i) for i in checked],
        actor=counter.user, actor_label=_actor_label(counter))]
    attended = [item.booking.pk for item in checked if item.booking is not None]
    if attended:
        writes.append((_ATTENDED_SQL.format(ids=", ".join(["%s"] * len(attended))),
                       [booking_status, connection.ops.adapt_datetimefield_value(now), *attended]))
    redemptions = [Redemption(
        voucher=item.voucher, merchant=counter.merchant, location=counter.location,
        redeemed_by=counter.user, api_token=counter.api_token, client=counter.client,
        batch=batch, use_number=item.use_number, amount=amount, price_share=item.price_share,
        currency=item.voucher.currency, paid_value_only=item.paid_value_only,
        booking=item.booking, redeemed_at=now,
    ) for item, amount in zip(checked, amounts)]
    # The partial unique index (one standing redemption per use) backs the row lock up.
    insert_rows(redemptions, _REDEMPTION_FIELDS, along=writes)
    return Outcome(checked=checked, redemptions=redemptions)


def _number_the_use(item: Checked) -> None:
    """Which use this is and the part of the price paid it stands for (under the row lock).
    A pass's uses are numbered from 1 (the lowest free number, an undone use's number is
    free again); its last use takes what is left of the price paid, so they add up to it."""
    voucher = item.voucher
    if voucher.uses_total == 1:
        item.use_number, item.price_share = 1, voucher.price_paid
        return
    standing = dict(Redemption.objects.filter(voucher=voucher, undone_at__isnull=True)
                    .values_list("use_number", "price_share"))
    item.use_number = next((n for n in range(1, voucher.uses_total + 1) if n not in standing),
                           voucher.uses_total + 1)  # none free: the database refuses the use
    last = voucher.uses_used + 1 >= voucher.uses_total
    item.price_share = (voucher.price_paid - sum(standing.values(), Decimal("0")) if last
                        else use_share(voucher.price_paid, uses=voucher.uses_total, last=False))


def _use_reason(item: Checked) -> str:
    parts = []
    if item.voucher.is_pass:
        parts.append(f"use {item.use_number} of {item.voucher.uses_total}")
    if item.paid_value_only:
        parts.append("paid value only (expired)")
    return ", ".join(parts)


_ATTENDED_SQL = (f"UPDATE {Booking._meta.db_table} SET status = %s, changed_at = %s "
                 "WHERE id IN ({ids})")
_REDEMPTION_FIELDS = ("voucher_id", "merchant_id", "location_id", "redeemed_by_id",
                      "api_token_id", "client", "batch", "use_number", "amount", "price_share",
                      "currency", "paid_value_only", "booking_id", "redeemed_at", "undo_reason")


def _actor_label(counter: Counter) -> str:
    if counter.client == Redemption.Client.NO_SHOW:
        return f"no-show policy at {counter.location.name}"[:100]
    if counter.api_token is not None:
        return f"api token {counter.api_token.prefix} at {counter.location.name}"[:100]
    return f"counter page at {counter.location.name}"[:100]


# --- undo ---------------------------------------------------------------------------------

def voucher_unredeem(*, redemption_id: int, counter: Counter, reason: str) -> Redemption:
    """Undo a standing redemption within the window, with a reason; the voucher is usable again.

    The caller has checked that the counter's user (a manager) or token may undo. Raises
    UndoRefused with the refusal when the undo is not allowed.
    """
    reason = (reason or "").strip()
    result = "ok"
    try:
        if not reason:
            raise UndoRefused(Refusal(E.REASON_REQUIRED, str(DEFAULT_MESSAGES[E.REASON_REQUIRED])))
        with transaction.atomic():
            redemption = _undo_locked(redemption_id, counter, reason)
        return redemption
    except UndoRefused as refused:
        result = str(refused.refusal.code)
        raise
    finally:
        RedemptionAttempt.objects.create(
            action=RedemptionAttempt.Action.UNDO, result=result, client=counter.client,
            merchant=counter.merchant, location=counter.location, user=counter.user,
            api_token=counter.api_token,
            voucher_id=Redemption.objects.filter(
                pk=redemption_id, merchant=counter.merchant).values_list("voucher_id",
                                                                         flat=True).first(),
        )


def _undo_locked(redemption_id: int, counter: Counter, reason: str) -> Redemption:
    redemption = (Redemption.objects.filter(pk=redemption_id, merchant=counter.merchant)
                  .select_related("location").first())
    if redemption is None or (counter.api_token and redemption.location_id != counter.location.pk):
        raise UndoRefused(Refusal(E.NOT_FOUND, str(DEFAULT_MESSAGES[E.NOT_FOUND])))
    voucher = Voucher.objects.select_for_update().get(pk=redemption.voucher_id)
    redemption.refresh_from_db()
    if (redemption.undone_at is not None or voucher.uses_used < 1
            or voucher.status not in _USES_GIVEN_BACK_FROM):
        raise UndoRefused(Refusal(E.NOT_REDEEMED, str(DEFAULT_MESSAGES[E.NOT_REDEEMED])))
    now = timezone.now()
    window = timedelta(minutes=settings.REDEMPTION_UNDO_WINDOW_MINUTES)
    if now - redemption.redeemed_at > window:
        raise UndoRefused(Refusal(
            E.UNDO_WINDOW_PASSED,
            _("Redemptions can be undone within %(n)s minutes; ask platform support.") % {
                "n": settings.REDEMPTION_UNDO_WINDOW_MINUTES}))
    undone = Redemption.objects.filter(voucher=voucher, undone_at__isnull=False).count()
    if undone >= settings.REDEMPTION_MAX_UNDOS:
        raise UndoRefused(Refusal(E.UNDO_LIMIT_REACHED,
                                  str(DEFAULT_MESSAGES[E.UNDO_LIMIT_REACHED])))
    # Back to the state before the redemption (issued, or expired for a paid-value voucher);
    # a pass gets the use back.
    before = (voucher.events.filter(to_status=Voucher.Status.REDEEMED).order_by("-pk")
              .values_list("from_status", flat=True).first()) or Voucher.Status.ISSUED
    services.voucher_use_give_back(voucher=voucher, status_before=before, actor=counter.user,
                          actor_label=_actor_label(counter), reason=f"undo: {reason}")
    redemption.undone_at, redemption.undone_by, redemption.undo_reason = now, counter.user, reason
    redemption.save(update_fields=["undone_at", "undone_by", "undo_reason"])
    if redemption.booking_id:
        _booking_stands_again(redemption.booking_id)
    return redemption


# A use can be given back while the voucher is used up, or still has uses (a pass); not once
# it was refunded or voided (its money went back).
_USES_GIVEN_BACK_FROM = (Voucher.Status.REDEEMED, Voucher.Status.ISSUED, Voucher.Status.EXPIRED)


def _booking_stands_again(booking_id: int) -> None:
    """The booking an undone redemption attended stands again, unless the buyer booked anew."""
    try:
        with transaction.atomic():
            Booking.objects.filter(pk=booking_id, status=Booking.Status.ATTENDED).update(
                status=Booking.Status.BOOKED)
    except IntegrityError:
        pass  # another booking stands for the voucher: this one stays attended


def order_siblings(voucher: Voucher) -> list[Voucher]:
    """Other vouchers of the same order and merchant: a table of four shows one order."""
    return list(
        Voucher.objects.filter(order_line__order_id=voucher.order_line.order_id,
                               merchant_id=voucher.merchant_id)
        .exclude(pk=voucher.pk).select_related("deal__product", "option").order_by("pk"))


def sibling_codes(*, counter: Counter, code: str, voucher_ids: list[int]) -> list[str]:
    """The codes of the chosen vouchers that belong to the same order as ``code``'s voucher."""
    normalized = codes.normalize(code)
    if not codes.is_well_formed(normalized):
        return []
    found = _vouchers_by_code(merchant=counter.merchant, normalized=[normalized], lock=False)
    if not found:
        return []
    wanted = {int(i) for i in voucher_ids}
    return [v.code for v in order_siblings(found[normalized]) if v.pk in wanted]
