//! A token typed for an API address that no saved connection uses is sent only after the user
//! confirms that address in a native dialog, which the web view can neither draw nor answer.
//! A compromised page can therefore not make Rust send a credentialed request to an origin of
//! its choosing.

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Returns once `base_url`'s origin is saved, was confirmed earlier in this run, or the user
/// confirms it now.
///
/// # Errors
/// [`ErrorCode::InvalidInput`] for an unusable URL, [`ErrorCode::Cancelled`] when the user
/// declines (nothing was sent).
pub async fn origin<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    base_url: &str,
) -> Result<(), CommandError> {
    let (origin, saved) = state.desk.origin_saved(base_url)?;
    if saved || state.confirmed_origins().contains(&origin) {
        return Ok(());
    }
    tracing::info!(%origin, "asking the user to confirm a new API address");
    let yes = match state.hooks.confirm_origin {
        Some(answer) => answer,
        None => ask(app, &origin).await?,
    };
    if !yes {
        return Err(CommandError::new(
            ErrorCode::Cancelled,
            format!("Nothing was sent: {origin} was not confirmed as the API address."),
        ));
    }
    state.confirmed_origins().insert(origin);
    Ok(())
}

async fn ask<R: Runtime>(app: &AppHandle<R>, origin: &str) -> Result<bool, CommandError> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .message(format!(
            "Billing Desk is about to send the API token you entered to\n\n{origin}\n\n\
             Send it only if this is your billing API's address."
        ))
        .title("Send the API token to a new address?")
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Send token".to_owned(),
            "Cancel".to_owned(),
        ))
        .show(move |yes| {
            // The receiver only goes away if the command was dropped; nothing to tell then.
            let _ = tx.send(yes);
        });
    rx.await
        .map_err(|_| CommandError::internal("The confirmation dialog closed unexpectedly."))
}
