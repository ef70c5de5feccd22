"""Prices and availability of deal options, the Oscar way: only a live deal's options can be bought.

Oscar asks this strategy whether a product may be added to a basket and whether a basket may go
to checkout; the authoritative checks (under row locks) happen again when units are reserved.
"""
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability
from oscar.apps.partner.strategy import NoTax, StockRequired, Structured, UseFirstStockRecord
from oscar.apps.partner.strategy import Selector as CoreSelector

from marketplace.deals import lifecycle
from marketplace.deals.selectors import units_bought_by_customer


class Selector(CoreSelector):
    def strategy(self, request=None, user=None, **kwargs):
        return DealStrategy(request, user=user)


class DealNotOnSale(availability.Unavailable):
    def __init__(self, label):
        self.message = _("Not on sale (%(status)s)") % {"status": label}

    def is_purchase_permitted(self, quantity):
        return False, self.message


class DealUnits(availability.StockRequired):
    """Units left of an option (capped by the deal's maximum) and by the per-customer limit."""

    def __init__(self, num_available, *, customer_left=None, limit=None):
        super().__init__(num_available)
        self.customer_left = customer_left
        self.limit = limit

    def is_purchase_permitted(self, quantity):
        if self.customer_left is not None and quantity > self.customer_left:
            return False, _("this deal is limited to %(limit)d per customer") % {"limit": self.limit}
        return super().is_purchase_permitted(quantity)


class DealStrategy(UseFirstStockRecord, StockRequired, NoTax, Structured):
    def __init__(self, request=None, user=None):
        super().__init__(request)
        self.user = user or (getattr(request, "user", None) if request else None)

    def availability_policy(self, product, stockrecord):
        deal = deal_of(product)
        if deal is None or stockrecord is None:
            return super().availability_policy(product, stockrecord)
        status = lifecycle.deal_status(deal)
        if status not in (lifecycle.LIVE, lifecycle.SOLD_OUT):
            return DealNotOnSale(lifecycle.LABELS.get(status, status))
        left = min(stockrecord.net_stock_level, lifecycle.deal_units_left(deal))
        if not deal.per_customer_limit:
            return DealUnits(left)
        bought = units_bought_by_customer(deal=deal, user=self.user, email="")
        return DealUnits(left, customer_left=max(deal.per_customer_limit - bought, 0),
                         limit=deal.per_customer_limit)


def deal_of(product):
    """The Deal a deal option (child product) or a deal (parent product) belongs to, or None."""
    target = product.parent if product.is_child else product
    if target is None:
        return None
    try:
        return target.deal
    except ObjectDoesNotExist:
        return None
