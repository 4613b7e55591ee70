//! Export files on disk: atomic replacement, failures that leave nothing behind, clear
//! errors for unwritable paths, and the manifest with its checksum.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::export_common;

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use billing_core::export::{
    AnswerOrigin, AtomicFile, CsvOptions, Destination, ExportContext, ExportError, ExportFormat,
    ExportRequest, FailedOrganization, ManifestSource, OrgSource, StaleOrganization, StaleReason,
    export_invoices, export_payment_methods, manifest_path, write_file_atomically,
    write_invoices_csv,
};
use billing_core::ids::OrgId;
use billing_core::query::OrgInvoice;
use export_common::{Fixture, now};
use sha2::{Digest, Sha256};

/// Names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A writer that fails after `budget` bytes, like a disk filling up mid-export.
struct FailAfter<W> {
    inner: W,
    budget: usize,
}

impl<W: Write> Write for FailAfter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.budget == 0 {
            return Err(io::Error::other("simulated: no space left on device"));
        }
        let n = buf.len().min(self.budget);
        self.budget -= n;
        self.inner.write(&buf[..n])
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Many rows, so the CSV writer has flushed blocks to the file before the failure.
fn many_rows(fixture: &Fixture) -> Vec<&OrgInvoice> {
    fixture.rows.iter().cycle().take(20_000).collect()
}

#[test]
fn a_failed_write_leaves_the_previous_file_and_no_temp_file() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("invoices.csv");
    fs::write(&target, "previous export\r\n").unwrap();

    let result = write_file_atomically(&target, |file| {
        let failing = FailAfter {
            inner: file,
            // Past the atomic file's own 256 KiB buffer, so bytes reached the temp file.
            budget: 600_000,
        };
        write_invoices_csv(failing, &ctx, many_rows(&fixture), CsvOptions::default())
    });
    let error = result.expect_err("the simulated disk error must surface");
    assert_eq!(error.code(), "export_io");
    assert_eq!(
        error.path(),
        Some(target.as_path()),
        "the error names the file: {error}"
    );
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "previous export\r\n",
        "the previous file is untouched"
    );
    assert_eq!(
        listing(dir.path()),
        ["invoices.csv"],
        "no partial or temp file is left behind"
    );
}

#[test]
fn the_temp_file_lives_next_to_the_target_until_commit() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.json");
    let mut file = AtomicFile::create(&target).unwrap();
    file.write_all(b"{}").unwrap();
    assert_eq!(
        file.temp_path().parent(),
        Some(dir.path()),
        "same folder, so the rename is atomic"
    );
    assert!(!target.exists(), "nothing at the target before commit");
    drop(file);
    assert!(
        listing(dir.path()).is_empty(),
        "dropping without commit cleans up"
    );
}

#[test]
fn unwritable_paths_are_a_clear_error_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no such folder").join("out.csv");
    let error = AtomicFile::create(&missing).unwrap_err();
    assert_eq!(error.code(), "export_path_unwritable");
    assert!(
        error.to_string().contains("no such folder"),
        "the message names the path: {error}"
    );

    let plain_file = dir.path().join("notes.txt");
    fs::write(&plain_file, "x").unwrap();
    let error = AtomicFile::create(&plain_file.join("out.csv")).unwrap_err();
    assert_eq!(
        error.code(),
        "export_path_unwritable",
        "a file is not a folder (fails even for root): {error}"
    );

    let folder = dir.path().join("a folder");
    fs::create_dir(&folder).unwrap();
    let error = AtomicFile::create(&folder).unwrap_err();
    assert_eq!(
        error.code(),
        "export_path_unwritable",
        "a folder is not a file"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
        let target = locked.join("out.csv");
        // Root ignores directory permissions; the check is only meaningful for other users.
        let probe = fs::File::create(locked.join("probe"));
        if probe.is_err() {
            let error = AtomicFile::create(&target).unwrap_err();
            assert!(
                matches!(error, ExportError::PathUnwritable { .. }),
                "read-only folder: {error}"
            );
            assert!(
                listing(&locked).is_empty(),
                "no temp file in a read-only folder"
            );
        }
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o700)).unwrap();
    }
}

#[test]
fn export_with_manifest_records_checksum_filters_failures_and_each_answer() {
    let fixture = Fixture::load();
    let result = fixture.query();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("invoices.xlsx");
    let base_url = url::Url::parse("https://billing.example.com/api/").unwrap();
    let failed = [FailedOrganization {
        org: OrgId::parse("org_gone").unwrap(),
        code: "not_found".into(),
        message: "Organization org_gone was not found.".into(),
    }];
    let cached_at = now() - chrono::Duration::hours(26);
    let stale = [StaleOrganization {
        org: fixture.orgs[1].clone(),
        fetched_at: cached_at,
        reason: StaleReason::Cached,
    }];
    let sources = [
        OrgSource {
            org: fixture.orgs[0].clone(),
            fetched_at: now(),
            origin: AnswerOrigin::Live,
        },
        OrgSource {
            org: fixture.orgs[1].clone(),
            fetched_at: cached_at,
            origin: AnswerOrigin::Cache,
        },
    ];
    let request = ExportRequest {
        destination: Destination::File(target.clone()),
        format: ExportFormat::Xlsx,
        csv: CsvOptions::default(),
        manifest: Some(ManifestSource {
            base_url: &base_url,
            filters: serde_json::json!({"statuses": ["open"]}),
            failed: &failed,
            stale: &stale,
            sources: &sources,
        }),
    };
    let outcome = export_invoices(
        &request,
        &ctx,
        &fixture.rows,
        &fixture.methods,
        &result.by_currency,
    )
    .unwrap();
    assert_eq!(outcome.rows as usize, fixture.rows.len());
    assert_eq!(outcome.payment_methods, Some(fixture.methods.len() as u64));

    let bytes = fs::read(&target).unwrap();
    let file = outcome.file.expect("a file export reports its file");
    assert_eq!(file.bytes as usize, bytes.len());
    assert_eq!(
        file.sha256,
        hex::encode(Sha256::digest(&bytes)),
        "the checksum is of the bytes on disk"
    );

    let manifest_file = manifest_path(&target);
    assert_eq!(
        manifest_file.file_name().unwrap(),
        "invoices.xlsx.manifest.json"
    );
    assert_eq!(outcome.manifest.unwrap().path, manifest_file);
    let text = fs::read_to_string(&manifest_file).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(manifest["file"], "invoices.xlsx");
    assert_eq!(manifest["format"], "xlsx");
    assert_eq!(manifest["content"], "invoices");
    assert_eq!(manifest["sha256"], file.sha256.as_str());
    assert_eq!(manifest["bytes"], bytes.len());
    assert_eq!(manifest["baseUrl"], "https://billing.example.com/api/");
    assert_eq!(manifest["generatedAt"], "2024-06-15T12:00:00Z");
    assert_eq!(
        manifest["organizations"],
        serde_json::json!(["org_alpha", "org_beta"])
    );
    assert_eq!(manifest["rowCount"], fixture.rows.len());
    assert_eq!(manifest["paymentMethodCount"], fixture.methods.len());
    assert_eq!(manifest["filters"]["statuses"][0], "open");
    assert_eq!(manifest["failedOrganizations"][0]["org"], "org_gone");
    assert_eq!(manifest["failedOrganizations"][0]["code"], "not_found");
    assert_eq!(
        manifest["staleOrganizations"],
        serde_json::json!([{
            "org": "org_beta",
            "fetchedAt": "2024-06-14T10:00:00Z",
            "ageSeconds": 26 * 3600,
            "reason": "cached",
        }]),
        "the cached answer, with its age at generatedAt"
    );
    let own_rows = |org: &OrgId| fixture.rows.iter().filter(|r| &r.org == org).count();
    assert_eq!(
        manifest["sources"],
        serde_json::json!([
            {"org": "org_alpha", "fetchedAt": "2024-06-15T12:00:00Z", "origin": "live", "rowCount": own_rows(&fixture.orgs[0])},
            {"org": "org_beta", "fetchedAt": "2024-06-14T10:00:00Z", "origin": "cache", "rowCount": own_rows(&fixture.orgs[1])},
        ]),
        "each organization's answer and its own rows in the file"
    );
    assert!(
        own_rows(&fixture.orgs[0]) > 0 && own_rows(&fixture.orgs[1]) > 0,
        "both organizations have rows, so the counts tell them apart"
    );
    let usd = manifest["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["currency"] == "USD")
        .unwrap();
    assert_eq!(
        usd["total"]["minor"], 19900,
        "totals per currency, minor units"
    );
    assert!(
        !text.to_lowercase().contains("token") && !text.contains("Bearer"),
        "nothing token-like in the manifest"
    );
    assert_eq!(
        listing(dir.path()),
        ["invoices.xlsx", "invoices.xlsx.manifest.json"],
        "exactly the export and its manifest, no temp files"
    );
}

#[test]
fn replacing_an_export_is_atomic_and_payment_methods_have_their_own() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("methods.json");
    fs::write(&target, "old").unwrap();
    let request = ExportRequest {
        destination: Destination::File(target.clone()),
        format: ExportFormat::Json,
        csv: CsvOptions::default(),
        manifest: None,
    };
    let outcome = export_payment_methods(&request, &ctx, &fixture.methods).unwrap();
    assert_eq!(outcome.rows as usize, fixture.methods.len());
    let doc: serde_json::Value = serde_json::from_slice(&fs::read(&target).unwrap()).unwrap();
    assert_eq!(doc["kind"], "paymentMethods", "the old file was replaced");
    assert_eq!(
        listing(dir.path()),
        ["methods.json"],
        "no manifest unless asked"
    );

    let xlsx = ExportRequest {
        format: ExportFormat::Xlsx,
        ..request
    };
    let error = export_payment_methods(&xlsx, &ctx, &fixture.methods).unwrap_err();
    assert_eq!(error.code(), "export_format_not_available");
}

#[test]
fn a_manifest_for_standard_output_is_refused_before_writing() {
    let fixture = Fixture::load();
    let ctx = ExportContext::new(&fixture.orgs, now());
    let base_url = url::Url::parse("http://127.0.0.1:9/").unwrap();
    let request = ExportRequest {
        destination: Destination::from_arg("-"),
        format: ExportFormat::Csv,
        csv: CsvOptions::default(),
        manifest: Some(ManifestSource {
            base_url: &base_url,
            filters: serde_json::Value::Null,
            failed: &[],
            stale: &[],
            sources: &[],
        }),
    };
    let none: [(OrgId, billing_core::model::PaymentMethod); 0] = [];
    let error = export_invoices(&request, &ctx, &fixture.rows, none, &[]).unwrap_err();
    assert_eq!(error.code(), "export_manifest_needs_file");
}

/// A cancel in the middle of a large XLSX (the slowest format: about 2 s for 100k rows in a
/// release build) stops it there: the rows stop being read, the previous file stays, and no
/// temp file is left.
#[test]
fn a_cancel_mid_write_of_a_large_xlsx_stops_it_and_leaves_the_previous_file_only() {
    let fixture = Fixture::load();
    let rows: Vec<&OrgInvoice> = fixture.rows.iter().cycle().take(40_000).collect();
    let cancel = tokio_util::sync::CancellationToken::new();
    let reports = std::sync::Mutex::new(Vec::new());
    let hook = |done: u64| {
        reports.lock().unwrap().push(done);
        if done >= 10_000 {
            cancel.cancel();
        }
    };
    let ctx = ExportContext::new(&fixture.orgs, now())
        .with_cancel(&cancel)
        .with_progress(&hook);
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("invoices.xlsx");
    fs::write(&target, "previous export").unwrap();
    let request = ExportRequest {
        destination: Destination::File(target.clone()),
        format: ExportFormat::Xlsx,
        csv: CsvOptions::default(),
        manifest: None,
    };
    let error = export_invoices(&request, &ctx, rows, &fixture.methods, &[]).unwrap_err();
    assert!(
        matches!(error, ExportError::Cancelled),
        "the cancel is reported as such: {error}"
    );
    assert_eq!(
        *reports.lock().unwrap(),
        (1..=10).map(|k| k * 1_000).collect::<Vec<u64>>(),
        "no row is read after the cancel: the writer stopped there, not at the end"
    );
    assert_eq!(fs::read_to_string(&target).unwrap(), "previous export");
    assert_eq!(
        listing(dir.path()),
        ["invoices.xlsx"],
        "no temp file is left next to the target"
    );
}

/// Progress hears the rows handed to the writer in steps, and the total last.
#[test]
fn progress_counts_every_row_and_a_file_export_reports_the_total_last() {
    let fixture = Fixture::load();
    let rows: Vec<&OrgInvoice> = fixture.rows.iter().cycle().take(2_345).collect();
    let reports = std::sync::Mutex::new(Vec::new());
    let hook = |done: u64| reports.lock().unwrap().push(done);
    let ctx = ExportContext::new(&fixture.orgs, now()).with_progress(&hook);
    let dir = tempfile::tempdir().unwrap();
    let request = ExportRequest {
        destination: Destination::File(dir.path().join("invoices.csv")),
        format: ExportFormat::Csv,
        csv: CsvOptions::default(),
        manifest: None,
    };
    let none: [(OrgId, billing_core::model::PaymentMethod); 0] = [];
    let outcome = export_invoices(&request, &ctx, rows, none, &[]).unwrap();
    assert_eq!(outcome.rows, 2_345);
    assert_eq!(*reports.lock().unwrap(), [1_000, 2_000, 2_345]);
}
