//! `bdesk export`: invoices of one or many organizations to CSV, XLSX or JSON, with an
//! optional manifest, through the core's export writers.

use std::io::IsTerminal;

use billing_core::export::{
    CsvOptions, Destination, ExportContext, ExportFormat, ExportRequest, ManifestSource,
    export_invoices,
};
use billing_core::history::{ExportRecord, SnapRowRef};
use billing_core::query::run_query;
use chrono::{DateTime, Utc};

use super::invoices::into_rows;
use crate::cli::{ExportArgs, FormatArg};
use crate::exit::{CliError, Exit};
use crate::fetch;
use billing_core::text::count;

/// Runs `bdesk export`.
///
/// Nothing is written when any organization fails, unless `--keep-going`: then the file holds
/// the others, the failures are on standard error and in the manifest, and the exit code is 6.
/// Ctrl-C at any moment before the finished file replaces the target exits 130 with nothing
/// written (the previous file untouched); one after that last check lets the export finish.
///
/// # Errors
/// Usage errors (checked before anything is fetched), fetch failures, exit 1 when the file
/// cannot be written.
pub async fn run(args: ExportArgs, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let format = match args.format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Xlsx => ExportFormat::Xlsx,
        FormatArg::Json => ExportFormat::Json,
    };
    let destination = Destination::from_arg(&args.output);
    if destination == Destination::Stdout {
        if args.manifest {
            return Err(CliError::usage(
                "--manifest needs an output file: add -o FILE (the manifest is written next to it).",
            ));
        }
        if format == ExportFormat::Xlsx && std::io::stdout().is_terminal() {
            return Err(CliError::usage(
                "An Excel file is not readable on a terminal: add -o FILE.xlsx, or redirect \
                 standard output to a file.",
            ));
        }
    }
    let (query, source, mut fetched) =
        fetch::query_and_fetch(&args.source, &args.batch, &args.filters, now).await?;
    // A Ctrl-C after the data arrived still stops the export: the core checks this token
    // before creating the file, while it writes, and again just before the rename.
    let cancel = crate::interrupt::token();
    if cancel.is_cancelled() {
        return Err(interrupted());
    }
    let failed = fetched.failed_for_manifest();
    let sources = fetched.sources_for_manifest();
    let (rows, methods) = into_rows(&mut fetched);
    let result = run_query(&rows, &query, now);
    let orgs = fetched.ok_orgs();
    let ctx = ExportContext::new(&orgs, now)
        .with_query(&query)
        .with_cancel(&cancel)
        .with_local_links(&source.base_url);
    let filters = serde_json::to_value(&query).unwrap_or(serde_json::Value::Null);
    let request = ExportRequest {
        destination,
        format,
        csv: CsvOptions {
            bom: args.bom,
            dialect: args.csv_dialect.into(),
        },
        manifest: args.manifest.then(|| ManifestSource {
            base_url: &source.base_url,
            filters,
            failed: &failed,
            // Every answer is fetched by this run: none is older than it.
            stale: &[],
            sources: &sources,
        }),
    };
    let invoices = result.page_rows(&rows).map(|r| (&r.org, &*r.invoice));
    let payment_methods = methods.iter().map(|(org, m)| (org, m));
    // Synchronous on purpose: the writers stream, and the only other work meanwhile is the
    // history's snapshot on its own thread.
    let export = || {
        export_invoices(
            &request,
            &ctx,
            invoices,
            payment_methods,
            &result.by_currency,
        )
    };
    let exported = match source.history() {
        // The snapshot is written on a second thread while the export writes.
        Ok(history) => {
            let snapshot_rows = result
                .page_rows(&rows)
                .filter_map(|row| SnapRowRef::of(&row.org, &row.invoice));
            history
                .snapshot_beside(now, snapshot_rows, export)
                .map(|(outcome, snapshot)| {
                    let pending = snapshot.map(|s| (history, s)).map_err(CliError::from);
                    (outcome, pending)
                })
        }
        Err(error) => export().map(|outcome| (outcome, Err(error))),
    };
    let (outcome, snapshot) = exported.map_err(|error| match error {
        // A reader that stopped early (`| head`) is not a failure of the export.
        billing_core::export::ExportError::Io {
            path: None,
            ref source,
        } if source.kind() == std::io::ErrorKind::BrokenPipe => {
            CliError::new(Exit::Ok, String::new())
        }
        billing_core::export::ExportError::Cancelled => interrupted(),
        other => CliError::from(other),
    })?;
    if let Some(file) = &outcome.file {
        eprintln!(
            "bdesk: wrote {} from {} to {} (SHA-256 {}) [{}]",
            count(outcome.rows, "invoice", "invoices"),
            count(orgs.len() as u64, "organization", "organizations"),
            file.path.display(),
            file.sha256,
            source.label
        );
    }
    if let Some(manifest) = &outcome.manifest {
        eprintln!("bdesk: manifest: {}", manifest.path.display());
    }
    let record = ExportRecord {
        at: now,
        connection: source.connection.clone(),
        base_url: source.base_url.to_string(),
        view: serde_json::to_value(&query).unwrap_or(serde_json::Value::Null),
        organizations: orgs.iter().map(ToString::to_string).collect(),
        format: format.as_str().to_owned(),
        path: outcome.file.as_ref().map(|f| f.path.clone()),
        rows: outcome.rows,
        sha256: outcome.file.as_ref().map(|f| f.sha256.clone()),
    };
    // The file is written: a history that cannot be updated is said loudly, not fatal.
    match snapshot.and_then(|(history, snapshot)| Ok(history.record(record, snapshot)?)) {
        Ok(entry) => eprintln!(
            "bdesk: recorded as export {} (see `bdesk history`; `bdesk changes` compares with it)",
            entry.seq
        ),
        Err(error) => eprintln!("bdesk: warning: the export history was not updated: {error}"),
    }
    Ok(fetched.exit())
}

/// Ctrl-C before the file was complete: exit 130, the previous file untouched.
fn interrupted() -> CliError {
    CliError::new(Exit::Interrupted, "Interrupted; nothing was written.")
}
