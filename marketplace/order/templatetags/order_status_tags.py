"""`{% load order_status_tags %}`, then `{{ order|buyer_status }}`: an order's status in a buyer's words."""
from django import template

from marketplace.core.order_status import BUYER_WORDS, PENDING, PLEDGE_WORDS

register = template.Library()


@register.filter
def buyer_status(order) -> str:
    if order.status == PENDING and _holds_a_pledge(order):
        return str(PLEDGE_WORDS)
    return str(BUYER_WORDS.get(order.status, order.status))


def _holds_a_pledge(order) -> bool:
    attempt = getattr(order, "payment_attempt", None)
    return attempt is not None and hasattr(attempt, "pledge")
