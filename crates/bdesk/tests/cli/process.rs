//! What `bdesk` does to its own process: no core dumps, which would hold the token in a file.
#![allow(clippy::unwrap_used, clippy::expect_used)]
#![cfg(target_os = "linux")]

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use common::{TestEnv, texts};

/// `/proc/<pid>/limits` of a running `bdesk demo-server` says the core size limit is 0, also
/// when it was started with core dumps allowed.
#[test]
fn a_running_bdesk_cannot_write_a_core_dump() {
    let config = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -c unlimited 2>/dev/null; exec "$0" "$@""#)
        .arg(assert_cmd::cargo::cargo_bin("bdesk"))
        .args(["demo-server", "--port", "0"])
        .env("BDESK_CONFIG_DIR", config.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let listening = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("listening on "));
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id()));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(listening, "bdesk demo-server starts");
    let limits = limits.unwrap();
    let core = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .unwrap();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(&fields[4..6], ["0", "0"], "soft and hard limit: {core}");
}

/// A report left by a panic of the previous run is printed once at the next start, cleaned of
/// terminal escapes, and removed.
#[test]
fn the_previous_runs_crash_is_reported_once() {
    let env = TestEnv::new();
    let data = tempfile::tempdir().unwrap();
    let report = billing_core::crash_report::report_path(data.path(), "bdesk");
    std::fs::write(
        &report,
        r#"{"at":"2026-11-03T14:02:00Z","program":"bdesk","version":"0.9.0","message":"index out of bounds\u001b[2J","location":"src/x.rs:7","thread":"main"}"#,
    )
    .unwrap();
    let run = || {
        let output = env
            .bare()
            .env("BDESK_DATA_DIR", data.path())
            .args(["connection", "list"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        texts(&output).1
    };
    let first = run();
    assert!(
        first.contains(
            "bdesk: the previous run (version 0.9.0, 2026-11-03 14:02 UTC) stopped on a bug: index out of bounds"
        ) && first.contains("(src/x.rs:7)"),
        "{first}"
    );
    assert!(
        !first.contains('\u{1b}'),
        "no terminal escape reaches the terminal: {first:?}"
    );
    assert!(!report.exists(), "the report is taken");
    assert!(!run().contains("previous run"), "reported once");
}
