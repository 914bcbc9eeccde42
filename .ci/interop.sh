#!/usr/bin/env bash
# The calendar parsers tests/interop runs the feed through: Node.js with Mozilla's ical.js
# (from the npm registry, pinned by tests/interop/js/package-lock.json) and libical's
# GObject bindings for the system Python. Installs what the machine lacks with apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
/usr/bin/python3 -c "import gi; gi.require_version('ICalGLib', '3.0')" >/dev/null 2>&1 ||
  need+=(python3-gi gir1.2-ical-3.0)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2
fi
npm ci --prefix tests/interop/js --no-audit --no-fund --loglevel=error >&2
