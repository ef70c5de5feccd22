"""Merchants (businesses on the marketplace), their stores, and the people who work for them.

A store's name and directions may be written in several languages (LocationTranslation:
django-parler); a reader sees their language, else the store's own (``original_language``).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.fields import TranslationsForeignKey
from parler.models import TranslatedFieldsModel

from marketplace.languages.content import MultilingualContent, ReadersLanguageField


class Merchant(models.Model):
    """A business that sells deals. Oscar knows it as a Partner (who owns stock records)."""

    partner = models.OneToOneField(
        "partner.Partner", on_delete=models.PROTECT, related_name="merchant"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    logo = models.ImageField(upload_to="merchants/logos/", blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Location(MultilingualContent):
    """A store of a merchant: where a buyer walks in and redeems a voucher."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="locations")
    # The language its name and directions were first written in (what other readers fall back to).
    original_language = models.CharField(
        _("the store's own language"), max_length=15, default="en-gb")
    name = ReadersLanguageField()
    # How to find the door ("2nd floor, lift on the left"): shown with the address.
    directions = ReadersLanguageField()
    address = models.CharField(max_length=255)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, db_index=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    phone = models.CharField(max_length=40, blank=True)
    opening_hours = models.TextField(
        blank=True, help_text=_("One line per day range, e.g. 'Mon-Fri 12:00-22:00'.")
    )
    timezone = models.CharField(max_length=64, default="Europe/Lisbon")

    class Meta:
        # Names are translated (another table): stores of a merchant keep the order they were added in.
        ordering = ["merchant__name", "id"]

    def __str__(self):
        return f"{self.merchant.name} — {self.name}"

    def own_language(self) -> str:
        return self.original_language

    @property
    def full_address(self) -> str:
        return ", ".join(p for p in [self.address, self.postcode, self.city] if p)


class LocationTranslation(TranslatedFieldsModel):
    """A store's name and directions in one language."""

    master = TranslationsForeignKey(Location, on_delete=models.CASCADE, related_name="translations",
                                    null=True)
    name = models.CharField(_("store name"), max_length=200)
    directions = models.TextField(_("directions"), blank=True,
                                  help_text=_("How to find the store: floor, entrance, landmarks."))

    class Meta:
        db_table = "merchants_location_translation"
        unique_together = [("language_code", "master")]

    def __str__(self):
        return f"{self.name} ({self.language_code})"


class Membership(models.Model):
    """A person's role at a merchant. One person may belong to several merchants."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MANAGER = "manager", _("Manager")
        CASHIER = "cashier", _("Cashier")

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="merchant_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    # Cashiers redeem only at the stores assigned to them; owners and managers at every store.
    locations = models.ManyToManyField(Location, blank=True, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "user"], name="one_membership_per_merchant")
        ]

    def __str__(self):
        return f"{self.user} ({self.role}) at {self.merchant}"


class Invitation(models.Model):
    """An invitation by e-mail to join a merchant with a role; accepted once by a signed-in person."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Membership.Role.choices)
    locations = models.ManyToManyField(Location, blank=True, related_name="+")
    # Only the digest of the secret in the e-mailed link is kept.
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.email} to {self.merchant} as {self.role}"


class ApiToken(models.Model):
    """A point-of-sale token for one store. The secret is shown once; only its digest is kept."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the token, shown in lists so the merchant can tell tokens apart.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…) at {self.location}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
