#!/usr/bin/env bash
# The one command: the whole deployment on loopback, in the foreground, until
# Ctrl-C (or any exit), which stops it all.
#
#   deploy/run.sh              (after `make build`; as root it installs Debian's
#                              postgresql and nginx when missing)
#
# Settings (all optional): DEPLOY_PORT (the site's port, nginx; free one
# otherwise), DEPLOY_APP1_PORT, DEPLOY_APP2_PORT, DEPLOY_PG_PORT,
# DEPLOY_ADMIN_EMAIL, DEPLOY_ADMIN_PASSWORD, DEPLOY_DIR (the
# work folder: logs, configs, data; a new one in /tmp otherwise, removed at
# the end unless DEPLOY_KEEP=1). See deploy/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${DEPLOY_DIR:-$(mktemp -d /tmp/summit-deploy.XXXXXX)}
mkdir -p "$dir"
chmod 755 "$dir" # PostgreSQL and nginx's workers run as their own accounts

stopped=
stop() {
  [ -n "$stopped" ] && return
  stopped=1
  echo
  echo "stopping…"
  bash deploy/stack.sh stop "$dir"
  if [ "${DEPLOY_KEEP:-0}" = 1 ] || [ -n "${DEPLOY_DIR:-}" ]; then
    echo "logs kept in $dir"
  else
    rm -rf "$dir"
  fi
}
trap stop EXIT
trap 'exit 130' INT TERM

bash deploy/stack.sh start "$dir"
# shellcheck disable=SC1091
source "$dir/stack.env"
cat <<EOF

The Social Summit Tracker, deployed on loopback:
  site (nginx)     $SITE/   (shared cache and balancer)
  instance 1       http://127.0.0.1:$APP1_PORT/   (pid $APP1_PID, log $dir/app1.log)
  instance 2       http://127.0.0.1:$APP2_PORT/   (pid $APP2_PID, log $dir/app2.log)
  PostgreSQL       $DATABASE_URL
  administrator    $ADMIN_EMAIL / $ADMIN_PASSWORD
  cache log        $ACCESS_LOG   (cache=HIT, STALE, MISS… per request)
  work folder      $dir
Ctrl-C stops it all.
EOF

# Waits here; says so if an instance stops by itself.
while sleep 2; do
  for n in 1 2; do
    pid=APP${n}_PID
    if [ -n "${!pid}" ] && ! kill -0 "${!pid}" 2>/dev/null; then
      echo "instance $n has stopped: $(tail -n 1 "$dir/app$n.log")" >&2
      printf -v "$pid" '%s' ""
    fi
  done
done
