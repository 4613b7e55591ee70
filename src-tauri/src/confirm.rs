//! Questions only the user may answer, asked in native dialogs the web view can neither draw
//! nor answer:
//! - a token typed for an API address that no saved connection uses is sent only after the
//!   user confirms that address, so a compromised page cannot make Rust send a credentialed
//!   request to an origin of its choosing;
//! - an invoice link to a host that is neither Stripe's, the API's own nor one confirmed
//!   before opens only after the user has seen the host.

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
    let message = format!(
        "Billing Desk is about to send the API token you entered to\n\n{origin}\n\nSend it only \
         if this is your billing API's address."
    );
    let yes = ask(
        app,
        state,
        "Send the API token to a new address?",
        message,
        "Send token",
    )
    .await?;
    if !yes {
        return Err(CommandError::new(
            ErrorCode::Cancelled,
            format!("Nothing was sent: {origin} was not confirmed as the API address."),
        ));
    }
    state.confirmed_origins().insert(origin);
    Ok(())
}

/// Returns once `url` may be opened: its host is known, or the user agrees to open links to
/// it (remembered for the connection).
///
/// # Errors
/// [`ErrorCode::Cancelled`] when the user declines (nothing was opened), or a settings error.
pub async fn link_host<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    url: &str,
) -> Result<(), CommandError> {
    let Some(host) = state.desk.link_needs_confirming(url) else {
        return Ok(());
    };
    tracing::info!(%host, "asking the user before opening a link to a new host");
    let message = format!(
        "This invoice link leads to\n\n{host}\n\nwhich is neither Stripe nor your billing API. \
         Open it, and links to this host from now on?"
    );
    if !ask(app, state, "Open a link to a new host?", message, "Open").await? {
        return Err(CommandError::new(
            ErrorCode::Cancelled,
            format!("The link was not opened: {host} was not confirmed."),
        ));
    }
    Ok(state.desk.link_host_allow(&host)?)
}

/// The user's answer: the debug build's test hook when set, else a native dialog.
async fn ask<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    title: &str,
    message: String,
    yes: &str,
) -> Result<bool, CommandError> {
    if let Some(answer) = state.hooks.confirm {
        return Ok(answer);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .message(message)
        .title(title)
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(
            yes.to_owned(),
            "Cancel".to_owned(),
        ))
        .show(move |answer| {
            // The receiver only goes away if the command was dropped; nothing to tell then.
            let _ = tx.send(answer);
        });
    rx.await
        .map_err(|_| CommandError::internal("The confirmation dialog closed unexpectedly."))
}
