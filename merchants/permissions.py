"""Who may do what for a merchant: the one place where the roles (owner, manager, cashier) are read.

``ROLE_CAN`` is the whole rule, as a table. The merchant portal's views (through
``member_required``), the counter (``counter_for_member`` in vouchers/redemption.py), the deal
review e-mails and the merchant's replies to reviews all ask the functions below; nothing else
compares a role. A merchant that is not active lets nobody act for it, and someone who is not a
member gets a 404 on its pages, as if it did not exist.
"""
from enum import Enum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Location, Membership, Merchant

R = Membership.Role


class Can(str, Enum):
    """What a member may do for their merchant."""

    REDEEM = "redeem"  # at the stores of ``redeem_locations``
    SEE_REPORTS = "see_reports"  # the day's dashboard and the redemptions CSV
    UNDO = "undo"  # undo a redemption (with a reason, within the window)
    MANAGE_DEALS = "manage_deals"  # draft, edit and submit deals; told of staff's decisions
    REPLY_TO_REVIEWS = "reply_to_reviews"
    MANAGE_TEAM = "manage_team"  # invitations and members
    MANAGE_STORES = "manage_stores"  # stores and their till tokens
    MANAGE_PAYOUTS = "manage_payouts"  # connect the Stripe account the merchant is paid to


ROLE_CAN = {
    R.OWNER: frozenset(Can),
    R.MANAGER: frozenset({Can.REDEEM, Can.SEE_REPORTS, Can.UNDO, Can.MANAGE_DEALS,
                          Can.REPLY_TO_REVIEWS}),
    # Cashiers redeem only at the stores assigned to them (Membership.locations).
    R.CASHIER: frozenset({Can.REDEEM}),
}

DENIED = {
    Can.SEE_REPORTS: _("Only owners and managers see this page."),
    Can.UNDO: _("Only a manager can undo a redemption."),
    Can.MANAGE_DEALS: _("Only owners and managers manage deals."),
    Can.REPLY_TO_REVIEWS: _("Only owners and managers reply to reviews."),
    Can.MANAGE_TEAM: _("Only owners manage the team and the stores."),
    Can.MANAGE_STORES: _("Only owners manage the team and the stores."),
    Can.MANAGE_PAYOUTS: _("Only owners choose where the merchant is paid."),
}


def roles_that(action: Can) -> list[str]:
    return [role for role, allowed in ROLE_CAN.items() if action in allowed]


def member_can(membership: Membership, action: Can) -> bool:
    return action in ROLE_CAN.get(membership.role, ())


def capabilities(membership: Membership) -> dict[str, bool]:
    """Every action by name, for templates: ``{% if can.manage_deals %}``."""
    return {action.value: member_can(membership, action) for action in Can}


def user_can(*, user, merchant_id: int, action: Can) -> bool:
    """Whether ``user`` may do ``action`` for the merchant (pages outside the portal)."""
    return bool(user and user.is_authenticated) and Membership.objects.filter(
        merchant_id=merchant_id, merchant__is_active=True, user=user,
        role__in=roles_that(action)).exists()


def members_who_can(*, merchant: Merchant, action: Can) -> QuerySet[Membership]:
    return merchant.memberships.filter(role__in=roles_that(action)).select_related("user")


def merchants_of(user) -> list[Merchant]:
    return list(Merchant.objects.filter(memberships__user=user, is_active=True).distinct())


def redeem_locations(membership: Membership) -> list[Location]:
    """The stores where this member may redeem."""
    if not member_can(membership, Can.REDEEM):
        return []
    if membership.role == R.CASHIER:
        return list(membership.locations.filter(merchant=membership.merchant))
    return list(membership.merchant.locations.all())


def user_can_redeem_at(*, user, merchant: Merchant, location: Location) -> bool:
    if location.merchant_id != merchant.pk or not user.is_authenticated:
        return False
    membership = (Membership.objects.select_related("merchant")
                  .filter(merchant=merchant, merchant__is_active=True, user=user).first())
    return membership is not None and any(
        store.pk == location.pk for store in redeem_locations(membership))


def membership_or_404(*, user, slug: str) -> Membership:
    """The user's membership at the merchant; a merchant they don't belong to does not exist."""
    if not user.is_authenticated:
        raise Http404
    membership = (Membership.objects.select_related("merchant", "user")
                  .filter(merchant__slug=slug, user=user, merchant__is_active=True).first())
    if membership is None:
        raise Http404
    return membership


def member_required(action: Can | None = None, *, hidden: bool = False):
    """Decorates a portal view ``view(request, membership, ...)`` reached at ``<slug>/...``.

    Visitors are sent to sign in; non-members get 404; a member whose role may not do ``action``
    gets 403, or 404 when ``hidden`` (pages a cashier should not learn exist, like deal drafts).
    """
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, slug, *args, **kwargs):
            membership = membership_or_404(user=request.user, slug=slug)
            if action is not None and not member_can(membership, action):
                if hidden:
                    raise Http404
                raise PermissionDenied(DENIED[action])
            return view(request, membership, *args, **kwargs)
        return wrapped
    return decorator
