"""Every route that takes an object's id, slug or token is scoped to who may see it (issue 14).

The table below lists each such route of the URLconf with its rule. The first test walks the URLconf
(django.urls.get_resolver) and fails when a route is missing from the table, so a new page cannot
be added without saying who may reach it. The second requests every listed route as the people who
must not see the object (another buyer, another merchant, a buyer on a staff page, an anonymous
visitor) and as the one who may (so a wrong id in the table cannot pass silently):

- OWNER: a buyer's own object. Another buyer gets 404; an anonymous visitor gets 404 or the
  sign-in page (the same answer as for an id that does not exist); neither sees any of its data.
- MEMBER: a merchant's page (its slug). A member of another merchant gets 404 (or 403); anonymous
  visitors are sent to sign in.
- STAFF: platform staff only (Oscar's dashboard, curation). A signed-in buyer and an anonymous
  visitor are sent to sign in or refused.
- TOKEN: reached by an unguessable token sent by e-mail; a wrong token gets 404 (or allauth's own
  "invalid link" page) and shows nothing.
- SELF: the id names a public thing (a product), and the page acts on the signed-in user's own data.
- PUBLIC: anyone may see it; the reason is written down.
"""
import re
import uuid
from dataclasses import dataclass
from typing import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.reviews.models import MerchantReview
from merchants.models import Membership
from merchants.services import api_token_create
from tests.factories import (
    DealFactory, LocationFactory, MembershipFactory, MerchantFactory, UserFactory, create_paid_vouchers,
)
from tests.trades.conftest import bookable_shop_make
from vouchers.models import Redemption

pytestmark = pytest.mark.django_db

User = get_user_model()
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")
Email = get_model("communication", "Email")
Notification = get_model("communication", "Notification")
ProductAlert = get_model("customer", "ProductAlert")
WishList = get_model("wishlists", "WishList")

SECRET = "Victim-Secret-7Q"  # in every object of the victim: must never appear to someone else

OWNER, MEMBER, STAFF, TOKEN, SELF, PUBLIC = "owner", "member", "staff", "token", "self", "public"
GONE = "gone"  # a shop page a deals marketplace closed (core/site_files.not_here): 404 for all


@dataclass
class Rule:
    kind: str
    kwargs: Callable = lambda w: {}
    method: str = "get"
    reason: str = ""  # PUBLIC / SELF / TOKEN: why it may be reached


def own(kwargs, method="get"):
    return Rule(OWNER, kwargs, method)


def member(kwargs=lambda w: {"slug": w.merchant.slug}, method="get"):
    return Rule(MEMBER, kwargs, method)


def staff():
    return Rule(STAFF, reason="platform staff only; probed with a placeholder id")


def token(reason, kwargs, method="get"):
    return Rule(TOKEN, kwargs, method, reason)


def public(reason):
    return Rule(PUBLIC, reason=reason)


def self_(reason):
    return Rule(SELF, reason=reason)


def gone(kwargs, method="get"):
    return Rule(GONE, kwargs, method, "closed: no addresses, stock alerts or wish lists here")


def _voucher(w):
    return {"pk": w.voucher.pk}


def _slug_pk(w, name):
    return {"slug": w.merchant.slug, "pk": getattr(w, name).pk}


ROUTES: dict[str, Rule] = {
    # --- the buyer's own objects ------------------------------------------------------------
    "vouchers/<int:pk>/": own(_voucher),
    "vouchers/<int:pk>/print/": own(_voucher),
    "vouchers/<int:pk>/pdf/": own(_voucher),
    "vouchers/<int:pk>/qr.svg": own(_voucher),
    "vouchers/<int:pk>/refund/": own(_voucher),
    "vouchers/<int:pk>/booking/": own(lambda w: {"pk": w.booked_voucher.pk}),
    "reviews/voucher/<int:voucher_id>/": own(lambda w: {"voucher_id": w.voucher.pk}),
    "accounts/orders/<str:order_number>/": own(lambda w: {"order_number": w.order.number}),
    "accounts/orders/<str:order_number>/<int:line_id>/": own(
        lambda w: {"order_number": w.order.number, "line_id": w.voucher.order_line_id}),
    "accounts/addresses/<int:pk>/": gone(lambda w: {"pk": w.address.pk}),
    "accounts/addresses/<int:pk>/delete/": gone(lambda w: {"pk": w.address.pk}),
    "accounts/^addresses/(?P<pk>\\d+)/(?P<action>default_for_(billing|shipping))/$": gone(
        lambda w: {"pk": w.address.pk, "action": "default_for_billing"}, method="post"),
    "checkout/user-address/edit/<int:pk>/": own(lambda w: {"pk": w.address.pk}),
    "checkout/user-address/delete/<int:pk>/": own(lambda w: {"pk": w.address.pk}),
    "accounts/emails/<int:email_id>/": own(lambda w: {"email_id": w.email.pk}),
    "accounts/notifications/<int:pk>/": own(lambda w: {"pk": w.notification.pk}),
    "accounts/alerts/cancel/<int:pk>/": gone(lambda w: {"pk": w.alert.pk}, method="post"),
    "accounts/wishlists/<str:key>/": gone(lambda w: {"key": w.wishlist.key}),
    "accounts/wishlists/<str:key>/update/": gone(lambda w: {"key": w.wishlist.key}),
    "accounts/wishlists/<str:key>/delete/": gone(lambda w: {"key": w.wishlist.key}),
    "accounts/wishlists/<str:key>/add/<int:product_pk>/": gone(
        lambda w: {"key": w.wishlist.key, "product_pk": w.product.pk}, method="post"),
    "accounts/wishlists/<str:key>/lines/<int:line_pk>/delete/": gone(
        lambda w: {"key": w.wishlist.key, "line_pk": w.wishlist_line.pk}),
    "accounts/wishlists/<str:key>/products/<int:product_pk>/delete/": gone(
        lambda w: {"key": w.wishlist.key, "product_pk": w.product.pk}),
    "accounts/wishlists/<str:key>/lines/<int:line_pk>/move-to/<str:to_key>/": gone(
        lambda w: {"key": w.wishlist.key, "line_pk": w.wishlist_line.pk, "to_key": w.wishlist.key}),
    "basket/vouchers/<int:pk>/remove/": self_(
        "removes a discount code from the visitor's own basket (Oscar looks in request.basket)"),
    # --- merchants' pages -----------------------------------------------------------------
    "merchant/<slug:slug>/": member(),
    "merchant/<slug:slug>/redeem/": member(),
    "merchant/<slug:slug>/redeem/confirm/": member(method="post"),
    "merchant/<slug:slug>/redemptions/<int:pk>/undo/": member(
        lambda w: _slug_pk(w, "redemption"), method="post"),
    "merchant/<slug:slug>/redemptions.csv": member(),
    "merchant/<slug:slug>/deals/": member(),
    "merchant/<slug:slug>/deals/new/": member(),
    "merchant/<slug:slug>/deals/<int:pk>/": member(lambda w: _slug_pk(w, "deal")),
    "merchant/<slug:slug>/deals/<int:pk>/edit/": member(lambda w: _slug_pk(w, "deal")),
    "merchant/<slug:slug>/deals/<int:pk>/submit/": member(lambda w: _slug_pk(w, "deal"), method="post"),
    "merchant/<slug:slug>/team/": member(),
    "merchant/<slug:slug>/team/<int:pk>/remove/": member(lambda w: _slug_pk(w, "cashier_membership"),
                                                         method="post"),
    "merchant/<slug:slug>/stores/": member(),
    "merchant/<slug:slug>/stores/<int:pk>/": member(lambda w: _slug_pk(w, "store")),
    "merchant/<slug:slug>/stores/<int:pk>/slots/": member(lambda w: _slug_pk(w, "store")),
    "merchant/<slug:slug>/stores/<int:pk>/slots/<str:day>/remove/": member(
        lambda w: {**_slug_pk(w, "store"), "day": "2030-01-07"}, method="post"),
    "merchant/<slug:slug>/bookings/": member(),
    "merchant/<slug:slug>/reports/": member(),
    "merchant/<slug:slug>/statement/": member(),
    "merchant/<slug:slug>/statement.csv": member(),
    "merchant/<slug:slug>/statement.pdf": member(),
    "merchant/<slug:slug>/payouts/": member(),
    "merchant/<slug:slug>/payouts/connect/": member(method="post"),
    "merchant/<slug:slug>/tokens/<int:pk>/revoke/": member(lambda w: _slug_pk(w, "api_token"),
                                                           method="post"),
    "merchant/deals/<int:pk>/": member(lambda w: {"pk": w.deal.pk}),
    "reviews/<int:pk>/reply/": member(lambda w: {"pk": w.review.pk}, method="post"),
    "merchant/invitations/<str:secret>/": token(
        "a team invitation's secret, e-mailed to the invited person",
        lambda w: {"secret": "not-a-real-secret"}),
    # --- staff only -------------------------------------------------------------------------
    "reviews/<int:pk>/hide/": Rule(STAFF, lambda w: {"pk": w.review.pk}, "post"),
    "reviews/<int:pk>/show/": Rule(STAFF, lambda w: {"pk": w.review.pk}, "post"),
    # Every other dashboard/... route is STAFF too (rule_for), probed with a placeholder id below.
    "dashboard/orders/<str:number>/": Rule(STAFF, lambda w: {"number": w.order.number}),
    "dashboard/curation/vouchers/<int:pk>/": Rule(STAFF, lambda w: {"pk": w.voucher.pk}),
    # --- by an e-mailed token -------------------------------------------------------------
    "groupbuy/pay/<uuid:token>/": token("completing a held payment, link e-mailed to the buyer",
                                        lambda w: {"token": uuid.uuid4()}),
    "groupbuy/pay/<uuid:token>/done/": token("the same link's return from the bank",
                                             lambda w: {"token": uuid.uuid4()}, method="post"),
    "accounts/^order-status-form/(?P<order_number>[\\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": token(
        "Oscar's guest order status, signed hash e-mailed to the guest",
        lambda w: {"order_number": w.order.number, "hash": "bogus-hash"}),
    "accounts/^order-status/(?P<order_number>[\\w-]*)/(?P<hash>[A-z0-9-_=:]+)/$": token(
        "Oscar's guest order status, signed hash e-mailed to the guest",
        lambda w: {"order_number": w.order.number, "hash": "bogus-hash"}),
    "accounts/alerts/confirm/<str:key>/": token("Oscar's stock alert confirmation key",
                                                lambda w: {"key": "bogus"}),
    "accounts/alerts/cancel/key/<str:key>/": token("Oscar's stock alert cancel key",
                                                   lambda w: {"key": "bogus"}),
    "password-reset/<path:rest>": token("old reset links: a redirect to allauth's request form",
                                        lambda w: {"rest": "confirm/MQ/abc-123/"}),
    "password-reset/confirm/<str:uidb64>/<str:token>/": token(
        "Oscar's old reset link, now redirected to allauth's request form",
        lambda w: {"uidb64": "MQ", "token": "abc-123"}),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": token(
        "allauth's signed, expiring verification link", lambda w: {"key": "bogus:key"}),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": token(
        "allauth's password reset key", lambda w: {"uidb36": "1", "key": "bogus-key"}),
    "accounts/purchases/claim/<str:token>/": token(
        "a signed claim link, valid only for the account it was sent to",
        lambda w: {"token": "bogus"}),
    # --- acting on the user's own data with a public id -----------------------------------------
    "basket/add/<int:pk>/": self_("adds a product (public) to the visitor's own basket"),
    "accounts/alerts/create/<int:pk>/": self_("a stock alert for a product (public) for oneself"),
    "accounts/wishlists/add/<int:product_pk>/": self_("a product (public) into one's own wish list"),
    "accounts/wishlists/create/with-product/<int:product_pk>/": self_(
        "a new wish list of one's own with a product (public)"),
    # --- public ---------------------------------------------------------------------------
    "category/<path:slug>/": public("the deal catalogue"),
    "deals/<slug:slug>-<int:pk>/": public("a deal's page (drafts answer 404 to non-staff)"),
    "^catalogue/(?P<product_slug>[\\w-]*)_(?P<pk>\\d+)/$": public("redirect of Oscar's product URLs to deals"),
    "^catalogue/category/(?P<category_slug>[\\w-]+(/[\\w-]+)*)_(?P<pk>\\d+)/$": public(
        "redirect of Oscar's category URLs"),
    "catalogue/^(?P<product_slug>[\\w-]*)_(?P<pk>\\d+)/$": public("Oscar's product page (public products)"),
    "catalogue/^category/(?P<category_slug>[\\w-]+(/[\\w-]+)*)_(?P<pk>\\d+)/$": public("Oscar's category page"),
    "catalogue/^ranges/(?P<slug>[\\w-]+)/$": public("Oscar's public product ranges"),
    "reviews/merchant/<slug:slug>/": public("a merchant's published reviews"),
    "groupbuy/deals/<int:pk>/progress/": public("a live deal's tipping progress (shown on its page)"),
    "offers/^(?P<slug>[\\w-]+)/$": public("Oscar's public offer pages"),
    "wishlists/<str:key>/": public("a wish list its owner chose to share (Oscar checks its visibility)"),
    "api/v1/redemptions/<int:pk>/undo/": Rule(
        MEMBER, reason="point-of-sale API: a store token of the redemption's store "
                       "(tests/api/test_redemptions.py)"),
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def routes_with_an_object() -> dict[str, URLPattern]:
    """Every route whose URL carries a value (an id, a slug, a key, a token)."""
    found = {}
    for route, pattern in _walk(get_resolver().url_patterns):
        if "<" in route or "(?P<" in route:
            found.setdefault(route, pattern)
    return found


def rule_for(route: str) -> Rule | None:
    if route in ROUTES:
        return ROUTES[route]
    if route.startswith("dashboard/"):
        return staff()
    return None


def test_every_route_with_an_object_is_in_the_table():
    routes = routes_with_an_object()
    missing = sorted(r for r in routes if rule_for(r) is None)
    assert not missing, ("routes with no scoping rule; add them to ROUTES with who may reach them:\n"
                         + "\n".join(missing))
    stale = sorted(r for r in ROUTES if r not in routes)
    assert not stale, "ROUTES lists routes that no longer exist:\n" + "\n".join(stale)
    for route, rule in ROUTES.items():
        if rule.kind in (PUBLIC, SELF, TOKEN):
            assert rule.reason, f"{route}: say why it may be reached"


# --- the world the probes run in ---------------------------------------------------------------

@dataclass
class World:
    victim: object
    other: object
    merchant: object
    owner: object
    stranger_owner: object
    cashier_membership: object
    redemption: object
    api_token: object
    staff_user: object
    deal: object
    voucher: object
    order: object
    product: object
    address: object
    email: object
    notification: object
    alert: object
    wishlist: object
    wishlist_line: object
    review: object
    store: object
    booked_voucher: object


@pytest.fixture
def world():
    merchant_owner = UserFactory(email="owner@victim-shop.pt")
    merchant = MerchantFactory(name=f"{SECRET} shop", owner=merchant_owner)
    cashier = MembershipFactory(merchant, role=Membership.Role.CASHIER)
    store = merchant.locations.first() or LocationFactory(merchant=merchant)
    api_token, _plain = api_token_create(location=store, name="Till", created_by=merchant_owner)
    stranger_owner = UserFactory()
    MerchantFactory(owner=stranger_owner)
    deal = DealFactory(merchant=merchant, title=f"{SECRET} deal")
    victim = UserFactory(first_name=SECRET)
    voucher = create_paid_vouchers(deal=deal, user=victim)[0]
    voucher.status = "redeemed"
    voucher.save(update_fields=["status"])
    used = create_paid_vouchers(deal=deal)[0]
    used.status = "redeemed"
    used.save(update_fields=["status"])
    redemption = Redemption.objects.create(
        voucher=used, merchant=merchant, location=store, client="page", batch=uuid.uuid4(),
        amount=used.value, currency=used.currency, use_number=1, price_share=used.price_paid,
        redeemed_at=timezone.now())
    order = voucher.order_line.order
    product = deal.options.first().product
    country = Country.objects.get_or_create(iso_3166_1_a2="PT", defaults={
        "iso_3166_1_a3": "PRT", "iso_3166_1_numeric": "620", "printable_name": "Portugal",
        "name": "Portugal", "is_shipping_country": True})[0]
    address = UserAddress.objects.create(user=victim, first_name=SECRET, last_name="Silva",
                                         line1="Rua 1", line4="Lisboa", postcode="1100-001",
                                         country=country)
    email = Email.objects.create(user=victim, subject=SECRET, body_text=SECRET)
    notification = Notification.objects.create(recipient=victim, subject=SECRET, body=SECRET)
    alert = ProductAlert.objects.create(user=victim, product=product)
    wishlist = WishList.objects.create(owner=victim, name=SECRET)
    line = wishlist.lines.create(product=product, title=SECRET)
    review = MerchantReview.objects.create(voucher=voucher, merchant=merchant, deal=deal,
                                           author=victim, stars=4, text=SECRET)
    return World(victim=victim, other=UserFactory(), merchant=merchant, owner=merchant_owner,
                 stranger_owner=stranger_owner, cashier_membership=cashier,
                 redemption=redemption, api_token=api_token,
                 staff_user=UserFactory(is_staff=True, is_superuser=True), deal=deal, voucher=voucher, order=order,
                 product=product, address=address, email=email, notification=notification,
                 alert=alert, wishlist=wishlist, wishlist_line=line, review=review, store=store,
                 booked_voucher=bookable_shop_make(quantity=1, user=victim).vouchers[0])


def _url(route: str, pattern: URLPattern, kwargs: dict) -> str:
    """The path of ``route`` with ``kwargs`` filled in (reversed by the pattern's own converters)."""
    name = pattern.name
    namespaces = _namespace_of(route)
    if name:
        try:
            return reverse(f"{namespaces}{name}", kwargs=kwargs)
        except Exception:  # noqa: BLE001 - several patterns share a name: fall back to the route
            pass
    path = "/" + route
    path = path.replace("^", "").replace("$", "")
    for key, value in kwargs.items():
        path = re.sub(r"<(?:\w+:)?" + key + r">", str(value), path)
        path = re.sub(r"\(\?P<" + key + r">(?:[^()]|\([^()]*\))*\)", str(value), path)
    return path


_NAMESPACE_CACHE: dict[str, str] = {}


def _namespace_of(route: str) -> str:
    if not _NAMESPACE_CACHE:
        def walk(patterns, prefix="", ns=""):
            for p in patterns:
                if isinstance(p, URLResolver):
                    walk(p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
                else:
                    _NAMESPACE_CACHE.setdefault(prefix + str(p.pattern), ns)
        walk(get_resolver().url_patterns)
    return _NAMESPACE_CACHE.get(route, "")


def _as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _request(client, method, url):
    return getattr(client, method)(url)


def _sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and "/login/" in response["Location"]


def _shows_nothing(response) -> bool:
    body = b"" if getattr(response, "streaming", False) else response.content
    return SECRET.encode() not in body


PROBED = sorted(r for r in ROUTES if ROUTES[r].kind in (OWNER, MEMBER, STAFF, TOKEN)
                and not r.startswith("api/"))


@pytest.mark.parametrize("route", PROBED)
def test_only_who_may_see_the_object_reaches_it(route, world):
    rule = rule_for(route)
    pattern = routes_with_an_object()[route]
    url = _url(route, pattern, rule.kwargs(world))
    method = rule.method

    if rule.kind == OWNER:
        other = _request(_as(world.other), method, url)
        assert other.status_code == 404 and _shows_nothing(other), (url, other.status_code)
        anonymous = _request(_as(None), method, url)
        assert anonymous.status_code == 404 or _sent_to_sign_in(anonymous), (url, anonymous.status_code)
        assert _shows_nothing(anonymous)
        mine = _request(_as(world.victim), method, url)
        assert mine.status_code in (200, 302), (url, mine.status_code)  # the table's ids are right
    elif rule.kind == MEMBER:
        stranger = _request(_as(world.stranger_owner), method, url)
        assert stranger.status_code in (403, 404) and _shows_nothing(stranger), (url, stranger.status_code)
        anonymous = _request(_as(None), method, url)
        assert _sent_to_sign_in(anonymous) or anonymous.status_code in (403, 404), (url, anonymous.status_code)
        buyer = _request(_as(world.victim), method, url)
        assert buyer.status_code in (403, 404) and _shows_nothing(buyer), (url, buyer.status_code)
        mine = _request(_as(world.owner), method, url)
        assert mine.status_code in (200, 302, 400, 409), (url, mine.status_code)
    elif rule.kind == STAFF:
        for who in (world.victim, world.owner, None):
            response = _request(_as(who), method, url)
            assert (_sent_to_sign_in(response) or response.status_code in (403, 404)), (url, who, response.status_code)
            assert _shows_nothing(response)
        assert _request(_as(world.staff_user), method, url).status_code in (200, 302)
    elif rule.kind == GONE:
        for who in (world.victim, world.other, None):
            response = _request(_as(who), method, url)
            assert response.status_code == 404 and _shows_nothing(response), (url, response.status_code)
    elif rule.kind == TOKEN:
        for who in (world.other, None):
            response = _request(_as(who), method, url)
            assert response.status_code in (200, 302, 404, 405) and _shows_nothing(response), (url, response.status_code)
            if response.status_code == 302:  # where it leads shows nothing either
                landing = _as(who).get(response["Location"])
                assert landing.status_code in (200, 302, 404) and _shows_nothing(landing), url


def test_staff_pages_turn_away_buyers_and_merchants(world):
    """Every dashboard route with an id, with a placeholder id: the gate comes before the look-up."""
    probed = 0
    for route, pattern in routes_with_an_object().items():
        if not route.startswith("dashboard/"):
            continue
        kwargs = {}
        for key in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
            name = key[0] or key[1]
            kwargs[name] = {"action": "default_for_billing", "product_class_slug": "deal",
                            "slug": "x"}.get(name, 1)
        url = _url(route, pattern, kwargs)
        for who in (world.victim, world.owner, None):
            response = _as(who).get(url)
            assert _sent_to_sign_in(response) or response.status_code in (403, 404), (url, response.status_code)
        probed += 1
    assert probed > 50
