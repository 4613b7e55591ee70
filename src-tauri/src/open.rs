//! Handing a validated URL to the system browser (or, in tests, to a log file).

use std::io::Write;

use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;

use crate::error::CommandError;
use crate::state::Hooks;

/// Opens `url`, which the core has validated (https, loopback http, or an archived file).
///
/// # Errors
/// [`CommandError::internal`] when no browser could be started or the log not written.
pub fn open_url<R: Runtime>(
    app: &AppHandle<R>,
    hooks: &Hooks,
    url: &str,
) -> Result<(), CommandError> {
    if let Some(log) = &hooks.opener_log {
        return std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .and_then(|mut file| file.write_all(format!("{url}\n").as_bytes()))
            .map_err(|e| {
                CommandError::internal(format!("Could not record the link to open: {e}."))
            });
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| CommandError::internal(format!("Could not open the browser: {e}.")))
}
