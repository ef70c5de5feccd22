#!/usr/bin/env bash
# Builds our Elasticsearch stable analysis plugin (English and Portuguese stemming, CJK bigrams,
# edge n-grams, ...) with plain javac against the jars of the Elasticsearch install, and installs
# it into its plugins/ folder. The integ-test distribution we run has no analysis-common module
# (nor ICU or smartcn); this plugin supplies the parts the deal index needs under mp_* names,
# from the Lucene classes in the distribution's lib/ (see src/marketplace/analysis/), plus
# Lucene's smartcn jar of the same Lucene version, fetched from Maven Central into the plugin.
#
#   scripts/es-plugin/install.sh <ES_HOME>
#
# Idempotent: does nothing when the installed plugin was built from the same sources for the same
# Elasticsearch version (a sha256 stamp in the plugin folder). Elasticsearch only loads plugins at
# boot: restart it after a (re)install.
set -euo pipefail

ES_HOME="${1:?usage: $0 <ES_HOME>}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NAME="marketplace-analysis"
# Bump it when the components change: scripts/services.sh compares it with the running node's.
PLUGIN_VERSION="1.1.0"
DEST="$ES_HOME/plugins/$NAME"
STAMP_FILE="build.sha256"

say() { printf '[es-plugin] %s\n' "$*"; }
die() { printf '[es-plugin] ERROR: %s\n' "$*" >&2; exit 1; }

LIB="$ES_HOME/lib"
[ -d "$LIB" ] || die "no Elasticsearch lib folder at $LIB"
lib_jar() {  # lib_jar <artifact>: path of $LIB/<artifact>-<version>.jar, empty if absent
  local matches=("$LIB/$1"-[0-9]*.jar)
  [ -f "${matches[0]}" ] && echo "${matches[0]}"
}
es_jar="$(lib_jar elasticsearch)" || true
[ -n "$es_jar" ] || die "cannot find the Elasticsearch server jar in $LIB"
ES_VERSION="$(basename "$es_jar" .jar)"; ES_VERSION="${ES_VERSION#elasticsearch-}"

# Compile against the stable plugin API and Lucene only, so we never depend on server internals.
CLASSPATH_JARS=()
for artifact in elasticsearch-plugin-api elasticsearch-plugin-analysis-api \
  lucene-core lucene-analysis-common; do
  jar_path="$(lib_jar "$artifact")" || die "$LIB has no $artifact jar"
  CLASSPATH_JARS+=("$jar_path")
done
LUCENE_VERSION="$(basename "$(lib_jar lucene-core)" .jar)"; LUCENE_VERSION="${LUCENE_VERSION#lucene-core-}"
SMARTCN="lucene-analysis-smartcn-$LUCENE_VERSION.jar"

# The stamp covers every build input: our sources, this script and the target Elasticsearch.
source_hash() {
  (
    cd "$HERE"
    echo "elasticsearch $ES_VERSION"
    find src tools install.sh -type f | LC_ALL=C sort | xargs sha256sum
  ) | sha256sum | cut -d' ' -f1
}
HASH="$(source_hash)"

if [ -f "$DEST/$STAMP_FILE" ] && [ "$(cat "$DEST/$STAMP_FILE")" = "$HASH" ] \
  && [ -f "$DEST/stable-plugin-descriptor.properties" ] && [ -f "$DEST/named_components.json" ] \
  && [ -f "$DEST/$NAME-$PLUGIN_VERSION.jar" ] && [ -f "$DEST/$SMARTCN" ]; then
  say "$NAME is up to date in $DEST (sources $HASH)"
  exit 0
fi

BUILD="$(mktemp -d)"
trap 'rm -rf "$BUILD"' EXIT
mkdir -p "$BUILD/classes" "$BUILD/plugin"
# smartcn is compiled for one Lucene version: take the node's, exactly.
say "fetching $SMARTCN (Maven Central)"
command -v mvn >/dev/null 2>&1 || die "no mvn to fetch $SMARTCN: install maven"
mvn -q -B dependency:copy -Dartifact="org.apache.lucene:lucene-analysis-smartcn:$LUCENE_VERSION" \
  -DoutputDirectory="$BUILD/plugin" || die "could not fetch $SMARTCN with Maven"
CLASSPATH_JARS+=("$BUILD/plugin/$SMARTCN")
COMPILE_CP="$(IFS=:; echo "${CLASSPATH_JARS[*]}")"

find_jdk_bin() {
  local home
  for home in "${ES_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
    if [ -n "$home" ] && [ -x "$home/bin/javac" ]; then echo "$home/bin"; return 0; fi
  done
  command -v javac >/dev/null 2>&1 || return 1
  dirname "$(readlink -f "$(command -v javac)")"
}
JDK_BIN="$(find_jdk_bin)" || die "no javac found: install a JDK 17+ (e.g. openjdk-17-jdk-headless)"

say "compiling $NAME $PLUGIN_VERSION for Elasticsearch $ES_VERSION with $JDK_BIN/javac"
mapfile -t SOURCES < <(find "$HERE/src" -name '*.java' | LC_ALL=C sort)
[ ${#SOURCES[@]} -gt 0 ] || die "no Java sources under $HERE/src"
"$JDK_BIN/javac" --release 17 -encoding UTF-8 -proc:none -Xlint:all,-processing -d "$BUILD/classes" \
  -cp "$COMPILE_CP" "${SOURCES[@]}"

"$JDK_BIN/java" -cp "$BUILD/classes:$COMPILE_CP" "$HERE/tools/NamedComponentsWriter.java" \
  "$BUILD/classes" "$BUILD/plugin/named_components.json"
"$JDK_BIN/jar" --create --file "$BUILD/plugin/$NAME-$PLUGIN_VERSION.jar" -C "$BUILD/classes" .
cat >"$BUILD/plugin/stable-plugin-descriptor.properties" <<EOF
description=Marketplace analysis: English and Portuguese stop/stemmer, CJK width/bigrams, smartcn, ASCII folding, edge n-grams (mp_* names)
version=$PLUGIN_VERSION
name=$NAME
elasticsearch.version=$ES_VERSION
java.version=17
EOF

# Replace the installed copy; the stamp goes in last so an interrupted install rebuilds next time.
rm -rf "$DEST"
mkdir -p "$ES_HOME/plugins"
cp -r "$BUILD/plugin" "$DEST"
chmod -R u+rwX,go+rX "$DEST"
echo "$HASH" >"$DEST/$STAMP_FILE"
if [ "$(id -u)" = 0 ]; then chown -R --reference="$ES_HOME/plugins" "$DEST"; fi
say "installed $NAME into $DEST; components:"
sed 's/^/[es-plugin]   /' "$DEST/named_components.json"
say "restart Elasticsearch to load it"
