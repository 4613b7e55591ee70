//! The core's integration tests, one module per area, in one test binary: each binary links
//! the whole HTTP, XLSX and keyring stack, so one binary instead of thirty saves CI minutes
//! and gigabytes. The tests that need a process of their own (a global log subscriber, a
//! panic hook, a D-Bus environment per child) stay in `tests/*.rs` beside this folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod client_common;
mod desk_common;
mod export_common;

mod batch_stub;
mod client_limits;
mod client_retry;
mod client_stub;
mod desk_archive;
mod desk_cache;
mod desk_connections;
mod desk_crash;
mod desk_export;
mod desk_facets;
mod desk_fetch;
mod desk_history;
mod desk_load;
mod desk_view;
mod desk_views;
mod export_files;
mod export_golden;
mod export_large;
mod export_xlsx;
mod faults;
mod fuzz_regressions;
mod history_changes_props;
mod history_log;
mod model_decode;
mod model_money_props;
mod model_stream;
mod pdf_archive_stub;
mod query_as_of;
mod query_props;
mod query_run;
mod settings_edits;
mod settings_store;
mod settings_views;
