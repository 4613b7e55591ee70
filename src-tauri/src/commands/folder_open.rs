//! `folder_open`: show one of the app's folders (settings, data, cache, logs) in the file
//! manager, from the About dialog.

use billing_core::desk::FolderKind;
use tauri::Url;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Creates the folder `kind` if needed (owner-only) and opens it; answers its path. The page
/// names a kind, never a path: the path comes from Rust.
#[tauri::command]
#[tracing::instrument(skip_all, fields(?kind))]
pub fn folder_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    kind: FolderKind,
) -> Result<String, CommandError> {
    let dir = state.desk.folder(kind);
    billing_core::durable_file::create_private_dir(&dir).map_err(|error| {
        CommandError::internal(format!(
            "The folder {} cannot be created: {error}.",
            dir.display()
        ))
    })?;
    let url = Url::from_directory_path(&dir).map_err(|()| {
        CommandError::internal(format!("The folder {} cannot be shown.", dir.display()))
    })?;
    crate::open::open_url(&app, &state.hooks, url.as_str())?;
    Ok(dir.display().to_string())
}
