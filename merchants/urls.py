"""Merchant portal routes under /merchant/."""
from django.urls import path

from . import counter_views, views

app_name = "merchants"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/alerts/", views.staff_alerts, name="staff-alerts"),
    path("invitations/<str:secret>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/redeem/", counter_views.counter, name="counter"),
    path("<slug:slug>/redeem/confirm/", counter_views.counter_confirm, name="counter-confirm"),
    path("<slug:slug>/redemptions/<int:pk>/undo/", counter_views.redemption_undo,
         name="redemption-undo"),
    path("<slug:slug>/redemptions.csv", views.redemptions_csv, name="redemptions-csv"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("<slug:slug>/stores/", views.stores, name="stores"),
    path("<slug:slug>/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
