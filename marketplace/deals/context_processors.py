"""Every page's header: the city browsed, the cities to switch to, the merchant portal link."""
from django.urls import reverse

from .city import city_current
from .selectors import cities_with_stores

# Pages that list deals by city: switching city there reloads the same page.
_CITY_LISTS = {"deals:home", "deals:category"}


def city(request):
    match = getattr(request, "resolver_match", None)
    stay = match is not None and match.view_name in _CITY_LISTS
    user = getattr(request, "user", None)
    return {
        # The merchant portal link, for people who work for a merchant.
        "works_for_merchant": bool(user and user.is_authenticated and user.merchant_memberships.exists()),
        "current_city": city_current(request),
        "cities": cities_with_stores(),
        "city_switch_action": request.path if stay else reverse("deals:home"),
    }
