"""What platform staff decide that Oscar and the deal models do not hold.

Merchant applications and redirects left by merged categories (commission rates belong to the
ledger: marketplace/ledger/commissions.py). Oscar's Category already has is_public (hide), description,
image and slug. Featured slots and deal revisions belong to the deal catalogue (deals/models.py).
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class CategoryRedirect(models.Model):
    """An address of a category that no longer exists (merged away), answered with a 301."""

    old_path = models.CharField(max_length=255, unique=True)
    category = models.ForeignKey(
        "catalogue.Category", on_delete=models.CASCADE, related_name="curation_redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The "curator" permission: only staff holding it may change categories.
        permissions = [("curate_categories", "Can create, change, move, merge and hide categories")]

    def __str__(self):
        return f"{self.old_path} -> {self.category}"


class MerchantApplication(models.Model):
    """A business asking to sell on the marketplace, until staff approve or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    business_name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reject_reason = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    merchant = models.OneToOneField(
        "merchants.Merchant", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="application",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "id"]

    def __str__(self):
        return f"{self.business_name} ({self.status})"


class MerchantApplicationStore(models.Model):
    """A store named in an application; it becomes a merchants.Location on approval."""

    application = models.ForeignKey(
        MerchantApplication, on_delete=models.CASCADE, related_name="stores"
    )
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=255)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    phone = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.name}, {self.city}"
