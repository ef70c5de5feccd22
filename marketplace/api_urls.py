"""The public API under /api/v1/: each domain package brings its own routes."""
from django.urls import include, path

urlpatterns = [
    path("", include("vouchers.api.urls")),
    path("", include("search.api.urls")),
]
