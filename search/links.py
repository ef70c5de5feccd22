"""Where a search result links to: the one place that knows the deal page's URL."""
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

_SLUG, _PK = "slug-placeholder-x", 987654321
_PK_TEXT = str(_PK)


def deal_url(*, deal_id: int, product_id: int, slug: str) -> str:
    return deal_url_maker()(deal_id=deal_id, product_id=product_id, slug=slug)


def deal_url_maker():
    """``deal_url`` for a whole results page: the URL configuration is looked up once.

    A results page links 20 deals; reversing each costs more than the rest of the card, so the
    pattern is reversed once (per URL configuration) and filled in."""
    pattern = _deal_url_pattern(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    if pattern is None:  # the deal pages are not installed: Oscar's product page
        return lambda *, deal_id, product_id, slug: reverse(
            "catalogue:detail", kwargs={"product_slug": slug, "pk": product_id})
    return lambda *, deal_id, product_id, slug: (
        pattern.replace(_SLUG, quote(slug or "deal")).replace(_PK_TEXT, str(deal_id)))


@lru_cache(maxsize=16)
def _deal_url_pattern(urlconf, script_prefix: str) -> str | None:
    try:
        return reverse("deals:detail", kwargs={"slug": _SLUG, "pk": _PK})
    except NoReverseMatch:
        return None
