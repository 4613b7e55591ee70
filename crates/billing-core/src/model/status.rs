//! Invoice status, forward compatible.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

/// The lifecycle status of an invoice.
///
/// A status this version does not know is kept verbatim in [`InvoiceStatus::Unknown`] so a
/// new server status neither fails a fetch nor disappears. Known statuses match
/// case-insensitively. Serialized as the lowercase status string (or the unknown text).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(
    export,
    type = r#""draft" | "open" | "paid" | "uncollectible" | "void" | (string & {})"#
)]
pub enum InvoiceStatus {
    /// Not finalized yet.
    Draft,
    /// Finalized and awaiting payment.
    Open,
    /// Paid in full.
    Paid,
    /// Marked as unlikely to be paid.
    Uncollectible,
    /// Cancelled.
    Void,
    /// Any other status, as sent.
    Unknown(String),
}

impl InvoiceStatus {
    /// Every known status, in lifecycle order.
    pub const KNOWN: [InvoiceStatus; 5] = [
        InvoiceStatus::Draft,
        InvoiceStatus::Open,
        InvoiceStatus::Paid,
        InvoiceStatus::Uncollectible,
        InvoiceStatus::Void,
    ];

    /// Reads a status as sent by the API; never fails.
    pub fn parse(text: &str) -> InvoiceStatus {
        let known = |name: &str| text.eq_ignore_ascii_case(name);
        if known("draft") {
            InvoiceStatus::Draft
        } else if known("open") {
            InvoiceStatus::Open
        } else if known("paid") {
            InvoiceStatus::Paid
        } else if known("uncollectible") {
            InvoiceStatus::Uncollectible
        } else if known("void") {
            InvoiceStatus::Void
        } else {
            InvoiceStatus::Unknown(text.to_owned())
        }
    }

    /// The status string: lowercase for known statuses, as sent for unknown ones.
    pub fn as_str(&self) -> &str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Uncollectible => "uncollectible",
            InvoiceStatus::Void => "void",
            InvoiceStatus::Unknown(text) => text,
        }
    }

    /// Whether this is a status this version knows.
    pub fn is_known(&self) -> bool {
        !matches!(self, InvoiceStatus::Unknown(_))
    }
}

impl fmt::Display for InvoiceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for InvoiceStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for InvoiceStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = super::decode::Str::deserialize(deserializer)?;
        Ok(InvoiceStatus::parse(&text.0))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn known_statuses_round_trip_case_insensitively() {
        for status in InvoiceStatus::KNOWN {
            assert_eq!(InvoiceStatus::parse(status.as_str()), status);
            let upper = status.as_str().to_uppercase();
            assert_eq!(InvoiceStatus::parse(&upper), status, "{upper} is known");
            assert!(status.is_known());
        }
    }

    #[test]
    fn unknown_status_is_kept_verbatim() {
        let status = InvoiceStatus::parse("Partially_Refunded");
        assert_eq!(status, InvoiceStatus::Unknown("Partially_Refunded".into()));
        assert_eq!(status.to_string(), "Partially_Refunded");
        assert!(!status.is_known());
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, "\"Partially_Refunded\"", "serialized as the raw text");
    }
}
