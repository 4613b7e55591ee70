#!/usr/bin/env bash
# Load figures: wall time and peak memory of release builds against the stub.
# Figures only: nothing here passes or fails on a duration (the load tests in
# crates/bdesk/tests/cli/load.rs and crates/billing-core/tests/core/desk_load.rs check correctness
# and generous memory bounds).
#
#   1. bdesk export, 1,000 organizations (--orgs-file) -> one CSV
#   2. the same with 5 ms latency per request (default concurrency 8)
#   3. bdesk export, one organization with 100,000 invoices -> CSV
#   4. the same -> XLSX
#   5. the app's engine (billing_core::desk, examples/desk_load.rs): fetch_orgs over the 1,000
#      organizations with progress, one invoice query over all, Desk::export to CSV
#   6. the same engine over the 100,000-invoice organization
#   7. the same engine over 1,000 organizations x 1,000 invoices (a million) at 20 ms latency,
#      concurrency 16
#
# Usage: bash scripts/bench-load.sh   (BENCH_NO_BUILD=1 uses the release binaries already built)
# Needs: /usr/bin/time (Debian package time). Prints a table; also writes it to
# target/bench/load/summary.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out="$root/target/bench/load"
work=$(mktemp -d "${TMPDIR:-/tmp}/bdesk-load.XXXXXX")
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x /usr/bin/time ]; then
  echo "bench-load: /usr/bin/time is missing; run 'bash scripts/setup.sh bench' (Debian package time)" >&2
  exit 1
fi
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "==> release build of bdesk, billing-stub and the desk_load example"
  cargo build --release --quiet -p bdesk -p billing-stub
  cargo build --release --quiet -p billing-core --example desk_load
fi
bdesk="$root/target/release/bdesk"
stub="$root/target/release/billing-stub"
desk="$root/target/release/examples/desk_load"

# Starts the stub with the given latency; sets $stub_url. Any token is accepted.
start_stub() {
  local latency=$1 log="$work/stub-$1.log"
  "$stub" --port 0 --latency-ms "$latency" >"$log" 2>"$work/stub-$1.err" &
  pids+=($!)
  stub_url=""
  for _ in $(seq 100); do
    stub_url=$(sed -n 's/^listening on //p' "$log")
    [ -n "$stub_url" ] && return 0
    sleep 0.1
  done
  echo "bench-load: the stub did not start; see $work/stub-$1.err" >&2
  exit 1
}

export BDESK_TOKEN=bench-token
export BDESK_CONFIG_DIR="$work/config"

# measure NAME CMD...: runs CMD once under /usr/bin/time; prints "seconds MiB".
measure() {
  local name=$1
  shift
  if ! /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"; then
    echo "bench-load: $name failed:" >&2
    cat "$work/$name.err" >&2
    exit 1
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { m = $2 / 1024 }
    END { printf "%.2f %.1f\n", s, m }' "$work/$name.time"
}

for i in $(seq -w 0 999); do echo "load-$i"; done >"$work/orgs.txt"
echo huge-100000 >"$work/huge.txt"
for i in $(seq -w 1 1000); do echo "huge-1000~$i"; done >"$work/million.txt"
start_stub 0
fast=$stub_url
start_stub 5
slow=$stub_url
start_stub 20
latent=$stub_url
# Warm the stub's cache of the 100k payload so the first case does not pay for generating it.
"$bdesk" export --base-url "$fast" --org huge-100000 --format json -o "$work/warm.json" 2>/dev/null
rm -f "$work/warm.json"

echo "==> 1-2. bdesk, 1,000 organizations"
read -r t1 m1 < <(measure batch "$bdesk" export --base-url "$fast" --orgs-file "$work/orgs.txt" --format csv -o "$work/batch.csv")
read -r t2 m2 < <(measure batch-slow "$bdesk" export --base-url "$slow" --orgs-file "$work/orgs.txt" --format csv -o "$work/batch-slow.csv")
rows1=$(sed -n 's/.*wrote \([0-9]*\) invoices.*/\1/p' "$work/batch.err")
echo "==> 3-4. bdesk, 100,000 invoices"
read -r t3 m3 < <(measure huge-csv "$bdesk" export --base-url "$fast" --org huge-100000 --format csv -o "$work/huge.csv")
read -r t4 m4 < <(measure huge-xlsx "$bdesk" export --base-url "$fast" --org huge-100000 --format xlsx -o "$work/huge.xlsx")
echo "==> 5-6. the app's engine (desk)"
read -r t5 m5 < <(measure desk-batch "$desk" "$fast" "$work/orgs.txt" "$work/desk-batch.csv" "$work/desk-batch")
read -r t6 m6 < <(measure desk-huge "$desk" "$fast" "$work/huge.txt" "$work/desk-huge.csv" "$work/desk-huge")
echo "==> 7. the app's engine, 1,000 organizations x 1,000 invoices at 20 ms latency"
read -r t7 m7 < <(measure desk-million env DESK_LOAD_CONCURRENCY=16 "$desk" "$latent" "$work/million.txt" "$work/desk-million.csv" "$work/desk-million")

summary="$out/summary.txt"
{
  echo "load figures, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, release builds, one run each"
  echo
  printf '%-64s %9s %9s\n' case "wall s" "peak MiB"
  printf '%-64s %9s %9s\n' "1 bdesk export, 1,000 orgs ($rows1 invoices) -> CSV" "$t1" "$m1"
  printf '%-64s %9s %9s\n' "2 bdesk export, 1,000 orgs, 5 ms latency, concurrency 8 -> CSV" "$t2" "$m2"
  printf '%-64s %9s %9s\n' "3 bdesk export, 1 org x 100,000 invoices -> CSV" "$t3" "$m3"
  printf '%-64s %9s %9s\n' "4 bdesk export, 1 org x 100,000 invoices -> XLSX" "$t4" "$m4"
  printf '%-64s %9s %9s\n' "5 desk: fetch_orgs 1,000 orgs + query + export CSV" "$t5" "$m5"
  printf '%-64s %9s %9s\n' "6 desk: fetch 1 org x 100,000 invoices + query + export CSV" "$t6" "$m6"
  printf '%-64s %9s %9s\n' "7 desk: 1,000 orgs x 1,000, 20 ms, concurrency 16 (+ query, CSV)" "$t7" "$m7"
  echo
  echo "desk phases in seconds (the wall time adds start-up, settings and the exit; the peak"
  echo "is the process's VmHWM just before it exits; fetch includes caching every response):"
  echo "  5: $(cat "$work/desk-batch.out")"
  echo "  6: $(cat "$work/desk-huge.out")"
  echo "  7: $(cat "$work/desk-million.out")"
} | tee "$summary"
