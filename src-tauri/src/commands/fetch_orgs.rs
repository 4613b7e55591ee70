//! `fetch_orgs`: fetch some or all organizations, with `fetch-progress` events.

use billing_core::desk::OrgStatus;
use billing_core::progress::Progress;
use tauri::State;
use tauri::{AppHandle, Emitter, Runtime};

use crate::error::CommandError;
use crate::state::AppState;

/// The event carrying [`FetchProgress`].
pub const FETCH_PROGRESS_EVENT: &str = "fetch-progress";

/// Fetches `org_ids` (`null`: every organization of the list); `force: false` keeps data
/// fetched in this session. A fetch of an organization already running is joined.
#[tauri::command]
#[tracing::instrument(skip_all, fields(force))]
pub async fn fetch_orgs<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    org_ids: Option<Vec<String>>,
    force: bool,
) -> Result<Vec<OrgStatus>, CommandError> {
    let progress = move |p: Progress| {
        if let Err(error) = app.emit(FETCH_PROGRESS_EVENT, p) {
            tracing::warn!(%error, "could not send fetch progress to the window");
        }
    };
    Ok(state
        .desk
        .fetch_orgs(org_ids.as_deref(), force, progress)
        .await?)
}
