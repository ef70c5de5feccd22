"""Which language to show or write in: a supported code from what a visitor asks, and the language
of a person we write to (their account's, else their order's, else the site's)."""
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_supported_language_variant

from .models import LanguagePreference, OrderLanguage


def language_supported(code: str | None) -> str | None:
    """The code among settings.LANGUAGES that ``code`` names (``zh-CN`` -> ``zh-hans``), or None."""
    if not code:
        return None
    try:
        return get_supported_language_variant(code.strip().lower()[:20])
    except LookupError:
        return None


def language_saved_for(user) -> str | None:
    """The language the account chose, if it did (and it is still offered)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    saved = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    return language_supported(saved)


def language_for_recipient(*, user=None, order=None, email: str = "",
                           default: str | None = None) -> str:
    """The language to write to someone in.

    The account's choice: ``user``'s, else that of the account with this ``email``, else that of
    the order's account (a gift's recipient without an account reads the buyer's language); else
    the language ``order`` was placed in (guests); else that of the latest order placed with this
    e-mail; else ``default`` (e.g. the language of the person writing), else the site's.
    """
    email = (email or "").strip()
    saved = language_saved_for(user)
    if saved is None and email:
        saved = language_supported(
            LanguagePreference.objects.filter(user__email__iexact=email)
            .order_by("-updated_at").values_list("language", flat=True).first())
    if saved is None and order is not None and order.user_id:
        saved = language_saved_for(order.user)
    if saved:
        return saved
    if order is not None:
        placed_in = language_supported(
            OrderLanguage.objects.filter(order=order).values_list("language", flat=True).first())
        if placed_in:
            return placed_in
    if email:
        latest = language_supported(
            OrderLanguage.objects.filter(Q(order__guest_email__iexact=email)
                                         | Q(order__user__email__iexact=email))
            .order_by("-order__date_placed", "-pk").values_list("language", flat=True).first())
        if latest:
            return latest
    return language_supported(default) or settings.LANGUAGE_CODE

