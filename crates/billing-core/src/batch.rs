//! Fetching many organizations at once, with bounded concurrency, progress and cancellation.
//!
//! Each organization gets its own result: one failure never loses the others. Results come
//! back in input order whatever order the fetches finish in. Cancelling ends the fetches in
//! flight (their requests are dropped) and marks every unfinished organization
//! [`ApiError::Cancelled`] without starting it.

use tokio_util::sync::CancellationToken;

use crate::client::{ApiError, BillingClient};
use crate::ids::OrgId;
use crate::model::BillingDetails;
use crate::progress::{Progress, Tally, run_bounded};

/// Default number of organizations fetched at the same time.
pub const DEFAULT_CONCURRENCY: usize = 8;

/// How a batch runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// Most fetches in flight at once. Default [`DEFAULT_CONCURRENCY`]; 0 is treated as 1.
    pub concurrency: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
        }
    }
}

/// One organization's outcome.
#[derive(Debug, Clone)]
pub struct OrgResult {
    /// The organization, as given.
    pub org: OrgId,
    /// Its billing details, or why they could not be fetched.
    pub result: Result<BillingDetails, ApiError>,
}

/// Fetches every organization in `orgs`, at most `opts.concurrency` at a time.
///
/// `progress` is called once per organization as it finishes, with the organization, from
/// the task awaiting this function. `cancel` stops the batch: fetches in flight are abandoned
/// and every organization not yet finished gets [`ApiError::Cancelled`] (and a progress
/// report), so the function returns promptly with one result per input.
///
/// Returns one [`OrgResult`] per input, in input order (duplicates included).
pub async fn fetch_batch(
    client: &BillingClient,
    orgs: Vec<OrgId>,
    opts: BatchOptions,
    mut progress: impl FnMut(Progress, &OrgId) + Send,
    cancel: CancellationToken,
) -> Vec<OrgResult> {
    let total = orgs.len();
    let mut results: Vec<Option<Result<BillingDetails, ApiError>>> = vec![None; total];
    let cancel = &cancel;
    let fetches = orgs.iter().enumerate().map(|(index, org)| async move {
        let result = tokio::select! {
            // Checked first so a cancelled batch starts nothing new.
            biased;
            () = cancel.cancelled() => Err(ApiError::Cancelled),
            result = client.billing_details(org) => result,
        };
        (index, result)
    });
    let mut tally = Tally::new(total);
    run_bounded(fetches, opts.concurrency, |(index, result)| {
        let reported = tally.finish(result.is_err());
        if let Some(org) = orgs.get(index) {
            progress(reported, org);
        }
        if let Some(slot) = results.get_mut(index) {
            *slot = Some(result);
        }
    })
    .await;

    orgs.into_iter()
        .zip(results)
        .map(|(org, result)| OrgResult {
            org,
            // Every index is filled above; the fallback only keeps this free of panics.
            result: result.unwrap_or(Err(ApiError::Cancelled)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_concurrency_is_eight() {
        assert_eq!(BatchOptions::default().concurrency, 8);
    }
}
