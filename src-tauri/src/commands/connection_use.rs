//! `connection_use`: switch the data source (`null`: the demo).

use billing_core::settings::Settings;
use tauri::State;

use crate::error::CommandError;
use crate::state::AppState;

/// Makes a connection (or the demo) active.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn connection_use(
    state: State<'_, AppState>,
    name: Option<String>,
) -> Result<Settings, CommandError> {
    Ok(state.desk.connection_use(name.as_deref()).await?)
}
