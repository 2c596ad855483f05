#!/usr/bin/env bash
# A throw-away PostgreSQL server for the test suite: Debian's `postgresql`
# (installed when missing), its own data folder and port, listening on
# 127.0.0.1 only, trust authentication. Never use these settings for real data.
#
#   .ci/postgres.sh start   prints the URL to put in SUMMIT_TEST_POSTGRES
#   .ci/postgres.sh stop
set -euo pipefail
port=${SUMMIT_PG_PORT:-54329}
dir=${SUMMIT_PG_DIR:-/tmp/summit-test-postgres}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin=$(find_bin)
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "please install the Debian package 'postgresql' (sudo apt-get install postgresql)" >&2
    exit 1
  fi
  echo "installing Debian's postgresql" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

# PostgreSQL refuses to run as root: then it runs as the account Debian's package creates.
as=()
if [ "$(id -u)" = 0 ]; then as=(runuser -u postgres --); fi

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

case "${1:-}" in
  start)
    stop
    rm -rf "$dir"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # fsync off: the data is thrown away after the run; the crash test kills
    # our server, never PostgreSQL.
    "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" \
      start >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    stop
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
