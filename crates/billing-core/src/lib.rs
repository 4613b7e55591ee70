//! Billing Desk's core: everything that is not GUI.
//!
//! The desktop shell (`src-tauri/`), the `bdesk` command line and the tests all sit on this
//! crate, so each behaviour (what an amount looks like, what "overdue" means, where a token may
//! be sent) is written once. Nothing here depends on Tauri or a display.
//!
//! Time is always passed in (`now: DateTime<Utc>`) rather than read inside logic, so every
//! derived fact is reproducible in tests.

pub mod batch;
pub mod client;
pub mod crash_report;
pub mod dates;
pub mod desk;
pub mod durable_file;
pub mod export;
pub mod fields;
pub mod history;
pub mod ids;
pub mod link;
pub mod log_files;
pub mod model;
pub mod money;
mod parallel;
pub mod pdf_archive;
pub mod private_file;
pub mod process_guard;
pub mod progress;
pub mod query;
pub mod retry;
pub mod secret;
pub mod settings;
mod stale_temp;
pub mod sync;
pub mod text;
pub mod token_source;
pub mod token_store;
pub mod updates;
