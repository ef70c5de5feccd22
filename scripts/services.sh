#!/usr/bin/env bash
# Starts (or stops, or reports) the real services the marketplace needs, on a fresh Debian
# machine as root: PostgreSQL 15, Redis, Elasticsearch 8.19, localstripe, a Celery worker + beat.
# Idempotent: what already answers is reused. A service that cannot start fails the script
# loudly with the tail of its log.
#
#   scripts/services.sh start [postgres|redis|elasticsearch|localstripe|celery ...]
#   scripts/services.sh stop | status
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
LOGS="$STATE/logs"
PY="${PYTHON:-python3}"
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_ROOT="$STATE"  # moved to /var/lib/dealmarket-es when the ES user cannot reach the checkout
ES_HOME="$ES_ROOT/elasticsearch-$ES_VERSION"
ES_USER="marketplace-es"
PG_VERSION=15
DB_NAME="${DB_NAME:-marketplace}"
DB_USER="${DB_USER:-marketplace}"
DB_PASSWORD="${DB_PASSWORD:-marketplace}"
mkdir -p "$LOGS"

say() { printf '[services] %s\n' "$*"; }
die() {
  printf '\n[services] ERROR: %s\n' "$1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then
    printf '[services] last lines of %s:\n' "$2" >&2
    tail -n 40 "$2" >&2
  fi
  exit 1
}
wait_for() {  # wait_for <seconds> <command...>
  local t=$1; shift
  for _ in $(seq 1 "$t"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  return 1
}

APT_UPDATED=""
apt_install() {  # installs the Debian packages that are missing
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    apt-get update -q >"$LOGS/apt.log" 2>&1 || die "apt-get update failed" "$LOGS/apt.log"
    APT_UPDATED=1
  fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    >>"$LOGS/apt.log" 2>&1 || die "apt-get install ${missing[*]} failed" "$LOGS/apt.log"
}

# --- PostgreSQL ---------------------------------------------------------------------------
pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }
start_postgres() {
  apt_install "postgresql-$PG_VERSION" postgresql-client-$PG_VERSION
  if ! pg_ready; then
    if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$PG_VERSION main$"; then
      say "creating PostgreSQL cluster $PG_VERSION/main"
      pg_createcluster "$PG_VERSION" main -p 5432 >"$LOGS/postgres-create.log" 2>&1 \
        || die "pg_createcluster failed" "$LOGS/postgres-create.log"
    fi
    say "starting PostgreSQL $PG_VERSION"
    pg_ctlcluster "$PG_VERSION" main start >"$LOGS/postgres-start.log" 2>&1 || true
    wait_for 30 pg_ready || die "PostgreSQL did not answer on 127.0.0.1:5432" \
      "/var/log/postgresql/postgresql-$PG_VERSION-main.log"
  fi
  # The app's role may create databases: pytest-django makes test_<name> next to it.
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='$DB_USER'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='$DB_NAME'\"" | grep -q 1 \
    || su postgres -c "createdb -O $DB_USER $DB_NAME"
  say "PostgreSQL ready on 127.0.0.1:5432 (database $DB_NAME)"
}

# --- Redis --------------------------------------------------------------------------------
redis_ready() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
start_redis() {
  apt_install redis-server
  if ! redis_ready; then
    mkdir -p "$STATE/redis"
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --dir "$STATE/redis" \
      --logfile "$LOGS/redis.log" --pidfile "$STATE/redis/redis.pid" --save "" --appendonly no \
      || die "redis-server failed" "$LOGS/redis.log"
    wait_for 15 redis_ready || die "Redis did not answer on 127.0.0.1:6379" "$LOGS/redis.log"
  fi
  say "Redis ready on 127.0.0.1:6379"
}

# --- Elasticsearch ------------------------------------------------------------------------
es_ready() {
  curl -fs "http://127.0.0.1:9200/_cluster/health?wait_for_status=yellow&timeout=1s" \
    | grep -Eq '"status":"(green|yellow)"'
}
start_elasticsearch() {
  if es_ready; then say "Elasticsearch already answers on 127.0.0.1:9200"; return 0; fi
  if curl -s -o /dev/null -m 5 http://127.0.0.1:9200/; then
    # A node holds the port but is not healthy yet (starting, or busy): wait for it.
    say "a node on 127.0.0.1:9200 is not healthy yet; waiting for it"
    wait_for 90 es_ready || die "the Elasticsearch node on 127.0.0.1:9200 stays unhealthy" \
      "$LOGS/elasticsearch/elasticsearch.log"
    say "Elasticsearch ready on 127.0.0.1:9200"; return 0
  fi
  # Elasticsearch refuses to run as root: it runs as its own user, who must reach its files.
  id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  if ! runuser -u "$ES_USER" -- test -x "$STATE"; then
    ES_ROOT=/var/lib/dealmarket-es
    ES_HOME="$ES_ROOT/elasticsearch-$ES_VERSION"
    say "the checkout is not reachable by $ES_USER: Elasticsearch lives in $ES_ROOT"
  fi
  apt_install openjdk-17-jdk-headless maven unzip curl
  local java_home
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
    say "fetching Elasticsearch $ES_VERSION from Maven Central"
    mkdir -p "$STATE/downloads"
    mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$STATE/downloads" >"$LOGS/es-download.log" 2>&1 \
      || die "could not fetch Elasticsearch $ES_VERSION with Maven" "$LOGS/es-download.log"
    rm -rf "$ES_HOME.tmp" && mkdir -p "$ES_HOME.tmp"
    unzip -q "$STATE/downloads/elasticsearch-$ES_VERSION.zip" -d "$ES_HOME.tmp"
    mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME" && rm -rf "$ES_HOME.tmp"
  fi
  # The integ-test distribution has no analysis-common module: our own small plugin adds the
  # English stemmer and edge n-grams that the deal index needs (see scripts/es-plugin/).
  "$ROOT/scripts/es-plugin/install.sh" "$ES_HOME" >"$LOGS/es-plugin.log" 2>&1 \
    || die "could not build the Elasticsearch analysis plugin" "$LOGS/es-plugin.log"
  mkdir -p "$ES_ROOT/es-data" "$ES_ROOT/es-run" "$ES_ROOT/es-logs"
  chown -R "$ES_USER" "$ES_HOME" "$ES_ROOT/es-data" "$ES_ROOT/es-run" "$ES_ROOT/es-logs"
  # .services/logs/elasticsearch always shows the node's logs, wherever it lives.
  [ -L "$LOGS/elasticsearch" ] || rm -rf "$LOGS/elasticsearch"
  ln -sfn "$ES_ROOT/es-logs" "$LOGS/elasticsearch"

  say "starting Elasticsearch $ES_VERSION (JDK at $java_home)"
  # A fixed heap (Xms = Xmx), as Elasticsearch's docs advise: no resizing pauses under load.
  runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms1g -Xmx1g" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_ROOT/es-run/es.pid" \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port=9200 \
    -Expack.security.enabled=false -Expack.ml.enabled=false \
    -Epath.data="$ES_ROOT/es-data" -Epath.logs="$ES_ROOT/es-logs" \
    -Ecluster.routing.allocation.disk.threshold_enabled=false \
    -Eaction.destructive_requires_name=false \
    >"$LOGS/es-start.log" 2>&1 || die "Elasticsearch failed to start" "$LOGS/es-start.log"
  wait_for 120 es_ready || die "Elasticsearch did not reach yellow on 127.0.0.1:9200" \
    "$ES_ROOT/es-logs/elasticsearch.log"
  say "Elasticsearch ready on 127.0.0.1:9200"
}

# --- localstripe --------------------------------------------------------------------------
localstripe_ready() { curl -fs -o /dev/null http://127.0.0.1:8420/js.stripe.com/v3/; }
start_localstripe() {
  if localstripe_ready; then say "localstripe already answers on 127.0.0.1:8420"; return 0; fi
  if [ ! -x "$STATE/localstripe-venv/bin/localstripe" ]; then
    say "installing localstripe into its own virtualenv"
    "$PY" -m venv "$STATE/localstripe-venv"
    "$STATE/localstripe-venv/bin/pip" install -q localstripe >"$LOGS/localstripe-install.log" 2>&1 \
      || die "pip install localstripe failed" "$LOGS/localstripe-install.log"
  fi
  say "starting localstripe"
  nohup "$STATE/localstripe-venv/bin/localstripe" --port 8420 --from-scratch \
    >"$LOGS/localstripe.log" 2>&1 &
  echo $! >"$STATE/localstripe.pid"
  wait_for 30 localstripe_ready || die "localstripe did not answer on 127.0.0.1:8420" "$LOGS/localstripe.log"
  say "localstripe ready on 127.0.0.1:8420"
}

# --- Celery worker and beat (against the development PostgreSQL database) -----------------
celery_env() {
  env DJANGO_SETTINGS_MODULE=marketplace.settings.dev \
    DATABASE_URL="${DATABASE_URL:-postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:5432/$DB_NAME}" \
    REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}" CELERY_TASK_ALWAYS_EAGER=false \
    STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:8420}" "$@"
}
pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
start_celery() {
  local venv="$ROOT/.venv/bin"
  [ -x "$venv/celery" ] || die "no virtualenv at .venv: run 'make install' first"
  if ! pid_alive "$STATE/celery-worker.pid"; then
    say "starting Celery worker"
    (cd "$ROOT" && celery_env "$venv/celery" -A marketplace worker --loglevel=INFO --concurrency=2 \
      --detach --pidfile="$STATE/celery-worker.pid" --logfile="$LOGS/celery-worker.log") \
      || die "Celery worker failed to start" "$LOGS/celery-worker.log"
  fi
  if ! pid_alive "$STATE/celery-beat.pid"; then
    say "starting Celery beat"
    (cd "$ROOT" && celery_env "$venv/celery" -A marketplace beat --loglevel=INFO --detach \
      --schedule="$STATE/celerybeat-schedule" --pidfile="$STATE/celery-beat.pid" \
      --logfile="$LOGS/celery-beat.log") || die "Celery beat failed to start" "$LOGS/celery-beat.log"
  fi
  wait_for 30 bash -c "cd '$ROOT' && $(printf '%q ' env DJANGO_SETTINGS_MODULE=marketplace.settings.dev REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}") '$venv/celery' -A marketplace inspect ping -t 2" \
    || die "Celery worker did not answer a ping" "$LOGS/celery-worker.log"
  say "Celery worker and beat running"
}

# --- Chromium for the browser tests (Playwright drives the system browser) ----------------
start_chromium() {
  apt_install chromium fonts-dejavu-core
  say "Chromium at $(command -v chromium)"
}

stop_all() {
  for p in celery-beat celery-worker localstripe; do
    if pid_alive "$STATE/$p.pid"; then kill "$(cat "$STATE/$p.pid")" && say "stopped $p"; fi
    rm -f "$STATE/$p.pid"
  done
  for pidfile in "$STATE/es-run/es.pid" /var/lib/dealmarket-es/es-run/es.pid; do
    if pid_alive "$pidfile"; then kill "$(cat "$pidfile")" && say "stopped Elasticsearch"; fi
  done
  if redis_ready 2>/dev/null; then redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true; say "stopped Redis"; fi
  if pg_ready 2>/dev/null; then pg_ctlcluster "$PG_VERSION" main stop && say "stopped PostgreSQL"; fi
}

status() {
  pg_ready 2>/dev/null && say "postgres: up" || say "postgres: down"
  redis_ready 2>/dev/null && say "redis: up" || say "redis: down"
  es_ready 2>/dev/null && say "elasticsearch: up" || say "elasticsearch: down"
  localstripe_ready 2>/dev/null && say "localstripe: up" || say "localstripe: down"
  pid_alive "$STATE/celery-worker.pid" && say "celery worker: up" || say "celery worker: down"
  pid_alive "$STATE/celery-beat.pid" && say "celery beat: up" || say "celery beat: down"
}

cmd="${1:-start}"; shift || true
case "$cmd" in
  start)
    targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(postgres redis elasticsearch localstripe chromium celery)
    for t in "${targets[@]}"; do "start_$t"; done ;;
  stop) stop_all ;;
  status) status ;;
  *) die "usage: $0 start [service...] | stop | status" ;;
esac
