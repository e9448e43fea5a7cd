#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL cluster from Debian's postgresql package
# for the server tests, on 127.0.0.1:55432, and prints the URL to export as
# XUNLIAN_TEST_DATABASE_URL.   Usage: build/test-postgres.sh start|halt|stop
# XUNLIAN_PG_DIR and XUNLIAN_PG_PORT give a test a cluster of its own (one it may restart
# or disturb without touching the suites that share the default one).
set -euo pipefail
DIR=${XUNLIAN_PG_DIR:-/tmp/xunlian-test-pg}
PORT=${XUNLIAN_PG_PORT:-55432}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found: apt-get install postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
case "${1:-}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR" && [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "$BIN/initdb" -D "$DIR" -U xunlian -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    fi
    echo "postgres://xunlian@127.0.0.1:$PORT/postgres"
    ;;
  halt)
    # Stops the cluster and keeps its data: 'start' brings it back (a restart with a pause between).
    as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null
    ;;
  stop)
    [ -f "$DIR/PG_VERSION" ] && as_pg "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|halt|stop" >&2; exit 2 ;;
esac
