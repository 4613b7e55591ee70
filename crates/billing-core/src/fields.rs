//! The fields of an invoice and of a payment method, as every output names and shows them.
//!
//! One registry ([`InvoiceField::def`], [`MethodField::def`]) says, per field: its name (the
//! CSV and XLSX header, the JSON export's key, the `--sort` column, the app's column
//! preference), the label a person reads, the kind of value it holds (which decides how each
//! output renders it), whether the query sorts by it, whether the app's table offers it and
//! shows it by default, and its XLSX width. The exports, the query's sort columns, `bdesk`'s
//! tables and the app's column list all read it; the app's copy is generated from it
//! (`ui/src/bindings/fields.ts`, written by this module's tests and checked for drift), so a
//! field added here appears everywhere or fails a test.

use serde::Serialize;
use ts_rs::TS;

/// What a field holds, which decides how each output renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum FieldKind {
    /// Text from the API (IDs, numbers, names, statuses).
    Text,
    /// A currency code.
    Currency,
    /// An amount in the invoice's currency.
    Money,
    /// An instant (shown as a date).
    Date,
    /// A link from the API.
    Link,
    /// Yes or no.
    Flag,
    /// A whole number (days overdue, expiry month or year).
    Integer,
    /// An aging bucket.
    Bucket,
    /// A card's state (valid, expiring soon, expired).
    CardState,
}

/// Everything the outputs need to know about one field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldDef {
    /// The name in CSV and XLSX headers, JSON exports, `--sort` and column preferences.
    pub name: &'static str,
    /// What a person reads in the app's table header.
    pub label: &'static str,
    /// What the field holds.
    pub kind: FieldKind,
    /// The query sorts by it (see [`crate::query::SortColumn`]).
    pub sortable: bool,
    /// The app's invoice table offers it as a column.
    pub in_table: bool,
    /// The app's table shows it until the user chooses otherwise.
    pub shown_by_default: bool,
    /// Width of its XLSX column, in Excel's character units.
    pub xlsx_width: f64,
}

const fn field(name: &'static str, label: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        name,
        label,
        kind,
        sortable: false,
        in_table: false,
        shown_by_default: false,
        xlsx_width: 14.0,
    }
}

impl FieldDef {
    /// Also a sort column.
    const fn sortable(mut self) -> FieldDef {
        self.sortable = true;
        self
    }

    /// Also a column of the app's table, shown by default when `shown`.
    const fn table(mut self, shown: bool) -> FieldDef {
        self.in_table = true;
        self.shown_by_default = shown;
        self
    }

    const fn width(mut self, width: f64) -> FieldDef {
        self.xlsx_width = width;
        self
    }
}

/// A field of an invoice row, in export header order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InvoiceField {
    /// Organization ID.
    Org,
    /// Invoice number.
    Number,
    /// Invoice ID.
    Id,
    /// Status text.
    Status,
    /// Uppercase currency code.
    Currency,
    /// Total.
    Total,
    /// Amount due.
    AmountDue,
    /// Amount paid.
    AmountPaid,
    /// Amount remaining.
    AmountRemaining,
    /// Creation date.
    CreatedAt,
    /// Due date.
    DueAt,
    /// Start of the billed period.
    PeriodStart,
    /// End of the billed period.
    PeriodEnd,
    /// Hosted invoice page.
    HostedInvoiceUrl,
    /// Invoice PDF link.
    InvoicePdf,
    /// Whether overdue at `now`.
    Overdue,
    /// Days overdue at `now`, empty when not overdue.
    DaysOverdue,
    /// Aging bucket at `now`.
    AgingBucket,
}

impl InvoiceField {
    /// Every field in export header order: `org`, then the API's fields in the endpoint
    /// doc's order, then the derived ones.
    pub const ALL: [InvoiceField; 18] = [
        InvoiceField::Org,
        InvoiceField::Number,
        InvoiceField::Id,
        InvoiceField::Status,
        InvoiceField::Currency,
        InvoiceField::Total,
        InvoiceField::AmountDue,
        InvoiceField::AmountPaid,
        InvoiceField::AmountRemaining,
        InvoiceField::CreatedAt,
        InvoiceField::DueAt,
        InvoiceField::PeriodStart,
        InvoiceField::PeriodEnd,
        InvoiceField::HostedInvoiceUrl,
        InvoiceField::InvoicePdf,
        InvoiceField::Overdue,
        InvoiceField::DaysOverdue,
        InvoiceField::AgingBucket,
    ];

    /// The fields of one export: [`InvoiceField::ALL`], without `Org` unless asked for.
    pub fn for_export(with_org: bool) -> &'static [InvoiceField] {
        if with_org {
            &Self::ALL
        } else {
            &Self::ALL[1..]
        }
    }

    /// The field's registry entry.
    pub const fn def(self) -> FieldDef {
        use FieldKind as K;
        match self {
            InvoiceField::Org => field("org", "Organization", K::Text).sortable().width(20.0),
            InvoiceField::Number => field("number", "Number", K::Text)
                .sortable()
                .table(true)
                .width(16.0),
            InvoiceField::Id => field("id", "Invoice ID", K::Text)
                .sortable()
                .table(false)
                .width(30.0),
            InvoiceField::Status => field("status", "Status", K::Text).sortable().table(true),
            InvoiceField::Currency => field("currency", "Currency", K::Currency)
                .sortable()
                .table(false)
                .width(10.0),
            InvoiceField::Total => field("total", "Total", K::Money)
                .sortable()
                .table(true)
                .width(16.0),
            InvoiceField::AmountDue => field("amountDue", "Amount due", K::Money)
                .sortable()
                .table(false)
                .width(16.0),
            InvoiceField::AmountPaid => field("amountPaid", "Paid", K::Money)
                .sortable()
                .table(false)
                .width(16.0),
            InvoiceField::AmountRemaining => field("amountRemaining", "Remaining", K::Money)
                .sortable()
                .table(true)
                .width(16.0),
            InvoiceField::CreatedAt => field("createdAt", "Created", K::Date)
                .sortable()
                .table(true)
                .width(20.0),
            InvoiceField::DueAt => field("dueAt", "Due", K::Date)
                .sortable()
                .table(true)
                .width(20.0),
            InvoiceField::PeriodStart => field("periodStart", "Period start", K::Date)
                .sortable()
                .table(false)
                .width(20.0),
            InvoiceField::PeriodEnd => field("periodEnd", "Period end", K::Date)
                .sortable()
                .table(false)
                .width(20.0),
            InvoiceField::HostedInvoiceUrl => {
                field("hostedInvoiceUrl", "Hosted page", K::Link).width(45.0)
            }
            InvoiceField::InvoicePdf => field("invoicePdf", "PDF link", K::Link).width(45.0),
            InvoiceField::Overdue => field("overdue", "Overdue", K::Flag).width(10.0),
            InvoiceField::DaysOverdue => field("daysOverdue", "Days overdue", K::Integer)
                .sortable()
                .table(false)
                .width(13.0),
            InvoiceField::AgingBucket => field("agingBucket", "Aging", K::Bucket).width(13.0),
        }
    }

    /// The field's name (see [`FieldDef::name`]).
    pub const fn name(self) -> &'static str {
        self.def().name
    }

    /// The field with this name, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<InvoiceField> {
        Self::ALL
            .into_iter()
            .find(|field| field.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// A field of a payment-method row, in export header order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MethodField {
    /// Organization ID.
    Org,
    /// Payment method ID.
    Id,
    /// Kind of method (`card`…), wire name `type`.
    Type,
    /// Card brand.
    Brand,
    /// Last four digits, as text (leading zeros matter).
    Last4,
    /// Expiry month.
    ExpMonth,
    /// Expiry year.
    ExpYear,
    /// Default method of the organization.
    IsDefault,
    /// Billing name.
    BillingName,
    /// Billing email.
    BillingEmail,
    /// When the method was added.
    CreatedAt,
    /// Card state at `now`.
    CardState,
}

impl MethodField {
    /// Every field in header order.
    pub const ALL: [MethodField; 12] = [
        MethodField::Org,
        MethodField::Id,
        MethodField::Type,
        MethodField::Brand,
        MethodField::Last4,
        MethodField::ExpMonth,
        MethodField::ExpYear,
        MethodField::IsDefault,
        MethodField::BillingName,
        MethodField::BillingEmail,
        MethodField::CreatedAt,
        MethodField::CardState,
    ];

    /// The fields of one export, without `Org` unless asked for.
    pub fn for_export(with_org: bool) -> &'static [MethodField] {
        if with_org {
            &Self::ALL
        } else {
            &Self::ALL[1..]
        }
    }

    /// The field's registry entry.
    pub const fn def(self) -> FieldDef {
        use FieldKind as K;
        match self {
            MethodField::Org => field("org", "Organization", K::Text).width(20.0),
            MethodField::Id => field("id", "ID", K::Text).width(30.0),
            MethodField::Type => field("type", "Type", K::Text).width(12.0),
            MethodField::Brand => field("brand", "Brand", K::Text).width(12.0),
            MethodField::Last4 => field("last4", "Last 4", K::Text).width(10.0),
            MethodField::ExpMonth => field("expMonth", "Exp. month", K::Integer).width(10.0),
            MethodField::ExpYear => field("expYear", "Exp. year", K::Integer).width(10.0),
            MethodField::IsDefault => field("isDefault", "Default", K::Flag).width(10.0),
            MethodField::BillingName => field("billingName", "Billing name", K::Text).width(24.0),
            MethodField::BillingEmail => {
                field("billingEmail", "Billing e-mail", K::Text).width(30.0)
            }
            MethodField::CreatedAt => field("createdAt", "Added", K::Date).width(20.0),
            MethodField::CardState => field("cardState", "Card state", K::CardState),
        }
    }

    /// The field's name (see [`FieldDef::name`]).
    pub const fn name(self) -> &'static str {
        self.def().name
    }
}

/// The TypeScript module the app reads its field list from: every invoice field's entry, in
/// header order (see the module docs).
pub fn ui_module() -> String {
    let mut out = String::from(
        "// Generated from crates/billing-core/src/fields.rs by its tests: edit the registry \
         there, not this file.\nimport type { FieldDef } from './FieldDef';\n\n\
         /** Every invoice field, in export header order. */\n\
         export const INVOICE_FIELDS = [\n",
    );
    for field in InvoiceField::ALL {
        let def = field.def();
        let kind = match serde_json::to_value(def.kind) {
            Ok(serde_json::Value::String(kind)) => kind,
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {{ name: '{}', label: '{}', kind: '{kind}', sortable: {}, inTable: {}, \
             shownByDefault: {}, xlsxWidth: {} }},\n",
            def.name, def.label, def.sortable, def.in_table, def.shown_by_default, def.xlsx_width
        ));
    }
    out.push_str("] as const satisfies readonly FieldDef[];\n");
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_unique_and_the_header_order_is_the_documented_one() {
        let names: Vec<&str> = InvoiceField::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names.join(","),
            "org,number,id,status,currency,total,amountDue,amountPaid,amountRemaining,\
             createdAt,dueAt,periodStart,periodEnd,hostedInvoiceUrl,invoicePdf,\
             overdue,daysOverdue,agingBucket"
        );
        assert_eq!(names.iter().collect::<HashSet<_>>().len(), names.len());
        let methods: Vec<&str> = MethodField::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            methods.join(","),
            "org,id,type,brand,last4,expMonth,expYear,isDefault,billingName,billingEmail,\
             createdAt,cardState"
        );
        for field in InvoiceField::ALL {
            assert_eq!(
                InvoiceField::from_name(&field.name().to_uppercase()),
                Some(field)
            );
        }
    }

    #[test]
    fn every_table_column_sorts_and_the_labels_are_plain_text() {
        for field in InvoiceField::ALL {
            let def = field.def();
            assert!(
                !def.in_table || def.sortable,
                "{def:?}: the table sorts by every column"
            );
            assert!(!def.shown_by_default || def.in_table, "{def:?}");
            assert!(
                !def.label.contains(['\'', '\\', '<']) && !def.name.contains(['\'', '\\']),
                "written into TypeScript as is: {def:?}"
            );
        }
    }

    #[test]
    fn the_sort_columns_are_the_sortable_fields_under_the_same_names() {
        use crate::query::SortColumn;
        let sortable: Vec<InvoiceField> = InvoiceField::ALL
            .into_iter()
            .filter(|f| f.def().sortable)
            .collect();
        let sorts: Vec<InvoiceField> = SortColumn::ALL.iter().map(|c| c.field()).collect();
        assert_eq!(sorts, sortable);
        for column in SortColumn::ALL {
            let wire = serde_json::to_value(column).unwrap();
            assert_eq!(
                wire.as_str(),
                Some(column.name()),
                "the UI sends the field's name"
            );
        }
    }

    /// Writes the app's copy of the registry, as ts-rs writes the types beside it; `make test`
    /// fails when the committed file differs.
    #[test]
    fn the_ui_field_list_is_generated_from_the_registry() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/bindings/fields.ts");
        let wanted = ui_module();
        if std::fs::read_to_string(&path).ok().as_deref() != Some(wanted.as_str()) {
            std::fs::write(&path, &wanted).unwrap();
        }
        assert!(wanted.contains("{ name: 'amountRemaining', label: 'Remaining', kind: 'money'"));
    }
}
