"""Page pieces: `{% load groupbuy_tags %}`, then `{% tipping_progress deal %}` (deal page) or
`{% buyer_pledges %}` (My vouchers: the signed-in buyer's pledges and their state)."""
from django import template

from ..selectors import deal_tipping_progress, pledges_for_buyer

register = template.Library()


@register.inclusion_tag("groupbuy/_tipping_progress.html")
def tipping_progress(deal):
    return {"deal": deal, "progress": deal_tipping_progress(deal=deal)}


@register.inclusion_tag("groupbuy/_buyer_pledges.html", takes_context=True)
def buyer_pledges(context):
    request = context.get("request")
    return {"rows": pledges_for_buyer(user=getattr(request, "user", None))}
