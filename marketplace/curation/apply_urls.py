"""Public merchant application (mounted at /merchants/apply/)."""
from django.urls import path

from . import apply_views

app_name = "curation-apply"
urlpatterns = [
    path("", apply_views.apply, name="form"),
    path("thanks/", apply_views.thanks, name="thanks"),
    path("locate/", apply_views.locate, name="locate"),
]
