//! Deterministic demo data: a pure function of `(orgId, now, link base)`.
//!
//! The *set* of invoices and payment methods (ids, numbers, statuses, currencies, amounts,
//! ages) depends only on a stable hash of the orgId. The dates are placed relative to the
//! start of `now`'s UTC day, so the demo stays sensible whenever it runs (overdue invoices stay
//! overdue, the expiring card keeps expiring) and the bytes are identical for a whole UTC day.
//!
//! Every org gets, at least:
//! - invoices in `usd`, `eur`, `gbp`, `jpy` and `kwd` (lowercase, as the API sends them);
//! - every status: `draft`, `open`, `paid`, `uncollectible`, `void`;
//! - open invoices that are current, and overdue in each aging bucket (1-30, 31-60, 61-90, 90+
//!   days), one partly paid, one with no due date;
//! - drafts with `null` number, `invoicePdf` and `hostedInvoiceUrl`;
//! - a default card, an expired card, a card expiring at the end of the current month (so
//!   within 60 days), and a SEPA debit with `null` card fields.
//!
//! On top of that a seeded number (4 to 15) of ordinary invoices varies from org to org.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};

use crate::wire::{BillingDetails, WireInvoice, WirePaymentMethod, hosted_url, pdf_url, rfc3339};

/// The demo payload for `org_id` as seen at `now`; links point at `link_base`
/// (e.g. `http://127.0.0.1:8787`, no trailing slash).
pub fn billing_details(org_id: &str, now: DateTime<Utc>, link_base: &str) -> BillingDetails {
    let seed = stable_hash(org_id);
    let mut rng = SplitMix::new(seed);
    let anchor = start_of_day(now);
    let number_prefix = format!("{:08X}", seed >> 32);

    let mut specs: Vec<InvoiceSpec> = COVERAGE.to_vec();
    let extra = 4 + rng.below(12);
    for _ in 0..extra {
        specs.push(InvoiceSpec::random(&mut rng));
    }

    let mut invoices: Vec<WireInvoice> = specs
        .iter()
        .enumerate()
        .map(|(index, spec)| {
            let id = format!("in_{:012x}{index:04}", seed & 0xffff_ffff_ffff);
            let number = format!("{number_prefix}-{:04}", index + 1);
            spec.build(&mut rng, anchor, id, number, link_base)
        })
        .collect();
    // Newest first like Stripe; ties cannot reorder between runs because ids are unique.
    invoices.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));

    BillingDetails {
        invoices,
        payment_methods: payment_methods(org_id, seed, &mut rng, anchor),
    }
}

/// The demo payload serialized as the API would send it.
pub fn billing_details_json(org_id: &str, now: DateTime<Utc>, link_base: &str) -> Vec<u8> {
    // Serializing plain structs of strings and integers cannot fail; an empty body would be
    // caught by every test that decodes it.
    serde_json::to_vec(&billing_details(org_id, now, link_base)).unwrap_or_default()
}

/// FNV-1a, chosen because it is tiny and its output never changes between Rust releases
/// (unlike `DefaultHasher`), which keeps the demo data stable for golden files.
pub(crate) fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub(crate) fn start_of_day(now: DateTime<Utc>) -> DateTime<Utc> {
    now.with_time(NaiveTime::MIN).single().unwrap_or(now)
}

/// SplitMix64: a small, well-mixed, seedable generator; quality is ample for demo data.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A value in `0..bound` (`bound` > 0).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let index = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(index).copied().unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy)]
struct InvoiceSpec {
    status: &'static str,
    currency: &'static str,
    created_days_ago: i64,
    /// `None`: no due date (an invoice charged automatically).
    due_after_days: Option<i64>,
    partly_paid: bool,
}

const fn spec(
    status: &'static str,
    currency: &'static str,
    created_days_ago: i64,
    due_after_days: Option<i64>,
) -> InvoiceSpec {
    InvoiceSpec {
        status,
        currency,
        created_days_ago,
        due_after_days,
        partly_paid: false,
    }
}

/// The invoices every org has, so every status, currency and aging bucket shows up.
/// Overdue days = created_days_ago - due_after_days.
const COVERAGE: [InvoiceSpec; 16] = [
    spec("paid", "usd", 95, Some(30)),
    spec("paid", "eur", 64, Some(30)),
    spec("paid", "jpy", 33, Some(30)),
    spec("paid", "kwd", 125, Some(30)),
    spec("open", "usd", 20, Some(30)),  // current, due in ~10 days
    spec("open", "usd", 40, Some(30)),  // ~10 days overdue
    spec("open", "eur", 75, Some(30)),  // ~45 days overdue
    spec("open", "jpy", 100, Some(30)), // ~70 days overdue
    spec("open", "kwd", 160, Some(30)), // ~130 days overdue
    InvoiceSpec {
        partly_paid: true,
        ..spec("open", "gbp", 35, Some(30)) // ~5 days overdue, half paid
    },
    spec("open", "usd", 3, None), // charged automatically: never overdue
    spec("draft", "usd", 2, Some(30)),
    spec("draft", "jpy", 1, Some(30)),
    spec("uncollectible", "kwd", 200, Some(30)),
    spec("uncollectible", "usd", 150, Some(14)),
    spec("void", "eur", 50, Some(30)),
];

impl InvoiceSpec {
    fn random(rng: &mut SplitMix) -> Self {
        let status = match rng.below(20) {
            0..=9 => "paid",
            10..=14 => "open",
            15..=16 => "void",
            17 => "uncollectible",
            _ => "draft",
        };
        let currency = rng.pick(&[
            "usd", "usd", "usd", "eur", "eur", "gbp", "jpy", "kwd", "cad",
        ]);
        let created_days_ago = 1 + i64::try_from(rng.below(400)).unwrap_or(0);
        let due_after_days = Some(match rng.below(3) {
            0 => 14,
            1 => 30,
            _ => 45,
        });
        InvoiceSpec {
            status,
            currency,
            created_days_ago,
            due_after_days,
            partly_paid: false,
        }
    }

    fn build(
        &self,
        rng: &mut SplitMix,
        anchor: DateTime<Utc>,
        id: String,
        number: String,
        link_base: &str,
    ) -> WireInvoice {
        let total = demo_amount(rng, self.currency);
        let seconds_into_day = i64::try_from(rng.below(86_400)).unwrap_or(0);
        let created =
            anchor - Duration::days(self.created_days_ago) + Duration::seconds(seconds_into_day);
        let due = self
            .due_after_days
            .map(|days| created + Duration::days(days));
        let (paid, remaining) = match self.status {
            "paid" => (total, 0),
            "void" => (0, 0),
            "open" if self.partly_paid => (total / 2, total - total / 2),
            _ => (0, total),
        };
        let is_draft = self.status == "draft";
        WireInvoice {
            amount_due: Some(total),
            amount_paid: Some(paid),
            amount_remaining: Some(remaining),
            created_at: Some(rfc3339(created)),
            currency: Some(self.currency.to_owned()),
            due_at: due.map(rfc3339),
            hosted_invoice_url: (!is_draft).then(|| hosted_url(link_base, &id)),
            invoice_pdf: (!is_draft).then(|| pdf_url(link_base, &id)),
            number: (!is_draft).then_some(number),
            period_end: Some(rfc3339(created)),
            period_start: Some(rfc3339(created - Duration::days(30))),
            status: Some(self.status.to_owned()),
            total: Some(total),
            id: Some(id),
        }
    }
}

/// A plausible amount in minor units for the currency's exponent.
pub(crate) fn demo_amount(rng: &mut SplitMix, currency: &str) -> i64 {
    let step = i64::try_from(rng.below(4_990)).unwrap_or(0);
    match currency {
        // zero-decimal: 1,000 to 500,000 yen in steps of 100
        "jpy" => 1_000 + step * 100,
        // three-decimal: 5.000 to ~5000 KWD, with fils so the third decimal shows
        "kwd" => (5 + step) * 1_000 + i64::try_from(rng.below(1_000)).unwrap_or(0),
        // two-decimal: 9.00 to ~5000.00, sometimes with cents
        _ => (9 + step) * 100 + if rng.below(4) == 0 { 50 } else { 0 },
    }
}

fn payment_methods(
    org_id: &str,
    seed: u64,
    rng: &mut SplitMix,
    anchor: DateTime<Utc>,
) -> Vec<WirePaymentMethod> {
    let name = rng.pick(&[
        "Accounts Payable",
        "Finance Team",
        "Jordan Lee",
        "Sam Okafor",
        "Priya Raman",
    ]);
    let email = format!("billing@{}.example", slug(org_id));
    let expired = anchor - Duration::days(100);
    let card = |index: u32, brand: &str, last4: &str, exp: Option<(u32, i32)>, default: bool| {
        WirePaymentMethod {
            billing_email: Some(email.clone()),
            billing_name: Some(name.to_owned()),
            brand: Some(brand.to_owned()),
            created_at: Some(rfc3339(
                anchor - Duration::days(400 + i64::from(index) * 90),
            )),
            exp_month: exp.map(|(month, _)| i64::from(month)),
            exp_year: exp.map(|(_, year)| i64::from(year)),
            id: Some(format!("pm_{:012x}{index:02}", seed & 0xffff_ffff_ffff)),
            is_default: Some(default),
            last4: Some(last4.to_owned()),
            kind: Some("card".to_owned()),
        }
    };
    let valid_month = 1 + u32::try_from(rng.below(12)).unwrap_or(0);
    let mut methods = vec![
        card(
            1,
            "visa",
            "4242",
            Some((valid_month, anchor.year() + 2)),
            true,
        ),
        card(
            2,
            "mastercard",
            "4444",
            Some((expired.month(), expired.year())),
            false,
        ),
        // valid through the end of this month: expiring within 60 days, not yet expired
        card(
            3,
            "amex",
            "0005",
            Some((anchor.month(), anchor.year())),
            false,
        ),
        WirePaymentMethod {
            brand: None,
            last4: Some("3000".to_owned()),
            kind: Some("sepa_debit".to_owned()),
            ..card(4, "", "", None, false)
        },
    ];
    if rng.below(2) == 0 {
        methods.push(card(
            5,
            "discover",
            "1117",
            Some((valid_month, anchor.year() + 4)),
            false,
        ));
    }
    methods
}

/// A DNS-label-like fragment of the orgId for demo e-mail addresses.
fn slug(org_id: &str) -> String {
    let slug: String = org_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    if slug.is_empty() {
        "org".to_owned()
    } else {
        slug
    }
}
