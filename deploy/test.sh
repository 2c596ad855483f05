#!/usr/bin/env bash
# `make deploy-test`: the deployment of deploy/ tested as it runs (after
# `make build`). Starts it with deploy/stack.sh on free loopback ports,
# checks, prints the numbers, stops it all, and exits non-zero on any failure:
#   0. nginx accepts deploy/nginx.conf as stack.sh fills it in (nginx -t)
#   a. the two instances start together and both stay up
#   b. an edit through one instance shows through the front cache within 10 s
#   c. a signed-in page is never stored; anonymous pages are (HIT on repeat),
#      one copy per Cookie header (Vary); `/` never, nor held up under load
#   d. an instance killed (-9) under load through nginx costs clients nothing
#   e. with no instance left, nginx still serves what it holds (stale-if-error)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/summit-deploy-test.XXXXXX)
chmod 755 "$work" # PostgreSQL and nginx's workers run as their own accounts
load_pid=
# shellcheck disable=SC2317 # run by the EXIT trap
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
# "STATUS X-CACHE" of a GET through the front (extra curl options after
# PATH); X-Cache is "-" when nginx sent none (not looked up).
answer() { # path [curl options…]
  local path=$1; shift
  curl -sS -o /dev/null -D - "$@" "$SITE$path" | tr -d '\r' |
    awk -F': *' 'NR == 1 { code = $0; sub(/^HTTP\/[0-9.]+ /, "", code); sub(/ .*/, "", code) }
      tolower($1) == "x-cache" { cache = $2 } END { printf "%s %s", code, (cache == "" ? "-" : cache) }'
}
header() { # name file: the value of a header in a curl -D file
  tr -d '\r' <"$2" | awk -F': *' -v h="$1" 'tolower($1) == tolower(h) { v = $2 } END { printf "%s", v }'
}
json() { python3 -c "import json, sys; v = json.load(sys.stdin); print($1)"; }
ae='Accept-Encoding: gzip, br'

# Debian's wrk (the load in d), nginx and gettext-base (envsubst, in 0) when
# missing; stack.sh installs the rest.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
command -v envsubst >/dev/null || missing+=(gettext-base)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "please install the Debian packages: ${missing[*]}" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

echo "== 0. deploy/nginx.conf as stack.sh fills it in (nginx -t)"
# The same names stack.sh replaces, with placeholder ports and a folder of
# its own (nginx -t opens the logs and creates the cache folder).
check=$work/check/nginx
mkdir -p "$check/logs" "$check/temp" "$check/site.d"
user=$(id -un); [ "$user" = root ] && user=www-data
# shellcheck disable=SC2016 # envsubst's list of the names it replaces
NGINX_USER=$user NGINX_PORT=8080 APP1_PORT=8081 APP2_PORT=8082 NGINX_DIR=$check \
  envsubst '${NGINX_USER} ${NGINX_PORT} ${APP1_PORT} ${APP2_PORT} ${NGINX_DIR}' \
  <deploy/nginx.conf >"$check/nginx.conf"
if nginx -t -q -p "$check/" -c "$check/nginx.conf" -e "$check/logs/error.log" 2>"$work/nginx-t.log"; then
  ok "0. nginx -t accepts deploy/nginx.conf"
else
  fail "0. nginx -t refuses deploy/nginx.conf: $(cat "$work/nginx-t.log")"
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
cache_dir=$STACK_DIR/nginx/cache
echo "site $SITE (nginx: cache and balancer) → instances :$APP1_PORT and :$APP2_PORT"
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

echo "== b. an edit through instance 1, read through the front cache (bound: 10 s)"
app1=http://127.0.0.1:$APP1_PORT
token=$(python3 -c 'import json, sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2], "label": "deploy test"}))' \
  "$ADMIN_EMAIL" "$ADMIN_PASSWORD" |
  curl -sSf -H 'Content-Type: application/json' --data-binary @- "$app1/api/v1/tokens" | json 'v["token"]') ||
  fail "b. no API token for the administrator from instance 1"
action=/api/v1/countries/KEN/actions/national-strategy
version=$(curl -sSf "$app1/api/v1/countries/KEN" |
  json '[a["version"] for a in v["actions"] if a["kind"] == "national-strategy"][0]') || version=0
# Both readers through the cache first, with the headers the reads below
# send (one copy per Accept-Encoding), so that an old copy is there to age.
for path in /api/v1/countries/KEN /en/countries/KEN; do
  curl -sSf --compressed -o /dev/null "$SITE$path"
done
note="deploy check $RANDOM$RANDOM"
code=$(curl -sS -o "$work/patch.json" -w '%{http_code}' -X PATCH -H "Authorization: Bearer $token" \
  -H "If-Match: \"$version\"" -H 'Content-Type: application/json' \
  --data-binary "{\"note\": \"$note\"}" "$app1$action")
if [ "$code" != 200 ]; then
  fail "b. the edit was refused: $code $(cat "$work/patch.json")"
else
  edited=$(now)
  for path in /api/v1/countries/KEN /en/countries/KEN; do
    seen='' old=0
    while [ "$(since "$edited" | cut -d. -f1)" -lt 15 ]; do
      if curl -sS --compressed -D "$work/b.headers" "$SITE$path" | grep -qF "$note"; then
        seen=$(since "$edited")
        break
      fi
      old=$((old + 1))
      sleep 0.2
    done
    how="after $seen s ($old reads of the old copy first; the new one came as $(header X-Cache "$work/b.headers"))"
    if [ -n "$seen" ] && awk -v s="$seen" 'BEGIN { exit !(s <= 10) }'; then
      ok "b. the edit shows at $path through the front cache $how"
    else
      fail "b. the edit does not show at $path through the front cache within 10 s (${seen:-not in 15} s)"
    fi
  done
fi

echo "== c. signed in: never stored; anonymous: stored, one copy per Cookie; / never"
jar=$work/jar
curl -sS -o /dev/null -c "$jar" -H "Origin: $SITE" -H 'Accept: application/json' \
  --data-urlencode lang=en --data-urlencode "email=$ADMIN_EMAIL" \
  --data-urlencode "password=$ADMIN_PASSWORD" "$SITE/api/sign-in"
session=$(awk '$6 == "summit_session" { printf "%s=%s", $6, $7 }' "$jar")
if [ -z "$session" ]; then
  fail "c. signing in through the front cache gave no session cookie"
else
  for path in /en/ /en/account /en/countries/KEN /api/me; do
    first=$(answer "$path" -H "$ae" -H "Cookie: i18n_pref_locale=en; $session")
    second=$(answer "$path" -H "$ae" -H "Cookie: $session")
    if [ "$first, $second" = "200 BYPASS, 200 BYPASS" ]; then ok "c. signed in $path: $first, then $second"
    else fail "c. signed in $path: $first, then $second (want 200 BYPASS twice)"; fi
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
  first=$(answer "$path" -H "$ae")
  second=$(answer "$path" -H "$ae")
  case $second in
    "200 HIT")
      ok "c. anonymous $path: $first, then $second" ;;
    *)
      curl -sS -o /dev/null -D "$work/origin" "http://127.0.0.1:$APP1_PORT$path"
      cc=$(header Cache-Control "$work/origin")
      cookie=$(grep -qi '^set-cookie:' "$work/origin" && echo "with Set-Cookie" || echo "no Set-Cookie")
      fail "c. anonymous $path: $first, then $second (want 200 HIT; the origin sends Cache-Control: '${cc:-none}', $cookie)" ;;
  esac
done
# Another cookie the app does not read (Vary: Cookie): a copy of its own,
# the same answer (ETag), and the cookie-less copy stays.
for path in /en/ /fr/regions/africa; do
  curl -sS -o /dev/null -D "$work/plain" -H "$ae" "$SITE$path"
  first=$(answer "$path" -H "$ae" -H "Cookie: analytics=$RANDOM")
  curl -sS -o /dev/null -D "$work/other" -H "$ae" -H 'Cookie: analytics=1' "$SITE$path"
  curl -sS -o /dev/null -D "$work/other" -H "$ae" -H 'Cookie: analytics=1' "$SITE$path"
  again=$(answer "$path" -H "$ae")
  second="$(awk 'NR == 1 { printf "%s", $2 }' "$work/other") $(header X-Cache "$work/other")"
  tag=$(header ETag "$work/plain") other_tag=$(header ETag "$work/other")
  if [ "${first%% *}" = 200 ] && [ "$second" = "200 HIT" ] && [ "$again" = "200 HIT" ] && [ "$tag" = "$other_tag" ]; then
    ok "c. anonymous $path with a new unknown cookie: $first; a repeated one: $second (ETag $other_tag, the same); without: $again"
  else
    fail "c. anonymous $path with a new unknown cookie: $first; a repeated one: $second (ETag '$other_tag' vs '$tag'); without: $again (want 200, 200 HIT, 200 HIT)"
  fi
done
first=$(answer / -H "$ae") second=$(answer / -H "$ae")
if [ "${first#3?? }, ${second#3?? }" = "MISS, MISS" ]; then ok "c. / (the language redirect): $first, then $second"
else fail "c. / (the language redirect): $first, then $second (want a redirect, MISS twice)"; fi
# Nor does nginx hold requests for it back (a cache lock makes those that
# meet wait up to 5 s): 64 connections for 3 s.
wrk -t2 -c64 -d3s --latency --timeout 2s -H "$ae" "$SITE/" >"$work/root.txt" 2>&1 || true
read -r requests p99 errors < <(awk '
  function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; if (v ~ /m$/) return v * 60000; return v }
  / requests in / { n = $1 } /^ +99%/ { p = ms($2) }
  /Socket errors/ { gsub(",", ""); e = $4 + $6 + $8 + $10 } /Non-2xx/ { e += $NF }
  END { printf "%d %.1f %d\n", n, p, e }' "$work/root.txt")
if [ "$requests" -gt 0 ] && [ "$errors" = 0 ] && awk -v p="$p99" 'BEGIN { exit !(p < 250) }'; then
  ok "c. / under load (64 connections, 3 s): $requests requests, p99 $p99 ms, 0 errors"
else
  cat "$work/root.txt"
  fail "c. / under load (64 connections, 3 s): $requests requests, p99 $p99 ms, $errors errors (want 0 errors, p99 under 250 ms)"
fi
# What nginx stored, read from its files (each holds "KEY: <key>" and the
# origin's headers as sent): nothing private, no cookie set, no personal path,
# not `/`.
kept=$({ grep -rlaiE -e '^Cache-Control: *private' -e '^Set-Cookie:' \
  -e '^KEY: [^ ]*(/account|/api/me)' -e '^KEY: [a-z]+://[^/]+/$' "$cache_dir" || true; } | wc -l)
stored=$(find "$cache_dir" -type f | wc -l)
if [ "$kept" = 0 ] && [ "$stored" -gt 0 ]; then
  ok "c. of the $stored answers in nginx's cache folder, none is private, sets a cookie, is a personal path or /"
else
  fail "c. nginx's cache folder holds $kept answers (of $stored) that are private, set a cookie, are personal or /"
fi

echo "== d. instance 2 killed (-9) under load through nginx (64 connections, 10 s)"
# A mix of page types (deploy/mix.lua counts every answer that is not 2xx),
# each request with a session cookie (one no instance knows: the pages answer
# as to a visitor), so that nginx neither looks it up nor stores it and every
# one goes to an instance, as without a cache. (Requests at new addresses
# would do that too, but fill the cache folder past its max_size, and nginx
# would then drop the copies e needs.)
wrk -t2 -c64 -d10s --timeout 10s -H 'Cookie: summit_session=deploy-test-load' \
  -s deploy/mix.lua "$SITE" -- \
  /en/ /ar/ /fr/regions/africa /en/countries/KEN /es/tracker \
  "/en/tracker?region=asia-pacific" /zh/milestones /ru/embed/map /api/v1/tracker.json \
  >"$work/wrk.txt" 2>&1 &
load_pid=$!
sleep 4
kill -9 "$APP2_PID"
wait "$load_pid" || true
load_pid=
read -r requests non2xx errors < <(awk '/^RESULT/ { print $2, $3, $4 }' "$work/wrk.txt")
echo "$requests requests, $non2xx not 2xx, $errors socket errors (instance 2 killed at 4 s); cache folder $(du -sh "$cache_dir" | cut -f1)"
if [ -n "$requests" ] && [ "$requests" -gt 0 ] && [ "$non2xx" = 0 ] && [ "$errors" = 0 ]; then
  ok "d. instance killed under load: $requests requests, 0 errors"
else
  cat "$work/wrk.txt"
  fail "d. instance killed under load: ${requests:-?} requests, ${non2xx:-?} not 2xx, ${errors:-?} socket errors"
fi

echo "== e. no instance left: nginx serves what it holds (stale-if-error)"
kill -9 "$APP1_PID"
# The copies stored in c are older than s-maxage + stale-while-revalidate
# (8 s) by now: only stale-if-error allows them.
for path in /en/ /fr/regions/africa; do
  code=$(curl -sS -o /dev/null -w '%{http_code} ' -D "$work/headers" -H "$ae" "$SITE$path")
  code+=$(header X-Cache "$work/headers")
  if [ "$code" = "200 STALE" ]; then ok "e. $path with no instance: $code"
  else fail "e. $path with no instance: $code (want 200 STALE from the cache)"; fi
done
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$ae" "$SITE/en/?never=stored")
echo "an address never stored, with no instance: $code"

finish
