//! Benchmark support for `scripts/bench-load.sh`: the desktop app's engine
//! ([`billing_core::desk::Desk`], what the window's commands call) over a list of
//! organizations on a running API, timing each phase and reporting its own peak memory.
//!
//! Usage: `desk_load <base-url> <orgs-file> <export.csv> <folder>`. The token is
//! `BDESK_TOKEN` (the stub started without a token accepts any). Settings, cache and data go
//! under `<folder>`, which must not exist yet and is left in place (removing 1,000 cache files
//! takes seconds on some file systems: not the desk's time); the keyring is an in-memory
//! store. Prints one line:
//! `orgs=… invoices=… fetch_s=… query_s=… export_s=… peak_rss_mib=…`, where `fetch_s` is
//! `Desk::fetch_orgs` over all of them with progress (responses cached on disk, as the app
//! does), `query_s` one `invoices_query` over all organizations (the first page of the table
//! with its totals), `export_s` `Desk::export` of every invoice to CSV, and `peak_rss_mib` the
//! process's `VmHWM` just before it exits (Linux; 0 elsewhere). `DESK_LOAD_CONCURRENCY` sets
//! the connection's parallel requests (the app's default when unset).

use std::error::Error;
use std::sync::Arc;
use std::time::Instant;

use billing_core::desk::{Desk, DeskConfig, ExportFormatArg, ExportOptions};
use billing_core::query::InvoiceQuery;
use billing_core::secret::ApiToken;
use billing_core::settings::{AppDirs, Connection, SavedOrg, Settings};
use billing_core::token_store::TokenStore;
use chrono::Utc;

const CONNECTION: &str = "Bench";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, orgs_file, export, folder] = &args[..] else {
        return Err("usage: desk_load <base-url> <orgs-file> <export.csv> <folder>".into());
    };
    let orgs: Vec<String> = std::fs::read_to_string(orgs_file)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();

    let root = std::path::Path::new(folder);
    if root.exists() {
        return Err(format!("{folder} exists already; give a new folder").into());
    }
    let dirs = AppDirs::new(root.join("config"), root.join("cache"), root.join("data"));
    let mut connection = Connection::new(CONNECTION, base_url)?;
    // The benchmark's stub listens on plain http on this computer.
    connection.allow_plain_http = true;
    if let Ok(text) = std::env::var("DESK_LOAD_CONCURRENCY") {
        connection.concurrency = Some(
            text.parse()
                .map_err(|_| format!("DESK_LOAD_CONCURRENCY is a number, not {text:?}"))?,
        );
    }
    connection.organizations = orgs
        .iter()
        .map(|id| SavedOrg {
            org_id: id.clone(),
            label: None,
        })
        .collect();
    let mut settings = Settings::default();
    settings.add_connection(connection)?;
    dirs.settings_store().save(&settings)?;
    let tokens = TokenStore::with_store(keyring_core::mock::Store::new()?);
    let token = std::env::var("BDESK_TOKEN").unwrap_or_else(|_| "bench-token".to_owned());
    let origin = billing_core::link::origin_text(&billing_core::link::validate_base_url(
        &settings.connections[0].base_url,
    )?);
    tokens.set(
        CONNECTION,
        &origin,
        &ApiToken::new(token).ok_or("BDESK_TOKEN is empty")?,
    )?;
    let desk = Desk::open(DeskConfig {
        dirs,
        tokens,
        demo: None,
        clock: Arc::new(Utc::now),
    })
    .await;
    desk.ready().await;

    let start = Instant::now();
    let mut reports = 0;
    let statuses = desk.fetch_orgs(None, false, |_| reports += 1).await?;
    let fetch_s = start.elapsed().as_secs_f64();
    if let Some(failed) = statuses.iter().find(|s| s.error.is_some()) {
        return Err(format!("{} failed: {:?}", failed.org_id, failed.error).into());
    }

    let start = Instant::now();
    let page = desk
        .invoices_query(&InvoiceQuery::default(), Utc::now())
        .await;
    let query_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let done = desk
        .export(
            &InvoiceQuery::default(),
            ExportOptions {
                format: ExportFormatArg::Csv,
                manifest: false,
                allow_incomplete: false,
            },
            std::path::Path::new(export),
            Utc::now(),
            |_| {},
        )
        .await?;
    let export_s = start.elapsed().as_secs_f64();
    if done.rows != page.loaded {
        return Err(format!("exported {} of {} invoices", done.rows, page.loaded).into());
    }
    println!(
        "orgs={} invoices={} progress_reports={reports} fetch_s={fetch_s:.3} query_s={query_s:.3} \
         export_s={export_s:.3} peak_rss_mib={:.1}",
        statuses.len(),
        page.loaded,
        peak_rss_kib() as f64 / 1024.0
    );
    Ok(())
}

/// This process's peak resident set size so far, in KiB (`VmHWM`; 0 when unknown).
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}
