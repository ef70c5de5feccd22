"""Distances on the globe, for "nearest store 1.2 km" and for checking the index's geo sort."""
from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius, as Elasticsearch uses for arc distances


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = radians(lat2 - lat1)
    dlon = radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def is_valid_point(lat, lon) -> bool:
    """A usable store position: inside the globe's ranges and not the (0, 0) placeholder."""
    if lat is None or lon is None:
        return False
    lat, lon = float(lat), float(lon)
    return -90 <= lat <= 90 and -180 <= lon <= 180 and not (lat == 0 and lon == 0)
