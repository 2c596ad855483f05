#!/usr/bin/env bash
# The documented front cache measured (called by bench.sh; runnable alone,
# after `make build`): the deployment of deploy/ (PostgreSQL, two instances,
# nginx, Varnish on loopback, deploy/stack.sh) at 64 connections, 10 s a run.
#   1. nginx serving the bytes a client gets for /en/ from disk (static)
#   2. anonymous pages through Varnish: every page type in the six languages
#      and the public API, in turn; requests/s and the ratio to 1
#   3. the app alone: the same pages straight to one instance, each request
#      at a new address (deploy/mix.lua --unique); the ratio to 1
#   4. Varnish's hit ratio over run 2 (varnishstat: cache_hit / (cache_hit +
#      cache_miss); cache_miss includes cache_hitmiss, lookups that met a
#      "hit-for-miss" marker: a response Varnish may not store)
# Both send `Accept-Encoding: gzip, br`; the static file is what Varnish sent
# for that header (its encoding and bytes), served with the same encoding.
# Prints a Markdown section on standard output; progress on standard error.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v wrk >/dev/null || { echo "front-cache: wrk is missing (Debian's wrk; make bench installs it)" >&2; exit 1; }
work=$(mktemp -d /tmp/summit-front-cache.XXXXXX)
chmod 755 "$work" # PostgreSQL, nginx and Varnish run as their own accounts
cleanup() {
  bash deploy/stack.sh stop "$work/stack" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "front-cache: starting the deployment (deploy/stack.sh)" >&2
bash deploy/stack.sh start "$work/stack" >&2
# shellcheck disable=SC1091
source "$work/stack/stack.env"
nginx=http://127.0.0.1:$NGINX_PORT
ae='Accept-Encoding: gzip, br'

# 1. The bytes and encoding a client gets for /en/ through Varnish, as a file
#    nginx serves as it is (deploy/nginx.conf includes site.d/*.conf).
static=$STACK_DIR/nginx/static
mkdir -p "$static"
curl -sSf -H "$ae" -D "$work/en.headers" -o "$static/en.html" "$SITE/en/"
encoding=$(awk -F': *' 'tolower($1) == "content-encoding" { printf "%s", $2 }' "$work/en.headers" | tr -d '\r')
chmod -R a+rX "$static"
cat >"$STACK_DIR/nginx/site.d/static.conf" <<EOF
location = /static/en.html {
    root $STACK_DIR/nginx;
    types { }
    default_type "text/html; charset=utf-8";
    ${encoding:+add_header Content-Encoding $encoding;}
    add_header Vary Accept-Encoding;
}
EOF
kill -HUP "$(cat "$STACK_DIR/nginx/nginx.pid")"
sleep 1
size=$(stat -c %s "$static/en.html")
if ! curl -sSf -H "$ae" "$nginx/static/en.html" | cmp -s - "$static/en.html"; then
  echo "front-cache: nginx does not serve the file as it is" >&2
  exit 1
fi

# 2. Every page type in the six languages, and the public API; those that do
#    not answer 200 are left out (and listed).
pages=()
skipped=()
for lang in ar zh en fr ru es; do
  for path in "" regions/africa regions/arab-states countries/KEN countries/BRA tracker \
    "tracker?region=asia-pacific" milestones embed embed/map embed/countdown embed/regions/asia-pacific; do
    pages+=("/$lang/$path")
  done
done
pages+=(/api/v1/tracker.json /api/v1/countries/KEN /api/v1/regions /api/v1/milestones)
mix=()
kept=0
for page in "${pages[@]}"; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H "$ae" "$SITE$page")
  if [ "$code" = 200 ]; then mix+=("$page"); kept=$((kept + 1)); else skipped+=("$page ($code)"); fi
done

load() { # url [paths for deploy/mix.lua…] -> "rps p50 p99 errors"
  local url=$1; shift
  local script=()
  if [ $# -gt 0 ]; then script=(-s deploy/mix.lua "$url" -- "$@"); else script=("$url"); fi
  wrk -t2 -c64 -d10s --latency -H "$ae" "${script[@]}" >"$work/wrk.txt" 2>&1
  # wrk's own "Non-2xx" line counts 4xx and 5xx only; the mix's script
  # counts every answer but 2xx (RESULT), and then replaces it.
  awk '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { wrk_bad = $NF }
    /^RESULT/ { lua_bad = $3; lua = 1 }
    /Socket errors/ { gsub(",", ""); socket = $4 + $6 + $8 + $10 }
    END { printf "%s %s %s %d", rps, p50, p99, socket + (lua ? lua_bad : wrk_bad) }' "$work/wrk.txt"
}
counter() { varnishstat -n "$VARNISH_NAME" -1 -f "MAIN.$1" | awk '{ print $2 }'; }

echo "front-cache: static /en/ from nginx, 64 connections, 10 s" >&2
read -r s_rps s_p50 s_p99 s_err <<<"$(load "$nginx/static/en.html")"
hit0=$(counter cache_hit) miss0=$(counter cache_miss) hitmiss0=$(counter cache_hitmiss) pass0=$(counter s_pass)
echo "front-cache: $kept pages through Varnish, 64 connections, 10 s" >&2
read -r v_rps v_p50 v_p99 v_err <<<"$(load "$SITE" "${mix[@]}")"
sleep 2 # Varnish adds its workers' counters up now and then
hit=$(($(counter cache_hit) - hit0)) miss=$(($(counter cache_miss) - miss0))
hitmiss=$(($(counter cache_hitmiss) - hitmiss0)) pass=$(($(counter s_pass) - pass0))
echo "front-cache: the app alone (instance 1), the same pages at new addresses" >&2
read -r a_rps a_p50 a_p99 a_err <<<"$(load "http://127.0.0.1:$APP1_PORT" --unique "${mix[@]}")"
echo "front-cache: static again" >&2
read -r s2_rps _ _ s2_err <<<"$(load "$nginx/static/en.html")"

static_mean=$(awk -v a="$s_rps" -v b="$s2_rps" 'BEGIN { printf "%.2f", (a + b) / 2 }')
ratio=$(awk -v a="$v_rps" -v b="$static_mean" 'BEGIN { printf "%.2f", a / b }')
app_ratio=$(awk -v a="$a_rps" -v b="$static_mean" 'BEGIN { printf "%.2f", a / b }')
hit_ratio=$(awk -v h="$hit" -v m="$miss" 'BEGIN { if (h + m == 0) print "—"; else printf "%.3f", h / (h + m) }')

echo "## The front cache: Varnish and nginx in front of two instances (deploy/, 64 connections, 10 s each)"
echo
echo "\`deploy/stack.sh\`: PostgreSQL, two instances, nginx, Varnish 7 on loopback, all on this machine's $(nproc) cores. Both runs send \`$ae\`."
echo "Static: the bytes Varnish sent for \`/en/\` (${encoding:-identity}, $size bytes), served from disk by nginx, run before and after the pages (mean of the two)."
echo "Pages: $kept addresses in turn through Varnish, every page type in the six languages and the public API.${skipped[*]:+ Left out (not 200): ${skipped[*]}.}"
echo "Hit ratio: Varnish's \`cache_hit / (cache_hit + cache_miss)\` over the pages run: $hit hits, $miss misses (of which $hitmiss hit-for-miss: answers it may not store), $pass passes."
echo
echo "| run | requests/s | p50 | p99 | errors | ratio to static |"
echo "|---|---|---|---|---|---|"
echo "| static \`/en/\` from nginx | $s_rps, then $s2_rps | $s_p50 | $s_p99 | $((s_err + s2_err)) | 1 |"
echo "| pages through Varnish | $v_rps | $v_p50 | $v_p99 | $v_err | $ratio |"
echo "| the app alone: the same pages, each request a new address (\`?u=…\`), straight to instance 1 | $a_rps | $a_p50 | $a_p99 | $a_err | $app_ratio |"
echo "| Varnish hit ratio | $hit_ratio | | | | |"
echo
