"""What every site answers to browsers and crawlers: favicon, robots.txt, the sitemap of deals."""
import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from marketplace.deals.models import Deal
from tests.factories import DealFactory

pytestmark = pytest.mark.django_db


def test_the_favicon_is_the_site_own_and_every_page_links_it(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"].endswith("/static/favicon.ico")
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
    home = client.get(reverse("deals:home")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in home
    assert "oscar/favicon.ico" not in home


def test_robots_keep_crawlers_out_of_private_pages_and_point_to_the_sitemap(client, settings):
    settings.MARKETPLACE_SITE_URL = "https://deals.example.org"
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    text = robots.content.decode()
    for private in ("/checkout/", "/accounts/", "/vouchers/", "/dashboard/", "/merchant/"):
        assert f"Disallow: {private}" in text
    assert "Sitemap: https://deals.example.org/sitemap.xml" in text


def test_the_sitemap_lists_deals_on_sale_at_the_public_url_and_not_drafts(client, settings):
    settings.MARKETPLACE_SITE_URL = "https://deals.example.org"
    on_sale = DealFactory(title="Sushi for two")
    draft = DealFactory(title="Secret draft", review_status=Deal.Review.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>https://deals.example.org{on_sale.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert "<loc>https://deals.example.org/</loc>" in xml
    assert "example.com" not in xml
