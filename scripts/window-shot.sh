#!/usr/bin/env bash
# The README screenshot of the real Billing Desk window: the debug app under Xvfb on demo data
# (no connection, throwaway folders, a private keyring session), driven by WebDriver until the
# invoice rows are rendered, then `import -window root` into docs/screenshot.png.
# Usage: scripts/window-shot.sh [OUT]   (`make screenshot` runs it after installing what is missing)
#        BDESK_SHOT_VIEW=charts scripts/window-shot.sh docs/charts.png   # the charts instead of the cards
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# A fixed UI language: WebKit formats amounts and dates for it, and a bare CI environment has
# none (LANG unset gives ungrouped numbers such as "€ 25900.00").
shot_lang=${BDESK_SHOT_LANG:-en_US.UTF-8}
export LANG=$shot_lang LANGUAGE=${shot_lang%%.*}
out=$(realpath -m "${1:-docs/screenshot.png}")
command -v import >/dev/null || { echo "window-shot: import is missing (apt-get install imagemagick)" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tmp_out=$(mktemp "${TMPDIR:-/tmp}/bdesk-shot.XXXXXX.png")
trap 'rm -f "$tmp_out"' EXIT

BDESK_SHOT_OUT=$tmp_out BDESK_E2E_VITEST_CONFIG=vitest.tools.config.ts \
  BDESK_E2E_ARTIFACTS="$root/target/window-shot" \
  bash scripts/app-e2e.sh tools/window-shot
# Replace the old picture only once the new one is complete.
mv "$tmp_out" "$out"
echo "window-shot: wrote ${out#"$root"/}"
