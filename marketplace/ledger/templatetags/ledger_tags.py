"""The ledger's figures in pages of lower layers (the deal page's "N bought"), the way the deal page
shows a group buy's progress: the template asks, the deals package imports nothing of ours above it."""
from django import template

from ..selectors import deal_units_bought

register = template.Library()


@register.simple_tag
def units_bought(deal) -> int:
    """Units of ``deal`` bought, less those refunded (marketplace/ledger/selectors.py::units_bought)."""
    return deal_units_bought(deal_id=deal.pk)
