"""The store map on forms and staff pages: `{% load store_map %}{% store_map_assets %}` once per
page (Leaflet from the project, the tile server from settings), then `{% store_place form %}`
under a store's address fields, or `{% store_pins stores %}` for a read-only map."""
import json

from django import template
from django.conf import settings

from ..geocoding import gazetteer_city

register = template.Library()

# Where an empty map opens when the marketplace's home city is not in the gazetteer (Lisbon).
FALLBACK_CENTRE = (38.7223, -9.1393)


@register.inclusion_tag("merchants/_store_map_assets.html")
def store_map_assets():
    home = gazetteer_city(settings.MARKETPLACE_DEFAULT_CITY)
    centre = (home["latitude"], home["longitude"]) if home else FALLBACK_CENTRE
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION,
            "centre": centre}


@register.inclusion_tag("merchants/_store_place.html")
def store_place(form):
    return {"form": form}


@register.simple_tag
def store_pins(stores) -> str:
    """The pins of ``stores`` (anything with name, latitude, longitude) as the map reads them."""
    return json.dumps([{"latitude": float(s.latitude), "longitude": float(s.longitude),
                        "label": s.name} for s in stores])
