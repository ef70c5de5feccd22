"""The language switch: Django's own set_language (checks the language and the return address,
sets the cookie), and for a signed-in person the choice saved on the account as well."""
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from .middleware import session_language_set
from .selectors import language_supported
from .services import language_preference_set


@require_POST
def language_set(request):
    response = set_language(request)
    asked = request.POST.get("language", "")
    language = language_supported(asked)
    if language == asked and request.user.is_authenticated:
        language_preference_set(user=request.user, language=language)
        session_language_set(request, language)
    return response
