"""Where a search result links to: the one place that knows the deal page's URL."""
from django.urls import NoReverseMatch, reverse


def deal_url(*, deal_id: int, product_id: int, slug: str) -> str:
    try:
        return reverse("deals:detail", kwargs={"slug": slug or "deal", "pk": deal_id})
    except NoReverseMatch:  # the deal pages are not installed: Oscar's product page
        return reverse("catalogue:detail", kwargs={"product_slug": slug, "pk": product_id})
