"""Deal-page pieces: `{% load merchant_reviews %}{% deal_rating deal %}` and `{% deal_reviews deal %}`."""
from django import template

from ..selectors import reviews_for_merchant, voucher_open_for_review

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


@register.inclusion_tag("reviews/_voucher_review_link.html", takes_context=True)
def voucher_review_link(context, voucher):
    """'Review <merchant>' on a redeemed voucher of the signed-in buyer that has no review yet."""
    user = getattr(context.get("request"), "user", None)
    return {"voucher": voucher, "show": voucher_open_for_review(voucher=voucher, user=user)}
