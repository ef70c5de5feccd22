"""Test settings: the base settings on the real services, with only what tests need changed."""
import os
import tempfile

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("STRIPE_API_BASE", "http://127.0.0.1:8420")
os.environ.setdefault("STRIPE_CONNECT_API_BASE", "http://127.0.0.1:12111")  # stripe-mock
# stripe-mock's Account Links point at a Stripe development host, not connect.stripe.com.
os.environ.setdefault("STRIPE_ONBOARDING_ORIGINS", "https://connect.stripe.com,https://*.stripe.me")
# Apart from the development worker on Redis db 0: tests get their own db and queue.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("CELERY_QUEUE", "marketplace-test")
# No network in tests: addresses from the shipped gazetteer, maps without tiles.
os.environ.setdefault("GEOCODER", "gazetteer")
os.environ.setdefault("MAP_TILE_URL", "")
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .base import *  # noqa: E402,F401,F403
from .base import env  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Mailpit (scripts/services.sh) catches real SMTP deliveries: a test that wants one switches
# EMAIL_BACKEND to SMTP on this host and port for itself (the `mailpit` fixture) and reads
# what arrived through Mailpit's API at MAILPIT_URL.
MAILPIT_URL = env("MAILPIT_URL", default="http://127.0.0.1:8025")
MAILPIT_SMTP_HOST = env("MAILPIT_SMTP_HOST", default="127.0.0.1")
MAILPIT_SMTP_PORT = env.int("MAILPIT_SMTP_PORT", default=1025)
MEDIA_ROOT = tempfile.mkdtemp(prefix="marketplace-media-")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="test-marketplace")
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Whitenoise looks for collected files at start; tests serve static files through the finders.
STATIC_ROOT = tempfile.mkdtemp(prefix="marketplace-static-")
