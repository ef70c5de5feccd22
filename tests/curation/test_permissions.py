"""Staff pages: buyers and merchants get 403 or 404 on every page and action; only curators
change categories."""
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.curation.models import MerchantApplication
from marketplace.curation.staff import ensure_curator_group
from marketplace.deals.featuring import featured_slot_create
from tests.factories import CategoryFactory, DealFactory, UserFactory, create_paid_vouchers

Category = get_model("catalogue", "Category")
pytestmark = pytest.mark.django_db


def staff_urls(pk: int) -> list[str]:
    urls = []
    for pattern in apps.get_app_config("curation").urls[0]:
        kwargs = {"pk": pk} if "<int:pk>" in str(pattern.pattern) else {}
        urls.append(reverse(f"curation:{pattern.name}", kwargs=kwargs))
    return urls


def test_buyers_and_merchants_get_403_or_404_on_every_staff_page_and_action(
        client, buyer, merchant_owner, manager, merchant):
    category = CategoryFactory("Food")
    deal = DealFactory(merchant=merchant)
    pk = category.pk
    urls = staff_urls(pk)
    assert len(urls) >= 15
    for user in (buyer, merchant_owner, manager):
        client.force_login(user)
        for url in urls:
            for method in (client.get, client.post):
                status = method(url, {"name": "Hacked", "decision": "approve"}).status_code
                assert status in (403, 404), (user, url, status)
    assert Category.objects.get(pk=pk).name == "Food"
    deal.refresh_from_db()
    assert deal.review_status == "approved"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("curation:curation-deal-queue"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_the_curator_permission_cannot_change_categories(client, staff):
    food = CategoryFactory("Food")
    other = CategoryFactory("Fun")
    client.force_login(staff)
    assert client.get(reverse("curation:curation-category-list")).status_code == 200
    attempts = [
        ("curation-category-create", {}, {"name": "New"}),
        ("curation-category-update", {"pk": food.pk}, {"name": "Renamed", "is_public": ""}),
        ("curation-category-move", {"pk": food.pk}, {"parent": other.pk}),
        ("curation-category-merge", {"pk": food.pk}, {"target": other.pk}),
    ]
    for name, kwargs, data in attempts:
        assert client.post(reverse(f"curation:{name}", kwargs=kwargs), data).status_code == 403
    assert sorted(c.name for c in Category.objects.all()) == ["Food", "Fun"]
    assert Category.objects.get(pk=food.pk).is_root()
    # Oscar's own category pages are closed to them too, even with Oscar's catalogue permissions.
    staff.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="catalogue", codename__in=["view_category", "change_category",
                                                           "add_category", "delete_category"]))
    staff = type(staff).objects.get(pk=staff.pk)
    client.force_login(staff)
    assert staff.has_perm("catalogue.change_category")
    for name, kwargs in [("catalogue-category-update", {"pk": food.pk}),
                         ("catalogue-category-delete", {"pk": food.pk}),
                         ("catalogue-category-create", {})]:
        assert client.post(reverse(f"dashboard:{name}", kwargs=kwargs), {"name": "X"}).status_code == 403
    assert client.get(reverse("dashboard:catalogue-category-list")).status_code == 200
    assert sorted(c.name for c in Category.objects.all()) == ["Food", "Fun"]


def test_curators_change_categories_through_the_dashboard(client, curator):
    food = CategoryFactory("Food")
    client.force_login(curator)
    response = client.post(reverse("curation:curation-category-update", kwargs={"pk": food.pk}),
                           {"name": "Food & drink", "slug": "", "description": "Eat",
                            "is_public": "on"})
    assert response.status_code == 302
    food.refresh_from_db()
    assert (food.name, food.slug) == ("Food & drink", "food-drink")


def test_staff_see_pending_applications(client, staff):
    MerchantApplication.objects.create(business_name="Pending Co", contact_name="A",
                                       contact_email="a@example.com")
    client.force_login(staff)
    assert "Pending Co" in client.get(reverse("curation:curation-application-list")).content.decode()


def test_oscars_dashboard_is_closed_to_buyers_and_merchants_and_lists_curation_for_staff(
        client, buyer, merchant_owner, staff):
    for user in (buyer, merchant_owner):
        client.force_login(user)
        for name in ("dashboard:index", "dashboard:catalogue-category-list",
                     "dashboard:order-list", "dashboard:users-index"):
            assert client.get(reverse(name)).status_code in (403, 404), (user, name)
    client.force_login(staff)
    page = client.get(reverse("dashboard:index")).content.decode()
    assert reverse("curation:curation-deal-queue") in page
    assert reverse("curation:curation-voucher-search") in page


def test_members_of_the_curators_group_may_change_categories(client):
    user = UserFactory(is_staff=True)
    user.groups.add(ensure_curator_group())
    food = CategoryFactory("Food")
    client.force_login(user)
    response = client.post(reverse("curation:curation-category-move", kwargs={"pk": food.pk}),
                           {"parent": "", "position": "1"})
    assert response.status_code == 302


def test_every_staff_page_opens_for_a_curator(client, curator, merchant):
    category = CategoryFactory("Food")
    deal = DealFactory(merchant=merchant, categories=[category])
    application = MerchantApplication.objects.create(business_name="Pending Co", contact_name="A",
                                                     contact_email="a@example.com")
    voucher = create_paid_vouchers(deal=deal)[0]
    slot = featured_slot_create(deal=deal, city="Lisbon", position=1,
                                starts_on=timezone.localdate(), ends_on=timezone.localdate())
    pks = {"application": application.pk, "deal": deal.pk, "voucher": voucher.pk,
           "featured": slot.pk, "category": category.pk, "merchant": merchant.pk}
    client.force_login(curator)
    for pattern in apps.get_app_config("curation").urls[0]:
        kwargs = {}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = next(pk for key, pk in pks.items() if key in pattern.name)
        url = reverse(f"curation:{pattern.name}", kwargs=kwargs)
        query = {"city": "Lisbon", "on": "2026-06-01"} if pattern.name == "curation-preview" else {}
        response = client.get(url, query)
        expected = {"curation-featured-delete": 405, "curation-preview": 302,
                    "curation-money-report": 302}.get(pattern.name, 200)  # no period: back
        assert response.status_code == expected, (url, response.status_code)
