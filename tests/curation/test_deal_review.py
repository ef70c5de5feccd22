"""Deal review in the portal and the staff dashboard: merchants submit, staff decide with comments
the merchant reads by e-mail and in the portal; a live deal's edit waits for review."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from marketplace.curation.deal_decisions import Decision, deal_decide
from marketplace.deals import review
from marketplace.deals.models import Deal, DealRevision
from merchants.models import Membership
from tests.factories import DealFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def portal_form(merchant, **overrides):
    now = timezone.now()
    data = {
        "merchant": merchant.pk, "title": "Bacalhau dinner for two", "description": "Classic",
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
    response = client.post(reverse("curation-merchant:deal-create"),
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
    page = client.get(reverse("curation-merchant:deal-detail", kwargs={"pk": deal.pk}))
    assert "Add the wine brand." in page.content.decode()
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.DRAFT


def test_the_portal_refuses_a_value_below_the_price_and_creates_nothing(client, merchant,
                                                                        merchant_owner):
    client.force_login(merchant_owner)
    response = client.post(reverse("curation-merchant:deal-create"),
                           portal_form(merchant, **{"options-0-value": "10.00"}))
    assert response.status_code == 200
    assert "The value cannot be below the price." in response.content.decode()
    assert not Deal.objects.exists()


def test_cashiers_and_strangers_cannot_reach_another_merchants_deals(client, merchant):
    deal = DealFactory(merchant=merchant, live=False)
    cashier = MembershipFactory(merchant=merchant, role=Membership.Role.CASHIER).user
    for user in (cashier, UserFactory()):
        client.force_login(user)
        detail = reverse("curation-merchant:deal-detail", kwargs={"pk": deal.pk})
        submit = reverse("curation-merchant:deal-submit", kwargs={"pk": deal.pk})
        assert client.get(detail).status_code == 404
        assert client.post(submit).status_code == 404
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.DRAFT


def test_staff_approve_from_the_dashboard_with_a_comment(client, merchant, staff):
    deal = DealFactory(merchant=merchant, live=False, review_status=Deal.Review.SUBMITTED)
    client.force_login(staff)
    url = reverse("curation:curation-deal-review", kwargs={"pk": deal.pk})
    assert deal.title in client.get(reverse("curation:curation-deal-queue")).content.decode()
    response = client.post(url, {"decision": "approve", "comment": "Looks good"})
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.APPROVED
    response = client.post(url, {"decision": "reject", "comment": ""})
    assert response.status_code == 200  # nothing pending: the page says so
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.APPROVED


def test_the_portal_edit_of_a_live_deal_holds_only_what_changed_for_review(client, merchant,
                                                                           merchant_owner):
    deal = DealFactory(merchant=merchant, fine_print="Book ahead", highlights="Wine included",
                       max_units=50, per_customer_limit=2, valid_days=90)
    option = deal.options.get()
    client.force_login(merchant_owner)
    form = client.get(reverse("curation-merchant:deal-edit", kwargs={"pk": deal.pk})).context["form"]
    same = {name: form[name].value() for name in ("sale_starts_at", "sale_ends_at")}
    data = portal_form(merchant, title=deal.title, description="", **{
        k: v.strftime("%Y-%m-%dT%H:%M") for k, v in same.items()}, **{
        "options-TOTAL_FORMS": "1", "options-INITIAL_FORMS": "1",
        "options-0-option_id": str(option.pk), "options-0-title": "Dinner for 2",
        "options-0-price": "35.00", "options-0-value": "70.00", "options-0-units": "100"})
    response = client.post(reverse("curation-merchant:deal-edit", kwargs={"pk": deal.pk}), data)
    assert response.status_code == 302
    revision = DealRevision.objects.get(deal=deal)
    assert revision.changes == {"deal": {}, "options": {str(option.pk): {"price": "35.00"}}}
    assert review.option_current(option)["price"] == Decimal("39.00")


def test_the_reviewer_sees_what_is_on_sale_next_to_what_is_proposed(client, merchant,
                                                                    merchant_owner, staff):
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    revision = review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
        fields={"fine_print": "No weekends"}, options={option.pk: {"price": Decimal("29.00")}}))
    assert review.revision_lines(revision) == [
        ("fine print", "", "No weekends"), ("Dinner for 2: price", "39.00", "29.00")]
    client.force_login(staff)
    page = client.get(reverse("curation:curation-deal-review", kwargs={"pk": deal.pk}))
    assert "Dinner for 2: price" in page.content.decode()
    client.force_login(merchant_owner)
    page = client.get(reverse("curation-merchant:deal-detail", kwargs={"pk": deal.pk}))
    assert "Changes waiting for review" in page.content.decode()




def test_a_decision_on_a_revision_is_mailed_to_owners_and_managers_but_not_cashiers(
        merchant, manager, staff, django_capture_on_commit_callbacks):
    MembershipFactory(merchant=merchant, role=Membership.Role.CASHIER,
                      user=UserFactory(email="cashier@example.com"))
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    revision = review.deal_edit(deal=deal, actor=manager, edit=review.DealEdit(
        fields={}, options={option.pk: {"price": Decimal("29.00")}}))
    with django_capture_on_commit_callbacks(execute=True):
        deal_decide(deal=deal, actor=staff, decision=Decision.CHANGES, comment="Say why so cheap")
    revision.refresh_from_db()
    assert revision.status == DealRevision.Status.CHANGES_REQUESTED
    assert mail.outbox[-1].to == ["manager@example.com", "owner@example.com"]
    assert "Say why so cheap" in mail.outbox[-1].body
    assert review.option_current(option)["price"] == Decimal("39.00")
