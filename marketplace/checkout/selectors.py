"""Reads checkout needs: how many units of a deal a customer already holds."""
from django.db.models import Q, Sum
from oscar.core.loading import get_model

from marketplace.core.order_status import HOLDING_UNITS
from marketplace.deals.models import Deal

Line = get_model("order", "Line")


def units_bought_by_customer(*, deal: Deal, user=None, email: str = "") -> int:
    """Units of ``deal`` in the customer's orders: by account, and by e-mail for guest orders."""
    who = Q()
    if user is not None and getattr(user, "is_authenticated", False):
        who |= Q(order__user=user)
        email = email or user.email
    if email:
        who |= Q(order__guest_email__iexact=email) | Q(order__user__email__iexact=email)
    if not who:
        return 0
    total = (Line.objects.filter(who, product__parent_id=deal.product_id,
                                 order__status__in=HOLDING_UNITS)
             .aggregate(n=Sum("quantity"))["n"])
    return total or 0
