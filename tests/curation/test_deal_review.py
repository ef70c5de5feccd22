"""Deal review: merchants submit, staff decide with comments the merchant reads; edits of a live
deal's price, value or terms wait for review while the approved version stays on sale."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from marketplace.curation import deal_review
from marketplace.deals import lifecycle
from marketplace.deals.models import Deal, DealChange, DealRevision
from marketplace.deals.services import OptionSpec
from tests.factories import CategoryFactory, DealFactory

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
        deal_review.deal_request_changes(deal=deal, actor=staff, comment="Add the wine brand.")
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
    from merchants.models import Membership
    from tests.factories import MembershipFactory, UserFactory

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


def test_a_deal_is_live_only_when_approved_and_inside_its_sale_window(merchant, manager, staff):
    later = timezone.now() + timedelta(days=2)
    deal = deal_review.deal_draft_create(
        merchant=merchant, actor=manager, title="Spa day",
        options=[OptionSpec("Day pass", Decimal("20"), Decimal("40"), 10)],
        locations=list(merchant.locations.all()), sale_starts_at=later,
        sale_ends_at=later + timedelta(days=5))
    deal = deal_review.deal_submit(deal=deal, actor=manager)
    assert lifecycle.deal_status(deal) == Deal.Review.SUBMITTED
    deal = deal_review.deal_approve(deal=deal, actor=staff, comment="Nice")
    assert lifecycle.deal_status(deal) == lifecycle.SCHEDULED
    assert lifecycle.deal_status(deal, now=later + timedelta(hours=1)) == lifecycle.LIVE


def test_reject_and_request_changes_need_a_comment(merchant, staff):
    deal = DealFactory(merchant=merchant, live=False, review_status=Deal.Review.SUBMITTED)
    with pytest.raises(ValidationError):
        deal_review.deal_reject(deal=deal, actor=staff, comment="")
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.SUBMITTED
    deal_review.deal_reject(deal=deal, actor=staff, comment="Photos are not yours.")
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.REJECTED
    assert deal.review_events.last().comment == "Photos are not yours."


def test_editing_a_live_deals_price_goes_to_review_while_the_approved_version_stays_on_sale(
        merchant, merchant_owner, staff):
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    current = deal_review.option_current(option)
    revision = deal_review.deal_edit(deal=deal, actor=merchant_owner, edit=deal_review.DealEdit(
        fields={"fine_print": "No weekends", "description": "Now with dessert"},
        options={option.pk: {**current, "price": Decimal("29.00"), "units": 120}}))

    deal.refresh_from_db()
    assert revision.status == DealRevision.Status.PENDING
    assert revision.changes == {"deal": {"fine_print": "No weekends"},
                                "options": {str(option.pk): {"price": "29.00"}}}
    # On sale as approved: old price and terms; free fields applied at once.
    assert lifecycle.deal_status(deal) == lifecycle.LIVE
    assert deal_review.option_current(option)["price"] == Decimal("39.00")
    assert deal_review.option_current(option)["units"] == 120
    assert (deal.fine_print, deal.product.description) == ("", "Now with dessert")
    assert deal in deal_review.deals_review_queue()

    deal_review.deal_revision_approve(revision=revision, actor=staff)
    deal.refresh_from_db()
    assert deal_review.option_current(option)["price"] == Decimal("29.00")
    assert deal.fine_print == "No weekends"
    changes = {(c.field, c.old_value, c.new_value, c.actor) for c in DealChange.objects.filter(deal=deal)}
    assert ("price", "39.00", "29.00", merchant_owner) in changes
    assert ("fine_print", "", "No weekends", merchant_owner) in changes
    assert ("units", "100", "120", merchant_owner) in changes
    assert deal not in deal_review.deals_review_queue()


def test_a_rejected_revision_leaves_the_live_deal_unchanged(merchant, merchant_owner, staff):
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    revision = deal_review.deal_edit(deal=deal, actor=merchant_owner, edit=deal_review.DealEdit(
        fields={}, options={option.pk: {"value": Decimal("500.00")}}))
    deal_review.deal_revision_reject(revision=revision, actor=staff, comment="Not credible",
                                     changes_requested=True)
    revision.refresh_from_db()
    assert revision.status == DealRevision.Status.CHANGES_REQUESTED
    assert deal_review.option_current(option)["value"] == Decimal("70.00")
    history = deal_review.deal_history(deal=deal)
    assert any(item["comment"] == "Not credible" for item in history)


def test_editing_a_draft_applies_at_once_with_history(merchant, manager):
    spa = CategoryFactory("Spa")
    deal = DealFactory(merchant=merchant, live=False)
    revision = deal_review.deal_edit(deal=deal, actor=manager, edit=deal_review.DealEdit(
        fields={"title": "Better title", "fine_print": "Mon-Fri"}, options={},
        new_options=(OptionSpec("Lunch", Decimal("10"), Decimal("20"), 5),), categories=[spa]))
    assert revision is None
    deal.refresh_from_db()
    assert (deal.title, deal.fine_print, deal.options.count()) == ("Better title", "Mon-Fri", 2)
    assert list(deal.product.categories.all()) == [spa]
    assert {c.field for c in DealChange.objects.filter(deal=deal)} >= {
        "title", "fine_print", "option added", "categories"}


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
    assert deal_review.option_current(option)["price"] == Decimal("39.00")


def test_the_reviewer_sees_what_is_on_sale_next_to_what_is_proposed(client, merchant,
                                                                    merchant_owner, staff):
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    revision = deal_review.deal_edit(deal=deal, actor=merchant_owner, edit=deal_review.DealEdit(
        fields={"fine_print": "No weekends"}, options={option.pk: {"price": Decimal("29.00")}}))
    assert deal_review.revision_lines(revision) == [
        ("fine print", "", "No weekends"), ("Dinner for 2: price", "39.00", "29.00")]
    client.force_login(staff)
    page = client.get(reverse("curation:curation-deal-review", kwargs={"pk": deal.pk}))
    assert "Dinner for 2: price" in page.content.decode()
    client.force_login(merchant_owner)
    page = client.get(reverse("curation-merchant:deal-detail", kwargs={"pk": deal.pk}))
    assert "Changes waiting for review" in page.content.decode()


def test_an_edit_that_breaks_a_deal_rule_is_refused_and_changes_nothing(merchant, manager):
    deal = DealFactory(merchant=merchant, live=False)
    with pytest.raises(ValidationError) as refused:
        deal_review.deal_edit(deal=deal, actor=manager, edit=deal_review.DealEdit(
            fields={"sale_ends_at": deal.sale_starts_at - timedelta(hours=1),
                    "description": "Changed"}, options={}))
    assert refused.value.error_dict["sale_ends_at"][0].code == "sale_ends_before_start"
    deal.refresh_from_db()
    assert deal.product.description == "" and not DealChange.objects.filter(deal=deal).exists()


def test_changes_held_for_review_must_keep_the_deal_rules_with_those_already_held(
        merchant, merchant_owner):
    deal = DealFactory(merchant=merchant)  # one option: 39.00, worth 70.00
    option = deal.options.get()
    with pytest.raises(ValidationError) as refused:
        deal_review.deal_edit(deal=deal, actor=merchant_owner, edit=deal_review.DealEdit(
            fields={}, options={option.pk: {"price": Decimal("80.00")}}))
    assert refused.value.error_dict["value"][0].code == "value_below_price"
    assert not DealRevision.objects.filter(deal=deal).exists()
    deal_review.deal_edit(deal=deal, actor=merchant_owner, edit=deal_review.DealEdit(
        fields={}, options={option.pk: {"price": Decimal("60.00")}}))
    # The held price (60.00) and a new value below it would break the rule once both apply.
    with pytest.raises(ValidationError):
        deal_review.deal_edit(deal=deal, actor=merchant_owner, edit=deal_review.DealEdit(
            fields={}, options={option.pk: {"value": Decimal("50.00")}}))
    assert DealRevision.objects.get(deal=deal).changes == {
        "deal": {}, "options": {str(option.pk): {"price": "60.00"}}}
    assert deal_review.option_current(option)["value"] == Decimal("70.00")
