#!/usr/bin/env bash
# End-to-end benchmarks of `bdesk export` against the stub, each next to two plain scripts
# doing the same job in the same run (Python requests + csv, scripts/bench/compare_export.py;
# Node fetch + JSON.parse, scripts/bench/compare_export.mjs), so every figure is a ratio
# measured on this machine against the same stub:
#
#   1. one organization with 100k invoices to CSV (HTTP, decode, write): time and peak memory
#   2. the same to XLSX: time and peak memory (bdesk only; there is no script counterpart)
#   3. 200 organizations at 20 ms stub latency to one CSV: bdesk --concurrency 16 against
#      sequential scripts
#   4. (BENCH_MILLION=1) one organization with 1,000,000 invoices (about 520 MB) to CSV:
#      bdesk's time and peak memory (the scripts would hold the whole body and its parse)
#
# Usage: bash scripts/bench-cli.sh        (BENCH_RUNS=N sets the runs per case, default 5;
#        BENCH_NO_BUILD=1 uses the release binaries already in target/release;
#        BENCH_BASELINE=<another bdesk binary> times that build too, in the same run, on the
#        cases 1, 2 and 4, so a change is measured side by side with the build before it)
# Needs: a release build (done here), python3 with requests, node, /usr/bin/time; hyperfine
# when present (scripts/setup.sh bench installs it), else a plain timing loop.
# Results: printed, and written to target/bench/cli/summary.txt (+ hyperfine JSON files).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

runs=${BENCH_RUNS:-5}
out="$root/target/bench/cli"
work=$(mktemp -d "${TMPDIR:-/tmp}/bdesk-bench.XXXXXX")
mkdir -p "$out"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

python=${PYTHON:-python3}
if ! "$python" -c 'import requests' 2>/dev/null; then
  echo "bench-cli: $python cannot import requests; run 'bash scripts/setup.sh bench'" >&2
  exit 1
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench-cli: /usr/bin/time is missing; run 'bash scripts/setup.sh bench' (Debian package time)" >&2
  exit 1
fi

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "==> release build of bdesk and billing-stub"
  cargo build --release --quiet -p bdesk -p billing-stub
fi
bdesk="$root/target/release/bdesk"
stub="$root/target/release/billing-stub"
script="$root/scripts/bench/compare_export.py"
node_script="$root/scripts/bench/compare_export.mjs"

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
  echo "bench-cli: the stub did not start; see $work/stub-$1.err" >&2
  exit 1
}

export BDESK_TOKEN=bench-token
export BDESK_CONFIG_DIR="$work/config"

# mean_seconds NAME CMD...: mean wall time over $runs runs (after one warm-up run).
mean_seconds() {
  local name=$1
  shift
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$out/$name.json" "$*" >/dev/null
    "$python" -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$out/$name.json"
  else
    bash -c "$*" >/dev/null
    local start end
    start=$(date +%s.%N)
    for _ in $(seq "$runs"); do bash -c "$*" >/dev/null; done
    end=$(date +%s.%N)
    "$python" -c 'import sys; print("%.4f" % ((float(sys.argv[2]) - float(sys.argv[1])) / int(sys.argv[3])))' "$start" "$end" "$runs"
  fi
}

# peak_mib CMD...: peak resident memory of one run, in MiB.
peak_mib() {
  /usr/bin/time -v bash -c "exec $*" 2>"$work/time.txt" >/dev/null
  awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$work/time.txt"
}

# rows FILE: data rows of a CSV file.
rows() {
  "$python" -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))) - 1)' "$1"
}

ratio() { "$python" -c 'import sys; print("%.1f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

start_stub 0
fast=$stub_url
start_stub 20
slow=$stub_url
echo "==> stubs at $fast (no latency) and $slow (20 ms per request); $runs runs per case"

echo "==> 1. one organization, 100k invoices, to CSV"
b1="$bdesk export --base-url $fast --org huge-100000 --format csv -o $work/bdesk-100k.csv"
p1="$python $script --base-url $fast --org huge-100000 -o $work/script-100k.csv"
t_b1=$(mean_seconds huge-csv-bdesk "$b1")
n1="node $node_script --base-url $fast --org huge-100000 -o $work/node-100k.csv"
t_p1=$(mean_seconds huge-csv-script "$p1")
t_n1=$(mean_seconds huge-csv-node "$n1")
m_b1=$(peak_mib "$b1")
m_p1=$(peak_mib "$p1")
m_n1=$(peak_mib "$n1")
r_b1=$(rows "$work/bdesk-100k.csv")
r_p1=$(rows "$work/script-100k.csv")
r_n1=$(rows "$work/node-100k.csv")
baseline=${BENCH_BASELINE:-}
if [ -n "$baseline" ]; then
  t_a1=$(mean_seconds huge-csv-baseline "${b1/#$bdesk/$baseline}")
  m_a1=$(peak_mib "${b1/#$bdesk/$baseline}")
fi

echo "==> 2. one organization, 100k invoices, to XLSX"
b2="$bdesk export --base-url $fast --org huge-100000 --format xlsx -o $work/bdesk-100k.xlsx"
t_b2=$(mean_seconds huge-xlsx-bdesk "$b2")
m_b2=$(peak_mib "$b2")
if [ -n "$baseline" ]; then
  t_a2=$(mean_seconds huge-xlsx-baseline "${b2/#$bdesk/$baseline}")
  m_a2=$(peak_mib "${b2/#$bdesk/$baseline}")
fi

echo "==> 3. 200 organizations at 20 ms latency, to one CSV"
for i in $(seq -w 0 199); do echo "bench-org-$i"; done >"$work/orgs.txt"
b3="$bdesk export --base-url $slow --orgs-file $work/orgs.txt --concurrency 16 --format csv -o $work/bdesk-200.csv"
p3="$python $script --base-url $slow --orgs-file $work/orgs.txt -o $work/script-200.csv"
t_b3=$(mean_seconds batch-bdesk "$b3")
n3="node $node_script --base-url $slow --orgs-file $work/orgs.txt -o $work/node-200.csv"
t_p3=$(mean_seconds batch-script "$p3")
t_n3=$(mean_seconds batch-node "$n3")
m_b3=$(peak_mib "$b3")
m_p3=$(peak_mib "$p3")
r_b3=$(rows "$work/bdesk-200.csv")
r_p3=$(rows "$work/script-200.csv")
r_n3=$(rows "$work/node-200.csv")

if [ "${BENCH_MILLION:-0}" = 1 ]; then
  echo "==> 4. one organization, 1,000,000 invoices, to CSV"
  b4="$bdesk export --base-url $fast --org huge-1000000 --format csv -o $work/bdesk-1m.csv"
  # The stub builds the body once and keeps it; this first run pays for that.
  bash -c "$b4" >/dev/null 2>&1
  t_b4=$(mean_seconds million-csv-bdesk "$b4")
  m_b4=$(peak_mib "$b4")
  r_b4=$(rows "$work/bdesk-1m.csv")
  if [ -n "$baseline" ]; then
    t_a4=$(mean_seconds million-csv-baseline "${b4/#$bdesk/$baseline}")
    m_a4=$(peak_mib "${b4/#$bdesk/$baseline}")
  fi
fi

summary="$out/summary.txt"
{
  echo "bdesk export benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, mean of $runs runs"
  echo
  printf '%-50s %8s %9s %8s %7s %7s %9s %8s %8s\n' case "bdesk s" "python s" speedup "node s" speedup "bdesk MiB" "py MiB" "node MiB"
  printf '%-50s %8s %9s %8s %7s %7s %9s %8s %8s\n' "1 org x 100k invoices -> CSV ($r_b1/$r_p1/$r_n1 rows)" "$t_b1" "$t_p1" "$(ratio "$t_p1" "$t_b1")x" "$t_n1" "$(ratio "$t_n1" "$t_b1")x" "$m_b1" "$m_p1" "$m_n1"
  printf '%-50s %8s %9s %8s %7s %7s %9s %8s %8s\n' "1 org x 100k invoices -> XLSX" "$t_b2" "-" "-" "-" "-" "$m_b2" "-" "-"
  printf '%-50s %8s %9s %8s %7s %7s %9s %8s %8s\n' "200 orgs, 20 ms latency -> CSV ($r_b3/$r_p3/$r_n3 rows)" "$t_b3" "$t_p3" "$(ratio "$t_p3" "$t_b3")x" "$t_n3" "$(ratio "$t_n3" "$t_b3")x" "$m_b3" "$m_p3" "-"
  if [ "${BENCH_MILLION:-0}" = 1 ]; then
    printf '%-50s %8s %9s %8s %7s %7s %9s %8s %8s\n' "1 org x 1M invoices -> CSV ($r_b4 rows)" "$t_b4" "-" "-" "-" "-" "$m_b4" "-" "-"
  fi
  if [ -n "$baseline" ]; then
    echo
    echo "baseline $baseline, same run: 100k CSV ${t_a1} s ${m_a1} MiB; 100k XLSX ${t_a2} s ${m_a2} MiB${t_a4:+; 1M CSV ${t_a4} s ${m_a4} MiB}"
  fi
  echo
  echo "targets: case 1 at least 5x the Node script and at most 100 MiB; case 2 at most 1.2 s;"
  echo "case 3 at least 10x faster; case 4 at most 2 s and 300 MiB"
} | tee "$summary"
if [ "$r_b1" != "$r_p1" ] || [ "$r_b1" != "$r_n1" ] || [ "$r_b3" != "$r_p3" ] || [ "$r_b3" != "$r_n3" ]; then
  echo "bench-cli: row counts differ between bdesk and the script; the comparison is not like for like" >&2
  exit 1
fi
