"""marketplace/deals/review.py: merchants submit, staff decide; edits of a live deal's price,
value or terms wait for review while the approved version stays on sale; the deal rules hold for
every edit, now or held."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.deals import lifecycle, review
from marketplace.deals.models import Deal, DealChange, DealRevision
from marketplace.deals.services import OptionSpec
from search import services as search
from search.client import es_indexing_client
from search.documents import alias_name
from tests.factories import CategoryFactory, DealFactory, LocationFactory

pytestmark = pytest.mark.django_db


def test_a_deal_is_live_only_when_approved_and_inside_its_sale_window(merchant, manager, staff):
    later = timezone.now() + timedelta(days=2)
    deal = review.deal_draft_create(
        merchant=merchant, actor=manager, title="Spa day",
        options=[OptionSpec("Day pass", Decimal("20"), Decimal("40"), 10)],
        locations=list(merchant.locations.all()), sale_starts_at=later,
        sale_ends_at=later + timedelta(days=5))
    deal = review.deal_submit(deal=deal, actor=manager)
    assert lifecycle.deal_status(deal) == Deal.Review.SUBMITTED
    deal = review.deal_approve(deal=deal, actor=staff, comment="Nice")
    assert lifecycle.deal_status(deal) == lifecycle.SCHEDULED
    assert lifecycle.deal_status(deal, now=later + timedelta(hours=1)) == lifecycle.LIVE


def test_reject_and_request_changes_need_a_comment(merchant, staff):
    deal = DealFactory(merchant=merchant, live=False, review_status=Deal.Review.SUBMITTED)
    with pytest.raises(ValidationError):
        review.deal_reject(deal=deal, actor=staff, comment="")
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.SUBMITTED
    review.deal_reject(deal=deal, actor=staff, comment="Photos are not yours.")
    deal.refresh_from_db()
    assert deal.review_status == Deal.Review.REJECTED
    assert deal.review_events.last().comment == "Photos are not yours."


def test_editing_a_live_deals_price_goes_to_review_while_the_approved_version_stays_on_sale(
        merchant, merchant_owner, staff):
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    current = review.option_current(option)
    revision = review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
        fields={"fine_print": "No weekends", "description": "Now with dessert"},
        options={option.pk: {**current, "price": Decimal("29.00"), "units": 120}}))

    deal.refresh_from_db()
    assert revision.status == DealRevision.Status.PENDING
    assert revision.changes == {"deal": {"fine_print": "No weekends"},
                                "options": {str(option.pk): {"price": "29.00"}}}
    # On sale as approved: old price and terms; free fields applied at once.
    assert lifecycle.deal_status(deal) == lifecycle.LIVE
    assert review.option_current(option)["price"] == Decimal("39.00")
    assert review.option_current(option)["units"] == 120
    assert (deal.fine_print, deal.product.description) == ("", "Now with dessert")
    assert deal in review.deals_review_queue()

    review.deal_revision_approve(revision=revision, actor=staff)
    deal.refresh_from_db()
    assert review.option_current(option)["price"] == Decimal("29.00")
    assert deal.fine_print == "No weekends"
    changes = {(c.field, c.old_value, c.new_value, c.actor) for c in DealChange.objects.filter(deal=deal)}
    assert ("price", "39.00", "29.00", merchant_owner) in changes
    assert ("fine_print", "", "No weekends", merchant_owner) in changes
    assert ("units", "100", "120", merchant_owner) in changes
    assert deal not in review.deals_review_queue()


def test_a_rejected_revision_leaves_the_live_deal_unchanged(merchant, merchant_owner, staff):
    deal = DealFactory(merchant=merchant)
    option = deal.options.get()
    revision = review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
        fields={}, options={option.pk: {"value": Decimal("500.00")}}))
    review.deal_revision_reject(revision=revision, actor=staff, comment="Not credible",
                                     changes_requested=True)
    revision.refresh_from_db()
    assert revision.status == DealRevision.Status.CHANGES_REQUESTED
    assert review.option_current(option)["value"] == Decimal("70.00")
    history = review.deal_history(deal=deal)
    assert any(item["comment"] == "Not credible" for item in history)


def test_editing_a_draft_applies_at_once_with_history(merchant, manager):
    spa = CategoryFactory("Spa")
    deal = DealFactory(merchant=merchant, live=False)
    revision = review.deal_edit(deal=deal, actor=manager, edit=review.DealEdit(
        fields={"title": "Better title", "fine_print": "Mon-Fri"}, options={},
        new_options=(OptionSpec("Lunch", Decimal("10"), Decimal("20"), 5),), categories=[spa]))
    assert revision is None
    deal.refresh_from_db()
    assert (deal.title, deal.fine_print, deal.options.count()) == ("Better title", "Mon-Fri", 2)
    assert list(deal.product.categories.all()) == [spa]
    assert {c.field for c in DealChange.objects.filter(deal=deal)} >= {
        "title", "fine_print", "option added", "categories"}


def test_an_edit_that_breaks_a_deal_rule_is_refused_and_changes_nothing(merchant, manager):
    deal = DealFactory(merchant=merchant, live=False)
    with pytest.raises(ValidationError) as refused:
        review.deal_edit(deal=deal, actor=manager, edit=review.DealEdit(
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
        review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
            fields={}, options={option.pk: {"price": Decimal("80.00")}}))
    assert refused.value.error_dict["value"][0].code == "value_below_price"
    assert not DealRevision.objects.filter(deal=deal).exists()
    review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
        fields={}, options={option.pk: {"price": Decimal("60.00")}}))
    # The held price (60.00) and a new value below it would break the rule once both apply.
    with pytest.raises(ValidationError):
        review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
            fields={}, options={option.pk: {"value": Decimal("50.00")}}))
    assert DealRevision.objects.get(deal=deal).changes == {
        "deal": {}, "options": {str(option.pk): {"price": "60.00"}}}
    assert review.option_current(option)["value"] == Decimal("70.00")


def test_approving_a_deal_or_its_revision_reaches_the_search_index(
        merchant, merchant_owner, staff, django_capture_on_commit_callbacks):
    def indexed_price(deal) -> float | None:
        search.search_index_flush()  # what the worker does with the scheduled changes
        client = es_indexing_client()
        client.indices.refresh(index=alias_name())
        found = client.options(ignore_status=404).get(index=alias_name(), id=deal.pk)
        return found["_source"]["price"] if found.get("found") else None

    deal = DealFactory(merchant=merchant, live=False, review_status=Deal.Review.SUBMITTED)
    search.search_index_delete_all()
    try:
        search.search_index_rebuild()
        assert indexed_price(deal) is None  # in review: not listed
        with django_capture_on_commit_callbacks(execute=True):
            review.deal_approve(deal=deal, actor=staff)
        assert indexed_price(deal) == 39.0
        option = deal.options.get()
        revision = review.deal_edit(deal=deal, actor=merchant_owner, edit=review.DealEdit(
            fields={}, options={option.pk: {"price": Decimal("29.00")}}))
        with django_capture_on_commit_callbacks(execute=True):
            review.deal_revision_approve(revision=revision, actor=staff)
        assert indexed_price(deal) == 29.0
    finally:
        search.search_index_delete_all()


def test_an_edit_to_no_store_or_another_merchants_store_is_refused(merchant, manager):
    deal = DealFactory(merchant=merchant, live=False)
    stores = list(deal.locations.all())
    foreign = LocationFactory()
    for locations, code in (([], "store_required"), (stores + [foreign], "foreign_store")):
        with pytest.raises(ValidationError) as refused:
            review.deal_edit(deal=deal, actor=manager, edit=review.DealEdit(
                fields={"fine_print": "Changed"}, options={}, locations=locations))
        assert refused.value.error_dict["locations"][0].code == code
    deal.refresh_from_db()
    assert list(deal.locations.all()) == stores and deal.fine_print == ""
