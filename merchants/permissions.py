"""Who may see and do what in the merchant portal: owners everything, managers deals, reports and
undo, cashiers redeem only at their assigned stores."""
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Location, Membership, Merchant

R = Membership.Role
CAN_MANAGE = {R.OWNER, R.MANAGER}


def membership_or_404(*, user, slug: str) -> Membership:
    """The user's membership at the merchant; a merchant they don't belong to does not exist."""
    if not user.is_authenticated:
        raise Http404
    membership = (Membership.objects.select_related("merchant", "user")
                  .filter(merchant__slug=slug, user=user, merchant__is_active=True).first())
    if membership is None:
        raise Http404
    return membership


def can_manage(membership: Membership) -> bool:
    return membership.role in CAN_MANAGE


def manages_merchant(*, user, merchant_id: int) -> bool:
    """Whether ``user`` is an owner or manager of the merchant (for pages outside the portal)."""
    return bool(user.is_authenticated) and Membership.objects.filter(
        merchant_id=merchant_id, user=user, role__in=CAN_MANAGE).exists()


def is_owner(membership: Membership) -> bool:
    return membership.role == R.OWNER


def redeem_locations(membership: Membership) -> list[Location]:
    """The stores where this member may redeem."""
    if membership.role == R.CASHIER:
        return list(membership.locations.filter(merchant=membership.merchant))
    return list(membership.merchant.locations.all())


def location_or_404(*, membership: Membership, location_id) -> Location:
    return get_object_or_404(Location, pk=location_id, merchant=membership.merchant)


def merchants_of(user) -> list[Merchant]:
    return list(Merchant.objects.filter(memberships__user=user, is_active=True).distinct())
