// Tauri's isolation pattern: every IPC message of the UI passes through this hook, in a
// sandboxed iframe that no npm package of the UI can reach, before Tauri encrypts it for Rust.
// This file is not built by the UI's toolchain, so a compromised dependency cannot rewrite it.
//
// The hook lets through only the app's own commands (the list in src/commands/names.rs; a
// Rust test keeps the two in step), plus `plugin:event|listen` / `plugin:event|unlisten` so the
// UI can follow the fetch-progress and pdf-progress events (the capability grants only those
// two core permissions). Anything else is renamed so that Rust rejects it at once with
// "command not found": throwing here would leave the UI's promise pending forever.
'use strict'

const ALLOWED_COMMANDS = Object.freeze([
  'app_info',
  'settings_get',
  'connection_test',
  'connection_add',
  'connection_use',
  'connection_remove',
  'token_set',
  'token_clear',
  'token_status',
  'orgs_add',
  'org_remove',
  'org_label',
  'orgs_list',
  'fetch_orgs',
  'fetch_cancel',
  'invoices_query',
  'payment_methods',
  'invoice_open',
  'invoice_link',
  'pdfs_download',
  'pdfs_cancel',
  'export_invoices',
  'prefs_set',
  'plugin:event|listen',
  'plugin:event|unlisten',
])

window.__TAURI_ISOLATION_HOOK__ = (payload) => {
  if (payload && ALLOWED_COMMANDS.includes(payload.cmd)) {
    return payload
  }
  const blocked = Object.assign(Object.create(null), payload)
  blocked.cmd = 'blocked_by_isolation'
  return blocked
}
