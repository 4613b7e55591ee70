//! The desktop app's engine, without Tauri: what the window's commands call.
//!
//! The Tauri shell (`src-tauri/`) is a thin layer over [`Desk`], so everything here is
//! tested against the real stub without a window. The types the UI receives are generated to
//! `ui/src/bindings/` by ts-rs.
//!
//! [`Desk`] ([`app`]) holds parts that own their state, each in its own file, and its
//! commands are grouped by task in files that use those parts (never each other's fields):
//! - parts: `settings_editor` (the settings file: read once, edited on disk, never
//!   overwritten when unreadable), [`session::Session`] (one data source's loaded data; a
//!   fetch already in flight is joined, batches report progress and can be cancelled),
//!   [`demo_source`] (the in-process demo service and its organization list), [`archive`]
//!   (the PDF archive indexes of the source on screen), `runs` (one export and one PDF
//!   download at a time);
//! - under a session: [`table::OrgTable`] (per-organization data with generations, so an
//!   older response never overwrites a newer one), [`cache::FetchCache`] (the last response
//!   per organization on disk: owner-only, atomic, hashed names, never the token) and
//!   [`select`] (the rows a query runs over, and the page the invoice table receives);
//! - commands by task: `data` (fetches and the table's queries), [`connections`],
//!   [`links`] (validated links and the archived-PDF fallback), [`export`] (the export of
//!   the current view, which first asks about organizations that failed, are loading or show
//!   older data: `completeness`), [`files`] (PDF downloads), `archive_folders`,
//!   [`history`], [`views`], [`diagnostics`];
//! - [`error`]: [`ErrorCode`] / [`CommandError`], the `{code, message}` the UI branches on.

pub mod app;
pub mod archive;
mod archive_folders;
pub mod cache;
pub mod changes_export;
mod completeness;
pub mod connections;
mod data;
pub mod demo_source;
pub mod diagnostics;
pub mod error;
mod error_code;
pub mod export;
pub mod files;
pub mod history;
pub mod links;
pub mod orgs_text;
pub mod outcomes;
mod recent_errors;
mod runs;
pub mod select;
pub mod session;
mod settings_editor;
pub mod status;
pub mod table;
pub mod view;
pub mod views;

pub use app::{Desk, DeskConfig, DeskInfo};
pub use archive::DEFAULT_PDF_DIR;
pub use cache::{CachedResponse, FetchCache};
pub use changes_export::ChangesExported;
pub use connections::token_from_input;
pub use demo_source::{DEMO_ORGS, DemoEndpoint, DemoLauncher, demo_orgs, demo_token};
pub use diagnostics::{About, AboutFolder, Build, FolderKind};
pub use error::{Classified, CommandError, DeskError, ErrorCode};
pub use export::ExportOptions;
pub use history::{ChangesFilter, ChangesSort, ChangesView, ExportEntry, MAX_CHANGE_ROWS};
pub use orgs_text::{PastedOrgs, parse_pasted_orgs};
pub use outcomes::{
    ConnectionInfo, ConnectionTest, ConnectionUpdated, ExportDone, ExportFormatArg, ExportProgress,
    OpenOutcome, OpenTarget, OrgsAdded, PdfDownloadOutcome, TokenState, TokenStatus,
};
pub use recent_errors::{RECENT_ERRORS, RecentError, recent_errors};
pub use session::{Clock, Session, SharedFetch, SourceKind};
pub use status::{OrgState, OrgStatus};
pub use table::{DataOrigin, LoadOutcome, OrgData, OrgTable, Ticket};
pub use view::{InvoicePage, InvoiceRow, PaymentMethodRow};
