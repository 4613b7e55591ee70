//! CSV and JSON exports of a fixed fixture against golden files, plus the format rules the
//! goldens embody, asserted one by one so a regenerated golden cannot silently lose them.
//!
//! Regenerate deliberately: `UPDATE_GOLDEN=1 cargo test -p billing-core --test core export_golden`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_common;

use billing_core::export::{
    CsvDialect, CsvOptions, ExportContext, OrgColumn, write_invoices_csv, write_invoices_json,
    write_payment_methods_csv, write_payment_methods_json,
};
use export_common::{Fixture, assert_golden, now};

fn invoices_csv(fixture: &Fixture, ctx: &ExportContext<'_>, options: CsvOptions) -> String {
    let mut out = Vec::new();
    let rows = write_invoices_csv(&mut out, ctx, &fixture.rows, options).unwrap();
    assert_eq!(rows as usize, fixture.rows.len(), "every row is written");
    String::from_utf8(out).expect("CSV is UTF-8")
}

/// Splits CSV text into records of fields (RFC 4180, enough for these tests).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    parse_csv_with(text, ',')
}

/// [`parse_csv`] with another field separator.
fn parse_csv_with(text: &str, separator: char) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, c) if c == separator => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

fn column<'a>(records: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let index = records[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    records[1..].iter().map(|r| r[index].as_str()).collect()
}

#[test]
fn invoices_csv_matches_golden() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let text = invoices_csv(&fixture, &ctx, CsvOptions::default());
    assert_golden("invoices.csv", text.as_bytes());
}

#[test]
fn invoices_csv_follows_the_format_rules() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let text = invoices_csv(&fixture, &ctx, CsvOptions::default());
    assert!(!text.starts_with('\u{feff}'), "no BOM unless asked");
    let records = parse_csv(&text);
    assert_eq!(
        records[0].join(","),
        "org,number,id,status,currency,total,amountDue,amountPaid,amountRemaining,createdAt,\
         dueAt,periodStart,periodEnd,hostedInvoiceUrl,invoicePdf,overdue,daysOverdue,agingBucket",
        "two organizations: org first, then the API fields in the doc's order, then derived"
    );
    assert!(
        records.iter().all(|r| r.len() == 18),
        "every record has every column"
    );
    let ids = column(&records, "id");
    let row = |id: &str| ids.iter().position(|i| *i == id).unwrap();
    let totals = column(&records, "total");
    assert_eq!(totals[row("in_usd_paid")], "129.00", "USD has two decimals");
    assert_eq!(totals[row("in_jpy_overdue")], "1500", "JPY has none");
    assert_eq!(totals[row("in_kwd_open")], "1.234", "KWD has three");
    assert_eq!(
        totals[row("in_unknown_currency")],
        "9.99",
        "unknown currency: two"
    );
    assert_eq!(
        totals[row("in_credit_note")],
        "-5.00",
        "a negative amount is a number and is not neutralized"
    );
    assert_eq!(totals[row("in_missing_everything")], "", "missing is empty");
    let currencies = column(&records, "currency");
    assert_eq!(
        currencies[row("in_unknown_currency")],
        "XYZ",
        "uppercase code"
    );
    let created = column(&records, "createdAt");
    assert_eq!(
        created[row("in_kwd_open")],
        "2024-05-31T21:00:00Z",
        "dates are converted to UTC"
    );
    assert_eq!(created[row("in_jpy_overdue")], "2024-03-01T09:30:00.250Z");
    assert_eq!(
        created[row("in_invalid_dates")],
        "yesterday",
        "an unparsable date is written as received"
    );
    assert_eq!(
        column(&records, "dueAt")[row("in_invalid_dates")],
        "'=2024-13-45",
        "raw date text is neutralized like any text"
    );
    assert_eq!(column(&records, "overdue")[row("in_jpy_overdue")], "true");
    assert_eq!(column(&records, "daysOverdue")[row("in_jpy_overdue")], "76");
    assert_eq!(
        column(&records, "agingBucket")[row("in_jpy_overdue")],
        "days61To90"
    );
    assert_eq!(
        column(&records, "daysOverdue")[row("in_usd_paid")],
        "",
        "not overdue"
    );
    assert_eq!(
        column(&records, "number")[row("in_invalid_dates")],
        "INV \"7\", part 2"
    );
    assert_eq!(
        column(&records, "number")[row("in_unicode")],
        "Rechnung-Ä-✓-日本語-🧾",
        "Unicode passes through unchanged"
    );
}

#[test]
fn every_formula_trigger_is_neutralized_in_csv() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let text = invoices_csv(&fixture, &ctx, CsvOptions::default());
    let records = parse_csv(&text);
    for record in &records[1..] {
        for field in record {
            assert!(
                !field.starts_with(['=', '+', '@', '\t', '\r']),
                "no field may start a formula: {field:?}"
            );
            if field.starts_with('-') {
                assert!(
                    field.parse::<f64>().is_ok(),
                    "only numbers may start with '-': {field:?}"
                );
            }
        }
    }
    for raw in [
        "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\")\"",
        "\"'@evil\"",
        "\"'-https://evil.example\"",
        "\"'+https://evil.example\"",
        "\"'\tin_tab\"",
        "\"'\r=1+2\"",
        "\"'-draft\"",
    ] {
        assert!(
            text.contains(raw),
            "neutralized cells are quoted with a leading apostrophe: {raw:?}"
        );
    }
}

#[test]
fn bom_and_single_organization() {
    let fixture = Fixture::load_orgs(&["org_alpha"]);
    let ctx = ExportContext::new(&fixture.orgs, now());
    let text = invoices_csv(
        &fixture,
        &ctx,
        CsvOptions {
            bom: true,
            ..CsvOptions::default()
        },
    );
    assert!(
        text.starts_with('\u{feff}'),
        "--bom writes a UTF-8 byte-order mark"
    );
    let header = text.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(
        header.starts_with("number,id,"),
        "one organization: no org column (the org column is there only for several)"
    );
    let forced = ctx.with_org_column(OrgColumn::Always);
    let text = invoices_csv(&fixture, &forced, CsvOptions::default());
    assert!(
        text.starts_with("org,number,"),
        "OrgColumn::Always forces it"
    );
    assert!(
        text.lines().nth(1).unwrap().starts_with("org_alpha,"),
        "the org value leads each record"
    );
}

#[test]
fn invoices_json_matches_golden_and_shape() {
    let fixture = Fixture::load();
    let result = fixture.query();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let mut out = Vec::new();
    let rows = write_invoices_json(&mut out, &ctx, &fixture.rows, &result.by_currency).unwrap();
    assert_eq!(rows as usize, fixture.rows.len());
    assert_golden("invoices.json", &out);

    let doc: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    assert_eq!(doc["schemaVersion"], 1);
    assert_eq!(doc["kind"], "invoices");
    assert_eq!(doc["generatedAt"], "2024-06-15T12:00:00Z");
    assert_eq!(
        doc["organizations"],
        serde_json::json!(["org_alpha", "org_beta"])
    );
    let invoices = doc["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), fixture.rows.len());
    let jpy = invoices
        .iter()
        .find(|i| i["id"] == "in_jpy_overdue")
        .unwrap();
    assert_eq!(
        jpy["org"], "org_alpha",
        "every invoice names its organization"
    );
    assert_eq!(jpy["total"], 1500, "amounts are minor units");
    assert_eq!(jpy["currency"], "JPY");
    assert_eq!(jpy["overdue"], true);
    assert_eq!(jpy["daysOverdue"], 76);
    assert_eq!(jpy["agingBucket"], "days61To90");
    let bad = invoices
        .iter()
        .find(|i| i["id"] == "in_invalid_dates")
        .unwrap();
    assert_eq!(
        bad["createdAt"],
        serde_json::json!({"kind": "invalid", "raw": "yesterday"}),
        "invalid dates keep their raw text, tagged"
    );
    let missing = invoices
        .iter()
        .find(|i| i["id"] == "in_missing_everything")
        .unwrap();
    assert!(
        missing["total"].is_null() && missing.get("dueAt").is_some(),
        "missing values are null, never absent"
    );
    let formula = invoices.iter().find(|i| i["id"] == "@evil").unwrap();
    assert_eq!(
        formula["number"], "=HYPERLINK(\"https://evil.example\",\"click\")",
        "JSON keeps text as received (it is not a spreadsheet)"
    );
    let totals = doc["totals"].as_array().unwrap();
    let kwd = totals.iter().find(|t| t["currency"] == "KWD").unwrap();
    assert_eq!(
        kwd["exponent"], 3,
        "readers get the exponent for minor units"
    );
    assert_eq!(kwd["total"]["minor"], 1234);
    assert!(
        totals.last().unwrap()["currency"].is_null(),
        "invoices without a currency are totalled last, on their own"
    );
}

#[test]
fn payment_methods_csv_and_json_match_goldens() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let mut csv = Vec::new();
    let rows =
        write_payment_methods_csv(&mut csv, &ctx, &fixture.methods, CsvOptions::default()).unwrap();
    assert_eq!(rows as usize, fixture.methods.len());
    assert_golden("payment_methods.csv", &csv);
    let text = String::from_utf8(csv).unwrap();
    let records = parse_csv(&text);
    assert_eq!(
        records[0].join(","),
        "org,id,type,brand,last4,expMonth,expYear,isDefault,billingName,billingEmail,\
         createdAt,cardState"
    );
    let states = column(&records, "cardState");
    assert_eq!(
        states,
        ["valid", "expired", "expiringSoon", "unknown", "unknown"]
    );
    assert_eq!(
        column(&records, "last4")[1],
        "0042",
        "last4 keeps leading zeros"
    );
    assert_eq!(
        column(&records, "billingName")[1],
        "'=cmd|' /C calc'!A0",
        "DDE-style payload neutralized"
    );
    assert_eq!(column(&records, "billingEmail")[4], "'@hans");

    let mut json = Vec::new();
    write_payment_methods_json(&mut json, &ctx, &fixture.methods).unwrap();
    assert_golden("payment_methods.json", &json);
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(doc["kind"], "paymentMethods");
    let methods = doc["paymentMethods"].as_array().unwrap();
    assert_eq!(methods[0]["type"], "card", "the kind keeps its API name");
    assert_eq!(methods[0]["cardState"], "valid");
    assert_eq!(methods[0]["org"], "org_alpha");
}

#[test]
fn empty_exports_are_well_formed() {
    let orgs = [billing_core::ids::OrgId::parse("org_empty").unwrap()];
    let ctx = ExportContext::new(&orgs, now());
    let none: Vec<billing_core::query::OrgInvoice> = Vec::new();
    let mut csv = Vec::new();
    assert_eq!(
        write_invoices_csv(&mut csv, &ctx, &none, CsvOptions::default()).unwrap(),
        0
    );
    assert_eq!(
        String::from_utf8(csv).unwrap().matches("\r\n").count(),
        1,
        "an empty export is just the header"
    );
    let mut json = Vec::new();
    write_invoices_json(&mut json, &ctx, &none, &[]).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON when empty");
    assert_eq!(doc["invoices"], serde_json::json!([]));
    assert_eq!(doc["totals"], serde_json::json!([]));
}

fn semicolon() -> CsvOptions {
    CsvOptions {
        bom: false,
        dialect: CsvDialect::ExcelSemicolon,
    }
}

#[test]
fn invoices_excel_semicolon_csv_matches_golden() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let text = invoices_csv(&fixture, &ctx, semicolon());
    assert_golden("invoices.excel-semicolon.csv", text.as_bytes());
}

/// The semicolon dialect holds exactly the standard file's values: the same records once
/// split on semicolons, with a decimal comma in the amount columns and nowhere else, and
/// always a BOM; a value holding a semicolon is quoted, formulas are neutralized alike.
#[test]
fn excel_semicolon_csv_is_the_standard_csv_with_semicolons_and_decimal_commas() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let standard = parse_csv(&invoices_csv(&fixture, &ctx, CsvOptions::default()));
    let text = invoices_csv(&fixture, &ctx, semicolon());
    let body = text
        .strip_prefix('\u{feff}')
        .expect("always a BOM, even unasked");
    let records = parse_csv_with(body, ';');
    assert_eq!(records[0], standard[0], "the same header");
    assert_eq!(records.len(), standard.len());
    let amounts = ["total", "amountDue", "amountPaid", "amountRemaining"];
    let mut decimals = 0;
    for (row, (semi, std)) in records.iter().zip(&standard).enumerate().skip(1) {
        for (index, (a, b)) in semi.iter().zip(std).enumerate() {
            let name = standard[0][index].as_str();
            if amounts.contains(&name) {
                assert_eq!(*a, b.replace('.', ","), "row {row}, {name}");
                decimals += usize::from(b.contains('.'));
            } else {
                assert_eq!(a, b, "row {row}, {name}: unchanged");
            }
        }
    }
    assert!(decimals > 0, "the fixture has amounts with decimals");
    for text in ["a;b", "=SUM(A1)"] {
        let mut out = Vec::new();
        let mut invoice = billing_core::model::Invoice::clone(&fixture.rows[0].invoice);
        invoice.number = Some(text.to_owned());
        let row = (fixture.rows[0].org.clone(), invoice);
        write_invoices_csv(&mut out, &ctx, [(&row.0, &row.1)], semicolon()).unwrap();
        let written = String::from_utf8(out).unwrap();
        assert!(
            written.contains(&format!(
                "\"{}\"",
                if text.starts_with('=') {
                    format!("'{text}")
                } else {
                    text.to_owned()
                }
            )),
            "{text} is quoted (and neutralized): {written}"
        );
    }
}
