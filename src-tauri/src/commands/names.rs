// The name of every command in `with_commands`, in one place: build.rs `include!`s this file
// to generate their permissions, and tests check capabilities/default.json and ui/src/ipc.ts
// against it.

/// Every `#[tauri::command]` the UI may call.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "settings_get",
    "connection_test",
    "connection_add",
    "connection_use",
    "connection_remove",
    "connection_update",
    "connection_check",
    "connections_overview",
    "token_set",
    "token_clear",
    "token_status",
    "orgs_add",
    "org_remove",
    "org_label",
    "orgs_list",
    "fetch_orgs",
    "fetch_cancel",
    "invoices_query",
    "payment_methods",
    "invoice_open",
    "invoice_link",
    "pdfs_download",
    "pdfs_cancel",
    "pdf_download_invoice",
    "archive_folder_open",
    "export_check",
    "export_invoices",
    "export_cancel",
    "prefs_set",
    "first_rows_shown",
];
