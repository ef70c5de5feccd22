"""Who may write a merchant's deals in the portal: its owners and managers."""
from django.db.models import QuerySet

from merchants.models import Membership, Merchant

DEAL_EDITOR_ROLES = (Membership.Role.OWNER, Membership.Role.MANAGER)


def merchants_for_deal_editor(*, user) -> QuerySet[Merchant]:
    if not user.is_authenticated:
        return Merchant.objects.none()
    return Merchant.objects.filter(
        memberships__user=user, memberships__role__in=DEAL_EDITOR_ROLES, is_active=True
    ).distinct()
