//! Network faults end to end: the real `bdesk` binary against the real stub
//! and its fault listeners. Each fault gives exit code 5, one line naming the organization and
//! the fault plus the closing "nothing was written" line, and leaves an export target that
//! existed before byte for byte as it was, with no temporary file beside it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::path::Path;

use billing_stub::faults::{UNRESOLVABLE_BASE_URL, refused_base_url, spawn_reset_mid_body};
use common::{TestEnv, assert_no_token, texts};

const OLD_EXPORT: &str = "number,total\r\nOLD-1,1.00\r\n";

/// An export target that exists before the run, in the test's working folder.
fn existing_target(env: &TestEnv) -> std::path::PathBuf {
    let path = env.path("invoices.csv");
    std::fs::write(&path, OLD_EXPORT).unwrap();
    path
}

/// `bdesk export --format csv -o <target> --org <org> --base-url <base>`, run to the end.
fn export(env: &TestEnv, base: &str, org: &str, target: &Path) -> std::process::Output {
    env.cmd()
        .args([
            "export",
            "--base-url",
            base,
            "--format",
            "csv",
            "--org",
            org,
        ])
        .arg("-o")
        .arg(target)
        .output()
        .unwrap()
}

/// Exit 5, the organization's line saying `what`, the closing line, the old file intact.
fn assert_fault(env: &TestEnv, output: &std::process::Output, org: &str, what: &[&str]) {
    assert_eq!(
        output.status.code(),
        Some(5),
        "a network or API fault is exit 5: {output:?}"
    );
    let (out, err) = texts(output);
    assert!(out.is_empty(), "nothing on standard output: {out}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one line for the fault, one closing line: {err}"
    );
    assert!(
        lines[0].starts_with(&format!("bdesk: organization {org}: ")),
        "names the organization first: {err}"
    );
    for part in what {
        assert!(lines[0].contains(part), "says {part:?}: {err}");
    }
    assert!(lines[1].contains("nothing was written"), "{err}");
    assert_no_token(output);
    assert_eq!(
        std::fs::read_to_string(env.path("invoices.csv")).unwrap(),
        OLD_EXPORT,
        "the export that existed before is left untouched"
    );
    let names: Vec<String> = std::fs::read_dir(env.work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["invoices.csv"],
        "no temporary or partial file is left"
    );
}

#[test]
fn connection_refused() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    let base = refused_base_url().unwrap();
    let output = export(&env, &base, "acme", &target);
    assert_fault(
        &env,
        &output,
        "acme",
        &["the connection was refused", &base, "gave up after 3 tries"],
    );
}

#[test]
fn a_reset_in_the_middle_of_the_body() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(spawn_reset_mid_body()).unwrap();
    let output = export(&env, &server.base_url(), "acme", &target);
    assert_fault(
        &env,
        &output,
        "acme",
        &[
            "broke while the answer was downloading",
            "gave up after 3 tries",
        ],
    );
    let (_, err) = texts(&output);
    assert!(
        err.to_lowercase().contains("reset"),
        "the reset is named: {err}"
    );
    assert_eq!(server.requests(), 3, "the default policy's three tries");
}

/// A saved connection `slow` to the stub with a one-second limit per try (`timeoutSecs`,
/// which only the settings file sets).
fn slow_connection(env: &TestEnv) {
    let added = env
        .bare()
        .args([
            "connection",
            "add",
            "slow",
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    let file = env.settings_file();
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("baseUrl"))
        .expect("the connection has a baseUrl line")
        .to_owned();
    let edited = text.replacen(&line, &format!("{line}\ntimeoutSecs = 1"), 1);
    std::fs::write(&file, edited).unwrap();
}

#[test]
fn a_body_at_one_byte_a_second_ends_with_the_timeout() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    slow_connection(&env);
    let output = env
        .cmd()
        .args([
            "export",
            "--connection",
            "slow",
            "--format",
            "csv",
            "--org",
            "slow-body-1000",
        ])
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_fault(
        &env,
        &output,
        "slow-body-1000",
        &["did not answer in time", "gave up after 3 tries"],
    );
}

/// A 2.2 GB body sent without a length (the stub generates it as it streams) stops at the
/// size cap while it arrives, decoding as it goes; a 50 MB cap keeps the test quick.
#[test]
fn a_2_gib_body_stops_at_the_size_cap() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    let output = env
        .data("export")
        .args(["--format", "csv", "--org", "huge-4200000"])
        .args(["--max-response-mb", "50", "-o"])
        .arg(&target)
        .output()
        .unwrap();
    assert_fault(
        &env,
        &output,
        "huge-4200000",
        &["larger than the 50.0 MB Billing Desk accepts"],
    );
    assert_eq!(env.stub.requests().len(), 1, "too large is not retried");
}

/// An organization past the default size is read once the limit is raised, and the refusal
/// names how to raise it: the connection's setting and the flag.
#[test]
fn max_response_mb_raises_the_size_cap_that_its_refusal_names() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    // 20,000 invoices: an answer of about 10 MB.
    let refused = env
        .data("export")
        .args([
            "--format",
            "csv",
            "--org",
            "huge-20000",
            "--max-response-mb",
            "2",
            "-o",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_fault(
        &env,
        &refused,
        "huge-20000",
        &[
            "larger than the 2.0 MB Billing Desk accepts",
            "maxResponseMb",
            "--max-response-mb",
        ],
    );
    let read = env
        .data("export")
        .args([
            "--format",
            "csv",
            "--org",
            "huge-20000",
            "--max-response-mb",
            "40",
            "-o",
        ])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(read.status.code(), Some(0), "{read:?}");
    let (_, records) = common::read_csv(&target);
    assert_eq!(records.len(), 20_000, "every invoice of the larger answer");
}

#[test]
fn a_storm_of_429s() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    let output = export(&env, &env.url(), "err-429", &target);
    assert_fault(
        &env,
        &output,
        "err-429",
        &["HTTP 429", "gave up after 3 tries"],
    );
    assert_eq!(
        env.stub.requests().len(),
        3,
        "no request beyond the default policy's three tries"
    );
}

#[test]
fn a_host_name_that_does_not_resolve() {
    let env = TestEnv::new();
    let target = existing_target(&env);
    let output = export(&env, UNRESOLVABLE_BASE_URL, "acme", &target);
    assert_fault(
        &env,
        &output,
        "acme",
        &[
            "the host name could not be found",
            "billing-desk-fault.invalid",
        ],
    );
}
