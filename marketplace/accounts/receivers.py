"""allauth's and Django's account signals, each handed to claims.py in one line."""
from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import claims


@receiver(email_confirmed, dispatch_uid="accounts-claim-on-confirm")
def claim_on_confirm(sender, request, email_address, **kwargs):
    claims.on_email_confirmed(request=request, email_address=email_address)


@receiver(user_logged_in, dispatch_uid="accounts-claim-on-sign-in")
def claim_on_sign_in(sender, request, user, **kwargs):
    claims.on_signed_in(request=request, user=user)
