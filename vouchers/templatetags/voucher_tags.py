"""Page pieces: `{% load voucher_tags %}`, then `{% voucher_refund_button voucher %}` (My vouchers),
`{% voucher_terms_block voucher %}` (its uses, times and booking)."""
from django import template

from ..refunds import buyer_refund_refusal
from ..selectors import voucher_booking, voucher_terms
from ..services import voucher_refund_amount

register = template.Library()


@register.inclusion_tag("vouchers/_refund_button.html", takes_context=True)
def voucher_refund_button(context, voucher):
    request = context.get("request")
    user = getattr(request, "user", None)
    can_refund = buyer_refund_refusal(voucher=voucher, user=user) is None
    return {"voucher": voucher, "can_refund": can_refund, "csrf_token": context.get("csrf_token"),
            "refund_amount": voucher_refund_amount(voucher=voucher) if can_refund else None}


@register.inclusion_tag("vouchers/partials/voucher_terms.html", takes_context=True)
def voucher_terms_block(context, voucher):
    """The voucher's trade terms: uses left, when usable, its booking (and, on the page, not
    the printout, the link to book)."""
    return {"voucher": voucher, "terms": voucher_terms(voucher=voucher),
            "booking": voucher_booking(voucher=voucher), "links": not context.get("qr_svg")}
