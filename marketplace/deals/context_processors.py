"""The city the visitor is browsing and the cities to switch to, for every page's header."""
from django.urls import reverse

from .city import city_current
from .selectors import cities_with_stores

# Pages that list deals by city: switching city there reloads the same page.
_CITY_LISTS = {"deals:home", "deals:category"}


def city(request):
    match = getattr(request, "resolver_match", None)
    stay = match is not None and match.view_name in _CITY_LISTS
    return {
        "current_city": city_current(request),
        "cities": cities_with_stores(),
        "city_switch_action": request.path if stay else reverse("deals:home"),
    }
