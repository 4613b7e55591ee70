//! The desktop app's session logic, without Tauri: what the window's commands call.
//!
//! The Tauri shell (`src-tauri/`) is a thin layer over [`Desk`], so everything here is
//! tested against the real stub without a window. The types the UI receives are generated to
//! `ui/src/bindings/` by ts-rs.
//!
//! - [`Desk`] ([`app`]): settings, the active source (a connection or the in-process demo),
//!   queries over the loaded organizations.
//! - [`session::Session`]: one source's loaded data; a fetch of an organization already in
//!   flight is joined, batches report progress and can be cancelled.
//! - [`table::OrgTable`]: per-organization data with generations, so an older response never
//!   overwrites a newer one.
//! - [`cache::FetchCache`]: the last response per organization on disk (owner-only, atomic,
//!   hashed names, never the token).
//! - [`select`]: the invoice page (rows with overdue, aging, currency exponents) and the
//!   payment-method rows; [`links`]: validated links and the archived-PDF fallback;
//!   [`export`]: the export of the current view, which first asks about organizations that
//!   failed, are loading or show older data (`completeness`), with progress and cancel
//!   (`runs`: one export and one PDF download at a time); [`files`]: PDF downloads.
//! - [`error`]: [`ErrorCode`] / [`CommandError`], the `{code, message}` the UI branches on.

pub mod app;
pub mod archive;
pub mod cache;
pub mod changes_export;
mod completeness;
pub mod connections;
pub mod demo;
pub mod diagnostics;
pub mod error;
mod error_code;
pub mod export;
pub mod files;
pub mod history;
pub mod links;
mod orders;
pub mod orgs_text;
pub mod outcomes;
mod recent_errors;
mod runs;
pub mod select;
pub mod session;
pub mod status;
pub mod table;
pub mod view;
pub mod views;

pub use app::{Desk, DeskConfig, DeskInfo};
pub use archive::DEFAULT_PDF_DIR;
pub use cache::{CachedResponse, FetchCache};
pub use changes_export::ChangesExported;
pub use connections::token_from_input;
pub use demo::{DEMO_ORGS, DemoEndpoint, DemoLauncher, demo_orgs, demo_token};
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
