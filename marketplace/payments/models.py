"""What Stripe said of each payment: one attempt per order, the webhook events received, the refunds.

Oscar's payment.Source (reference = PaymentIntent id) and payment.Transaction (reference = ch_/re_
id) carry the same ids for the order pages; these models add what is needed to act exactly once.
"""
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentAttempt(models.Model):
    """Paying one order by card. The order's units are reserved while the attempt is open."""

    class Status(models.TextChoices):
        RESERVED = "reserved", _("Units reserved, not charged yet")
        REQUIRES_ACTION = "requires_action", _("Waiting for 3-D Secure")
        PROCESSING = "processing", _("Processing")
        AUTHORISED = "authorised", _("Card authorised, not captured")
        CARD_SAVED = "card_saved", _("Card saved, not charged yet")
        SUCCEEDED = "succeeded", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Canceled")

    OPEN = (Status.RESERVED, Status.REQUIRES_ACTION, Status.PROCESSING, Status.AUTHORISED,
            Status.CARD_SAVED)

    order = models.OneToOneField(
        "order.Order", on_delete=models.PROTECT, related_name="payment_attempt"
    )
    # Sent to Stripe as the Idempotency-Key of the PaymentIntent creation: one per order attempt.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.RESERVED, db_index=True
    )
    payment_method_id = models.CharField(max_length=255, blank=True)
    payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    charge_id = models.CharField(max_length=255, blank=True, db_index=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the whole truth of the payment was last read from Stripe (payment_record).
    synced_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Payment of order {self.order_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class StripeEvent(models.Model):
    """Every webhook event id we accepted: a duplicate delivery is recognised and ignored."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_created = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class StripeRefund(models.Model):
    """A refund of a payment, asked for by us or made at Stripe, as Stripe reports it."""

    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, related_name="refunds")
    # Our key for the refund (e.g. "voucher-42"): at most one Stripe refund per key.
    key = models.CharField(max_length=100, unique=True)
    stripe_refund_id = models.CharField(max_length=255, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    # Stripe's refund status (truth.REFUND_RETURNS_MONEY: the ones that give money back).
    status = models.CharField(max_length=20, default="succeeded")
    # The refund's metadata at Stripe (who asked for it and for what, e.g. a voucher id).
    metadata = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Refund {self.stripe_refund_id} ({self.amount} {self.currency})"
