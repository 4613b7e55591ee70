//! The window shows the app's own pages and nothing else.
//!
//! The CSP keeps the page from loading remote code, but a compromised UI dependency could
//! still move the whole window to another site (`location.href = …`), where the page would no
//! longer be ours while it looked like the app. Every navigation of the window passes
//! [`is_app_url`]; anything else is refused before a request leaves. New windows
//! (`window.open`, `target=_blank`) are never created: no handler allows them, so WebKit is
//! told no (see `app-e2e/tests/01-demo`). Invoice links open in the system browser through
//! `invoice_open`, after Rust validated them.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::{Manager, Runtime, Url};

/// The plugin that checks every navigation of every webview.
pub fn guard<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("navigation-guard")
        .on_navigation(|webview, url| {
            let dev = webview.config().build.dev_url.as_ref();
            let allowed = is_app_url(url, dev);
            if !allowed {
                tracing::warn!(
                    to = %billing_core::link::origin_text(url),
                    "refused to navigate the window away from the app"
                );
            }
            allowed
        })
        .build()
}

/// The bundled UI (`tauri://localhost`, or `http(s)://tauri.localhost` where the custom
/// protocol is served that way), and in a build without the embedded UI, the dev server.
pub fn is_app_url(url: &Url, dev_url: Option<&Url>) -> bool {
    let bundled = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    };
    let dev_server = !cfg!(feature = "embedded-ui")
        && dev_url.is_some_and(|dev| billing_core::link::same_origin(dev, url));
    bundled || dev_server
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn only_the_app_s_own_pages_may_be_shown() {
        let dev = Url::parse("http://localhost:5173").unwrap();
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#x",
            "http://tauri.localhost/",
            "https://tauri.localhost/a",
        ] {
            assert!(is_app_url(&Url::parse(ok).unwrap(), Some(&dev)), "{ok}");
        }
        for refused in [
            "https://example.com/",
            "http://localhost:8787/",
            "tauri://evil.example/",
            "file:///etc/passwd",
            "data:text/html,<h1>hi</h1>",
            "javascript:alert(1)",
            "https://tauri.localhost.evil.example/",
        ] {
            assert!(
                !is_app_url(&Url::parse(refused).unwrap(), Some(&dev)),
                "{refused}"
            );
        }
        // The dev server only in a build that loads it (`cargo tauri dev`).
        let dev_page = Url::parse("http://localhost:5173/").unwrap();
        assert_eq!(
            is_app_url(&dev_page, Some(&dev)),
            !cfg!(feature = "embedded-ui")
        );
    }
}
