#!/usr/bin/env bash
# The window benchmark: the release app under Xvfb with 100k invoices from the stub
# (app-e2e/tools/bench-window.tool.ts, through scripts/app-e2e.sh), then the release binary's
# size. Prints a table; the figures also land in target/bench/window/summary.txt.
#   bash scripts/bench-window.sh                       # release build (heavy: LTO), then measure
#   BDESK_BENCH_PROFILE=debug bash scripts/bench-window.sh   # the debug build, no release build
#   BDESK_BENCH_ORG=huge-20000 BDESK_BENCH_CHANGES=30 ...    # another size / number of changes
#   BDESK_BENCH_ORG=huge-100 BDESK_BENCH_ORGS=10000 ...      # a million over 10,000 organizations
#   BDESK_BENCH_PERF=1 ...   # one more start on cached data under `perf record` (app and web view):
#                            # perf report -i target/bench/window/launch.perf.data --sort comm,dso
# No timing is asserted: the table gives the figures and their targets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
profile=${BDESK_BENCH_PROFILE:-release}
out=$root/target/bench/window

case "$profile" in
  release)
    [ -f ui/dist/index.html ] || (cd ui && npm run --silent build)
    echo "bench-window: cargo build --release (LTO, one codegen unit: several minutes on 2 cores)"
    # The release profile with the test hooks: the benchmark answers the native confirmations
    # (a new API address) through BDESK_TEST_CONFIRM, as the real-window suite does. Shipped
    # builds (scripts/package.sh) leave the hooks out.
    cargo build -p billing-desk -p billing-stub --release --features billing-desk/test-hooks --locked --quiet
    ;;
  debug) ;;
  *) echo "bench-window: BDESK_BENCH_PROFILE is release or debug, not $profile" >&2; exit 2 ;;
esac

status=0
BDESK_E2E_NO_BUILD=$([ "$profile" = release ] && echo 1 || echo "${BDESK_E2E_NO_BUILD:-}") \
  BDESK_E2E_APP="$root/target/$profile/billing-desk" BDESK_E2E_STUB="$root/target/$profile/billing-stub" \
  BDESK_E2E_VITEST_CONFIG=vitest.tools.config.ts BDESK_E2E_ARTIFACTS="$out" \
  bash scripts/app-e2e.sh tools/bench-window || status=$?

size=$(stat -c %s "target/$profile/billing-desk")
line=$(printf '| %-60s | %22s | %-12s |' "$profile binary size (target/$profile/billing-desk)" \
  "$(awk -v b="$size" 'BEGIN { printf "%.1f MB (%d B)", b / 1e6, b }')" "$([ "$profile" = release ] && echo '<= 15 MB')")
echo "$line" >>"$out/summary.txt"
echo
cat "$out/summary.txt"
exit "$status"
