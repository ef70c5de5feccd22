"""Point-of-sale routes under /api/v1/."""
from django.urls import path

from . import views

urlpatterns = [
    path("redemptions/", views.RedemptionsView.as_view(), name="api-redemptions"),
    path("redemptions/verify/", views.VerifyView.as_view(), name="api-redemptions-verify"),
    path("redemptions/<int:pk>/undo/", views.UndoView.as_view(), name="api-redemptions-undo"),
]
