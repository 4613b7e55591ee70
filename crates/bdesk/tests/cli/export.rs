//! Exports, the PDF archive and the demo mode through the real `bdesk` binary and stub.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::fs;

use common::{TestEnv, assert_no_token, demo_invoice_count, read_csv, texts};
use sha2::{Digest, Sha256};

const INVOICE_HEADER: [&str; 14] = [
    "number",
    "id",
    "status",
    "currency",
    "total",
    "amountDue",
    "amountPaid",
    "amountRemaining",
    "createdAt",
    "dueAt",
    "periodStart",
    "periodEnd",
    "hostedInvoiceUrl",
    "invoicePdf",
];

#[test]
fn a_200_organization_batch_exports_to_one_csv_with_a_matching_manifest() {
    let env = TestEnv::new();
    let orgs: Vec<String> = (0..200).map(|i| format!("customer-{i:03}")).collect();
    let mut list = String::from("# the 200 customers of the batch test\n\n");
    for org in &orgs {
        list.push_str(org);
        list.push('\n');
    }
    let orgs_file = env.path("orgs.txt");
    fs::write(&orgs_file, list).unwrap();
    let out = env.path("batch.csv");

    let output = env
        .data("export")
        .arg("--orgs-file")
        .arg(&orgs_file)
        .args(["--concurrency", "16", "--format", "csv", "--manifest", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", texts(&output).1);
    assert_no_token(&output);

    let (header, rows) = read_csv(&out);
    assert_eq!(
        header[0], "org",
        "several organizations: the org column comes first"
    );
    assert_eq!(
        &header[1..15],
        INVOICE_HEADER,
        "the API's fields in the doc's order"
    );
    assert_eq!(&header[15..], ["overdue", "daysOverdue", "agingBucket"]);
    let expected: usize = orgs.iter().map(|o| demo_invoice_count(o)).sum();
    assert_eq!(rows.len(), expected, "every invoice of every organization");
    let mut seen: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    seen.dedup();
    assert_eq!(seen, orgs, "organizations in the order asked, each once");
    let fetches = env
        .stub
        .requests()
        .iter()
        .filter(|r| r.path.contains("/billing-details"))
        .count();
    assert_eq!(fetches, 200, "one request per organization");

    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("batch.csv.manifest.json")).unwrap()).unwrap();
    let bytes = fs::read(&out).unwrap();
    assert_eq!(
        manifest["sha256"],
        hex::encode(Sha256::digest(&bytes)),
        "the manifest's checksum is the file's"
    );
    assert_eq!(manifest["bytes"], bytes.len());
    assert_eq!(manifest["rowCount"], rows.len());
    assert_eq!(manifest["organizations"].as_array().unwrap().len(), 200);
    assert_eq!(manifest["failedOrganizations"], serde_json::json!([]));
    assert_eq!(manifest["format"], "csv");
    assert_eq!(manifest["baseUrl"], format!("{}/", env.url()));
    let manifest_text = fs::read_to_string(env.path("batch.csv.manifest.json")).unwrap();
    assert!(
        !manifest_text.contains(common::TOKEN),
        "no token in the manifest"
    );
}

#[test]
fn dash_streams_to_standard_output() {
    let env = TestEnv::new();
    let output = env
        .data("export")
        .args(["--org", "acme", "--format", "csv", "-o", "-", "--bom"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        output.stdout.starts_with(b"\xEF\xBB\xBF"),
        "--bom starts the CSV"
    );
    let text = String::from_utf8(output.stdout[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        INVOICE_HEADER
            .iter()
            .chain(&["overdue", "daysOverdue", "agingBucket"])
            .copied()
            .collect::<Vec<_>>(),
        "one organization: no org column"
    );
    assert_eq!(reader.records().count(), demo_invoice_count("acme"));
    assert!(
        fs::read_dir(env.work.path()).unwrap().next().is_none(),
        "no file was written"
    );

    let output = env
        .data("export")
        .args(["--org", "acme", "--org", "globex", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let invoices = doc["invoices"].as_array().expect("an invoices array");
    assert_eq!(
        invoices.len(),
        demo_invoice_count("acme") + demo_invoice_count("globex"),
        "standard output is the default destination"
    );
}

#[test]
fn filters_select_the_exported_rows() {
    let env = TestEnv::new();
    let output = env
        .data("export")
        .args([
            "--org",
            "acme",
            "--format",
            "csv",
            "--status",
            "open",
            "--currency",
            "usd",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty(), "the demo data has open USD invoices");
    assert!(
        rows.iter().all(|r| &r[2] == "open" && &r[3] == "USD"),
        "only open USD invoices"
    );
    assert!(
        rows.len() < demo_invoice_count("acme"),
        "others were left out"
    );

    let output = env
        .data("invoices")
        .args(["--org", "acme", "--overdue", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let invoices = doc["invoices"].as_array().unwrap();
    assert!(!invoices.is_empty(), "the demo data has overdue invoices");
    assert!(
        invoices.iter().all(|i| i["overdue"] == true),
        "--overdue keeps only overdue invoices: {doc}"
    );
}

#[test]
fn xlsx_goes_to_a_file() {
    let env = TestEnv::new();
    let out = env.path("book.xlsx");
    let output = env
        .data("export")
        .args(["--org", "acme", "--format", "xlsx", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let bytes = fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
}

#[test]
fn an_unwritable_output_is_1_and_names_the_path() {
    let env = TestEnv::new();
    let output = env
        .data("export")
        .args(["--org", "acme", "--format", "csv", "-o"])
        .arg(env.path("missing-folder/out.csv"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let (_, err) = texts(&output);
    assert!(err.contains("missing-folder"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn demo_works_with_no_configuration_at_all() {
    let env = TestEnv::new();
    let nowhere = env.config.path().join("never-created");
    let run = |args: &[&str]| {
        env.bare()
            .env("BDESK_CONFIG_DIR", &nowhere)
            // Left over from another setup: --demo must not trip over it.
            .env("BDESK_BASE_URL", "http://127.0.0.1:9")
            .arg(args[0])
            .arg("--demo")
            .args(&args[1..])
            .output()
            .unwrap()
    };
    let output = run(&["invoices", "--org", "acme"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        texts(&output).1.contains("demo"),
        "the output says it is demo data"
    );
    assert_eq!(
        texts(&output).0.lines().count() - 1,
        demo_invoice_count("acme"),
        "the demo data"
    );
    let output = run(&["payment-methods", "--org", "acme", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        !doc["paymentMethods"].as_array().unwrap().is_empty(),
        "{doc}"
    );

    let pdfs = env.path("demo-pdfs");
    let output = env
        .bare()
        .env("BDESK_CONFIG_DIR", &nowhere)
        .args(["pdfs", "--demo", "--org", "acme", "--dir"])
        .arg(&pdfs)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(pdfs.join("index.json").exists());
    assert!(!nowhere.exists(), "demo mode writes no settings");
    assert!(
        env.stub.requests().is_empty(),
        "demo mode talks to its own stub, not this one"
    );
}

#[test]
fn pdfs_are_archived_once_and_failures_are_partial() {
    let env = TestEnv::new();
    let dir = env.path("archive");
    let output = env
        .data("pdfs")
        .args(["--org", "acme", "--org", "pdf-elsewhere", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", texts(&output).1);
    let folder = url::Url::from_directory_path(&dir).unwrap();
    assert!(
        texts(&output)
            .1
            .contains(&format!("open the archive folder: {folder}\n")),
        "the output shows the folder as a link: {}",
        texts(&output).1
    );
    let index: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("index.json")).unwrap()).unwrap();
    let entries = index["entries"].as_array().unwrap();
    assert!(
        entries.len() > 5,
        "PDFs of both organizations: {}",
        entries.len()
    );
    for entry in entries {
        let file = dir.join(entry["file"].as_str().unwrap());
        assert!(
            fs::read(&file).unwrap().starts_with(b"%PDF-"),
            "{}",
            file.display()
        );
    }
    assert!(
        env.stub
            .other_origin_requests()
            .iter()
            .all(|r| r.authorization.is_none()),
        "the PDF host on the other origin never gets the token"
    );
    assert!(
        env.stub
            .requests()
            .iter()
            .filter(|r| r.path.starts_with("/pdf/"))
            .all(|r| r.authorization.is_none()),
        "nor does the API host when it serves PDFs"
    );
    assert_no_token(&output);

    env.stub.clear_requests();
    let output = env
        .data("pdfs")
        .args(["--org", "acme", "--org", "pdf-elsewhere", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let (_, err) = texts(&output);
    assert!(err.contains("0 PDFs saved"), "nothing new: {err}");
    assert!(
        !env.stub
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/pdf/")),
        "identical files are not downloaded again"
    );

    let output = env
        .data("pdfs")
        .args(["--org", "bad-pdfs", "--dir"])
        .arg(env.path("bad"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(6),
        "some PDFs failed: {output:?}"
    );
    let (_, err) = texts(&output);
    let failures: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("bdesk: organization bad-pdfs, invoice "))
        .collect();
    assert_eq!(failures.len(), 5, "one line per failed PDF: {err}");
    assert!(
        failures.iter().any(|l| l.contains("not a PDF")),
        "the HTML body is named as such: {err}"
    );
}

#[test]
fn pdf_failure_lines_carry_no_terminal_escapes_from_the_server() {
    let env = TestEnv::new();
    let dir = env.path("archive");
    // One of the organization's PDF links is a valid https address off this computer: through
    // a proxy on a closed loopback port it fails at once, and nothing leaves the machine.
    let output = env
        .data("pdfs")
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("https_proxy", "http://127.0.0.1:9")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .args(["--org", "unsafe-links", "--dir"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = texts(&output).1;
    assert!(
        err.contains("not-a-link"),
        "the unusable link is reported: {err}"
    );
    assert!(
        !err.chars().any(|c| c == '\u{1b}' || c == '\u{7}'),
        "no escape or bell reaches the terminal: {err:?}"
    );
}

/// The piped output of `invoices` and `payment-methods` is for scripts: every column it has
/// carries the name and value the exports use (the CSV export for invoices, the JSON listing
/// for payment methods), also for an amount without a currency (two decimals, as `5.00`) and
/// a card's state (`expiringSoon`).
#[test]
fn piped_tables_say_what_the_exports_say() {
    let env = TestEnv::new();
    let piped = |listing: &str, org: &str| -> (Vec<String>, Vec<Vec<String>>) {
        let output = env.data(listing).args(["--org", org]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        let out = texts(&output).0;
        let mut lines = out
            .lines()
            .map(|line| line.split('\t').map(str::to_owned).collect());
        (lines.next().unwrap(), lines.collect())
    };
    for org in ["missing-fields", "acme"] {
        let (header, rows) = piped("invoices", org);
        let csv_path = env.path(&format!("{org}.csv"));
        env.data("export")
            .args(["--org", org, "--format", "csv", "-o"])
            .arg(&csv_path)
            .assert()
            .code(0);
        let (csv_header, records) = read_csv(&csv_path);
        assert_eq!(rows.len(), records.len(), "{org}: one line per invoice");
        for (row, record) in rows.iter().zip(&records) {
            // One organization: the export has no org column.
            for (name, value) in header.iter().zip(row).filter(|(name, _)| *name != "org") {
                let at = csv_header.iter().position(|h| h == name);
                let at = at.unwrap_or_else(|| panic!("{name} is a CSV column"));
                assert_eq!(value, &record[at], "{org}: column {name}");
            }
        }
    }
    let (header, rows) = piped("payment-methods", "acme");
    let json = env
        .data("payment-methods")
        .args(["--org", "acme", "--json"])
        .output()
        .unwrap();
    let listing: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let methods = listing["paymentMethods"].as_array().unwrap();
    assert_eq!(rows.len(), methods.len());
    let mut states = Vec::new();
    for (row, method) in rows.iter().zip(methods) {
        for (name, value) in header.iter().zip(row).filter(|(name, _)| *name != "org") {
            let expected = match &method[name.as_str()] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(value, &expected, "payment methods: column {name}");
            if name == "cardState" {
                states.push(value.clone());
            }
        }
    }
    assert!(states.iter().any(|s| s == "expiringSoon"), "{states:?}");
}

/// An export, then the server's data changes, then `changes --since last` reports exactly
/// those changes; the history lists the export and verifies until its file is edited.
#[test]
fn changes_since_the_last_export_are_exactly_what_the_server_changed() {
    let env = TestEnv::new();
    let file = env.path("evolving.csv");
    env.data("export")
        .args(["--org", "evolving", "--format", "csv", "--manifest", "-o"])
        .arg(&file)
        .assert()
        .code(0);
    let changes = env
        .data("changes")
        .args(["--since", "last", "--json", "--fail-on-change"])
        .output()
        .unwrap();
    // The same export named by its manifest compares alike.
    let by_manifest = env
        .data("changes")
        .args(["--json", "--since"])
        .arg(env.path("evolving.csv.manifest.json"))
        .output()
        .unwrap();
    assert_eq!(by_manifest.status.code(), Some(0), "{by_manifest:?}");
    let named: serde_json::Value = serde_json::from_slice(&by_manifest.stdout).unwrap();
    assert_eq!(named["since"]["export"], 1, "{named}");
    // As a file for Excel: one record per field that moved, one for a new or gone invoice.
    let csv_path = env.path("changes.csv");
    env.data("changes")
        .args(["--since", "1", "--format", "csv", "-o"])
        .arg(&csv_path)
        .assert()
        .code(0);
    let (header, records) = read_csv(&csv_path);
    assert_eq!(
        header.join(","),
        "kind,org,id,number,currency,field,from,to"
    );
    // The Excel layout of a comma-decimal locale, as for an export.
    let semicolon = env
        .data("changes")
        .args([
            "--since",
            "1",
            "--format",
            "csv",
            "--csv-dialect",
            "excel-semicolon",
        ])
        .output()
        .unwrap();
    assert_eq!(semicolon.status.code(), Some(0), "{semicolon:?}");
    let text = String::from_utf8(semicolon.stdout).unwrap();
    assert!(
        text.starts_with("\u{feff}kind;org;id;number;currency;field;from;to\r\n"),
        "{text}"
    );
    assert_eq!(text.lines().count(), records.len() + 1, "the same records");
    let kinds: std::collections::BTreeSet<&str> = records.iter().map(|r| &r[0]).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["dueDateChanged", "gone", "new", "newlyPaid", "voided"]
    );
    // And as an Excel workbook: the same records, amounts as numbers.
    let xlsx_path = env.path("changes.xlsx");
    env.data("changes")
        .args(["--since", "1", "--format", "xlsx", "-o"])
        .arg(&xlsx_path)
        .assert()
        .code(0);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx_path).unwrap();
    use calamine::Reader as _;
    let sheet = book.worksheet_range("Changes").unwrap();
    assert_eq!(
        sheet.height(),
        records.len() + 1,
        "the CSV's records and a header"
    );
    env.data("changes")
        .args(["--since", "1", "--format", "xlsx"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("add -o FILE.xlsx"));
    assert_eq!(
        changes.status.code(),
        Some(8),
        "something changed: {changes:?}"
    );
    let report: serde_json::Value = serde_json::from_slice(&changes.stdout).unwrap();
    assert_eq!(report["since"]["export"], 1, "{report}");
    let kinds: Vec<(String, String)> = report["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let of = |kind: &str| kinds.iter().filter(|(k, _)| k == kind).count();
    assert_eq!(
        (
            of("newlyPaid"),
            of("voided"),
            of("dueDateChanged"),
            of("new"),
            of("gone")
        ),
        (1, 1, 1, 1, 1),
        "{kinds:?}"
    );
    assert_eq!(kinds.len(), 5, "nothing else: {kinds:?}");
    assert!(kinds.contains(&("new".to_owned(), billing_stub::EVOLVING_NEW_ID.to_owned())));
    assert_eq!(report["counts"]["newlyPaid"], 1);

    let history = env
        .bare()
        .args(["history", "--base-url", &env.url(), "--json"])
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 1, "{entries}");
    assert_eq!(entries[0]["rows"], read_csv(&file).1.len());
    assert!(!String::from_utf8_lossy(&history.stdout).contains(common::TOKEN));
    let verify = || {
        env.bare()
            .args(["history", "verify", "--base-url", &env.url()])
            .output()
            .unwrap()
            .status
            .code()
    };
    assert_eq!(verify(), Some(0));
    fs::write(&file, "edited").unwrap();
    assert_eq!(verify(), Some(8), "a changed file does not verify");
}

/// A connection can keep fewer (or more) export snapshots than the default: older ones are
/// pruned, the log keeps every entry and still verifies, and changes since a pruned export
/// say why they cannot be shown. An out-of-range setting is refused before anything is saved.
#[test]
fn a_connection_keeps_as_many_snapshots_as_it_is_set_to() {
    let env = TestEnv::new();
    let refused = env
        .bare()
        .args(["connection", "add", "few", "--base-url", &env.url()])
        .args(["--allow-plain-http", "--keep-snapshots", "0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    assert!(texts(&refused).1.contains("use 1 to 10000"), "{refused:?}");
    assert!(!env.settings_file().exists(), "nothing was saved");
    env.bare()
        .args(["connection", "add", "few", "--base-url", &env.url()])
        .args(["--allow-plain-http", "--keep-snapshots", "2"])
        .assert()
        .code(0);
    for n in 1..=3 {
        env.cmd()
            .args([
                "export",
                "--connection",
                "few",
                "--org",
                "acme",
                "--format",
                "csv",
                "-o",
            ])
            .arg(env.path(&format!("e{n}.csv")))
            .assert()
            .code(0);
    }
    let dir = env.data.path().join("data").join("history").join("few");
    let snapshots = fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".snapshot.json.gz")
        })
        .count();
    assert_eq!(snapshots, 2, "the two newest are kept");
    let history = env
        .cmd()
        .args(["history", "--connection", "few", "--json"])
        .output()
        .unwrap();
    let entries: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(
        entries.as_array().unwrap().len(),
        3,
        "the log keeps every entry"
    );
    env.cmd()
        .args(["history", "verify", "--connection", "few"])
        .assert()
        .code(0);
    let pruned = env
        .cmd()
        .args(["changes", "--connection", "few", "--since", "1"])
        .output()
        .unwrap();
    assert_ne!(pruned.status.code(), Some(0), "{pruned:?}");
    assert!(texts(&pruned).1.contains("pruned"), "{pruned:?}");
    env.cmd()
        .args(["changes", "--connection", "few", "--since", "2"])
        .assert()
        .code(0);
}

/// `--csv-dialect excel-semicolon`: semicolons, decimal commas and a BOM without `--bom`,
/// recorded in the manifest; the standard dialect's manifest says so too.
#[test]
fn the_excel_semicolon_dialect_is_written_and_recorded() {
    let env = TestEnv::new();
    let file = env.path("semi.csv");
    env.data("export")
        .args([
            "--org",
            "acme",
            "--format",
            "csv",
            "--csv-dialect",
            "excel-semicolon",
        ])
        .args(["--manifest", "-o"])
        .arg(&file)
        .assert()
        .code(0);
    let text = fs::read_to_string(&file).unwrap();
    let body = text.strip_prefix('\u{feff}').expect("a BOM without --bom");
    let mut lines = body.split("\r\n");
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("number;id;status;currency;total;"),
        "{header}"
    );
    let total = header.split(';').position(|h| h == "total").unwrap();
    let amounts: Vec<&str> = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').nth(total).unwrap())
        .collect();
    assert!(
        amounts.iter().any(|a| a.contains(',')) && amounts.iter().all(|a| !a.contains('.')),
        "decimal commas: {amounts:?}"
    );
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("semi.csv.manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["csvDialect"], "excel-semicolon");
    env.data("export")
        .args(["--org", "acme", "--format", "csv", "--manifest", "-o"])
        .arg(env.path("std.csv"))
        .assert()
        .code(0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("std.csv.manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["csvDialect"], "standard");
}

/// `--as-of DATE`: the end of that day in the computer's time zone; invoices created later
/// are left out, overdue facts are computed then, and the manifest records the moment.
#[test]
fn as_of_reports_the_end_of_that_day_and_the_manifest_says_so() {
    let env = TestEnv::new();
    let file = env.path("june.csv");
    env.data("export")
        .env("TZ", "Europe/Berlin")
        .args(["--org", "acme", "--format", "csv", "--as-of", "2026-06-30"])
        .args(["--manifest", "-o"])
        .arg(&file)
        .assert()
        .code(0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(env.path("june.csv.manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["asOf"], "2026-06-30T21:59:59.999Z",
        "Berlin's midnight, in UTC"
    );
    let as_of = "2026-06-30T21:59:59.999Z";
    let (header, records) = read_csv(&file);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (created, due, status, overdue) = (
        col("createdAt"),
        col("dueAt"),
        col("status"),
        col("overdue"),
    );
    assert!(!records.is_empty());
    let mut overdue_seen = 0;
    for record in &records {
        assert!(&record[created] <= as_of, "created by then: {record:?}");
        let open = &record[status] == "open";
        let late = !record[due].is_empty() && &record[due] < as_of;
        if &record[overdue] == "true" {
            overdue_seen += 1;
            assert!(open && late, "overdue as of the date: {record:?}");
        } else {
            assert!(
                !(open && late) || record[col("amountRemaining")].starts_with('0'),
                "{record:?}"
            );
        }
    }
    assert!(overdue_seen > 0, "some invoices were overdue then");
    let bad = env
        .data("export")
        .args([
            "--org", "acme", "--format", "csv", "--as-of", "June", "-o", "-",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
}
