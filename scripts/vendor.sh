#!/usr/bin/env bash
# Refreshes the front-end libraries the project serves itself (no CDN) from the npm registry into
# marketplace/static/vendor/<lib>/: the files a page loads, the package's licence, and a README
# with the version, the licence and the package's integrity hash. The files are committed, so the
# demo and the tests need neither npm nor a network; run this only to change a version, then
# review the diff and commit it.
#
#   scripts/vendor.sh            # every library at the version pinned below
#   scripts/vendor.sh leaflet    # one library
#
# Each file is copied as npm serves it (byte for byte); a source map that a script names is
# copied too, so Django's manifest storage (collectstatic) finds every file it references.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="$ROOT/marketplace/static/vendor"

say() { printf '[vendor] %s\n' "$*"; }
die() { printf '[vendor] ERROR: %s\n' "$*" >&2; exit 1; }

# <folder> <npm package> <version> <why we serve it>
LIBS=(
  "chartjs|chart.js|4.6.1|Charts of the merchant's sales and redemptions over time."
  "leaflet|leaflet|1.9.4|Maps: the merchant drags a pin to place a store; buyers see stores on a map."
  "axe-core|axe-core|4.14.1|Accessibility checks that the browser tests run on the main pages."
  "jsqr|jsqr|1.4.0|Decoding voucher QR codes where BarcodeDetector is missing."
)
# <folder>: "<file in the package>[=<name in the folder>]" ...
files_of() {
  case "$1" in
    chartjs) echo "dist/chart.umd.min.js=chart.umd.min.js dist/chart.umd.min.js.map=chart.umd.min.js.map \
LICENSE.md=LICENSE" ;;
    # leaflet.css finds its images in images/ beside it.
    leaflet) echo "dist/leaflet.js=leaflet.js dist/leaflet.js.map=leaflet.js.map dist/leaflet.css=leaflet.css \
dist/images/layers.png=images/layers.png dist/images/layers-2x.png=images/layers-2x.png \
dist/images/marker-icon.png=images/marker-icon.png \
dist/images/marker-icon-2x.png=images/marker-icon-2x.png \
dist/images/marker-shadow.png=images/marker-shadow.png LICENSE" ;;
    axe-core) echo "axe.min.js LICENSE LICENSE-3RD-PARTY.txt" ;;
    jsqr) echo "dist/jsQR.js=jsQR.js LICENSE" ;;
    *) die "no file list for $1" ;;
  esac
}

command -v npm >/dev/null 2>&1 || die "npm is needed to refresh the vendored libraries (apt-get install npm)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

vendor_one() {  # vendor_one "<folder>|<package>|<version>|<why>"
  local folder package version why pack tarball integrity license dest spec from to
  IFS='|' read -r folder package version why <<<"$1"
  say "$package@$version -> marketplace/static/vendor/$folder/"
  mkdir -p "$WORK/$folder"
  # npm pack checks the tarball against the registry's integrity hash.
  pack="$(cd "$WORK/$folder" && npm pack --json --silent "$package@$version")" \
    || die "npm pack $package@$version failed"
  tarball="$(node -e 'console.log(JSON.parse(process.argv[1])[0].filename)' "$pack")"
  integrity="$(node -e 'console.log(JSON.parse(process.argv[1])[0].integrity)' "$pack")"
  tar xzf "$WORK/$folder/$tarball" -C "$WORK/$folder"
  license="$(node -e 'console.log(require(process.argv[1]).license)' "$WORK/$folder/package/package.json")"

  dest="$VENDOR/$folder"
  rm -rf "$dest.new" && mkdir -p "$dest.new"
  local listed=()
  for spec in $(files_of "$folder"); do
    from="${spec%%=*}"; to="${spec#*=}"
    [ -f "$WORK/$folder/package/$from" ] || die "$package@$version has no $from"
    mkdir -p "$(dirname "$dest.new/$to")"
    cp "$WORK/$folder/package/$from" "$dest.new/$to"
    listed+=("\`$to\`")
  done
  {
    echo "$package $version ($license), from the npm registry: \`npm pack $package@$version\`,"
    echo "integrity $integrity."
    echo "Copied by \`scripts/vendor.sh\`, unchanged: $(IFS=,; echo "${listed[*]}" | sed 's/,/, /g')."
    echo "$why"
  } >"$dest.new/README.md"
  rm -rf "$dest" && mv "$dest.new" "$dest"
}

wanted=("$@")
found=0
for lib in "${LIBS[@]}"; do
  folder="${lib%%|*}"; rest="${lib#*|}"; package="${rest%%|*}"
  if [ ${#wanted[@]} -eq 0 ] || [[ " ${wanted[*]} " == *" $folder "* ]] || [[ " ${wanted[*]} " == *" $package "* ]]; then
    vendor_one "$lib"; found=$((found + 1))
  fi
done
[ "$found" -gt 0 ] || die "no library called ${wanted[*]} (see LIBS in $0)"
say "done: review 'git diff --stat marketplace/static/vendor' and commit"
