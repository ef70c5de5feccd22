"""The portal's deal pages: merchants draft, edit and submit deals and read staff's comments; only
the merchant's owners and managers reach them."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.curation.deal_decisions import Decision, deal_decide
from marketplace.deals import review
from marketplace.deals.models import Deal, DealRevision
from merchants.models import Membership
from tests.factories import DealFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(name: str, merchant, **kwargs) -> str:
    return reverse(f"merchant_portal:{name}", kwargs={"slug": merchant.slug, **kwargs})


def portal_form(merchant, **overrides):
    now = timezone.now()
    data = {
        "title": "Bacalhau dinner for two", "description": "Classic",
        "highlights": "Wine included", "fine_print": "Book ahead",
        "sale_starts_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "sale_ends_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "validity_kind": "after_purchase", "valid_days": "90", "max_units": "50",
        "per_customer_limit": "2", "refundable": "on", "expiry_policy": "paid_value",
        "locations": [loc.pk for loc in merchant.locations.all()],
        "options-TOTAL_FORMS": "2", "options-INITIAL_FORMS": "0", "options-MIN_NUM_FORMS": "1",
        "options-MAX_NUM_FORMS": "1000",
        "options-0-title": "Dinner for 2", "options-0-price": "35.00",
        "options-0-value": "60.00", "options-0-units": "50",
    }
    data.update(overrides)
    return data


def test_merchant_submits_from_the_portal_and_reads_staffs_comment(
        client, merchant, merchant_owner, manager, staff, django_capture_on_commit_callbacks):
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant),
                           portal_form(merchant, submit="1"))
    deal = Deal.objects.get()
    assert response.status_code == 302
    assert deal.review_status == Deal.Review.SUBMITTED
    assert (deal.title, deal.max_units, deal.options.get().value) == (
        "Bacalhau dinner for two", 50, Decimal("60.00"))

    with django_capture_on_commit_callbacks(execute=True):
        deal_decide(deal=deal, actor=staff, decision=Decision.CHANGES, comment="Add the wine brand.")
    assert mail.outbox[-1].to == ["manager@example.com", "owner@example.com"]
    assert "Add the wine brand." in mail.outbox[-1].body
    # Absolute to the site's own address (it was Site's placeholder "example.com" before).
    assert f"{settings.MARKETPLACE_SITE_URL}{url('deal-detail', merchant, pk=deal.pk)}" in mail.outbox[-1].body
    page = client.get(url("deal-detail", merchant, pk=deal.pk))
    assert "Add the wine brand." in page.content.decode()
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.DRAFT


def test_the_portal_refuses_a_value_below_the_price_and_creates_nothing(client, merchant,
                                                                        merchant_owner):
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant),
                           portal_form(merchant, **{"options-0-value": "10.00"}))
    assert response.status_code == 200
    assert "The value cannot be below the price." in response.content.decode()
    assert not Deal.objects.exists()


def test_cashiers_and_strangers_cannot_reach_another_merchants_deals(client, merchant):
    deal = DealFactory(merchant=merchant, live=False)
    cashier = MembershipFactory(merchant=merchant, role=Membership.Role.CASHIER).user
    for user in (cashier, UserFactory()):
        client.force_login(user)
        detail = url("deal-detail", merchant, pk=deal.pk)
        submit = url("deal-submit", merchant, pk=deal.pk)
        assert client.get(detail).status_code == 404
        assert client.post(submit).status_code == 404
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.DRAFT


def test_the_portal_edit_of_a_live_deal_holds_only_what_changed_for_review(client, merchant,
                                                                           merchant_owner):
    deal = DealFactory(merchant=merchant, fine_print="Book ahead", highlights="Wine included",
                       max_units=50, per_customer_limit=2, valid_days=90)
    option = deal.options.get()
    client.force_login(merchant_owner)
    form = client.get(url("deal-edit", merchant, pk=deal.pk)).context["form"]
    same = {name: form[name].value() for name in ("sale_starts_at", "sale_ends_at")}
    data = portal_form(merchant, title=deal.title, description="", **{
        k: v.strftime("%Y-%m-%dT%H:%M") for k, v in same.items()}, **{
        "options-TOTAL_FORMS": "1", "options-INITIAL_FORMS": "1",
        "options-0-option_id": str(option.pk), "options-0-title": "Dinner for 2",
        "options-0-price": "35.00", "options-0-value": "70.00", "options-0-units": "100"})
    response = client.post(url("deal-edit", merchant, pk=deal.pk), data)
    assert response.status_code == 302
    revision = DealRevision.objects.get(deal=deal)
    assert revision.changes == {"deal": {}, "options": {str(option.pk): {"price": "35.00"}}}
    assert review.option_current(option)["price"] == Decimal("39.00")


def test_deal_links_sent_before_the_move_lead_to_the_deal_page_for_its_managers_only(
        client, merchant, manager):
    deal = DealFactory(merchant=merchant, live=False)
    client.force_login(manager)
    response = client.get(f"/merchant/deals/{deal.pk}/")
    assert response.status_code == 302 and response.url == url("deal-detail", merchant, pk=deal.pk)
    assert client.get("/merchant/deals/").url == reverse("merchant_portal:home")
    cashier = MembershipFactory(merchant=merchant, role=Membership.Role.CASHIER).user
    for outsider in (cashier, UserFactory()):
        client.force_login(outsider)
        assert client.get(f"/merchant/deals/{deal.pk}/").status_code == 404


def test_the_deal_list_shows_only_this_merchants_deals(client, merchant, merchant_owner):
    ours = DealFactory(merchant=merchant, title="Our grilled fish")
    DealFactory(title="Somebody else's fish")
    client.force_login(merchant_owner)
    page = client.get(url("deal-list", merchant)).content.decode()
    assert "Our grilled fish" in page and "Somebody else" not in page
    assert url("deal-detail", merchant, pk=ours.pk) in page
