from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    """The merchants' money: entries, payment terms, statements, payouts, commission rates."""

    name = "marketplace.ledger"
    label = "ledger"
    verbose_name = _("Ledger")
    default_auto_field = "django.db.models.AutoField"
