"""Money and dates as the reader reads them, in the active language: outside templates (PDF,
e-mails, CSV, API messages) through the same functions the templates use (Oscar's ``currency``
filter with OSCAR_CURRENCY_FORMAT, Django's localised date formats), never an f-string."""
from datetime import date, datetime

from django.utils import formats, timezone
from oscar.templatetags.currency_filters import currency as currency_filter


def money(amount, currency: str) -> str:
    """``€48.00`` in English, ``€48,00`` in Portuguese, ``¥48.00`` in Chinese (for CNY)."""
    return currency_filter(amount, currency)


def day(value: date | datetime | None, *, zone=None, empty: str = "—") -> str:
    """The day (``7 Mar 2026``, ``7 de Março de 2026``, ``2026年3月7日``), in ``zone`` for a moment."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = timezone.localtime(value, zone).date()
    return formats.date_format(value, "DATE_FORMAT")


def moment(value: datetime | None, *, zone=None, empty: str = "—") -> str:
    """Day and time in ``zone`` (the store's), in the reader's format."""
    if value is None:
        return empty
    return formats.date_format(timezone.localtime(value, zone), "DATETIME_FORMAT")
