"""allauth's and Django's account signals, each handed to claims.py or services.py in one line."""
from allauth.account.signals import email_confirmed, password_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import claims, services


@receiver(email_confirmed, dispatch_uid="accounts-claim-on-confirm")
def claim_on_confirm(sender, request, email_address, **kwargs):
    claims.on_email_confirmed(request=request, email_address=email_address)


@receiver(user_logged_in, dispatch_uid="accounts-claim-on-sign-in")
def claim_on_sign_in(sender, request, user, **kwargs):
    claims.on_signed_in(request=request, user=user)


@receiver(password_reset, dispatch_uid="accounts-verify-on-password-reset")
def verify_on_password_reset(sender, request, user, **kwargs):
    services.address_verify_by_password_reset(user=user)
