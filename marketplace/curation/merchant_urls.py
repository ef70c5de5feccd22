"""Merchant portal: deal drafting and submission (mounted at /merchant/deals/)."""
from django.urls import path

from . import merchant_views as v

app_name = "curation-merchant"
urlpatterns = [
    path("", v.DealListView.as_view(), name="deal-list"),
    path("new/", v.DealFormView.as_view(), name="deal-create"),
    path("<int:pk>/", v.DealDetailView.as_view(), name="deal-detail"),
    path("<int:pk>/edit/", v.DealFormView.as_view(), name="deal-edit"),
    path("<int:pk>/submit/", v.DealSubmitView.as_view(), name="deal-submit"),
]
