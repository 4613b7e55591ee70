//! The app's commands, one small file each. See the crate docs for how to add one.

pub mod app_info;
pub mod connection_add;
pub mod connection_remove;
pub mod connection_test;
pub mod connection_use;
pub mod export_invoices;
pub mod fetch_cancel;
pub mod fetch_orgs;
pub mod first_rows_shown;
pub mod invoice_link;
pub mod invoice_open;
pub mod invoices_query;
pub mod names;
pub mod org_label;
pub mod org_remove;
pub mod orgs_add;
pub mod orgs_list;
pub mod payment_methods;
pub mod pdfs_cancel;
pub mod pdfs_download;
pub mod prefs_set;
pub mod settings_get;
pub mod token_clear;
pub mod token_set;
pub mod token_status;
