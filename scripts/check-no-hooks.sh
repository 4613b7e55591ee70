#!/usr/bin/env bash
# Fails when the given billing-desk binary can read a test hook: the names of the variables
# that redirect opened links, saved files, confirmations (src-tauri/src/state.rs), the update
# server and the policy file (src-tauri/src/updates.rs) are in it only when it was built with
# the `test-hooks` feature. Run on the app of `make run`, a
# release or a package build:
#   bash scripts/check-no-hooks.sh target/release/billing-desk
set -euo pipefail
bin=${1:?usage: check-no-hooks.sh BINARY}
[ -f "$bin" ] || { echo "check-no-hooks: no such file: $bin" >&2; exit 2; }
found=0
for name in BDESK_TEST_OPENER_LOG BDESK_TEST_SAVE_DIR BDESK_TEST_CONFIRM \
  BDESK_TEST_UPDATE_ENDPOINT BDESK_TEST_UPDATE_PUBKEY BDESK_TEST_POLICY_FILE; do
  if grep -a -q -F "$name" "$bin"; then
    echo "check-no-hooks: $bin reads $name: it was built with the test-hooks feature" >&2
    found=1
  fi
done
[ "$found" = 0 ] && echo "check-no-hooks: $bin has no test hooks"
exit "$found"
