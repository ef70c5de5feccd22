"""Template helpers for deal pages: presentation only (links and labels), no business rules."""
from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def osm_url(location) -> str:
    """An OpenStreetMap link centred on a store (a link, not an embedded map)."""
    lat, lon = location.latitude, location.longitude
    return "https://www.openstreetmap.org/?" + urlencode({"mlat": lat, "mlon": lon}) + f"#map=17/{lat}/{lon}"


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
