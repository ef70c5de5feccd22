"""Merchant portal boundaries and pages: every member sees only their merchant, by role."""
import csv
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from merchants.models import ApiToken, Membership
from merchants.services import api_token_create, invitation_create
from tests.factories import (DealFactory, LocationFactory, MerchantFactory, UserFactory,
                             create_paid_vouchers)
from tests.factories.redemption import shop_with_vouchers
from vouchers import codes
from vouchers.models import Redemption, RedemptionAlert, Voucher
from vouchers.redemption import counter_for_member, voucher_redeem

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def shops():
    return shop_with_vouchers(quantity=2), shop_with_vouchers(name="Rival", quantity=2)


def test_cashier_of_one_merchant_sees_nothing_of_another(shops):
    a, b = shops
    cashier = client_for(a.cashier)
    redemption = voucher_redeem(counter=counter_for_member(user=b.cashier, merchant=b.merchant,
                                                           location=b.store),
                                code=b.vouchers[0].plain_code).redemptions[0]
    for url in [f"/merchant/{b.merchant.slug}/", f"/merchant/{b.merchant.slug}/redeem/",
                f"/merchant/{b.merchant.slug}/redemptions.csv",
                f"/merchant/{b.merchant.slug}/team/", f"/merchant/{b.merchant.slug}/stores/"]:
        assert cashier.get(url).status_code == 404, url
    for url in [f"/merchant/{b.merchant.slug}/redeem/confirm/",
                f"/merchant/{b.merchant.slug}/redemptions/{redemption.pk}/undo/",
                f"/merchant/{b.merchant.slug}/tokens/{b.token.pk}/revoke/"]:
        assert cashier.post(url, {"code": b.vouchers[1].plain_code, "store": b.store.pk,
                                  "reason": "x"}).status_code == 404, url
    # Their own merchant's page with the other merchant's store or vouchers gets nothing either.
    assert cashier.get(f"/merchant/{a.merchant.slug}/redeem/?store={b.store.pk}").status_code == 403
    response = cashier.post(f"/merchant/{a.merchant.slug}/redeem/",
                            {"code": b.vouchers[1].plain_code, "store": a.store.pk})
    assert b"unknown_code" in response.content and b.deal.title.encode() not in response.content
    assert cashier.post(f"/merchant/{a.merchant.slug}/redemptions/{redemption.pk}/undo/",
                        {"reason": "x"}).status_code == 403
    assert ApiToken.objects.get(pk=b.token.pk).revoked_at is None
    assert Voucher.objects.get(pk=b.vouchers[1].pk).status == "issued"
    assert Redemption.objects.get(pk=redemption.pk).undone_at is None


def test_a_buyer_or_a_visitor_sees_no_merchant_page(shops):
    a, _ = shops
    buyer = client_for(UserFactory())
    for url in [f"/merchant/{a.merchant.slug}/", f"/merchant/{a.merchant.slug}/redeem/",
                f"/merchant/{a.merchant.slug}/redemptions.csv"]:
        assert buyer.get(url).status_code == 404, url
        assert Client().get(url).status_code == 302, url  # to the sign-in page
    assert buyer.post(f"/merchant/{a.merchant.slug}/redeem/confirm/",
                      {"code": a.vouchers[0].plain_code, "store": a.store.pk}).status_code == 404
    assert Voucher.objects.get(pk=a.vouchers[0].pk).status == "issued"


def test_cashier_redeems_only_at_assigned_stores_and_sees_no_reports(shops):
    a, _ = shops
    cashier = client_for(a.cashier)
    assert cashier.get(f"/merchant/{a.merchant.slug}/redeem/?store={a.other_store.pk}"
                       ).status_code == 403
    assert cashier.get(f"/merchant/{a.merchant.slug}/redemptions.csv").status_code == 403
    assert cashier.get(f"/merchant/{a.merchant.slug}/team/").status_code == 403
    assert cashier.get(f"/merchant/{a.merchant.slug}/stores/").status_code == 403
    response = cashier.get(f"/merchant/{a.merchant.slug}/")
    assert response.status_code == 302 and response.url.endswith("/redeem/")


def test_manager_sees_reports_but_cannot_manage_team_or_tokens(shops):
    a, _ = shops
    manager = client_for(a.manager)
    assert manager.get(f"/merchant/{a.merchant.slug}/").status_code == 200
    assert manager.get(f"/merchant/{a.merchant.slug}/redemptions.csv").status_code == 200
    assert manager.get(f"/merchant/{a.merchant.slug}/team/").status_code == 403
    assert manager.post(f"/merchant/{a.merchant.slug}/tokens/{a.token.pk}/revoke/"
                        ).status_code == 403


def test_counter_page_checks_then_redeems_with_csrf(shops):
    a, _ = shops
    cashier = Client(enforce_csrf_checks=True)
    cashier.force_login(a.cashier)
    page = cashier.get(f"/merchant/{a.merchant.slug}/redeem/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    code = codes.display(a.vouchers[0].plain_code)
    assert cashier.post(f"/merchant/{a.merchant.slug}/redeem/confirm/",
                        {"code": code, "store": a.store.pk}).status_code == 403  # no CSRF token
    checked = cashier.post(f"/merchant/{a.merchant.slug}/redeem/",
                           {"code": code, "store": a.store.pk, "csrfmiddlewaretoken": token})
    assert a.deal.title.encode() in checked.content and b"Ana" in checked.content
    assert b'name="siblings"' in checked.content  # the other voucher of the same order
    done = cashier.post(f"/merchant/{a.merchant.slug}/redeem/confirm/",
                        {"code": code, "store": a.store.pk, "csrfmiddlewaretoken": token,
                         "siblings": [a.vouchers[1].pk]})
    assert done.status_code == 200 and b'data-result="ok"' in done.content
    assert Voucher.objects.filter(pk__in=[v.pk for v in a.vouchers], status="redeemed").count() == 2
    again = cashier.post(f"/merchant/{a.merchant.slug}/redeem/",
                         {"code": code, "store": a.store.pk, "csrfmiddlewaretoken": token})
    assert b'data-testid="redeemed-info"' in again.content and b"Carla" in again.content


def test_manager_undoes_from_the_dashboard_with_a_reason(shops):
    a, _ = shops
    redemption = voucher_redeem(counter=counter_for_member(user=a.cashier, merchant=a.merchant,
                                                           location=a.store),
                                code=a.vouchers[0].plain_code).redemptions[0]
    manager = client_for(a.manager)
    manager.post(f"/merchant/{a.merchant.slug}/redemptions/{redemption.pk}/undo/",
                 {"reason": "scanned the wrong table"})
    redemption.refresh_from_db()
    assert redemption.undone_by == a.manager and redemption.undo_reason == "scanned the wrong table"
    assert Voucher.objects.get(pk=a.vouchers[0].pk).status == "issued"


def test_dashboard_counts_today_by_store_and_deal_and_csv_lists_them(shops):
    a, _ = shops
    voucher_redeem(counter=counter_for_member(user=a.cashier, merchant=a.merchant,
                                              location=a.store), code=a.vouchers[0].plain_code)
    owner = client_for(a.owner)
    page = owner.get(f"/merchant/{a.merchant.slug}/")
    assert page.context["today"]["total"] == 1
    assert page.context["today"]["by_store"][0]["location__name"] == a.store.name
    assert page.context["deals"][0]["sold"] == 2 and page.context["deals"][0]["redeemed"] == 1
    assert page.context["deals"][0]["outstanding"] == 1
    rows = list(csv.DictReader(io.StringIO(owner.get(
        f"/merchant/{a.merchant.slug}/redemptions.csv").content.decode())))
    assert len(rows) == 1 and rows[0]["store"] == a.store.name and rows[0]["deal"] == a.deal.title
    assert rows[0]["redeemed_by"] == "Carla" and rows[0]["code_end"] == codes.display(
        a.vouchers[0].plain_code)[-4:]


def test_owner_invites_by_email_and_the_invitee_joins_with_role_and_stores(
        shops, django_capture_on_commit_callbacks):
    a, b = shops
    owner = client_for(a.owner)
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(f"/merchant/{a.merchant.slug}/team/",
                   {"email": "new.cashier@example.com", "role": "cashier",
                    "locations": [a.other_store.pk]})
    assert mail.outbox and mail.outbox[0].to == ["new.cashier@example.com"]
    # The link is on the public site (MARKETPLACE_SITE_URL), not on whatever host served the page.
    link = re.search(re.escape(settings.MARKETPLACE_SITE_URL) + r"(/merchant/invitations/[^/\s]+/)",
                     mail.outbox[0].body)[1]
    # Someone else cannot accept it.
    intruder = client_for(UserFactory(email="intruder@example.com"))
    intruder.post(link)
    assert not Membership.objects.filter(merchant=a.merchant, user__email="intruder@example.com")
    # A person can belong to several merchants: the invitee is already a cashier at Rival.
    invitee = b.cashier
    invitee.email = "new.cashier@example.com"
    invitee.save()
    client_for(invitee).post(link)
    membership = Membership.objects.get(merchant=a.merchant, user=invitee)
    assert membership.role == "cashier" and list(membership.locations.all()) == [a.other_store]
    assert Membership.objects.filter(user=invitee).count() == 2
    assert client_for(invitee).post(link).status_code == 404  # used once


def test_owner_creates_a_store_token_shown_once_stored_hashed_and_revokes_it(shops):
    a, _ = shops
    owner = client_for(a.owner)
    page = owner.post(f"/merchant/{a.merchant.slug}/stores/",
                      {"location": a.other_store.pk, "name": "Bar till"})
    plain = page.context["shown_once"]
    token = ApiToken.objects.get(name="Bar till")
    assert plain.startswith("mkp_") and plain not in token.digest and token.prefix == plain[:12]
    assert plain.encode() not in owner.get(f"/merchant/{a.merchant.slug}/stores/").content
    headers = {"HTTP_AUTHORIZATION": f"Token {plain}"}
    assert Client().post("/api/v1/redemptions/verify/", {"code": "x"},
                         content_type="application/json", **headers).status_code == 400
    owner.post(f"/merchant/{a.merchant.slug}/tokens/{token.pk}/revoke/")
    assert Client().post("/api/v1/redemptions/verify/", {"code": "x"},
                         content_type="application/json", **headers).status_code == 401


def test_staff_see_lockout_alerts_and_can_lift_them(shops, settings):
    a, _ = shops
    settings.REDEMPTION_FAILURE_LIMIT = 2
    cashier = client_for(a.cashier)
    for _ in range(2):
        cashier.post(f"/merchant/{a.merchant.slug}/redeem/",
                     {"code": codes.generate(), "store": a.store.pk})
    locked = cashier.post(f"/merchant/{a.merchant.slug}/redeem/",
                          {"code": a.vouchers[0].plain_code, "store": a.store.pk})
    assert b'data-code="rate_limited"' in locked.content
    staff = client_for(UserFactory(is_staff=True))
    alerts = reverse("curation:curation-redemption-alerts")
    assert alerts.encode() in staff.get("/dashboard/").content  # in the staff menu
    page = staff.get(alerts)
    assert page.status_code == 200 and page.content.count(b'data-testid="alert"') == 2
    assert client_for(a.owner).get(alerts).status_code == 403  # not staff
    for alert in RedemptionAlert.objects.all():
        staff.post(alerts, {"alert": alert.pk})
    again = cashier.post(f"/merchant/{a.merchant.slug}/redeem/",
                         {"code": a.vouchers[0].plain_code, "store": a.store.pk})
    assert b'data-testid="voucher-card"' in again.content


def test_confirm_redeems_only_vouchers_of_the_same_order_as_the_code(shops):
    a, b = shops
    other_order = create_paid_vouchers(deal=a.deal, quantity=1)[0]
    cashier = client_for(a.cashier)
    done = cashier.post(f"/merchant/{a.merchant.slug}/redeem/confirm/", {
        "code": a.vouchers[0].plain_code, "store": a.store.pk,
        "siblings": [a.vouchers[1].pk, other_order.pk, b.vouchers[0].pk]})
    assert b'data-result="ok"' in done.content
    statuses = dict(Voucher.objects.filter(
        pk__in=[a.vouchers[0].pk, a.vouchers[1].pk, other_order.pk, b.vouchers[0].pk]
    ).values_list("pk", "status"))
    assert statuses == {a.vouchers[0].pk: "redeemed", a.vouchers[1].pk: "redeemed",
                        other_order.pk: "issued", b.vouchers[0].pk: "issued"}


def test_owner_adds_a_store_by_its_address_and_a_manager_cannot(shops):
    a, _ = shops
    owner = client_for(a.owner)
    page = owner.get(f"/merchant/{a.merchant.slug}/stores/").content.decode()
    assert 'id="add-store"' in page and "data-store-place" in page
    response = owner.post(f"/merchant/{a.merchant.slug}/stores/", {
        "add_store": "1", "store-name": "Porto Ribeira", "store-address": "Rua das Flores 12",
        "store-city": "Porto", "store-postcode": "4050-262", "store-phone": "",
        "store-opening_hours": "Mon-Sun 10:00-20:00", "store-latitude": "", "store-longitude": ""})
    assert response.status_code == 302
    store = a.merchant.locations.get(name="Porto Ribeira")
    assert (store.city, str(store.latitude), store.opening_hours) == (
        "Porto", "41.143000", "Mon-Sun 10:00-20:00")
    missing = owner.post(f"/merchant/{a.merchant.slug}/stores/", {
        "add_store": "1", "store-name": "Ghost", "store-address": "Nowhere 1", "store-city": "Porto"})
    assert "We could not find this address" in missing.content.decode()
    assert not a.merchant.locations.filter(name="Ghost").exists()
    manager = client_for(a.manager)
    assert manager.post(f"/merchant/{a.merchant.slug}/stores/", {
        "add_store": "1", "store-name": "X", "store-address": "Rua das Flores 1",
        "store-city": "Porto"}).status_code == 403
    assert not a.merchant.locations.filter(name="X").exists()


def test_a_new_merchant_is_guided_through_its_first_steps_until_done():
    owner = UserFactory()
    merchant = MerchantFactory(name="Casa Nova", owner=owner)
    store = LocationFactory(merchant)
    url = f"/merchant/{merchant.slug}/"
    page = client_for(owner).get(url).content.decode()
    assert 'id="first-steps"' in page
    for step in ("stores", "deal", "staff", "till"):
        assert f'data-step="{step}"' in page
    assert '<li class="done" data-step="stores">' in page
    assert f"/merchant/{merchant.slug}/deals/new/" in page
    DealFactory(merchant=merchant, locations=[store])
    invitation_create(merchant=merchant, email="cashier@example.com", role="cashier")
    api_token_create(location=store, name="Till 1")
    assert 'id="first-steps"' not in client_for(owner).get(url).content.decode()
