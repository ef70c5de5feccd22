"""Group-buying pages: completing a held payment, a deal's tipping progress."""
from django.urls import path

from . import views

app_name = "groupbuy"
urlpatterns = [
    path("pay/<uuid:token>/", views.pledge_pay_view, name="pledge-pay"),
    path("pay/<uuid:token>/done/", views.pledge_pay_done_view, name="pledge-pay-done"),
    path("deals/<int:pk>/progress/", views.deal_progress_view, name="deal-progress"),
]
