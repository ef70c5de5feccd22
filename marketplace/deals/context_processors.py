"""The city the visitor is browsing, for every page's header."""
from django.conf import settings


def city(request):
    return {"current_city": request.session.get("city") or settings.MARKETPLACE_DEFAULT_CITY}
