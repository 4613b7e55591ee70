#!/usr/bin/env bash
# Kept for old habits: the README screenshot is made by scripts/window-shot.sh (WebDriver waits
# until the demo invoices are rendered, then `import -window root`). Usage: scripts/screenshot.sh [OUT]
set -euo pipefail
exec bash "$(dirname "$0")/window-shot.sh" "$@"
