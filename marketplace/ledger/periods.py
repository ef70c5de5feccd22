"""Pay periods: a merchant is paid after each period of their schedule ends, in their own time
zone. Weekly periods end on Mondays at 00:00; twice-monthly ones on the 1st and the 16th."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .models import PaymentTerms

Schedule = PaymentTerms.Schedule


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive: what is booked before it is paid after it


def _midnight(day: date, zone) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def _boundary_on_or_before(schedule: str, day: date) -> date:
    if schedule == Schedule.WEEKLY:
        return day - timedelta(days=day.weekday())
    return day.replace(day=16 if day.day >= 16 else 1)


def _boundary_before(schedule: str, day: date) -> date:
    """The boundary strictly before ``day`` (itself a boundary)."""
    if schedule == Schedule.WEEKLY:
        return day - timedelta(days=7)
    if day.day == 16:
        return day.replace(day=1)
    last_month = day - timedelta(days=1)
    return last_month.replace(day=16)


def _boundary_after(schedule: str, day: date) -> date:
    """The next boundary after ``day`` (itself a boundary)."""
    if schedule == Schedule.WEEKLY:
        return day + timedelta(days=7)
    if day.day == 1:
        return day.replace(day=16)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def period_ended_before(*, schedule: str, at: datetime, zone) -> Period:
    """The last period of ``schedule`` that ended at or before ``at``."""
    end = _boundary_on_or_before(schedule, timezone.localtime(at, zone).date())
    return Period(start=_midnight(_boundary_before(schedule, end), zone), end=_midnight(end, zone))


def period_containing(*, schedule: str, at: datetime, zone) -> Period:
    start = _boundary_on_or_before(schedule, timezone.localtime(at, zone).date())
    return Period(start=_midnight(start, zone), end=_midnight(_boundary_after(schedule, start), zone))


def periods_between(*, schedule: str, start: datetime, end: datetime, zone) -> list[Period]:
    """The periods that overlap [start, end), latest first."""
    periods = []
    period = period_containing(schedule=schedule, at=end - timedelta(microseconds=1), zone=zone)
    while period.end > start:
        periods.append(period)
        period = period_containing(schedule=schedule, at=period.start - timedelta(microseconds=1),
                                   zone=zone)
    return periods
