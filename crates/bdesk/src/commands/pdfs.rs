//! `bdesk pdfs`: the invoice PDFs of one or many organizations into a folder, through the
//! core's PDF archive (which never sees the API token).

use std::io::IsTerminal;

use billing_core::pdf_archive::{ArchiveOptions, PdfArchive, PdfRequest};
use billing_core::query::run_query;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::invoices::into_rows;
use crate::cli::PdfsArgs;
use crate::exit::{CliError, Exit};
use crate::fetch;

/// Runs `bdesk pdfs`.
///
/// The organizations are fetched first, under the usual rule (any failure stops the command
/// unless `--keep-going`). Then every PDF is archived; a PDF that fails is reported on
/// standard error and the others are kept, with exit code 6.
///
/// # Errors
/// Fetch failures; exit 1 when the folder or its index cannot be used.
pub async fn run(args: PdfsArgs, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let (query, source, mut fetched) =
        fetch::query_and_fetch(&args.source, &args.batch, &args.filters, now).await?;
    let (rows, _) = into_rows(&mut fetched);
    // Only the invoices the filters select; without any, every invoice, in the API's order.
    let result = run_query(&rows, &query, now);
    let requests: Vec<PdfRequest> = result
        .page_rows(&rows)
        .flat_map(|row| PdfRequest::for_invoices(&row.org, [&*row.invoice]))
        .collect();

    let archive = PdfArchive::new(
        &args.dir,
        ArchiveOptions {
            concurrency: fetch::concurrency(&args.batch, &source),
            api: Some(source.base_url.clone()),
            ..ArchiveOptions::default()
        },
    )?;
    let bar = if requests.len() > 1 && std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(
            Some(requests.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {pos}/{len} PDFs {wide_bar} {elapsed}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let cancel = crate::interrupt::token();
    let bar_for_progress = bar.clone();
    let report = archive
        .run(
            requests,
            now,
            move |progress, _org: &_| bar_for_progress.set_position(progress.done as u64),
            cancel.clone(),
        )
        .await;
    bar.finish_and_clear();
    let report = report?;

    for (item, error) in report.failures() {
        // The error can quote the server (a redirect target, a network message): cleaned
        // like every other text from outside before it reaches the terminal.
        eprintln!(
            "bdesk: organization {}, invoice {}: {}",
            crate::table::clean(item.org.as_str()),
            crate::table::clean(item.invoice_label()),
            crate::table::clean(&error.to_string())
        );
    }
    eprintln!(
        "bdesk: {} PDFs saved, {} already archived, {} invoices without a PDF, {} failed; index: {} [{}]",
        report.saved(),
        report.unchanged(),
        report.without_pdf(),
        report.failed(),
        report.index_path.display(),
        source.label
    );
    // A terminal makes a file URL clickable: the way to open the folder from here.
    if let Some(folder) = std::path::absolute(&args.dir)
        .ok()
        .and_then(|dir| url::Url::from_directory_path(dir).ok())
    {
        eprintln!("bdesk: open the archive folder: {folder}");
    }
    if cancel.is_cancelled() {
        return Err(CliError::new(
            Exit::Interrupted,
            "Interrupted; the PDFs saved so far are in the folder and its index.",
        ));
    }
    if report.failed() > 0 || !fetched.failed.is_empty() {
        return Ok(Exit::Partial);
    }
    Ok(Exit::Ok)
}
