//! `export_folder_open`: show the folder of an exported file in the file manager.

use tauri::Url;
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// Opens the folder of export `number`'s file and answers its path. The folder comes from
/// the history Rust recorded, never from the page.
#[tauri::command]
#[tracing::instrument(skip_all, fields(number))]
pub fn export_folder_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    number: u64,
) -> Result<String, CommandError> {
    let dir = state.desk.export_folder(number)?;
    let url = Url::from_directory_path(&dir).map_err(|()| {
        CommandError::internal(format!("The folder {} cannot be shown.", dir.display()))
    })?;
    crate::open::open_url(&app, &state.hooks, url.as_str())?;
    Ok(dir.display().to_string())
}
