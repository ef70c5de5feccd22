#!/usr/bin/env bash
# Starts (or stops, or reports) the real services the marketplace needs, on a fresh Debian
# machine as root: PostgreSQL 15, Redis, Elasticsearch 8.19, localstripe (charges), stripe-mock
# (Stripe Connect), Mailpit (an SMTP catcher with a web inbox), a Celery worker + beat, and the
# system packages the tests use (Chromium, a CJK font, poppler). Idempotent: what already
# answers is reused. A service that cannot start fails the script loudly with the tail of its log.
#
#   scripts/services.sh start [postgres|redis|elasticsearch|localstripe|stripe-mock|mailpit|
#                              chromium|fonts|celery ...]
#   scripts/services.sh stop [service...] | status
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.services"
LOGS="$STATE/logs"
PY="${PYTHON:-python3}"
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"   # another port starts a second node beside the usual one
ES_HEAP="${ES_HEAP:-1g}"
ES_ROOT="$STATE"  # moved to /var/lib/dealmarket-es when the ES user cannot reach the checkout
ES_HOME="$ES_ROOT/elasticsearch-$ES_VERSION"
ES_USER="marketplace-es"
PG_VERSION=15
DB_NAME="${DB_NAME:-marketplace}"
DB_USER="${DB_USER:-marketplace}"
DB_PASSWORD="${DB_PASSWORD:-marketplace}"
# The Go programs, pinned (the Go module proxy serves them; see docs of each service below).
STRIPE_MOCK_VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
MAILPIT_VERSION="${MAILPIT_VERSION:-v1.33.1}"
MAILPIT_SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
MAILPIT_HTTP_PORT="${MAILPIT_HTTP_PORT:-8025}"
# Built tools are immutable per version: they live outside the checkout, so a fresh clone (CI,
# another worktree) reuses them instead of compiling again for minutes.
TOOLS="${MARKETPLACE_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dealmarket-tools}"
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
  curl -fs "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" \
    | grep -Eq '"status":"(green|yellow)"'
}
# A running node loads plugins only at boot: one that runs an older build of our analysis plugin
# than these sources would fail the search tests in obscure ways, so say it plainly.
es_check_plugin() {
  local want have
  want="$(sed -n 's/^PLUGIN_VERSION="\(.*\)"$/\1/p' "$ROOT/scripts/es-plugin/install.sh")"
  have="$(curl -fs "http://127.0.0.1:$ES_PORT/_cat/plugins?h=component,version" \
    | awk '$1 == "marketplace-analysis" {print $2; exit}')"
  [ "$have" = "$want" ] || die "the node on 127.0.0.1:$ES_PORT runs marketplace-analysis '${have:-none}', \
these sources build $want: restart it (scripts/services.sh stop elasticsearch; scripts/services.sh \
start elasticsearch) from the checkout that started it"
}
start_elasticsearch() {
  if es_ready; then
    es_check_plugin
    say "Elasticsearch already answers on 127.0.0.1:$ES_PORT"; return 0
  fi
  if curl -s -o /dev/null -m 5 "http://127.0.0.1:$ES_PORT/"; then
    # A node holds the port but is not healthy yet (starting, or busy): wait for it.
    say "a node on 127.0.0.1:$ES_PORT is not healthy yet; waiting for it"
    wait_for 90 es_ready || die "the Elasticsearch node on 127.0.0.1:$ES_PORT stays unhealthy" \
      "$LOGS/elasticsearch/elasticsearch.log"
    es_check_plugin
    say "Elasticsearch ready on 127.0.0.1:$ES_PORT"; return 0
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
  # English and Portuguese stemmers, CJK bigrams, smartcn and edge n-grams (scripts/es-plugin/).
  "$ROOT/scripts/es-plugin/install.sh" "$ES_HOME" >"$LOGS/es-plugin.log" 2>&1 \
    || die "could not build the Elasticsearch analysis plugin" "$LOGS/es-plugin.log"
  mkdir -p "$ES_ROOT/es-data" "$ES_ROOT/es-run" "$ES_ROOT/es-logs"
  chown -R "$ES_USER" "$ES_HOME" "$ES_ROOT/es-data" "$ES_ROOT/es-run" "$ES_ROOT/es-logs"
  # .services/logs/elasticsearch always shows the node's logs, wherever it lives.
  [ -L "$LOGS/elasticsearch" ] || rm -rf "$LOGS/elasticsearch"
  ln -sfn "$ES_ROOT/es-logs" "$LOGS/elasticsearch"

  say "starting Elasticsearch $ES_VERSION (JDK at $java_home)"
  # A fixed heap (Xms = Xmx), as Elasticsearch's docs advise: no resizing pauses under load.
  runuser -u "$ES_USER" -- env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_ROOT/es-run/es.pid" \
    -Ediscovery.type=single-node -Enetwork.host=127.0.0.1 -Ehttp.port="$ES_PORT" \
    -Expack.security.enabled=false -Expack.ml.enabled=false \
    -Epath.data="$ES_ROOT/es-data" -Epath.logs="$ES_ROOT/es-logs" \
    -Ecluster.routing.allocation.disk.threshold_enabled=false \
    -Eaction.destructive_requires_name=false \
    >"$LOGS/es-start.log" 2>&1 || die "Elasticsearch failed to start" "$LOGS/es-start.log"
  wait_for 120 es_ready || die "Elasticsearch did not reach yellow on 127.0.0.1:$ES_PORT" \
    "$ES_ROOT/es-logs/elasticsearch.log"
  es_check_plugin
  say "Elasticsearch ready on 127.0.0.1:$ES_PORT"
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

# --- Go programs: stripe-mock and Mailpit ---------------------------------------------------
go_bin() {  # the go command: this machine's Go (1.26 in /usr/local/go), or Debian's
  if command -v go >/dev/null 2>&1; then command -v go; return 0; fi
  if [ -x /usr/local/go/bin/go ]; then echo /usr/local/go/bin/go; return 0; fi
  apt_install golang-go
  command -v go
}

# --- stripe-mock: Stripe's official API mock, for the Connect calls (accounts, transfers) --
# Stateless: it validates each request against Stripe's OpenAPI spec and answers with a fixture;
# nothing created is kept (a retrieve answers its fixture under the id asked for).
stripe_mock_ready() {
  curl -fs -o /dev/null -m 3 -H "Authorization: Bearer sk_test_123" \
    "http://127.0.0.1:$STRIPE_MOCK_PORT/v1/balance"
}
start_stripe_mock() {
  if stripe_mock_ready; then say "stripe-mock already answers on 127.0.0.1:$STRIPE_MOCK_PORT"; return 0; fi
  local dir="$TOOLS/stripe-mock-$STRIPE_MOCK_VERSION"
  if [ ! -x "$dir/stripe-mock" ]; then
    local go; go="$(go_bin)" || die "no Go toolchain to build stripe-mock"
    say "installing stripe-mock $STRIPE_MOCK_VERSION with go install (Go module proxy)"
    mkdir -p "$dir.tmp"
    (cd "$STATE" && GOBIN="$dir.tmp" GOFLAGS=-buildvcs=false \
      "$go" install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION") \
      >"$LOGS/stripe-mock-install.log" 2>&1 \
      || die "go install stripe-mock@$STRIPE_MOCK_VERSION failed" "$LOGS/stripe-mock-install.log"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  say "starting stripe-mock $STRIPE_MOCK_VERSION"
  # It also serves HTTPS (HTTP/2) on the next port; both stay on the loopback.
  nohup "$dir/stripe-mock" -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" \
    -https-addr "127.0.0.1:$((STRIPE_MOCK_PORT + 1))" >"$LOGS/stripe-mock.log" 2>&1 &
  echo $! >"$STATE/stripe-mock.pid"
  wait_for 30 stripe_mock_ready || {
    stop_pidfile stripe-mock
    die "stripe-mock did not answer on 127.0.0.1:$STRIPE_MOCK_PORT" "$LOGS/stripe-mock.log"
  }
  say "stripe-mock ready on http://127.0.0.1:$STRIPE_MOCK_PORT"
}

# --- Mailpit: catches every e-mail sent over SMTP; web inbox and JSON API -------------------
# `go install` alone builds a Mailpit without its web inbox: the module ships the Vue sources
# (server/ui-src) but not the bundle (server/ui/dist) that the binary embeds. We build it the
# way Mailpit's Dockerfile does (npm ci && npm run package && go build), from the module's own
# files as the Go module proxy serves them.
mailpit_ready() { curl -fs -o /dev/null -m 3 "http://127.0.0.1:$MAILPIT_HTTP_PORT/readyz"; }
build_mailpit() {  # build_mailpit <destination dir>
  local dest=$1 go src build log="$LOGS/mailpit-build.log"
  go="$(go_bin)" || die "no Go toolchain to build Mailpit"
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  : >"$log"
  say "fetching the Mailpit $MAILPIT_VERSION module (Go module proxy)"
  src="$(cd "$STATE" && "$go" mod download -json "github.com/axllent/mailpit@$MAILPIT_VERSION" 2>>"$log" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -n "$src" ] && [ -f "$src/package.json" ] || die "could not download the Mailpit module" "$log"
  build="$(mktemp -d)"
  cp -r "$src/." "$build/" && chmod -R u+w "$build"
  # Two exact versions in Mailpit's lockfile are not served by the npm registry this project
  # reaches: rapidoc 12 (only the API docs page at /api/v1/ uses it; 9.3.8 is the newest served)
  # and sass-embedded 1.108.1 (its platform builds are served up to 1.105.0). Pin both, then
  # let npm resolve the lock again.
  say "building Mailpit's web inbox with npm (a few minutes, once per version)"
  (cd "$build" && npm pkg set dependencies.rapidoc=9.3.8 devDependencies.sass-embedded=1.105.0 \
    && npm install --no-audit --no-fund --loglevel=error && npm run package) >>"$log" 2>&1 \
    || die "npm could not build Mailpit's web inbox" "$log"
  [ -f "$build/server/ui/dist/app.js" ] || die "Mailpit's npm build made no server/ui/dist/app.js" "$log"
  say "compiling Mailpit $MAILPIT_VERSION"
  (cd "$build" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false "$go" build -trimpath \
    -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=$MAILPIT_VERSION" -o "$dest/mailpit") \
    >>"$log" 2>&1 || die "go build of Mailpit failed" "$log"
  rm -rf "$build"
}
start_mailpit() {
  if mailpit_ready; then say "Mailpit already answers on 127.0.0.1:$MAILPIT_HTTP_PORT"; return 0; fi
  local dir="$TOOLS/mailpit-$MAILPIT_VERSION"
  if [ ! -x "$dir/mailpit" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    build_mailpit "$dir.tmp"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  mkdir -p "$STATE/mailpit"
  say "starting Mailpit $MAILPIT_VERSION"
  nohup "$dir/mailpit" --smtp "127.0.0.1:$MAILPIT_SMTP_PORT" --listen "127.0.0.1:$MAILPIT_HTTP_PORT" \
    --database "$STATE/mailpit/mailpit.db" --disable-version-check \
    >"$LOGS/mailpit.log" 2>&1 &
  echo $! >"$STATE/mailpit.pid"
  wait_for 30 mailpit_ready || {
    stop_pidfile mailpit
    die "Mailpit did not answer on 127.0.0.1:$MAILPIT_HTTP_PORT" "$LOGS/mailpit.log"
  }
  say "Mailpit ready: SMTP 127.0.0.1:$MAILPIT_SMTP_PORT, inbox http://127.0.0.1:$MAILPIT_HTTP_PORT"
}

# --- Celery worker and beat (against the development PostgreSQL database) -----------------
celery_env() {
  env DJANGO_SETTINGS_MODULE=marketplace.settings.dev \
    DATABASE_URL="${DATABASE_URL:-postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:5432/$DB_NAME}" \
    REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}" CELERY_TASK_ALWAYS_EAGER=false \
    STRIPE_API_BASE="${STRIPE_API_BASE:-http://127.0.0.1:8420}" \
    STRIPE_CONNECT_API_BASE="${STRIPE_CONNECT_API_BASE:-http://127.0.0.1:$STRIPE_MOCK_PORT}" "$@"
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

# --- Fonts, PDF and translation tools -----------------------------------------------------
# The voucher PDF is drawn with reportlab, which embeds TrueType outlines only (not the CFF of
# Noto Sans CJK). WenQuanYi Micro Hei is TrueType and covers Latin with Portuguese accents, the
# euro sign and CJK; its TTC's face 0 is the proportional font. Chromium also uses it for
# Chinese pages. poppler-utils (pdftotext, pdftoppm) lets tests read what a PDF shows. gettext
# (xgettext, msgfmt, msgmerge) updates, checks and compiles the message catalogues (`make messages`,
# tests/test_translations.py).
CJK_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
start_fonts() {
  apt_install fonts-wqy-microhei poppler-utils gettext
  [ -f "$CJK_FONT" ] || die "fonts-wqy-microhei is installed but $CJK_FONT is missing"
  say "CJK font at $CJK_FONT; poppler at $(command -v pdftoppm); gettext $(msgfmt --version | sed -n 1p)"
}

stop_pidfile() {  # stop_pidfile <name>: the process we started, by the id we recorded
  if pid_alive "$STATE/$1.pid"; then kill "$(cat "$STATE/$1.pid")" && say "stopped $1"; fi
  rm -f "$STATE/$1.pid"
}
stop_celery() { stop_pidfile celery-beat; stop_pidfile celery-worker; }
stop_localstripe() { stop_pidfile localstripe; }
stop_stripe_mock() { stop_pidfile stripe-mock; }
stop_mailpit() { stop_pidfile mailpit; }
stop_elasticsearch() {
  for pidfile in "$STATE/es-run/es.pid" /var/lib/dealmarket-es/es-run/es.pid; do
    if pid_alive "$pidfile"; then kill "$(cat "$pidfile")" && say "stopped Elasticsearch"; fi
  done
}
stop_redis() {
  if redis_ready 2>/dev/null; then redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true; say "stopped Redis"; fi
}
stop_postgres() {
  if pg_ready 2>/dev/null; then pg_ctlcluster "$PG_VERSION" main stop && say "stopped PostgreSQL"; fi
}
stop_chromium() { :; }
stop_fonts() { :; }

status() {
  pg_ready 2>/dev/null && say "postgres: up" || say "postgres: down"
  redis_ready 2>/dev/null && say "redis: up" || say "redis: down"
  es_ready 2>/dev/null && say "elasticsearch: up" || say "elasticsearch: down"
  localstripe_ready 2>/dev/null && say "localstripe: up" || say "localstripe: down"
  stripe_mock_ready 2>/dev/null && say "stripe-mock: up (http://127.0.0.1:$STRIPE_MOCK_PORT)" \
    || say "stripe-mock: down"
  mailpit_ready 2>/dev/null \
    && say "mailpit: up (SMTP 127.0.0.1:$MAILPIT_SMTP_PORT, inbox http://127.0.0.1:$MAILPIT_HTTP_PORT)" \
    || say "mailpit: down"
  pid_alive "$STATE/celery-worker.pid" && say "celery worker: up" || say "celery worker: down"
  pid_alive "$STATE/celery-beat.pid" && say "celery beat: up" || say "celery beat: down"
}

ALL=(postgres redis elasticsearch localstripe stripe-mock mailpit chromium fonts celery)
cmd="${1:-start}"; shift || true
targets=("$@")
for t in "${targets[@]}"; do
  declare -F "start_${t//-/_}" >/dev/null || die "unknown service '$t' (known: ${ALL[*]})"
done
case "$cmd" in
  start)
    [ ${#targets[@]} -eq 0 ] && targets=("${ALL[@]}")
    for t in "${targets[@]}"; do "start_${t//-/_}"; done ;;
  stop)  # in the reverse order of start: the worker before its broker and database
    if [ ${#targets[@]} -eq 0 ]; then
      for ((i = ${#ALL[@]} - 1; i >= 0; i--)); do targets+=("${ALL[i]}"); done
    fi
    for t in "${targets[@]}"; do "stop_${t//-/_}"; done ;;
  status) status ;;
  *) die "usage: $0 start [service...] | stop [service...] | status" ;;
esac
