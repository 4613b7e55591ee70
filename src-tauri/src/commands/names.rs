// The name of every command in `with_commands`, in one place: build.rs `include!`s this file
// to generate their permissions, and tests check capabilities/default.json and
// isolation/index.js against it.

/// Every `#[tauri::command]` the UI may call.
pub const COMMANDS: &[&str] = &["app_info"];
