"""Platform staff's dashboard app: category curation, merchant and deal review, featuring, money,
voucher support and redemption alerts."""
from django.apps import apps
from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

CURATOR_PERMISSION = "curation.curate_categories"
STAFF = ["is_staff"]
CURATOR = ["is_staff", CURATOR_PERMISSION]
OSCAR_CATEGORY_WRITES = ("catalogue-category-create", "catalogue-category-create-child",
                         "catalogue-category-update", "catalogue-category-delete")


class CurationConfig(OscarDashboardConfig):
    name = "marketplace.curation"
    label = "curation"
    verbose_name = _("Curation")
    namespace = "curation"
    default_auto_field = "django.db.models.AutoField"

    default_permissions = STAFF
    permissions_map = {
        "curation-category-create": CURATOR,
        "curation-category-update": CURATOR,
        "curation-category-move": CURATOR,
        "curation-category-merge": CURATOR,
    }

    def ready(self):
        self.close_oscar_category_writes()

    @staticmethod
    def close_oscar_category_writes():
        """Oscar's own category pages change categories too: they also need the curator permission."""
        catalogue = apps.get_app_config("catalogue_dashboard")
        for name in OSCAR_CATEGORY_WRITES:
            catalogue.permissions_map[name] = [*catalogue.permissions_map[name], *CURATOR]

    def get_urls(self):
        # The views import models, which cannot load while this AppConfig is being created.
        from . import dashboard_views as v
        from . import money_views

        urls = [
            path("categories/", v.CategoryListView.as_view(), name="curation-category-list"),
            path("categories/create/", v.CategoryCreateView.as_view(),
                 name="curation-category-create"),
            path("categories/<int:pk>/", v.CategoryUpdateView.as_view(),
                 name="curation-category-update"),
            path("categories/<int:pk>/move/", v.CategoryMoveView.as_view(),
                 name="curation-category-move"),
            path("categories/<int:pk>/merge/", v.CategoryMergeView.as_view(),
                 name="curation-category-merge"),
            path("applications/", v.ApplicationListView.as_view(),
                 name="curation-application-list"),
            path("applications/<int:pk>/", v.ApplicationDetailView.as_view(),
                 name="curation-application-detail"),
            path("deals/", v.DealQueueView.as_view(), name="curation-deal-queue"),
            path("deals/<int:pk>/", v.DealReviewView.as_view(), name="curation-deal-review"),
            path("featured/", v.FeaturedListView.as_view(), name="curation-featured-list"),
            path("featured/<int:pk>/delete/", v.FeaturedDeleteView.as_view(),
                 name="curation-featured-delete"),
            path("preview/", v.PreviewView.as_view(), name="curation-preview"),
            path("commissions/", v.CommissionView.as_view(), name="curation-commissions"),
            path("vouchers/", v.VoucherSearchView.as_view(), name="curation-voucher-search"),
            path("vouchers/<int:pk>/", v.VoucherDetailView.as_view(),
                 name="curation-voucher-detail"),
            path("alerts/", v.RedemptionAlertsView.as_view(), name="curation-redemption-alerts"),
            path("money/", money_views.MoneyView.as_view(), name="curation-money"),
            path("money/<int:pk>/", money_views.MerchantMoneyView.as_view(),
                 name="curation-money-merchant"),
            path("money/report.csv", money_views.PlatformReportView.as_view(),
                 name="curation-money-report"),
        ]
        return self.post_process_urls(urls)
