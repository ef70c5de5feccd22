"""Group buying records: whether a deal tipped, and each order's pledge toward its minimum."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DealTipping(models.Model):
    """Whether a deal with a minimum has tipped (for good) or closed short of it (for good)."""

    deal = models.OneToOneField("deals.Deal", on_delete=models.CASCADE, related_name="tipping")
    tipped_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Tipping of deal {self.deal_id}"


class Pledge(models.Model):
    """An order for a deal that had not tipped: its card is authorised, or saved to charge later.

    The order's units stay reserved (and its payment attempt open) while the pledge is held.
    """

    class Kind(models.TextChoices):
        AUTHORISATION = "authorisation", _("Card authorised (manual capture)")
        SAVED_CARD = "saved_card", _("Card saved, charged off-session when the deal tips")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Waiting for the card (e.g. 3-D Secure)")
        HELD = "held", _("Held: counts toward the minimum")
        ACTION_REQUIRED = "action_required", _("The bank asked the buyer to authenticate")
        PAID = "paid", _("Captured or charged")
        CANCELLED = "cancelled", _("Cancelled: the deal ended short of its minimum")
        RELEASED = "released", _("Released: the buyer did not complete the payment in time")
        FAILED = "failed", _("Failed")

    attempt = models.OneToOneField(
        "payments.PaymentAttempt", on_delete=models.PROTECT, related_name="pledge"
    )
    deal = models.ForeignKey("deals.Deal", on_delete=models.PROTECT, related_name="pledges")
    units = models.PositiveIntegerField()
    kind = models.CharField(max_length=14, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AWAITING,
                              db_index=True)
    customer_id = models.CharField(max_length=255, blank=True)
    setup_intent_id = models.CharField(max_length=255, blank=True)
    payment_method_id = models.CharField(max_length=255, blank=True)
    # The link e-mailed when the bank asks for authentication, and until when it is honoured.
    action_token = models.UUIDField(null=True, blank=True, unique=True)
    action_deadline = models.DateTimeField(null=True, blank=True)
    failure_message = models.TextField(blank=True)
    # When the buyer was told the outcome (cancelled, released, action needed): told once.
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Pledge of attempt {self.attempt_id} for deal {self.deal_id} ({self.status})"
