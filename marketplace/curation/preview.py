"""Staff preview of buyer pages on a chosen day: ``?preview_date=YYYY-MM-DD`` on a buyer page."""
from datetime import date, datetime

from .featuring import preview_moment

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
