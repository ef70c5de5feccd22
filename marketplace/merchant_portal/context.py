"""What the portal's layout (merchant_portal/base.html) shows on every page of a merchant."""
from merchants.models import Membership
from merchants.permissions import capabilities


def portal_context(membership: Membership) -> dict:
    return {"membership": membership, "merchant": membership.merchant,
            "can": capabilities(membership)}
