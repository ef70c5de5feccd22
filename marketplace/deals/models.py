"""Deal data that Oscar's Product does not hold: side models, one per Oscar product.

A deal is a parent Product of the "Deal" product class; its options are child Products, each
with a StockRecord (price, units). What a person decides (review, dates, caps, featured slots,
revisions waiting for review) is stored here; what follows from dates and stock (live, ended,
sold out) is computed in deals/lifecycle.py.

A deal's texts (title, description, highlights, fine print) and its options' titles may be
written in several languages (DealTranslation, DealOptionTranslation: django-parler); a reader
sees their language, else the deal's own (``original_language``). Oscar's Product keeps the
title and description in the deal's own language (its basket, orders and dashboard read them):
the deal services keep the two equal.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from parler.fields import TranslationsForeignKey
from parler.models import TranslatedFieldsModel

from marketplace.languages.content import MultilingualContent, ReadersLanguageField


class Deal(MultilingualContent):
    class Review(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Validity(models.TextChoices):
        FIXED = "fixed", _("Fixed dates")
        AFTER_PURCHASE = "after_purchase", _("N days after purchase")

    class NoShowPolicy(models.TextChoices):
        # What a booking the buyer did not come to does to the voucher (deals/terms.py).
        STAYS_VALID = "stays_valid", _("The voucher stays valid: the buyer books again")
        USED_UP = "used_up", _("The voucher is used up after the day")

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

    # The language the merchant wrote the deal in: readers of a language the deal lacks read it.
    original_language = models.CharField(
        _("the deal's own language"), max_length=15, default="en-gb")
    title = ReadersLanguageField()
    description = ReadersLanguageField()
    highlights = ReadersLanguageField()
    fine_print = ReadersLanguageField()
    refundable = models.BooleanField(default=True)
    expiry_policy = models.CharField(
        max_length=12, choices=ExpiryPolicy.choices, default=ExpiryPolicy.PAID_VALUE
    )
    # The terms of each trade (deals/terms.py): when vouchers may be used, and bookings.
    usage_windows = models.JSONField(
        default=list, blank=True,
        help_text=_("Weekdays and hours when vouchers may be used (empty: any time)."))
    excluded_dates = models.JSONField(
        default=list, blank=True, help_text=_("Days when vouchers may not be used (holidays)."))
    bookable = models.BooleanField(
        default=False, help_text=_("Buyers book a slot at a store to use their voucher."))
    booking_cutoff_hours = models.PositiveIntegerField(
        default=24, help_text=_("Bookings can be moved or cancelled until this many hours before."))
    booking_tolerance_minutes = models.PositiveIntegerField(
        default=15, help_text=_("How early or late a buyer may arrive for their slot."))
    no_show_policy = models.CharField(
        max_length=12, choices=NoShowPolicy.choices, default=NoShowPolicy.STAYS_VALID)
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

    def own_language(self) -> str:
        return self.original_language

    def get_absolute_url(self) -> str:
        """The public deal page; templates link deals (and their Oscar products) through this."""
        return reverse("deals:detail", kwargs={"slug": self.product.slug or "deal", "pk": self.pk})

    @property
    def highlight_list(self) -> list[str]:
        return [line.strip() for line in self.highlights.splitlines() if line.strip()]


class DealTranslation(TranslatedFieldsModel):
    """A deal's texts in one language."""

    master = TranslationsForeignKey(Deal, on_delete=models.CASCADE, related_name="translations",
                                    null=True)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    highlights = models.TextField(_("highlights"), blank=True, help_text=_("One highlight per line."))
    fine_print = models.TextField(_("fine print"), blank=True)

    class Meta:
        db_table = "deals_deal_translation"
        unique_together = [("language_code", "master")]

    def __str__(self):
        return f"{self.title} ({self.language_code})"


class DealOption(MultilingualContent):
    """An option of a deal ("dinner for 2"): a child Product; price and units on its StockRecord."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="deal_option"
    )
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="options")
    # What the service is worth at the merchant's normal price ("worth 70").
    value = models.DecimalField(max_digits=12, decimal_places=2)
    position = models.PositiveIntegerField(default=0)
    # A pass: one voucher, one code, this many uses (deals/terms.py).
    uses = models.PositiveIntegerField(default=1)
    one_use_per_day = models.BooleanField(default=False)
    # The option's own usage windows, replacing the deal's (empty: the deal's).
    usage_windows = models.JSONField(default=list, blank=True)

    title = ReadersLanguageField()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(uses__gte=1), name="option_gives_a_use"),
        ]

    def __str__(self):
        return self.product.title

    def own_language(self) -> str:
        return self.deal.original_language


class DealOptionTranslation(TranslatedFieldsModel):
    """An option's title in one language."""

    master = TranslationsForeignKey(DealOption, on_delete=models.CASCADE,
                                    related_name="translations", null=True)
    title = models.CharField(_("option"), max_length=255)

    class Meta:
        db_table = "deals_dealoption_translation"
        unique_together = [("language_code", "master")]

    def __str__(self):
        return f"{self.title} ({self.language_code})"


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


class FeaturedSlot(models.Model):
    """A deal shown first on a city's home page (no category) or category page, for some days."""

    city = models.CharField(max_length=100, db_index=True)
    category = models.ForeignKey(
        "catalogue.Category", null=True, blank=True, on_delete=models.CASCADE,
        related_name="featured_slots", help_text=_("Empty: the city's home page."),
    )
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="featured_slots")
    position = models.PositiveIntegerField(help_text=_("1 is shown first."))
    starts_on = models.DateField()
    ends_on = models.DateField(help_text=_("Last day shown (inclusive)."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "curation_featuredslot"  # moved from curation with its table
        ordering = ["city", "category_id", "position", "starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="featured_slot_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"#{self.position} {self.deal} ({self.city}, {self.starts_on}–{self.ends_on})"


class DealRevision(models.Model):
    """Changes to an approved deal's price, value or terms, waiting for staff.

    The approved version stays on sale until staff approve the revision, which then applies it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes", _("Changes requested")

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="revisions")
    # {"deal": {field: new value as text}, "options": {option id: {field: new value as text}}}
    changes = models.JSONField()
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        db_table = "curation_dealrevision"  # moved from curation with its table
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["deal"], condition=models.Q(status="pending"),
                name="one_pending_revision_per_deal",
            ),
        ]

    def __str__(self):
        return f"Revision {self.pk} of {self.deal_id} ({self.status})"


class DealChange(models.Model):
    """One field of a deal changed: who, when, from what to what."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="changes")
    option = models.ForeignKey(
        DealOption, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.ForeignKey(
        DealRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="applied"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        db_table = "curation_dealchange"  # moved from curation with its table
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.field}: {self.old_value!r} -> {self.new_value!r}"
