//! `bdesk view` and `--view NAME`: views saved from the command line are the app's views
//! (the same settings file), an export through a view is byte for byte the export with the
//! same options written out, options beside `--view` refine it, and mistakes are usage
//! errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::*;

/// `bdesk` with the stub's token, run against the saved connection.
fn run(env: &TestEnv, args: &[&str]) -> std::process::Output {
    env.cmd().args(args).output().unwrap()
}

/// The demo keeps views of its own, apart from any connection's.
#[test]
fn the_demo_has_views_of_its_own() {
    let env = TestEnv::new();
    env.bare()
        .args(["view", "save", "Overdue USD", "--demo", "--overdue"])
        .args(["--currency", "usd"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "saved view \"Overdue USD\" (demo)",
        ));
    let list = run(&env, &["--demo", "view", "list", "--json"]);
    let views: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(views[0]["name"], "Overdue USD");
    assert_eq!(views[0]["query"]["currency"], "USD");
    let settings = std::fs::read_to_string(env.settings_file()).unwrap();
    assert!(settings.contains("[[demoViews]]"), "{settings}");
    let listed = run(
        &env,
        &["--demo", "invoices", "--view", "Overdue USD", "--json"],
    );
    assert_eq!(listed.status.code(), Some(0), "{listed:?}");
}

#[test]
fn a_saved_view_exports_exactly_what_its_options_export() {
    let env = TestEnv::new();
    let url = env.url();
    env.bare()
        .args([
            "connection",
            "add",
            "stub",
            "--base-url",
            &url,
            "--allow-plain-http",
        ])
        .assert()
        .code(0);
    env.bare()
        .args([
            "view",
            "save",
            "Overdue USD",
            "--overdue",
            "--currency",
            "usd",
        ])
        .args(["--sort", "total:desc", "--org", "acme", "--org", "globex"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "saved view \"Overdue USD\" (connection \"stub\")",
        ));
    let settings = std::fs::read_to_string(env.settings_file()).unwrap();
    assert!(settings.contains("[[connections.views]]"), "{settings}");

    let csv = ["--format", "csv", "-o", "-"];
    let through_view = run(
        &env,
        &[&["export", "--view", "overdue usd"][..], &csv].concat(),
    );
    let by_hand = run(
        &env,
        &[
            &[
                "export",
                "--overdue",
                "--currency",
                "usd",
                "--sort",
                "total:desc",
            ][..],
            &["--org", "acme", "--org", "globex"],
            &csv,
        ]
        .concat(),
    );
    assert_eq!(through_view.status.code(), Some(0), "{through_view:?}");
    let (view_text, hand_text) = (texts(&through_view).0, texts(&by_hand).0);
    assert!(
        view_text.lines().count() > 2,
        "rows were exported: {view_text}"
    );
    assert!(
        view_text == hand_text,
        "the same bytes:\n{view_text}\n---\n{hand_text}"
    );

    // An option beside the view replaces the view's: EUR instead of USD.
    let refined = run(
        &env,
        &[
            &["export", "--view", "Overdue USD", "--currency", "eur"][..],
            &csv,
        ]
        .concat(),
    );
    let text = texts(&refined).0;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let currency = header.iter().position(|h| *h == "currency").unwrap();
    let overdue = header.iter().position(|h| *h == "overdue").unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(!rows.is_empty(), "{text}");
    assert!(
        rows.iter()
            .all(|r| r[currency] == "EUR" && r[overdue] == "true"),
        "{text}"
    );

    // The invoices list and the PDFs follow the view too.
    let listed = run(&env, &["invoices", "--view", "Overdue USD", "--json"]);
    let invoices: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let count = invoices["invoices"].as_array().unwrap().len();
    assert_eq!(count, view_text.lines().count() - 1);
    let pdfs = env.path("pdfs");
    let archived = env
        .cmd()
        .args(["pdfs", "--view", "Overdue USD", "--dir"])
        .arg(&pdfs)
        .output()
        .unwrap();
    assert_eq!(archived.status.code(), Some(0), "{archived:?}");
    let saved = std::fs::read_dir(&pdfs)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(saved, count, "one PDF per invoice of the view");

    env.bare()
        .args(["view", "rm", "OVERDUE USD"])
        .assert()
        .code(0);
    let gone = run(
        &env,
        &[&["export", "--view", "Overdue USD"][..], &csv].concat(),
    );
    assert_eq!(gone.status.code(), Some(2), "{gone:?}");
    assert!(texts(&gone).1.contains("bdesk view list"), "{gone:?}");
}

#[test]
fn view_mistakes_are_usage_errors_and_save_nothing() {
    let env = TestEnv::new();
    let crossed = env
        .bare()
        .args(["view", "save", "Crossed", "--demo", "--amount-min", "10"])
        .args(["--amount-max", "1"])
        .output()
        .unwrap();
    assert_eq!(crossed.status.code(), Some(2), "{crossed:?}");
    let blank = env
        .bare()
        .args(["view", "save", " ", "--demo"])
        .output()
        .unwrap();
    assert_eq!(blank.status.code(), Some(2), "{blank:?}");
    assert!(texts(&blank).1.contains("cannot name a view"), "{blank:?}");
    assert!(!env.settings_file().exists(), "nothing was saved");
    let no_connection = env.bare().args(["view", "list"]).output().unwrap();
    assert_eq!(no_connection.status.code(), Some(7), "{no_connection:?}");
    let one_off = env
        .data("export")
        .args([
            "--org", "acme", "--view", "Any", "--format", "csv", "-o", "-",
        ])
        .output()
        .unwrap();
    assert_eq!(one_off.status.code(), Some(2), "{one_off:?}");
    assert!(texts(&one_off).1.contains("--connection"), "{one_off:?}");
}
