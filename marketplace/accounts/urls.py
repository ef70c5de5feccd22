"""Our account routes (allauth's own are included beside them under /accounts/)."""
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("claim/", views.claim_request, name="claim-request"),
    path("claim/<str:token>/", views.claim_confirm, name="claim-confirm"),
]
