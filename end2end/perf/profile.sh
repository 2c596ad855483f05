#!/usr/bin/env bash
# Where an uncached page's time goes: the release server under 64 connections
# of unique addresses (wrk), sampled by `perf record` (Debian's linux-perf,
# software clock: works where hardware counters are not exposed), printed as
# the top frames by self time and, with `inferno` installed, a flamegraph.
#   bash end2end/perf/profile.sh [PATH] [SERVER]   (default /en/, target/release/server)
set -euo pipefail
cd "$(dirname "$0")/../.."
path=${1:-/en/}
server=${2:-./target/release/server}
command -v perf >/dev/null || { echo "profile: needs perf (apt-get install linux-perf)" >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LEPTOS_SITE_ADDR=127.0.0.1:$port DATABASE_URL="sqlite://$work/profile.db" RUST_LOG=warn "$server" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; { [ -z "${KEEP_PERF:-}" ] || cp "$work/perf.data" "$KEEP_PERF"; } 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
cat >"$work/unique.lua" <<'LUA'
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local n = 0
function request()
  n = n + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. sep .. "u=" .. id .. "-" .. n)
end
LUA
wrk -t2 -c64 -d3s -s "$work/unique.lua" "http://127.0.0.1:$port$path" >/dev/null 2>&1
perf record -q -e cpu-clock -F 499 -g -p "$pid" -o "$work/perf.data" -- sleep 10 2>/dev/null &
rec=$!
wrk -t2 -c64 -d10s --latency -s "$work/unique.lua" "http://127.0.0.1:$port$path" | grep -E "Requests/sec|99%"
wait $rec || true
echo "top frames by self time (uncached $path):"
perf report -i "$work/perf.data" --no-children --stdio --sort symbol --percent-limit 1.5 2>/dev/null |
  grep -E '^ +[0-9]' | sed -E 's/ +$//' | cut -c1-150 | awk 'NR <= 25'
if command -v inferno-collapse-perf >/dev/null; then
  perf script -i "$work/perf.data" 2>/dev/null | inferno-collapse-perf | inferno-flamegraph >end2end/perf/flamegraph.svg
  echo "flamegraph: end2end/perf/flamegraph.svg"
fi
