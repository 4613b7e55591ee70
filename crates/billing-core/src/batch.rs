//! Fetching many organizations at once, with bounded concurrency, progress and cancellation.
//!
//! Each organization gets its own result: one failure never loses the others. Results come
//! back in input order whatever order the fetches finish in. Cancelling ends the fetches in
//! flight (their requests are dropped) and marks every unfinished organization
//! [`ApiError::Cancelled`] without starting it.

use futures_util::StreamExt;
use futures_util::stream;
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::client::{ApiError, BillingClient};
use crate::ids::OrgId;
use crate::model::BillingDetails;

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

/// Where a batch stands, reported after each organization finishes (successfully, with an
/// error, or cancelled).
///
/// Invariants: `failed <= done <= total`; `done` grows by one per report and the last
/// report has `done == total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BatchProgress {
    /// Organizations finished, failures included.
    pub done: usize,
    /// Of those, how many failed (cancelled ones included).
    pub failed: usize,
    /// Organizations in the batch.
    pub total: usize,
    /// The organization that just finished.
    pub last: OrgId,
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
/// `progress` is called once per organization as it finishes, from the task awaiting this
/// function. `cancel` stops the batch: fetches in flight are abandoned and every
/// organization not yet finished gets [`ApiError::Cancelled`] (and a progress report), so
/// the function returns promptly with one result per input.
///
/// Returns one [`OrgResult`] per input, in input order (duplicates included).
pub async fn fetch_batch(
    client: &BillingClient,
    orgs: Vec<OrgId>,
    opts: BatchOptions,
    mut progress: impl FnMut(BatchProgress) + Send,
    cancel: CancellationToken,
) -> Vec<OrgResult> {
    let total = orgs.len();
    let mut results: Vec<Option<Result<BillingDetails, ApiError>>> = vec![None; total];
    let cancel = &cancel;
    {
        let fetches = stream::iter(orgs.iter().enumerate())
            .map(|(index, org)| async move {
                let result = tokio::select! {
                    // Checked first so a cancelled batch starts nothing new.
                    biased;
                    () = cancel.cancelled() => Err(ApiError::Cancelled),
                    result = client.billing_details(org) => result,
                };
                (index, result)
            })
            .buffer_unordered(opts.concurrency.max(1));
        futures_util::pin_mut!(fetches);

        let (mut done, mut failed) = (0, 0);
        while let Some((index, result)) = fetches.next().await {
            done += 1;
            if result.is_err() {
                failed += 1;
            }
            if let Some(org) = orgs.get(index) {
                progress(BatchProgress {
                    done,
                    failed,
                    total,
                    last: org.clone(),
                });
            }
            if let Some(slot) = results.get_mut(index) {
                *slot = Some(result);
            }
        }
    }

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

    #[test]
    fn progress_serializes_in_camel_case_for_the_ui() {
        let progress = BatchProgress {
            done: 3,
            failed: 1,
            total: 10,
            last: OrgId::parse("acme").unwrap(),
        };
        let json = serde_json::to_value(&progress).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"done": 3, "failed": 1, "total": 10, "last": "acme"})
        );
    }
}
