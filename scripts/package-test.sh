#!/usr/bin/env bash
# `make package-test`: installs the .deb that scripts/package.sh built on this machine, checks
# what it installed (the app, bdesk of the same version, the desktop entry, the icons, no test
# hooks), starts the installed billing-desk under Xvfb through tauri-driver and checks that the
# demo invoices show (app-e2e/tests/01-demo), then removes the package and checks that every
# file it installed is gone. Needs root or sudo (apt-get).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf 'package-test: %s\n' "$*"; }

deb=$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)
[ -n "$deb" ] || { say "no .deb in target/release/bundle/deb: run 'make package' first" >&2; exit 1; }
name=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
if dpkg -s "$name" >/dev/null 2>&1; then
  say "$name is installed already; this test installs and removes it itself" >&2
  exit 1
fi

say "installing $deb ($name $version)"
$sudo apt-get install -y --no-install-recommends "./$deb" >/dev/null
installed=$(dpkg -L "$name")
removed=0
remove() {
  [ "$removed" = 1 ] && return
  removed=1
  $sudo apt-get purge -y "$name" >/dev/null
}
trap remove EXIT

[ "$(command -v billing-desk)" = /usr/bin/billing-desk ] || { say "billing-desk is not /usr/bin/billing-desk" >&2; exit 1; }
got=$(bdesk --version)
[ "$got" = "bdesk $version" ] || { say "bdesk --version says '$got', the package is $version" >&2; exit 1; }
grep -qE '^/usr/share/applications/.+\.desktop$' <<<"$installed" || { say "no desktop entry" >&2; exit 1; }
grep -qE '^/usr/share/icons/hicolor/.+/billing-desk\.png$' <<<"$installed" || { say "no icons" >&2; exit 1; }
desktop=$(grep -E '^/usr/share/applications/.+\.desktop$' <<<"$installed" | head -1)
grep -qx 'Exec=billing-desk' "$desktop" || { say "the desktop entry does not start billing-desk: $(grep Exec "$desktop")" >&2; exit 1; }
bash scripts/check-no-hooks.sh /usr/bin/billing-desk
depends=$(dpkg-deb -f "$deb" Depends)
grep -q 'libwebkit2gtk-4.1' <<<"$depends" || { say "Depends lacks WebKitGTK 4.1: $depends" >&2; exit 1; }
say "installed: $(wc -l <<<"$installed") paths; Depends: $depends"

say "the installed app on demo data, in the real window"
BDESK_E2E_NO_BUILD=1 BDESK_E2E_APP=/usr/bin/billing-desk BDESK_E2E_BDESK=/usr/bin/bdesk \
  BDESK_E2E_ARTIFACTS="$root/target/package-test" bash scripts/app-e2e.sh tests/01-demo

say "removing $name"
remove
left=""
while read -r path; do
  [ -e "$path" ] && [ ! -d "$path" ] && left="$left $path"
done <<<"$installed"
[ -z "$left" ] || { say "files left behind:$left" >&2; exit 1; }
! command -v billing-desk >/dev/null || { say "billing-desk is still on PATH" >&2; exit 1; }
say "installed, started, removed: nothing of the package is left"
