"""Which language a person reads: saved on their account, and recorded on each order (guests)."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.Model):
    """The language an account chose: its pages and every e-mail to it are in this language."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="language_preference")
    # No choices: a language added to settings.LANGUAGES needs no migration (checked by the service).
    language = models.CharField(_("language"), max_length=15)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user} reads {self.language}"


class OrderLanguage(models.Model):
    """The language an order was placed in: e-mails about it go out in it (guests have no account)."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE,
                                 related_name="language_record")
    language = models.CharField(_("language"), max_length=15)

    def __str__(self):
        return f"Order {self.order_id} in {self.language}"
