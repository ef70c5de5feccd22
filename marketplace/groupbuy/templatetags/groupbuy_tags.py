"""Page pieces: `{% load groupbuy_tags %}`, then `{% voucher_refund_button voucher %}`
(My vouchers) and `{% tipping_progress deal %}` (deal page)."""
from django import template

from vouchers.refunds import buyer_refund_refusal

from ..selectors import deal_tipping_progress

register = template.Library()


@register.inclusion_tag("groupbuy/_refund_button.html", takes_context=True)
def voucher_refund_button(context, voucher):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"voucher": voucher, "can_refund": buyer_refund_refusal(voucher=voucher, user=user) is None,
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("groupbuy/_tipping_progress.html")
def tipping_progress(deal):
    return {"deal": deal, "progress": deal_tipping_progress(deal=deal)}
