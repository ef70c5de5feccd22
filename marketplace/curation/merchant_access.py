"""Who may write a merchant's deals in the portal: its owners and managers (merchants' own rule)."""
from django.db.models import QuerySet

from merchants.models import Merchant
from merchants.permissions import Can, roles_that

DEAL_EDITOR_ROLES = tuple(roles_that(Can.MANAGE_DEALS))


def merchants_for_deal_editor(*, user) -> QuerySet[Merchant]:
    if not user.is_authenticated:
        return Merchant.objects.none()
    return Merchant.objects.filter(
        memberships__user=user, memberships__role__in=DEAL_EDITOR_ROLES, is_active=True
    ).distinct()
