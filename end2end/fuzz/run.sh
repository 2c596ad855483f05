#!/usr/bin/env bash
# Fuzzes the JSON API (/api/v1) from its own OpenAPI document with schemathesis,
# and the site's server functions (/api/...) with server_fns.py,
# against the release build on a free port with a throw-away SQLite database,
# then sends a few malformed requests schemathesis does not make. Fails on a
# 5xx, a dropped connection or timeout (crash, hang), an answer that does not
# match the document (status, content type, schema), negative data accepted,
# a missing bearer token or If-Match ignored, or a panic in the server's log.
#
#   bash end2end/fuzz/run.sh [SCHEMATHESIS OPTIONS]   (make fuzz; after make build)
#
# Options given are added to both schemathesis runs, e.g. --checks all or
# --report ndjson (the reports are kept, with the server log, when it fails).
# Environment: FUZZ_EXAMPLES (cases per operation and phase, default 50),
# FUZZ_SEED (default 1: the same cases every run; any number for others),
# FUZZ_DATABASE_URL (default: a new SQLite file; an empty database otherwise),
# FUZZ_VENV (default /var/cache/summit-ci/venv-fuzz), FUZZ_SERVER (default
# ./target/release/server).
set -euo pipefail
cd "$(dirname "$0")/../.."

repo=$PWD
here=$repo/end2end/fuzz
venv=$(realpath -m "${FUZZ_VENV:-/var/cache/summit-ci/venv-fuzz}")
server=${FUZZ_SERVER:-./target/release/server}
examples=${FUZZ_EXAMPLES:-50}
seed=${FUZZ_SEED:-1}
admin_email=admin@fuzz.example
admin_password='fuzz administrator password'

[ -x "$server" ] || { echo "fuzz: $server is missing: run make build first" >&2; exit 1; }

# The virtualenv lives outside the repository (kept between runs); it is
# (re)installed whenever requirements.txt differs from what it was made from.
want=$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)
st="$venv/bin/schemathesis"
if [ ! -x "$st" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  echo "fuzz: installing $here/requirements.txt into $venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv --clear "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$venv/.requirements.sha256"
fi

tmp=$(mktemp -d /tmp/summit-fuzz.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
pid=
status=1
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ "$status" = 0 ]; then
    rm -rf "$tmp"
  else
    echo "fuzz: FAILED; server log and reports kept in $tmp" >&2
  fi
}
trap cleanup EXIT

database=${FUZZ_DATABASE_URL:-sqlite://$tmp/fuzz.db}
echo "fuzz: release server on $base, database $database"
DATABASE_URL="$database" LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  SUMMIT_ADMIN_EMAIL="$admin_email" SUMMIT_ADMIN_PASSWORD="$admin_password" \
  RUST_LOG=warn "$server" >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 150); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/server.log" >&2; echo "fuzz: server exited" >&2; exit 1; }
  sleep 0.2
done
curl -fsS -o /dev/null "$base/readyz"

# Two tokens of the administrator (may edit every action): revoke_token is
# fuzzed last, on its own, because it revokes whatever ids it draws, the
# first token included.
token() {
  curl -fsS -X POST "$base/api/v1/tokens" -H 'content-type: application/json' \
    -d "{\"email\": \"$admin_email\", \"password\": \"$admin_password\", \"label\": \"$1\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
token_main=$(token fuzz)
token_revoke=$(token fuzz-revoke)

# not_a_server_error also fails on dropped connections and on requests that
# outlast --request-timeout (a crash or a hang). positive_data_acceptance is
# left out: the document types lang, filters, If-Match and body fields as any
# string, so "valid" cases the server rightly refuses (400/422) would fail it.
checks=not_a_server_error,status_code_conformance,content_type_conformance
checks+=,response_headers_conformance,response_schema_conformance
checks+=,negative_data_rejection,missing_required_header,ignored_auth
checks+=,unsupported_method,allow_header_conformance,use_after_free
run_schemathesis() {
  local name=$1 token=$2
  shift 2
  # From $tmp: schemathesis keeps files (.schemathesis/) in its working directory.
  (cd "$tmp" && "$st" --config-file "$here/schemathesis.toml" run \
    "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks "$checks" --mode all --max-examples "$examples" --seed "$seed" \
    --generation-database none --request-timeout 10 --workers 1 --continue-on-failure \
    --no-color --report junit --report-dir "$tmp/report-$name" "$@" "${extra[@]}")
}
extra=("$@")
failed=0
echo "fuzz: the Atom feeds, read by feedparser"
"$venv/bin/python" "$here/feeds.py" "$base" "$token_main" || failed=1
echo "fuzz: schemathesis, every operation but revoke_token"
run_schemathesis main "$token_main" --exclude-operation-id revoke_token || failed=1

# What schemathesis does not send: bodies over the 64 KiB limit, deep nesting,
# bytes that are not UTF-8, other content types, odd If-Match values. Each must
# be refused with a 4xx, in time.
probe() {
  local name=$1 want=$2 code
  shift 2
  code=$(curl -sS -o "$tmp/probe.body" -w '%{http_code}' --max-time 10 "$@") || code=timeout
  if [[ "$code" != $want ]]; then
    echo "fuzz: probe '$name': got $code, want $want: $(head -c 300 "$tmp/probe.body")" >&2
    failed=1
  fi
}
patch=("$base/api/v1/countries/KEN/actions/national-strategy" -X PATCH
  -H "Authorization: Bearer $token_main")
json=(-H 'content-type: application/json')
python3 -c 'print("{\"note\": \"" + "a" * 70000 + "\"}")' >"$tmp/big.json"
python3 -c 'print("{\"note\": " + "[" * 30000 + "]" * 30000 + "}")' >"$tmp/deep.json"
printf '{"note": "\xff\xfe"}' >"$tmp/latin1.json"
echo "fuzz: malformed requests"
probe 'body over 64 KiB' 413 "${patch[@]}" "${json[@]}" -H 'If-Match: 0' --data-binary "@$tmp/big.json"
probe 'token request over 64 KiB' 413 -X POST "$base/api/v1/tokens" "${json[@]}" --data-binary "@$tmp/big.json"
probe 'nesting 30000 deep' '4[0-9][0-9]' "${patch[@]}" "${json[@]}" -H 'If-Match: 0' --data-binary "@$tmp/deep.json"
probe 'not UTF-8' 400 "${patch[@]}" "${json[@]}" -H 'If-Match: 0' --data-binary "@$tmp/latin1.json"
probe 'not JSON' 400 "${patch[@]}" "${json[@]}" -H 'If-Match: 0' -d 'note=x'
probe 'text/plain' 400 "${patch[@]}" -H 'If-Match: 0' -H 'content-type: text/plain' -d '{}'
probe 'If-Match too large' '4[0-9][0-9]' "${patch[@]}" "${json[@]}" -H 'If-Match: 99999999999999999999999' -d '{}'
probe 'If-Match list' '4[0-9][0-9]' "${patch[@]}" "${json[@]}" -H 'If-Match: "0", "1"' -d '{}'
probe 'token id not a number' '4[0-9][0-9]' -X DELETE "$base/api/v1/tokens/x" \
  -H "Authorization: Bearer $token_main"

echo "fuzz: schemathesis, revoke_token"
run_schemathesis revoke "$token_revoke" --include-operation-id revoke_token || failed=1

# The site's own server functions, anonymous and signed in (end2end/fuzz/server_fns.py).
echo "fuzz: server functions"
FUZZ_EXAMPLES=$((examples < 40 ? examples : 40)) FUZZ_SEED=$seed "$venv/bin/python" "$here/server_fns.py" \
  "$base" "$admin_email" "$admin_password" editor@fuzz.example 'fuzz editor password' || failed=1

# A panic inside a handler may still have answered; a dead server may not
# have been noticed by the last request.
if grep -q 'panicked' "$tmp/server.log"; then
  grep 'panicked' "$tmp/server.log" | head -5 >&2
  echo "fuzz: the server panicked" >&2
  failed=1
fi
if ! kill -0 "$pid" 2>/dev/null; then
  code=0
  wait "$pid" || code=$?
  echo "fuzz: the server exited during the run, status $code (above 128: killed by signal $((code - 128)))" >&2
  pid=
  failed=1
elif ! curl -fsS -o /dev/null --max-time 5 "$base/readyz"; then
  echo "fuzz: the server is not ready after the run" >&2
  failed=1
fi

if [ "$failed" = 0 ]; then
  status=0
  echo "fuzz: passed"
fi
exit "$failed"
