//! The panic hook in a real process: this test binary runs itself again as a child that
//! installs the hook and panics; the parent finds the report, owner-only, and takes it once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use billing_core::crash_report::{self, report_path};

/// Set in the child: the folder its hook writes into.
const CHILD_DIR_ENV: &str = "BDESK_CRASH_REPORT_TEST_DIR";
const SECRET_WORD: &str = "not-in-the-report-";

/// In the child, installs the hook and panics; in a normal run, does nothing.
#[test]
fn child_that_panics() {
    let Some(dir) = std::env::var_os(CHILD_DIR_ENV) else {
        return;
    };
    crash_report::install(dir.into(), "bdesk", "9.9.9");
    let long_tail = "x".repeat(2_000);
    panic!("the child panics on purpose {long_tail}{SECRET_WORD}");
}

#[test]
fn a_panic_leaves_a_report_that_the_next_start_takes_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_that_panics",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR_ENV, &data)
        .output()
        .unwrap();
    assert!(!output.status.success(), "the child's test panicked");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the child panics on purpose"),
        "the previous hook still prints the panic: {stderr}"
    );

    let path = report_path(&data, "bdesk");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the report is owner-only");
        let dir_mode = std::fs::metadata(&data).unwrap().permissions().mode();
        assert_eq!(dir_mode & 0o777, 0o700, "its folder too");
    }
    let report = crash_report::take(&data, "bdesk").expect("the report is there");
    assert_eq!(
        (report.program.as_str(), report.version.as_str()),
        ("bdesk", "9.9.9")
    );
    assert!(
        report.message.starts_with("the child panics on purpose"),
        "{report:?}"
    );
    assert!(
        !report.message.contains(SECRET_WORD),
        "the message is cut to {} characters",
        crash_report::MESSAGE_MAX_CHARS
    );
    assert!(
        report
            .location
            .as_deref()
            .is_some_and(|at| at.contains("crash_report_hook.rs")),
        "{report:?}"
    );
    assert_eq!(crash_report::take(&data, "bdesk"), None, "reported once");
}
