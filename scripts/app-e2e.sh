#!/usr/bin/env bash
# End-to-end tests of the real Billing Desk window (app-e2e/): the debug app binary driven by
# tauri-driver + WebKitWebDriver under Xvfb, against the real stub server, inside a private
# D-Bus session with an unlocked gnome-keyring (scripts/with-keyring.sh).
#
#   bash scripts/app-e2e.sh                  # build what is missing or stale, run every scenario
#   bash scripts/app-e2e.sh tests/01-demo    # only the files matching (vitest filters)
#   BDESK_E2E_NO_BUILD=1 bash scripts/app-e2e.sh   # skip the cargo build (already built)
#
# scripts/window-shot.sh and scripts/bench-window.sh reuse this runner for their WebDriver tools
# (app-e2e/tools/) through BDESK_E2E_VITEST_CONFIG, BDESK_E2E_ARTIFACTS, BDESK_E2E_APP,
# BDESK_E2E_STUB and BDESK_E2E_BDESK.
#
# The suite starts one tauri-driver per app launch itself (on free ports): the app inherits the
# driver's environment, and each launch needs its own BDESK_CONFIG_DIR, BDESK_CACHE_DIR,
# BDESK_DATA_DIR, BDESK_TEST_OPENER_LOG and BDESK_TEST_SAVE_DIR. Logs, and a screenshot plus
# the page's HTML of every failed test, land in target/app-e2e/.
# Needs xvfb, webkit2gtk-driver, gnome-keyring, dbus, libsecret-tools and tauri-driver
# (`bash scripts/setup.sh test` installs them). Safe to run twice in a row or concurrently.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

say() { printf 'app-e2e: %s\n' "$*"; }

tauri_driver=$(command -v tauri-driver || true)
[ -n "$tauri_driver" ] || tauri_driver=${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver
for tool in Xvfb WebKitWebDriver secret-tool "$tauri_driver"; do
  command -v "$tool" >/dev/null || { say "$tool is missing: run 'bash scripts/setup.sh test'" >&2; exit 1; }
done

# npm packages of the suite, only when its lock file changed since the last install.
stamp=app-e2e/node_modules/.lock-stamp
if ! cmp -s app-e2e/package-lock.json "$stamp" 2>/dev/null; then
  (cd app-e2e && npm ci --no-audit --no-fund --loglevel=error)
  cp app-e2e/package-lock.json "$stamp"
fi

# The suite's own TypeScript, strict (vitest only strips types).
(cd app-e2e && node_modules/.bin/tsc --noEmit -p .)

if [ "${BDESK_E2E_NO_BUILD:-}" != 1 ]; then
  # The app embeds ui/dist: build it when missing or older than a UI source file.
  if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/src ui/index.html ui/public -newer ui/dist/index.html -print -quit)" ]; then
    say "building the UI"
    [ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    (cd ui && npm run --silent build)
  fi
  say "building billing-desk, billing-stub and bdesk (debug)"
  cargo build -p billing-desk -p billing-stub -p bdesk --features billing-desk/test-hooks --locked --quiet
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bdesk-app-e2e.XXXXXX")
artifacts=${BDESK_E2E_ARTIFACTS:-$root/target/app-e2e}
# Fresh artifacts each run; only ever a folder under target/ is wiped.
case $artifacts in "$root"/target/?*) rm -rf "$artifacts" ;; esac
mkdir -p "$artifacts"
xvfb_pid=""
cleanup() {
  # Leftovers of a crashed suite: members of the process groups it recorded that still carry
  # this run's BDESK_E2E_TMP in their environment (so a reused id never hits someone else).
  if [ -f "$tmp/process-groups" ]; then
    while read -r pgid; do
      for pid in $(pgrep -g "$pgid" 2>/dev/null || true); do
        if { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -qxF "BDESK_E2E_TMP=$tmp"; then
          kill -KILL "$pid" 2>/dev/null || true
        fi
      done
    done <"$tmp/process-groups"
  fi
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free display: Xvfb itself refuses one that is taken (its lock file), so try the next.
display=""
for n in $(seq 100 199); do
  [ -e "/tmp/.X$n-lock" ] && continue
  Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >"$artifacts/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 50); do
    [ -e "/tmp/.X11-unix/X$n" ] && break
    kill -0 "$xvfb_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$xvfb_pid" 2>/dev/null && [ -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
done
[ -n "$display" ] || { say "no free X display between :100 and :199" >&2; cat "$artifacts/xvfb.log" >&2; exit 1; }
say "Xvfb on :$display"

export DISPLAY=":$display"
export BDESK_E2E_APP=${BDESK_E2E_APP:-$root/target/debug/billing-desk}
export BDESK_E2E_STUB=${BDESK_E2E_STUB:-$root/target/debug/billing-stub}
export BDESK_E2E_BDESK=${BDESK_E2E_BDESK:-$root/target/debug/bdesk}
export BDESK_E2E_TAURI_DRIVER=$tauri_driver
export BDESK_E2E_ARTIFACTS=$artifacts
export BDESK_E2E_TMP=$tmp
# No accessibility bus for the app: nothing here reads it, and it adds a daemon per launch.
export NO_AT_BRIDGE=1
[ -t 1 ] || export NO_COLOR=1

start=$(date +%s)
status=0
export BDESK_E2E_VITEST_CONFIG=${BDESK_E2E_VITEST_CONFIG:-vitest.config.ts}
bash scripts/with-keyring.sh sh -c 'cd app-e2e && exec node_modules/.bin/vitest run --config "$BDESK_E2E_VITEST_CONFIG" "$@"' \
  vitest "$@" || status=$?
say "finished in $(($(date +%s) - start)) s with status $status (logs: ${artifacts#"$root"/}/)"
exit "$status"
