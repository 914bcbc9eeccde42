#!/usr/bin/env bash
# Start a throwaway PostgreSQL on loopback for the storage tests; prints the URL to use.
# Installs the server with apt-get when the machine has none.
set -euo pipefail

find_pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/pg_ctl" ]; then echo "$found"; fi
}

PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ]; then
  echo "installing PostgreSQL with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  PG_BIN=$(find_pg_bin)
fi

PG_DATA=$(mktemp -d /tmp/pmm-pg.XXXXXX)
# A free port unless one is asked for: a fixed one fails whenever another server (another
# run's, still stopping) holds it.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
PG_PORT=${PMM_PG_PORT:-$(free_port)}
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root; the package creates a postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --home "$PG_DATA" postgres
  chown -R postgres "$PG_DATA"
  RUN_AS=(runuser -u postgres --)
fi
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DATA -c fsync=off" start >&2
# Where the caller finds the data directory to stop the server (one file per run, so that
# two runs on one machine never stop each other's server).
echo "$PG_DATA" > "${PMM_PG_STATE:-/tmp/pmm-pg.datadir}"
echo "postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
