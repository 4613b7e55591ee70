#!/usr/bin/env bash
# `make package`: the release app and the Linux packages that build offline, a .deb and an
# .rpm (the Tauri bundler makes both itself), each with the desktop entry, the icons and
# `bdesk` installed beside the app as /usr/bin/bdesk.
#   bash scripts/package.sh            # -> target/release/bundle/{deb,rpm}/
# AppImage, MSI/NSIS and DMG are not made here: see the README's "Install".
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
echo "package: the UI"
(cd ui && npm run --silent build)
# bdesk first: the bundles copy target/release/bdesk.
echo "package: cargo build --release -p bdesk (LTO, one codegen unit: minutes on 2 cores)"
cargo build --release --locked --quiet -p bdesk
echo "package: tauri build --bundles deb,rpm"
# The UI is built above; the CLI would run beforeBuildCommand from the repository root, where
# its `--prefix ../ui` points outside the repository.
(cd src-tauri && ../ui/node_modules/.bin/tauri build --ci --bundles deb,rpm \
  --config '{"build":{"beforeBuildCommand":""}}' -- --locked)
bash scripts/check-no-hooks.sh target/release/billing-desk
size=$(stat -c %s target/release/billing-desk)
echo "package: target/release/billing-desk is $(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1e6 }')"
if [ "$size" -gt 15000000 ]; then
  echo "package: the release binary is over 15 MB" >&2
  exit 1
fi
ls -l target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm
