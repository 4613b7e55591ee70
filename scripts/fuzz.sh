#!/usr/bin/env bash
# Runs fuzz targets (fuzz/fuzz_targets) for N seconds each (default 600), every target unless
# some are named: `scripts/fuzz.sh 600 decode money`. Installs cargo-fuzz when missing.
#
# FUZZ_PROFILE=dev builds the targets unoptimized (still instrumented for libFuzzer): a cold
# build then takes a few minutes instead of ~20 on two cores, at a fraction of the executions
# per second. `make test` uses it for its smoke run (`FUZZ_PROFILE=dev scripts/fuzz.sh 15`);
# the long runs use the default release build. Two runs can share the machine's cores:
# `scripts/fuzz.sh 600 decode money csv_export & scripts/fuzz.sh 600 xlsx_export org_path external_link`.
#
# Only the stable toolchain is here, so libFuzzer's nightly flags are unlocked with
# RUSTC_BOOTSTRAP=1; no sanitizer by default (FUZZ_SANITIZER=address works too: the ASan runtime
# ships in the stable sysroot). New inputs go to fuzz/work/<target> (ignored by git), the
# committed seeds in fuzz/corpus/<target> are only read; a crash stops the run, leaves its input
# in fuzz/artifacts/<target>/, and makes this script fail. Then: minimize it
# (`cargo fuzz tmin <target> <file>`), fix, and commit it to fuzz/corpus/<target>/ so
# crates/billing-core/tests/core/fuzz_regressions.rs replays it on every `cargo test`.
set -euo pipefail
seconds=${1:-600}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/fuzz"
export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-none}
profile=${FUZZ_PROFILE:-release}
shift || true

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

if (($#)); then targets="$*"; else targets=$(cargo fuzz list); fi
build_flags=(-s "$sanitizer")
case "$profile" in
  release) out=release ;;
  dev) build_flags+=(--dev); out=debug ;;
  *) echo "FUZZ_PROFILE is release or dev, not $profile" >&2; exit 2 ;;
esac
echo "==> building the fuzz targets (profile: $profile, sanitizer: $sanitizer)"
cargo fuzz build "${build_flags[@]}"
bin_dir=target/$(rustc -vV | sed -n 's/^host: //p')/$out

for target in $targets; do
  mkdir -p "work/$target" "artifacts/$target"
  dict=()
  if [ -f "dicts/$target.dict" ]; then dict=("-dict=dicts/$target.dict"); fi
  echo "==> $target for ${seconds}s"
  log="work/$target.log"
  status=0
  # The binaries built above, run directly: `cargo fuzz run` would rebuild first whenever
  # billing-core changed in the meantime (a shared checkout), eating into the time budget.
  "$bin_dir/$target" "work/$target" "corpus/$target" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" "${dict[@]}" >"$log" 2>&1 || status=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)|^Done ' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz target $target failed (exit $status); the input is in fuzz/artifacts/$target/" >&2
    exit "$status"
  fi
done
echo "==> all fuzz targets ran ${seconds}s without a crash"
