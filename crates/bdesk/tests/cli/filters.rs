//! The finance filters of `bdesk` against the stub: amount and due-date ranges, statuses the
//! API adds, `--sort` with the CSV header's names (amounts never mixing currencies), the
//! saved organizations of the connection when none is named, and `payment-methods
//! --expiring`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use billing_core::money::MajorAmount;
use billing_core::settings::{Connection, SavedOrg, Settings, SettingsStore};
use chrono::{DateTime, Days, Utc};
use common::{TestEnv, texts};

/// The piped table's rows as maps from column name to cell.
fn piped_rows(stdout: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut lines = stdout.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    lines
        .map(|line| {
            header
                .iter()
                .zip(line.split('\t'))
                .map(|(name, cell)| ((*name).to_owned(), cell.to_owned()))
                .collect()
        })
        .collect()
}

/// `bdesk invoices` against the stub, piped; exits 0.
fn invoices(
    env: &TestEnv,
    args: &[&str],
) -> (Vec<std::collections::HashMap<String, String>>, String) {
    let output = env.data("invoices").args(args).output().unwrap();
    let (out, err) = texts(&output);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {err}");
    (piped_rows(&out), err)
}

/// Decimals of the stub's currencies, written out here rather than asked of the core.
fn exponent(currency: &str) -> u32 {
    match currency {
        "jpy" => 0,
        "kwd" => 3,
        _ => 2,
    }
}

/// Asserts that rows come currency by currency, codes A to Z, and by `column` descending
/// within each currency.
fn assert_grouped_descending(rows: &[(String, String)], what: &str) {
    let mut codes: Vec<&str> = rows.iter().map(|(code, _)| code.as_str()).collect();
    codes.dedup();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "{what}: one run per currency, by code");
    assert!(
        codes.len() >= 3,
        "{what}: several currencies to mix: {codes:?}"
    );
    for pair in rows.windows(2) {
        if pair[0].0 == pair[1].0 && !pair[1].1.is_empty() {
            let (a, b) = (
                MajorAmount::parse(&pair[0].1).unwrap(),
                MajorAmount::parse(&pair[1].1).unwrap(),
            );
            assert!(a >= b, "{what}: {a} then {b} in {}", pair[0].0);
        }
    }
}

#[test]
fn amount_bounds_are_major_units_of_each_invoice_s_currency() {
    let env = TestEnv::new();
    let (rows, _) = invoices(
        &env,
        &[
            "--org",
            "acme",
            "--amount-min",
            "1000",
            "--amount-max",
            "40000",
        ],
    );
    let got: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
    let details = billing_stub::demo::billing_details("acme", Utc::now(), "http://127.0.0.1");
    let in_range = |total: i64, currency: &str| {
        let scale = 10i64.pow(exponent(currency));
        (1000 * scale..=40_000 * scale).contains(&total)
    };
    let expected: Vec<&str> = details
        .invoices
        .iter()
        .filter(|i| in_range(i.total.unwrap(), i.currency.as_deref().unwrap()))
        .map(|i| i.id.as_deref().unwrap())
        .collect();
    let mut sorted_got = got.clone();
    sorted_got.sort_unstable();
    let mut sorted_expected = expected.clone();
    sorted_expected.sort_unstable();
    assert_eq!(
        sorted_got, sorted_expected,
        "USD 1000.00 to 40000.00, JPY 1000 to 40000…"
    );
    assert!(
        rows.iter().any(|r| r["currency"] == "JPY"),
        "acme's JPY 32900 is in the range"
    );
    assert!(
        details.invoices.iter().any(|i| {
            i.currency.as_deref() == Some("usd") && (1000..100_000).contains(&i.total.unwrap())
        }),
        "the data has USD invoices of 10.00 to 999.99, which minor units would have let in"
    );
}

#[test]
fn a_malformed_amount_is_a_usage_error_before_any_request() {
    let env = TestEnv::new();
    for (option, value) in [("--amount-min", "1,000"), ("--amount-max", "ten")] {
        let output = env
            .data("invoices")
            .args(["--org", "acme", option, value])
            .output()
            .unwrap();
        let err = texts(&output).1;
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.contains(option) && err.contains("129.00"), "{err}");
    }
    assert!(env.stub.requests().is_empty(), "nothing was fetched");
}

#[test]
fn the_due_range_keeps_invoices_due_on_those_days() {
    let env = TestEnv::new();
    let today = Utc::now().date_naive();
    let from = today.checked_sub_days(Days::new(60)).unwrap();
    let until = today.checked_sub_days(Days::new(10)).unwrap();
    let (rows, _) = invoices(
        &env,
        &[
            "--org",
            "acme",
            "--due-from",
            &from.to_string(),
            "--due-until",
            &until.to_string(),
        ],
    );
    assert!(!rows.is_empty(), "the demo has invoices due in that range");
    for row in &rows {
        let due: DateTime<Utc> = row["dueAt"].parse().unwrap();
        let day = due.date_naive();
        assert!(
            (from..=until).contains(&day),
            "due {day}, within {from}..={until} (both days whole)"
        );
    }
    let (all, _) = invoices(&env, &["--org", "acme"]);
    let expected = all
        .iter()
        .filter(|r| {
            r["dueAt"]
                .parse::<DateTime<Utc>>()
                .is_ok_and(|due| (from..=until).contains(&due.date_naive()))
        })
        .count();
    assert_eq!(
        rows.len(),
        expected,
        "every invoice due in the range, and no other"
    );
}

#[test]
fn a_status_the_api_adds_can_be_filtered_on() {
    let env = TestEnv::new();
    let (rows, err) = invoices(&env, &["--org", "unknown-values", "--status", "in_review"]);
    assert_eq!(rows.len(), 1, "the stub sends one in_review invoice");
    assert_eq!(rows[0]["status"], "in_review");
    assert!(
        err.contains("matching it as written"),
        "says it is new: {err}"
    );
    let (open, _) = invoices(&env, &["--org", "unknown-values", "--status", "open"]);
    assert!(!open.is_empty());
    assert!(open.iter().all(|r| r["status"] == "open"));
}

#[test]
fn sort_total_desc_never_interleaves_currencies() {
    let env = TestEnv::new();
    let (rows, _) = invoices(
        &env,
        &["--org", "acme", "--org", "globex", "--sort", "total:desc"],
    );
    let pairs: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["currency"].clone(), r["total"].clone()))
        .collect();
    assert_grouped_descending(&pairs, "bdesk invoices --sort total:desc");
    let (by_number, _) = invoices(&env, &["--org", "acme", "--sort", "number"]);
    let numbers: Vec<&str> = by_number
        .iter()
        .map(|r| r["number"].as_str())
        .filter(|n| !n.is_empty())
        .collect();
    assert!(numbers.is_sorted(), "--sort number: {numbers:?}");
}

#[test]
fn export_sorts_by_the_csv_header_names_too() {
    let env = TestEnv::new();
    let output = env
        .data("export")
        .args([
            "--org", "acme", "--org", "globex", "--format", "csv", "-o", "-",
        ])
        .args(["--sort", "amountRemaining:desc"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", texts(&output).1);
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (currency, remaining) = (column("currency"), column("amountRemaining"));
    let pairs: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[currency].to_owned(), r[remaining].to_owned())
        })
        .collect();
    assert_grouped_descending(&pairs, "bdesk export --sort amountRemaining:desc");
}

#[test]
fn an_unknown_sort_column_is_a_usage_error_listing_the_columns() {
    let env = TestEnv::new();
    let output = env
        .data("invoices")
        .args(["--org", "acme", "--sort", "hostedInvoiceUrl"])
        .output()
        .unwrap();
    let err = texts(&output).1;
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("total, amountDue"), "lists the columns: {err}");
    assert!(env.stub.requests().is_empty(), "nothing was fetched");
}

/// A settings folder with connection "prod" on the stub and these saved organizations.
fn save_connection(env: &TestEnv, orgs: &[&str]) {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection {
            allow_plain_http: true,
            ..Connection::new("prod", &env.url()).unwrap()
        })
        .unwrap();
    for org in orgs {
        settings
            .add_org(
                "prod",
                SavedOrg {
                    org_id: (*org).to_owned(),
                    label: None,
                },
            )
            .unwrap();
    }
    SettingsStore::at(env.config.path())
        .save(&settings)
        .unwrap();
}

#[test]
fn without_org_the_connection_s_saved_organizations_are_used_and_named() {
    let env = TestEnv::new();
    save_connection(&env, &["acme", "globex"]);
    let output = env.cmd().args(["invoices"]).output().unwrap();
    let (out, err) = texts(&output);
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "no --org or --orgs-file: using the 2 saved organizations of connection \"prod\": \
             acme, globex"
        ),
        "standard error says which organizations: {err}"
    );
    let orgs: std::collections::BTreeSet<String> =
        piped_rows(&out).iter().map(|r| r["org"].clone()).collect();
    assert_eq!(orgs, ["acme".to_owned(), "globex".to_owned()].into());

    let output = env
        .cmd()
        .args(["export", "--format", "json", "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", texts(&output).1);
    assert!(
        texts(&output).1.contains("acme, globex"),
        "export says it too"
    );

    let output = env
        .cmd()
        .args(["invoices", "--org", "initech"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        !texts(&output).1.contains("saved organizations"),
        "--org wins, and nothing is said"
    );
}

#[test]
fn without_org_and_nothing_saved_is_a_usage_error() {
    let env = TestEnv::new();
    save_connection(&env, &[]);
    let output = env.cmd().args(["invoices"]).output().unwrap();
    let err = texts(&output).1;
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("connection \"prod\" has no saved organizations") && err.contains("--org"),
        "{err}"
    );
    assert!(env.stub.requests().is_empty(), "nothing was fetched");
}

/// `bdesk payment-methods --json` output: the document and its methods.
fn methods_json(env: &TestEnv, args: &[&str]) -> (serde_json::Value, Vec<serde_json::Value>) {
    let output = env
        .data("payment-methods")
        .args(["--org", "acme", "--org", "globex", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        texts(&output).1
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let methods = document["paymentMethods"].as_array().unwrap().clone();
    (document, methods)
}

/// The keys of a JSON object, sorted.
fn keys(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[test]
fn payment_methods_expiring_lists_expired_and_soon_expiring_cards_in_the_same_shape() {
    let env = TestEnv::new();
    let (all_document, all) = methods_json(&env, &[]);
    let (document, expiring) = methods_json(&env, &["--expiring"]);
    assert_eq!(keys(&document), keys(&all_document), "the same document");
    assert_eq!(
        keys(&expiring[0]),
        keys(&all[0]),
        "the same fields per card"
    );
    let states: Vec<&str> = expiring
        .iter()
        .map(|m| m["cardState"].as_str().unwrap())
        .collect();
    assert_eq!(
        states,
        ["expired", "expiringSoon", "expired", "expiringSoon"],
        "per organization, the stub's expired card and the one ending this month"
    );
    assert!(
        all.len() > expiring.len(),
        "valid cards and bank debits are left out"
    );

    let (_, expired_only) = methods_json(&env, &["--expiring", "--within", "0"]);
    assert!(
        expired_only.iter().all(|m| m["cardState"] == "expired") && expired_only.len() == 2,
        "--within 0 keeps the expired cards: {expired_only:?}"
    );
    let (_, in_ten_years) = methods_json(&env, &["--expiring", "--within", "3650"]);
    let cards = all.iter().filter(|m| m["expYear"].is_number()).count();
    assert_eq!(
        in_ten_years.len(),
        cards,
        "every card ends within ten years"
    );
}

#[test]
fn within_needs_expiring() {
    let env = TestEnv::new();
    let output = env
        .data("payment-methods")
        .args(["--org", "acme", "--within", "30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", texts(&output).1);
}

#[test]
fn demo_payment_methods_expiring_covers_the_demo_organizations() {
    let env = TestEnv::new();
    let output = env
        .bare()
        .args(["--demo", "payment-methods", "--expiring", "--json"])
        .output()
        .unwrap();
    let err = texts(&output).1;
    assert_eq!(output.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "using the 3 saved organizations of the demo: acme-europe, globex-us, initech-apac"
        ),
        "{err}"
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["paymentMethods"].as_array().unwrap().len(), 6);
}

/// `--days-overdue` keeps the invoices of an aging bucket; a connection's own buckets
/// (`connection add --aging-buckets`) name the `agingBucket` column, the JSON totals and the
/// manifest; bad values are usage errors that save nothing.
#[test]
fn days_overdue_and_a_connection_s_own_aging_buckets() {
    let env = TestEnv::new();
    let (rows, _) = invoices(&env, &["--org", "acme", "--days-overdue", "31-60"]);
    assert!(
        !rows.is_empty(),
        "the stub has invoices 31 to 60 days overdue"
    );
    for row in &rows {
        let days: u32 = row["daysOverdue"].parse().unwrap();
        assert!((31..=60).contains(&days), "{row:?}");
    }
    let (older, _) = invoices(&env, &["--org", "acme", "--days-overdue", "91-"]);
    assert!(
        older
            .iter()
            .all(|row| row["daysOverdue"].parse::<u32>().unwrap() >= 91),
        "{older:?}"
    );
    for bad in ["60-30", "abc", "-", "30"] {
        let output = env
            .data("invoices")
            .args(["--org", "acme", "--days-overdue", bad])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{bad}: {output:?}");
        assert!(texts(&output).1.contains("--days-overdue"), "{bad}");
    }

    for bad in ["45,15", "0,30", "30;60"] {
        let refused = env
            .bare()
            .args(["connection", "add", "aged", "--base-url", &env.url()])
            .args(["--allow-plain-http", "--aging-buckets", bad])
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(2), "{bad}: {refused:?}");
        assert!(texts(&refused).1.contains("--aging-buckets"), "{bad}");
        assert!(!env.settings_file().exists(), "nothing was saved");
    }
    env.bare()
        .args(["connection", "add", "aged", "--base-url", &env.url()])
        .args(["--allow-plain-http", "--aging-buckets", "15, 45"])
        .assert()
        .code(0);
    let json = env
        .cmd()
        .args([
            "invoices",
            "--connection",
            "aged",
            "--org",
            "acme",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(0), "{json:?}");
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let buckets: Vec<&str> = doc["totals"][0]["aging"]
        .as_array()
        .unwrap()
        .iter()
        .map(|sum| sum["bucket"].as_str().unwrap())
        .collect();
    assert_eq!(buckets, ["current", "days1To15", "days16To45", "over45"]);
    for invoice in doc["invoices"].as_array().unwrap() {
        let expected = match invoice["daysOverdue"].as_i64() {
            None => "current",
            Some(1..=15) => "days1To15",
            Some(16..=45) => "days16To45",
            Some(_) => "over45",
        };
        assert_eq!(invoice["agingBucket"], expected, "{invoice}");
    }
    env.cmd()
        .args(["export", "--connection", "aged", "--org", "acme"])
        .args(["--format", "csv", "--manifest", "-o"])
        .arg(env.path("aged.csv"))
        .assert()
        .code(0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path("aged.csv.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["agingBuckets"], serde_json::json!([15, 45]));
}
