// Tauri's isolation pattern: every IPC message of the UI passes through this hook, in a
// sandboxed iframe that no npm package of the UI can reach, before Tauri encrypts it for Rust.
// This file is not built by the UI's toolchain, so a compromised dependency cannot rewrite it.
//
// The hook lets through only the app's own commands (the list in src/commands/names.rs; a
// Rust test keeps the two in step). Anything else is renamed so that Rust rejects it at once
// with "command not found": throwing here would leave the UI's promise pending forever.
'use strict'

const ALLOWED_COMMANDS = Object.freeze(['app_info'])

window.__TAURI_ISOLATION_HOOK__ = (payload) => {
  if (payload && ALLOWED_COMMANDS.includes(payload.cmd)) {
    return payload
  }
  const blocked = Object.assign(Object.create(null), payload)
  blocked.cmd = 'blocked_by_isolation'
  return blocked
}
