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
step() { printf '\n[demo] %s\n' "$*"; }
step "1/4 Database tables (SQLite in .services/)"
"$PY" manage.py migrate --noinput -v 0
step "2/4 Demo data: cities, merchants, stores, deals with photos (first run: about a minute and a half)"
"$PY" manage.py load_demo_data --if-empty
step "3/4 Search index (Elasticsearch if one answers, otherwise the database fallback)"
"$PY" manage.py search_index --rebuild --if-available || true
step "4/4 Starting the web server"
"$PY" manage.py runserver 127.0.0.1:8000 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null' INT TERM EXIT
"$PY" - <<'PY'
import time, urllib.request
for _ in range(60):  # wait until the server answers (at most a minute)
    try:
        urllib.request.urlopen("http://127.0.0.1:8000/robots.txt", timeout=2)
        break
    except OSError:
        time.sleep(1)
PY
# The logins last, after the server's own start-up lines, so they are the last thing on screen.
cat <<TXT

  Dealmarket demo at http://127.0.0.1:8000   (Ctrl-C stops it)
  E-mails sent by the demo (voucher codes, invitations): $MAIL_AT

TXT
"$PY" manage.py load_demo_data --logins | sed 's/^/  /'
echo
wait "$SERVER"
