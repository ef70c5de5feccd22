"""Staff's decisions on deals in review (curation/deal_decisions.py) from the dashboard, and the
e-mail that tells the merchant's owners and managers."""
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.curation.deal_decisions import Decision, deal_decide
from marketplace.deals import review
from marketplace.deals.models import Deal, DealRevision
from merchants.models import Membership
from tests.factories import DealFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


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
    page = client.get(reverse("merchant_portal:deal-detail", kwargs={"slug": merchant.slug, "pk": deal.pk}))
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


def test_the_reviewer_reads_every_language_the_deal_is_written_in(client, merchant, staff):
    from marketplace.deals.services import OptionSpec

    deal = DealFactory(
        merchant=merchant, live=False, review_status=Deal.Review.SUBMITTED, title="Sushi for two",
        fine_print="Book ahead.", translations={"zh-hans": {"title": "双人寿司", "fine_print": "请提前预约。"}},
        options=[OptionSpec("Dinner for 2", Decimal("39.00"), Decimal("70.00"), 10,
                            titles={"zh-hans": "双人晚餐"})])
    client.force_login(staff)
    page = client.get(reverse("curation:curation-deal-review", kwargs={"pk": deal.pk})).content.decode()
    chinese = page[page.index('data-language="zh-hans"'):]
    chinese = chinese[:chinese.index("</table>")]
    assert "双人寿司" in chinese and "请提前预约。" in chinese and "双人晚餐" in chinese
    portuguese = page[page.index('data-language="pt-pt"'):]
    assert "not written: buyers who read it see the deal's own language" in portuguese[:400]
