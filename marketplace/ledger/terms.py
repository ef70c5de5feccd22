"""Payment terms: when a merchant's money becomes due (on redemption or on sale), how often it is
paid out (weekly, twice a month) and what is held back for refunds (a percentage, for N days).

Terms are versioned: staff add a row effective from now (or a later time); an entry is booked
under the terms in effect when it is booked, so a change affects only entries after it. A voucher
sold under "paid on sale" was paid at its sale, whatever the terms when it is redeemed.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from merchants.models import Merchant

from .models import PaymentTerms

PayOn = PaymentTerms.PayOn
Schedule = PaymentTerms.Schedule


@dataclass(frozen=True)
class Terms:
    """The terms in effect for a merchant at a time (``id`` None: the platform's defaults)."""

    id: int | None
    pay_on: str
    schedule: str
    reserve_percent: Decimal
    reserve_days: int
    effective_from: datetime | None = None

    @property
    def holds_reserve(self) -> bool:
        return self.reserve_percent > 0


# Groupon's: paid on redemption, twice a month, nothing held back.
DEFAULT_TERMS = Terms(id=None, pay_on=PayOn.REDEMPTION, schedule=Schedule.TWICE_MONTHLY,
                      reserve_percent=Decimal("0"), reserve_days=0)


def terms_in_effect(*, merchant_id: int, at: datetime | None = None) -> Terms:
    row = (PaymentTerms.objects.filter(merchant_id=merchant_id,
                                       effective_from__lte=at or timezone.now())
           .order_by("-effective_from").first())
    return _terms(row) if row else DEFAULT_TERMS


def terms_history(*, merchant: Merchant) -> list[PaymentTerms]:
    return list(PaymentTerms.objects.filter(merchant=merchant).select_related("set_by")
                .order_by("-effective_from"))


@transaction.atomic
def terms_set(*, merchant: Merchant, pay_on: str, schedule: str, reserve_percent: Decimal,
              reserve_days: int, actor=None, effective_from: datetime | None = None) -> PaymentTerms:
    """New terms for ``merchant`` from ``effective_from`` (now by default; never in the past,
    which would change what was booked)."""
    now = timezone.now()
    effective_from = effective_from or now
    errors = {}
    if pay_on not in PayOn.values:
        errors["pay_on"] = _("Choose when the merchant is paid.")
    if schedule not in Schedule.values:
        errors["schedule"] = _("Choose how often the merchant is paid.")
    if reserve_percent is None or not Decimal(0) <= reserve_percent <= Decimal(100):
        errors["reserve_percent"] = _("The reserve is between 0 and 100 percent.")
    if reserve_days is None or not 0 <= reserve_days <= 365:
        errors["reserve_days"] = _("The reserve is held between 0 and 365 days.")
    if effective_from < now - timedelta(minutes=1):
        errors["effective_from"] = _("Terms cannot start in the past: what was booked stays.")
    if errors:
        raise ValidationError(errors)
    return PaymentTerms.objects.create(
        merchant=merchant, pay_on=pay_on, schedule=schedule, reserve_percent=reserve_percent,
        reserve_days=reserve_days, effective_from=effective_from, set_by=actor)


def _terms(row: PaymentTerms) -> Terms:
    return Terms(id=row.pk, pay_on=row.pay_on, schedule=row.schedule,
                 reserve_percent=row.reserve_percent, reserve_days=row.reserve_days,
                 effective_from=row.effective_from)
