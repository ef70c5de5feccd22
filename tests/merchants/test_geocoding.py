"""Addresses to map coordinates: the offline gazetteer, and the Nominatim backend through geopy
against a Nominatim-shaped server on this machine (tests reach no network)."""
import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from merchants.geocoding import GeocodingUnavailable, address_locate


@pytest.mark.parametrize("address, city, street", [
    ("Rua de São Miguel, 12", "Lisboa", "Rua de São Miguel, Lisbon"),
    ("R. Garrett 10", "Lisbon", "Rua Garrett, Lisbon"),
    ("Rua das Flores 5", "Porto", "Rua das Flores, Porto"),
    ("南京东路 299号", "上海", "Nanjing East Road, Shanghai"),
    ("299 Nanjing E. Rd", "Shanghai", "Nanjing East Road, Shanghai"),
])
def test_the_gazetteer_finds_demo_streets_whatever_accents_abbreviations_or_script(
        settings, address, city, street):
    settings.GEOCODER = "gazetteer"
    place = address_locate(address=address, city=city)
    assert place is not None and place.label == street
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180


def test_a_street_in_another_city_or_unknown_is_not_found(settings):
    settings.GEOCODER = "gazetteer"
    assert address_locate(address="Rua das Flores 5", city="Madrid") is None
    assert address_locate(address="Nowhere Lane 1", city="Lisbon") is None
    assert address_locate(address="", city="Lisbon") is None


class FakeNominatim(BaseHTTPRequestHandler):
    """Answers /search as Nominatim does (format=json, a list of places)."""

    asked: list = []

    def do_GET(self):  # noqa: N802
        query = parse_qs(urlsplit(self.path).query)
        FakeNominatim.asked.append((urlsplit(self.path).path, query, self.headers["User-Agent"]))
        if query.get("street") == ["Rua Augusta 1"]:
            body = [{"lat": "38.7101", "lon": "-9.1373",
                     "display_name": "1, Rua Augusta, Baixa, Lisboa, Portugal"}]
        elif query.get("street") == ["Slow street"]:
            self.send_error(503)
            return
        else:
            body = []
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def nominatim(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_NOMINATIM_URL = f"http://127.0.0.1:{server.server_port}"
    settings.GEOCODER_USER_AGENT = "Dealmarket tests"
    FakeNominatim.asked = []
    yield FakeNominatim
    server.shutdown()


def test_nominatim_is_asked_a_structured_query_with_our_user_agent_and_asked_once(nominatim):
    place = address_locate(address="Rua Augusta 1", city="Lisbon", postcode="1100-053")
    assert (place.latitude, place.longitude) == (Decimal("38.710100"), Decimal("-9.137300"))
    assert place.label.startswith("1, Rua Augusta")
    path, query, agent = nominatim.asked[0]
    assert path == "/search" and query["city"] == ["Lisbon"] and query["postalcode"] == ["1100-053"]
    assert agent == "Dealmarket tests"
    assert address_locate(address="Rua Augusta 1", city="Lisbon", postcode="1100-053") == place
    assert len(nominatim.asked) == 1  # the answer was cached


def test_nominatim_not_finding_an_address_is_none_and_a_failing_server_says_so(nominatim):
    assert address_locate(address="Nowhere 9", city="Lisbon") is None
    with pytest.raises(GeocodingUnavailable):
        address_locate(address="Slow street", city="Lisbon")
