"""Production settings are safe: Django's deploy check passes without a warning, everything comes
from the environment, and a missing host or origin stops the start instead of defaulting."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "deals.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://deals.example.com",
    "MARKETPLACE_SITE_URL": "https://deals.example.com",
    "DEBUG": "true",  # ignored: production never runs with DEBUG
    "STRIPE_API_BASE": "",
}


def _manage(*args, env=None):
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL", "REDIS_URL")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=300)


def test_deploy_check_gives_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_policy_headers_and_cookies_are_set_for_https():
    script = ("from django.conf import settings as s; print(s.DEBUG, s.SECURE_HSTS_SECONDS >= 31536000,"
              " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
              " s.CSRF_TRUSTED_ORIGINS, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)")
    result = _manage("shell", "-v", "0", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True",
                                     "['https://deals.example.com']", "True"]


def test_a_missing_host_or_origin_stops_the_start():
    for missing in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SECRET_KEY"):
        env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
        result = _manage("check", env=env)
        assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr, missing
