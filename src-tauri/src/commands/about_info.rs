//! `about_info`: the About dialog's content and its diagnostics text.

use billing_core::desk::{About, Build};
use tauri::{AppHandle, Runtime, State};

use crate::error::CommandError;
use crate::state::AppState;

/// What Billing Desk is, where its files are, the last errors, and **Copy diagnostics**'s
/// text (see `billing_core::desk::diagnostics`). Never an error: async commands that borrow
/// state answer a `Result`.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn about_info<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<About, CommandError> {
    let build = Build {
        version: app.package_info().version.to_string(),
        commit: env!("BDESK_GIT_COMMIT").to_owned(),
        tauri: tauri::VERSION.to_owned(),
        webview: webview_version(),
        os: os_name(),
        updates: state.updates.status(),
    };
    Ok(state.desk.about(build).await)
}

/// The web view's name and version, e.g. `WebKitGTK 2.48.3`.
fn webview_version() -> String {
    let name = if cfg!(target_os = "linux") {
        "WebKitGTK"
    } else if cfg!(target_os = "windows") {
        "WebView2"
    } else {
        "WKWebView"
    };
    match tauri::webview_version() {
        Ok(version) => format!("{name} {version}"),
        Err(error) => format!("{name} (version unknown: {error})"),
    }
}

/// The OS's own name (`PRETTY_NAME` of `/etc/os-release` on Linux), its family and the
/// processor architecture.
fn os_name() -> String {
    let family = format!("{} {}", std::env::consts::OS, std::env::consts::ARCH);
    let pretty = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|line| line.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_owned())
        });
    match pretty {
        Some(name) => format!("{name}, {family}"),
        None => family,
    }
}
