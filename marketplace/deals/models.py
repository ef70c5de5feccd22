"""Deal data that Oscar's Product does not hold: side models, one per Oscar product.

A deal is a parent Product of the "Deal" product class; its options are child Products, each
with a StockRecord (price, units). What a person decides (review, dates, caps) is stored here;
what follows from dates and stock (live, ended, sold out) is computed in deals/lifecycle.py.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Deal(models.Model):
    class Review(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Validity(models.TextChoices):
        FIXED = "fixed", _("Fixed dates")
        AFTER_PURCHASE = "after_purchase", _("N days after purchase")

    class ExpiryPolicy(models.TextChoices):
        # What happens to an unused voucher when its promotional value expires.
        NO_REFUND = "no_refund", _("No refund after expiry")
        REFUND = "refund", _("Refunded automatically on expiry")
        PAID_VALUE = "paid_value", _("The amount paid stays redeemable")

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="deal"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="deals"
    )
    locations = models.ManyToManyField(
        "merchants.Location", related_name="deals",
        help_text=_("The stores where the vouchers can be redeemed."),
    )
    review_status = models.CharField(
        max_length=10, choices=Review.choices, default=Review.DRAFT, db_index=True
    )
    sale_starts_at = models.DateTimeField(db_index=True)
    sale_ends_at = models.DateTimeField(db_index=True)

    validity_kind = models.CharField(
        max_length=20, choices=Validity.choices, default=Validity.AFTER_PURCHASE
    )
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    valid_days = models.PositiveIntegerField(null=True, blank=True)

    min_buyers = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Units that must sell before the deal tips.")
    )
    max_units = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Units of all options together.")
    )
    per_customer_limit = models.PositiveIntegerField(null=True, blank=True)

    highlights = models.TextField(blank=True, help_text=_("One highlight per line."))
    fine_print = models.TextField(blank=True)
    refundable = models.BooleanField(default=True)
    expiry_policy = models.CharField(
        max_length=12, choices=ExpiryPolicy.choices, default=ExpiryPolicy.PAID_VALUE
    )
    rating = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    rating_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sale_ends_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sale_ends_at__gt=models.F("sale_starts_at")),
                name="sale_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return self.product.title

    @property
    def title(self) -> str:
        return self.product.title

    def get_absolute_url(self) -> str:
        """The public deal page; templates link deals (and their Oscar products) through this."""
        from django.urls import reverse

        return reverse("deals:detail", kwargs={"slug": self.product.slug or "deal", "pk": self.pk})

    @property
    def highlight_list(self) -> list[str]:
        return [line.strip() for line in self.highlights.splitlines() if line.strip()]


class DealOption(models.Model):
    """An option of a deal ("dinner for 2"): a child Product; price and units on its StockRecord."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="deal_option"
    )
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="options")
    # What the service is worth at the merchant's normal price ("worth 70").
    value = models.DecimalField(max_digits=12, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.product.title


class DealReviewEvent(models.Model):
    """Who moved a deal through review, when, and what they said."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="review_events")
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
