"""Page pieces: `{% load groupbuy_tags %}`, then `{% tipping_progress deal %}` (deal page)."""
from django import template

from ..selectors import deal_tipping_progress

register = template.Library()


@register.inclusion_tag("groupbuy/_tipping_progress.html")
def tipping_progress(deal):
    return {"deal": deal, "progress": deal_tipping_progress(deal=deal)}
