"""Purchased service vouchers (not Oscar's discount-code 'voucher' app) and their history."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Voucher(models.Model):
    """One unit of a deal option bought by a buyer, redeemable once at one of the deal's stores."""

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

    class Meta:
        ordering = ["-issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "unit_index"], name="one_voucher_per_unit"
            )
        ]

    def __str__(self):
        return f"Voucher {self.pk} ({self.status})"

    @property
    def code(self) -> str:
        from . import codes

        return codes.unseal(self.code_sealed)

    @property
    def display_code(self) -> str:
        from . import codes

        return codes.display(self.code)


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
