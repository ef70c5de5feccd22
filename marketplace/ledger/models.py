"""The merchants' money: entries that move an amount from one account to another and are never
changed, the payment terms staff set (versioned), payout accounts and payouts, commission rates.

An entry is one movement: ``amount`` leaves the ``debit`` account and enters the ``credit``
account, so every balance is a sum over entries and all balances together always sum to zero.
Entries are append-only (a database trigger refuses UPDATE and DELETE, migration 0001); a
correction is a new entry that ``reverses`` another (accounts swapped, same amount). See
docs/money.md for the accounts, the kinds and the invariants.
"""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Account(models.TextChoices):
    """Where a merchant's money can be. BUYERS and PAID_OUT are outside the platform."""

    BUYERS = "buyers", _("Buyers")  # paid by card for a sale; refunds go back here
    HELD = "held", _("Held for unredeemed vouchers")  # the platform's liability to buyers
    MERCHANT = "merchant", _("Due to the merchant")  # available for the next payout
    RESERVE = "reserve", _("Held back for refunds")  # the merchant's, released after N days
    COMMISSION = "commission", _("Commission earned")  # the platform's
    BREAKAGE = "breakage", _("Kept by the platform")  # what a voided voucher did not give back
    PAID_OUT = "paid_out", _("Paid out")  # transferred to the merchant's Stripe account
    PLATFORM = "platform", _("Platform funds")  # the other side of staff adjustments


class Entry(models.Model):
    """One movement of a merchant's money, with what caused it. Never updated nor deleted."""

    class Kind(models.TextChoices):
        # What happened; the accounts say who gets what (commission is the COMMISSION account).
        SALE = "sale", _("Sale")
        REDEMPTION = "redemption", _("Redemption")
        REFUND = "refund", _("Refund")
        BREAKAGE = "breakage", _("Expired or void")
        PAYOUT = "payout", _("Payout")
        ADJUSTMENT = "adjustment", _("Adjustment")
        RESERVE_HOLD = "reserve_hold", _("Reserve held back")
        RESERVE_RELEASE = "reserve_release", _("Reserve released")

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT,
                                 related_name="ledger_entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    debit = models.CharField(max_length=12, choices=Account.choices)
    credit = models.CharField(max_length=12, choices=Account.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    booked_at = models.DateTimeField(default=timezone.now)

    # The voucher it concerns: a unit of an order line, known at the sale, before the voucher
    # is issued (the same pair is unique on vouchers); the voucher once it exists.
    order_line = models.ForeignKey("order.Line", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    unit_index = models.PositiveIntegerField(null=True, blank=True)
    deal = models.ForeignKey("deals.Deal", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    voucher = models.ForeignKey("vouchers.Voucher", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    # The other causes.
    redemption = models.ForeignKey("vouchers.Redemption", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    refund = models.ForeignKey("payments.StripeRefund", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    payout = models.ForeignKey("Payout", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="entries")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by")
    # A sale: the terms it was made under and the commission rate fixed for its voucher.
    terms = models.ForeignKey("PaymentTerms", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    commission_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True,
                                             blank=True)
    commission_source = models.CharField(max_length=10, blank=True)
    # A redemption: the store and who redeemed (also a staff adjustment's author).
    location = models.ForeignKey("merchants.Location", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    # A reserve hold: when it is released to the merchant.
    release_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "ledger_entry"
        verbose_name_plural = _("entries")
        ordering = ["booked_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="ledger_amount_not_negative"),
            models.CheckConstraint(condition=~Q(debit=F("credit")),
                                   name="ledger_moves_between_two_accounts"),
            # What the buyer paid for a unit is booked once.
            models.UniqueConstraint(fields=["order_line", "unit_index"],
                                    condition=Q(kind="sale", debit="buyers"),
                                    name="ledger_one_sale_per_unit"),
            # A payout takes its amount out of what is due once (what comes back, if the
            # transfer fails or is reversed, is booked apart).
            models.UniqueConstraint(fields=["payout"], condition=Q(kind="payout", debit="merchant"),
                                    name="ledger_one_entry_per_payout"),
        ]
        indexes = [
            # Statements and balances: a merchant's entries by time, read from the index alone.
            models.Index(fields=["merchant", "booked_at"],
                         include=["kind", "debit", "credit", "amount", "currency"],
                         name="ledger_merchant_booked"),
            models.Index(fields=["order_line", "unit_index"], name="ledger_unit"),
            models.Index(fields=["release_after"], condition=Q(kind="reserve_hold"),
                         name="ledger_reserve_holds"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} {self.currency}: {self.debit} -> {self.credit}"


class PaymentTerms(models.Model):
    """How and when a merchant is paid, from ``effective_from`` on. A change is a new row: the
    entries booked before it keep the terms they were booked under."""

    class PayOn(models.TextChoices):
        REDEMPTION = "redemption", _("When a voucher is redeemed")
        SALE = "sale", _("When a voucher is sold")

    class Schedule(models.TextChoices):
        WEEKLY = "weekly", _("Weekly (on Mondays)")
        TWICE_MONTHLY = "twice_monthly", _("Twice a month (on the 1st and the 16th)")

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.CASCADE,
                                 related_name="payment_terms")
    pay_on = models.CharField(max_length=10, choices=PayOn.choices, default=PayOn.REDEMPTION)
    schedule = models.CharField(max_length=14, choices=Schedule.choices,
                                default=Schedule.TWICE_MONTHLY)
    reserve_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)])
    reserve_days = models.PositiveSmallIntegerField(default=0,
                                                    validators=[MaxValueValidator(365)])
    effective_from = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = _("payment terms")
        ordering = ["merchant_id", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "effective_from"],
                                    name="ledger_one_terms_change_at_a_time"),
            models.CheckConstraint(condition=Q(reserve_percent__gte=0, reserve_percent__lte=100),
                                   name="ledger_reserve_percent_range"),
            models.CheckConstraint(condition=Q(reserve_days__lte=365),
                                   name="ledger_reserve_days_range"),
        ]

    def __str__(self):
        return f"{self.pay_on}, {self.schedule}, {self.reserve_percent}% for {self.reserve_days} days"


class PayoutAccount(models.Model):
    """Where a merchant's payouts go (their Stripe Connect account, as Stripe last said it is)
    and whether staff hold them."""

    merchant = models.OneToOneField("merchants.Merchant", on_delete=models.CASCADE,
                                    related_name="payout_account")
    stripe_account_id = models.CharField(max_length=255, blank=True)
    details_submitted = models.BooleanField(default=False)
    payouts_enabled = models.BooleanField(default=False)
    # Stripe's "transfers" capability: a Transfer to the account is accepted only when active.
    transfers_active = models.BooleanField(default=False)
    synced_at = models.DateTimeField(null=True, blank=True)
    on_hold = models.BooleanField(default=False)
    hold_reason = models.TextField(blank=True)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    held_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stripe_account_id"],
                                    condition=~Q(stripe_account_id=""),
                                    name="ledger_one_merchant_per_stripe_account"),
        ]

    def __str__(self):
        return f"Payouts of {self.merchant_id} to {self.stripe_account_id or '(not connected)'}"


class Payout(models.Model):
    """One Transfer to a merchant of what was due at ``cutoff``: the row is written (and the
    money booked out) before Stripe is asked, with the key every retry sends again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being sent")
        SENT = "sent", _("Sent to Stripe")
        FAILED = "failed", _("Refused by Stripe (the amount is due again)")
        REVERSED = "reversed", _("Reversed at Stripe (the amount is due again)")

    merchant = models.ForeignKey("merchants.Merchant", on_delete=models.PROTECT,
                                 related_name="payouts")
    currency = models.CharField(max_length=3)
    # The entries booked before ``cutoff`` (the end of a pay period) are paid by this payout.
    period_start = models.DateTimeField(null=True, blank=True)
    cutoff = models.DateTimeField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING,
                              db_index=True)
    destination = models.CharField(max_length=255)
    transfer_group = models.CharField(max_length=100)
    idempotency_key = models.CharField(max_length=100, unique=True)
    transfer_id = models.CharField(max_length=255, blank=True)
    amount_reversed = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-cutoff", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "currency", "cutoff"],
                                    name="ledger_one_payout_per_merchant_and_period"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_payout_positive"),
        ]

    def __str__(self):
        return f"Payout {self.pk} of {self.amount} {self.currency} to {self.merchant_id} ({self.status})"


class CommissionRate(models.Model):
    """The platform's share of a sale, in percent: set for a merchant, or a category's default."""

    merchant = models.OneToOneField(
        "merchants.Merchant", null=True, blank=True, on_delete=models.CASCADE,
        related_name="commission_rate",
    )
    category = models.OneToOneField(
        "catalogue.Category", null=True, blank=True, on_delete=models.CASCADE,
        related_name="commission_rate",
    )
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "curation_commissionrate"  # moved from curation with its table
        constraints = [
            models.CheckConstraint(
                condition=(Q(merchant__isnull=False, category__isnull=True)
                           | Q(merchant__isnull=True, category__isnull=False)),
                name="commission_rate_for_merchant_xor_category",
            ),
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="commission_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.percent}% for {self.merchant or self.category}"
