//! Saved views in the settings: saved whole or refused with the reason (never half), replaced
//! by name, renamed, removed, per connection and for the demo, and kept exactly through the
//! settings file; a file holding a broken view is treated like any damaged setting.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use billing_core::ids::OrgId;
use billing_core::model::InvoiceStatus;
use billing_core::money::{Currency, MajorAmount};
use billing_core::query::{InvoiceQuery, Sort, SortColumn, SortDirection};
use billing_core::settings::{
    ColumnPref, Connection, MAX_VIEWS, SavedView, Settings, SettingsError, SettingsStore,
};
use chrono::{TimeZone, Utc};

fn overdue_eur() -> SavedView {
    SavedView {
        name: "Overdue EUR".to_owned(),
        query: InvoiceQuery {
            orgs: Some(vec![OrgId::parse("org_acme").unwrap()]),
            statuses: Some(vec![InvoiceStatus::parse("open")]),
            text: Some("INV-".to_owned()),
            due_from: Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()),
            due_to: Some(Utc.with_ymd_and_hms(2026, 7, 1, 0, 0, 0).unwrap()),
            amount_min: Some(MajorAmount::parse("100").unwrap()),
            currency: Some(Currency::new("EUR")),
            overdue_only: Some(true),
            sort: Some(Sort {
                column: SortColumn::AmountRemaining,
                direction: SortDirection::Desc,
            }),
            ..InvoiceQuery::default()
        },
        columns: vec![
            ColumnPref {
                id: "amountRemaining".to_owned(),
                visible: true,
            },
            ColumnPref {
                id: "number".to_owned(),
                visible: false,
            },
        ],
    }
}

fn settings() -> Settings {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Production", "https://billing.example.com/").unwrap())
        .unwrap();
    settings
}

#[test]
fn views_are_saved_replaced_renamed_and_removed_per_connection() {
    let mut settings = settings();
    let prod = Some("Production");
    assert!(!settings.save_view(prod, overdue_eur()).unwrap(), "added");
    let mut paged = overdue_eur();
    paged.name = "overdue eur".to_owned();
    paged.query.limit = Some(50);
    paged.query.offset = Some(100);
    assert!(
        settings.save_view(prod, paged).unwrap(),
        "same name ignoring case: replaced"
    );
    let views = settings.views(prod).unwrap();
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].name, "overdue eur");
    assert_eq!(
        (views[0].query.offset, views[0].query.limit),
        (None, None),
        "no page is kept"
    );
    assert!(
        settings.views(None).unwrap().is_empty(),
        "the demo's views are apart"
    );
    settings.save_view(None, overdue_eur()).unwrap();
    assert_eq!(settings.views(None).unwrap().len(), 1);

    let mut second = overdue_eur();
    second.name = "Paid".to_owned();
    settings.save_view(prod, second).unwrap();
    let taken = settings
        .rename_view(prod, "Paid", "OVERDUE EUR")
        .unwrap_err();
    assert!(
        matches!(taken, SettingsError::DuplicateView { .. }),
        "{taken}"
    );
    settings
        .rename_view(prod, "paid", "Paid this month")
        .unwrap();
    settings
        .rename_view(prod, "Paid this month", "PAID THIS MONTH")
        .unwrap();
    let names: Vec<&str> = settings
        .views(prod)
        .unwrap()
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["overdue eur", "PAID THIS MONTH"]);
    settings.remove_view(prod, "overdue EUR").unwrap();
    let gone = settings.remove_view(prod, "overdue EUR").unwrap_err();
    assert!(matches!(gone, SettingsError::UnknownView { .. }), "{gone}");
    assert!(gone.to_string().contains("bdesk view list"), "{gone}");
    let unknown = settings.views(Some("Staging")).unwrap_err();
    assert!(matches!(unknown, SettingsError::UnknownConnection { .. }));
}

/// One way to break a view: what, how, and what the message must say.
type Breakage = (&'static str, Box<dyn Fn(&mut SavedView)>, &'static str);

#[test]
fn a_broken_view_is_refused_whole_with_its_reason() {
    let cases: Vec<Breakage> = vec![
        (
            "blank name",
            Box::new(|v| v.name = "  ".to_owned()),
            "cannot name a view",
        ),
        (
            "spaces",
            Box::new(|v| v.name = " a".to_owned()),
            "cannot name a view",
        ),
        (
            "control",
            Box::new(|v| v.name = "a\nb".to_owned()),
            "cannot name a view",
        ),
        ("long", Box::new(|v| v.name = "x".repeat(81)), "at most 80"),
        (
            "unknown column",
            Box::new(|v| v.columns[0].id = "colour".to_owned()),
            "unknown column \"colour\"",
        ),
        (
            "column twice",
            Box::new(|v| v.columns[1].id = "amountRemaining".to_owned()),
            "twice",
        ),
        (
            "empty due range",
            Box::new(|v| v.query.due_to = v.query.due_from),
            "due range",
        ),
        (
            "amounts crossed",
            Box::new(|v| v.query.amount_max = Some(MajorAmount::parse("5").unwrap())),
            "largest amount",
        ),
    ];
    for (what, break_it, expected) in cases {
        let mut settings = settings();
        let mut view = overdue_eur();
        break_it(&mut view);
        let error = settings.save_view(Some("Production"), view).unwrap_err();
        assert!(error.is_input(), "{what}: the user's input");
        assert!(error.to_string().contains(expected), "{what}: {error}");
        assert!(
            settings.views(Some("Production")).unwrap().is_empty(),
            "{what}: nothing saved"
        );
    }
    let mut settings = settings();
    for n in 0..MAX_VIEWS {
        let mut view = overdue_eur();
        view.name = format!("View {n}");
        settings.save_view(None, view).unwrap();
    }
    let full = settings.save_view(None, overdue_eur()).unwrap_err();
    assert!(matches!(full, SettingsError::TooManyViews { .. }), "{full}");
}

#[test]
fn views_survive_the_settings_file_exactly_and_a_broken_one_on_disk_is_damage() {
    let dir = tempfile::tempdir().unwrap();
    let store = SettingsStore::at(dir.path());
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).unwrap();
    let mut saved = settings();
    saved.save_view(Some("Production"), overdue_eur()).unwrap();
    saved.save_view(None, overdue_eur()).unwrap();
    store.save(&saved).unwrap();
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(
        text.contains("[[connections.views]]") && text.contains("[[demoViews]]"),
        "{text}"
    );
    let loaded = store.load(now).unwrap();
    assert!(loaded.recovered.is_none());
    assert_eq!(
        loaded.settings, saved,
        "every field of every view comes back"
    );

    let broken = text.replacen("id = \"number\"", "id = \"colour\"", 1);
    std::fs::write(store.path(), &broken).unwrap();
    let recovered = store
        .load(now)
        .unwrap()
        .recovered
        .expect("reported as damaged");
    assert!(recovered.reason.contains("colour"), "{}", recovered.reason);
}
