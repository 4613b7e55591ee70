//! The rerunnable secrecy check: after a full flow (configure a connection, store its token in
//! the real keyring, fetch from the stub, save settings) the token appears in no file under
//! the config, cache, data and log folders and in none of the logs captured at TRACE level,
//! which go to the app's daily log files too.
//!
//! Needs the real Secret Service, so it runs inside `scripts/with-keyring.sh` (which sets
//! `BDESK_KEYRING_SESSION=1`); elsewhere it returns early with a notice:
//!
//! ```sh
//! bash scripts/with-keyring.sh cargo test -p billing-core --test secrecy_flow
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use billing_core::client::{BillingClient, ClientConfig};
use billing_core::ids::OrgId;
use billing_core::log_files::DailyLog;
use billing_core::secret::ApiToken;
use billing_core::settings::{AppDirs, CONFIG_DIR_ENV, Connection, SavedOrg, Theme};
use billing_core::token_source::{RunSources, TokenSource};
use billing_core::token_store::TokenStore;
use chrono::{TimeZone, Utc};

/// Everything every subscriber writes, as text, also written to the app's daily log files.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>, Option<DailyLog>);

impl LogBuffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        if let Some(files) = self.1.as_mut() {
            files.write_all(bytes)?;
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Installs (once per process) a global TRACE subscriber writing into a buffer and into the
/// daily log files in `log_dir`, as the app writes them. `log` records (keyring-core logs
/// through `log`) are forwarded into it as well by `try_init`.
fn capture_logs(log_dir: &Path) -> LogBuffer {
    static BUFFER: OnceLock<LogBuffer> = OnceLock::new();
    BUFFER
        .get_or_init(|| {
            let files = DailyLog::new(log_dir, "billing-desk");
            let buffer = LogBuffer(Arc::default(), Some(files));
            let writer = buffer.clone();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_writer(move || writer.clone())
                .try_init()
                .expect("no other global subscriber in this test binary");
            buffer
        })
        .clone()
}

/// Files under `roots` (recursively) whose bytes contain `needle`, and how many were read.
fn files_containing(roots: &[&Path], needle: &[u8]) -> (Vec<PathBuf>, usize) {
    fn walk(dir: &Path, needle: &[u8], hits: &mut Vec<PathBuf>, seen: &mut usize) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, needle, hits, seen);
            } else {
                *seen += 1;
                let bytes = fs::read(&path).unwrap();
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    hits.push(path);
                }
            }
        }
    }
    let (mut hits, mut seen) = (Vec::new(), 0);
    for root in roots {
        walk(root, needle, &mut hits, &mut seen);
    }
    (hits, seen)
}

/// Log lines containing `needle`, with it masked so a failure does not print the token.
fn log_lines_containing(text: &str, needle: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.contains(needle))
        .map(|line| line.replace(needle, "<TOKEN>"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_is_in_no_file_and_no_log_after_a_full_flow() {
    if std::env::var_os("BDESK_KEYRING_SESSION").is_none_or(|v| v != "1") {
        eprintln!("secrecy_flow: SKIPPED, not inside scripts/with-keyring.sh (needs a keyring)");
        return;
    }
    let now = Utc.with_ymd_and_hms(2025, 6, 1, 12, 0, 0).unwrap();

    // Folders exactly as a run with BDESK_CONFIG_DIR=<temp> would resolve them.
    let root = tempfile::tempdir().unwrap();
    let config_dir = root.path().join("config");
    let env: HashMap<&str, OsString> =
        HashMap::from([(CONFIG_DIR_ENV, config_dir.clone().into_os_string())]);
    let dirs = AppDirs::resolve(|name| env.get(name).cloned()).unwrap();
    assert!(
        dirs.cache_dir().starts_with(&config_dir)
            && dirs.data_dir().starts_with(&config_dir)
            && dirs.log_dir().starts_with(&config_dir),
        "cache, data and logs follow BDESK_CONFIG_DIR, so the search below covers them all"
    );
    let logs = capture_logs(dirs.log_dir());

    // A distinctive token; its random core also catches a partial leak.
    let core = hex::encode(rand::random::<[u8; 16]>());
    let secret = format!("sk_live_secrecy_{}_{core}", std::process::id());
    let stub = billing_stub::spawn(billing_stub::StubConfig {
        token: Some(secret.clone()),
        ..Default::default()
    })
    .await
    .unwrap();

    // 1. Configure a connection and save the settings.
    let name = format!("Secrecy check {}", std::process::id());
    let settings_store = dirs.settings_store();
    let mut settings = settings_store.load(now).unwrap().settings;
    settings
        .add_connection(Connection {
            allow_plain_http: true,
            ..Connection::new(&name, &stub.base_url()).unwrap()
        })
        .unwrap();
    settings
        .add_org(
            &name,
            SavedOrg {
                org_id: "acme".into(),
                label: Some("ACME".into()),
            },
        )
        .unwrap();
    settings_store.save(&settings).unwrap();

    // 2. Store the token in the real keyring, as the app does when the user pastes it.
    let tokens = TokenStore::os();
    let origin = billing_core::link::origin_text(
        &billing_core::link::validate_base_url(&settings.connection(&name).unwrap().base_url)
            .unwrap(),
    );
    tokens
        .set_async(&name, &origin, &ApiToken::new(secret.clone()).unwrap())
        .await
        .unwrap();
    assert!(tokens.has_async(&name).await.unwrap());

    // 3. Resolve the token for a run (no --token-stdin, no BDESK_TOKEN) and fetch.
    let resolved = RunSources::new(None, None)
        .unwrap()
        .resolve_async(Some(&name), &origin, &tokens)
        .await
        .unwrap();
    assert_eq!(resolved.source, TokenSource::Keyring);
    tracing::info!(?resolved, "token resolved for the run");
    let base_url = settings.connection(&name).unwrap().base_url.clone();
    let client = BillingClient::new(
        ClientConfig::from_base_url(&base_url).unwrap(),
        resolved.token,
    )
    .unwrap();
    tracing::debug!(?client, "client built");
    let acme = OrgId::parse("acme").unwrap();
    let details = client.billing_details(&acme).await.unwrap();
    assert!(
        !details.invoices.is_empty(),
        "the stub accepted the keyring token and sent data"
    );
    assert!(
        stub.requests()
            .iter()
            .any(|r| r.authorization.as_deref() == Some(format!("Bearer {secret}").as_str())),
        "the token that was sent is the one from the keyring"
    );
    // Stand-in for the response cache later issues add: the raw body goes to the cache folder.
    let raw = client.fetch_raw(&acme).await.unwrap();
    fs::create_dir_all(dirs.cache_dir()).unwrap();
    fs::write(dirs.cache_dir().join("acme.json"), &raw).unwrap();
    // A failure too: its message and Debug output go to the logs.
    let failed = client
        .billing_details(&OrgId::parse("err-401").unwrap())
        .await
        .unwrap_err();
    tracing::error!(error = %failed, debug = ?failed, "fetch failed");

    // 4. Save the settings again after the fetch.
    settings.set_active(Some(&name)).unwrap();
    settings.ui.theme = Theme::Dark;
    settings_store.save(&settings).unwrap();
    drop(client);
    stub.shutdown();

    // 5. Search.
    let roots = [
        dirs.config_dir(),
        dirs.cache_dir(),
        dirs.data_dir(),
        dirs.log_dir(),
    ];
    let log_text = logs.text();
    assert!(
        log_text.contains("token stored in the keyring") && log_text.contains("settings saved"),
        "the capture must hold the flow's own events, or zero hits proves nothing"
    );
    let (in_files, _) = files_containing(&[dirs.log_dir()], b"settings saved");
    assert_eq!(
        in_files.len(),
        1,
        "the daily log file holds the flow's events too"
    );
    let (hits, files_read) = files_containing(&roots, secret.as_bytes());
    assert!(
        files_read >= 2,
        "settings.toml and the cached body were searched ({files_read} files)"
    );
    assert!(hits.is_empty(), "the token was found in {hits:?}");
    let (partial_hits, _) = files_containing(&roots, core.as_bytes());
    assert!(
        partial_hits.is_empty(),
        "part of the token was found in {partial_hits:?}"
    );
    for needle in [secret.as_str(), core.as_str()] {
        let lines = log_lines_containing(&log_text, needle);
        assert!(
            lines.is_empty(),
            "the token is in {} log line(s): {lines:#?}",
            lines.len()
        );
    }

    // Positive control: the same searches do find the token when it is there.
    let canary = tempfile::tempdir().unwrap();
    fs::create_dir(canary.path().join("nested")).unwrap();
    fs::write(
        canary.path().join("nested/leak.txt"),
        format!("token={secret}\n"),
    )
    .unwrap();
    let (canary_hits, _) = files_containing(&[canary.path()], secret.as_bytes());
    assert_eq!(
        canary_hits.len(),
        1,
        "the file search finds a planted token"
    );
    tracing::warn!("planted for the control: {secret}");
    assert_eq!(
        log_lines_containing(&logs.text(), &secret).len(),
        1,
        "the log search finds a token written through the same subscriber"
    );

    assert!(tokens.delete_async(&name).await.unwrap());
}
