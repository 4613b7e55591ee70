//! Fixtures and golden-file helpers shared by the export tests.
//!
//! The fixture is two organizations' API bodies (`tests/core/fixtures/export/org_*.json`), decoded
//! with the real decoder so the exports see exactly what a fetch produces. Goldens live next
//! to them; set `UPDATE_GOLDEN=1` to rewrite them deliberately, then review the diff.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use billing_core::ids::OrgId;
use billing_core::model::{BillingDetails, PaymentMethod, decode_billing_details};
use billing_core::query::{InvoiceQuery, OrgInvoice, QueryResult, run_query};
use chrono::{DateTime, Utc};

/// The moment every fixture export is made.
pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2024-06-15T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// `tests/core/fixtures/export/`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/core/fixtures/export")
}

/// Both organizations' data, as a fetch would give it.
#[derive(Debug)]
pub struct Fixture {
    /// `org_alpha`, `org_beta`.
    pub orgs: Vec<OrgId>,
    /// Invoice rows of both, alpha first, in server order.
    pub rows: Vec<OrgInvoice>,
    /// Payment methods of both, alpha first.
    pub methods: Vec<(OrgId, PaymentMethod)>,
}

impl Fixture {
    /// The fixture with both organizations.
    pub fn load() -> Fixture {
        Self::load_orgs(&["org_alpha", "org_beta"])
    }

    /// The fixture restricted to the named organizations (`org_alpha` and/or `org_beta`).
    pub fn load_orgs(names: &[&str]) -> Fixture {
        let mut orgs = Vec::new();
        let mut rows = Vec::new();
        let mut methods = Vec::new();
        for name in names {
            let body = std::fs::read(fixtures_dir().join(format!("{name}.json"))).unwrap();
            let BillingDetails {
                invoices,
                payment_methods,
            } = decode_billing_details(&body).expect("the fixture is a valid API body");
            let org = OrgId::parse(name).unwrap();
            rows.extend(OrgInvoice::rows_for(&org, invoices));
            methods.extend(payment_methods.into_iter().map(|m| (org.clone(), m)));
            orgs.push(org);
        }
        Fixture {
            orgs,
            rows,
            methods,
        }
    }

    /// The query over every row, as the CLI runs it for an unfiltered export.
    pub fn query(&self) -> QueryResult {
        run_query(&self.rows, &InvoiceQuery::default(), now())
    }
}

/// Compares `actual` with the golden file `name`, or rewrites it when `UPDATE_GOLDEN=1`.
pub fn assert_golden(name: &str, actual: &[u8]) {
    let path = fixtures_dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} is missing ({e}); run with UPDATE_GOLDEN=1 once",
            path.display()
        )
    });
    if expected != actual {
        let actual_path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&actual_path, actual).unwrap();
        panic!(
            "{name} differs from its golden file; the new output is in {} \
             (compare, and rerun with UPDATE_GOLDEN=1 if the change is intended)",
            actual_path.display()
        );
    }
}
