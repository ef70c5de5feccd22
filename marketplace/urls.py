"""URL map: the API first (tills call it on every redeem: fewer patterns to try), our pages (the
home page is the deals home), then Oscar's shop."""
from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from marketplace.core import site_files
from marketplace.deals.sitemaps import SITEMAPS

urlpatterns = [
    path("api/v1/", include("marketplace.api_urls")),
    # What browsers and crawlers ask of every site.
    path("robots.txt", site_files.robots_txt),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS},
         name="django.contrib.sitemaps.views.sitemap"),
    path("favicon.ico", site_files.favicon),
    path("", include("marketplace.deals.urls")),
    path("vouchers/", include("vouchers.urls")),
    path("reviews/", include("marketplace.reviews.urls")),
    path("groupbuy/", include("marketplace.groupbuy.urls")),
    path("merchants/apply/", include("marketplace.curation.apply_urls")),
    path("dashboard/curation/", include("marketplace.curation.dashboard_urls")),
    path("merchant/", include("marketplace.merchant_portal.urls")),
    path("payments/", include("marketplace.order.urls")),
    path("i18n/", include("marketplace.languages.urls")),
    # Shop pages a deals marketplace has no use for: Oscar's names still reverse, the pages are gone.
    re_path(r"^accounts/(addresses|alerts|wishlists)/", site_files.not_here),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(apps.get_app_config("oscar").urls[0])),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
