//! What every CLI test needs: the real stub on a free port (in this test process), a private
//! settings folder, and the `bdesk` binary pointed at both.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use billing_stub::{StubConfig, StubHandle};
use tempfile::TempDir;

/// The token the stub requires; must never appear in any output.
pub const TOKEN: &str = "sk_live_cli_TEST_SECRET_93f1";

/// A stub and a settings folder for one test.
pub struct TestEnv {
    pub stub: StubHandle,
    pub config: TempDir,
    pub work: TempDir,
    /// BDESK_DATA_DIR and BDESK_CACHE_DIR: the export history, default PDF folders, crash
    /// reports and the cache stay inside the test.
    pub data: TempDir,
    // Declared last so the stub is dropped before its runtime.
    runtime: tokio::runtime::Runtime,
}

impl TestEnv {
    /// A stub that requires [`TOKEN`].
    pub fn new() -> TestEnv {
        Self::with_config(StubConfig {
            token: Some(TOKEN.to_owned()),
            ..StubConfig::default()
        })
    }

    /// A stub with this configuration.
    pub fn with_config(config: StubConfig) -> TestEnv {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let stub = runtime
            .block_on(billing_stub::spawn(config))
            .expect("the stub starts on a free port");
        TestEnv {
            stub,
            config: tempfile::tempdir().unwrap(),
            work: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            runtime,
        }
    }

    /// The stub's base URL.
    pub fn url(&self) -> String {
        self.stub.base_url()
    }

    /// `bdesk` with a private settings folder, no inherited token, base URL or log settings.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("bdesk").unwrap();
        cmd.env("BDESK_CONFIG_DIR", self.config.path())
            .env("BDESK_DATA_DIR", self.data.path().join("data"))
            .env("BDESK_CACHE_DIR", self.data.path().join("cache"))
            .env_remove("BDESK_TOKEN")
            .env_remove("BDESK_BASE_URL")
            .env_remove("RUST_LOG")
            .current_dir(self.work.path())
            .timeout(std::time::Duration::from_secs(120));
        cmd
    }

    /// `bdesk` with `BDESK_TOKEN` set to the stub's token.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.env("BDESK_TOKEN", TOKEN);
        cmd
    }

    /// `bdesk SUBCOMMAND --base-url <stub>` with the token in the environment.
    pub fn data(&self, subcommand: &str) -> Command {
        let mut cmd = self.cmd();
        cmd.args([subcommand, "--base-url", &self.url()]);
        cmd
    }

    /// A path in the test's working folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.work.path().join(name)
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config.path().join("settings.toml")
    }
}

/// Standard output and error of a finished command, as text.
pub fn texts(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts the token is in neither stream.
pub fn assert_no_token(output: &std::process::Output) {
    let (out, err) = texts(output);
    assert!(!out.contains(TOKEN), "the token leaked to standard output");
    assert!(!err.contains(TOKEN), "the token leaked to standard error");
}

/// Invoices the stub's demo data has for `org` (deterministic per ID).
pub fn demo_invoice_count(org: &str) -> usize {
    billing_stub::demo::billing_details(org, chrono::Utc::now(), "http://127.0.0.1")
        .invoices
        .len()
}

/// The rows of a CSV file: header and records.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader.records().map(Result::unwrap).collect();
    (header, rows)
}

/// Whether this process runs inside scripts/with-keyring.sh (a throwaway keyring); keyring
/// tests skip otherwise rather than touch the developer's own keyring.
pub fn in_keyring_session(test: &str) -> bool {
    let inside = std::env::var_os("BDESK_KEYRING_SESSION").is_some_and(|v| v == "1");
    if !inside {
        eprintln!(
            "{test}: SKIPPED, not inside scripts/with-keyring.sh (would touch your own keyring)"
        );
    }
    inside
}
