"""Group buying and buyer protection records: what the tipping point and expiry reminders need."""
from django.db import models


class ExpiryReminder(models.Model):
    """An expiry reminder sent for a voucher: the unique row makes each reminder go out once."""

    class Kind(models.TextChoices):
        WEEK = "7d", "7 days before"
        DAY = "1d", "1 day before"

    voucher = models.ForeignKey(
        "vouchers.Voucher", on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    kind = models.CharField(max_length=2, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voucher", "kind"], name="one_reminder_per_kind")
        ]
