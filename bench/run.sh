#!/usr/bin/env bash
# bench/run.sh BUILD_DIR - the benchmarks of DESIGN §6, each beside its peer measured in the same
# run, printed as one markdown table (work, size, ours, peer, ratio, target, met?) and written to
# build/bench.md. bench/README.md says what each row measures and how the peers are set up.
#
#   import      `xiaoan import incidents` of 1 M generated incidents (durable: WAL,
#               synchronous=FULL) vs sqlite3 `.import` of the same file, same settings
#   compstat    station x category x week with year-on-year over 10 M incidents: the analysis
#               index (`xiaoan bench compstat`, median of 7) vs the same SQL on the same SQLite
#               file (sqlite3 CLI) and on PostgreSQL 15 loaded with COPY (median of 3 each);
#               the ratio is printed only when the three agree on the cells' checksum
#   linkage     top-20 similar cases among 1 M (`xiaoan bench linkage`) vs scoring every case
#   index size  bytes the index allocates per incident, at 10 M
#   api-*       POST and GET /api/v1/incidents with wrk, 256 connections
#
# Sizes: BENCH_IMPORT_ROWS (1000000), BENCH_COMPSTAT_ROWS (10000000), BENCH_LINKAGE_CASES
# (1000000), BENCH_SECONDS (10, per wrk run), BENCH_SEED (1). Needs root for apt and for
# running PostgreSQL as its own user; big files go under BENCH_TMP (/var/tmp).
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/xiaoan"
out="$root/build/bench.md"
duration=${BENCH_SECONDS:-10}
n_import=${BENCH_IMPORT_ROWS:-1000000}
n_compstat=${BENCH_COMPSTAT_ROWS:-10000000}
n_linkage=${BENCH_LINKAGE_CASES:-1000000}
seed=${BENCH_SEED:-1}
to_day=2025-12-28 # the generated years end 2025-12-31: the last whole ISO week ends on this Sunday
started=$(date +%s)

say() { printf 'bench [%3ds]: %s\n' $(($(date +%s) - started)) "$*" >&2; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l; }

if ldd "$bin" | grep -q libasan; then
  echo "bench: $bin is built with sanitizers; build it with -DXA_SANITIZE=OFF (make bench does)" >&2
  exit 1
fi

# ---- peers ----
pgbin=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v bc >/dev/null 2>&1 || need+=(bc)
[ -n "$pgbin" ] || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  pgbin=$(ls -d /usr/lib/postgresql/15/bin)
fi

tmp=$(mktemp -d "${BENCH_TMP:-/var/tmp}/xa-bench.XXXXXX")
chmod 755 "$tmp" # PostgreSQL's own user reads the CSV and keeps its cluster here
pgdata="$tmp/pg"
pg() { runuser -u postgres -- "$@"; }
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  [ -f "$pgdata/postmaster.pid" ] && pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null 2>&1
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

cc -O2 -D_DEFAULT_SOURCE -o "$tmp/gen" "$root/bench/gen.c" -lm
declare -A R # results by key, turned into the table at the end

# ---- API (wrk) ----
say "API: demo database, server, wrk ${duration}s x 2"
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
read -r R[c_rps] R[c_p99] R[c_err] <<<"$(run /api/v1/incidents "$tmp/create.lua")"
read -r R[g_rps] R[g_p99] R[g_err] <<<"$(run "/api/v1/incidents/$id" "$tmp/get.lua")"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""

# ---- import ----
# Both sides start from the same database: the demo's organisation (stations, users) with one
# day of calls; the generated years end before it, so the reports below never count them.
"$bin" demo --db "$tmp/org.db" --seed 1 --days 1 --password bench-pass-1 >/dev/null
say "import: generating $n_import incidents"
"$tmp/gen" "$n_import" "$seed" >"$tmp/import.csv"
cp "$tmp/org.db" "$tmp/ours.db"
cp "$tmp/org.db" "$tmp/peer.db"
say "import: xiaoan import"
t=$(now)
"$bin" import incidents --db "$tmp/ours.db" --csv "$tmp/import.csv" >&2
R[imp_ours]=$(since "$t")
# The peer table has the CSV's columns and the indexes of `incidents` that apply to them
# (code UNIQUE; unit, received_at; status; received_at); .import runs in one transaction.
say "import: sqlite3 .import"
cat >"$tmp/peer.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE incidents_csv(code TEXT NOT NULL UNIQUE, unit TEXT NOT NULL, channel TEXT,
  category TEXT, priority INTEGER, received_at INTEGER NOT NULL, occurred_at INTEGER, lat REAL,
  lon REAL, address TEXT, narrative TEXT, status TEXT);
CREATE INDEX incidents_csv_unit_received ON incidents_csv(unit, received_at);
CREATE INDEX incidents_csv_status ON incidents_csv(status);
CREATE INDEX incidents_csv_received ON incidents_csv(received_at);
.import --csv --skip 1 $tmp/import.csv incidents_csv
SQL
t=$(now)
sqlite3 "$tmp/peer.db" <"$tmp/peer.sql" >/dev/null
R[imp_peer]=$(since "$t")
n_ours=$(sqlite3 "$tmp/ours.db" "SELECT count(*) FROM incidents WHERE received_at < 1767196800")
n_peer=$(sqlite3 "$tmp/peer.db" "SELECT count(*) FROM incidents_csv")
[ "$n_ours" = "$n_import" ] && [ "$n_peer" = "$n_import" ] ||
  { echo "bench: import counts differ: ours $n_ours, sqlite3 $n_peer, file $n_import" >&2; exit 1; }
rm -f "$tmp/ours.db"* "$tmp/peer.db"* "$tmp/import.csv"

# ---- CompStat at 10 M ----
say "compstat: generating $n_compstat incidents"
"$tmp/gen" "$n_compstat" "$seed" >"$tmp/big.csv"
chmod 644 "$tmp/big.csv"
cp "$tmp/org.db" "$tmp/big.db"
say "compstat: xiaoan import into the SQLite store"
t=$(now)
"$bin" import incidents --db "$tmp/big.db" --csv "$tmp/big.csv" >&2
R[big_import]=$(since "$t")

say "compstat: PostgreSQL 15 (initdb, COPY)"
mkdir -p "$pgdata" && chown postgres "$pgdata"
pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres -E UTF8 --no-locale >/dev/null
cat >>"$pgdata/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$pgdata'
shared_buffers = 2GB
work_mem = 256MB
maintenance_work_mem = 1GB
max_wal_size = 8GB
max_parallel_workers_per_gather = 2
CONF
pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/log" -w start >/dev/null
psql_() { pg psql -h "$pgdata" -U postgres -d postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
sqlite3 -csv "$tmp/big.db" "SELECT id, code FROM units" >"$tmp/units.csv"
chmod 644 "$tmp/units.csv"
t=$(now)
psql_ <<SQL
CREATE TABLE incidents_csv(code text NOT NULL, unit text NOT NULL, channel text, category text,
  priority int, received_at bigint NOT NULL, occurred_at bigint, lat double precision,
  lon double precision, address text, narrative text, status text);
COPY incidents_csv FROM '$tmp/big.csv' WITH (FORMAT csv, HEADER true);
CREATE TABLE units(id bigint PRIMARY KEY, code text NOT NULL UNIQUE);
COPY units FROM '$tmp/units.csv' WITH (FORMAT csv);
-- the store's shape: the unit and the category as the integers Xiao'an keeps (core/vocab.h)
CREATE TABLE incidents AS
  SELECT u.id AS unit_id, v.category, c.received_at, c.code, c.channel, c.priority,
         c.occurred_at, c.lat, c.lon, c.address, c.narrative, c.status
  FROM incidents_csv c JOIN units u ON u.code = c.unit
  JOIN (VALUES ('criminal', 1), ('public_order', 2), ('dispute', 3), ('help', 4), ('traffic', 5),
               ('fire', 6), ('complaint', 7), ('other', 8)) AS v(code, category)
    ON v.code = c.category;
DROP TABLE incidents_csv;
CREATE INDEX incidents_received ON incidents(received_at);
VACUUM ANALYZE incidents;
SQL
R[pg_load]=$(since "$t")

say "compstat: ours (load the index, then 7 runs)"
"$bin" bench compstat --db "$tmp/big.db" --to "$to_day" >"$tmp/ours.json"
jget() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }
from=$(jget "$tmp/ours.json" sql_from)
to=$(jget "$tmp/ours.json" sql_to)
sed -e "s/@FROM@/$from/g" -e "s/@TO@/$to/g" "$root/bench/compstat.sql.in" >"$tmp/compstat.sql"
R[ours_sums]="$(jget "$tmp/ours.json" cells)|$(jget "$tmp/ours.json" total)|$(jget "$tmp/ours.json" checksum)"

median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
say "compstat: sqlite3, 3 runs"
times=()
for _ in 1 2 3; do
  res=$( (echo ".timer on"; cat "$tmp/compstat.sql") | sqlite3 "$tmp/big.db")
  R[sqlite_sums]=$(printf '%s\n' "$res" | grep -v '^Run Time')
  times+=("$(printf '%s\n' "$res" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | tail -1)")
done
R[sqlite_s]=$(median3 "${times[@]}")
say "compstat: psql, 3 runs"
times=()
for _ in 1 2 3; do
  res=$( (echo '\timing on'; echo '\pset format unaligned'; echo '\pset tuples_only on'; cat "$tmp/compstat.sql") | psql_)
  R[pg_sums]=$(printf '%s\n' "$res" | grep -v '^Time:\|^Timing\|^Output\|^Tuples\|^$' | tail -1)
  times+=("$(printf '%s\n' "$res" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1)")
done
R[pg_s]=$(echo "$(median3 "${times[@]}") / 1000" | bc -l)
pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null
rm -rf "$pgdata" "$tmp/big.csv"

# ---- linkage ----
say "linkage: $n_linkage cases"
"$bin" bench linkage --n "$n_linkage" --seed "$seed" --k 20 --queries 200 --brute 5 >"$tmp/link.json"

# ---- the table ----
R[elapsed]=$(($(date +%s) - started))
mkdir -p "$(dirname "$out")"
for k in "${!R[@]}"; do printf '%s=%s\n' "$k" "${R[$k]}"; done >"$tmp/results"
python3 - "$tmp/results" "$tmp/ours.json" "$tmp/link.json" "$n_import" "$n_compstat" \
  "$n_linkage" "$duration" <<'PY' | tee "$out"
import json, sys
r = dict(l.rstrip("\n").split("=", 1) for l in open(sys.argv[1]))
ours, link = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
n_imp, n_cs, n_link, dur = (int(x) for x in sys.argv[4:8])
def size(n): return f"{n / 1e6:g} M" if n >= 1e6 else f"{n / 1e3:g} k"
def yes(b): return "yes" if b else "**no**"
rows = []
io, ip = float(r["imp_ours"]), float(r["imp_peer"])
rows.append(("import incidents from CSV, durable", f"{size(n_imp)} rows",
             f"{io:.2f} s ({n_imp / io / 1e3:.0f} k rows/s)",
             f"sqlite3 .import {ip:.2f} s ({n_imp / ip / 1e3:.0f} k rows/s)",
             f"{ip / io:.2f}x", "≥ 1.0x .import", yes(ip / io >= 1.0)))
cs_ms = float(ours["median_ms"])
agree_sq = r["sqlite_sums"].strip() == r["ours_sums"]
agree_pg = r["pg_sums"].strip() == r["ours_sums"]
sq, pq = float(r["sqlite_s"]) * 1e3, float(r["pg_s"]) * 1e3
def ratio(peer, ok): return f"{peer / cs_ms:.0f}x" if ok else "cells differ"
rows.append(("CompStat station x category x week, YoY", f"{size(n_cs)} incidents",
             f"{cs_ms:.1f} ms (median of {ours['runs']}; index load {ours['load_s']:.1f} s)",
             f"SQLite {sq:.0f} ms", ratio(sq, agree_sq), "≥ 20x SQLite, ≤ 50 ms",
             yes(agree_sq and sq / cs_ms >= 20 and cs_ms <= 50)))
rows.append(("CompStat, same", f"{size(n_cs)} incidents", f"{cs_ms:.1f} ms",
             f"PostgreSQL 15 {pq:.0f} ms (COPY + load {float(r['pg_load']):.0f} s)",
             ratio(pq, agree_pg), "≥ 10x PostgreSQL", yes(agree_pg and pq / cs_ms >= 10)))
lm, bm = float(link["median_ms"]), float(link["brute_median_ms"])
rows.append(("linkage top-20 similar cases", f"{size(n_link)} cases",
             f"{lm:.2f} ms median, p99 {float(link['p99_ms']):.2f} ms",
             f"brute force {bm:.1f} ms", f"{bm / lm:.0f}x" if link["agree"] else "hits differ",
             "≥ 50x brute, ≤ 1 ms median", yes(link["agree"] and bm / lm >= 50 and lm <= 1)))
bpi = float(ours["bytes_per_incident"])
rows.append(("analysis index memory", f"{size(n_cs)} incidents",
             f"{bpi:.1f} B per incident ({ours['row_bytes']} B of columns)", "—", "—", "≤ 48 B",
             yes(bpi <= 48)))
rows.append(("API create incident (durable)", f"256 connections, {dur} s",
             f"{r['c_rps']} req/s, p99 {r['c_p99']} ms, {r['c_err']} non-2xx", "—", "—",
             "≥ 5000 req/s, p99 ≤ 10 ms",
             yes(float(r["c_rps"]) >= 5000 and float(r["c_p99"]) <= 10 and r["c_err"] == "0")))
rows.append(("API get incident by id", f"256 connections, {dur} s",
             f"{r['g_rps']} req/s, p99 {r['g_p99']} ms, {r['g_err']} non-2xx", "—", "—",
             "≥ 30000 req/s, p99 ≤ 10 ms",
             yes(float(r["g_rps"]) >= 30000 and float(r["g_p99"]) <= 10 and r["g_err"] == "0")))
print("| work | size | ours | peer | ratio | target | met? |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for row in rows:
    print("| " + " | ".join(row) + " |")
print()
print(f"CompStat cells|total|checksum: ours {r['ours_sums']}, SQLite {r['sqlite_sums'].strip()}, "
      f"PostgreSQL {r['pg_sums'].strip()}. Import of {size(n_cs)} into the store for it: "
      f"{float(r['big_import']):.0f} s. Whole run: {r['elapsed']} s on {__import__('os').cpu_count()} cores.")
PY
