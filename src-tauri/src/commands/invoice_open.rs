//! `invoice_open`: open an invoice's hosted page or PDF in the browser, validated in Rust.

use billing_core::desk::{OpenOutcome, OpenTarget};
use tauri::State;
use tauri::{AppHandle, Runtime};

use crate::error::CommandError;
use crate::state::AppState;

/// Looks the link up by (organization, invoice), validates it, asks before a host that is
/// not known, opens it; a PDF whose link fails opens from the local archive when a verified
/// copy exists, and "Open archived copy" opens that copy ([`billing_core::desk::Desk::open_plan`]). Async so that the question's dialog never waits on the main thread.
#[tauri::command]
#[tracing::instrument(skip_all, fields(target = ?target))]
pub async fn invoice_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    org_id: String,
    invoice_id: String,
    row: Option<usize>,
    target: OpenTarget,
) -> Result<OpenOutcome, CommandError> {
    let outcome = state
        .desk
        .open_plan(&org_id, &invoice_id, row, target)
        .await?;
    crate::confirm::link_host(&app, &state, &outcome.url).await?;
    crate::open::open_url(&app, &state.hooks, &outcome.url)?;
    Ok(outcome)
}
