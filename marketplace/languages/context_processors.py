"""What every page needs for the language switch and the hreflang alternates."""
from django.conf import settings

LINK_PARAMETER = "lang"


def bcp47(code: str) -> str:
    """``zh-hans`` -> ``zh-Hans``, ``pt-pt`` -> ``pt-PT`` (how hreflang and lang are usually written)."""
    language, _, rest = code.partition("-")
    if not rest:
        return language
    return f"{language}-{rest.title() if len(rest) == 4 else rest.upper()}"


def languages(request):
    """``language_next``: this page's address without ``?lang=`` (where the switch returns);
    ``language_alternates``: (hreflang, absolute URL) for each language, and x-default."""
    query = request.GET.copy()
    query.pop(LINK_PARAMETER, None)
    plain = request.path + (f"?{query.urlencode()}" if query else "")
    alternates = []
    for code, _name in settings.LANGUAGES:
        query[LINK_PARAMETER] = code
        alternates.append((bcp47(code), request.build_absolute_uri(f"{request.path}?{query.urlencode()}")))
    alternates.append(("x-default", request.build_absolute_uri(plain)))
    return {"language_next": plain, "language_alternates": alternates}
