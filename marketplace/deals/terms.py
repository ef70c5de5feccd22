"""The terms that shape a deal for its trade: off-peak windows, passes of several uses, bookings.

A window is a span of weekly hours (marketplace/core/weekly.py: weekdays and minutes of the day)
on the wall clock of the store where the voucher is used. A deal's windows apply to every option that has none of
its own; an option's own windows replace them. Excluded dates (holidays) are ISO days on the
deal. No window means any time; an excluded date is excluded whatever the windows say.

This module reads and writes the terms (the text a merchant types, the text a buyer reads) and
answers "usable at this moment?" and "when next?"; the rules a deal must keep are checked in
deals/services.py (``deal_kind_check``, ``deal_option_check``) with these helpers.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marketplace.core import weekly

from .error_codes import DealError

PLAIN = "plain"
PASS = "pass"
BOOKABLE = "bookable"
OFF_PEAK = "off_peak"
KINDS = [
    (PLAIN, gettext_lazy("Plain voucher")),
    (PASS, gettext_lazy("Multi-visit pass")),
    (BOOKABLE, gettext_lazy("Bookable slots")),
    (OFF_PEAK, gettext_lazy("Off-peak hours")),
]

MAX_WINDOWS = 14
MAX_USES = 100


# --- the text a person types and reads -------------------------------------------------------

def windows_parse(text: str) -> list[dict]:
    """Windows from what a merchant typed (see marketplace/core/weekly.py for the format)."""
    try:
        return weekly.spans_parse(text)
    except ValidationError as error:
        raise ValidationError(error.messages[0], code=DealError.WINDOWS_UNREADABLE.value) from None


def dates_parse(text: str) -> list[str]:
    """ISO days separated by commas, spaces or lines; raises ValidationError naming a bad one."""
    days = []
    for word in (text or "").replace(",", " ").replace(";", " ").split():
        try:
            days.append(date.fromisoformat(word).isoformat())
        except ValueError:
            raise ValidationError(_("“%(word)s” is not a date: write it as 2025-12-25.")
                                  % {"word": word}, code=DealError.DATE_UNREADABLE.value) from None
    return sorted(set(days))


windows_text = weekly.spans_text
windows_input = weekly.spans_input


# --- the rules a window keeps (deals/services.py raises them per field) ---------------------

def windows_errors(windows) -> list[ValidationError]:
    if not isinstance(windows, (list, tuple)):
        return [DealError.WINDOWS_UNREADABLE.error()]
    if len(windows) > MAX_WINDOWS:
        return [DealError.TOO_MANY_WINDOWS.error()]
    problems = {weekly.span_problem(window) for window in windows} - {None}
    return [DealError.WINDOWS_UNREADABLE.error() if problem == "unreadable"
            else DealError.WINDOW_ENDS_BEFORE_START.error() for problem in sorted(problems)]


def dates_errors(days) -> list[ValidationError]:
    if not isinstance(days, (list, tuple)):
        return [DealError.DATE_UNREADABLE.error()]
    for day in days:
        try:
            date.fromisoformat(day)
        except (TypeError, ValueError):
            return [DealError.DATE_UNREADABLE.error()]
    return []


# --- when a voucher may be used -------------------------------------------------------------

def option_windows(deal, option) -> list[dict]:
    """The windows that apply to an option's vouchers: its own, or else the deal's."""
    own = getattr(option, "usage_windows", None) if option is not None else None
    return list(own or deal.usage_windows or [])


def usable_at(windows: list[dict], excluded: list[str], local: datetime) -> bool:
    """Whether a voucher with these terms may be used at ``local`` (the store's wall clock)."""
    if local.date().isoformat() in (excluded or ()):
        return False
    if not windows:
        return True
    minute = local.hour * 60 + local.minute
    return any(local.weekday() in w["days"] and w["start"] <= minute < w["end"] for w in windows)


def usable_periods(windows: list[dict], excluded: list[str], *, first_day: date, days: int,
                   zone: tzinfo) -> list[tuple[datetime, datetime]]:
    """The moments the terms allow over ``days`` days from ``first_day`` (in ``zone``), as
    aware (start, end) pairs, in order and merged where they touch. Empty ``windows``: whole
    days (minus the excluded ones)."""
    periods = []
    for n in range(days):
        day = first_day + timedelta(days=n)
        if day.isoformat() in (excluded or ()):
            continue
        spans = weekly.spans_on(windows, day) if windows else [(0, weekly.DAY_MINUTES)]
        for start, end in spans:
            begins, ends = weekly.moment(day, start, zone), weekly.moment(day, end, zone)
            if periods and begins <= periods[-1][1]:
                periods[-1] = (periods[-1][0], max(periods[-1][1], ends))
            else:
                periods.append((begins, ends))
    return periods


def next_usable(windows: list[dict], excluded: list[str], *, after: datetime, zone: tzinfo,
                days: int = 28) -> datetime | None:
    """The first moment at or after ``after`` that the terms allow, within ``days`` days."""
    local = after.astimezone(zone)
    for start, end in usable_periods(windows, excluded, first_day=local.date(), days=days, zone=zone):
        if end > after:
            return max(start, after)
    return None


# --- what a buyer, a cashier and staff read --------------------------------------------------

@dataclass(frozen=True)
class OptionTerms:
    """The terms of one option's vouchers, as every page shows them."""

    kinds: tuple[str, ...]
    windows: tuple
    excluded_dates: tuple[str, ...]
    uses: int
    one_use_per_day: bool
    bookable: bool
    booking_cutoff_hours: int
    booking_tolerance_minutes: int
    no_show_policy: str

    @property
    def windows_text(self) -> str:
        return windows_text(list(self.windows))

    @property
    def is_pass(self) -> bool:
        return self.uses > 1


def option_terms(deal, option) -> OptionTerms:
    windows = option_windows(deal, option)
    uses = getattr(option, "uses", 1) or 1
    kinds = tuple(kind for kind, present in (
        (PASS, uses > 1), (BOOKABLE, deal.bookable), (OFF_PEAK, bool(windows)))
        if present) or (PLAIN,)
    return OptionTerms(
        kinds=kinds, windows=tuple(windows), excluded_dates=tuple(deal.excluded_dates or ()),
        uses=uses, one_use_per_day=bool(getattr(option, "one_use_per_day", False)),
        bookable=deal.bookable, booking_cutoff_hours=deal.booking_cutoff_hours,
        booking_tolerance_minutes=deal.booking_tolerance_minutes,
        no_show_policy=deal.no_show_policy)


def deal_kinds(deal, options) -> list[str]:
    """Every kind that one of the deal's options is (plain when none is shaped)."""
    kinds = {kind for option in options for kind in option_terms(deal, option).kinds}
    if not options:
        kinds = set(option_terms(deal, None).kinds)
    if len(kinds) > 1:
        kinds.discard(PLAIN)
    return sorted(kinds)
