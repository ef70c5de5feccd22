"""A store's address turned into map coordinates, behind one interface with two backends.

``address_locate`` is what the product calls. The backend is chosen by the GEOCODER setting:
"nominatim" asks a Nominatim server through geopy (production: OpenStreetMap's, or one of your
own at GEOCODER_NOMINATIM_URL); "gazetteer" looks the street up in a small file the project ships
for its demo cities (merchants/data/gazetteer.json), for tests and the offline demo. An address
that is not found is an answer (None), not an error: the merchant then places the pin by hand.
A geocoding service that cannot be reached raises GeocodingUnavailable, which callers treat the
same way, with a message that says so.
"""
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

GAZETTEER_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.json"
BACKENDS = {
    "gazetteer": "merchants.geocoding.GazetteerGeocoder",
    "nominatim": "merchants.geocoding.NominatimGeocoder",
}
CACHE_SECONDS = 30 * 24 * 3600
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Place:
    """Where an address is: the point to put the pin on, and how the service named the place."""

    latitude: Decimal
    longitude: Decimal
    label: str


class GeocodingUnavailable(Exception):
    """The geocoding service did not answer (down, slow, refused us)."""


class Geocoder(Protocol):
    def geocode(self, *, address: str, city: str, postcode: str = "") -> Place | None: ...


def _place(latitude, longitude, label: str) -> Place:
    return Place(Decimal(str(latitude)).quantize(SIX_PLACES),
                 Decimal(str(longitude)).quantize(SIX_PLACES), label)


# --- the gazetteer (offline) ---------------------------------------------------------------

def _normalise(text: str) -> str:
    """Case, accents and punctuation left out: "Rua de São Miguel," matches "rua de sao miguel"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


# How addresses are often abbreviated ("R. Garrett", "Av. da Liberdade", "Nanjing E. Rd").
ABBREVIATIONS = {"r": "rua", "av": "avenida", "avda": "avenida", "tv": "travessa", "lg": "largo",
                 "pc": "praca", "cc": "calcada", "rd": "road", "ave": "avenue", "e": "east",
                 "w": "west", "n": "north", "s": "south"}


def _expanded(text: str) -> str:
    return " ".join(ABBREVIATIONS.get(word, word) for word in _normalise(text).split())


@lru_cache(maxsize=1)
def _gazetteer() -> list[dict]:
    return json.loads(GAZETTEER_FILE.read_text(encoding="utf-8"))["cities"]


def _names_street(text: str, key: str) -> bool:
    if not key:
        return False
    if not key.isascii():
        return key in text  # Chinese addresses have no spaces between words
    return re.search(rf"(^|\s){re.escape(key)}(\s|$)", text) is not None


class GazetteerGeocoder:
    """Finds the street named in the address among the streets the gazetteer knows in the city."""

    def geocode(self, *, address: str, city: str, postcode: str = "") -> Place | None:
        wanted_city = _normalise(city)
        text = _expanded(address)
        for entry in _gazetteer():
            names = [entry["name"], *entry.get("aliases", [])]
            if wanted_city and wanted_city not in {_normalise(n) for n in names}:
                continue
            best = None
            for street in entry["streets"]:
                for name in [street["name"], *street.get("aliases", [])]:
                    key = _normalise(name)
                    # The longest name found wins ("Nanjing East Road" over "Nanjing Road").
                    if _names_street(text, key) and (best is None or len(key) > best[0]):
                        best = (len(key), street)
            if best is not None:
                street = best[1]
                return _place(street["latitude"], street["longitude"],
                              f"{street['name']}, {entry['name']}")
        return None


def gazetteer_city(name: str) -> dict | None:
    """The gazetteer's entry for a city (its centre, time zone), or None."""
    wanted = _normalise(name)
    for entry in _gazetteer():
        if wanted in {_normalise(n) for n in [entry["name"], *entry.get("aliases", [])]}:
            return entry
    return None


# --- Nominatim (production) ----------------------------------------------------------------

class NominatimGeocoder:
    """A structured search at a Nominatim server (OpenStreetMap's usage policy asks for a user
    agent that names the application, and at most one request a second: results are cached)."""

    def __init__(self):
        url = urlsplit(settings.GEOCODER_NOMINATIM_URL)
        self.client = Nominatim(domain=url.netloc + url.path.rstrip("/"), scheme=url.scheme or "https",
                                user_agent=settings.GEOCODER_USER_AGENT,
                                timeout=settings.GEOCODER_TIMEOUT)

    def geocode(self, *, address: str, city: str, postcode: str = "") -> Place | None:
        query = {"street": address, "city": city}
        if postcode:
            query["postalcode"] = postcode
        try:
            found = self.client.geocode(query, exactly_one=True)
        except GeopyError as error:
            raise GeocodingUnavailable(str(error)) from error
        if found is None:
            return None
        return _place(found.latitude, found.longitude, found.address)


# --- what the product calls ----------------------------------------------------------------

LOOKUPS_PER_HOUR = 60


def lookup_allowed(*, client: str) -> bool:
    """Whether one more look-up from ``client`` (an address on the public form) is allowed now:
    the map's "Find" asks the geocoding service, whose own limits we must not burn through."""
    key = f"geocode-lookups:{hashlib.sha256(client.encode()).hexdigest()}"
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key) <= LOOKUPS_PER_HOUR
    except ValueError:  # expired between add and incr: a new hour
        cache.set(key, 1, 3600)
        return True


def geocoder() -> Geocoder:
    return import_string(BACKENDS.get(settings.GEOCODER, settings.GEOCODER))()


def address_locate(*, address: str, city: str, postcode: str = "") -> Place | None:
    """Where ``address`` in ``city`` is, or None when the geocoder does not know it.

    Answers are cached (a found place and a "not found" alike), so a form submitted twice or a
    busy public form asks the service once per address.
    """
    address, city, postcode = (address or "").strip(), (city or "").strip(), (postcode or "").strip()
    if not address or not city:
        return None
    digest = hashlib.sha256("|".join([settings.GEOCODER, address, city, postcode]).encode()).hexdigest()
    key = f"geocode:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return _place(*cached) if cached else None
    place = geocoder().geocode(address=address, city=city, postcode=postcode)
    cache.set(key, [str(place.latitude), str(place.longitude), place.label] if place else [],
              CACHE_SECONDS)
    return place
