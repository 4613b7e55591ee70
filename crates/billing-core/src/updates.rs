//! Updates: whether IT allows checking for them (the policy) and where a check stands (the
//! status the About dialog and the diagnostics show). The check itself, with its signature
//! verification, is the desktop shell's (`tauri-plugin-updater`); `bdesk` comes with the
//! same package and is updated with it.

mod policy;
mod status;

pub use policy::{POLICY_FILE, UPDATES_ENV, UpdatePolicy};
pub use status::UpdateStatus;
