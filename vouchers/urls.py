"""The buyer's voucher pages under /vouchers/."""
from django.urls import path

from . import views

app_name = "vouchers"
urlpatterns = [
    path("", views.voucher_list, name="list"),
    path("<int:pk>/", views.voucher_detail, name="detail"),
    path("<int:pk>/print/", views.voucher_print, name="print"),
    path("<int:pk>/pdf/", views.voucher_pdf, name="pdf"),
    path("<int:pk>/qr.svg", views.voucher_qr, name="qr"),
    path("<int:pk>/refund/", views.voucher_refund_view, name="refund"),
    path("<int:pk>/booking/", views.voucher_booking_view, name="booking"),
]
