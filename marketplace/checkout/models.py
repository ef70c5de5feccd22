"""Checkout data Oscar's order does not hold: who receives an order's vouchers, and when."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.checkout.models import *  # noqa: F401,F403  Oscar's (empty) checkout models


class OrderDelivery(models.Model):
    """Where the vouchers of an order go: to the buyer, or as a gift to someone else on a date."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="delivery")
    is_gift = models.BooleanField(default=False)
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_email = models.EmailField()
    message = models.TextField(blank=True)
    # Gifts: the day the recipient gets the e-mail (in UTC). Null: as soon as the vouchers exist.
    deliver_on = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("order delivery")

    def __str__(self):
        return f"Vouchers of order {self.order_id} to {self.recipient_email}"
