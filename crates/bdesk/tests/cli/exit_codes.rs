//! Every documented exit code, end to end: the real `bdesk` binary against the real stub.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{TestEnv, assert_no_token, texts};
use predicates::prelude::*;

#[test]
fn success_is_0_and_prints_the_invoices() {
    let env = TestEnv::new();
    let output = env
        .data("invoices")
        .args(["--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let (out, _) = texts(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("org\tnumber\tid\tstatus"),
        "piped output is tab-separated with a header: {}",
        lines[0]
    );
    assert_eq!(
        lines.len() - 1,
        common::demo_invoice_count("acme"),
        "one line per invoice"
    );
    assert_no_token(&output);
}

/// Standard error is the failing organization's line plus the closing line, nothing else.
fn assert_error_lines(stderr: &str, org: &str, hint: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one line for the organization, one closing line: {stderr}"
    );
    assert!(
        lines[0]
            .to_lowercase()
            .starts_with(&format!("bdesk: organization {org}")),
        "names the organization first: {stderr}"
    );
    assert!(
        lines[0].contains(hint),
        "says what to do ({hint}): {stderr}"
    );
    assert!(lines[1].contains("nothing was written"), "{stderr}");
}

#[test]
fn token_refused_is_3() {
    let env = TestEnv::new();
    let output = env
        .data("invoices")
        .args(["--org", "err-401"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "401 means the token was refused"
    );
    assert_error_lines(&texts(&output).1, "err-401", "bdesk token set");
    assert_no_token(&output);

    let output = env
        .data("invoices")
        .args(["--org", "err-403"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "403 too");

    let output = env
        .bare()
        .env("BDESK_TOKEN", "sk_wrong_token")
        .args(["invoices", "--base-url", &env.url(), "--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(3),
        "a wrong token is refused by the stub"
    );
    assert!(
        !texts(&output).1.contains("sk_wrong_token"),
        "not even a wrong token is shown"
    );
}

#[test]
fn not_found_is_4() {
    let env = TestEnv::new();
    let output = env
        .data("invoices")
        .args(["--org", "err-404"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4));
    assert_error_lines(&texts(&output).1, "err-404", "Check the organization ID");
    assert!(
        output.stdout.is_empty(),
        "nothing printed on standard output"
    );
}

#[test]
fn other_api_errors_are_5() {
    let env = TestEnv::new();
    for org in ["err-500", "malformed"] {
        let output = env.data("invoices").args(["--org", org]).output().unwrap();
        assert_eq!(output.status.code(), Some(5), "{org}: {output:?}");
        let (_, err) = texts(&output);
        assert!(err.contains(org), "{org} is named: {err}");
        assert_no_token(&output);
    }
}

#[test]
fn usage_errors_are_2() {
    let env = TestEnv::new();
    let cases: &[&[&str]] = &[
        &["invoices", "--org", "acme", "--since", "last tuesday"],
        &["invoices", "--org", ".."],
        &["invoices"],
        &["export", "--org", "acme", "--format", "csv", "--manifest"],
        &["export", "--org", "acme", "--format", "pdf"],
        &["invoices", "--org", "acme", "--concurrency", "0"],
    ];
    for args in cases {
        let output = env
            .cmd()
            .args(*args)
            .args(["--base-url", &env.url()])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            texts(&output).1
        );
    }
    assert!(
        env.stub.requests().is_empty(),
        "usage errors are found before anything is fetched"
    );
    let output = env
        .cmd()
        .args([
            "invoices",
            "--org",
            "acme",
            "--base-url",
            "http://billing.example.com",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "remote plain http is refused"
    );
    assert!(texts(&output).1.contains("https"), "and says what to use");
}

#[test]
fn partial_with_keep_going_is_6_and_failures_are_listed() {
    let env = TestEnv::new();
    let out = env.path("partial.csv");
    // The manifest's times have whole seconds.
    let started = chrono::Utc::now() - chrono::Duration::seconds(1);
    let output = env
        .data("export")
        .args([
            "--org",
            "acme",
            "--org",
            "err-404",
            "--org",
            "globex",
            "--keep-going",
        ])
        .args(["--format", "csv", "--manifest", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(6), "{output:?}");
    let (_, err) = texts(&output);
    assert!(
        err.lines()
            .any(|l| l.to_lowercase().starts_with("bdesk: organization err-404")),
        "the failure is on standard error: {err}"
    );
    let (_, rows) = common::read_csv(&out);
    assert_eq!(
        rows.len(),
        common::demo_invoice_count("acme") + common::demo_invoice_count("globex"),
        "the other organizations are exported"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path("partial.csv.manifest.json")).unwrap())
            .unwrap();
    let failed = manifest["failedOrganizations"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{manifest}");
    assert_eq!(failed[0]["org"], "err-404");
    assert_eq!(
        failed[0]["code"], "notFound",
        "the code as the app names it"
    );
    assert_eq!(
        manifest["organizations"],
        serde_json::json!(["acme", "globex"])
    );
    // Each organization in the file, with the answer its rows come from.
    let sources = manifest["sources"].as_array().unwrap();
    let orgs: Vec<&str> = sources.iter().map(|s| s["org"].as_str().unwrap()).collect();
    assert_eq!(orgs, ["acme", "globex"], "{manifest}");
    for source in sources {
        assert_eq!(
            source["origin"], "live",
            "the CLI fetches every answer itself"
        );
        let fetched_at =
            chrono::DateTime::parse_from_rfc3339(source["fetchedAt"].as_str().unwrap())
                .unwrap()
                .with_timezone(&chrono::Utc);
        assert!(
            (started..=chrono::Utc::now()).contains(&fetched_at),
            "fetchedAt is when the answer came, during this run: {source}"
        );
        let org = source["org"].as_str().unwrap();
        assert_eq!(
            source["rowCount"],
            common::demo_invoice_count(org),
            "rowCount is {org}'s rows in the file"
        );
    }
    assert_eq!(manifest["staleOrganizations"], serde_json::json!([]));
    assert_no_token(&output);
}

#[test]
fn without_keep_going_a_failure_writes_nothing() {
    let env = TestEnv::new();
    let out = env.path("all-or-nothing.csv");
    std::fs::write(&out, "previous export\n").unwrap();
    env.data("export")
        .args([
            "--org",
            "acme",
            "--org",
            "err-500",
            "--format",
            "csv",
            "--manifest",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("organization err-500"))
        .stderr(predicate::str::contains("--keep-going"));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "previous export\n",
        "the previous file is untouched"
    );
    assert!(
        !env.path("all-or-nothing.csv.manifest.json").exists(),
        "no manifest"
    );
}

#[test]
fn damaged_or_newer_settings_are_7() {
    let env = TestEnv::new();
    std::fs::write(
        env.settings_file(),
        "schemaVersion = 1\n[[connections]\nname = ",
    )
    .unwrap();
    let output = env
        .cmd()
        .args(["invoices", "--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(7), "{output:?}");
    let (_, err) = texts(&output);
    assert!(err.contains("settings.toml"), "names the file: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");

    std::fs::write(
        env.settings_file(),
        "schemaVersion = 99\nactiveConnection = \"x\"\n",
    )
    .unwrap();
    for args in [
        &["invoices", "--org", "acme"][..],
        &["connection", "list"][..],
        &[
            "connection",
            "add",
            "new",
            "--base-url",
            "https://billing.example.com",
        ][..],
    ] {
        let output = env.cmd().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(7), "{args:?}: {output:?}");
    }
    assert_eq!(
        std::fs::read_to_string(env.settings_file()).unwrap(),
        "schemaVersion = 99\nactiveConnection = \"x\"\n",
        "a newer file is left exactly as it is"
    );
}

#[test]
fn no_connection_and_no_token_are_7() {
    let env = TestEnv::new();
    env.cmd()
        .args(["invoices", "--org", "acme"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("bdesk connection add"));
    // A base URL but no token anywhere (no connection to look one up for).
    env.bare()
        .args(["invoices", "--org", "acme", "--base-url", &env.url()])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("BDESK_TOKEN"));
    assert!(
        env.stub.requests().is_empty(),
        "nothing is sent without a token"
    );
}

#[test]
fn the_token_is_never_printed_even_with_trace_logs() {
    let env = TestEnv::new();
    let runs: Vec<Vec<&str>> = vec![
        vec![
            "invoices",
            "--org",
            "acme",
            "--org",
            "err-401",
            "--keep-going",
        ],
        vec!["payment-methods", "--org", "acme"],
        vec!["invoices", "--org", "redirect-other-origin"],
        vec!["export", "--org", "acme", "--format", "json", "-o", "-"],
    ];
    for args in runs {
        let mut cmd = env.cmd();
        cmd.env("RUST_LOG", "trace").args(&args[..1]);
        cmd.args(["--base-url", &env.url()]).args(&args[1..]);
        let output = cmd.output().unwrap();
        assert!(
            !output.stderr.is_empty(),
            "trace logs were produced for {args:?}"
        );
        assert_no_token(&output);
    }
    let output = env
        .bare()
        .args([
            "invoices",
            "--org",
            "acme",
            "--token-stdin",
            "--base-url",
            &env.url(),
        ])
        .write_stdin(format!("{}\n", common::TOKEN))
        .env("RUST_LOG", "debug")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "--token-stdin works: {output:?}"
    );
    assert_no_token(&output);
}

#[test]
fn a_saved_plain_http_connection_needs_the_users_opt_in_and_sends_nothing_without_it() {
    let env = TestEnv::new();
    let refused = env
        .bare()
        .args(["connection", "add", "local", "--base-url", &env.url()])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let err = texts(&refused).1;
    assert!(
        err.contains("plain http") && err.contains("--allow-plain-http"),
        "says why and how to allow it: {err}"
    );
    assert!(!env.settings_file().exists(), "nothing was saved");

    env.bare()
        .args([
            "connection",
            "add",
            "local",
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .assert()
        .code(0);
    // The same connection as a settings file without the opt-in (written by hand, or before
    // the opt-in existed): the file stays readable, the connection is refused at use.
    let file = std::fs::read_to_string(env.settings_file()).unwrap();
    assert!(file.contains("allowPlainHttp = true"), "{file}");
    std::fs::write(
        env.settings_file(),
        file.replace("allowPlainHttp = true", "allowPlainHttp = false"),
    )
    .unwrap();
    let used = env
        .cmd()
        .args(["invoices", "--connection", "local", "--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(used.status.code(), Some(2), "{used:?}");
    assert!(texts(&used).1.contains("plain http"), "{used:?}");
    assert!(
        env.stub.requests().is_empty(),
        "no request went out without the opt-in"
    );
    // A one-off address with its own token is the script's explicit choice.
    env.data("invoices")
        .args(["--org", "acme"])
        .assert()
        .code(0);
    assert_eq!(env.stub.requests().len(), 1);
}

/// `--log-file` appends each run's start, outcome and error to a file only its owner can
/// read, at info level by default, with no token in it; standard error keeps its own lines;
/// a log file that cannot be opened stops the run before anything is fetched.
#[test]
fn log_file_gets_each_run_s_outcome_and_never_the_token() {
    let env = TestEnv::new();
    let log = env.path("jobs/bdesk.log");
    std::fs::create_dir(env.path("jobs")).unwrap();
    let ok = env
        .data("invoices")
        .args(["--org", "acme", "--log-file"])
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let failed = env
        .data("invoices")
        .env("RUST_LOG", "trace")
        .args(["--org", "err-401", "--log-file"])
        .arg(&log)
        .output()
        .unwrap();
    assert_eq!(failed.status.code(), Some(3), "{failed:?}");
    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("INFO") && l.contains("finished") && l.contains("exit=0")),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("ERROR") && l.contains("exit=3") && l.contains("invoices")),
        "the failed run's reason: {text}"
    );
    assert!(
        text.contains("TRACE") || text.contains("DEBUG"),
        "RUST_LOG reaches the file: {}",
        lines.len()
    );
    assert!(!text.contains(common::TOKEN), "no token in the log file");
    assert!(
        !text.contains("Bearer"),
        "no Authorization header in the log file"
    );
    assert!(
        !texts(&ok).1.contains("finished"),
        "standard error does not repeat the outcome"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&log).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
    let refused = env
        .data("invoices")
        .args(["--org", "acme", "--log-file"])
        .arg(env.path("no/such/folder/bdesk.log"))
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(
        texts(&refused).1.contains("cannot write the log file"),
        "{refused:?}"
    );
}

#[test]
fn a_request_the_api_refuses_is_2_and_nothing_to_compare_with_is_4() {
    let env = TestEnv::new();
    let refused = env
        .data("invoices")
        .args(["--org", "err-400"])
        .output()
        .unwrap();
    assert_eq!(
        refused.status.code(),
        Some(2),
        "HTTP 400 is a usage error, as in the app: {refused:?}"
    );
    assert!(texts(&refused).1.contains("err-400"), "{refused:?}");
    let nothing = env
        .data("changes")
        .args(["--since", "last"])
        .output()
        .unwrap();
    assert_eq!(nothing.status.code(), Some(4), "{nothing:?}");
    assert!(
        texts(&nothing).1.contains("Nothing has been exported"),
        "{nothing:?}"
    );
}
