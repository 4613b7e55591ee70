//! The desktop app's session logic, without Tauri: what the window's commands call.
//!
//! The Tauri shell (`src-tauri/`) is a thin layer over this module, so everything here is
//! tested against the real stub without a window. The types the UI receives are generated to
//! `ui/src/bindings/` by ts-rs.

pub mod error;
pub mod outcomes;
pub mod status;
pub mod view;

pub use error::{CommandError, ErrorCode};
pub use outcomes::{
    ConnectionTest, ExportDone, ExportFormatArg, FetchProgress, OpenOutcome, OpenTarget, OrgsAdded,
    PdfDownloadOutcome, PdfProgress, TokenStatus,
};
pub use status::{OrgState, OrgStatus};
pub use view::{InvoicePage, InvoiceRow, PaymentMethodRow};
