#!/usr/bin/env bash
# `make run`: the demo with only Python. SQLite, eager Celery, localstripe in the background,
# Elasticsearch if one answers at ELASTICSEARCH_URL (otherwise the database fallback).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DJANGO_SETTINGS_MODULE=marketplace.settings.dev
export STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:8420}"
PY="$ROOT/.venv/bin/python"

scripts/services.sh start localstripe
"$PY" manage.py migrate --noinput
"$PY" manage.py load_demo_data --if-empty
"$PY" manage.py search_index --rebuild --if-available || true
cat <<'TXT'

  Dealmarket demo at http://127.0.0.1:8000

  Demo logins (password for all: demo-pass-123)
    buyer            buyer@demo.dealmarket.local
    merchant owner   owner@demo.dealmarket.local
    staff curator    curator@demo.dealmarket.local

TXT
exec "$PY" manage.py runserver 127.0.0.1:8000
