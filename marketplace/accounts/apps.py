"""The accounts app: allauth's hooks, and guest purchases claimed by the account that proved the address."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "marketplace.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        # Django's documented place to connect receivers (AppConfig.ready).
        from . import receivers  # noqa: F401
