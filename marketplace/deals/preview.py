"""Staff preview of buyer pages on a chosen day: ``?preview_date=YYYY-MM-DD`` on a buyer page."""
from datetime import date, datetime, time

from django.utils import timezone

PARAM = "preview_date"


def preview_now(request) -> datetime | None:
    """The moment a staff member asked to see the page as on; None for buyers or a bad date."""
    raw = request.GET.get(PARAM)
    if not raw or not (request.user.is_authenticated and request.user.is_staff):
        return None
    try:
        return preview_moment(date.fromisoformat(raw))
    except ValueError:
        return None


def preview_moment(on: date) -> datetime:
    """The moment a preview "as on ``on``" looks at: midday, so the whole day's slots apply."""
    return timezone.make_aware(datetime.combine(on, time(12, 0)))
