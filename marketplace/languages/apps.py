from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    """The lowest layer: the mail module (marketplace/core) writes to people in their language."""

    name = "marketplace.languages"
    label = "languages"
    verbose_name = _("Languages")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from . import receivers  # noqa: F401  Django's AppConfig.ready() pattern: connects sign-in
