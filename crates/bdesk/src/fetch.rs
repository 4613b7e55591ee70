//! Fetching the organizations of a command: bounded concurrency, a progress bar on a terminal,
//! Ctrl-C, and the rule that any failure stops the command unless `--keep-going`.

use std::collections::HashMap;
use std::io::IsTerminal;

use billing_core::batch::{BatchOptions, OrgResult, fetch_batch};
use billing_core::client::ApiError;
use billing_core::desk::Classified;
use billing_core::export::{AnswerOrigin, FailedOrganization, OrgSource};
use billing_core::ids::OrgId;
use billing_core::model::BillingDetails;
use billing_core::query::InvoiceQuery;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::{BatchArgs, FilterArgs, SourceArgs};
use crate::exit::{CliError, Exit};
use crate::source::Source;

/// Default organizations fetched at once.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// What a batch gave: the organizations that worked, in the order asked, and the failures.
#[derive(Debug)]
pub struct Fetched {
    /// Organizations and their data, in input order.
    pub ok: Vec<(OrgId, BillingDetails)>,
    /// Organizations that failed, in input order.
    pub failed: Vec<(OrgId, ApiError)>,
    /// When each organization's answer arrived.
    pub answered_at: HashMap<OrgId, DateTime<Utc>>,
}

impl Fetched {
    /// The failures in the manifest's shape.
    pub fn failed_for_manifest(&self) -> Vec<FailedOrganization> {
        self.failed
            .iter()
            .map(|(org, error)| FailedOrganization {
                org: org.clone(),
                code: error.error_code().name().to_owned(),
                message: error.to_string(),
            })
            .collect()
    }

    /// The answer each organization that worked comes from, in the manifest's shape: all
    /// fetched in this run.
    pub fn sources_for_manifest(&self) -> Vec<OrgSource> {
        self.ok
            .iter()
            .filter_map(|(org, _)| {
                Some(OrgSource {
                    org: org.clone(),
                    fetched_at: *self.answered_at.get(org)?,
                    origin: AnswerOrigin::Live,
                })
            })
            .collect()
    }

    /// The organizations that worked.
    pub fn ok_orgs(&self) -> Vec<OrgId> {
        self.ok.iter().map(|(org, _)| org.clone()).collect()
    }

    /// The exit code of a run that went on despite failures: 0 without failures, else 6.
    pub fn exit(&self) -> Exit {
        if self.failed.is_empty() {
            Exit::Ok
        } else {
            Exit::Partial
        }
    }
}

/// The concurrency to use: `--concurrency`, else the connection's, else 8.
pub fn concurrency(args: &BatchArgs, source: &Source) -> usize {
    args.concurrency
        .map(usize::from)
        .or_else(|| source.concurrency.and_then(|c| usize::try_from(c).ok()))
        .unwrap_or(DEFAULT_CONCURRENCY)
}

/// What the commands over invoices start with: the query of `filters` with the saved view
/// it names applied, the source, and the organizations fetched. The query ages invoices with
/// the source's aging buckets.
///
/// # Errors
/// A refused filter, view or organization list, an unusable source, or see [`fetch`].
pub async fn query_and_fetch(
    source_args: &SourceArgs,
    batch: &BatchArgs,
    filters: &FilterArgs,
    now: DateTime<Utc>,
) -> Result<(InvoiceQuery, Source, Fetched), CliError> {
    let query = crate::filters::query(filters)?;
    let orgs = crate::orgs::collect(batch)?;
    let (mut query, orgs) =
        crate::views::apply(filters.view.as_deref(), source_args, query, orgs, now)?;
    let source = crate::source::open(source_args, now).await?;
    query.aging = source.aging.clone();
    let fetched = fetch(&source, orgs, concurrency(batch, &source), batch.keep_going).await?;
    Ok((query, source, fetched))
}

/// Fetches every organization (the source's saved ones when `orgs` is empty, see
/// [`crate::orgs::or_saved`]), then applies the failure rule: every failure is printed on
/// standard error (one line each); without `keep_going` any failure is an error (so nothing
/// is written), with it the rest is returned unless nothing worked.
///
/// # Errors
/// The first failure's exit code (130 after Ctrl-C) with a closing line saying nothing was
/// written; a usage error when no organization is given and none is saved.
pub async fn fetch(
    source: &Source,
    orgs: Vec<OrgId>,
    concurrency: usize,
    keep_going: bool,
) -> Result<Fetched, CliError> {
    let orgs = crate::orgs::or_saved(orgs, source)?;
    let total = orgs.len();
    let bar = progress_bar(total);
    let cancel = crate::interrupt::token();
    let bar_for_progress = bar.clone();
    let mut answered_at = HashMap::with_capacity(total);
    let answers = &mut answered_at;
    let results = fetch_batch(
        &source.client,
        orgs,
        BatchOptions { concurrency },
        move |progress, org: &OrgId| {
            // The manifest says when each answer arrived: a fact of this moment, like the
            // answer itself, so it is read here rather than passed in with `now`.
            answers.insert(org.clone(), Utc::now());
            bar_for_progress.set_position(progress.done as u64);
            if progress.failed > 0 {
                bar_for_progress.set_message(format!("{} failed", progress.failed));
            }
        },
        cancel.clone(),
    )
    .await;
    bar.finish_and_clear();

    let mut fetched = Fetched {
        ok: Vec::with_capacity(total),
        failed: Vec::new(),
        answered_at,
    };
    for OrgResult { org, result } in results {
        match result {
            Ok(details) => fetched.ok.push((org, details)),
            Err(error) => fetched.failed.push((org, error)),
        }
    }
    if cancel.is_cancelled() {
        return Err(CliError::new(
            Exit::Interrupted,
            "Interrupted; nothing was written.",
        ));
    }
    if fetched.failed.is_empty() {
        return Ok(fetched);
    }
    for (org, error) in &fetched.failed {
        eprintln!("bdesk: {}", CliError::for_org(org, error));
    }
    let first_exit = fetched
        .failed
        .first()
        .map_or(Exit::Api, |(_, error)| Exit::for_api(error));
    let failed = fetched.failed.len();
    if !keep_going {
        return Err(CliError::new(
            first_exit,
            format!(
                "{failed} of {total} organizations failed, so nothing was written. Fix the \
                 problem above, or rerun with --keep-going to use the others."
            ),
        ));
    }
    if fetched.ok.is_empty() {
        return Err(CliError::new(
            first_exit,
            format!("All {total} organizations failed, so nothing was written."),
        ));
    }
    tracing::info!(failed, total, "going on without the failed organizations");
    Ok(fetched)
}

/// A bar on standard error when it is a terminal and there is more than one organization;
/// hidden otherwise, so logs and pipes stay clean.
fn progress_bar(total: usize) -> ProgressBar {
    if total < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {pos}/{len} organizations {wide_bar} {elapsed} {msg}",
    ) {
        bar.set_style(style);
    }
    bar
}
