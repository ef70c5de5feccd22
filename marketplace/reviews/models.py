"""Reviews of a merchant by buyers who redeemed a voucher there (not Oscar's product reviews)."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class MerchantReview(models.Model):
    """One review per redeemed voucher; the merchant may answer once; staff may hide it."""

    voucher = models.OneToOneField(
        "vouchers.Voucher", on_delete=models.PROTECT, related_name="merchant_review"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.CASCADE, related_name="reviews"
    )
    deal = models.ForeignKey("deals.Deal", on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_reviews"
    )
    stars = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(blank=True)
    photo = models.ImageField(upload_to="reviews/photos/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    reply_text = models.TextField(blank=True)
    reply_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(null=True, blank=True)

    is_hidden = models.BooleanField(default=False, db_index=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_reason = models.TextField(blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1) & models.Q(stars__lte=5), name="stars_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.stars}★ for {self.merchant} by {self.author}"
