"""Which city a visitor is browsing: chosen with ?city=, remembered in the session, else the default."""
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from .selectors import cities_with_stores

SESSION_KEY = "city"


def city_current(request) -> str:
    session = getattr(request, "session", None) or {}
    return session.get(SESSION_KEY) or settings.MARKETPLACE_DEFAULT_CITY


def city_choose(request) -> str:
    """Applies ``?city=`` when it names a city we have stores in; an unknown name changes nothing."""
    asked = (request.GET.get("city") or "").strip()
    if asked:
        known = {name.casefold(): name for name in cities_with_stores()}
        city = known.get(asked.casefold())
        if city is None:
            messages.warning(request, _("We have no deals in “%(city)s” yet.") % {"city": asked[:60]})
        else:
            request.session[SESSION_KEY] = city
    return city_current(request)
