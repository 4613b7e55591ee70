//! What the writers read: rows tagged with their organization, and the export's context.

use chrono::{DateTime, Utc};
use tokio_util::sync::CancellationToken;

use crate::dates::AgingScale;
use crate::ids::OrgId;
use crate::model::{Invoice, PaymentMethod};
use crate::query::{InvoiceQuery, OrgInvoice};

/// One invoice of an export and the organization it came from.
///
/// The writers take any iterator of rows, so the query's result can be streamed without
/// copying. Implemented for the query's [`OrgInvoice`], `(&OrgId, &Invoice)`,
/// `(OrgId, Invoice)` and references to rows.
pub trait InvoiceRecord {
    /// The organization the invoice belongs to.
    fn org(&self) -> &OrgId;
    /// The invoice.
    fn invoice(&self) -> &Invoice;
}

/// One payment method of an export and the organization it came from.
///
/// Implemented for `(&OrgId, &PaymentMethod)`, `(OrgId, PaymentMethod)` and references.
pub trait PaymentMethodRecord {
    /// The organization the method belongs to.
    fn org(&self) -> &OrgId;
    /// The payment method.
    fn method(&self) -> &PaymentMethod;
}

impl InvoiceRecord for OrgInvoice {
    fn org(&self) -> &OrgId {
        &self.org
    }
    fn invoice(&self) -> &Invoice {
        &self.invoice
    }
}

impl InvoiceRecord for (&OrgId, &Invoice) {
    fn org(&self) -> &OrgId {
        self.0
    }
    fn invoice(&self) -> &Invoice {
        self.1
    }
}

impl InvoiceRecord for (OrgId, Invoice) {
    fn org(&self) -> &OrgId {
        &self.0
    }
    fn invoice(&self) -> &Invoice {
        &self.1
    }
}

impl<T: InvoiceRecord + ?Sized> InvoiceRecord for &T {
    fn org(&self) -> &OrgId {
        (**self).org()
    }
    fn invoice(&self) -> &Invoice {
        (**self).invoice()
    }
}

impl PaymentMethodRecord for (&OrgId, &PaymentMethod) {
    fn org(&self) -> &OrgId {
        self.0
    }
    fn method(&self) -> &PaymentMethod {
        self.1
    }
}

impl PaymentMethodRecord for (OrgId, PaymentMethod) {
    fn org(&self) -> &OrgId {
        &self.0
    }
    fn method(&self) -> &PaymentMethod {
        &self.1
    }
}

impl<T: PaymentMethodRecord + ?Sized> PaymentMethodRecord for &T {
    fn org(&self) -> &OrgId {
        (**self).org()
    }
    fn method(&self) -> &PaymentMethod {
        (**self).method()
    }
}

/// When the tabular exports (CSV, XLSX) carry an `org` column.
///
/// The issue asks for "an `org` column first when there are several" organizations; a
/// single-organization export leaves it out. `Always` is there for callers that append
/// exports of different runs and need the same columns each time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrgColumn {
    /// Only when the export covers more than one organization (the default).
    #[default]
    WhenSeveral,
    /// In every export.
    Always,
}

/// Called with the number of rows handed to the writer so far (see
/// [`ExportContext::with_progress`]).
pub type ProgressHook<'a> = &'a (dyn Fn(u64) + Sync);

/// What every writer needs besides the rows: which organizations the export covers, and when
/// it is made.
///
/// `now` drives the derived columns (overdue, days overdue, aging, card state) and the
/// `generatedAt` stamps, so one export is consistent with itself and reproducible in tests.
#[derive(Clone, Copy)]
pub struct ExportContext<'a> {
    /// The organizations whose data is exported, in the order asked (failed ones excluded).
    pub organizations: &'a [OrgId],
    /// The moment of the export.
    pub now: DateTime<Utc>,
    /// When the tabular formats include the `org` column.
    pub org_column: OrgColumn,
    /// Cancels the export while its file is not yet in place (see [`ExportContext::with_cancel`]).
    cancel: Option<&'a CancellationToken>,
    /// See [`ExportContext::with_local_links`].
    local_links: bool,
    /// Hears how many rows were written (see [`ExportContext::with_progress`]).
    progress: Option<ProgressHook<'a>>,
    /// See [`ExportContext::with_query`].
    as_of: Option<DateTime<Utc>>,
    /// See [`ExportContext::with_query`].
    aging: &'a AgingScale,
}

/// The scale of a context that is given none.
static DEFAULT_AGING: std::sync::LazyLock<AgingScale> =
    std::sync::LazyLock::new(AgingScale::default);

impl std::fmt::Debug for ExportContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportContext")
            .field("organizations", &self.organizations)
            .field("now", &self.now)
            .field("org_column", &self.org_column)
            .field("cancelled", &self.is_cancelled())
            .field("local_links", &self.local_links)
            .field("progress", &self.progress.is_some())
            .field("as_of", &self.as_of)
            .field("aging", &self.aging.bounds())
            .finish()
    }
}

impl<'a> ExportContext<'a> {
    /// A context with the default [`OrgColumn::WhenSeveral`].
    pub fn new(organizations: &'a [OrgId], now: DateTime<Utc>) -> ExportContext<'a> {
        ExportContext {
            organizations,
            now,
            org_column: OrgColumn::default(),
            cancel: None,
            local_links: false,
            progress: None,
            as_of: None,
            aging: &DEFAULT_AGING,
        }
    }

    /// The aging buckets of this export.
    pub fn aging(&self) -> &'a AgingScale {
        self.aging
    }

    /// The same context for the rows of `query`: its "as of" time (overdue, days overdue,
    /// aging buckets and card states are computed then; `now` stays the export's time) and
    /// its aging buckets.
    pub fn with_query(self, query: &'a InvoiceQuery) -> ExportContext<'a> {
        ExportContext {
            as_of: query.as_of,
            aging: &query.aging,
            ..self
        }
    }

    /// The moment derived facts are computed at: the "as of" time, else `now`.
    pub fn facts_at(&self) -> DateTime<Utc> {
        self.as_of.unwrap_or(self.now)
    }

    /// The "as of" time, when the view has one.
    pub fn as_of(&self) -> Option<DateTime<Utc>> {
        self.as_of
    }

    /// The same context for data from the API at `api`: when the API is on this computer
    /// (the stub, the demo), its links to this computer or a private network may be
    /// clickable in an XLSX; from a remote API they stay plain text, since a remote server
    /// has no business pointing a finance user's spreadsheet at their own network.
    pub fn with_local_links(self, api: &url::Url) -> ExportContext<'a> {
        ExportContext {
            local_links: crate::link::is_loopback_host(api),
            ..self
        }
    }

    /// Whether local links may be hyperlinks (see [`ExportContext::with_local_links`]).
    pub fn local_links(&self) -> bool {
        self.local_links
    }

    /// The same context, cancelled by `cancel`: an export to a file checks it before the
    /// file is created, before each row it reads and each block it writes, and once more
    /// when its content is complete, just before it replaces the target; it then fails with
    /// [`super::ExportError::Cancelled`], its temp file removed and the target untouched. So
    /// a cancel stops a long export within a row or a block, not at its end. (A cancel
    /// arriving after that last check comes too late: the export completes.) Standard output
    /// is checked before the first byte only: what was printed cannot be taken back.
    pub fn with_cancel(self, cancel: &'a CancellationToken) -> ExportContext<'a> {
        ExportContext {
            cancel: Some(cancel),
            ..self
        }
    }

    /// The same context, telling `progress` how many rows (invoices, or payment methods for a
    /// payment-method export) were handed to the writer so far: every
    /// [`super::PROGRESS_EVERY`] rows, and once at the end with the total. It is called
    /// on the thread that writes, so it must be quick (send an event, store a number).
    pub fn with_progress(self, progress: ProgressHook<'a>) -> ExportContext<'a> {
        ExportContext {
            progress: Some(progress),
            ..self
        }
    }

    /// Tells the progress hook, if any, that `rows` rows were handed to the writer.
    pub(crate) fn report(&self, rows: u64) {
        if let Some(progress) = self.progress {
            progress(rows);
        }
    }

    /// Whether the export was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(CancellationToken::is_cancelled)
    }

    /// The same context with another `org` column policy.
    pub fn with_org_column(self, org_column: OrgColumn) -> ExportContext<'a> {
        ExportContext { org_column, ..self }
    }

    /// Whether CSV and XLSX include the `org` column.
    pub fn has_org_column(&self) -> bool {
        match self.org_column {
            OrgColumn::Always => true,
            OrgColumn::WhenSeveral => self.organizations.len() > 1,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn org_column_only_when_several_by_default() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let one = [OrgId::parse("a").unwrap()];
        let two = [OrgId::parse("a").unwrap(), OrgId::parse("b").unwrap()];
        assert!(
            !ExportContext::new(&one, now).has_org_column(),
            "one organization: no org column"
        );
        assert!(
            ExportContext::new(&two, now).has_org_column(),
            "several organizations: org column first"
        );
        assert!(
            ExportContext::new(&one, now)
                .with_org_column(OrgColumn::Always)
                .has_org_column(),
            "Always forces it"
        );
    }
}
