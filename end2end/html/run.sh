#!/usr/bin/env bash
# Checks every page type in the six languages with the Nu Html Checker
# (vnu-jar from npm, run by Java), against the release build on a free port
# with a throw-away database: anonymous pages, and the account and
# administration pages signed in. Fails on any error but the checker's known
# gaps listed below.
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

# An identity provider and a mail server are configured (neither is reached
# by these pages), so the sign-in page shows its provider button and its
# "forgot your password" link.
DATABASE_URL="sqlite://$tmp/html.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  SUMMIT_ADMIN_EMAIL=admin@html.example SUMMIT_ADMIN_PASSWORD='html checker password' \
  SUMMIT_PUBLIC_URL="$base" SUMMIT_OIDC_PROVIDERS=unhq \
  SUMMIT_OIDC_UNHQ_ISSUER=https://login.example.org/tenant/v2.0 SUMMIT_OIDC_UNHQ_CLIENT_ID=html \
  SUMMIT_OIDC_UNHQ_CLIENT_SECRET=html SUMMIT_OIDC_UNHQ_NAME='UN Secretariat' \
  SUMMIT_SMTP_URL=smtp://127.0.0.1:9 SUMMIT_MAIL_FROM='Tracker <noreply@html.example>' \
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
    spreadsheets countries/KEN/brief "regions/africa/brief?from=2026-01-01&at=2026-06-30" \
    sign-in "sign-in?failed=awaiting-approval" password-reset "password-reset?sent=1" \
    "set-password?token=expired" embed embed/map "embed/map?view=progress" embed/countdown embed/regions/asia-pacific \
    no-such-page; do
    n=$((n + 1))
    curl -sS -o "$tmp/pages/$n-$lang.html" "$base/$lang/$path"
  done
  for path in account admin spreadsheets; do
    n=$((n + 1))
    curl -sS -b "$jar" -o "$tmp/pages/$n-$lang-signed-in.html" "$base/$lang/$path"
  done
done

# A page with one known error, so that a checker which reports nothing (or a
# filter that hides everything) fails the run instead of passing it.
printf '<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><figure><figcaption>c</figcaption><p>p</p><figcaption>c</figcaption></figure></body></html>' \
  >"$tmp/pages/canary.html"

echo "html: checking $n pages with the Nu Html Checker"
java -jar "$vnu" --errors-only --format gnu "$tmp"/pages/*.html 2>"$tmp/report" || true

# What the checker gets wrong, not the pages:
# - "Bogus comment": Leptos' hydration markers (`<!>`).
# - "@view-transition": the checker's CSS grammar predates CSS View
#   Transitions Level 2, which the browsers we serve implement; the rule is the
#   pages' transition opt-in (app/src/transitions.rs).
# Counted with `grep -c`/`$(...)`, never `grep | grep -q`: under pipefail a
# `grep -q` that stops early kills the writer with SIGPIPE, and the failed
# pipeline read as "no errors".
ignored='Bogus comment|CSS: Unrecognized at-rule “@view-transition”'
if ! grep -q 'canary.html' "$tmp/report"; then
  echo "html: the checker did not report the canary page's error; its output:" >&2
  head -20 "$tmp/report" >&2
  exit 1
fi
errors=$(grep -v 'canary.html' "$tmp/report" | grep -Ev "$ignored" || true)
if [ -n "$errors" ]; then
  printf '%s\n' "$errors" | sed "s|$tmp/pages/||" | head -40 >&2
  echo "html: FAILED ($(printf '%s\n' "$errors" | wc -l) errors)" >&2
  exit 1
fi
echo "html: passed ($(grep -c 'Bogus comment' "$tmp/report" || true) hydration markers ignored)"
