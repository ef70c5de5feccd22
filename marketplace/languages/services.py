"""Writing down a language choice: on the account, and on an order when it is placed."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import LanguagePreference, OrderLanguage
from .selectors import language_saved_for, language_supported


def _supported_or_refused(language: str) -> str:
    code = language_supported(language)
    if code is None or code != (language or "").strip().lower():
        raise ValidationError(_("This language is not offered."), code="language_not_offered")
    return code


def language_preference_set(*, user, language: str) -> LanguagePreference:
    """Save the language ``user`` reads: pages and e-mails to them follow it."""
    code = _supported_or_refused(language)
    preference, _created = LanguagePreference.objects.update_or_create(
        user=user, defaults={"language": code})
    return preference


def order_language_record(*, order, language: str) -> OrderLanguage:
    """The language ``order`` was placed in (written once, when it is placed)."""
    code = _supported_or_refused(language)
    record, _created = OrderLanguage.objects.get_or_create(order=order, defaults={"language": code})
    return record


def language_at_sign_in(*, user, chosen_before: str | None) -> str | None:
    """The language to keep for a person who just signed in: the one their account saved, else
    the one they chose on this visit before signing in (which is then saved on the account)."""
    saved = language_saved_for(user)
    if saved is None and language_supported(chosen_before):
        saved = language_preference_set(user=user, language=language_supported(chosen_before)).language
    return saved
