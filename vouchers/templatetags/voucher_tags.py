"""Page pieces: `{% load voucher_tags %}`, then `{% voucher_refund_button voucher %}` (My vouchers)."""
from django import template

from ..refunds import buyer_refund_refusal

register = template.Library()


@register.inclusion_tag("vouchers/_refund_button.html", takes_context=True)
def voucher_refund_button(context, voucher):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"voucher": voucher, "can_refund": buyer_refund_refusal(voucher=voucher, user=user) is None,
            "csrf_token": context.get("csrf_token")}
