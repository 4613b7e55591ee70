//! The commands through Tauri's IPC, with the app's real configuration and capabilities
//! (`tauri.conf.json`) on a mock runtime: no window, no display.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use billing_desk_lib::{AppState, context, with_commands};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app(state: AppState) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = with_commands(mock_builder())
        // Registered so the capability test below proves the UI is refused the plugin,
        // rather than the plugin simply being absent.
        .plugin(tauri_plugin_opener::init())
        .manage(state)
        .build(context())
        .expect("the app builds from tauri.conf.json");
    // The window as tauri.conf.json declares it (its label is what the capability names);
    // a mock app does not open the configured windows by itself.
    let config = app.config().app.windows.first().cloned();
    let config = config.expect("tauri.conf.json declares the main window");
    let window = WebviewWindowBuilder::from_config(&app, &config)
        .and_then(|builder| builder.build())
        .expect("the main window opens on the mock runtime");
    (app, window)
}

/// A request as the bundled UI sends it (its origin is the app's own asset protocol).
fn request(cmd: &str, args: serde_json::Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: if cfg!(windows) {
            "http://tauri.localhost"
        } else {
            "tauri://localhost"
        }
        .parse()
        .unwrap(),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

#[test]
fn app_info_reports_the_package_version_and_demo_mode() {
    let (_app, window) = app(AppState { demo: true });
    let info: serde_json::Value =
        get_ipc_response(&window, request("app_info", serde_json::json!({})))
            .expect("the default capability grants app_info")
            .deserialize()
            .unwrap();
    assert_eq!(
        info,
        serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "demo": true,
            "connection": null,
            "settingsWarning": null
        }),
        "the UI reads exactly these camelCase fields (ui/src/bindings/AppInfo.ts); the version \
         comes from Cargo.toml and demo from the managed state"
    );
}

#[test]
fn app_info_reflects_a_real_connection() {
    let (_app, window) = app(AppState { demo: false });
    let info: serde_json::Value =
        get_ipc_response(&window, request("app_info", serde_json::json!({})))
            .unwrap()
            .deserialize()
            .unwrap();
    assert_eq!(
        info["demo"], false,
        "demo must follow the state, not be hard-coded"
    );
}

#[test]
fn the_ui_may_not_call_plugin_commands_it_was_not_granted() {
    let (_app, window) = app(AppState { demo: true });
    let refused = get_ipc_response(
        &window,
        request(
            "plugin:opener|open_url",
            serde_json::json!({"url": "https://example.invalid/"}),
        ),
    );
    let error = refused.expect_err("opening URLs is done in Rust after validation, never from JS");
    assert!(
        error.to_string().contains("not allowed"),
        "the refusal comes from the ACL, got: {error}"
    );
}

#[test]
fn an_unknown_command_is_an_error_not_a_hang() {
    let (_app, window) = app(AppState { demo: true });
    let error = get_ipc_response(
        &window,
        request("blocked_by_isolation", serde_json::json!({})),
    )
    .expect_err("isolation/index.js renames refused commands to this one");
    assert!(
        !error.to_string().is_empty(),
        "the UI receives an error it can show"
    );
}
