"""Merchant review pages."""
from django.urls import path

from . import views

app_name = "merchant_reviews"
urlpatterns = [
    path("voucher/<int:voucher_id>/", views.review_create_view, name="create"),
    path("merchant/<slug:slug>/", views.merchant_reviews_view, name="merchant"),
    path("<int:pk>/reply/", views.review_reply_view, name="reply"),
    path("<int:pk>/hide/", views.review_hide_view, {"hidden": True}, name="hide"),
    path("<int:pk>/show/", views.review_hide_view, {"hidden": False}, name="show"),
]
