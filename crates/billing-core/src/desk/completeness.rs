//! How complete a view's data is: which of its organizations failed, are still loading, were
//! never loaded, or show an older answer. An export asks the user about these before it
//! writes, and its manifest records them with the answer each organization's rows come from.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::select::Selection;
use super::session::Session;
use super::status::{OrgState, OrgStatus};
use super::table::DataOrigin;
use crate::export::{AnswerOrigin, FailedOrganization, OrgSource, StaleOrganization, StaleReason};
use crate::ids::OrgId;

/// The state of each organization of a view, read at one moment, in the view's order.
#[derive(Debug, Clone)]
pub(super) struct ViewStates {
    statuses: Vec<OrgStatus>,
}

/// Where an export's rows come from, as its manifest records it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Provenance {
    /// Organizations of the view with no rows in the export.
    pub failed: Vec<FailedOrganization>,
    /// Organizations whose rows come from an older answer.
    pub stale: Vec<StaleOrganization>,
    /// Every organization with rows, and the answer they come from.
    pub sources: Vec<OrgSource>,
}

impl ViewStates {
    /// The states of `orgs` in `session` now, labelled from `labels`.
    pub(super) fn read(
        session: &Session,
        orgs: &[OrgId],
        labels: &HashMap<OrgId, Option<String>>,
    ) -> ViewStates {
        let statuses = session.with_table(|table| {
            orgs.iter()
                .map(|org| table.status(org, labels.get(org).cloned().flatten()))
                .collect()
        });
        ViewStates { statuses }
    }

    /// The organizations an export of the view would leave out or take from an older answer:
    /// every one that is not [`OrgState::Fresh`], in the view's order.
    pub(super) fn shortfalls(&self) -> impl Iterator<Item = &OrgStatus> {
        self.statuses.iter().filter(|s| s.state != OrgState::Fresh)
    }

    /// Where the rows of `selection` (the view's data, read just before these states) come
    /// from, and what of the view is missing from them or old.
    pub(super) fn provenance(&self, selection: &Selection) -> Provenance {
        let answers: HashMap<&OrgId, (DateTime<Utc>, DataOrigin)> = selection
            .answers
            .iter()
            .map(|(org, fetched_at, origin)| (org, (*fetched_at, *origin)))
            .collect();
        let mut provenance = Provenance {
            sources: selection
                .answers
                .iter()
                .map(|(org, fetched_at, origin)| OrgSource {
                    org: org.clone(),
                    fetched_at: *fetched_at,
                    origin: answer_origin(*origin),
                })
                .collect(),
            ..Provenance::default()
        };
        let mut seen = HashSet::new();
        for status in &self.statuses {
            if !seen.insert(&status.org_id) {
                continue;
            }
            match answers.get(&status.org_id) {
                Some(&(fetched_at, origin)) => {
                    if let Some(reason) = stale_reason(status.state, origin) {
                        provenance.stale.push(StaleOrganization {
                            org: status.org_id.clone(),
                            fetched_at,
                            reason,
                        });
                    }
                }
                None => provenance.failed.push(left_out(status)),
            }
        }
        provenance
    }
}

fn answer_origin(origin: DataOrigin) -> AnswerOrigin {
    match origin {
        DataOrigin::Fetched => AnswerOrigin::Live,
        DataOrigin::Cache => AnswerOrigin::Cache,
    }
}

/// Why rows of an organization in `state`, from an answer of `origin`, are older than a fresh
/// fetch; `None` when they are that fresh fetch.
fn stale_reason(state: OrgState, origin: DataOrigin) -> Option<StaleReason> {
    match (state, origin) {
        (OrgState::Failed, _) => Some(StaleReason::RefreshFailed),
        (OrgState::Loading, _) => Some(StaleReason::Refreshing),
        (_, DataOrigin::Cache) => Some(StaleReason::Cached),
        (_, DataOrigin::Fetched) => None,
    }
}

/// The manifest's entry for an organization of the view with no rows in the export.
fn left_out(status: &OrgStatus) -> FailedOrganization {
    let (code, message) = match (&status.error, status.state) {
        (Some(error), OrgState::Failed) => (error.code.name().to_owned(), error.message.clone()),
        (_, OrgState::Loading) => (
            "loading".to_owned(),
            "Its first fetch was still running when the export was made.".to_owned(),
        ),
        _ => (
            "notLoaded".to_owned(),
            "It was not loaded when the export was made.".to_owned(),
        ),
    };
    FailedOrganization {
        org: status.org_id.clone(),
        code,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_or_running_refresh_makes_even_live_rows_stale_and_cache_is_always_stale() {
        use DataOrigin::{Cache, Fetched};
        use OrgState::{Cached, Failed, Fresh, Loading};
        assert_eq!(
            stale_reason(Fresh, Fetched),
            None,
            "fresh rows are not stale"
        );
        assert_eq!(stale_reason(Cached, Cache), Some(StaleReason::Cached));
        assert_eq!(
            stale_reason(Failed, Fetched),
            Some(StaleReason::RefreshFailed)
        );
        assert_eq!(
            stale_reason(Failed, Cache),
            Some(StaleReason::RefreshFailed)
        );
        assert_eq!(stale_reason(Loading, Cache), Some(StaleReason::Refreshing));
        assert_eq!(
            stale_reason(Fresh, Cache),
            Some(StaleReason::Cached),
            "rows read from the cache are stale whatever the state read a moment later"
        );
    }
}
