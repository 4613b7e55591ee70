//! The main window starts hidden (`visible: false` in tauri.conf.json) and is shown once its
//! page has loaded, or after [`FALLBACK`] whatever happened to the page.
//!
//! Why: without GPU compositing (see `crate::rendering`), WebKitGTK's first draw of a web
//! view blocks the UI thread, up to a 500 ms timeout, waiting for the web process's first
//! frame. When GTK draws a fresh window before the web process is up, that wait runs out in
//! full and the page's navigation starts that much later. A hidden window is not drawn, so
//! nothing waits; by the time it is shown the web process answers at once, and the user never
//! sees an empty white window. The README's benchmark notes have the figures.

use std::time::Duration;

use tauri::webview::PageLoadEvent;
use tauri::{AppHandle, Manager, Runtime, Webview};

/// Longest a window stays hidden when its page never reports loading (a broken bundle, a
/// WebKit failure): better an empty window than none.
const FALLBACK: Duration = Duration::from_secs(3);

/// Shows the page's window once it finished loading.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, event: PageLoadEvent) {
    if event == PageLoadEvent::Finished {
        // The real-window suite reads this line: on a busy machine a page may load after the
        // fallback fired, and only this order tells that from a page load that failed to show.
        tracing::info!("the page has loaded; showing the window");
        show(&webview.window());
    }
}

/// Shows the main window after [`FALLBACK`] unless the page load did first.
pub fn fallback<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FALLBACK).await;
        if let Some(window) = app.get_webview_window("main")
            && !window.is_visible().unwrap_or(true)
        {
            tracing::warn!("the page did not finish loading; showing the window anyway");
            show(&window.as_ref().window());
        }
    });
}

fn show<R: Runtime>(window: &tauri::Window<R>) {
    if let Err(error) = window.show() {
        tracing::error!(%error, "could not show the Billing Desk window");
    }
}
