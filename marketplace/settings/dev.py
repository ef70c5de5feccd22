"""Development and demo: zero setup (SQLite, eager Celery) unless the environment says otherwise."""
import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DATABASE_URL", "sqlite:///" + os.path.join(
    os.path.dirname(__file__), "..", "..", ".services", "demo.sqlite3"))
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
# Store addresses from the shipped gazetteer of the demo cities: no network needed.
os.environ.setdefault("GEOCODER", "gazetteer")

from .base import *  # noqa: E402,F401,F403
from .base import env  # noqa: E402

if not env("REDIS_URL", default=""):
    # The demo runs with only Python: no Redis needed for the cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
