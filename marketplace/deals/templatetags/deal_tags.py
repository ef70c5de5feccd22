"""Template helpers for deal pages: presentation only (links and labels), no business rules."""
from urllib.parse import urlencode

from django import template

from ..models import DealOption
from ..terms import option_terms, windows_text

register = template.Library()


@register.filter
def osm_url(location) -> str:
    """An OpenStreetMap link centred on a store (a link, not an embedded map)."""
    lat, lon = location.latitude, location.longitude
    return "https://www.openstreetmap.org/?" + urlencode({"mlat": lat, "mlon": lon}) + f"#map=17/{lat}/{lon}"


@register.filter
def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.inclusion_tag("deals/_basket_terms.html")
def basket_trade_terms(basket):
    """The trade terms of each basket line's option (passes, usable times, bookings), shown on
    the checkout page before paying."""
    rows = []
    for line in basket.all_lines():
        option = DealOption.objects.filter(product_id=line.product_id).select_related("deal").first()
        if option is not None:
            rows.append({"title": line.product.get_title(), "deal": option.deal,
                         "terms": option_terms(option.deal, option)})
    return {"rows": rows}


@register.filter(name="windows_text")
def windows_text_filter(windows) -> str:
    """Stored usage windows as a person reads them ("Mon–Thu 14:00–17:00")."""
    return windows_text(list(windows or []))
