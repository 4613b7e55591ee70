#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, so tests
# use a real Secret Service without touching the user's own keyring, settings or caches.
#
#   bash scripts/with-keyring.sh cargo test -p billing-core --test keyring_secret_service
#
# - HOME (and XDG_*) point into a temp folder for the duration, removed afterwards; the
#   keyring lives there too. RUSTUP_HOME, CARGO_HOME and the npm cache keep pointing at the
#   real ones so cargo and npm work unchanged.
# - Works as root and as a normal user. Exits with the command's exit status.
# - Needs dbus-run-session (dbus), gnome-keyring-daemon (gnome-keyring) and, for tests that
#   read items back, secret-tool (libsecret-tools): `bash scripts/setup.sh test` installs them.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool not found; run 'bash scripts/setup.sh test' (Debian packages dbus, gnome-keyring, dbus-x11, libsecret-tools)" >&2
    exit 127
  fi
done

# Resolve these before HOME changes, or rustup and cargo would look in the temp home.
real_home=${HOME:-$(cd ~ && pwd)}
export RUSTUP_HOME=${RUSTUP_HOME:-$real_home/.rustup}
export CARGO_HOME=${CARGO_HOME:-$real_home/.cargo}
export npm_config_cache=${npm_config_cache:-$real_home/.npm}

session_home=$(mktemp -d "${TMPDIR:-/tmp}/bdesk-keyring.XXXXXX")
cleanup() { rm -rf "$session_home"; }
trap cleanup EXIT

export HOME=$session_home
export XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache XDG_DATA_HOME=$HOME/.local/share
export XDG_RUNTIME_DIR=$HOME/run
mkdir -p "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$HOME" "$XDG_RUNTIME_DIR"
# Nothing inside may reach a keyring or bus of the outer session.
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# Tells the keyring integration tests they may write to this (throwaway) keyring.
export BDESK_KEYRING_SESSION=1

# A throwaway password for a throwaway keyring.
KEYRING_PASSWORD=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
export KEYRING_PASSWORD

status=0
dbus-run-session -- sh -c '
  set -e
  # --unlock reads the password on stdin, creates the "login" keyring on first use and makes
  # it the default collection; it prints GNOME_KEYRING_CONTROL for us to export.
  eval "$(printf %s "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"
  unset KEYRING_PASSWORD
  export GNOME_KEYRING_CONTROL
  # Wait (up to 5 s) until the daemon owns the Secret Service name on this bus.
  if command -v dbus-send >/dev/null 2>&1; then
    i=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
        | grep -q "boolean true"; do
      i=$((i + 1))
      if [ "$i" -ge 50 ]; then
        echo "with-keyring: gnome-keyring did not register the Secret Service" >&2
        exit 125
      fi
      sleep 0.1
    done
  fi
  set +e
  "$@"
' with-keyring "$@" || status=$?
exit "$status"
