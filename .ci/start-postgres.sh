#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite on 127.0.0.1:${LW_PG_PORT:-54329}, trust auth.
# Installs Debian's postgresql first when the machine has none. Prints the admin URL on its last line.
set -euo pipefail
port="${LW_PG_PORT:-54329}"
data="${LW_PG_DATA:-/tmp/laborwatch-pg-$port}"
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "installing postgresql with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
run_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
if run_pg "$bindir/pg_ctl -D $data status" >/dev/null 2>&1; then
  echo "postgresql already running in $data" >&2
else
  rm -rf "$data"; mkdir -p "$data"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data"
  run_pg "$bindir/initdb -D $data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  run_pg "$bindir/pg_ctl -D $data -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' -l $data/server.log -w start" >&2
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
