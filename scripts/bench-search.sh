#!/usr/bin/env bash
# A search typed during a batch of 1,000 organizations (app-e2e/tools/bench-batch-search.tool.ts):
# last key press to the frame that shows the answer, in the real window under Xvfb, once on an
# otherwise quiet machine and once with one core kept busy by another process (a shell loop).
#   bash scripts/bench-search.sh                          # release build, then measure
#   BDESK_BENCH_PROFILE=debug bash scripts/bench-search.sh    # the debug build as it is
#   BDESK_BENCH_BASELINE=/path/to/other/billing-desk bash scripts/bench-search.sh
#       # the same rounds with another build of the app first (e.g. an earlier commit's), so
#       # both are measured side by side in one run
#   BDESK_BENCH_THOUSAND=1 bash scripts/bench-search.sh
#       # then, per app, a batch of 1,000 organizations x 1,000 invoices at 20 ms latency on a
#       # quiet machine (app-e2e/tools/bench-batch-input.tool.ts): keys typed during it, key
#       # press to the frame that shows the key, and every frame interval until it ends
# Figures only: the table lands in target/bench/search/summary.txt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=${BDESK_BENCH_PROFILE:-release}
out=$root/target/bench/search

case "$profile" in
  release)
    [ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
    echo "bench-search: cargo build --release (LTO, one codegen unit: several minutes on 2 cores)"
    # The release profile with the test hooks: the benchmark answers the native confirmations
    # (a new API address) through BDESK_TEST_CONFIRM, as the real-window suite does. Shipped
    # builds (scripts/package.sh) leave the hooks out.
    cargo build -p billing-desk -p billing-stub --release --features billing-desk/test-hooks --locked --quiet
    ;;
  debug) ;;
  *) echo "bench-search: BDESK_BENCH_PROFILE is release or debug, not $profile" >&2; exit 2 ;;
esac

rm -rf "$out"
mkdir -p "$out"
{
  echo "Search typed during a batch (huge-100000 + 999 x slow-headers-400), $(date -u +%F) on $(nproc) cores"
  echo
  printf '| %-44s | %-9s | %6s | %7s | %7s | %7s |\n' app load rounds p50 p95 max
  printf '|%s|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..11})" \
    "$(printf -- '-%.0s' {1..8})" "$(printf -- '-%.0s' {1..9})" "$(printf -- '-%.0s' {1..9})" "$(printf -- '-%.0s' {1..9})"
} >"$out/summary.txt"

spinner=""
stop_spinner() {
  if [ -n "$spinner" ]; then kill "$spinner" 2>/dev/null || true; wait "$spinner" 2>/dev/null || true; spinner=""; fi
}
trap stop_spinner EXIT

status=0
# Runs the real-window tool $2 against the app $1, its artifacts in a folder named after the
# app's build and $3; further environment (BDESK_BENCH_LOAD) comes from the caller.
run_tool() {
  local app=$1 tool=$2 suffix=$3
  BDESK_E2E_NO_BUILD=$([ "$profile" = release ] && echo 1 || echo "${BDESK_E2E_NO_BUILD:-}") \
    BDESK_E2E_APP="$app" BDESK_E2E_STUB="$root/target/$profile/billing-stub" \
    BDESK_E2E_VITEST_CONFIG=vitest.tools.config.ts BDESK_E2E_ARTIFACTS="$out/$(basename "$(dirname "$app")")-$suffix" \
    BDESK_BENCH_LABEL="${app#"$root"/}" \
    bash scripts/app-e2e.sh "tools/$tool" || status=$?
}
apps=()
[ -n "${BDESK_BENCH_BASELINE:-}" ] && apps+=("$BDESK_BENCH_BASELINE")
apps+=("$root/target/$profile/billing-desk")
for app in "${apps[@]}"; do
  for load in quiet busy; do
    if [ "$load" = busy ]; then
      # One core busy with work that is not the app's.
      sh -c 'while :; do :; done' &
      spinner=$!
    fi
    BDESK_BENCH_LOAD=$load run_tool "$app" bench-batch-search "$load"
    stop_spinner
  done
  if [ "${BDESK_BENCH_THOUSAND:-0}" = 1 ]; then
    run_tool "$app" bench-batch-input thousand
  fi
done
echo
cat "$out/summary.txt"
exit "$status"
