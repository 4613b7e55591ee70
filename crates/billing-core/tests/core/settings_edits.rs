//! The connection and saved-organization edits the UI and CLI make.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use billing_core::link::LinkError;
use billing_core::settings::{Connection, SavedOrg, Settings, SettingsError};

fn org(id: &str) -> SavedOrg {
    SavedOrg {
        org_id: id.into(),
        label: None,
    }
}

#[test]
fn first_connection_becomes_active_and_names_are_unique_ignoring_case() {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Prod", "https://a.example").unwrap())
        .unwrap();
    assert_eq!(
        settings.active().map(|c| c.name.as_str()),
        Some("Prod"),
        "first one is active"
    );
    settings
        .add_connection(Connection::new("Test", "https://b.example").unwrap())
        .unwrap();
    assert_eq!(
        settings.active_connection.as_deref(),
        Some("Prod"),
        "adding more keeps the choice"
    );

    let err = settings
        .add_connection(Connection::new("PROD", "https://c.example").unwrap())
        .unwrap_err();
    assert!(
        matches!(err, SettingsError::DuplicateConnection { .. }),
        "got {err:?}"
    );
    assert_eq!(
        settings.connections.len(),
        2,
        "a refused add changes nothing"
    );
}

#[test]
fn add_validates_fields_set_after_new() {
    let mut settings = Settings::default();
    let mut connection = Connection::new("Prod", "https://a.example").unwrap();
    connection.base_url = "https://user:pw@a.example".into();
    let err = settings.add_connection(connection).unwrap_err();
    assert!(
        matches!(err, SettingsError::InvalidBaseUrl(LinkError::UserInfo)),
        "fields are public, so add re-checks them: {err:?}"
    );

    let mut connection = Connection::new("Prod", "https://a.example").unwrap();
    connection.timeout_secs = Some(0);
    assert_eq!(
        settings.add_connection(connection).unwrap_err().code(),
        "settings.invalid_timeout"
    );
    for (mb, accepted) in [(0, false), (1, true), (4_096, true), (4_097, false)] {
        let mut connection = Connection::new("Big", "https://a.example").unwrap();
        connection.max_response_mb = Some(mb);
        assert_eq!(
            connection.max_response_bytes(),
            Some(u64::from(mb) * 1_000_000)
        );
        let added = settings.add_connection(connection);
        assert_eq!(added.is_ok(), accepted, "maxResponseMb = {mb}: {added:?}");
        if let Err(err) = added {
            assert_eq!(err.code(), "settings.invalid_max_response");
            assert!(err.to_string().contains("use 1 to 4096"), "{err}");
        } else {
            settings.remove_connection("Big").unwrap();
        }
    }
    assert!(settings.connections.is_empty());
}

#[test]
fn base_url_is_stored_normalized() {
    let connection = Connection::new("Prod", "  HTTPS://Billing.Example.COM  ").unwrap();
    assert_eq!(connection.base_url, "https://billing.example.com/");
}

#[test]
fn removing_the_active_connection_clears_the_choice() {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Prod", "https://a.example").unwrap())
        .unwrap();
    settings
        .add_connection(Connection::new("Test", "https://b.example").unwrap())
        .unwrap();
    let removed = settings.remove_connection("Prod").unwrap();
    assert_eq!(removed.name, "Prod");
    assert_eq!(settings.active_connection, None, "no dangling active name");
    assert!(settings.validate().is_ok());
    assert!(matches!(
        settings.remove_connection("Prod").unwrap_err(),
        SettingsError::UnknownConnection { .. }
    ));
}

#[test]
fn set_active_only_accepts_existing_names() {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Prod", "https://a.example").unwrap())
        .unwrap();
    settings
        .add_connection(Connection::new("Test", "https://b.example").unwrap())
        .unwrap();
    settings.set_active(Some("Test")).unwrap();
    assert_eq!(settings.active().unwrap().name, "Test");
    assert!(
        matches!(
            settings.set_active(Some("test")).unwrap_err(),
            SettingsError::UnknownConnection { .. }
        ),
        "lookups are exact; only uniqueness ignores case"
    );
    assert_eq!(
        settings.active().unwrap().name,
        "Test",
        "a refused change keeps the old one"
    );
    settings.set_active(None).unwrap();
    assert!(settings.active().is_none());
}

#[test]
fn saved_orgs_are_unique_per_connection() {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Prod", "https://a.example").unwrap())
        .unwrap();
    settings
        .add_connection(Connection::new("Test", "https://b.example").unwrap())
        .unwrap();
    settings.add_org("Prod", org("org_1")).unwrap();
    settings.add_org("Test", org("org_1")).unwrap();
    assert!(matches!(
        settings.add_org("Prod", org("org_1")).unwrap_err(),
        SettingsError::DuplicateOrg { .. }
    ));
    assert!(matches!(
        settings.add_org("Nope", org("org_2")).unwrap_err(),
        SettingsError::UnknownConnection { .. }
    ));
    assert!(matches!(
        settings.add_org("Prod", org("..")).unwrap_err(),
        SettingsError::InvalidOrgId(_)
    ));

    assert_eq!(
        settings.remove_org("Prod", "org_1").unwrap().org_id,
        "org_1"
    );
    assert!(
        settings
            .connection("Prod")
            .unwrap()
            .organizations
            .is_empty()
    );
    assert!(
        settings.connection("Test").unwrap().org("org_1").is_some(),
        "the other connection's copy is untouched"
    );
    assert!(matches!(
        settings.remove_org("Prod", "org_1").unwrap_err(),
        SettingsError::UnknownOrg { .. }
    ));
}

#[test]
fn validate_catches_hand_edited_problems() {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Prod", "https://a.example").unwrap())
        .unwrap();
    let mut twin = settings.connections[0].clone();
    twin.name = "prod".into();
    settings.connections.push(twin);
    assert_eq!(
        settings.validate().unwrap_err().code(),
        "settings.duplicate_connection"
    );

    let settings = Settings {
        active_connection: Some("Ghost".into()),
        ..Settings::default()
    };
    assert_eq!(
        settings.validate().unwrap_err().code(),
        "settings.unknown_connection"
    );
}

#[test]
fn ui_sees_camel_case_json_without_any_token_field() {
    let mut settings = Settings::default();
    settings
        .add_connection(Connection::new("Prod", "https://a.example").unwrap())
        .unwrap();
    let json = serde_json::to_string(&settings).unwrap();
    assert!(json.contains("\"activeConnection\":\"Prod\""), "{json}");
    assert!(json.contains("\"baseUrl\""), "{json}");
    assert!(
        json.contains("\"timeoutSecs\":null"),
        "unset overrides are null for the UI: {json}"
    );
    assert!(
        !json.to_lowercase().contains("token"),
        "settings have no place for a token: {json}"
    );
}
