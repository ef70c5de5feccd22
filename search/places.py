"""Places a buyer can search from without sharing their position: city and neighbourhood centres.

A city's centre is the mean position of its stores; neighbourhoods come from the list below.
"""
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg
from django.utils.text import slugify

from merchants.models import Location

from .query import Position

# Neighbourhood centres (latitude, longitude) of the cities we operate in.
NEIGHBOURHOODS = {
    "Lisbon": [("Chiado", 38.7107, -9.1425), ("Bairro Alto", 38.7133, -9.1459),
               ("Alfama", 38.7118, -9.1300), ("Príncipe Real", 38.7166, -9.1488),
               ("Avenidas Novas", 38.7394, -9.1465), ("Belém", 38.6975, -9.2060),
               ("Parque das Nações", 38.7680, -9.0940), ("Arroios", 38.7290, -9.1350)],
    "Porto": [("Ribeira", 41.1407, -8.6131), ("Baixa", 41.1466, -8.6110),
              ("Cedofeita", 41.1531, -8.6193), ("Boavista", 41.1579, -8.6291),
              ("Foz do Douro", 41.1521, -8.6758), ("Bonfim", 41.1479, -8.5966)],
}
_CACHE_KEY = "search:places:v1"


@dataclass(frozen=True)
class Place:
    slug: str
    label: str
    lat: float
    lon: float

    def position(self) -> Position:
        return Position(lat=self.lat, lon=self.lon, label=self.label)


def places() -> list[Place]:
    found = cache.get(_CACHE_KEY)
    if found is None:
        found = _load()
        cache.set(_CACHE_KEY, found, 300)
    return found


def _load() -> list[Place]:
    centres = (Location.objects.exclude(latitude=0, longitude=0).values("city")
               .annotate(lat=Avg("latitude"), lon=Avg("longitude")).order_by("city"))
    result = []
    for row in centres:
        city = row["city"]
        result.append(Place(slugify(city), city, float(row["lat"]), float(row["lon"])))
        for name, lat, lon in NEIGHBOURHOODS.get(city, []):
            result.append(Place(slugify(f"{city} {name}"), f"{name}, {city}", lat, lon))
    return result
