//! The XLSX export read back with calamine: sheets, typed values, dates, number formats,
//! hyperlinks only for safe links, and no formula anywhere.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_common;

use std::io::Cursor;

use billing_core::export::xlsx::{INVOICES_SHEET, PAYMENT_METHODS_SHEET, TOTALS_SHEET};
use billing_core::export::{ExportContext, write_xlsx};
use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use export_common::{Fixture, now};

fn workbook_bytes(fixture: &Fixture) -> Vec<u8> {
    workbook_from(fixture, "https://api.example.com/")
}

/// The workbook of `fixture` as exported from the API at `api`.
fn workbook_from(fixture: &Fixture, api: &str) -> Vec<u8> {
    workbook_of(fixture, api, &billing_core::query::InvoiceQuery::default())
}

/// The workbook of `fixture`'s rows totalled and aged as `query` says, from the API at `api`.
fn workbook_of(fixture: &Fixture, api: &str, query: &billing_core::query::InvoiceQuery) -> Vec<u8> {
    let result = billing_core::query::run_query(&fixture.rows, query, now());
    let api = url::Url::parse(api).unwrap();
    let ctx = ExportContext::new(&fixture.orgs, now())
        .with_local_links(&api)
        .with_query(query);
    let mut out = Vec::new();
    let summary = write_xlsx(
        &mut out,
        &ctx,
        &fixture.rows,
        &fixture.methods,
        &result.by_currency,
    )
    .unwrap();
    assert_eq!(summary.invoices as usize, fixture.rows.len());
    assert_eq!(summary.payment_methods as usize, fixture.methods.len());
    out
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).expect("calamine opens the workbook")
}

/// The row (absolute, 0 = header) whose `id` cell holds `id` (column C: `org`, `number`,
/// `id`).
fn row_of(range: &Range<Data>, id: &str) -> u32 {
    (1..range.height() as u32)
        .find(|&row| range.get_value((row, 2)) == Some(&Data::String(id.to_owned())))
        .unwrap_or_else(|| panic!("no invoice {id}"))
}

/// Column index of a header name.
fn col_of(range: &Range<Data>, name: &str) -> u32 {
    (0..range.width() as u32)
        .find(|&col| range.get_value((0, col)) == Some(&Data::String(name.to_owned())))
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn cell<'a>(range: &'a Range<Data>, id: &str, column: &str) -> &'a Data {
    range
        .get_value((row_of(range, id), col_of(range, column)))
        .unwrap_or(&Data::Empty)
}

#[test]
fn three_sheets_with_typed_values() {
    let fixture = Fixture::load();
    let mut book = open(workbook_bytes(&fixture));
    assert_eq!(
        book.sheet_names(),
        [INVOICES_SHEET, PAYMENT_METHODS_SHEET, TOTALS_SHEET],
        "invoices, payment methods, totals, in that order"
    );
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    assert_eq!(
        invoices.height(),
        fixture.rows.len() + 1,
        "a header and one row per invoice"
    );
    assert_eq!(
        invoices.get_value((0, 0)),
        Some(&Data::String("org".into()))
    );

    let float = |id: &str, column: &str| match cell(&invoices, id, column) {
        Data::Float(value) => *value,
        other => panic!("{id}.{column} must be a number, found {other:?}"),
    };
    assert_eq!(float("in_usd_paid", "total"), 129.0);
    assert_eq!(float("in_jpy_overdue", "total"), 1500.0);
    assert!(
        (float("in_kwd_open", "total") - 1.234).abs() < 1e-12,
        "KWD in dinars"
    );
    assert_eq!(float("in_unknown_currency", "total"), 9.99);
    assert_eq!(
        float("in_credit_note", "total"),
        -5.0,
        "negative stays a number"
    );
    assert_eq!(float("in_jpy_overdue", "daysOverdue"), 76.0);
    assert_eq!(
        cell(&invoices, "in_jpy_overdue", "overdue"),
        &Data::Bool(true)
    );
    assert_eq!(
        cell(&invoices, "in_jpy_overdue", "agingBucket"),
        &Data::String("61-90 days".into())
    );
    assert_eq!(
        cell(&invoices, "in_missing_everything", "total"),
        &Data::Empty,
        "missing is a blank cell"
    );
    assert_eq!(
        cell(&invoices, "in_unknown_currency", "currency"),
        &Data::String("XYZ".into())
    );
    assert_eq!(
        cell(&invoices, "in_unicode", "number"),
        &Data::String("Rechnung-Ä-✓-日本語-🧾".into()),
        "Unicode round-trips"
    );
}

#[test]
fn dates_are_excel_dates_and_bad_dates_stay_text() {
    let fixture = Fixture::load();
    let mut book = open(workbook_bytes(&fixture));
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    let created = cell(&invoices, "in_kwd_open", "createdAt");
    let Data::DateTime(date) = created else {
        panic!("createdAt must be a date cell, found {created:?}");
    };
    assert!(date.is_datetime(), "a date, not a plain number");
    assert_eq!(
        date.as_datetime(),
        NaiveDate::from_ymd_opt(2024, 5, 31)
            .unwrap()
            .and_hms_opt(21, 0, 0),
        "UTC wall time (the API sent +03:00)"
    );
    let with_millis = cell(&invoices, "in_jpy_overdue", "createdAt");
    let Data::DateTime(date) = with_millis else {
        panic!("{with_millis:?}");
    };
    assert_eq!(
        date.as_datetime(),
        NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_milli_opt(9, 30, 0, 250),
        "milliseconds survive"
    );
    assert_eq!(
        cell(&invoices, "in_invalid_dates", "createdAt"),
        &Data::String("yesterday".into()),
        "unparsable dates are written as received, as text"
    );
}

#[test]
fn formula_looking_text_is_a_string_and_no_cell_has_a_formula() {
    let fixture = Fixture::load();
    let mut book = open(workbook_bytes(&fixture));
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    assert_eq!(
        cell(&invoices, "@evil", "number"),
        &Data::String("=HYPERLINK(\"https://evil.example\",\"click\")".into()),
        "the text itself, as a string (no apostrophe needed in XLSX)"
    );
    assert_eq!(
        cell(&invoices, "\tin_tab", "number"),
        &Data::String("\r=1+2".into())
    );
    assert_eq!(
        cell(&invoices, "\tin_tab", "status"),
        &Data::String("-draft".into())
    );
    for sheet in [INVOICES_SHEET, PAYMENT_METHODS_SHEET, TOTALS_SHEET] {
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no cell of {sheet} may hold a formula"
        );
    }
    let methods = book.worksheet_range(PAYMENT_METHODS_SHEET).unwrap();
    let names: Vec<&Data> = (1..methods.height() as u32)
        .filter_map(|row| methods.get_value((row, 8)))
        .collect();
    assert!(
        names.contains(&&Data::String("=cmd|' /C calc'!A0".into())),
        "DDE payload kept as plain text: {names:?}"
    );
}

#[test]
fn only_safe_links_are_hyperlinks() {
    let fixture = Fixture::load();
    let mut book = open(workbook_bytes(&fixture));
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    let links = book.hyperlinks_by_sheet_name(INVOICES_SHEET).unwrap();
    let link_at = |id: &str, column: &str| {
        let (row, col) = (row_of(&invoices, id), col_of(&invoices, column));
        links
            .iter()
            .find(|l| l.contains(row, col))
            .and_then(|l| l.target.clone())
    };
    assert_eq!(
        link_at("in_usd_paid", "hostedInvoiceUrl").as_deref(),
        Some("https://invoice.stripe.com/i/acct_1/in_usd_paid")
    );
    assert_eq!(
        link_at("in_usd_paid", "invoicePdf").as_deref(),
        Some("https://pay.stripe.com/invoice/acct_1/in_usd_paid/pdf")
    );
    assert_eq!(
        link_at("in_jpy_overdue", "invoicePdf"),
        None,
        "a remote API's link to this computer is not clickable"
    );
    for (id, column) in [
        ("in_invalid_dates", "hostedInvoiceUrl"),
        ("in_invalid_dates", "invoicePdf"),
        ("@evil", "hostedInvoiceUrl"),
        ("@evil", "invoicePdf"),
    ] {
        assert_eq!(
            link_at(id, column),
            None,
            "{id}.{column} is not a safe link and must not be clickable"
        );
    }
    assert_eq!(
        cell(&invoices, "in_invalid_dates", "hostedInvoiceUrl"),
        &Data::String("javascript:alert(document.cookie)".into()),
        "an unsafe link is still shown, as text"
    );
    assert_eq!(
        link_at("\tin_tab", "invoicePdf").as_deref(),
        Some("https://files.example/in%20voice.pdf?name=Q%C3%BC"),
        "percent-escapes reach Excel unchanged, not escaped twice"
    );
    // in_unicode's link is valid, but its normalized form (%C3%BC…) would be escaped a second
    // time by the Excel writer and point elsewhere: it stays text rather than a wrong link.
    assert_eq!(link_at("in_unicode", "hostedInvoiceUrl"), None);
    assert_eq!(
        cell(&invoices, "in_unicode", "hostedInvoiceUrl"),
        &Data::String("https://invoice.example/ü/línea\nnext".into())
    );
    assert_eq!(
        links.len(),
        4,
        "exactly the safe links: in_usd_paid 2, in_kwd_open 1, in_tab 1 (in_jpy_overdue's two \
         point at this computer)"
    );
}

/// From an API on this computer (the stub, the demo), its loopback links are clickable.
#[test]
fn local_links_are_hyperlinks_only_when_the_api_is_local() {
    let fixture = Fixture::load();
    let mut book = open(workbook_from(&fixture, "http://127.0.0.1:8787/"));
    // The same two links as from a remote API, plus in_jpy_overdue's two.
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    let links = book.hyperlinks_by_sheet_name(INVOICES_SHEET).unwrap();
    let (row, col) = (
        row_of(&invoices, "in_jpy_overdue"),
        col_of(&invoices, "invoicePdf"),
    );
    assert_eq!(
        links
            .iter()
            .find(|l| l.contains(row, col))
            .and_then(|l| l.target.clone())
            .as_deref(),
        Some("http://127.0.0.1:8080/pdf/in_jpy_overdue.pdf"),
    );
    assert_eq!(links.len(), 6);
}

#[test]
fn amount_formats_follow_the_currency() {
    let fixture = Fixture::load();
    let mut book = open(workbook_bytes(&fixture));
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    let styles = book.worksheet_style(INVOICES_SHEET).unwrap();
    let format_of = |id: &str, column: &str| {
        let position = (row_of(&invoices, id), col_of(&invoices, column));
        styles
            .get(position)
            .and_then(|s| s.number_format.as_ref())
            .map(|f| f.format_code.clone())
    };
    assert_eq!(
        format_of("in_usd_paid", "total").as_deref(),
        Some("#,##0.00")
    );
    assert_eq!(
        format_of("in_jpy_overdue", "total").as_deref(),
        Some("#,##0")
    );
    assert_eq!(
        format_of("in_kwd_open", "amountDue").as_deref(),
        Some("#,##0.000")
    );
    assert_eq!(
        format_of("in_usd_paid", "createdAt").as_deref(),
        Some("yyyy-mm-dd hh:mm:ss")
    );
}

#[test]
fn payment_methods_and_totals_sheets() {
    let fixture = Fixture::load();
    let mut book = open(workbook_bytes(&fixture));
    let methods = book.worksheet_range(PAYMENT_METHODS_SHEET).unwrap();
    assert_eq!(methods.height(), fixture.methods.len() + 1);
    assert_eq!(
        methods.get_value((2, 4)),
        Some(&Data::String("0042".into())),
        "last4 is text: leading zeros kept"
    );
    assert_eq!(
        methods.get_value((1, 5)),
        Some(&Data::Float(12.0)),
        "expMonth"
    );
    assert_eq!(
        methods.get_value((1, 7)),
        Some(&Data::Bool(true)),
        "isDefault"
    );
    assert_eq!(
        methods.get_value((2, 11)),
        Some(&Data::String("Expired".into())),
        "card state at now"
    );

    let totals = book.worksheet_range(TOTALS_SHEET).unwrap();
    let currencies: Vec<String> = (1..totals.height() as u32)
        .map(|row| totals.get_value((row, 0)).unwrap().to_string())
        .collect();
    assert_eq!(
        currencies,
        ["EUR", "JPY", "KWD", "USD", "XYZ", "(none)"],
        "one row per currency, as the query orders them"
    );
    let usd = 4;
    assert_eq!(
        totals.get_value((usd, 1)),
        Some(&Data::Float(4.0)),
        "4 USD invoices"
    );
    assert_eq!(
        totals.get_value((usd, 2)),
        Some(&Data::Float(199.0)),
        "129.00 - 5.00 + 50.00 + 25.00, never mixed with other currencies"
    );
    let jpy = 2;
    let over_61 = (0..totals.width() as u32)
        .find(|&c| totals.get_value((0, c)) == Some(&Data::String("overdue 61-90 days".into())))
        .unwrap();
    assert_eq!(
        totals.get_value((jpy, over_61)),
        Some(&Data::Float(1500.0)),
        "the overdue JPY invoice ages into 61-90 days"
    );
}

#[test]
fn same_input_gives_the_same_bytes() {
    let fixture = Fixture::load();
    assert!(
        workbook_bytes(&fixture) == workbook_bytes(&fixture),
        "creation time comes from `now`, so the workbook is reproducible"
    );
}

#[test]
fn escape_looking_text_reads_back_as_the_api_sent_it() {
    let mut fixture = Fixture::load();
    let texts = [
        // A literal escape: rust_xlsxwriter protects it, Excel shows it as is.
        ("esc_literal", "INV_x0041_", "INV_x0041_"),
        // A control character alone round-trips through the writer's own escape.
        ("esc_control", "INV\u{1}9", "INV\u{1}9"),
        // `_x0041` then a control character would read back as "INVA": the control
        // character is replaced instead (billing_core::export::xlsx_text).
        ("esc_clash", "INV_x0041\u{0}", "INV_x0041\u{FFFD}"),
    ];
    for (row, (id, number, _)) in fixture.rows.iter_mut().zip(texts) {
        let invoice = std::sync::Arc::make_mut(&mut row.invoice);
        invoice.id = Some(id.to_owned());
        invoice.number = Some(number.to_owned());
    }
    let mut book = open(workbook_bytes(&fixture));
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    for (id, number, read) in texts {
        assert_eq!(
            cell(&invoices, id, "number"),
            &Data::String(read.to_owned()),
            "{number:?}"
        );
    }
}

/// The Totals sheet carries one "Aging" bar chart per currency with outstanding invoices,
/// each drawn from its own currency's row of the table (never one axis across currencies).
#[test]
fn the_totals_sheet_has_an_aging_chart_per_currency_from_its_own_row() {
    let fixture = Fixture::load();
    let bytes = workbook_bytes(&fixture);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut charts: Vec<String> = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        if file.name().unwrap().starts_with("xl/charts/chart") {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut file, &mut text).unwrap();
            charts.push(text);
        }
    }
    let totals = open(bytes).worksheet_range(TOTALS_SHEET).unwrap();
    let mut expected = Vec::new();
    for row in 1..totals.height() as u32 {
        let code = totals.get_value((row, 0)).unwrap().to_string();
        let outstanding = (6..11).any(|c| {
            totals
                .get_value((row, c))
                .is_some_and(|v| calamine::DataType::as_f64(v).unwrap_or(0.0) != 0.0)
        });
        if code != "(none)" && outstanding {
            expected.push((code, row + 1));
        }
    }
    assert!(!expected.is_empty(), "the fixture has outstanding invoices");
    assert_eq!(
        charts.len(),
        expected.len(),
        "one chart per currency with outstanding invoices"
    );
    for (code, excel_row) in expected {
        let chart = charts
            .iter()
            .find(|c| c.contains(&format!("Aging, {code}")))
            .unwrap_or_else(|| panic!("a chart for {code}"));
        assert!(
            chart.contains(&format!("Totals!$G${excel_row}:$K${excel_row}")),
            "{code}'s chart reads its own row {excel_row}"
        );
        assert!(chart.contains("<c:barDir val=\"bar\"/>"), "horizontal bars");
    }
}

/// A connection's own aging buckets name the Totals columns, size the chart's range and
/// label the invoices' `agingBucket` cells.
#[test]
fn a_custom_aging_scale_shapes_the_totals_sheet_and_the_bucket_cells() {
    let fixture = Fixture::load();
    let query = billing_core::query::InvoiceQuery {
        aging: billing_core::dates::AgingScale::new(&[45, 120]).unwrap(),
        ..billing_core::query::InvoiceQuery::default()
    };
    let out = workbook_of(&fixture, "https://api.example.com/", &query);
    let mut book = open(out.clone());
    let totals = book.worksheet_range(TOTALS_SHEET).unwrap();
    let header: Vec<String> = (6..totals.width() as u32)
        .map(|c| totals.get_value((0, c)).unwrap().to_string())
        .collect();
    assert_eq!(
        header,
        [
            "outstanding, not overdue",
            "overdue 1-45 days",
            "overdue 46-120 days",
            "overdue 120+ days"
        ]
    );
    let invoices = book.worksheet_range(INVOICES_SHEET).unwrap();
    assert_eq!(
        cell(&invoices, "in_jpy_overdue", "agingBucket"),
        &Data::String("46-120 days".into()),
        "the fixture's 61-day invoice"
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(out)).unwrap();
    let mut chart = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/charts/chart1.xml").unwrap(),
        &mut chart,
    )
    .unwrap();
    assert!(chart.contains("Totals!$G$1:$J$1"), "four buckets: {chart}");
}
