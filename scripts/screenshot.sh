#!/usr/bin/env bash
# A screenshot of the real Billing Desk window under a virtual X display, for the README:
# builds the UI and the app (cargo rebuilds only what changed), starts Xvfb on a free display,
# runs the app there with a throwaway config dir, waits, and writes docs/screenshot.png.
# Needs xvfb and imagemagick (`make screenshot` installs them). Usage: scripts/screenshot.sh [OUT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=${1:-docs/screenshot.png}
wait_s=${SCREENSHOT_WAIT:-8}

for tool in Xvfb import; do
  command -v "$tool" >/dev/null || { echo "screenshot: $tool is missing (apt-get install xvfb imagemagick)" >&2; exit 1; }
done

[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
(cd ui && npm run --silent build)
cargo build -p billing-desk --locked --quiet

display=""
for n in $(seq 99 199); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=$n; break; fi
done
[ -n "$display" ] || { echo "screenshot: no free X display between :99 and :199" >&2; exit 1; }

tmp=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
  [ -z "$app_pid" ] || kill "$app_pid" 2>/dev/null || true
  [ -z "$xvfb_pid" ] || kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do
  [ -e "/tmp/.X11-unix/X$display" ] && break
  kill -0 "$xvfb_pid" 2>/dev/null || { cat "$tmp/xvfb.log" >&2; exit 1; }
  sleep 0.1
done

# A fresh config dir, so a remembered window size does not leak into the picture, and no
# session bus, so single-instance cannot hand over to a Billing Desk already running here.
DISPLAY=":$display" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" \
  DBUS_SESSION_BUS_ADDRESS="unix:path=$tmp/no-bus" RUST_LOG=warn \
  ./target/debug/billing-desk >"$tmp/app.log" 2>&1 &
app_pid=$!
sleep "$wait_s"
kill -0 "$app_pid" 2>/dev/null || { echo "screenshot: the app exited early:" >&2; cat "$tmp/app.log" >&2; exit 1; }

mkdir -p "$(dirname "$out")"
DISPLAY=":$display" import -window root "$out"
echo "screenshot: wrote $out"
