//! `archive_folder_open`: show the PDF archive folder in the file manager.

use tauri::Url;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Creates the archive folder of the data source on screen if needed (owner-only) and opens
/// it; answers its path. The folder comes from Rust (the settings or the default), never from
/// the page.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn archive_folder_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<String, CommandError> {
    let dir = state.desk.archive_folder()?;
    let url = Url::from_directory_path(&dir).map_err(|()| {
        CommandError::internal(format!(
            "The archive folder {} cannot be shown.",
            dir.display()
        ))
    })?;
    crate::open::open_url(&app, &state.hooks, url.as_str())?;
    Ok(dir.display().to_string())
}
