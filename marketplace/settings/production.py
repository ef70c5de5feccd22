"""Production: the base settings with everything Django's deploy check asks for, all from the
environment. `DJANGO_SETTINGS_MODULE=marketplace.settings.production manage.py check --deploy`
gives no warning (tests/security/test_production_settings.py)."""
import os

os.environ["DEBUG"] = "false"  # never on in production, whatever the environment says

from .base import *  # noqa: E402,F401,F403
from .base import env  # noqa: E402

DEBUG = False
# Required: the site's hosts and origins (e.g. deals.example.com / https://deals.example.com).
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")
MARKETPLACE_SITE_URL = env("MARKETPLACE_SITE_URL")

# HTTPS only, behind a proxy that terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# allauth builds its few request-based links with https.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# Static files compressed and fingerprinted by whitenoise (collectstatic at deploy).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
