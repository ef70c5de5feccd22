"""Category curation: create, rename, move, reorder, merge (deals move, old URL redirects), hide."""
import pytest
import redis
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from oscar.core.loading import get_model

from marketplace.curation import categories
from marketplace.curation.models import CategoryRedirect
from marketplace.deals.models import FeaturedSlot
from search import services as search_services
from tests.factories import CategoryFactory, DealFactory

Category = get_model("catalogue", "Category")
pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_reindex():
    """The deal ids waiting in search's pending set (Redis) for the indexing worker."""
    r = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    key = search_services._pending_key()
    r.delete(key)
    yield lambda: search_services.deal_ids_for_tokens(t.decode() for t in r.smembers(key))
    r.delete(key)


def names(parent=None):
    nodes = Category.objects.get(pk=parent.pk).get_children() if parent else Category.get_root_nodes()
    return [c.name for c in nodes]


def test_rename_reslug_describe_and_hide_reindex_the_categorys_deals(
        django_capture_on_commit_callbacks, pending_reindex):
    food = CategoryFactory("Food")
    sushi = CategoryFactory("Sushi", parent=food)
    deal = DealFactory(categories=[sushi])
    DealFactory()  # elsewhere: not re-indexed
    with django_capture_on_commit_callbacks(execute=True):
        categories.category_update(category=food, name="Food & drink", slug="food-drink",
                                   description="Eat out", is_public=False)
    food.refresh_from_db()
    sushi.refresh_from_db()
    assert (food.name, food.slug, food.description, food.is_public) == (
        "Food & drink", "food-drink", "Eat out", False)
    assert sushi.ancestors_are_public is False
    assert pending_reindex() == {deal.pk}
    assert sushi.full_slug == "food-drink/sushi"


def test_a_slug_already_used_by_a_sibling_is_refused_and_nothing_changes():
    CategoryFactory("Spa")
    beauty = CategoryFactory("Beauty")
    with pytest.raises(ValidationError):
        categories.category_update(category=beauty, name="Spa 2", slug="spa")
    beauty.refresh_from_db()
    assert (beauty.name, beauty.slug) == ("Beauty", "beauty")


def test_move_to_another_parent_and_reorder_among_siblings(django_capture_on_commit_callbacks,
                                                           pending_reindex):
    food, fun = CategoryFactory("Food"), CategoryFactory("Fun")
    a, b = CategoryFactory("A", parent=food), CategoryFactory("B", parent=food)
    deal = DealFactory(categories=[b])
    with django_capture_on_commit_callbacks(execute=True):
        categories.category_move(category=b, parent=fun)
    assert names(food) == ["A"] and names(fun) == ["B"]
    assert pending_reindex() == {deal.pk}
    c = categories.category_create(name="C", parent=fun)
    categories.category_move(category=c, parent=fun, position=0)
    assert names(fun) == ["C", "B"]
    categories.category_move(category=a, parent=None, position=0)
    assert names() == ["A", "Food", "Fun"]
    assert Category.objects.get(pk=b.pk).full_slug == "fun/b"


def test_a_category_cannot_move_inside_itself():
    food = CategoryFactory("Food")
    sushi = CategoryFactory("Sushi", parent=food)
    with pytest.raises(ValidationError):
        categories.category_move(category=food, parent=sushi)
    assert names() == ["Food"] and names(food) == ["Sushi"]


def test_merge_moves_deals_children_and_slots_and_the_old_url_redirects_permanently(
        client, django_capture_on_commit_callbacks, pending_reindex):
    food = CategoryFactory("Food")
    sushi, japanese = CategoryFactory("Sushi", parent=food), CategoryFactory("Japanese", parent=food)
    rolls = CategoryFactory("Rolls", parent=sushi)
    both = DealFactory(categories=[sushi, japanese])
    only_sushi = DealFactory(categories=[sushi])
    FeaturedSlot.objects.create(city="Lisbon", category=sushi, deal=only_sushi, position=1,
                                starts_on="2026-01-01", ends_on="2026-12-31")
    old_url = reverse("deals:category", kwargs={"slug": sushi.full_slug})
    with django_capture_on_commit_callbacks(execute=True):
        categories.category_merge(source=sushi, target=japanese)

    assert not Category.objects.filter(pk=sushi.pk).exists()
    assert set(only_sushi.product.categories.all()) == {japanese}
    assert set(both.product.categories.all()) == {japanese}
    assert Category.objects.get(pk=rolls.pk).get_parent() == japanese
    assert FeaturedSlot.objects.get().category == japanese
    assert pending_reindex() == {both.pk, only_sushi.pk}

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == reverse("deals:category", kwargs={"slug": "food/japanese"})
    assert CategoryRedirect.objects.filter(old_path=old_url, category=japanese).exists()


def test_merging_into_a_subcategory_of_itself_is_refused():
    food = CategoryFactory("Food")
    sushi = CategoryFactory("Sushi", parent=food)
    with pytest.raises(ValidationError):
        categories.category_merge(source=food, target=sushi)
    assert Category.objects.count() == 2


def test_curators_give_a_category_an_image_and_description_in_the_dashboard(client, curator):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    food = CategoryFactory("Food")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(buffer, format="PNG")
    client.force_login(curator)
    response = client.post(reverse("curation:curation-category-update", kwargs={"pk": food.pk}), {
        "name": "Food", "slug": "food", "description": "Restaurants and cafés", "is_public": "on",
        "image": SimpleUploadedFile("food.png", buffer.getvalue(), content_type="image/png")})
    assert response.status_code == 302
    food.refresh_from_db()
    assert food.description == "Restaurants and cafés"
    assert food.image.name.startswith("categories/") and food.image.size > 0


def test_renamed_or_moved_categories_keep_their_old_addresses_as_permanent_redirects(client):
    food, fun = CategoryFactory("Food"), CategoryFactory("Fun")
    sushi = CategoryFactory("Sushi", parent=food)
    rolls = CategoryFactory("Rolls", parent=sushi)

    def url(slug):
        return reverse("deals:category", kwargs={"slug": slug})

    categories.category_update(category=sushi, name="Sushi bars", slug="sushi-bars")
    response = client.get(url("food/sushi/rolls"))
    assert (response.status_code, response["Location"]) == (301, url("food/sushi-bars/rolls"))

    categories.category_move(category=Category.objects.get(pk=sushi.pk), parent=fun)
    for old in ("food/sushi", "food/sushi-bars"):
        response = client.get(url(old))
        assert (response.status_code, response["Location"]) == (301, url("fun/sushi-bars"))
    assert client.get(url("food/sushi/rolls"))["Location"] == url("fun/sushi-bars/rolls")
    assert Category.objects.get(pk=rolls.pk).full_slug == "fun/sushi-bars/rolls"

    # Moving it back makes the old address live again: no redirect loop.
    categories.category_move(category=Category.objects.get(pk=sushi.pk), parent=food)
    assert not CategoryRedirect.objects.filter(old_path=url("food/sushi-bars")).exists()
