"""URL map: the API first (tills call it on every redeem: fewer patterns to try), our pages (the
home page is the deals home), then Oscar's shop."""
from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path, reverse_lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from marketplace.accounts.views import ProfileUpdateView
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
    # Accounts: allauth takes over Oscar's sign-in, sign-up, password and e-mail pages (same
    # paths first, or a redirect); Oscar keeps the account's orders, addresses and profile.
    path("accounts/register/", RedirectView.as_view(pattern_name="account_signup",
                                                    query_string=True)),
    path("accounts/change-password/", RedirectView.as_view(pattern_name="account_change_password")),
    path("accounts/profile/edit/", ProfileUpdateView.as_view()),
    path("password-reset/", RedirectView.as_view(pattern_name="account_reset_password")),
    # url=, not pattern_name=: the captured rest must not reach reverse().
    path("password-reset/<path:rest>", RedirectView.as_view(url=reverse_lazy("account_reset_password"))),
    path("accounts/purchases/", include("marketplace.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Under /api/ errors answer JSON (marketplace/errors.py); elsewhere Django's pages.
handler400 = "marketplace.errors.bad_request"
handler403 = "marketplace.errors.permission_denied"
handler404 = "marketplace.errors.page_not_found"
handler500 = "marketplace.errors.server_error"
