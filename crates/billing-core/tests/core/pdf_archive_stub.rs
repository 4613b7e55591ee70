//! The PDF archive against the real stub: downloads, the index, skipping identical files,
//! bad bodies, unsafe links, a PDF host on another origin that must never see the token,
//! collisions and cancellation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::client_common::{client, org, spawn_stub, stub};
use crate::desk_common::now;

use std::fs;
use std::path::Path;
use std::time::Duration;

use billing_core::client::ClientConfig;
use billing_core::ids::OrgId;
use billing_core::link::validate_external_link;
use billing_core::model::BillingDetails;
use billing_core::pdf_archive::{
    ArchiveIndex, ArchiveOptions, ArchiveReport, INDEX_FILE_NAME, PdfArchive, PdfOutcome,
    PdfRequest,
};
use billing_stub::{StubConfig, StubHandle};
use tokio_util::sync::CancellationToken;

const TOKEN: &str = "sk_test_pdf_archive_SECRET";

/// Details of `id` through a client with the default config.
async fn details(stub: &StubHandle, id: &str) -> (OrgId, BillingDetails) {
    let config = ClientConfig::from_base_url(&stub.base_url()).unwrap();
    let org = org(id);
    let details = client(config, TOKEN)
        .billing_details(&org)
        .await
        .expect("the stub answers");
    (org, details)
}

/// The links come from the stub on this computer, so links to this computer are its own.
fn options() -> ArchiveOptions {
    ArchiveOptions {
        concurrency: 4,
        download_timeout: Duration::from_secs(20),
        api: Some(url::Url::parse("http://127.0.0.1/").unwrap()),
        ..ArchiveOptions::default()
    }
}

async fn run(dir: &Path, requests: Vec<PdfRequest>) -> ArchiveReport {
    let archive = PdfArchive::new(dir, options()).unwrap();
    archive
        .run(requests, now(), |_, _: &_| {}, CancellationToken::new())
        .await
        .expect("the folder and index are usable")
}

fn pdf_requests(stub: &StubHandle) -> Vec<String> {
    stub.requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/pdf/"))
        .map(|r| r.path)
        .collect()
}

/// Files in `dir` other than the index, sorted.
fn pdf_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != INDEX_FILE_NAME)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn demo_pdfs_are_archived_indexed_and_never_get_the_token() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "acme").await;
    let dir = tempfile::tempdir().unwrap();
    let with_pdf = details
        .invoices
        .iter()
        .filter(|i| i.invoice_pdf.is_some())
        .count();
    assert!(
        with_pdf >= 3,
        "the demo data has PDFs to archive ({with_pdf})"
    );

    let report = run(
        dir.path(),
        PdfRequest::for_invoices(&org, &details.invoices),
    )
    .await;

    assert_eq!(
        report.failed(),
        0,
        "every demo PDF is fine: {:?}",
        report.items
    );
    assert_eq!(
        report.saved(),
        with_pdf,
        "one file per invoice with a PDF link"
    );
    assert_eq!(
        report.without_pdf(),
        details.invoices.len() - with_pdf,
        "drafts have no PDF and are not failures"
    );
    let files = pdf_files(dir.path());
    assert_eq!(
        files.len(),
        with_pdf,
        "no temp file or extra file left: {files:?}"
    );
    for name in &files {
        assert!(
            name.starts_with("acme_") && name.ends_with(".pdf"),
            "{name}"
        );
        let bytes = fs::read(dir.path().join(name)).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{name} is a PDF");
    }

    let index = ArchiveIndex::load(dir.path()).unwrap();
    assert_eq!(
        index.entries().len(),
        with_pdf,
        "the index lists every file"
    );
    let invoice = details
        .invoices
        .iter()
        .find(|i| i.invoice_pdf.is_some())
        .unwrap();
    let id = invoice.id.as_deref().unwrap();
    let entry = index
        .lookup(&org, id)
        .expect("lookup by org and invoice ID");
    assert_eq!(
        Some(entry),
        index.lookup_invoice(id),
        "lookup by invoice ID alone"
    );
    assert_eq!(entry.number, invoice.number);
    assert_eq!(
        Some(entry.source_link.as_str()),
        invoice.invoice_pdf.as_deref()
    );
    assert_eq!(entry.archived_at, now(), "the injected time is recorded");
    let local = index.local_path(entry).unwrap();
    let content = fs::read(&local).unwrap();
    assert_eq!(entry.bytes, content.len() as u64);
    assert_eq!(
        entry.sha256,
        sha256_hex(&content),
        "the recorded checksum is the file's"
    );
    assert_eq!(
        content,
        billing_stub::invoice_pdf(id),
        "the file holds exactly what the link served"
    );

    let pdf_hits: Vec<_> = stub
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/pdf/"))
        .collect();
    assert_eq!(pdf_hits.len(), with_pdf, "one request per PDF");
    assert!(
        pdf_hits.iter().all(|r| r.authorization.is_none()),
        "the API token is never sent to a PDF host"
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[tokio::test]
async fn a_pdf_host_on_another_origin_sees_no_authorization_header() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "pdf-elsewhere").await;
    let other = stub.other_origin_base_url();
    assert!(
        details
            .invoices
            .iter()
            .filter_map(|i| i.invoice_pdf.as_deref())
            .all(|link| link.starts_with(&other)),
        "the scenario points every PDF at the other origin"
    );
    let dir = tempfile::tempdir().unwrap();

    let report = run(
        dir.path(),
        PdfRequest::for_invoices(&org, &details.invoices),
    )
    .await;

    assert_eq!(report.failed(), 0, "{:?}", report.items);
    assert!(
        report.saved() > 0,
        "the PDFs were fetched from the other origin"
    );
    let seen = stub.other_origin_requests();
    let pdf_hits: Vec<_> = seen
        .iter()
        .filter(|r| r.path.starts_with("/pdf/"))
        .collect();
    assert_eq!(
        pdf_hits.len(),
        report.saved(),
        "each PDF came from the other origin"
    );
    assert!(
        seen.iter().all(|r| r.authorization.is_none()),
        "no request to the PDF host carries an Authorization header: {seen:?}"
    );
    assert!(
        pdf_requests(&stub).is_empty(),
        "nothing was fetched from the API origin for PDFs"
    );
}

#[tokio::test]
async fn identical_files_are_skipped_on_the_next_run_and_adopted_without_an_index() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "globex").await;
    let dir = tempfile::tempdir().unwrap();
    let requests = PdfRequest::for_invoices(&org, &details.invoices);
    let first = run(dir.path(), requests.clone()).await;
    assert!(first.saved() > 0);
    let files = pdf_files(dir.path());
    let fetched_first = pdf_requests(&stub).len();

    stub.clear_requests();
    let second = run(dir.path(), requests.clone()).await;
    assert_eq!(second.saved(), 0, "nothing new to save");
    assert_eq!(
        second.unchanged(),
        first.saved(),
        "every file is recognised"
    );
    assert!(
        second.items.iter().all(|i| matches!(
            i.result,
            Ok(PdfOutcome::AlreadyArchived { .. } | PdfOutcome::NoPdf)
        )),
        "same link and intact file: not downloaded again"
    );
    assert!(
        pdf_requests(&stub).is_empty(),
        "no PDF was requested again (first run fetched {fetched_first})"
    );

    // Without the index (a run killed before writing it), files are downloaded again but
    // the identical ones are adopted, not duplicated as `_2`.
    fs::remove_file(dir.path().join(INDEX_FILE_NAME)).unwrap();
    let third = run(dir.path(), requests.clone()).await;
    assert_eq!(third.saved(), 0, "{:?}", third.items);
    assert_eq!(third.unchanged(), first.saved());
    assert_eq!(pdf_files(dir.path()), files, "no duplicate files");
    assert_eq!(
        ArchiveIndex::load(dir.path()).unwrap().entries().len(),
        files.len(),
        "the index is rebuilt"
    );

    // A damaged file is downloaded again and replaced under the same name.
    let victim = dir.path().join(&files[0]);
    fs::write(&victim, b"%PDF-1.4 damaged").unwrap();
    stub.clear_requests();
    let fourth = run(dir.path(), requests).await;
    assert_eq!(fourth.saved(), 1, "only the damaged file is replaced");
    assert_eq!(pdf_requests(&stub).len(), 1, "only it is downloaded");
    assert!(
        fs::read(&victim).unwrap().len() > 20,
        "the full PDF is back"
    );
    assert_eq!(pdf_files(dir.path()), files, "same names as before");
}

#[tokio::test]
async fn bad_bodies_are_refused_and_the_rest_are_kept() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "bad-pdfs").await;
    let dir = tempfile::tempdir().unwrap();
    let archive = PdfArchive::new(
        dir.path(),
        ArchiveOptions {
            // Small, so the 64 MiB fault bodies are refused quickly.
            max_pdf_bytes: 1024 * 1024,
            ..options()
        },
    )
    .unwrap();
    let report = archive
        .run(
            PdfRequest::for_invoices(&org, &details.invoices),
            now(),
            |_, _: &_| {},
            CancellationToken::new(),
        )
        .await
        .unwrap();

    let code_for = |fault: &str| {
        report
            .items
            .iter()
            .zip(&details.invoices)
            .find(|(_, invoice)| {
                invoice
                    .invoice_pdf
                    .as_deref()
                    .is_some_and(|l| l.ends_with(&format!("fault={fault}")))
            })
            .map(|(item, _)| item.result.as_ref().err().map(|e| e.code()))
            .unwrap_or_else(|| panic!("the scenario has a {fault} link"))
    };
    assert_eq!(
        code_for("not-pdf"),
        Some("pdf_not_a_pdf"),
        "an HTML page is not kept"
    );
    assert_eq!(code_for("404"), Some("pdf_link_expired"));
    assert_eq!(code_for("500"), Some("pdf_http_status"));
    assert_eq!(code_for("big"), Some("pdf_too_large"), "declared too large");
    assert_eq!(
        code_for("big-chunked"),
        Some("pdf_too_large"),
        "counted while streaming"
    );
    assert_eq!(report.failed(), 5, "exactly the five faulty links fail");
    assert!(report.saved() > 0, "the good PDFs are kept");
    assert_eq!(
        pdf_files(dir.path()).len(),
        report.saved(),
        "no file for a refused body, no temp file left behind"
    );
    for (item, error) in report.failures() {
        let text = error.to_string();
        assert!(!text.contains(TOKEN), "{text}");
        assert!(
            item.invoice_label() != "(no number)",
            "failures name the invoice"
        );
    }
}

#[tokio::test]
async fn unsafe_links_are_never_fetched() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "unsafe-links").await;
    // Links that pass validation but lead off this computer are left out: tests only talk
    // to loopback. Every other link is given to the archive.
    let requests: Vec<PdfRequest> = PdfRequest::for_invoices(&org, &details.invoices)
        .into_iter()
        .filter(|r| match r.link.as_deref().map(validate_external_link) {
            Some(Ok(url)) => billing_core::link::is_loopback_host(&url),
            _ => true,
        })
        .collect();
    let unsafe_count = requests
        .iter()
        .filter(|r| {
            r.link
                .as_deref()
                .is_some_and(|l| validate_external_link(l).is_err())
        })
        .count();
    assert!(
        unsafe_count >= 5,
        "the scenario has unsafe links ({unsafe_count})"
    );
    let dir = tempfile::tempdir().unwrap();

    let report = run(dir.path(), requests).await;

    let refused = report
        .failures()
        .filter(|(_, e)| e.code() == "pdf_unsafe_link")
        .count();
    assert_eq!(
        refused, unsafe_count,
        "each unsafe link is refused: {:?}",
        report.items
    );
    assert_eq!(report.failed(), unsafe_count, "and nothing else fails");
    assert!(
        report.saved() > 0,
        "the safe links of the same org are archived"
    );
    let paths = pdf_requests(&stub);
    assert_eq!(
        paths.len(),
        report.saved(),
        "only safe links were requested: {paths:?}"
    );
    assert!(
        stub.other_origin_requests().is_empty(),
        "nothing else was contacted"
    );
    for name in pdf_files(dir.path()) {
        assert!(
            !name.contains('/') && !name.contains('\\') && !name.contains('\u{202e}'),
            "the nasty invoice numbers became safe names: {name:?}"
        );
    }
}

#[tokio::test]
async fn colliding_names_get_suffixes_case_insensitively() {
    let stub = stub(TOKEN).await;
    let org = org("acme");
    let link = |id: &str| Some(format!("{}/pdf/{id}.pdf", stub.base_url()));
    let request = |id: &str, number: &str| PdfRequest {
        org: org.clone(),
        invoice_id: Some(id.to_owned()),
        number: Some(number.to_owned()),
        link: link(id),
    };
    let requests = vec![
        request("in_a", "INV-1"),
        request("in_b", "INV-1"),
        request("in_c", "inv-1"),
        request("in_d", "INV/1"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let report = run(dir.path(), requests.clone()).await;
    assert_eq!(report.saved(), 4, "{:?}", report.items);
    let index = ArchiveIndex::load(dir.path()).unwrap();
    let mut files: Vec<String> = index
        .entries()
        .iter()
        .map(|e| e.file.to_lowercase())
        .collect();
    files.sort();
    files.dedup();
    assert_eq!(
        files.len(),
        4,
        "four invoices, four names even on a case-insensitive disk: {files:?}"
    );
    let file_of = |id: &str| index.lookup(&org, id).unwrap().file.clone();
    assert_eq!(
        file_of("in_d"),
        "acme_INV_1.pdf",
        "the slash became an underscore"
    );

    // Names stay with their invoices on the next run, whatever order the results come in.
    let before: Vec<String> = ["in_a", "in_b", "in_c", "in_d"].map(file_of).to_vec();
    let mut reversed = requests;
    reversed.reverse();
    let again = run(dir.path(), reversed).await;
    assert_eq!(again.unchanged(), 4);
    let index = ArchiveIndex::load(dir.path()).unwrap();
    let after: Vec<String> = ["in_a", "in_b", "in_c", "in_d"]
        .map(|id| index.lookup(&org, id).unwrap().file.clone())
        .to_vec();
    assert_eq!(before, after, "every invoice keeps its file name");
}

#[tokio::test]
async fn cross_origin_redirects_are_followed_without_credentials() {
    // No token required here, so the API route's redirect scenario answers a plain GET: a
    // 302 to the other origin, which serves JSON, not a PDF.
    let stub = spawn_stub(StubConfig::default()).await;
    let org = org("acme");
    let request = PdfRequest {
        org: org.clone(),
        invoice_id: Some("in_redirect".into()),
        number: None,
        link: Some(format!(
            "{}/v1/organizations/redirect-other-origin/stripe/billing-details",
            stub.base_url()
        )),
    };
    let dir = tempfile::tempdir().unwrap();
    let report = run(dir.path(), vec![request]).await;
    let error = report.items[0].result.as_ref().unwrap_err();
    assert_eq!(
        error.code(),
        "pdf_not_a_pdf",
        "the redirect was followed, the JSON refused"
    );
    let hops = stub.other_origin_requests();
    assert_eq!(hops.len(), 1, "the second hop reached the other origin");
    assert!(
        hops[0].authorization.is_none(),
        "without any Authorization header"
    );
    assert!(
        pdf_files(dir.path()).is_empty(),
        "nothing kept, no temp file left"
    );
}

#[tokio::test]
async fn a_cancelled_run_downloads_nothing_and_reports_every_invoice() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "acme").await;
    let dir = tempfile::tempdir().unwrap();
    let cancel = CancellationToken::new();
    cancel.cancel();
    let mut reports = Vec::new();
    let archive = PdfArchive::new(dir.path(), options()).unwrap();
    let report = archive
        .run(
            PdfRequest::for_invoices(&org, &details.invoices),
            now(),
            |p, _: &_| reports.push(p),
            cancel,
        )
        .await
        .unwrap();
    assert_eq!(
        report.items.len(),
        details.invoices.len(),
        "one result per invoice"
    );
    assert!(
        report.items.iter().all(|i| i
            .result
            .as_ref()
            .is_err_and(|e| e.code() == "pdf_cancelled")),
        "nothing ran"
    );
    assert_eq!(
        reports.len(),
        details.invoices.len(),
        "one progress report each"
    );
    assert_eq!(reports.last().unwrap().done, details.invoices.len());
    assert!(pdf_requests(&stub).is_empty(), "no download started");
    assert!(pdf_files(dir.path()).is_empty(), "no file written");
    assert!(
        !dir.path().join(INDEX_FILE_NAME).exists(),
        "no index written when nothing changed"
    );
}

#[tokio::test]
async fn an_unwritable_folder_stops_the_run_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    fs::write(&file, b"x").unwrap();
    let archive = PdfArchive::new(file.join("pdfs"), options()).unwrap();
    let error = archive
        .run(Vec::new(), now(), |_, _: &_| {}, CancellationToken::new())
        .await
        .unwrap_err();
    assert_eq!(error.code(), "pdf_folder_unwritable", "{error}");
    assert!(error.is_archive_wide());
    assert!(
        error.to_string().contains("not-a-folder"),
        "names the folder: {error}"
    );
}

/// One run saves at most its budget of new files: the rest are reported, not downloaded, and
/// the next run goes on from there. The folder it creates is owner-only.
#[tokio::test]
async fn a_run_stops_saving_at_its_file_budget_and_the_next_run_continues() {
    let stub = stub(TOKEN).await;
    let (org, details) = details(&stub, "acme").await;
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("new-archive");
    let requests = PdfRequest::for_invoices(&org, &details.invoices);
    let with_pdf = requests.iter().filter(|r| r.link.is_some()).count();
    assert!(with_pdf >= 3, "{with_pdf}");
    let archive = PdfArchive::new(
        &dir,
        ArchiveOptions {
            concurrency: 1,
            max_run_files: 2,
            ..options()
        },
    )
    .unwrap();
    let report = archive
        .run(
            requests.clone(),
            now(),
            |_, _: &_| {},
            CancellationToken::new(),
        )
        .await
        .unwrap();
    assert_eq!(report.saved(), 2, "{:?}", report.items);
    let over: Vec<_> = report
        .items
        .iter()
        .filter_map(|item| item.result.as_ref().err())
        .collect();
    assert_eq!(over.len(), with_pdf - 2, "{over:?}");
    assert!(
        over.iter().all(|e| e.code() == "pdf_run_budget"),
        "{over:?}"
    );
    assert_eq!(pdf_files(&dir).len(), 2);
    assert!(
        pdf_requests(&stub).len() <= 3,
        "downloads stop once the budget is spent: {:?}",
        pdf_requests(&stub)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "the folder it created is owner-only");
    }

    let second = archive
        .run(requests, now(), |_, _: &_| {}, CancellationToken::new())
        .await
        .unwrap();
    assert_eq!(second.saved(), 2, "two more: {:?}", second.items);
    assert_eq!(pdf_files(&dir).len(), 4.min(with_pdf));
}

#[tokio::test]
async fn a_probe_tells_a_working_pdf_link_from_an_expired_failing_or_wrong_one_and_writes_nothing()
{
    let stub = stub(TOKEN).await;
    let (_, details) = details(&stub, "acme").await;
    let link = details
        .invoices
        .iter()
        .find_map(|invoice| invoice.invoice_pdf.clone())
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let archive = PdfArchive::new(dir.path().join("never-made"), options()).unwrap();
    archive
        .probe(&link)
        .await
        .expect("the live link answers a PDF");
    let with_fault = |fault: &str| {
        let mut url = url::Url::parse(&link).unwrap();
        url.query_pairs_mut().append_pair("fault", fault);
        url.to_string()
    };
    for (fault, code) in [
        ("404", "pdf_link_expired"),
        ("500", "pdf_http_status"),
        ("not-pdf", "pdf_not_a_pdf"),
    ] {
        let error = archive.probe(&with_fault(fault)).await.unwrap_err();
        assert_eq!(error.code(), code, "{fault}: {error}");
    }
    let refused = archive.probe("javascript:alert(1)").await.unwrap_err();
    assert_eq!(refused.code(), "pdf_unsafe_link", "{refused}");
    assert!(
        !dir.path().join("never-made").exists(),
        "a probe creates no folder and writes no file"
    );
    stub.shutdown();
    let down = archive.probe(&link).await.unwrap_err();
    assert_eq!(down.code(), "pdf_network", "{down}");
}
