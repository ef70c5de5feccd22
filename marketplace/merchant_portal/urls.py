"""The merchant portal's routes, all under /merchant/ (see docs/redemption.md for the roles)."""
from django.urls import path

from . import booking_views, counter_views, deal_views, money_views, views

app_name = "merchant_portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("invitations/<str:secret>/", views.invitation, name="invitation"),
    # Links in e-mails sent before deals moved under the merchant's own address.
    path("deals/", deal_views.old_deal_link, name="old-deal-list"),
    path("deals/<int:pk>/", deal_views.old_deal_link, name="old-deal-detail"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/redeem/", counter_views.counter, name="counter"),
    path("<slug:slug>/redeem/confirm/", counter_views.counter_confirm, name="counter-confirm"),
    path("<slug:slug>/redemptions/<int:pk>/undo/", counter_views.redemption_undo,
         name="redemption-undo"),
    path("<slug:slug>/redemptions.csv", views.redemptions_csv, name="redemptions-csv"),
    path("<slug:slug>/deals/", deal_views.deal_list, name="deal-list"),
    path("<slug:slug>/deals/new/", deal_views.deal_create, name="deal-create"),
    path("<slug:slug>/deals/<int:pk>/", deal_views.deal_detail, name="deal-detail"),
    path("<slug:slug>/deals/<int:pk>/edit/", deal_views.deal_edit, name="deal-edit"),
    path("<slug:slug>/deals/<int:pk>/submit/", deal_views.deal_submit, name="deal-submit"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("<slug:slug>/stores/", views.stores, name="stores"),
    path("<slug:slug>/stores/<int:pk>/", views.store_edit, name="store-edit"),
    path("<slug:slug>/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    # Bookable slots of a store and the calendar of bookings (docs/trades.md).
    path("<slug:slug>/stores/<int:pk>/slots/", booking_views.store_slots, name="store-slots"),
    path("<slug:slug>/stores/<int:pk>/slots/<str:day>/remove/",
         booking_views.store_exception_remove, name="store-exception-remove"),
    path("<slug:slug>/bookings/", booking_views.calendar, name="calendar"),
    path("<slug:slug>/statement/", money_views.statement, name="statement"),
    path("<slug:slug>/statement.csv", money_views.statement_csv, name="statement-csv"),
    path("<slug:slug>/statement.pdf", money_views.statement_pdf_download, name="statement-pdf"),
    path("<slug:slug>/reports/", money_views.report, name="reports"),
    path("<slug:slug>/payouts/", money_views.payouts, name="payouts"),
    path("<slug:slug>/payouts/connect/", money_views.payouts_connect, name="payouts-connect"),
]
