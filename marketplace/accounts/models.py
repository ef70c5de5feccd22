"""A claimed address: the account proved, in one signed-in browser, both the password and the mailbox."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AddressClaim(models.Model):
    """Guest purchases made with ``email`` belong to ``user`` (now, and those made later as a
    guest with the same address: they are linked at the account's next sign-in).

    A verified address alone is not enough: a link proves the mailbox, not that the mailbox's
    owner holds the account's password (someone may sign up with another person's address and
    wait for them to click). See claims.py.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="address_claims")
    # allauth stores addresses lower-cased, at most 254 characters (RFC 5321's path limit).
    email = models.EmailField(max_length=254)
    claimed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claimed address")
        constraints = [
            # One account per address, like allauth's unique verified address.
            models.UniqueConstraint(fields=["email"], name="one_account_claims_an_address"),
        ]

    def __str__(self):
        return f"{self.email} claimed by user {self.user_id}"
