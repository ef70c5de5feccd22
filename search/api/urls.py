"""Deal search API routes, included under /api/v1/."""
from django.urls import path

from . import views

urlpatterns = [
    path("deals/search/", views.DealSearchView.as_view(), name="api-deals-search"),
    path("deals/autocomplete/", views.DealAutocompleteView.as_view(), name="api-deals-autocomplete"),
]
