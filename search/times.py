"""What the index knows of a deal's times (docs/trades.md): its kinds, when its vouchers may be
used over the coming days, its next free slot; and what the time filters ("usable now", "usable
this evening", "bookable this week") ask. The Elasticsearch backend asks the index with the same
spans; the database backend computes the same documents and checks them with ``times_match``.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from marketplace.deals import terms
from merchants.selectors import location_zone
from vouchers.bookings import slots_for_option

USABLE_NOW = "now"
USABLE_EVENING = "evening"
USABLE_CHOICES = [("", _("Any time")), (USABLE_NOW, _("Usable now")),
                  (USABLE_EVENING, _("Usable this evening"))]
KIND_CHOICES = [("", _("Any kind")), *terms.KINDS]
# "This evening": from 18:00 to 23:00 on the site's clock (or from now, when later).
EVENING = (time(18), time(23))
BOOKABLE_WITHIN = timedelta(days=7)


@dataclass(frozen=True)
class TimeFilters:
    kind: str = ""
    usable: str = ""
    bookable_this_week: bool = False

    def __bool__(self) -> bool:
        return bool(self.kind or self.usable or self.bookable_this_week)


def deal_times(deal, options, locations, *, now: datetime) -> dict:
    """The index fields of a deal's times: ``kinds``, ``usage_windows`` (as a buyer reads them),
    ``always_usable`` (no windows on some option, no excluded date), ``usable`` (spans over the
    next SEARCH_TIMES_AHEAD_DAYS days, each store on its own clock) and ``next_free_slot``."""
    windows = [terms.option_windows(deal, option) for option in options] or [deal.usage_windows]
    always = not deal.excluded_dates and any(not w for w in windows)
    spans = []
    if not always:
        zones = {str(location_zone(loc)): location_zone(loc) for loc in locations} or {
            "": timezone.get_current_timezone()}
        for zone in zones.values():
            first = now.astimezone(zone).date()
            for shape in {repr(w): w for w in windows}.values():
                spans += [{"gte": start.isoformat(), "lt": end.isoformat()}
                          for start, end in terms.usable_periods(
                              shape, deal.excluded_dates, first_day=first,
                              days=settings.SEARCH_TIMES_AHEAD_DAYS, zone=zone)]
    free = [slots[0].starts_at for option in options
            if deal.bookable and (slots := slots_for_option(option=option, now=now))]
    shown = next((w for w in windows if w), [])
    return {"kinds": terms.deal_kinds(deal, options),
            "usage_windows": terms.windows_text(shown), "always_usable": always,
            "usable": spans, "next_free_slot": min(free).isoformat() if free else None}


def evening(now: datetime) -> tuple[datetime, datetime]:
    """This evening on the site's clock, from now at the earliest (empty once it is over)."""
    local = timezone.localtime(now)
    start = datetime.combine(local.date(), EVENING[0], tzinfo=local.tzinfo)
    end = datetime.combine(local.date(), EVENING[1], tzinfo=local.tzinfo)
    return max(start, now), end


def times_match(source: dict, filters: TimeFilters, *, now: datetime) -> bool:
    """Whether a deal's document passes the time filters (the database backend's check; the
    Elasticsearch backend asks the index the same)."""
    if filters.kind and filters.kind not in source["kinds"]:
        return False
    spans = [(_moment(s["gte"]), _moment(s["lt"])) for s in source["usable"]]
    if filters.usable == USABLE_NOW and not (
            source["always_usable"] or any(start <= now < end for start, end in spans)):
        return False
    if filters.usable == USABLE_EVENING:
        start, end = evening(now)
        if start >= end or not (source["always_usable"]
                                or any(s < end and e > start for s, e in spans)):
            return False
    if filters.bookable_this_week:
        free = source["next_free_slot"] and _moment(source["next_free_slot"])
        if not free or not now <= free < now + BOOKABLE_WITHIN:
            return False
    return True


def _moment(value) -> datetime:
    return parse_datetime(value) if isinstance(value, str) else value
