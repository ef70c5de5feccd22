import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "marketplace.checkout"

    def ready(self):
        super().ready()
        self.payment_confirm_view = get_class("checkout.views", "PaymentConfirmView")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls([
            path("payment-confirm/", self.payment_confirm_view.as_view(), name="payment-confirm"),
        ])
        return urls
