"""Reads about a merchant itself: its time zone (and its stores') and the bounds of its day."""
import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import Location, Merchant


def location_zone(location: Location | None):
    """A store's time zone (the server's when it has none or an unknown one)."""
    try:
        return zoneinfo.ZoneInfo(location.timezone) if location else timezone.get_current_timezone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def merchant_zone(merchant: Merchant):
    """The merchant's time zone: its first store's (the server's when it has none)."""
    return location_zone(merchant.locations.first())


def day_bounds(merchant: Merchant, day=None) -> tuple[datetime, datetime]:
    """Start and end of ``day`` (today by default) in the merchant's time zone."""
    zone = merchant_zone(merchant)
    day = day or timezone.localtime(timezone.now(), zone).date()
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)
