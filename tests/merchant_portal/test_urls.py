"""The portal's URL map: every page of a merchant under /merchant/<slug>/, and no merchant slug
that could hide one of the portal's own paths."""
from marketplace.merchant_portal.urls import urlpatterns
from merchants.services import RESERVED_SLUGS


def test_every_fixed_portal_path_beside_the_merchants_is_a_reserved_slug():
    fixed = {str(p.pattern).split("/")[0] for p in urlpatterns}
    fixed -= {"", "<slug:slug>"}
    assert fixed and fixed <= RESERVED_SLUGS


def test_every_other_portal_page_belongs_to_one_merchant():
    names = {p.name for p in urlpatterns if str(p.pattern).startswith("<slug:slug>/")}
    assert names >= {"dashboard", "counter", "counter-confirm", "redemption-undo",
                     "redemptions-csv", "deal-list", "deal-create", "deal-detail", "deal-edit",
                     "deal-submit", "team", "member-remove", "stores", "token-revoke"}
