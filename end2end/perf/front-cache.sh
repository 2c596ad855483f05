#!/usr/bin/env bash
# The documented front cache measured (called by bench.sh; runnable alone,
# after `make build`): the deployment of deploy/ (PostgreSQL, two instances,
# nginx as their shared cache and balancer on loopback, deploy/stack.sh) at
# 64 connections, 10 s a run.
#   1. nginx serving the same bytes from disk (static): every answer of the
#      mix as the front cache sent it, as a file (a location without
#      proxy_cache in the same server: not looked up in the cache)
#   2. anonymous pages through the front cache (nginx's proxy_cache, at the
#      site's address): every page type in the six languages and the public
#      API, in turn; requests/s and the ratio to 1
#   3. the app alone: the same pages straight to one instance, each request
#      at a new address (deploy/mix.lua --unique); the ratio to 1
#   4. the front cache's hit ratio over run 2, counted in nginx's access log
#      ($upstream_cache_status: HIT, STALE, UPDATING and REVALIDATED were
#      served from the cache; MISS, EXPIRED and BYPASS were not), and
#      instance 1's memory before and after run 3
# Every run sends `Accept-Encoding: gzip, br`.
# Prints a Markdown section on standard output; progress on standard error.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v wrk >/dev/null || { echo "front-cache: wrk is missing (Debian's wrk; make bench installs it)" >&2; exit 1; }
work=$(mktemp -d /tmp/summit-front-cache.XXXXXX)
chmod 755 "$work" # PostgreSQL and nginx's workers run as their own accounts
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

# 1. Every page type in the six languages, and the public API; those that do
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

# 2. The same bytes as files: each page as the front cache sent it for that
#    Accept-Encoding, saved as nginx/static/<encoding>/<n>.<html|json> and
#    served by nginx as it is, with that Content-Encoding and Content-Type
#    (deploy/nginx.conf includes site.d/*.conf). The static run asks for the
#    files in the order the pages run asks for the pages.
static=$STACK_DIR/nginx/static
mkdir -p "$static/identity" "$static/gzip" "$static/br"
mix=()
files=()
bytes=0
for page in "${pages[@]}"; do
  code=$(curl -sS -H "$ae" -D "$work/headers" -o "$work/body" -w '%{http_code}' "$SITE$page")
  if [ "$code" != 200 ]; then skipped+=("$page ($code)"); continue; fi
  encoding=$(awk -F': *' 'tolower($1) == "content-encoding" { printf "%s", $2 }' "$work/headers" | tr -d '\r')
  encoding=${encoding:-identity}
  case $encoding in identity | gzip | br) ;; *) echo "front-cache: $page came as $encoding" >&2; exit 1 ;; esac
  extension=html
  grep -qi '^content-type: *application/json' "$work/headers" && extension=json
  file=/static/$encoding/${#mix[@]}.$extension
  mv "$work/body" "$STACK_DIR/nginx$file"
  mix+=("$page")
  files+=("$file")
  bytes=$((bytes + $(stat -c %s "$STACK_DIR/nginx$file")))
done
kept=${#mix[@]}
chmod -R a+rX "$static"
for encoding in identity gzip br; do
  header=""
  [ "$encoding" = identity ] || header="add_header Content-Encoding $encoding;"
  cat <<EOF
location /static/$encoding/ {
    root $STACK_DIR/nginx;
    types { text/html html; application/json json; }
    charset utf-8;
    charset_types text/html application/json;
    $header
    add_header Vary Accept-Encoding;
}
EOF
done >"$STACK_DIR/nginx/site.d/static.conf"
kill -HUP "$(cat "$STACK_DIR/nginx/nginx.pid")"
sleep 1
for k in "${!files[@]}"; do
  if ! curl -sSf -H "$ae" "$nginx${files[$k]}" | cmp -s - "$STACK_DIR/nginx${files[$k]}"; then
    echo "front-cache: nginx does not serve ${files[$k]} (${mix[$k]}) as it is" >&2
    exit 1
  fi
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
# The access log's size once nginx has written what it buffers (USR1: its
# workers flush and reopen their logs).
log_size() {
  kill -USR1 "$(cat "$STACK_DIR/nginx/nginx.pid")"
  sleep 1
  stat -c %s "$ACCESS_LOG"
}

rss() { ps -o rss= -p "$APP1_PID" | tr -d ' '; }
echo "front-cache: the same bytes from disk by nginx, 64 connections, 10 s" >&2
read -r s_rps s_p50 s_p99 s_err <<<"$(load "$nginx" "${files[@]}")"
log_from=$(log_size)
echo "front-cache: $kept pages through the front cache (nginx proxy_cache), 64 connections, 10 s" >&2
read -r v_rps v_p50 v_p99 v_err <<<"$(load "$SITE" "${mix[@]}")"
log_to=$(log_size)
# The run's lines: "cache=<status>" per request ("-": not looked up). Prints
# "<from the cache> <not> <not looked up> <each status and its count>".
read -r hit miss other counts < <(tail -c +$((log_from + 1)) "$ACCESS_LOG" | head -c $((log_to - log_from)) |
  awk 'match($0, / cache=[^ ]*/) { n[substr($0, RSTART + 7, RLENGTH - 7)]++ }
    END {
      k = split("HIT STALE UPDATING REVALIDATED MISS EXPIRED BYPASS -", order, " ")
      for (i = 1; i <= k; i++) {
        s = order[i]
        if (!(s in n)) continue
        if (i <= 4) hit += n[s]; else if (i <= 7) miss += n[s]; else other += n[s]
        list = list (list == "" ? "" : ", ") s " " n[s]
      }
      printf "%d %d %d %s\n", hit, miss, other, (list == "" ? "none" : list)
    }')
echo "front-cache: the app alone (instance 1), the same pages at new addresses" >&2
rss_before=$(rss)
read -r a_rps a_p50 a_p99 a_err <<<"$(load "http://127.0.0.1:$APP1_PORT" --unique "${mix[@]}")"
sleep 2
rss_after=$(rss)
echo "front-cache: the same bytes from disk again" >&2
read -r s2_rps _ _ s2_err <<<"$(load "$nginx" "${files[@]}")"

static_mean=$(awk -v a="$s_rps" -v b="$s2_rps" 'BEGIN { printf "%.2f", (a + b) / 2 }')
ratio=$(awk -v a="$v_rps" -v b="$static_mean" 'BEGIN { printf "%.2f", a / b }')
app_ratio=$(awk -v a="$a_rps" -v b="$static_mean" 'BEGIN { printf "%.2f", a / b }')
hit_ratio=$(awk -v h="$hit" -v m="$miss" 'BEGIN { if (h + m == 0) print "—"; else printf "%.3f", h / (h + m) }')
nginx_version=$(nginx -v 2>&1 | sed 's/^.*nginx\///')
mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }

echo "## The front cache: nginx (proxy_cache and balancer) in front of two instances (deploy/, 64 connections, 10 s each)"
echo
echo "\`deploy/stack.sh\`: PostgreSQL, two instances, nginx $nginx_version (the shared cache and the balancer, one process) on loopback, all on this machine's $(nproc) cores. Every run sends \`$ae\` and asks for its $kept addresses in turn (deploy/mix.lua)."
echo "Pages: every page type in the six languages and the public API.${skipped[*]:+ Left out (not 200): ${skipped[*]}.}"
echo "Static: the same bytes from disk: each answer as the front cache sent it ($(awk -v b="$bytes" -v n="$kept" 'BEGIN { printf "%.1f KB on average", b / n / 1024 }'), with its encoding), served by nginx as a file; run before and after the others (the ratio is to the mean of the two)."
echo "Hit ratio: from nginx's access log over the pages run (\`\$upstream_cache_status\`): served from the cache (HIT, STALE, UPDATING, REVALIDATED) / looked up (those and MISS, EXPIRED, BYPASS): $hit from the cache, $miss not$([ "$other" = 0 ] || echo " ($other not looked up)"); by status: $counts."
echo "Memory: instance 1's resident set before and after the run at new addresses: $(mb "$rss_before"), then $(mb "$rss_after")."
echo
echo "| run | requests/s | p50 | p99 | errors | ratio to static |"
echo "|---|---|---|---|---|---|"
echo "| the same bytes from disk (nginx) | $s_rps, then $s2_rps | $s_p50 | $s_p99 | $((s_err + s2_err)) | 1 |"
echo "| pages through the front cache (nginx proxy_cache) | $v_rps | $v_p50 | $v_p99 | $v_err | $ratio |"
echo "| the app alone: the same pages, each request a new address (\`?u=…\`), straight to instance 1 | $a_rps | $a_p50 | $a_p99 | $a_err | $app_ratio |"
echo "| the front cache (nginx proxy_cache) hit ratio | $hit_ratio | | | | |"
echo
