//! Load through the real `bdesk` binary, against the real stub:
//!
//! - a batch export of 1,000 organizations (`--orgs-file`) ends with one file holding every
//!   organization's invoices, within a memory bound;
//! - Ctrl-C (SIGINT) in the middle of that batch leaves the old target as it was and exits
//!   with 130, the documented "interrupted" code;
//! - one organization with 100,000 invoices (`huge-100000`) stays within a memory bound.
//!
//! Peak memory is the child's peak resident set size (`/usr/bin/time -v`, else the last
//! `VmHWM` read from `/proc/<pid>/status` while it ran, a lower bound). The bounds are
//! generous on purpose, several times what a debug build uses here, so they hold on any
//! machine, yet a leak that scales with the work breaks them (see each test). No duration is
//! asserted; `scripts/bench-load.sh` prints the times and memory of release builds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use billing_stub::StubConfig;
use common::{TOKEN, TestEnv, demo_invoice_count, read_csv, texts};

/// Organizations in the batch.
const ORGS: usize = 1_000;
const MIB: u64 = 1024 * 1024;

/// `bdesk` with the test's settings folder and the token in the environment.
fn bdesk(env: &TestEnv) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bdesk"));
    cmd.env("BDESK_CONFIG_DIR", env.config.path())
        .env("BDESK_DATA_DIR", env.data.path().join("data"))
        .env("BDESK_CACHE_DIR", env.data.path().join("cache"))
        .env("BDESK_TOKEN", TOKEN)
        .env_remove("BDESK_BASE_URL")
        .env_remove("RUST_LOG")
        .current_dir(env.work.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd` to the end; returns its output, its peak resident memory in bytes, and how
/// long it took (printed, never asserted).
fn run_measured(env: &TestEnv, cmd: Command) -> (Output, u64, Duration) {
    let time = Path::new("/usr/bin/time");
    let report = env.path("time-report.txt");
    let mut cmd = if time.exists() {
        let mut wrapped = Command::new(time);
        wrapped
            .arg("-v")
            .arg("-o")
            .arg(&report)
            .arg(cmd.get_program());
        wrapped.args(cmd.get_args());
        for (key, value) in cmd.get_envs() {
            match value {
                Some(value) => wrapped.env(key, value),
                None => wrapped.env_remove(key),
            };
        }
        wrapped
            .current_dir(env.work.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        wrapped
    } else {
        cmd
    };
    let start = Instant::now();
    let child = cmd.spawn().expect("bdesk starts");
    // Fallback: the high-water mark as last seen while it ran.
    let status_file = format!("/proc/{}/status", child.id());
    let sampler = std::thread::spawn(move || {
        let mut peak = 0;
        while let Ok(text) = std::fs::read_to_string(&status_file) {
            if let Some(kib) = field_kib(&text, "VmHWM:") {
                peak = peak.max(kib);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        peak
    });
    let output = child.wait_with_output().unwrap();
    let elapsed = start.elapsed();
    let sampled = sampler.join().unwrap();
    let peak_kib = if time.exists() {
        let text = std::fs::read_to_string(&report).unwrap();
        std::fs::remove_file(&report).unwrap();
        field_kib(&text, "Maximum resident set size (kbytes):")
            .expect("/usr/bin/time -v reports the maximum resident set size")
    } else {
        sampled
    };
    (output, peak_kib * 1024, elapsed)
}

/// The number after `label` on its line, in KiB.
fn field_kib(text: &str, label: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.trim_start().starts_with(label))?;
    line.trim_start()[label.len()..]
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// A file with `ORGS` organization IDs, one a line; returns the IDs.
fn orgs_file(env: &TestEnv) -> Vec<String> {
    let ids: Vec<String> = (0..ORGS).map(|i| format!("load-{i:04}")).collect();
    std::fs::write(env.path("orgs.txt"), ids.join("\n")).unwrap();
    ids
}

/// Names in the working folder other than `keep`.
fn others(env: &TestEnv, keep: &[&str]) -> Vec<String> {
    std::fs::read_dir(env.work.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !keep.contains(&name.as_str()))
        .collect()
}

/// The 1,000-organization export. Bound: 160 MiB, about four times the ~40 MiB a debug build
/// peaks at here; a leak of 128 KiB per organization (a response body or a connection's
/// buffers kept for each) would break it.
#[test]
fn a_batch_export_of_1000_organizations_holds_every_invoice_in_bounded_memory() {
    let env = TestEnv::new();
    let ids = orgs_file(&env);
    let mut cmd = bdesk(&env);
    cmd.args([
        "export",
        "--base-url",
        &env.url(),
        "--orgs-file",
        "orgs.txt",
    ])
    .args(["--format", "csv", "-o", "all.csv"]);
    let (output, peak, elapsed) = run_measured(&env, cmd);
    let (_, err) = texts(&output);
    assert!(output.status.success(), "the batch export works: {err}");
    eprintln!(
        "1,000 organizations to CSV: {:.1} MiB peak, {elapsed:?} (debug build)",
        peak as f64 / MIB as f64
    );

    let (header, rows) = read_csv(&env.path("all.csv"));
    assert_eq!(
        header[0], "org",
        "several organizations: an org column first"
    );
    let mut per_org: HashMap<&str, usize> = HashMap::new();
    for row in &rows {
        *per_org.entry(row.get(0).unwrap()).or_default() += 1;
    }
    let mut total = 0;
    for id in &ids {
        let expected = demo_invoice_count(id);
        total += expected;
        assert_eq!(
            per_org.get(id.as_str()).copied().unwrap_or(0),
            expected,
            "{id}: every invoice of every organization is in the one file"
        );
    }
    assert_eq!(rows.len(), total, "and nothing else");
    assert!(
        err.contains(&format!("wrote {total} invoices from {ORGS} organizations")),
        "the summary line counts them: {err}"
    );
    assert!(
        peak < 160 * MIB,
        "peak memory {:.1} MiB stays under the 160 MiB bound",
        peak as f64 / MIB as f64
    );
}

/// Ctrl-C while the batch is being fetched (requests slowed to 20 ms, four at a time, so the
/// 1,000 take about five seconds): exit 130, the old file untouched, no temp file, and the
/// remaining organizations are not fetched.
#[test]
fn ctrl_c_in_the_middle_of_a_batch_export_keeps_the_old_file_and_exits_130() {
    let env = TestEnv::with_config(StubConfig {
        token: Some(TOKEN.to_owned()),
        latency: Duration::from_millis(20),
        ..StubConfig::default()
    });
    orgs_file(&env);
    let old = b"org,number\r\nold,OLD-1\r\n";
    std::fs::write(env.path("all.csv"), old).unwrap();
    let mut cmd = bdesk(&env);
    cmd.args([
        "export",
        "--base-url",
        &env.url(),
        "--orgs-file",
        "orgs.txt",
    ])
    .args(["--concurrency", "4", "--format", "csv", "-o", "all.csv"]);
    let child = cmd.spawn().expect("bdesk starts");

    // Wait until the batch is well under way, then press Ctrl-C once.
    let start = Instant::now();
    while env.stub.requests().len() < 100 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the batch starts fetching"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "SIGINT is sent");
    let output = child.wait_with_output().unwrap();
    let (out, err) = texts(&output);

    assert_eq!(
        output.status.code(),
        Some(130),
        "an interrupted run exits with the documented 130: {err}"
    );
    assert!(out.is_empty(), "nothing on standard output: {out}");
    assert!(
        err.contains("Interrupted; nothing was written."),
        "says that nothing was written: {err}"
    );
    assert_eq!(
        std::fs::read(env.path("all.csv")).unwrap(),
        old,
        "the export that existed before is left byte for byte"
    );
    assert_eq!(
        others(&env, &["all.csv", "orgs.txt"]),
        Vec::<String>::new(),
        "no temporary or partial file is left"
    );
    let fetched = env.stub.requests().len();
    assert!(
        fetched < ORGS,
        "the organizations after the Ctrl-C are not fetched ({fetched} of {ORGS} requests)"
    );
}

/// One organization with 100,000 invoices (a 52 MB response) to CSV. Bound: 256 MiB, about
/// twice the ~120 MiB a debug build peaks at here; holding the response body and the
/// decoded invoices twice over would break it.
#[test]
fn an_organization_with_100k_invoices_exports_in_bounded_memory() {
    let env = TestEnv::new();
    let mut cmd = bdesk(&env);
    cmd.args(["export", "--base-url", &env.url(), "--org", "huge-100000"])
        .args(["--format", "csv", "-o", "huge.csv"]);
    let (output, peak, elapsed) = run_measured(&env, cmd);
    let (_, err) = texts(&output);
    assert!(output.status.success(), "the export works: {err}");
    eprintln!(
        "100,000 invoices to CSV: {:.1} MiB peak, {elapsed:?} (debug build)",
        peak as f64 / MIB as f64
    );
    let (_, rows) = read_csv(&env.path("huge.csv"));
    assert_eq!(rows.len(), 100_000, "every invoice is in the file");
    assert!(
        peak < 256 * MIB,
        "peak memory {:.1} MiB stays under the 256 MiB bound",
        peak as f64 / MIB as f64
    );
}

/// A hostile answer of empty objects (`{},` is 3 bytes on the wire and an invoice's worth of
/// memory once decoded) one past the invoice limit: the organization fails, saying its answer
/// lists far more invoices than its size holds, and the run stays under 600 MiB, where
/// decoding the limit's worth of invoices before failing takes more than that.
#[test]
fn minimal_objects_past_the_invoice_limit_fail_the_organization_in_bounded_memory() {
    let env = TestEnv::new();
    let limit = billing_core::model::MAX_INVOICES;
    let hostile = format!("minimal-{}", limit + 1);
    let mut cmd = bdesk(&env);
    cmd.args([
        "invoices",
        "--base-url",
        &env.url(),
        "--org",
        &hostile,
        "--json",
    ]);
    let (output, peak, elapsed) = run_measured(&env, cmd);
    let (out, err) = texts(&output);
    eprintln!(
        "{hostile}: {:.1} MiB peak, {elapsed:?} (debug build)",
        peak as f64 / MIB as f64
    );
    assert!(!output.status.success(), "the organization fails: {out}");
    assert!(
        err.contains("far more than real ones take"),
        "the message says why: {err}"
    );
    assert!(
        peak < 600 * MIB,
        "peak memory {:.1} MiB stays under 600 MiB",
        peak as f64 / MIB as f64
    );
}
