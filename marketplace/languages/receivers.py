"""Signing in brings the account's language into the session (one receiver, one service call)."""
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .middleware import session_language_set
from .services import language_at_sign_in


@receiver(user_logged_in, dispatch_uid="languages-at-sign-in")
def language_at_sign_in_received(sender, request, user, **kwargs):
    if request is not None:
        session_language_set(request, language_at_sign_in(
            user=user, chosen_before=request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)))
