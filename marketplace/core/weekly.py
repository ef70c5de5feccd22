"""Weekly hours (weekdays and times of day), as stored, as typed and as read, in one place.

A span is ``{"days": [0, 1, 2, 3], "start": 840, "end": 1020}``: weekdays (0 is Monday) and
minutes of the day, the end excluded (1440 is the midnight that ends the day), on the wall clock
of a store. A deal's off-peak windows (deals/terms.py) and a store's booking hours
(bookings/) are lists of spans. People type them as ``Mon-Thu 14:00-17:00``, one per line or
separated by ";", and read them as ``Mon–Thu 14:00–17:00`` in their language.
"""
import re
from datetime import date, datetime, time, timedelta, tzinfo

from django.core.exceptions import ValidationError
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

DAY_MINUTES = 24 * 60
_ENGLISH_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UNREADABLE = "hours_unreadable"


def _day_number(word: str) -> int | None:
    word = word.strip().lower().rstrip(".")
    for number in range(7):
        if word[:3] == _ENGLISH_DAYS[number] or word == str(WEEKDAYS_ABBR[number]).lower():
            return number
    return None


def minutes_parse(text: str) -> int | None:
    """"14:00", "14h30", "9" -> minutes of the day; "24:00" is 1440; None when unreadable."""
    match = re.fullmatch(r"(\d{1,2})(?:[:h.](\d{2}))?", (text or "").strip())
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 60 + minutes


def _days(text: str) -> list[int] | None:
    days = set()
    for part in text.split(","):
        ends = [p for p in re.split(r"\s*[-–]\s*", part.strip()) if p]
        numbers = [_day_number(e) for e in ends]
        if not numbers or None in numbers or len(numbers) > 2:
            return None
        day, last = numbers[0], numbers[-1]
        while True:  # "Fri-Mon" wraps over the weekend
            days.add(day)
            if day == last:
                break
            day = (day + 1) % 7
    return sorted(days)


def spans_parse(text: str) -> list[dict]:
    """Spans from what a person typed: ``Mon-Thu 14:00-17:00``, ``Sat,Sun 10-12``; several
    hours on one line share its days (``Mon-Fri 9:00-13:00, 14:00-19:00``). Raises
    ValidationError naming the line that cannot be read."""
    spans = []
    for line in re.split(r"[;\n]", text or ""):
        line = line.strip()
        if not line:
            continue
        match = re.fullmatch(r"(.+?)\s+(\d[\d:h.]*\s*[-–]\s*\d[\d:h.]*"
                             r"(?:\s*,\s*\d[\d:h.]*\s*[-–]\s*\d[\d:h.]*)*)", line)
        days = _days(match.group(1)) if match else None
        ranges = []
        for piece in (match.group(2).split(",") if match and days else []):
            start, end = (minutes_parse(p) for p in re.split(r"\s*[-–]\s*", piece.strip()))
            ranges.append((start, end))
        if not ranges or any(None in r for r in ranges):
            raise ValidationError(
                _("“%(line)s” cannot be read: write days and hours, e.g. “Mon-Thu 14:00-17:00”.")
                % {"line": line}, code=UNREADABLE)
        spans += [{"days": days, "start": start, "end": end} for start, end in ranges]
    return spans


def span_problem(span) -> str | None:
    """Why a stored span is not one: "unreadable", "ends_before_start", or None."""
    days, start, end = (span.get("days"), span.get("start"), span.get("end")) \
        if isinstance(span, dict) else (None, None, None)
    if (not isinstance(days, list) or not days
            or any(not isinstance(d, int) or not 0 <= d <= 6 for d in days)
            or not isinstance(start, int) or not isinstance(end, int)):
        return "unreadable"
    if not 0 <= start < end <= DAY_MINUTES:
        return "ends_before_start"
    return None


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def days_text(days: list[int]) -> str:
    """"Mon–Thu, Sat" in the active language."""
    runs = []
    for day in sorted(days):
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(str(WEEKDAYS_ABBR[r[0]]) if len(r) == 1 else
                     f"{WEEKDAYS_ABBR[r[0]]}–{WEEKDAYS_ABBR[r[-1]]}" for r in runs)


def spans_text(spans: list[dict], *, joiner: str = "; ") -> str:
    """"Mon–Thu 14:00–17:00; Sat 10:00–12:00" (day names in the active language)."""
    return joiner.join(f"{days_text(s['days'])} {clock(s['start'])}–{clock(s['end'])}"
                       for s in spans)


def spans_input(spans: list[dict]) -> str:
    """The spans as a person types them (``spans_parse`` reads it back)."""
    return "\n".join(f"{','.join(_ENGLISH_DAYS[d].capitalize() for d in s['days'])} "
                     f"{clock(s['start'])}-{clock(s['end'])}" for s in spans)


def spans_on(spans: list[dict], day: date) -> list[tuple[int, int]]:
    """(start, end) minutes of the spans that fall on ``day``'s weekday, in order."""
    return sorted((s["start"], s["end"]) for s in spans if day.weekday() in s["days"])


def moment(day: date, minutes: int, zone: tzinfo) -> datetime:
    """The aware moment of a wall-clock time on ``day`` in ``zone`` (1440: the next midnight)."""
    if minutes >= DAY_MINUTES:
        day, minutes = day + timedelta(days=minutes // DAY_MINUTES), minutes % DAY_MINUTES
    return datetime.combine(day, time(minutes // 60, minutes % 60)).replace(tzinfo=zone)
