#!/usr/bin/env bash
# `make deploy-test`: the deployment of deploy/ tested as it runs (after
# `make build`). Starts it with deploy/stack.sh on free loopback ports,
# checks, prints the numbers, stops it all, and exits non-zero on any failure:
#   0. the VCL's rules alone (varnishtest deploy/default.vtc)
#   a. the two instances start together and both stay up
#   b. an edit through one instance shows through Varnish within 10 s
#   c. a signed-in page is never stored; anonymous pages are (HIT on repeat)
#   d. an instance killed (-9) under load through nginx costs clients nothing
#   e. with no instance left, Varnish still serves what it holds (stale-if-error)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/summit-deploy-test.XXXXXX)
chmod 755 "$work" # PostgreSQL and Varnish run as their own accounts
load_pid=
cleanup() {
  if [ -n "$load_pid" ]; then kill "$load_pid" 2>/dev/null || true; fi
  bash deploy/stack.sh stop "$work/stack" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
finish() {
  echo "deploy: $passed passed, $failed failed"
  exit $((failed > 0))
}
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
# "STATUS X-CACHE" of a GET through Varnish (extra curl options after PATH).
answer() { # path [curl options…]
  local path=$1; shift
  curl -sS -o /dev/null -D - "$@" "$SITE$path" | tr -d '\r' |
    awk -F': *' 'NR == 1 { code = $0; sub(/^HTTP\/[0-9.]+ /, "", code); sub(/ .*/, "", code) }
      tolower($1) == "x-cache" { cache = $2 } END { printf "%s %s", code, cache }'
}
json() { python3 -c "import json, sys; v = json.load(sys.stdin); print($1)"; }

# Debian's wrk (the load in d) and varnish (varnishtest in 0) when missing;
# stack.sh installs the rest.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v varnishtest >/dev/null || missing+=(varnish)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "please install the Debian packages: ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

echo "== 0. the VCL's rules (varnishtest, ~15 s)"
if varnishtest -q -t 60 deploy/default.vtc; then
  ok "0. deploy/default.vtc: stored as Cache-Control says, signed in passed, stale-if-error"
else
  fail "0. deploy/default.vtc (run: varnishtest -v deploy/default.vtc)"
fi

echo "== a. two instances on one PostgreSQL, started at the same instant"
if ! bash deploy/stack.sh start "$work/stack" 2>"$work/start.log"; then
  cat "$work/start.log"
  reason=$(grep -m1 'exited:' "$work/start.log" || tail -n 1 "$work/start.log")
  fail "a. the instances start together: ${reason#stack: }"
  finish
fi
# shellcheck disable=SC1091
source "$work/stack/stack.env"
echo "site $SITE (Varnish) → nginx 127.0.0.1:$NGINX_PORT → instances :$APP1_PORT and :$APP2_PORT"
sleep 2
up=0
for n in 1 2; do
  port=APP${n}_PORT pid=APP${n}_PID
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${!port}/readyz")
  if kill -0 "${!pid}" 2>/dev/null && [ "$code" = 200 ]; then up=$((up + 1)); fi
done
if [ "$up" = 2 ]; then
  ok "a. both instances ready ${READY_SECONDS} s after their common start, both still up 2 s later"
else
  fail "a. $up of 2 instances up and ready: $(tail -n 2 "$STACK_DIR"/app*.log)"
fi

echo "== b. an edit through instance 1, read through Varnish (bound: 10 s)"
app1=http://127.0.0.1:$APP1_PORT
token=$(python3 -c 'import json, sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2], "label": "deploy test"}))' \
  "$ADMIN_EMAIL" "$ADMIN_PASSWORD" |
  curl -sSf -H 'Content-Type: application/json' --data-binary @- "$app1/api/v1/tokens" | json 'v["token"]') ||
  fail "b. no API token for the administrator from instance 1"
action=/api/v1/countries/KEN/actions/national-strategy
version=$(curl -sSf "$app1/api/v1/countries/KEN" |
  json '[a["version"] for a in v["actions"] if a["kind"] == "national-strategy"][0]') || version=0
# Both readers through the cache first, so that an old copy is there to age.
curl -sSf -o /dev/null "$SITE/api/v1/countries/KEN"
curl -sSf -o /dev/null "$SITE/en/countries/KEN"
note="deploy check $RANDOM$RANDOM"
code=$(curl -sS -o "$work/patch.json" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $token" \
  -H "If-Match: \"$version\"" -H 'Content-Type: application/json' \
  --data-binary "{\"note\": \"$note\"}" "$app1$action")
if [ "$code" != 200 ]; then
  fail "b. the edit was refused: $code $(cat "$work/patch.json")"
else
  edited=$(now)
  for path in /api/v1/countries/KEN /en/countries/KEN; do
    seen=
    while [ "$(since "$edited" | cut -d. -f1)" -lt 15 ]; do
      if curl -sS --compressed "$SITE$path" | grep -qF "$note"; then seen=$(since "$edited"); break; fi
      sleep 0.2
    done
    if [ -n "$seen" ] && awk -v s="$seen" 'BEGIN { exit !(s <= 10) }'; then
      ok "b. the edit shows at $path through Varnish after $seen s"
    else
      fail "b. the edit does not show at $path through Varnish within 10 s (${seen:-not in 15} s)"
    fi
  done
fi

echo "== c. signed in: never stored; anonymous: stored"
jar=$work/jar
curl -sS -o /dev/null -c "$jar" -H "Origin: $SITE" -H 'Accept: application/json' \
  --data-urlencode lang=en --data-urlencode "email=$ADMIN_EMAIL" \
  --data-urlencode "password=$ADMIN_PASSWORD" "$SITE/api/sign-in"
session=$(awk '$6 == "summit_session" { printf "%s=%s", $6, $7 }' "$jar")
if [ -z "$session" ]; then
  fail "c. signing in through Varnish gave no session cookie"
else
  for path in /en/ /en/account /en/countries/KEN /api/me; do
    first=$(answer "$path" -H "Cookie: i18n_pref_locale=en; $session")
    second=$(answer "$path" -H "Cookie: $session")
    if [ "$first, $second" = "200 PASS, 200 PASS" ]; then ok "c. signed in $path: $first, then $second"
    else fail "c. signed in $path: $first, then $second (want 200 PASS twice)"; fi
  done
  # Signed in, the header's account link carries data-account and the account
  # page has the e-mail address and "Sign out"; an anonymous page none of them.
  curl -sS --compressed -H "Cookie: $session" "$SITE/en/" >"$work/signed-in.html"
  curl -sS --compressed -H "Cookie: $session" "$SITE/en/account" >>"$work/signed-in.html"
  for mark in 'data-account=' "$ADMIN_EMAIL" 'Sign out'; do
    grep -qF -e "$mark" "$work/signed-in.html" || fail "c. signed-in pages lack '$mark' (the check below would prove nothing)"
  done
  for path in /en/ /en/countries/KEN /en/account; do
    curl -sS --compressed -L "$SITE$path" >"$work/anonymous.html"
    if grep -qF -e 'data-account=' -e "$ADMIN_EMAIL" -e 'Sign out' "$work/anonymous.html"; then
      fail "c. an anonymous $path right after shows the signed-in page"
    else
      ok "c. an anonymous $path right after shows no account link, e-mail or 'Sign out'"
    fi
  done
fi
for path in /en/ /fr/regions/africa /en/countries/KEN /en/tracker /api/v1/tracker.json; do
  first=$(answer "$path" -H 'Accept-Encoding: gzip, br' -H 'Cookie: i18n_pref_locale=fr')
  second=$(answer "$path" -H 'Accept-Encoding: gzip, br')
  case $second in
    "200 HIT"*) ok "c. anonymous $path: $first, then $second" ;;
    *)
      curl -sS -o /dev/null -D "$work/origin" "http://127.0.0.1:$APP1_PORT$path"
      cc=$(tr -d '\r' <"$work/origin" | awk -F': *' 'tolower($1) == "cache-control" { printf "%s", $2 }')
      cookie=$(grep -qi '^set-cookie:' "$work/origin" && echo "with Set-Cookie" || echo "no Set-Cookie")
      fail "c. anonymous $path: $first, then $second (want 200 HIT; the origin sends Cache-Control: '${cc:-none}', $cookie)" ;;
  esac
done

echo "== d. instance 2 killed (-9) under load through nginx (64 connections, 10 s)"
# A mix of page types (deploy/mix.lua counts every answer that is not 2xx).
wrk -t2 -c64 -d10s --timeout 10s -s deploy/mix.lua "http://127.0.0.1:$NGINX_PORT" -- \
  /en/ /ar/ /fr/regions/africa /en/countries/KEN /es/tracker \
  "/en/tracker?region=asia-pacific" /zh/milestones /ru/embed/map /api/v1/tracker.json \
  >"$work/wrk.txt" 2>&1 &
load_pid=$!
sleep 4
kill -9 "$APP2_PID"
wait "$load_pid" || true
load_pid=
read -r requests non2xx errors < <(awk '/^RESULT/ { print $2, $3, $4 }' "$work/wrk.txt")
echo "$requests requests, $non2xx not 2xx, $errors socket errors (instance 2 killed at 4 s)"
if [ -n "$requests" ] && [ "$requests" -gt 0 ] && [ "$non2xx" = 0 ] && [ "$errors" = 0 ]; then
  ok "d. instance killed under load: $requests requests, 0 errors"
else
  cat "$work/wrk.txt"
  fail "d. instance killed under load: ${requests:-?} requests, ${non2xx:-?} not 2xx, ${errors:-?} socket errors"
fi

echo "== e. no instance left: Varnish serves what it holds (stale-if-error)"
kill -9 "$APP1_PID"
for _ in $(seq 100); do
  varnishadm -n "$VARNISH_NAME" backend.list 2>/dev/null | grep -q sick && break
  sleep 0.1
done
health=$(varnishadm -n "$VARNISH_NAME" backend.list 2>/dev/null | awk '/nginx/ { print $3, $4 }')
for path in /en/ /fr/regions/africa; do
  code=$(curl -sS -o /dev/null -w '%{http_code} ' -D "$work/headers" "$SITE$path")
  code+=$(awk -F': *' 'tolower($1) == "x-cache" { printf "%s", $2 }' "$work/headers" | tr -d '\r')
  if [ "${code%% *}" = 200 ]; then ok "e. $path with the backend $health: $code"
  else fail "e. $path with the backend $health: $code (want 200 from the cache)"; fi
done

finish
