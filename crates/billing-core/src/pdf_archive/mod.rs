//! A local archive of invoice PDFs: the links in the API data expire 30 to 120 days after an
//! invoice is issued, so finance teams keep a copy.
//!
//! [`PdfArchive::run`] downloads the PDFs of any number of invoices (one organization or a
//! batch) into one folder and records them in `index.json` ([`ArchiveIndex`]), which the app
//! reads to open the local copy once a link has expired.
//!
//! Guarantees:
//! - **Only safe links** are fetched: each link, and each redirect hop, must pass
//!   [`crate::link::validate_external_link`] (https, or http to this computer); a remote host
//!   may not redirect to this computer. Others are reported as [`PdfArchiveError::UnsafeLink`]
//!   without any request.
//! - **No credentials**: downloads use their own HTTP client, which never sends an
//!   `Authorization` header, cookies or a `Referer`. The archive never sees the API token.
//! - **Only PDFs, of bounded size**: a body must start with `%PDF-` and stay under
//!   [`ArchiveOptions::max_pdf_bytes`] (default 50 MiB), both checked while it streams into a
//!   temp file, never held in memory whole.
//! - **Atomic files**: a PDF appears under its name complete or not at all (temp file in the
//!   folder, synced, renamed); the index is replaced the same way at the end of a run.
//! - **Identical files are skipped**: an invoice whose link is unchanged and whose file on
//!   disk still matches the SHA-256 in the index is not downloaded again
//!   ([`PdfOutcome::AlreadyArchived`]); a download identical to the file already there leaves
//!   the file untouched ([`PdfOutcome::Unchanged`]).
//! - **Safe, stable names**: `<org>_<number or id>.pdf` made safe on every OS ([`names`]),
//!   with `_2`, `_3`, … when two invoices would share a name (case-insensitively); an invoice
//!   keeps its file name across runs.
//! - **One failure is one line**: every invoice gets its own [`ArchivedPdf`] result; only a
//!   folder or index problem stops the run.
//! - Bounded concurrency, a progress callback after each invoice, and cancellation (unfinished
//!   invoices are reported [`PdfArchiveError::Cancelled`]; no temp file is left behind).
//!
//! ```no_run
//! # async fn run(details: billing_core::model::BillingDetails) -> Result<(), billing_core::pdf_archive::PdfArchiveError> {
//! use billing_core::ids::OrgId;
//! use billing_core::pdf_archive::{ArchiveOptions, PdfArchive, PdfRequest};
//!
//! let org = OrgId::parse("acme").expect("valid id");
//! let archive = PdfArchive::new("/home/me/invoices", ArchiveOptions::default())?;
//! let requests = PdfRequest::for_invoices(&org, &details.invoices);
//! let now = chrono::Utc::now();
//! let report = archive
//!     .run(requests, now, |_progress, _org: &OrgId| {}, tokio_util::sync::CancellationToken::new())
//!     .await?;
//! println!("{} saved, {} failed", report.saved(), report.failed());
//! # Ok(()) }
//! ```

mod download;
mod error;
mod index;
pub mod names;
mod resolve;
mod verify;

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;
use url::Url;

pub use download::{MAX_REDIRECTS, PDF_SIGNATURE};
pub use error::PdfArchiveError;
pub use index::{ArchiveEntry, ArchiveIndex, INDEX_FILE_NAME, INDEX_SCHEMA_VERSION};

use crate::client::default_user_agent;
use crate::ids::OrgId;
use crate::link;
use crate::model::Invoice;
use crate::progress::{Progress, Tally, run_bounded};
use download::{Downloaded, FetchLimits, PdfFetcher};
use verify::file_matches;

/// Default largest PDF kept: 50 MiB.
pub const DEFAULT_MAX_PDF_BYTES: u64 = 50 * 1024 * 1024;
/// Default downloads at the same time.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// Default most new PDF files one run saves.
pub const DEFAULT_MAX_RUN_FILES: usize = 100_000;
/// Default most bytes of new PDFs one run saves: 10 GiB.
pub const DEFAULT_MAX_RUN_BYTES: u64 = 10 * 1024 * 1024 * 1024;
/// Default limit for one download, redirects and body included.
pub const DEFAULT_DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit for opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Most collision suffixes tried for one name (`_2` … `_9999`).
const MAX_NAME_SUFFIX: u32 = 9_999;

/// How an archive run behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveOptions {
    /// Downloads at the same time; 0 is treated as 1. Default [`DEFAULT_CONCURRENCY`].
    pub concurrency: usize,
    /// Largest PDF kept, in bytes. Default [`DEFAULT_MAX_PDF_BYTES`].
    pub max_pdf_bytes: u64,
    /// Most new files one run saves, so a hostile list of links cannot fill the disk.
    /// Default [`DEFAULT_MAX_RUN_FILES`].
    pub max_run_files: usize,
    /// Most bytes of new files one run saves. Default [`DEFAULT_MAX_RUN_BYTES`].
    pub max_run_bytes: u64,
    /// Limit for one download. Default [`DEFAULT_DOWNLOAD_TIMEOUT`].
    pub download_timeout: Duration,
    /// Limit for opening a connection. Default [`DEFAULT_CONNECT_TIMEOUT`].
    pub connect_timeout: Duration,
    /// The `User-Agent` header. Default [`default_user_agent`].
    pub user_agent: String,
    /// The API whose data the links came from. Links (and every redirect hop, and the
    /// addresses a host name resolves to) may lead to this computer or a private network
    /// only when this API is on this computer itself (the stub, the demo); `None` counts as a
    /// remote API. See [`crate::link::validate_link_from`].
    pub api: Option<Url>,
}

impl Default for ArchiveOptions {
    fn default() -> Self {
        ArchiveOptions {
            concurrency: DEFAULT_CONCURRENCY,
            max_pdf_bytes: DEFAULT_MAX_PDF_BYTES,
            max_run_files: DEFAULT_MAX_RUN_FILES,
            max_run_bytes: DEFAULT_MAX_RUN_BYTES,
            download_timeout: DEFAULT_DOWNLOAD_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: default_user_agent(),
            api: None,
        }
    }
}

/// One invoice whose PDF is wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfRequest {
    /// The organization the invoice belongs to.
    pub org: OrgId,
    /// The invoice's ID.
    pub invoice_id: Option<String>,
    /// The invoice number.
    pub number: Option<String>,
    /// The `invoicePdf` link; `None` for invoices without a PDF yet (drafts).
    pub link: Option<String>,
}

impl PdfRequest {
    /// The request for one invoice of `org`.
    pub fn from_invoice(org: &OrgId, invoice: &Invoice) -> PdfRequest {
        PdfRequest {
            org: org.clone(),
            invoice_id: invoice.id.clone(),
            number: invoice.number.clone(),
            link: invoice.invoice_pdf.clone(),
        }
    }

    /// Requests for every invoice of `org`, in order.
    pub fn for_invoices<'a>(
        org: &OrgId,
        invoices: impl IntoIterator<Item = &'a Invoice>,
    ) -> Vec<PdfRequest> {
        invoices
            .into_iter()
            .map(|invoice| PdfRequest::from_invoice(org, invoice))
            .collect()
    }

    /// The key the index records the invoice under: its ID, or its number.
    fn key(&self) -> Option<&str> {
        self.invoice_id.as_deref().or(self.number.as_deref())
    }

    /// What the file name is built from: the number, or the ID.
    fn label(&self) -> &str {
        self.number
            .as_deref()
            .or(self.invoice_id.as_deref())
            .unwrap_or("")
    }
}

/// What happened to one invoice's PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfOutcome {
    /// Downloaded and saved (new, or replacing different content).
    Saved {
        /// The file.
        file: PathBuf,
        /// Its size.
        bytes: u64,
        /// Its SHA-256, lowercase hex.
        sha256: String,
    },
    /// Downloaded, but identical to the file already there, which was left as it was.
    Unchanged {
        /// The file.
        file: PathBuf,
    },
    /// Not downloaded: the index says it was archived from the same link, and the file on
    /// disk still has the recorded size and SHA-256.
    AlreadyArchived {
        /// The file.
        file: PathBuf,
    },
    /// The invoice has no PDF link (a draft): nothing to archive.
    NoPdf,
}

/// One invoice's result.
#[derive(Debug)]
pub struct ArchivedPdf {
    /// The organization.
    pub org: OrgId,
    /// The invoice's ID.
    pub invoice_id: Option<String>,
    /// The invoice number.
    pub number: Option<String>,
    /// What happened.
    pub result: Result<PdfOutcome, PdfArchiveError>,
}

impl ArchivedPdf {
    /// How the invoice is named in messages: its number, else its ID.
    pub fn invoice_label(&self) -> &str {
        self.number
            .as_deref()
            .or(self.invoice_id.as_deref())
            .unwrap_or("(no number)")
    }
}

/// What a run did, one item per request, in request order.
#[derive(Debug)]
pub struct ArchiveReport {
    /// The results.
    pub items: Vec<ArchivedPdf>,
    /// The index file that describes the folder.
    pub index_path: PathBuf,
}

impl ArchiveReport {
    fn count(&self, wanted: impl Fn(&Result<PdfOutcome, PdfArchiveError>) -> bool) -> usize {
        self.items
            .iter()
            .filter(|item| wanted(&item.result))
            .count()
    }

    /// PDFs newly saved.
    pub fn saved(&self) -> usize {
        self.count(|r| matches!(r, Ok(PdfOutcome::Saved { .. })))
    }

    /// PDFs already in the folder with the same content (downloaded again or not).
    pub fn unchanged(&self) -> usize {
        self.count(|r| {
            matches!(
                r,
                Ok(PdfOutcome::Unchanged { .. } | PdfOutcome::AlreadyArchived { .. })
            )
        })
    }

    /// Invoices without a PDF.
    pub fn without_pdf(&self) -> usize {
        self.count(|r| matches!(r, Ok(PdfOutcome::NoPdf)))
    }

    /// Invoices that failed.
    pub fn failed(&self) -> usize {
        self.count(Result::is_err)
    }

    /// The failed items.
    pub fn failures(&self) -> impl Iterator<Item = (&ArchivedPdf, &PdfArchiveError)> {
        self.items
            .iter()
            .filter_map(|item| item.result.as_ref().err().map(|e| (item, e)))
    }
}

/// An archive folder and the client that fills it.
#[derive(Debug, Clone)]
pub struct PdfArchive {
    dir: PathBuf,
    fetcher: PdfFetcher,
    concurrency: usize,
    budget: RunBudget,
}

/// What one run may still save (see [`ArchiveOptions::max_run_files`]).
#[derive(Debug, Clone, Copy)]
struct RunBudget {
    files: usize,
    bytes: u64,
}

impl RunBudget {
    /// Takes one file of `bytes` from the budget, or says why it does not fit.
    fn take(&mut self, bytes: u64, limits: RunBudget) -> Result<(), PdfArchiveError> {
        if self.files == 0 || bytes > self.bytes {
            return Err(PdfArchiveError::RunBudget {
                files: limits.files,
                mib: limits.bytes / (1024 * 1024),
            });
        }
        self.files -= 1;
        self.bytes -= bytes;
        Ok(())
    }
}

/// What a download task hands to the committing loop.
enum Fetched {
    /// Finished without a download to place (or failed).
    Done(Result<PdfOutcome, PdfArchiveError>),
    /// A checked download waiting for its name.
    Downloaded(Downloaded, Url),
}

impl PdfArchive {
    /// An archive in `dir` (created on the first run if missing).
    ///
    /// # Errors
    /// [`PdfArchiveError::Setup`] when the HTTP client cannot be built.
    pub fn new(
        dir: impl Into<PathBuf>,
        options: ArchiveOptions,
    ) -> Result<PdfArchive, PdfArchiveError> {
        let local_ok = options.api.as_ref().is_some_and(link::is_loopback_host);
        let limits = FetchLimits {
            max_bytes: options.max_pdf_bytes,
            timeout: options.download_timeout,
        };
        Ok(PdfArchive {
            dir: dir.into(),
            fetcher: PdfFetcher::new(
                limits,
                options.connect_timeout,
                &options.user_agent,
                local_ok,
                resolve::system_lookup(),
            )?,
            concurrency: options.concurrency.max(1),
            budget: RunBudget {
                files: options.max_run_files,
                bytes: options.max_run_bytes,
            },
        })
    }

    /// The archive folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether an invoice's PDF link still answers with a PDF (the app asks before it prefers
    /// the live link to an archived copy): the link and every redirect pass the same checks
    /// as a download, with no credentials, and only the first bytes are read.
    ///
    /// # Errors
    /// [`PdfArchiveError::UnsafeLink`] without a request; otherwise what the download would
    /// have failed with (expired, an HTTP status, not a PDF, network, timeout).
    pub async fn probe(&self, link: &str) -> Result<(), PdfArchiveError> {
        let url = self
            .checked_link(link)
            .map_err(PdfArchiveError::UnsafeLink)?;
        self.fetcher.probe(&url).await
    }

    /// A link from the API data as the archive may request it: https (or http to this
    /// computer), and to this computer or a private network only when the API is there too.
    fn checked_link(&self, raw: &str) -> Result<Url, link::LinkError> {
        let url = link::validate_external_link(raw)?;
        link::refuse_local_target(&url, self.fetcher.local_ok())?;
        Ok(url)
    }

    /// Archives the PDFs of `requests` (see the module docs), at most `concurrency` at once.
    ///
    /// `now` becomes `archivedAt` of every newly saved file. `progress` is called after each
    /// invoice, with its organization. `cancel` stops the run: downloads in flight are dropped (their temp files
    /// removed), unfinished invoices are reported [`PdfArchiveError::Cancelled`], and the index
    /// still records what was saved.
    ///
    /// # Errors
    /// Only for the archive as a whole: the folder cannot be created
    /// ([`PdfArchiveError::FolderUnwritable`]), the index is damaged, newer or unreadable, or
    /// the index cannot be written at the end (the PDFs saved are then in the folder but not
    /// in the index; the next run adopts identical files). Per-invoice failures are in the
    /// report.
    pub async fn run(
        &self,
        requests: Vec<PdfRequest>,
        now: DateTime<Utc>,
        mut progress: impl FnMut(Progress, &OrgId) + Send,
        cancel: CancellationToken,
    ) -> Result<ArchiveReport, PdfArchiveError> {
        crate::durable_file::create_private_dir(&self.dir).map_err(|source| {
            PdfArchiveError::FolderUnwritable {
                path: self.dir.clone(),
                source,
            }
        })?;
        let mut index = ArchiveIndex::load(&self.dir)?;
        let total = requests.len();
        let mut results: Vec<Option<Result<PdfOutcome, PdfArchiveError>>> =
            (0..total).map(|_| None).collect();
        let mut claimed: HashSet<String> = HashSet::new();
        let mut dirty = false;
        let mut budget = self.budget;
        // Set once the budget is spent: downloads not started yet are not started.
        let spent = std::sync::atomic::AtomicBool::new(false);
        {
            // What the index knew before this run, looked up now: the index itself is
            // updated by the loop below while downloads are still starting.
            let known: Vec<Option<ArchiveEntry>> = requests
                .iter()
                .map(|request| {
                    let key = request.key()?;
                    index.lookup(&request.org, key).cloned()
                })
                .collect();
            let tasks = requests.iter().zip(known).enumerate().map(|(position, (request, known))| {
                let (cancel, spent, limits) = (&cancel, &spent, self.budget);
                async move {
                    if spent.load(std::sync::atomic::Ordering::Relaxed) {
                        let over = PdfArchiveError::RunBudget {
                            files: limits.files,
                            mib: limits.bytes / (1024 * 1024),
                        };
                        return (position, Fetched::Done(Err(over)));
                    }
                    let fetched = tokio::select! {
                        biased;
                        () = cancel.cancelled() => Fetched::Done(Err(PdfArchiveError::Cancelled)),
                        fetched = self.fetch(request, known) => fetched,
                    };
                    (position, fetched)
                }
            });
            let mut tally = Tally::new(total);
            run_bounded(tasks, self.concurrency, |(position, fetched)| {
                let Some(request) = requests.get(position) else {
                    return;
                };
                let result = match fetched {
                    Fetched::Done(result) => result,
                    Fetched::Downloaded(downloaded, link) => {
                        // Checked before the file is kept; an unchanged file is given back.
                        let size = downloaded.bytes;
                        let before = budget;
                        let committed = budget.take(size, self.budget).and_then(|()| {
                            self.commit(&mut index, &mut claimed, request, downloaded, &link, now)
                        });
                        if !matches!(committed, Ok(PdfOutcome::Saved { .. })) {
                            budget = before;
                        }
                        if budget.files == 0 || budget.bytes == 0 {
                            spent.store(true, std::sync::atomic::Ordering::Relaxed);
                        }
                        if committed.is_ok() {
                            dirty = true;
                        }
                        committed
                    }
                };
                if let Err(error) = &result {
                    tracing::debug!(org = %request.org, code = error.code(), "PDF not archived");
                }
                progress(tally.finish(result.is_err()), &request.org);
                if let Some(slot) = results.get_mut(position) {
                    *slot = Some(result);
                }
            })
            .await;
        }
        if dirty {
            index.save()?;
        }
        let items = requests
            .into_iter()
            .zip(results)
            .map(|(request, result)| ArchivedPdf {
                org: request.org,
                invoice_id: request.invoice_id,
                number: request.number,
                // Every slot is filled above; the fallback keeps this free of panics.
                result: result.unwrap_or(Err(PdfArchiveError::Cancelled)),
            })
            .collect();
        Ok(ArchiveReport {
            items,
            index_path: index.path(),
        })
    }

    /// Validates the link, skips what is archived already, else downloads into a temp file.
    async fn fetch(&self, request: &PdfRequest, known: Option<ArchiveEntry>) -> Fetched {
        let Some(raw_link) = request.link.as_deref() else {
            return Fetched::Done(Ok(PdfOutcome::NoPdf));
        };
        if request.key().is_none() {
            return Fetched::Done(Err(PdfArchiveError::NoInvoiceId));
        }
        let link = match self.checked_link(raw_link) {
            Ok(link) => link,
            Err(reason) => return Fetched::Done(Err(PdfArchiveError::UnsafeLink(reason))),
        };
        if let Some(entry) = known.filter(|entry| entry.source_link == raw_link) {
            let path = self.dir.join(&entry.file);
            let check_path = path.clone();
            let intact = tokio::task::spawn_blocking(move || {
                file_matches(&check_path, entry.bytes, &entry.sha256)
            })
            .await
            .unwrap_or(false);
            if intact {
                return Fetched::Done(Ok(PdfOutcome::AlreadyArchived { file: path }));
            }
        }
        match self.fetcher.download(&link, &self.dir).await {
            Ok(downloaded) => Fetched::Downloaded(downloaded, link),
            Err(error) => Fetched::Done(Err(error)),
        }
    }

    /// Gives a finished download its file name and records it. Runs on the one task that owns
    /// the index, so names are decided one at a time.
    fn commit(
        &self,
        index: &mut ArchiveIndex,
        claimed: &mut HashSet<String>,
        request: &PdfRequest,
        downloaded: Downloaded,
        link: &Url,
        now: DateTime<Utc>,
    ) -> Result<PdfOutcome, PdfArchiveError> {
        let key = request.key().ok_or(PdfArchiveError::NoInvoiceId)?;
        let source_link = request.link.clone().unwrap_or_else(|| link.to_string());
        let Downloaded {
            mut temp,
            bytes,
            sha256,
        } = downloaded;
        let entry_for = |file: &str, archived_at: DateTime<Utc>| ArchiveEntry {
            org: request.org.clone(),
            invoice_id: request.invoice_id.clone(),
            number: request.number.clone(),
            file: file.to_owned(),
            source_link: source_link.clone(),
            sha256: sha256.clone(),
            bytes,
            archived_at,
        };

        // An invoice archived before keeps its file name.
        if let Some(existing) = index.lookup(&request.org, key).cloned()
            && let Some(path) = index.local_path(&existing)
        {
            claimed.insert(names::collision_key(&existing.file));
            if file_matches(&path, bytes, &sha256) {
                let archived_at = if existing.sha256 == sha256 {
                    existing.archived_at
                } else {
                    now
                };
                index.upsert(entry_for(&existing.file, archived_at));
                return Ok(PdfOutcome::Unchanged { file: path });
            }
            temp.commit(&path)
                .map_err(|source| PdfArchiveError::Write {
                    path: path.clone(),
                    source,
                })?;
            index.upsert(entry_for(&existing.file, now));
            return Ok(PdfOutcome::Saved {
                file: path,
                bytes,
                sha256: sha256.clone(),
            });
        }

        let stem = names::pdf_file_stem(request.org.as_str(), request.label());
        for n in 1..=MAX_NAME_SUFFIX {
            let name = names::with_suffix(&stem, n);
            let collision = names::collision_key(&name);
            if claimed.contains(&collision) || index.file_taken_by_other(&name, &request.org, key) {
                continue;
            }
            let path = self.dir.join(&name);
            if path.symlink_metadata().is_ok() {
                // A file no index entry claims (a run interrupted before the index was
                // written, or a copy placed by hand): adopt it if it is this very PDF.
                if file_matches(&path, bytes, &sha256) {
                    claimed.insert(collision);
                    index.upsert(entry_for(&name, now));
                    return Ok(PdfOutcome::Unchanged { file: path });
                }
                continue;
            }
            match temp.commit_new(&path) {
                Ok(()) => {
                    claimed.insert(collision);
                    index.upsert(entry_for(&name, now));
                    return Ok(PdfOutcome::Saved {
                        file: path,
                        bytes,
                        sha256: sha256.clone(),
                    });
                }
                // Appeared since the check (another program): try the next name.
                Err((error, file)) if error.kind() == io::ErrorKind::AlreadyExists => {
                    temp = file;
                }
                Err((source, _)) => {
                    return Err(PdfArchiveError::Write { path, source });
                }
            }
        }
        Err(PdfArchiveError::Write {
            path: self.dir.join(names::with_suffix(&stem, 1)),
            source: io::Error::new(
                io::ErrorKind::AlreadyExists,
                "too many files with this name already exist",
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_take_number_then_id_for_names_and_id_then_number_for_keys() {
        let org = OrgId::parse("acme").unwrap();
        let invoice = Invoice {
            id: Some("in_1".into()),
            number: Some("INV-1".into()),
            invoice_pdf: Some("https://pay.example.com/in_1.pdf".into()),
            ..Invoice::default()
        };
        let request = PdfRequest::from_invoice(&org, &invoice);
        assert_eq!(
            request.key(),
            Some("in_1"),
            "the index is keyed by the stable ID"
        );
        assert_eq!(request.label(), "INV-1", "people recognise the number");
        let only_number = PdfRequest {
            invoice_id: None,
            ..request.clone()
        };
        assert_eq!(only_number.key(), Some("INV-1"));
        let neither = PdfRequest {
            invoice_id: None,
            number: None,
            ..request
        };
        assert_eq!(neither.key(), None);
        assert_eq!(neither.label(), "");
    }
}
