#!/usr/bin/env bash
# Builds the UI and the app, then starts Billing Desk. With no connection configured the app
# opens on demo data served by an in-process stub, so this works before you own a token.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  cat >&2 <<'MSG'
billing-desk needs a graphical display (no DISPLAY or WAYLAND_DISPLAY is set).
On a headless machine use the command line instead, for example:
  cargo run -p bdesk -- --demo invoices --org acme-corp
or run the window under a virtual display: xvfb-run -a make run
MSG
  exit 1
fi

(cd ui && npm run --silent build)
cargo build -p billing-desk --locked
exec ./target/debug/billing-desk "$@"
