#!/usr/bin/env bash
# Installs what Billing Desk needs on Debian/Ubuntu, and only what is missing, so a second
# run costs a few seconds. Usage: scripts/setup.sh app|test|bench
#   app   - what building and running the desktop app needs (WebKitGTK, the UI's npm packages)
#   test  - app + what the test suite needs (Xvfb, WebKitWebDriver, gnome-keyring, Chromium, tauri-driver,
#           cargo-fuzz, cargo-deny)
#   bench - test + hyperfine and a Python with requests for the comparison scripts
set -euo pipefail
mode=${1:-app}
root=$(cd "$(dirname "$0")/.." && pwd)

app_pkgs=(libwebkit2gtk-4.1-dev build-essential curl file libssl-dev pkg-config
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev)
test_pkgs=(xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 libsecret-tools imagemagick chromium)
bench_pkgs=(hyperfine python3-requests time)

pkgs=("${app_pkgs[@]}")
case "$mode" in
  app) ;;
  test) pkgs+=("${test_pkgs[@]}") ;;
  bench) pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 app|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v cargo >/dev/null || { echo "setup: Rust is missing; install it with rustup (https://rustup.rs) and rerun" >&2; exit 1; }
command -v npm >/dev/null || { echo "setup: Node.js 20+ with npm is missing; install it and rerun" >&2; exit 1; }

# npm ci only when the lock file changed since the last install.
if [ -f "$root/ui/package-lock.json" ]; then
  stamp="$root/ui/node_modules/.lock-stamp"
  if ! cmp -s "$root/ui/package-lock.json" "$stamp" 2>/dev/null; then
    (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$root/ui/package-lock.json" "$stamp"
    # Known advisories of what ships in the app (not the build and test tools). Reported, not
    # fatal: a registry without the audit endpoint (a mirror) must not stop a setup.
    echo "setup: npm audit of the UI's runtime packages"
    (cd "$root/ui" && npm audit --omit=dev) || echo "setup: npm audit reported advisories or could not reach the registry's audit service (see above)"
  fi
fi

if [ "$mode" != app ] && ! cargo fuzz --version >/dev/null 2>&1; then
  echo "setup: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi

if [ "$mode" != app ] && ! cargo deny --version >/dev/null 2>&1; then
  echo "setup: installing cargo-deny"
  cargo install cargo-deny --locked --version '^0.20' --quiet
fi

if [ "$mode" != app ] && ! command -v tauri-driver >/dev/null; then
  echo "setup: installing tauri-driver"
  cargo install tauri-driver --locked --version '^2' --quiet
fi
