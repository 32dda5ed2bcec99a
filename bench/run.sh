#!/usr/bin/env bash
# bench/run.sh BUILD_DIR - the benchmarks of DESIGN §6 that exist so far, printed as one table
# (work, size, ours, target) and written to BUILD_DIR/../build/bench.md.
#
#   api-create  POST /api/v1/incidents, durable (WAL, synchronous=FULL), 256 connections (wrk)
#   api-get     GET /api/v1/incidents/{id}, 256 connections (wrk)
#
# The analysis-engine benchmarks against SQL peers (CompStat, linkage, import, kernel density)
# arrive with the analysis engine.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/xiaoan"
out="$root/build/bench.md"
duration=${BENCH_SECONDS:-10}

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench: installing wrk" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

tmp=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

"$bin" demo --db "$tmp/b.db" --seed 1 --days 30 --password bench-pass-1 >/dev/null
"$bin" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --threads 16 2>"$tmp/serve.log" >/dev/null &
pid=$!
port=""
for _ in $(seq 50); do
  port=$(sed -n 's/.*serving http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "bench: server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
base="http://127.0.0.1:$port"

login=$(curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
  -d '{"username":"desk1","password":"bench-pass-1"}' "$base/api/v1/session")
csrf=$(printf '%s' "$login" | sed -n 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/p')
cookie=$(awk '$6 == "xa_session" {print $7}' "$tmp/jar")

cat >"$tmp/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = "xa_session=$cookie"
wrk.headers["X-CSRF-Token"] = "$csrf"
wrk.body = '{"channel":"phone","category":"help","priority":3,"caller_name":"压测","caller_phone":"13800000000","address":"城关镇","narrative":"基准测试警情"}'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000, summary.errors.status))
end
LUA
id=$(curl -s -b "$tmp/jar" "$base/api/v1/incidents?per_page=1" | sed -n 's/.*"items":\[{"id":\([0-9]*\).*/\1/p')
cat >"$tmp/get.lua" <<LUA
wrk.headers["Cookie"] = "xa_session=$cookie"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(99) / 1000, summary.errors.status))
end
LUA

run() { wrk -t2 -c256 -d"${duration}s" --latency -s "$2" "$base$1" | awk '/^RESULT/ {print $2, $3, $4}'; }
read -r c_rps c_p99 c_err <<<"$(run /api/v1/incidents "$tmp/create.lua")"
read -r g_rps g_p99 g_err <<<"$(run "/api/v1/incidents/$id" "$tmp/get.lua")"

mkdir -p "$(dirname "$out")"
{
  echo "| work | size | ours | target | non-2xx |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| API create incident (durable) | 256 connections, ${duration} s | ${c_rps} req/s, p99 ${c_p99} ms | ≥ 5000 req/s, p99 ≤ 10 ms | ${c_err} |"
  echo "| API get incident by id | 256 connections, ${duration} s | ${g_rps} req/s, p99 ${g_p99} ms | ≥ 30000 req/s, p99 ≤ 10 ms | ${g_err} |"
} | tee "$out"
