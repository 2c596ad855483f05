#!/usr/bin/env bash
# The deployment on loopback, from Debian's packages: PostgreSQL, two
# instances of ./target/release/server started at the same instant, nginx in
# front of them: the site's shared cache (proxy_cache) and their balancer.
#
#   deploy/stack.sh start DIR   starts it all with DIR as its work folder
#                               (created; logs, pids, configs) and writes
#                               DIR/stack.env, which a script can source
#   deploy/stack.sh stop DIR    stops it all (whatever of it runs)
#
# deploy/run.sh wraps both for a person; deploy/test.sh for the tests.
# Ports are free ones picked at start unless set: DEPLOY_PORT (nginx, the
# site's address), DEPLOY_APP1_PORT, DEPLOY_APP2_PORT, DEPLOY_PG_PORT. The
# first administrator: DEPLOY_ADMIN_EMAIL and DEPLOY_ADMIN_PASSWORD (12+
# characters), the same for both instances.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
cmd=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Installs a Debian package when its command is missing (as root), like the
# Makefile's `apt` helper.
need() { # command package
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" != 0 ]; then
    echo "please install the Debian package '$2' (sudo apt-get install $2)" >&2
    exit 1
  fi
  echo "installing Debian's $2" >&2
  [ -n "${apt_updated:-}" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >&2
}

# Waits until URL answers 200, or fails naming WHAT; with a pid, fails as
# soon as that process has exited.
wait_ready() { # what url [pid]
  for _ in $(seq 600); do
    curl -fsS -o /dev/null --max-time 2 "$2" 2>/dev/null && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      echo "stack: $1 exited before it was ready" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "stack: $1 not ready after 60 s ($2)" >&2
  return 1
}

# Stops processes by their pid files: TERM to all, then KILL after 10 s.
stop_pids() { # pidfile…
  local f pids=()
  for f in "$@"; do
    [ -f "$f" ] && pids+=("$(cat "$f")") && rm -f "$f"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local pid alive
  for _ in $(seq 100); do
    alive=
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ -n "$alive" ] || return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# The front first (no new requests), then the instances (they finish what
# they serve), then the database.
stop() {
  stop_pids "$dir/nginx/nginx.pid"
  stop_pids "$dir/app1.pid" "$dir/app2.pid"
  SUMMIT_PG_DIR="$dir/postgres" bash .ci/postgres.sh stop
}

start() {
  local server=$root/target/release/server
  [ -x "$server" ] || { echo "stack: $server is missing: run make build first" >&2; exit 1; }
  need nginx nginx
  need envsubst gettext-base
  # PostgreSQL and nginx's workers run as Debian's accounts when we are root:
  # they must reach the work folder.
  chmod 755 "$dir"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$dir"; then
    echo "stack: the account postgres cannot reach $dir: open its parent folders (chmod o+x)" >&2
    exit 1
  fi

  local nginx_port=${DEPLOY_PORT:-$(free_port)}
  local app1_port=${DEPLOY_APP1_PORT:-$(free_port)}
  local app2_port=${DEPLOY_APP2_PORT:-$(free_port)}
  local pg_port=${DEPLOY_PG_PORT:-$(free_port)}
  local email=${DEPLOY_ADMIN_EMAIL:-admin@deploy.example}
  local password=${DEPLOY_ADMIN_PASSWORD:-deploy administrator password}
  local public=http://127.0.0.1:$nginx_port

  # PostgreSQL: .ci/postgres.sh (installs Debian's postgresql when missing),
  # on its own port and folder, so it never meets the test suite's (54329).
  local pg_url
  pg_url=$(SUMMIT_PG_PORT=$pg_port SUMMIT_PG_DIR="$dir/postgres" bash .ci/postgres.sh start)
  psql "$pg_url" -qc 'CREATE DATABASE summit'
  local database=${pg_url%/postgres}/summit

  # Both instances at the same instant: they migrate and seed once between
  # them (README, "Several instances").
  local n port
  for n in 1 2; do
    port=$app1_port; [ $n = 2 ] && port=$app2_port
    DATABASE_URL=$database LEPTOS_SITE_ADDR=127.0.0.1:$port TRUST_PROXY=1 \
      SUMMIT_PUBLIC_URL=$public SUMMIT_ADMIN_EMAIL=$email SUMMIT_ADMIN_PASSWORD=$password \
      RUST_LOG=${RUST_LOG:-warn} setsid "$server" >"$dir/app$n.log" 2>&1 &
    echo $! >"$dir/app$n.pid"
  done
  local started=$EPOCHREALTIME
  if ! wait_ready "instance 1" "http://127.0.0.1:$app1_port/readyz" "$(cat "$dir/app1.pid")" ||
    ! wait_ready "instance 2" "http://127.0.0.1:$app2_port/readyz" "$(cat "$dir/app2.pid")"; then
    for n in 1 2; do
      kill -0 "$(cat "$dir/app$n.pid")" 2>/dev/null ||
        echo "stack: instance $n exited: $(tail -n 3 "$dir/app$n.log")" >&2
    done
    exit 1
  fi
  local ready_s
  ready_s=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

  # nginx, as its own process with everything under $dir/nginx (its cache in
  # $dir/nginx/cache, which it creates for its workers' account).
  mkdir -p "$dir/nginx/logs" "$dir/nginx/temp" "$dir/nginx/site.d"
  local user
  user=$(id -un); [ "$user" = root ] && user=www-data
  # shellcheck disable=SC2016 # envsubst's list of the names it replaces
  NGINX_USER=$user NGINX_PORT=$nginx_port APP1_PORT=$app1_port APP2_PORT=$app2_port \
    NGINX_DIR=$dir/nginx envsubst '${NGINX_USER} ${NGINX_PORT} ${APP1_PORT} ${APP2_PORT} ${NGINX_DIR}' \
    <deploy/nginx.conf >"$dir/nginx/nginx.conf"
  setsid nginx -p "$dir/nginx/" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/logs/error.log" \
    >"$dir/nginx/logs/stdout.log" 2>&1 &
  wait_ready nginx "http://127.0.0.1:$nginx_port/readyz" $!

  {
    printf 'STACK_DIR=%q\n' "$dir"
    printf 'SITE=%q\n' "$public"
    printf 'NGINX_PORT=%q\n' "$nginx_port"
    printf 'APP1_PORT=%q\nAPP2_PORT=%q\n' "$app1_port" "$app2_port"
    printf 'APP1_PID=%q\nAPP2_PID=%q\n' "$(cat "$dir/app1.pid")" "$(cat "$dir/app2.pid")"
    printf 'DATABASE_URL=%q\nACCESS_LOG=%q\n' "$database" "$dir/nginx/logs/access.log"
    printf 'ADMIN_EMAIL=%q\nADMIN_PASSWORD=%q\n' "$email" "$password"
    printf 'READY_SECONDS=%q\n' "$ready_s"
  } >"$dir/stack.env"
}

case $cmd in
  start)
    # Whatever fails on the way stops what had started.
    on_exit() {
      local rc=$?
      [ $rc = 0 ] || stop
      exit $rc
    }
    trap on_exit EXIT
    start
    ;;
  stop) stop ;;
  *) usage ;;
esac
