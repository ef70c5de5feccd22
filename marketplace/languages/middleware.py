"""The language of each request, after Django's LocaleMiddleware chose one from the cookie or the
browser's Accept-Language: a ``?lang=`` link (the hreflang alternates) wins and is remembered in the
cookie; else a signed-in person's saved language (kept in the session since sign-in)."""
from django.conf import settings
from django.utils import translation

from .selectors import language_saved_for, language_supported

SESSION_KEY = "marketplace_language"
# Marks a session whose account has no saved language, so it is not looked up on every request.
NOTHING_SAVED = "-"


def session_language_set(request, language: str | None) -> None:
    """Remember for this session the language a signed-in person reads (None: nothing saved)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_KEY] = language or NOTHING_SAVED


class ChosenLanguageMiddleware:
    """Place it after AuthenticationMiddleware (it reads the user) and after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from_link = language_supported(request.GET.get("lang"))
        chosen = from_link or self._saved(request)
        if chosen and chosen != translation.get_language():
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        response = self.get_response(request)
        if from_link:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, from_link, max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE)
        return response

    def _saved(self, request) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        remembered = request.session.get(SESSION_KEY)
        if remembered is None:  # signed in before languages were saved: look it up once
            remembered = language_saved_for(user)
            session_language_set(request, remembered)
        return language_supported(remembered) if remembered != NOTHING_SAVED else None
