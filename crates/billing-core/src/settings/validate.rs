//! The rules a connection, its URL and its saved organizations must follow.

use url::{Host, Url};

use super::error::{SettingsError, UrlProblem};
use super::model::{Connection, MAX_CONCURRENCY, MAX_TIMEOUT_SECS, SavedOrg};

/// Longest connection name accepted, in characters.
pub const CONNECTION_NAME_MAX_CHARS: usize = 64;
/// Longest organization label accepted, in characters.
pub const LABEL_MAX_CHARS: usize = 200;
/// Longest organization ID accepted, in bytes (the same limit the API client applies).
const ORG_ID_MAX_BYTES: usize = 256;

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

/// Parses and normalizes an API base URL.
///
/// `https` is required, except `http` to this computer (the local stub, a local proxy),
/// because the bearer token travels with every request. User names, passwords, queries and
/// fragments are refused: they would end up in the settings file or be silently dropped.
/// The URL itself never appears in the error, as it may hold a password.
pub(super) fn base_url(text: &str) -> Result<String, SettingsError> {
    let invalid = |problem| SettingsError::InvalidBaseUrl { problem };
    let url = Url::parse(text.trim()).map_err(|_| invalid(UrlProblem::NotAUrl))?;
    let host = url.host().ok_or(invalid(UrlProblem::NotAUrl))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => return Err(invalid(UrlProblem::PlainHttp)),
        _ => return Err(invalid(UrlProblem::NotAUrl)),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(UrlProblem::Credentials));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(UrlProblem::QueryOrFragment));
    }
    Ok(url.into())
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(domain) => domain.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
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

/// An organization ID becomes one URL path segment, and a label is shown in lists.
pub(super) fn saved_org(org: &SavedOrg) -> Result<(), SettingsError> {
    let id = org.org_id.as_str();
    if id.is_empty()
        || id == "."
        || id == ".."
        || id.len() > ORG_ID_MAX_BYTES
        || id.chars().any(char::is_control)
    {
        return Err(SettingsError::InvalidOrgId {
            org_id: id.escape_debug().to_string(),
        });
    }
    if let Some(label) = &org.label
        && (label.chars().any(char::is_control) || label.chars().count() > LABEL_MAX_CHARS)
    {
        return Err(SettingsError::InvalidLabel {
            org_id: id.to_owned(),
            max: LABEL_MAX_CHARS,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_accepts_https_and_loopback_http_and_normalizes() {
        assert_eq!(
            base_url("https://Billing.Example.com").unwrap(),
            "https://billing.example.com/",
            "the host is lower-cased and the empty path becomes /"
        );
        assert!(
            base_url("http://127.0.0.1:8080/api/").is_ok(),
            "the local stub is http"
        );
        assert!(base_url("http://localhost:1").is_ok());
        assert!(base_url("http://[::1]:1").is_ok());
    }

    #[test]
    fn base_url_refusals_name_the_problem_without_echoing_the_url() {
        let cases = [
            ("billing.example.com", UrlProblem::NotAUrl),
            ("ftp://billing.example.com", UrlProblem::NotAUrl),
            ("mailto:a@b.c", UrlProblem::NotAUrl),
            ("http://billing.example.com", UrlProblem::PlainHttp),
            (
                "https://me:hunter2@billing.example.com",
                UrlProblem::Credentials,
            ),
            (
                "https://billing.example.com/?a=1",
                UrlProblem::QueryOrFragment,
            ),
            (
                "https://billing.example.com/#top",
                UrlProblem::QueryOrFragment,
            ),
        ];
        for (text, expected) in cases {
            match base_url(text) {
                Err(SettingsError::InvalidBaseUrl { problem }) => {
                    assert_eq!(problem, expected, "wrong reason for {text}")
                }
                other => panic!("{text} should be refused, got {other:?}"),
            }
        }
        let message = base_url("https://me:hunter2@billing.example.com")
            .unwrap_err()
            .to_string();
        assert!(
            !message.contains("hunter2"),
            "a password in a URL must not be echoed: {message}"
        );
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
    fn org_ids_must_fit_one_path_segment() {
        let org = |id: &str| SavedOrg {
            org_id: id.to_owned(),
            label: None,
        };
        assert!(saved_org(&org("org_123")).is_ok());
        for bad in ["", ".", "..", "a\nb", &"x".repeat(ORG_ID_MAX_BYTES + 1)] {
            assert!(
                matches!(
                    saved_org(&org(bad)),
                    Err(SettingsError::InvalidOrgId { .. })
                ),
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
    }
}
