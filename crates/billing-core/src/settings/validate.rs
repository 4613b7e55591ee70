//! The rules a connection, its URL and its saved organizations must follow.

use super::error::SettingsError;
use super::model::{
    Connection, MAX_CONCURRENCY, MAX_RESPONSE_MB, MAX_SNAPSHOTS_KEPT, MAX_TIMEOUT_SECS, SavedOrg,
};
use crate::ids::OrgId;
use crate::link;

/// Longest connection name accepted, in characters.
pub const CONNECTION_NAME_MAX_CHARS: usize = 64;
/// Longest organization label accepted, in characters.
pub const LABEL_MAX_CHARS: usize = 200;

/// A connection name is also the keyring account name and is shown in menus, so it must be
/// visible text: not blank, no surrounding spaces, no control characters, not too long.
pub(super) fn connection_name(name: &str) -> Result<(), SettingsError> {
    if name.trim().is_empty() {
        return Err(SettingsError::ConnectionNameEmpty);
    }
    if name.trim() != name {
        return Err(SettingsError::ConnectionNameSpaces {
            name: name.to_owned(),
        });
    }
    if name.chars().any(char::is_control) {
        return Err(SettingsError::ConnectionNameControl);
    }
    let chars = name.chars().count();
    if chars > CONNECTION_NAME_MAX_CHARS {
        return Err(SettingsError::ConnectionNameTooLong {
            chars,
            max: CONNECTION_NAME_MAX_CHARS,
        });
    }
    Ok(())
}

/// Parses and normalizes an API base URL with the API client's own rules
/// ([`link::validate_base_url`]): `https`, or `http` to this computer only, since the bearer
/// token travels with every request; no user name or password, query or fragment. Settings
/// therefore never hold an address the client would refuse.
pub(super) fn base_url(text: &str) -> Result<String, SettingsError> {
    link::validate_base_url(text)
        .map(String::from)
        .map_err(SettingsError::InvalidBaseUrl)
}

/// A plain `http` base URL (the client allows it to this computer only) carries the token
/// unencrypted, so it needs the user's explicit `allowed`. A settings file that holds one
/// without it still loads: the connection is refused when it is used, with the way to allow
/// it, and nothing the user saved is lost.
pub fn plain_http(base_url: &str, allowed: bool) -> Result<(), SettingsError> {
    let url = link::validate_base_url(base_url).map_err(SettingsError::InvalidBaseUrl)?;
    if url.scheme() == "http" && !allowed {
        return Err(SettingsError::PlainHttpNotAllowed {
            base_url: url.to_string(),
        });
    }
    Ok(())
}

/// `scheme://host[:port]` of a base URL, or `None` for one the client refuses.
pub(super) fn origin_of(base_url: &str) -> Option<String> {
    link::validate_base_url(base_url)
        .ok()
        .map(|url| link::origin_text(&url))
}

/// Every rule for one connection, including its overrides and saved organizations.
pub(super) fn connection(connection: &Connection) -> Result<(), SettingsError> {
    connection_name(&connection.name)?;
    base_url(&connection.base_url)?;
    if let Some(value) = connection.concurrency
        && !(1..=MAX_CONCURRENCY).contains(&value)
    {
        return Err(SettingsError::ConcurrencyOutOfRange {
            connection: connection.name.clone(),
            value,
        });
    }
    if let Some(value) = connection.timeout_secs
        && !(1..=MAX_TIMEOUT_SECS).contains(&value)
    {
        return Err(SettingsError::TimeoutOutOfRange {
            connection: connection.name.clone(),
            value,
        });
    }
    if let Some(value) = connection.max_response_mb
        && !(1..=MAX_RESPONSE_MB).contains(&value)
    {
        return Err(SettingsError::MaxResponseOutOfRange {
            connection: connection.name.clone(),
            value,
        });
    }
    if let Some(value) = connection.snapshots_kept
        && !(1..=MAX_SNAPSHOTS_KEPT).contains(&value)
    {
        return Err(SettingsError::SnapshotsKeptOutOfRange {
            connection: connection.name.clone(),
            value,
        });
    }
    if let Some(bounds) = &connection.aging_buckets {
        crate::dates::AgingScale::new(bounds).map_err(|reason| {
            SettingsError::InvalidAgingBuckets {
                connection: connection.name.clone(),
                reason,
            }
        })?;
    }
    if let Some(dir) = &connection.archive_dir {
        archive_dir(&connection.name, dir)?;
    }
    super::views::views(&connection.views)?;
    for (index, org) in connection.organizations.iter().enumerate() {
        saved_org(org)?;
        if connection.organizations[..index]
            .iter()
            .any(|earlier| earlier.org_id == org.org_id)
        {
            return Err(SettingsError::DuplicateOrg {
                connection: connection.name.clone(),
                org_id: org.org_id.clone(),
            });
        }
    }
    Ok(())
}

/// Longest archive folder path accepted, in characters.
pub const ARCHIVE_DIR_MAX_CHARS: usize = 4096;

/// An archive folder is written to without asking, so it must be a complete (absolute) path:
/// a relative one would depend on where the app or `bdesk` happened to start.
fn archive_dir(connection: &str, dir: &str) -> Result<(), SettingsError> {
    let usable = !dir.trim().is_empty()
        && dir.trim() == dir
        && !dir.chars().any(char::is_control)
        && dir.chars().count() <= ARCHIVE_DIR_MAX_CHARS
        && std::path::Path::new(dir).is_absolute();
    if usable {
        Ok(())
    } else {
        Err(SettingsError::InvalidArchiveDir {
            connection: connection.to_owned(),
            dir: crate::text::clip(dir, 200),
        })
    }
}

/// An organization ID follows [`OrgId`]'s rules (it becomes one URL path segment); a label
/// is shown in lists.
pub(super) fn saved_org(org: &SavedOrg) -> Result<(), SettingsError> {
    OrgId::parse(&org.org_id).map_err(SettingsError::InvalidOrgId)?;
    if let Some(label) = &org.label
        && (label.chars().any(char::is_control) || label.chars().count() > LABEL_MAX_CHARS)
    {
        return Err(SettingsError::InvalidLabel {
            org_id: org.org_id.clone(),
            max: LABEL_MAX_CHARS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_accepts_what_the_client_accepts_and_normalizes() {
        assert_eq!(
            base_url("https://Billing.Example.com").unwrap(),
            "https://billing.example.com/",
            "the host is lower-cased and the empty path becomes /"
        );
        assert_eq!(
            base_url("https://h.example/api").unwrap(),
            "https://h.example/api/"
        );
        assert!(
            base_url("http://127.0.0.1:8080/api/").is_ok(),
            "the local stub is http"
        );
        assert!(base_url("http://localhost:1").is_ok());
        assert!(base_url("http://[::1]:1").is_ok());
    }

    #[test]
    fn base_url_refusals_carry_the_client_reason_without_the_password() {
        for text in [
            "billing.example.com",
            "ftp://billing.example.com",
            "http://billing.example.com",
            "https://me:hunter2@billing.example.com",
            "https://billing.example.com/?a=1",
            "https://billing.example.com/#top",
        ] {
            let err = base_url(text).unwrap_err();
            assert_eq!(
                err.code(),
                "settings.invalid_base_url",
                "{text} must be refused"
            );
            assert!(
                !err.to_string().contains("hunter2"),
                "a password in a URL must not be echoed: {err}"
            );
        }
    }

    #[test]
    fn connection_names_must_be_visible_text() {
        assert!(connection_name("Production (EU)").is_ok());
        assert!(
            connection_name("Prüfung 日本").is_ok(),
            "any script is fine"
        );
        assert!(matches!(
            connection_name(""),
            Err(SettingsError::ConnectionNameEmpty)
        ));
        assert!(matches!(
            connection_name("   "),
            Err(SettingsError::ConnectionNameEmpty)
        ));
        assert!(matches!(
            connection_name(" Prod"),
            Err(SettingsError::ConnectionNameSpaces { .. })
        ));
        assert!(matches!(
            connection_name("Pr\tod"),
            Err(SettingsError::ConnectionNameControl)
        ));
        assert!(matches!(
            connection_name(&"x".repeat(CONNECTION_NAME_MAX_CHARS + 1)),
            Err(SettingsError::ConnectionNameTooLong { .. })
        ));
        assert!(
            connection_name(&"é".repeat(CONNECTION_NAME_MAX_CHARS)).is_ok(),
            "limit counts characters, not bytes"
        );
    }

    #[test]
    fn org_ids_follow_the_org_id_rules_and_labels_are_visible_text() {
        let org = |id: &str| SavedOrg {
            org_id: id.to_owned(),
            label: None,
        };
        assert!(saved_org(&org("org_123")).is_ok());
        for bad in ["", ".", "..", "a\nb", &"x".repeat(257)] {
            assert!(
                matches!(saved_org(&org(bad)), Err(SettingsError::InvalidOrgId(_))),
                "{bad:?} must be refused"
            );
        }
        let labelled = SavedOrg {
            org_id: "o".into(),
            label: Some("line\nbreak".into()),
        };
        assert!(matches!(
            saved_org(&labelled),
            Err(SettingsError::InvalidLabel { .. })
        ));
        let long = SavedOrg {
            org_id: "o".into(),
            label: Some("é".repeat(LABEL_MAX_CHARS + 1)),
        };
        assert!(matches!(
            saved_org(&long),
            Err(SettingsError::InvalidLabel { .. })
        ));
    }
}
