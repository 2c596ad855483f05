#!/usr/bin/env bash
# Checks every page type in the six languages with the Nu Html Checker
# (vnu-jar from npm, run by Java), against the release build on a free port
# with a throw-away database: anonymous pages, and the account and
# administration pages signed in. Fails on any error but the framework's own
# hydration markers (`<!>`, "Bogus comment"), which Leptos writes around
# dynamic parts and which no option turns off.
#
#   bash end2end/html/run.sh        (make html; after make build)
set -euo pipefail
cd "$(dirname "$0")/../.."

server=${HTML_SERVER:-./target/release/server}
vnu=end2end/node_modules/vnu-jar/build/dist/vnu.jar
[ -x "$server" ] || { echo "html: $server is missing: run make build first" >&2; exit 1; }
[ -f "$vnu" ] || { echo "html: $vnu is missing: run make node-tools" >&2; exit 1; }

tmp=$(mktemp -d /tmp/summit-html.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

DATABASE_URL="sqlite://$tmp/html.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  SUMMIT_ADMIN_EMAIL=admin@html.example SUMMIT_ADMIN_PASSWORD='html checker password' \
  RUST_LOG=error "$server" >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 150); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  sleep 0.2
done

jar="$tmp/cookies"
curl -fsS -o /dev/null -c "$jar" -H "Origin: $base" -H 'Accept: application/json' \
  --data-urlencode lang=en --data-urlencode email=admin@html.example \
  --data-urlencode 'password=html checker password' "$base/api/sign-in"

mkdir -p "$tmp/pages"
n=0
for lang in ar zh en fr ru es; do
  for path in "" milestones tracker "tracker?region=africa&kind=national-strategy" \
    "tracker?at=2026-03-01" "?at=2026-03-01" "countries/KEN?at=2026-03-01" \
    regions/africa regions/arab-states countries/KEN countries/FRA countries/XXX \
    sign-in embed embed/map "embed/map?view=progress" embed/countdown embed/regions/asia-pacific \
    no-such-page; do
    n=$((n + 1))
    curl -sS -o "$tmp/pages/$n-$lang.html" "$base/$lang/$path"
  done
  for path in account admin; do
    n=$((n + 1))
    curl -sS -b "$jar" -o "$tmp/pages/$n-$lang-signed-in.html" "$base/$lang/$path"
  done
done

echo "html: checking $n pages with the Nu Html Checker"
java -jar "$vnu" --errors-only --format gnu "$tmp"/pages/*.html 2>"$tmp/report" || true
if grep -v 'Bogus comment' "$tmp/report" | grep -q .; then
  grep -v 'Bogus comment' "$tmp/report" | sed "s|$tmp/pages/||" | head -40 >&2
  echo "html: FAILED" >&2
  exit 1
fi
echo "html: passed ($(grep -c 'Bogus comment' "$tmp/report" || true) hydration markers ignored)"
