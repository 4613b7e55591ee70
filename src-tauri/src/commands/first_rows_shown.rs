//! `first_rows_shown`: the UI's once-per-launch report that invoice rows are on screen; Rust
//! logs the launch time (see `crate::launch`). Carries nothing from the page but the call.

/// Logs "first invoice rows on screen" with the milliseconds since the launch began, the
/// first time only. Cannot fail.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn first_rows_shown() {
    if let Some(elapsed) = crate::launch::first_rows_shown() {
        tracing::info!(ms = elapsed.as_millis(), "first invoice rows on screen");
    }
}
