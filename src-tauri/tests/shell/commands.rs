//! The commands through Tauri's IPC, with the app's real configuration and capabilities
//! (`tauri.conf.json`) on a mock runtime: no window, no display.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::Arc;

use billing_core::desk::DeskConfig;
use billing_core::secret::ApiToken;
use billing_core::settings::{AppDirs, Connection, SavedOrg, Settings};
use billing_core::token_store::TokenStore;
use billing_core::updates::UpdatePolicy;
use billing_desk_lib::{
    AppState, Hooks, UpdateSource, Updates, context, demo_launcher, with_commands,
};
use billing_stub::{StubConfig, StubHandle};
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

const TOKEN: &str = "shell-test-token-5d1e";

/// Temp folders, the app's state over them, and the hooks' files.
struct Fixture {
    root: tempfile::TempDir,
    state: AppState,
}

impl Fixture {
    fn opener_log(&self) -> PathBuf {
        self.root.path().join("opened.txt")
    }

    fn save_dir(&self) -> PathBuf {
        self.root.path().join("saved")
    }
}

fn dirs(root: &tempfile::TempDir) -> AppDirs {
    AppDirs::new(
        root.path().join("config"),
        root.path().join("cache"),
        root.path().join("data"),
    )
}

/// The app's state as `run()` builds it, but over temp folders, an in-memory keyring and
/// hooks injected rather than read from the environment.
fn fixture(settings: Option<Settings>) -> Fixture {
    fixture_answering(settings, true)
}

/// [`fixture`] whose "send the token to a new address?" dialog is answered with `confirm`.
fn fixture_answering(settings: Option<Settings>, confirm: bool) -> Fixture {
    let root = tempfile::tempdir().unwrap();
    let dirs = dirs(&root);
    if let Some(settings) = settings {
        dirs.settings_store().save(&settings).unwrap();
    }
    let tokens = TokenStore::with_store(keyring_core::mock::Store::new().unwrap());
    // The in-memory store keeps no attributes, so the origin recorded here is not checked.
    tokens
        .set("Stub", "http://127.0.0.1", &ApiToken::new(TOKEN).unwrap())
        .unwrap();
    std::fs::create_dir_all(root.path().join("saved")).unwrap();
    let hooks = Hooks {
        opener_log: Some(root.path().join("opened.txt")),
        save_dir: Some(root.path().join("saved")),
        confirm: Some(confirm),
    };
    let config = DeskConfig {
        dirs,
        tokens,
        demo: Some(demo_launcher()),
        clock: Arc::new(chrono::Utc::now),
    };
    let state = tauri::async_runtime::block_on(AppState::open(config, hooks));
    Fixture { root, state }
}

fn stub() -> StubHandle {
    tauri::async_runtime::block_on(billing_stub::spawn(StubConfig {
        token: Some(TOKEN.into()),
        ..StubConfig::default()
    }))
    .unwrap()
}

fn connected(stub: &StubHandle, orgs: &[&str]) -> Settings {
    let mut connection = Connection::new("Stub", &stub.base_url()).unwrap();
    connection.allow_plain_http = true;
    connection.organizations = orgs
        .iter()
        .map(|id| SavedOrg {
            org_id: (*id).to_owned(),
            label: None,
        })
        .collect();
    let mut settings = Settings::default();
    settings.add_connection(connection).unwrap();
    settings
}

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

fn call(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(window, request(cmd, args)).map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn app_info_reports_the_package_version_and_demo_mode() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
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
            "settingsWarning": null,
            "lastCrash": null,
            "updates": {"state": "notConfigured"}
        }),
        "the UI reads exactly these camelCase fields (ui/src/bindings/AppInfo.ts); the version \
         comes from Cargo.toml and demo from the managed state"
    );
}

#[test]
fn app_info_reflects_a_real_connection() {
    let stub = stub();
    let fixture = fixture(Some(connected(&stub, &["acme"])));
    let (_app, window) = app(fixture.state.clone());
    let info = call(&window, "app_info", json!({})).unwrap();
    assert_eq!(
        info["demo"], false,
        "demo must follow the settings, not be hard-coded"
    );
    assert_eq!(
        info["connection"], "Stub",
        "the header names the active connection"
    );
}

#[test]
fn a_damaged_settings_file_starts_on_defaults_with_a_warning() {
    let root = tempfile::tempdir().unwrap();
    let config_dir = root.path().join("config");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("settings.toml"), "schemaVersion = [oops").unwrap();
    let config = DeskConfig {
        dirs: dirs(&root),
        tokens: TokenStore::with_store(keyring_core::mock::Store::new().unwrap()),
        demo: Some(demo_launcher()),
        clock: Arc::new(chrono::Utc::now),
    };
    let state = tauri::async_runtime::block_on(AppState::open(config, Hooks::default()));
    let (_app, window) = app(state);
    let info = call(&window, "app_info", json!({})).unwrap();
    assert_eq!(info["demo"], true, "defaults: no connection, so the demo");
    let warning = info["settingsWarning"].as_str().expect("the user is told");
    assert!(warning.contains("could not be read"), "{warning}");
}

#[test]
fn pasted_org_ids_come_back_sorted() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    let added = call(
        &window,
        "orgs_add",
        json!({"text": "new-one, acme-europe;\n..  new-two", "label": null}),
    )
    .unwrap();
    assert_eq!(
        added,
        json!({"added": ["new-one", "new-two"], "alreadySaved": ["acme-europe"], "invalid": [".."]}),
        "split on commas, semicolons and whitespace; the demo already lists acme-europe"
    );
    let orgs = call(&window, "orgs_list", json!({})).unwrap();
    let ids: Vec<&str> = orgs
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orgId"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"new-two"),
        "the list shows the added org: {ids:?}"
    );
}

fn fetch_all(window: &WebviewWindow<MockRuntime>) -> Vec<Value> {
    let statuses = call(
        window,
        "fetch_orgs",
        json!({"orgIds": null, "force": false}),
    )
    .expect("fetching the demo works");
    statuses.as_array().unwrap().clone()
}

#[test]
fn invoices_are_paged_over_all_demo_orgs() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    let statuses = fetch_all(&window);
    assert!(
        statuses.iter().all(|s| s["state"] == "fresh"),
        "every demo org is fetched: {statuses:?}"
    );
    let total: u64 = statuses
        .iter()
        .map(|s| s["invoices"].as_u64().unwrap())
        .sum();
    let page = call(
        &window,
        "invoices_query",
        json!({"query": {"offset": 5, "limit": 10, "sort": {"column": "total", "direction": "desc"}}}),
    )
    .unwrap();
    assert_eq!(
        page["rows"].as_array().unwrap().len(),
        10,
        "only the rows shown"
    );
    assert_eq!(
        page["matched"].as_u64(),
        Some(total),
        "all orgs' invoices match"
    );
    assert_eq!(page["loaded"].as_u64(), Some(total));
    let all = call(&window, "invoices_query", json!({"query": {"orgs": null}})).unwrap();
    let orgs: std::collections::BTreeSet<String> = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["org"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        orgs.len(),
        statuses.len(),
        "\"All organizations\" has every org's rows"
    );
    assert!(
        page["currencies"].is_object(),
        "a Record<string, number> for the UI"
    );
}

#[test]
fn opening_a_hosted_page_hands_the_exact_url_to_the_opener() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    fetch_all(&window);
    let page = call(&window, "invoices_query", json!({"query": {}})).unwrap();
    let row = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["hasHosted"] == true)
        .unwrap()
        .clone();
    let args = json!({
        "orgId": row["org"],
        "invoiceId": row["invoice"]["id"],
        "target": "hosted",
    });
    let outcome = call(&window, "invoice_open", args.clone()).unwrap();
    let expected = row["invoice"]["hostedInvoiceUrl"].as_str().unwrap();
    assert_eq!(
        outcome,
        json!({"url": expected, "archived": false, "reason": null})
    );
    let logged = std::fs::read_to_string(fixture.opener_log()).unwrap();
    assert_eq!(
        logged,
        format!("{expected}\n"),
        "the hook gets the exact URL, one per line"
    );
    let copied = call(&window, "invoice_link", args).unwrap();
    assert_eq!(copied, expected, "copy link gives the same validated URL");
}

/// "Download" on a row saves exactly that invoice's PDF into the source's own archive folder
/// with no question; "Open archived copy" then opens that file, and "Open archive folder"
/// shows the folder.
#[test]
fn a_rows_download_lands_in_the_archive_folder_which_opens_from_rust() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    fetch_all(&window);
    let page = call(&window, "invoices_query", json!({"query": {}})).unwrap();
    let rows = page["rows"].as_array().unwrap();
    let row = rows.iter().find(|r| r["hasPdf"] == true).unwrap().clone();
    assert!(rows.iter().all(|r| r["archived"] == false), "nothing yet");
    let args = json!({"orgId": row["org"], "invoiceId": row["invoice"]["id"], "row": null});
    let saved = call(&window, "pdf_download_invoice", args.clone()).unwrap();
    let archive = fixture.root.path().join("data/pdfs/demo");
    assert_eq!(saved["downloaded"], 1, "{saved}");
    assert_eq!(saved["dir"], archive.display().to_string(), "{saved}");
    let page = call(&window, "invoices_query", json!({"query": {}})).unwrap();
    let archived: Vec<&Value> = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["archived"] == true)
        .collect();
    assert_eq!(archived.len(), 1, "exactly the clicked invoice");
    assert_eq!(archived[0]["invoice"]["id"], row["invoice"]["id"]);

    let mut open = args.clone();
    open["target"] = json!("archivedPdf");
    let opened = call(&window, "invoice_open", open).unwrap();
    assert_eq!(opened["archived"], true, "{opened}");
    let url = opened["url"].as_str().unwrap();
    let folder = url::Url::from_directory_path(&archive).unwrap().to_string();
    assert!(url.starts_with(&folder) && url.ends_with(".pdf"), "{url}");

    let shown = call(&window, "archive_folder_open", json!({})).unwrap();
    assert_eq!(shown, archive.display().to_string());
    let logged = std::fs::read_to_string(fixture.opener_log()).unwrap();
    assert_eq!(
        logged,
        format!("{url}\n{folder}\n"),
        "the file, then the folder"
    );
}

#[test]
fn export_writes_the_view_into_the_save_dir() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    fetch_all(&window);
    let done = call(
        &window,
        "export_invoices",
        json!({"query": {"overdueOnly": true, "limit": 1}, "format": "csv", "manifest": true, "allowIncomplete": false}),
    )
    .unwrap();
    let path = fixture.save_dir().join("billing-desk-export.csv");
    assert_eq!(
        done["path"],
        path.display().to_string(),
        "the hook's fixed file name"
    );
    let lines = std::fs::read_to_string(&path).unwrap().lines().count() as u64;
    assert!(
        done["rows"].as_u64().unwrap() > 1,
        "limit is ignored: the whole view"
    );
    assert_eq!(lines, done["rows"].as_u64().unwrap() + 1, "header + rows");
    assert!(
        done["manifestPath"].is_string(),
        "the manifest was asked for"
    );
}

/// A view with a failed organization is listed by `export_check`, refused by `export_invoices`
/// before any file is asked for (code `exportIncomplete`), and exported once the user allows
/// it, the manifest naming what is missing.
#[test]
fn an_incomplete_view_is_listed_refused_then_exported_when_the_user_allows_it() {
    let stub = stub();
    let fixture = fixture(Some(connected(&stub, &["acme", "err-404"])));
    let (_app, window) = app(fixture.state.clone());
    fetch_all(&window);
    let check = call(&window, "export_check", json!({"query": {}})).unwrap();
    let listed = check.as_array().unwrap();
    assert_eq!(listed.len(), 1, "{check}");
    assert_eq!(listed[0]["orgId"], "err-404");
    assert_eq!(listed[0]["state"], "failed");
    assert_eq!(listed[0]["error"]["code"], "notFound");

    let args = |allow: bool| json!({"query": {}, "format": "csv", "manifest": true, "allowIncomplete": allow});
    let refused = call(&window, "export_invoices", args(false)).unwrap_err();
    assert_eq!(refused["code"], "exportIncomplete", "{refused}");
    let path = fixture.save_dir().join("billing-desk-export.csv");
    assert!(
        !path.exists(),
        "refused before a file was chosen or written"
    );

    let done = call(&window, "export_invoices", args(true)).unwrap();
    assert_eq!(done["missingOrgs"], 1, "{done}");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(done["manifestPath"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(manifest["failedOrganizations"][0]["org"], "err-404");
    assert_eq!(manifest["sources"][0]["org"], "acme");
    assert_eq!(
        call(&window, "export_cancel", json!({})).unwrap(),
        Value::Null,
        "cancel with no export running is a no-op"
    );
}

/// A typed token goes to an address no connection uses only after the user confirms it
/// outside the web view; declined, not one request is made.
#[test]
fn a_token_for_a_new_address_is_sent_only_after_the_user_confirms_it() {
    let stub = stub();
    let args = json!({"baseUrl": stub.base_url(), "allowPlainHttp": true, "token": TOKEN, "orgId": "acme"});
    let declined = fixture_answering(None, false);
    let (_app, window) = app(declined.state.clone());
    let mut plain = args.clone();
    plain["allowPlainHttp"] = json!(false);
    let error = call(&window, "connection_test", plain).unwrap_err();
    assert_eq!(
        error["code"], "invalidInput",
        "plain http without the opt-in is refused before the user is asked: {error}"
    );
    let error = call(&window, "connection_test", args.clone()).unwrap_err();
    assert_eq!(error["code"], "cancelled", "{error}");
    let origin = stub.base_url().trim_end_matches('/').to_owned();
    assert!(
        error["message"].as_str().unwrap().contains(&origin),
        "names the address: {error}"
    );
    let add = json!({"name": "New", "baseUrl": stub.base_url(), "allowPlainHttp": true, "token": TOKEN, "orgIds": ["acme"]});
    let error = call(&window, "connection_add", add).unwrap_err();
    assert_eq!(error["code"], "cancelled", "{error}");
    assert!(stub.requests().is_empty(), "nothing was sent");
    assert!(declined.state.desk.settings().connections.is_empty());

    let confirmed = fixture_answering(None, true);
    let (_app, window) = app(confirmed.state.clone());
    let test = call(&window, "connection_test", args).unwrap();
    assert_eq!(test["orgId"], "acme", "{test}");
    assert_eq!(stub.requests().len(), 1);
}

/// The Connections screen's list: token state, never the token.
#[test]
fn the_connections_overview_says_whether_a_token_is_stored() {
    let stub = stub();
    let fixture = fixture(Some(connected(&stub, &["acme"])));
    let (_app, window) = app(fixture.state.clone());
    let list = call(&window, "connections_overview", json!({})).unwrap();
    assert_eq!(list[0]["name"], "Stub", "{list}");
    assert_eq!(list[0]["token"], "stored", "{list}");
    assert!(!list.to_string().contains(TOKEN), "{list}");
    let moved = call(
        &window,
        "connection_update",
        json!({"name": "Stub", "edit": {"baseUrl": "https://billing.example.net/", "timeoutSecs": null, "concurrency": 8, "allowPlainHttp": false, "archiveDir": null}}),
    )
    .unwrap();
    assert_eq!(moved["tokenCleared"], true, "{moved}");
    let list = call(&window, "connections_overview", json!({})).unwrap();
    assert_eq!(list[0]["token"], "missing", "{list}");
}

#[test]
fn errors_cross_as_code_and_message() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    fetch_all(&window);
    let error = call(
        &window,
        "invoice_link",
        json!({"orgId": "acme-europe", "invoiceId": "in_missing", "target": "pdf"}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "notFound", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("in_missing"),
        "{error}"
    );
    assert_eq!(
        error.as_object().unwrap().len(),
        2,
        "exactly {{code, message}}: {error}"
    );
    let blank = call(
        &window,
        "token_set",
        json!({"connection": "Stub", "token": "   "}),
    )
    .unwrap_err();
    assert_eq!(
        blank["code"], "invalidInput",
        "a blank token is refused: {blank}"
    );
}

#[test]
fn an_unsafe_link_is_refused_and_never_opened() {
    let stub = stub();
    let fixture = fixture(Some(connected(&stub, &["unsafe-links"])));
    let (_app, window) = app(fixture.state.clone());
    let statuses = fetch_all(&window);
    assert_eq!(statuses[0]["state"], "fresh", "{statuses:?}");
    let page = call(&window, "invoices_query", json!({"query": {}})).unwrap();
    let row = page["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| {
            r["invoice"]["invoicePdf"]
                .as_str()
                .is_some_and(|l| l.starts_with("javascript:"))
        })
        .expect("the scenario has a javascript: PDF link")
        .clone();
    let error = call(
        &window,
        "invoice_open",
        json!({"orgId": "unsafe-links", "invoiceId": row["invoice"]["id"], "target": "pdf"}),
    )
    .unwrap_err();
    assert_eq!(error["code"], "linkRefused", "{error}");
    assert!(
        !fixture.opener_log().exists(),
        "nothing was handed to the opener"
    );
    let status = call(&window, "token_status", json!({"connection": "Stub"})).unwrap();
    assert_eq!(
        status,
        json!({"connection": "Stub", "stored": true}),
        "a yes/no, never the token"
    );
}

/// A valid link to a host that is neither Stripe's, the API's own nor confirmed before opens
/// only after the user has seen the host; the answer is remembered for the connection.
#[test]
fn a_link_to_a_new_host_opens_only_after_the_user_confirms_it() {
    let stub = stub();
    let row_to_example = |window: &WebviewWindow<MockRuntime>| {
        let page = call(window, "invoices_query", json!({"query": {}})).unwrap();
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["invoice"]["hostedInvoiceUrl"]
                    .as_str()
                    .is_some_and(|l| l.starts_with("https://example.com/"))
            })
            .expect("the scenario has an https link to example.com")
            .clone()
    };
    for confirm in [false, true] {
        let fixture = fixture_answering(Some(connected(&stub, &["unsafe-links"])), confirm);
        let (_app, window) = app(fixture.state.clone());
        fetch_all(&window);
        let row = row_to_example(&window);
        let args =
            json!({"orgId": "unsafe-links", "invoiceId": row["invoice"]["id"], "target": "hosted"});
        let opened = call(&window, "invoice_open", args);
        let hosts = fixture.state.desk.settings().connections[0]
            .link_hosts
            .clone();
        if confirm {
            assert!(opened.is_ok(), "{opened:?}");
            let log = std::fs::read_to_string(fixture.opener_log()).unwrap();
            assert!(log.starts_with("https://example.com/"), "{log}");
            assert_eq!(hosts, ["example.com"], "remembered for the connection");
        } else {
            let error = opened.unwrap_err();
            assert_eq!(error["code"], "cancelled", "{error}");
            assert!(
                error["message"].as_str().unwrap().contains("example.com"),
                "{error}"
            );
            assert!(!fixture.opener_log().exists(), "nothing was opened");
            assert!(hosts.is_empty());
        }
    }
}

#[test]
fn the_ui_may_not_call_plugin_commands_it_was_not_granted() {
    // The capability is the only gate between the web view and the plugins' Rust side (the app
    // uses Tauri's default IPC pattern; README "Architecture" says why not isolation), so every
    // plugin command the app compiles in must be refused when called from the page.
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    for (command, args) in [
        (
            "plugin:opener|open_url",
            json!({"url": "https://example.invalid/"}),
        ),
        ("plugin:opener|open_path", json!({"path": "/etc/passwd"})),
        (
            "plugin:opener|reveal_item_in_dir",
            json!({"paths": ["/etc/passwd"]}),
        ),
        ("plugin:dialog|save", json!({"options": {}})),
        ("plugin:dialog|open", json!({"options": {}})),
        ("plugin:window-state|save_window_state", json!({"flags": 0})),
        (
            "plugin:event|emit",
            json!({"event": "fetch-progress", "payload": {}}),
        ),
    ] {
        let refused = get_ipc_response(&window, request(command, args));
        let error = refused.expect_err(command);
        assert!(
            error.to_string().contains("not allowed"),
            "{command}: the refusal comes from the ACL, got: {error}"
        );
    }
}

#[test]
fn an_unknown_command_is_an_error_not_a_hang() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    let error = get_ipc_response(&window, request("no_such_command", serde_json::json!({})))
        .expect_err("a command the app does not have is refused");
    assert!(
        !error.to_string().is_empty(),
        "the UI receives an error it can show"
    );
}

#[test]
fn the_ui_may_report_its_first_rows_and_gets_nothing_back() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    // Twice: the second report is silent in the log, and neither is an error for the page.
    for _ in 0..2 {
        assert_eq!(
            call(&window, "first_rows_shown", json!({})),
            Ok(Value::Null),
            "granted by the capability, takes no arguments, answers null"
        );
    }
}

#[test]
fn without_an_update_server_the_update_commands_say_so_and_install_refuses() {
    let fixture = fixture(None);
    let (_app, window) = app(fixture.state.clone());
    let status = json!({"state": "notConfigured"});
    assert_eq!(call(&window, "update_check", json!({})).unwrap(), status);
    assert_eq!(call(&window, "update_download", json!({})).unwrap(), status);
    let refused = call(&window, "update_install", json!({})).unwrap_err();
    assert_eq!(refused["code"], "update", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("no verified update"),
        "{refused}"
    );
    let about = call(&window, "about_info", json!({})).unwrap();
    assert_eq!(about["updates"], status);
    assert!(
        about["diagnostics"]
            .as_str()
            .unwrap()
            .contains("Updates: not part of this build"),
        "{about}"
    );
}

#[test]
fn with_checks_turned_off_a_check_makes_no_request() {
    // A server that counts connections: a check must not open one.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let source = UpdateSource {
        endpoint: format!("http://{}/latest.json", listener.local_addr().unwrap())
            .parse()
            .unwrap(),
        pubkey: "unused".into(),
    };
    let reason = "turned off by IT in /etc/billing-desk/policy.toml".to_owned();
    let fixture = fixture(None);
    let mut state = fixture.state.clone();
    state.updates = Arc::new(Updates::new(
        Some(source),
        UpdatePolicy::Off {
            reason: reason.clone(),
        },
    ));
    let (_app, window) = app(state);
    let off = json!({"state": "off", "reason": reason});
    assert_eq!(call(&window, "update_check", json!({})).unwrap(), off);
    assert_eq!(call(&window, "update_download", json!({})).unwrap(), off);
    assert_eq!(
        call(&window, "app_info", json!({})).unwrap()["updates"],
        off
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "no connection to the update server"
    );
}
