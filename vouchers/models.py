"""Purchased service vouchers (not Oscar's discount-code 'voucher' app): the vouchers and their
history, where an order's vouchers go (a gift), the expiry reminders, their bookings,
redemption at the counter."""
from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import codes


class Voucher(models.Model):
    """One unit of a deal option bought by a buyer, redeemable at one of the deal's stores once,
    or ``uses_total`` times for a pass (docs/trades.md)."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REDEEMED = "redeemed", _("Redeemed")
        REFUNDED = "refunded", _("Refunded")
        EXPIRED = "expired", _("Expired")
        VOID = "void", _("Void")

    # No usable code is stored: a keyed digest for look-ups, the code sealed for display
    # (see vouchers/codes.py for why).
    code_digest = models.CharField(max_length=64, unique=True)
    code_sealed = models.TextField()
    order_line = models.ForeignKey(
        "order.Line", on_delete=models.PROTECT, related_name="service_vouchers"
    )
    # Which unit of the order line this is (0-based): with the line it makes issuing idempotent.
    unit_index = models.PositiveIntegerField()
    deal = models.ForeignKey("deals.Deal", on_delete=models.PROTECT, related_name="vouchers")
    option = models.ForeignKey(
        "catalogue.Product", on_delete=models.PROTECT, related_name="service_vouchers"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="vouchers"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="service_vouchers",
    )
    holder_name = models.CharField(max_length=200, blank=True)
    holder_email = models.EmailField()
    price_paid = models.DecimalField(max_digits=12, decimal_places=2)
    value = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ISSUED, db_index=True
    )
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(db_index=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # A pass gives several uses (the option's, fixed at purchase); the last one redeems it.
    uses_total = models.PositiveIntegerField(default=1)
    uses_used = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "unit_index"], name="one_voucher_per_unit"
            ),
            # Never more uses than bought, whatever the code path (backs the row lock up).
            models.CheckConstraint(condition=models.Q(uses_used__lte=models.F("uses_total")),
                                   name="never_more_uses_than_bought"),
            models.CheckConstraint(condition=models.Q(uses_total__gte=1),
                                   name="voucher_gives_a_use"),
        ]

    def __str__(self):
        return f"Voucher {self.pk} ({self.status})"

    @cached_property
    def code(self) -> str:
        """The plain code, decrypted once per instance (a counter look-up sets it from the
        typed code whose digest found the voucher)."""
        return codes.unseal(self.code_sealed)

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def option_title(self) -> str:
        """The option's title in the reader's language (``option`` is Oscar's child product,
        whose title is the deal's own language)."""
        option = getattr(self.option, "deal_option", None)
        return option.title if option is not None else self.option.title

    @property
    def uses_left(self) -> int:
        return max(self.uses_total - self.uses_used, 0)

    @property
    def is_pass(self) -> bool:
        return self.uses_total > 1

    @property
    def is_gift(self) -> bool:
        """Bought for someone else: the buyer (``owner``) owns it, the recipient holds its code."""
        delivery = getattr(self.order_line.order, "delivery", None)
        return bool(delivery and delivery.is_gift)


class VoucherEvent(models.Model):
    """Every change of a voucher's state: when, by whom, why."""

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # For changes made by the system (the issuing task, the expiry task, a webhook).
    actor_label = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]


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
        db_table = "checkout_orderdelivery"  # moved from checkout with its table
        verbose_name = _("order delivery")

    def __str__(self):
        return f"Vouchers of order {self.order_id} to {self.recipient_email}"


class ExpiryReminder(models.Model):
    """An expiry reminder sent for a voucher: the unique row makes each reminder go out once."""

    class Kind(models.TextChoices):
        WEEK = "7d", "7 days before"
        DAY = "1d", "1 day before"

    voucher = models.ForeignKey(Voucher, on_delete=models.CASCADE, related_name="expiry_reminders")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "groupbuy_expiryreminder"  # moved from groupbuy with its table
        constraints = [
            models.UniqueConstraint(fields=["voucher", "kind"], name="one_reminder_per_kind")
        ]


class Booking(models.Model):
    """A slot at a store held for one unit of an order: chosen at checkout (before its voucher
    exists) or later for the voucher (vouchers/bookings.py). Moving it keeps this row, MOVED,
    and makes a new one; the place itself is counted in bookings.SlotPlaces."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    order_line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="bookings")
    unit_index = models.PositiveIntegerField()
    # Set when the voucher of (order_line, unit_index) is issued.
    voucher = models.ForeignKey(Voucher, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="bookings")
    location = models.ForeignKey("merchants.Location", on_delete=models.PROTECT,
                                 related_name="bookings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED,
                              db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["location", "starts_at"])]
        constraints = [
            # One standing booking per unit (its voucher) at a time, whatever the code path.
            models.UniqueConstraint(
                fields=["order_line", "unit_index"], condition=models.Q(status="booked"),
                name="one_standing_booking_per_unit"),
        ]

    def __str__(self):
        return f"Booking {self.pk} ({self.status}) at {self.location_id} {self.starts_at}"


# =============================================================================================
# Redemption at the counter (owned by the redemption feature; rules in vouchers/redemption.py)
# =============================================================================================

class Redemption(models.Model):
    """A voucher used at a store. Undoing it keeps the row (with who, when, why) for the record."""

    class Client(models.TextChoices):
        PAGE = "page", _("Counter page")
        API = "api", _("Point-of-sale API")
        # A booking the buyer did not come to, used up by the deal's no-show policy.
        NO_SHOW = "no_show", _("No-show")

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="redemptions"
    )
    location = models.ForeignKey(
        "merchants.Location", on_delete=models.PROTECT, related_name="redemptions"
    )
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    api_token = models.ForeignKey(
        "merchants.ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client = models.CharField(max_length=10, choices=Client.choices)
    # Vouchers redeemed together in one request share a batch (e.g. one order at one table).
    batch = models.UUIDField(db_index=True)
    # Which use of the voucher this is (1 for a voucher of one use; 1..N for a pass).
    use_number = models.PositiveIntegerField(default=1)
    # What the merchant honours: the value, or only the amount paid after expiry (paid_value);
    # a pass's share of it per use.
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    # The part of the price paid that this use stands for (all of it for one use; for a pass
    # price paid / uses, the last use taking the rounding): what the use is worth to the ledger.
    price_share = models.DecimalField(max_digits=12, decimal_places=2)
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="redemptions")
    currency = models.CharField(max_length=3)
    paid_value_only = models.BooleanField(default=False)
    redeemed_at = models.DateTimeField(db_index=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    undo_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-redeemed_at", "-id"]
        indexes = [models.Index(fields=["merchant", "redeemed_at"])]
        constraints = [
            # At most one standing redemption per use of a voucher, whatever the code path.
            models.UniqueConstraint(
                fields=["voucher", "use_number"], condition=models.Q(undone_at__isnull=True),
                name="one_standing_redemption_per_use",
            )
        ]

    def __str__(self):
        return f"Redemption {self.pk} of voucher {self.voucher_id}"


class RedemptionAttempt(models.Model):
    """Audit log: every verify, redeem and undo attempt, successful or not."""

    class Action(models.TextChoices):
        VERIFY = "verify", _("Verify")
        REDEEM = "redeem", _("Redeem")
        UNDO = "undo", _("Undo")

    action = models.CharField(max_length=6, choices=Action.choices)
    result = models.CharField(max_length=32, db_index=True)  # "ok" or an error code
    client = models.CharField(max_length=10, choices=Redemption.Client.choices)
    merchant = models.ForeignKey(
        "merchants.Merchant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.ForeignKey(
        "merchants.Location", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    api_token = models.ForeignKey(
        "merchants.ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Only a voucher of this merchant is linked; a foreign or unknown code leaves it empty.
    voucher = models.ForeignKey(
        Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The first characters of the code's digest: enough to correlate attempts, useless to redeem.
    code_hint = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class RedemptionAlert(models.Model):
    """Raised when a member or a store keeps failing code look-ups: shown to platform staff."""

    class Scope(models.TextChoices):
        MEMBER = "member", _("Member")
        STORE = "store", _("Store")

    scope = models.CharField(max_length=6, choices=Scope.choices)
    merchant = models.ForeignKey(
        "merchants.Merchant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    location = models.ForeignKey(
        "merchants.Location", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    failures = models.PositiveIntegerField()
    locked_until = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class IdempotentRequest(models.Model):
    """The stored answer to a point-of-sale request, so a retry with the same key gets it again."""

    api_token = models.ForeignKey(
        "merchants.ApiToken", on_delete=models.CASCADE, related_name="idempotent_requests"
    )
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_token", "key"], name="one_answer_per_key")
        ]
