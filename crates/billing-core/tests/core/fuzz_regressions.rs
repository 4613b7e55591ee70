//! The fuzz targets' properties on the stable toolchain: every file of the committed corpus
//! (`fuzz/corpus/<target>/`, seeds and the minimized inputs of every crash found) goes
//! through the same checks as `cargo fuzz run`, so `cargo test` keeps each fixed bug fixed.
//! The checks are `fuzz/src/checks.rs`, compiled into this test as a module.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../../../../fuzz/src/checks.rs"]
mod checks;

use std::path::PathBuf;

/// Every input of one target's committed corpus, by file name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/corpus")
        .join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 3,
        "the {target} corpus is committed with several seeds"
    );
    inputs
}

/// Runs `check` on every input of `target`, naming the input that fails.
fn replay(target: &str, check: fn(&[u8])) {
    for (name, input) in corpus(target) {
        let outcome = std::panic::catch_unwind(|| check(&input));
        assert!(
            outcome.is_ok(),
            "fuzz/corpus/{target}/{name} fails its check"
        );
    }
}

#[test]
fn decode_corpus_round_trips() {
    replay("decode", checks::decode);
}

#[test]
fn money_corpus_round_trips() {
    replay("money", checks::money);
}

#[test]
fn csv_corpus_reads_back_unchanged() {
    replay("csv_export", checks::csv_export);
}

#[test]
fn xlsx_corpus_reads_back_unchanged() {
    replay("xlsx_export", checks::xlsx_export);
}

#[test]
fn org_path_corpus_stays_one_segment() {
    replay("org_path", checks::org_path);
}

#[test]
fn external_link_corpus_accepts_only_safe_links() {
    replay("external_link", checks::external_link);
}

#[test]
fn settings_corpus_never_panics_and_round_trips() {
    replay("settings", checks::settings);
}

// Bugs the checks found, each replayed on its own as well (the inputs are also in the corpus).

/// Bug 1 (decode round trip): a date whose offset carries it past year 9999 (or before year 0)
/// in UTC was accepted as valid, but rendered as `+10000-01-01T00:59:59Z`, which is not
/// RFC 3339: exports wrote a date no tool (Billing Desk included) reads back. Such a date is
/// now kept as the text the server sent, like any other unreadable date.
#[test]
fn a_date_pushed_past_rfc3339_years_by_its_offset_stays_the_server_s_text() {
    use billing_core::dates::Timestamp;
    for raw in ["9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00+01:00"] {
        assert_eq!(
            Timestamp::parse(raw),
            Timestamp::Invalid(raw.to_owned()),
            "{raw} is outside 0000-9999 in UTC, so it cannot be shown as RFC 3339"
        );
        let body = format!(r#"{{"invoices":[{{"dueAt":"{raw}"}}]}}"#);
        checks::decode(body.as_bytes());
    }
    assert!(
        Timestamp::parse("9999-12-31T23:59:59+01:00").is_valid(),
        "an offset that keeps the year within 9999 is still a valid date"
    );
    assert!(Timestamp::parse("0000-01-01T00:00:00-01:00").is_valid());
}

/// Text the random inputs rarely build: XML escapes Excel decodes (`_x0041_`), control
/// characters, CR/LF, surrounding spaces, formula triggers, quotes, and dates at Excel's edges
/// (1900's phantom leap day, before 1900, the last second of 9999).
#[test]
fn tricky_text_and_dates_read_back_unchanged_from_csv_and_xlsx() {
    use billing_core::dates::Timestamp;
    use billing_core::export::OrgColumn;
    use billing_core::ids::OrgId;
    use billing_core::model::{Invoice, PaymentMethod};
    use billing_core::money::Currency;

    let texts = [
        "_x0041_",
        "_x000D_ and _x005F_",
        "a\u{1}b\u{1f}c",
        "two\r\nlines\rand\nmore",
        "  padded  ",
        "=HYPERLINK(\"https://evil.example\")",
        "say \"hi\", then go",
        "\u{FF1D}1+1",
        "",
        "emoji 😀 and combining e\u{301}",
    ];
    let dates = [
        "1900-01-01T00:00:00Z",
        "1900-02-28T23:59:59Z",
        "1900-03-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "9999-12-31T23:59:59.999Z",
        "2024-02-29T12:00:00.123456789Z",
        "2016-12-31T23:59:60Z",
        // Bug 2 (xlsx_export): a pre-1900 leap second became a negative Excel date.
        "1899-12-31T23:59:60Z",
        "not a date",
    ];
    let org = OrgId::parse("org-1").unwrap();
    let invoices: Vec<(OrgId, Invoice)> = texts
        .iter()
        .zip(dates.iter().cycle())
        .enumerate()
        .map(|(index, (text, date))| {
            let invoice = Invoice {
                id: Some(format!("in_{index}")),
                number: Some((*text).to_owned()),
                status: Some(billing_core::model::InvoiceStatus::parse(text)),
                currency: Some(Currency::new(["usd", "jpy", "kwd"][index % 3])),
                total: Some(i64::MAX - index as i64),
                amount_remaining: Some(-(index as i64)),
                created_at: Some(Timestamp::parse(date)),
                due_at: Some(Timestamp::parse(date)),
                hosted_invoice_url: Some(format!("https://pay.example.com/{text}")),
                invoice_pdf: Some((*text).to_owned()),
                ..Invoice::default()
            };
            (org.clone(), invoice)
        })
        .collect();
    let methods: Vec<(OrgId, PaymentMethod)> = texts
        .iter()
        .map(|text| {
            let method = PaymentMethod {
                billing_name: Some((*text).to_owned()),
                last4: Some("0042".into()),
                exp_month: Some(13),
                exp_year: Some(-1),
                created_at: Some(Timestamp::parse("1900-02-29T00:00:00Z")),
                ..PaymentMethod::default()
            };
            (org.clone(), method)
        })
        .collect();
    let case = checks::ExportCase {
        orgs: vec![org.clone()],
        invoices,
        methods,
        now: chrono::DateTime::parse_from_rfc3339("2024-06-01T00:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc),
        org_column: OrgColumn::Always,
        bom: true,
    };
    checks::csv_case(&case);
    checks::xlsx_case(&case);
}
