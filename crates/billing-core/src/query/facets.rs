//! The values a filter offers, taken from the rows rather than fixed: a status the API sends
//! that this version does not know must still be one the user can pick.

use std::collections::BTreeSet;

use crate::model::InvoiceStatus;

/// The statuses a status filter offers: the five known ones in lifecycle order, then every
/// other status among `statuses`, once each, ordered by their text.
///
/// Takes statuses rather than rows so a facet can be put together from facets already made
/// (those of each organization) as well as from rows.
pub fn status_facet<'a>(
    statuses: impl IntoIterator<Item = &'a InvoiceStatus>,
) -> Vec<InvoiceStatus> {
    // The derived order puts the known statuses first in lifecycle order and compares unknown
    // ones by their text, which is the order the facet promises.
    let unknown: BTreeSet<&InvoiceStatus> = statuses
        .into_iter()
        .filter(|status| !status.is_known())
        .collect();
    InvoiceStatus::KNOWN
        .into_iter()
        .chain(unknown.into_iter().cloned())
        .collect()
}
