"""Category curation: create, edit, move, merge and hide Oscar categories, re-indexing their deals.

Oscar's Category is a treebeard tree; moves go through its manager so paths stay valid.
Merging moves the deals, children, featured slots and redirects of one category into another,
then deletes it, leaving a permanent redirect from its old address.
"""
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext as _
from oscar.core.loading import get_model

from marketplace.deals.featuring import featured_slots_recategorise
from marketplace.deals.models import Deal
from marketplace.ledger.commissions import commission_rate_category_merge

from .indexing import deals_reindex_schedule
from .models import CategoryRedirect

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

EDITABLE_FIELDS = ("name", "slug", "description", "image", "is_public")


def category_deal_ids(*, category) -> list[int]:
    """Deals listed in ``category`` or any category below it."""
    subtree = Category.get_tree(category).values("pk")
    return list(
        Deal.objects.filter(product__categories__in=subtree).values_list("pk", flat=True).distinct()
    )


def category_paths(*, category) -> list[str]:
    """The public addresses of a category: the buyers' category page and Oscar's old one."""
    return [reverse("deals:category", kwargs={"slug": category.full_slug}),
            category.get_absolute_url()]


@transaction.atomic
def category_create(*, name: str, parent=None, slug: str = "", description: str = "",
                    image=None, is_public: bool = True):
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("A category needs a name.")})
    fields = dict(name=name, slug=slugify(slug or name), description=description,
                  is_public=is_public)
    if image:
        fields["image"] = image
    _check_sibling_slug(parent=parent, slug=fields["slug"], exclude_pk=None)
    category = parent.add_child(**fields) if parent else Category.add_root(**fields)
    return category


@transaction.atomic
def category_update(*, category, **changes):
    """Rename, re-slug, describe, illustrate or hide a category. Unknown fields are refused."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Cannot change %(fields)s here.") % {"fields": ", ".join(sorted(unknown))})
    category = Category.objects.select_for_update().get(pk=category.pk)
    before = _subtree_paths(category)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if not changes["name"]:
            raise ValidationError({"name": _("A category needs a name.")})
    if "slug" in changes:
        changes["slug"] = slugify(changes["slug"] or changes.get("name") or category.name)
        _check_sibling_slug(parent=category.get_parent(), slug=changes["slug"],
                            exclude_pk=category.pk)
    for field, value in changes.items():
        setattr(category, field, value)
    category.save()  # Oscar's receiver recomputes ancestors_are_public for the subtree
    _redirect_old_paths(before)
    deals_reindex_schedule(deal_ids=category_deal_ids(category=category))
    return category


@transaction.atomic
def category_move(*, category, parent=None, position: int | None = None):
    """Put ``category`` under ``parent`` (None: top level) at ``position`` among its siblings.

    ``position`` counts from 0; None or past the end puts it last.
    """
    category = Category.objects.get(pk=category.pk)
    if parent is not None:
        parent = Category.objects.get(pk=parent.pk)
        if parent.pk == category.pk or parent.is_descendant_of(category):
            raise ValidationError(_("A category cannot be moved inside itself."))
    if position is not None and position < 0:
        raise ValidationError(_("The position counts from 0."))
    _check_sibling_slug(parent=parent, slug=category.slug, exclude_pk=category.pk)
    before = _subtree_paths(category)
    siblings = list(
        (parent.get_children() if parent else Category.get_root_nodes()).exclude(pk=category.pk)
    )
    if position is not None and position < len(siblings):
        Category.objects.move(category, siblings[position], "left")
    elif parent is not None:
        Category.objects.move(category, parent, "last-child")
    elif siblings:
        Category.objects.move(category, siblings[-1], "right")
    category = Category.objects.get(pk=category.pk)
    # A raw tree update: Oscar's post_save receiver did not run, so recompute visibility here.
    category.set_ancestors_are_public()
    _redirect_old_paths(before)
    deals_reindex_schedule(deal_ids=category_deal_ids(category=category))
    return category


@transaction.atomic
def category_merge(*, source, target):
    """Move everything of ``source`` into ``target`` and delete ``source``; its URL redirects."""
    source = Category.objects.select_for_update().get(pk=source.pk)
    target = Category.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError(_("Choose another category to merge into."))
    if target.is_descendant_of(source):
        raise ValidationError(_("A category cannot be merged into one of its own sub-categories."))
    affected = set(category_deal_ids(category=source)) | set(category_deal_ids(category=target))
    before = _subtree_paths(source)

    for child in list(source.get_children()):
        category_move(category=child, parent=target)
    in_target = set(ProductCategory.objects.filter(category=target).values_list("product_id", flat=True))
    ProductCategory.objects.filter(category=source, product_id__in=in_target).delete()
    ProductCategory.objects.filter(category=source).update(category=target)
    featured_slots_recategorise(source=source, target=target)
    commission_rate_category_merge(source=source, target=target)
    CategoryRedirect.objects.filter(category=source).update(category=target)
    Category.objects.filter(pk=source.pk).delete()
    _redirect_old_paths(before, gone_to=target)
    deals_reindex_schedule(deal_ids=affected)
    return target


def category_redirect_target(*, path: str) -> str | None:
    """Where an old address of a category (renamed, moved or merged away) now lives, or None."""
    redirect = CategoryRedirect.objects.select_related("category").filter(old_path=path).first()
    return category_paths(category=redirect.category)[0] if redirect else None


def _check_sibling_slug(*, parent, slug: str, exclude_pk):
    siblings = parent.get_children() if parent else Category.get_root_nodes()
    if siblings.filter(slug=slug).exclude(pk=exclude_pk).exists():
        raise ValidationError({"slug": _("Another category here already uses the slug “%(slug)s”.") % {
            "slug": slug}})


def _subtree_paths(category) -> dict[int, list[str]]:
    """The addresses of a category and everything below it, before a change moves them."""
    _forget_cached_urls(category)
    return {node.pk: category_paths(category=node) for node in Category.get_tree(category)}


def _redirect_old_paths(before: dict[int, list[str]], *, gone_to=None) -> None:
    """Leave a permanent redirect from every address that a rename, move or merge changed."""
    for pk in before:
        cache.delete_many(_url_cache_keys(pk))
    for pk, old_paths in before.items():
        node = Category.objects.filter(pk=pk).first() or gone_to
        if node is None:
            continue
        new_paths = category_paths(category=node)
        CategoryRedirect.objects.filter(old_path__in=new_paths).delete()  # live again
        for path in set(old_paths) - set(new_paths):
            CategoryRedirect.objects.update_or_create(old_path=path, defaults={"category": node})


def _forget_cached_urls(category):
    """Oscar caches each category's full slug; a rename or move makes the subtree's stale."""
    keys = []
    for node in Category.get_tree(category):
        keys += _url_cache_keys(node.pk)
    cache.delete_many(keys)


def _url_cache_keys(pk: int) -> list[str]:
    languages = {get_language(), settings.LANGUAGE_CODE, *(code for code, _ in settings.LANGUAGES)}
    return [f"CATEGORY_URL_{language}_{pk}" for language in languages]
