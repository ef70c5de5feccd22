#!/usr/bin/env bash
# `make run`: the demo with only Python. SQLite, eager Celery, localstripe in the background,
# Elasticsearch if one answers at ELASTICSEARCH_URL (otherwise the database fallback).
# stripe-mock (Stripe Connect) and Mailpit (e-mail, inbox at http://127.0.0.1:8025) are started
# when they can be; without them, Connect calls fail and e-mails print to this console.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=marketplace.settings.dev
export STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:8420}"
PY="$ROOT/.venv/bin/python"

scripts/services.sh start localstripe fonts
if scripts/services.sh start stripe-mock; then
  export STRIPE_CONNECT_API_BASE="${STRIPE_CONNECT_API_BASE:-http://127.0.0.1:${STRIPE_MOCK_PORT:-12111}}"
else
  echo "[demo] stripe-mock could not start (see above): connecting a Stripe account will fail" >&2
fi
MAIL_AT="this console"
if [ -z "${EMAIL_BACKEND:-}" ] && scripts/services.sh start mailpit; then
  export EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend
  export EMAIL_HOST=127.0.0.1 EMAIL_PORT="${MAILPIT_SMTP_PORT:-1025}" EMAIL_USE_TLS=false
  export EMAIL_HOST_USER="" EMAIL_HOST_PASSWORD=""
  MAIL_AT="Mailpit, http://127.0.0.1:${MAILPIT_HTTP_PORT:-8025}"
fi
"$PY" manage.py migrate --noinput
"$PY" manage.py load_demo_data --if-empty
"$PY" manage.py search_index --rebuild --if-available || true
cat <<TXT

  Dealmarket demo at http://127.0.0.1:8000
  E-mails sent by the demo: $MAIL_AT

  Demo logins (password for all: demo-pass-123)
    buyer            buyer@demo.dealmarket.local
    merchant owner   owner@demo.dealmarket.local
    staff curator    curator@demo.dealmarket.local

TXT
exec "$PY" manage.py runserver 127.0.0.1:8000
