"""Deal-page pieces: `{% load merchant_reviews %}{% deal_rating deal %}` and `{% deal_reviews deal %}`."""
from django import template

from ..selectors import reviews_for_merchant

register = template.Library()


@register.inclusion_tag("reviews/_deal_rating.html")
def deal_rating(deal):
    return {"deal": deal}


@register.inclusion_tag("reviews/_deal_reviews.html")
def deal_reviews(deal, limit: int = 3):
    return {"deal": deal, "merchant": deal.merchant,
            "reviews": list(reviews_for_merchant(merchant_id=deal.merchant_id)[:limit])}


@register.filter
def stars(value) -> str:
    """4.4 -> '★★★★☆' (rounded to the nearest whole star)."""
    if value is None:
        return ""
    full = int(round(float(value)))
    return "★" * full + "☆" * (5 - full)
