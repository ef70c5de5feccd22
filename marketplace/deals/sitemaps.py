"""The sitemap of the buyer's pages: every deal on sale, and the category pages, at the public site URL."""
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from oscar.core.loading import get_model

from . import lifecycle

Category = get_model("catalogue", "Category")


class SiteUrlSitemap(Sitemap):
    """Addresses on MARKETPLACE_SITE_URL (the Site framework's domain is a placeholder here)."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.MARKETPLACE_SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.MARKETPLACE_SITE_URL).netloc


class DealSitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return lifecycle.deals_on_sale().select_related("product").order_by("pk")

    def lastmod(self, deal):
        return deal.updated_at


class CategorySitemap(SiteUrlSitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Category.objects.filter(is_public=True, ancestors_are_public=True).order_by("path")

    def location(self, category):
        return reverse("deals:category", kwargs={"slug": category.full_slug})


class HomeSitemap(SiteUrlSitemap):
    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["deals:home"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"home": HomeSitemap, "categories": CategorySitemap, "deals": DealSitemap}
