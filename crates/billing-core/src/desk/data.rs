//! The loaded data of the source on screen: fetching its organizations and the queries the
//! window makes over them.

use chrono::{DateTime, Utc};

use super::app::Desk;
use super::archive::has_archived_copy;
use super::error::DeskError;
use super::select::{self, Selection};
use super::session::{Session, SourceKind};
use super::status::OrgStatus;
use super::view::{InvoicePage, PaymentMethodRow};
use crate::ids::OrgId;
use crate::progress::Progress;
use crate::query::InvoiceQuery;

impl Desk {
    /// The organization list with each one's state.
    pub async fn org_statuses(&self) -> Vec<OrgStatus> {
        self.ready().await;
        let session = self.session();
        let orgs = self.orgs_of(&session);
        session.with_table(|t| {
            orgs.into_iter()
                .filter_map(|o| Some(t.status(&OrgId::parse(&o.org_id).ok()?, o.label)))
                .collect()
        })
    }

    /// Fetches `orgs` (all of the list when `None`), see [`Session::fetch_many`], and
    /// returns their states.
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`] for an ID that is not one (nothing is fetched).
    pub async fn fetch_orgs(
        &self,
        orgs: Option<&[String]>,
        force: bool,
        progress: impl FnMut(Progress) + Send,
    ) -> Result<Vec<OrgStatus>, DeskError> {
        self.ready().await;
        let session = self.session();
        let wanted: Vec<OrgId> = match orgs {
            Some(ids) => {
                // A pasted list can hold thousands: look each up in a set, not the list.
                let saved: std::collections::HashSet<OrgId> =
                    self.org_ids_of(&session).into_iter().collect();
                ids.iter()
                    .map(|id| {
                        let org = OrgId::parse(id)?;
                        if saved.contains(&org) {
                            Ok(org)
                        } else {
                            Err(DeskError::OrgNotSaved { org })
                        }
                    })
                    .collect::<Result<_, DeskError>>()?
            }
            None => self.org_ids_of(&session),
        };
        self.load_missing_token(&session).await?;
        session.fetch_many(wanted.clone(), force, progress).await;
        let labels = self.labels();
        Ok(session.with_table(|t| {
            wanted
                .iter()
                .map(|org| t.status(org, labels.get(org).cloned().flatten()))
                .collect()
        }))
    }

    /// Reads the keyring again when the session opened without a token: the keyring may have
    /// been locked at start-up and unlocked since. A keyring that still fails is reported as
    /// such (code `keyring`), not as a missing token, so the user knows what to fix.
    async fn load_missing_token(&self, session: &Session) -> Result<(), DeskError> {
        let SourceKind::Connection(name) = session.kind() else {
            return Ok(());
        };
        if session.has_client() {
            return Ok(());
        }
        let origin = crate::link::origin_text(session.base_url());
        let token = self.tokens().get_async(name, &origin).await?;
        if token.is_some() {
            self.refresh_client(name, token)?;
        }
        Ok(())
    }

    /// Cancels the fetches running now.
    pub fn fetch_cancel(&self) {
        self.session().cancel();
    }

    /// The loaded data of `orgs` (`None`: every organization of the list); organizations
    /// that are not in the list are left out.
    pub fn selection(&self, orgs: Option<&[OrgId]>) -> Selection {
        let session = self.session();
        session.select(&self.saved_of(&session, orgs))
    }

    /// `orgs` without those that are not in `session`'s list (`None`: the whole list). Data
    /// of anything else is never read: the window asks only for saved organizations.
    pub(super) fn saved_of(&self, session: &Session, orgs: Option<&[OrgId]>) -> Vec<OrgId> {
        let saved = self.org_ids_of(session);
        match orgs {
            Some(orgs) => orgs
                .iter()
                .filter(|org| saved.contains(org))
                .cloned()
                .collect(),
            None => saved,
        }
    }

    /// One page of the invoice table (see [`select::invoice_page`]).
    ///
    /// The rows are put together, filtered and sorted on a blocking thread: at 100k rows that
    /// is CPU work that would otherwise hold an async worker, and with it the fetches and
    /// progress events of a running batch.
    pub async fn invoices_query(&self, query: &InvoiceQuery, now: DateTime<Utc>) -> InvoicePage {
        self.ready().await;
        let session = self.session();
        let orgs = self.saved_of(&session, query.orgs.as_deref());
        let run = {
            let mut query = query.clone();
            query.aging = self.aging_scale();
            move || {
                let selection = session.select(&orgs);
                let result = select::run_over(&selection, &query, now);
                (selection, result, query)
            }
        };
        let (selection, result, query) = match tokio::task::spawn_blocking(run.clone()).await {
            Ok(done) => done,
            // A panic in the query stays a panic, as when it ran here.
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            // The blocking pool is shutting down: run it here.
            Err(_) => run(),
        };
        let labels = self.labels();
        self.with_archives(|archives| {
            select::invoice_page(
                &selection,
                result,
                &labels,
                |org, invoice| has_archived_copy(archives, org, invoice),
                query.facts_at(now),
                &query.aging,
            )
        })
    }

    /// The payment methods of `org` (`None`: every loaded organization).
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`].
    pub async fn payment_methods(
        &self,
        org: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Vec<PaymentMethodRow>, DeskError> {
        self.ready().await;
        let selection = match org {
            Some(org) => self.selection(Some(&[OrgId::parse(org)?])),
            None => self.selection(None),
        };
        Ok(select::payment_method_rows(&selection, &self.labels(), now))
    }
}
