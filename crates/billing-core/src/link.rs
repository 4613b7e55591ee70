//! Where traffic may go: the one place that decides which URLs Billing Desk talks to or opens.
//!
//! Two kinds of URL cross this module:
//! - the **API base URL** from settings, which receives the bearer token: it must be `https`
//!   (plain `http` only on a loopback host, for the local stub), carry no user name or
//!   password, and no query or fragment that the request URL would silently drop;
//! - **external links** from API data (hosted invoice page, invoice PDF) that the user opens
//!   in a browser or downloads: only `https`, or `http` on loopback (the demo stub), so a
//!   `javascript:`, `file:` or `data:` link in a response can never be opened.
//!
//! The organization ID always becomes exactly one path segment of the request URL
//! ([`billing_details_url`]), whatever characters it holds.

use std::net::IpAddr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use thiserror::Error;
use url::{Host, Url};

use crate::ids::OrgId;

/// Characters left as they are in a path segment: RFC 3986 "unreserved". Everything else,
/// `/ ? # % ;` and spaces and non-ASCII included, is percent-encoded, so no ID can add a
/// segment, start a query or be read as an escape.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Why a URL is refused. Messages never repeat the URL's user name or password.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    /// Not a URL at all.
    #[error("{}", not_a_url_message(shown.as_deref()))]
    NotAUrl {
        /// The input, shortened, for the message; `None` when it contained an `@`, because
        /// text that failed to parse may still hold a `user:password@` part.
        shown: Option<String>,
    },
    /// A scheme other than http/https (`ftp:`, `file:`, `javascript:`, `data:` …).
    #[error("Addresses starting with \"{scheme}:\" are not allowed; only https:// addresses are.")]
    UnsupportedScheme {
        /// The refused scheme.
        scheme: String,
    },
    /// `http` to a host that is not this computer: the token or document would travel unencrypted.
    #[error(
        "The address {host} uses plain http, which is not encrypted. Use an https:// address \
         (plain http is only allowed for this computer: localhost, 127.0.0.1 or [::1])."
    )]
    Insecure {
        /// The host that was asked for over plain http.
        host: String,
    },
    /// `https://user:password@host`: credentials in the URL could leak into logs and history.
    #[error(
        "The address contains a user name or password before the host name. Remove it: \
         the API token is set separately (Connections screen, or `bdesk token set`)."
    )]
    UserInfo,
    /// A base URL with `?…` or `#…`, which the request URL would drop.
    #[error(
        "The API address must not contain \"?\" or \"#\". Remove everything from that character on."
    )]
    QueryOrFragment,
    /// A URL with no host, such as `https:///v1`.
    #[error("The address has no host name. Enter it in full, for example https://api.example.com.")]
    NoHost,
    /// A link from a remote API to this computer or a private network: it would let a foreign
    /// server reach services that are not on the internet.
    #[error(
        "The link points to {host}, on this computer or a private network, but the billing API \
         is not; such a link is not followed."
    )]
    LocalTarget {
        /// The host of the link.
        host: String,
    },
}

impl LinkError {
    /// `true` when the only problem is plain http to a remote host: the UI words that one
    /// differently ("use https") from a malformed address.
    pub fn is_insecure(&self) -> bool {
        matches!(self, LinkError::Insecure { .. })
    }
}

/// Validates the API base URL from settings and normalizes it.
///
/// Accepted: `https://host[:port][/prefix]`, or `http://` when the host is loopback
/// (`localhost`, any `127.0.0.0/8` address, `[::1]`). The path prefix is kept and always ends
/// with exactly the slash that separates it from `v1/…`, so `https://h/api` and
/// `https://h/api/` are the same base. Surrounding whitespace is ignored.
///
/// # Errors
/// [`LinkError`] for unparseable input, another scheme, remote plain http, user info, a
/// query or fragment, or a missing host.
pub fn validate_base_url(input: &str) -> Result<Url, LinkError> {
    let mut url = parse(input)?;
    check_scheme_host_userinfo(&url)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(LinkError::QueryOrFragment);
    }
    let path = url.path();
    if !path.ends_with('/') {
        let with_slash = format!("{path}/");
        url.set_path(&with_slash);
    }
    Ok(url)
}

/// The billing-details URL for `org` under a base URL from [`validate_base_url`]:
/// `{base}v1/organizations/{orgId}/stripe/billing-details`.
///
/// The ID is percent-encoded as one path segment: every byte outside RFC 3986 "unreserved"
/// is escaped, so `a/b` stays one segment (`a%2Fb`), `?` and `#` cannot start a query or
/// fragment, and `%` is escaped rather than read as an escape. [`OrgId`] already refuses `.`
/// and `..`, the only unreserved-only values a URL would reinterpret.
pub fn billing_details_url(base: &Url, org: &OrgId) -> Url {
    let mut url = base.clone();
    let prefix = base.path().trim_end_matches('/');
    let encoded = utf8_percent_encode(org.as_str(), SEGMENT);
    let path = format!("{prefix}/v1/organizations/{encoded}/stripe/billing-details");
    url.set_path(&path);
    url.set_query(None);
    url.set_fragment(None);
    url
}

/// Validates a link from API data before the user opens or downloads it (hosted invoice
/// page, invoice PDF).
///
/// Only `https` is accepted, plus `http` on a loopback host (the demo stub serves its own
/// pages). Queries and fragments are fine: hosted pages carry their access key there.
///
/// # Errors
/// [`LinkError`] for unparseable input, any other scheme (`javascript:`, `data:`, `file:` …),
/// remote plain http, user info, or a missing host.
pub fn validate_external_link(input: &str) -> Result<Url, LinkError> {
    let url = parse(input)?;
    check_scheme_host_userinfo(&url)?;
    Ok(url)
}

/// [`validate_external_link`] for a link that arrived in the data of the API at `api`: a link
/// to this computer or a private network ([`is_local_host`]) is accepted only when the API is
/// on this computer itself (the stub, the demo). Host names are checked as written here; the
/// PDF downloader also checks the addresses a name resolves to.
///
/// # Errors
/// As [`validate_external_link`], and [`LinkError::LocalTarget`].
pub fn validate_link_from(input: &str, api: &Url) -> Result<Url, LinkError> {
    let url = validate_external_link(input)?;
    refuse_local_target(&url, is_loopback_host(api))?;
    Ok(url)
}

/// [`LinkError::LocalTarget`] for a link to this computer or a private network, unless
/// `local_ok` (the API is on this computer).
///
/// # Errors
/// [`LinkError::LocalTarget`].
pub fn refuse_local_target(url: &Url, local_ok: bool) -> Result<(), LinkError> {
    if !local_ok && is_local_host(url) {
        return Err(LinkError::LocalTarget {
            host: url.host_str().unwrap_or_default().to_owned(),
        });
    }
    Ok(())
}

/// Whether the URL's host is this computer ([`is_loopback_host`]) or an address that is not
/// on the internet: private, link-local, shared (carrier NAT), unspecified or unique-local.
pub fn is_local_host(url: &Url) -> bool {
    match url.host() {
        // `localhost` and any name under it (RFC 6761), with or without the final dot.
        Some(Host::Domain(name)) => name
            .trim_end_matches('.')
            .rsplit('.')
            .next()
            .is_some_and(|last| last.eq_ignore_ascii_case("localhost")),
        Some(Host::Ipv4(ip)) => !is_public_ip(IpAddr::V4(ip)),
        Some(Host::Ipv6(ip)) => !is_public_ip(IpAddr::V6(ip)),
        None => false,
    }
}

/// Whether an address is on the internet: not loopback, private, link-local, shared,
/// unspecified, broadcast, documentation, multicast or unique-local (an IPv4-mapped IPv6
/// address is judged as its IPv4 address).
pub fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, _, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_ip(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// Hosts whose links open without asking: Stripe's hosted invoice pages and PDFs.
pub const DEFAULT_LINK_HOSTS: &[&str] = &["invoice.stripe.com", "pay.stripe.com"];

/// Whether a validated link may open without asking the user first: its host is one of
/// [`DEFAULT_LINK_HOSTS`], one the user confirmed for this connection (`confirmed`), the API's
/// own host, or (for an API on this computer: the stub, the demo) this computer. Any other
/// host is shown to the user before the link opens, so a hostile server cannot send them
/// somewhere unnoticed.
pub fn link_host_known(link: &Url, api: &Url, confirmed: &[String]) -> bool {
    let Some(host) = link.host_str() else {
        return false;
    };
    DEFAULT_LINK_HOSTS
        .iter()
        .any(|known| host.eq_ignore_ascii_case(known))
        || confirmed
            .iter()
            .any(|known| host.eq_ignore_ascii_case(known))
        || api
            .host_str()
            .is_some_and(|own| host.eq_ignore_ascii_case(own))
        || (is_loopback_host(api) && is_local_host(link))
}

/// Whether two URLs share scheme, host and port (the web's notion of origin). URLs with an
/// opaque origin (`data:`, `file:` …) are never the same origin as anything.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    let (a, b) = (a.origin(), b.origin());
    a.is_tuple() && a == b
}

/// `scheme://host[:port]` of a URL, for messages (never the path, user info or query).
pub fn origin_text(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Whether the host is this computer: `localhost`, an address in `127.0.0.0/8`, or `::1`.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

fn parse(input: &str) -> Result<Url, LinkError> {
    let input = input.trim();
    Url::parse(input).map_err(|_| LinkError::NotAUrl {
        shown: shorten(input),
    })
}

fn check_scheme_host_userinfo(url: &Url) -> Result<(), LinkError> {
    match url.scheme() {
        "https" | "http" => {}
        other => {
            return Err(LinkError::UnsupportedScheme {
                scheme: other.to_owned(),
            });
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(LinkError::UserInfo);
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(LinkError::NoHost);
    };
    if url.scheme() == "http" && !is_loopback_host(url) {
        return Err(LinkError::Insecure {
            host: host.to_owned(),
        });
    }
    Ok(())
}

/// Shortens unparseable input for a message, at a character boundary; `None` (show nothing)
/// when it contains an `@`, which may follow a password.
fn shorten(input: &str) -> Option<String> {
    const MAX_CHARS: usize = 80;
    if input.contains('@') {
        return None;
    }
    let mut out: String = input.chars().take(MAX_CHARS).collect();
    if input.chars().count() > MAX_CHARS {
        out.push('…');
    }
    Some(out)
}

fn not_a_url_message(shown: Option<&str>) -> String {
    let example = "Enter it in full, for example https://api.example.com.";
    match shown {
        Some(text) if !text.is_empty() => format!("\"{text}\" is not a web address. {example}"),
        _ => format!("The text entered is not a web address. {example}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(text: &str) -> OrgId {
        OrgId::parse(text).unwrap()
    }

    #[test]
    fn https_base_urls_are_accepted_and_get_a_trailing_slash() {
        let cases = [
            ("https://api.example.com", "https://api.example.com/"),
            ("https://api.example.com/", "https://api.example.com/"),
            (
                "https://api.example.com/prefix",
                "https://api.example.com/prefix/",
            ),
            (
                "https://api.example.com/prefix/",
                "https://api.example.com/prefix/",
            ),
            (
                "  https://API.example.com:8443/a/b \n",
                "https://api.example.com:8443/a/b/",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                validate_base_url(input).unwrap().as_str(),
                expected,
                "{input:?} is a valid https base; the prefix is kept and ends in one slash"
            );
        }
    }

    #[test]
    fn plain_http_is_only_for_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3/",
            "http://localhost:3000/prefix",
            "http://LOCALHOST",
            "http://[::1]:9000",
        ] {
            assert!(validate_base_url(ok).is_ok(), "{ok} is this computer");
        }
        for bad in [
            "http://api.example.com",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::ffff:127.0.0.1]",
            "http://128.0.0.1",
        ] {
            let err = validate_base_url(bad).unwrap_err();
            assert!(err.is_insecure(), "{bad} is remote plain http, got {err:?}");
            assert!(
                err.to_string().contains("https"),
                "the message says what to use instead"
            );
        }
    }

    #[test]
    fn base_urls_with_credentials_query_or_odd_schemes_are_refused() {
        let err = validate_base_url("https://alice:s3cret@api.example.com").unwrap_err();
        assert_eq!(err, LinkError::UserInfo);
        assert!(!err.to_string().contains("s3cret"), "never echo a password");
        assert_eq!(
            validate_base_url("https://bob@api.example.com").unwrap_err(),
            LinkError::UserInfo
        );
        assert_eq!(
            validate_base_url("https://api.example.com/?x=1").unwrap_err(),
            LinkError::QueryOrFragment
        );
        assert_eq!(
            validate_base_url("https://api.example.com/#top").unwrap_err(),
            LinkError::QueryOrFragment
        );
        assert!(matches!(
            validate_base_url("ftp://api.example.com").unwrap_err(),
            LinkError::UnsupportedScheme { .. }
        ));
        assert!(matches!(
            validate_base_url("api.example.com").unwrap_err(),
            LinkError::NotAUrl { .. }
        ));
        assert!(matches!(
            validate_base_url("").unwrap_err(),
            LinkError::NotAUrl { .. }
        ));
    }

    #[test]
    fn unparseable_input_never_echoes_what_follows_an_at_sign() {
        let err = validate_base_url("not a url user:hunter2@host").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }

    #[test]
    fn billing_url_appends_the_endpoint_under_the_prefix() {
        let base = validate_base_url("https://api.example.com/prefix").unwrap();
        assert_eq!(
            billing_details_url(&base, &org("org_123")).as_str(),
            "https://api.example.com/prefix/v1/organizations/org_123/stripe/billing-details"
        );
        let root = validate_base_url("http://127.0.0.1:4000").unwrap();
        assert_eq!(
            billing_details_url(&root, &org("acme")).as_str(),
            "http://127.0.0.1:4000/v1/organizations/acme/stripe/billing-details"
        );
    }

    #[test]
    fn tricky_org_ids_stay_exactly_one_segment() {
        let base = validate_base_url("https://api.example.com/p").unwrap();
        let cases = [
            ("a/b", "a%2Fb"),
            ("../admin", "..%2Fadmin"),
            ("a?b=c", "a%3Fb%3Dc"),
            ("a#frag", "a%23frag"),
            ("100%", "100%25"),
            ("%2e%2e", "%252e%252e"),
            ("a b", "a%20b"),
            ("café", "caf%C3%A9"),
            ("a;b", "a%3Bb"),
            ("a\\b", "a%5Cb"),
            ("...", "..."),
            ("org-1.x_y~z", "org-1.x_y~z"),
        ];
        for (id, encoded) in cases {
            let url = billing_details_url(&base, &org(id));
            let expected = format!(
                "https://api.example.com/p/v1/organizations/{encoded}/stripe/billing-details"
            );
            assert_eq!(url.as_str(), expected, "orgId {id:?}");
            assert_eq!(url.query(), None, "{id:?} must not start a query");
            assert_eq!(url.fragment(), None, "{id:?} must not start a fragment");
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            assert_eq!(
                segments.len(),
                6,
                "{id:?} must add exactly one segment: {segments:?}"
            );
            let decoded = percent_encoding::percent_decode_str(segments[3])
                .decode_utf8()
                .unwrap();
            assert_eq!(decoded, id, "the segment decodes back to the ID");
        }
    }

    #[test]
    fn external_links_allow_https_and_loopback_http_only() {
        for ok in [
            "https://invoice.stripe.com/i/acct_1/test?s=ap",
            "https://pay.example.com/invoice.pdf#page=2",
            "http://127.0.0.1:4000/demo/invoices/in_1.pdf",
            "http://localhost/hosted/in_1",
        ] {
            assert!(validate_external_link(ok).is_ok(), "{ok} is safe to open");
        }
        let refused = [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "ftp://files.example.com/a.pdf",
            "mailto:billing@example.com",
            "http://invoice.example.com/in_1",
            "https://user:pw@invoice.example.com/in_1",
            "not a link",
        ];
        for bad in refused {
            assert!(
                validate_external_link(bad).is_err(),
                "{bad} must not be opened"
            );
        }
    }

    #[test]
    fn only_stripe_the_api_s_own_and_confirmed_hosts_open_without_asking() {
        let api = Url::parse("https://billing.example.com/api/").unwrap();
        let local_api = Url::parse("http://127.0.0.1:8787/").unwrap();
        let link = |s: &str| Url::parse(s).unwrap();
        let confirmed = vec!["files.example.net".to_owned()];
        for known in [
            "https://invoice.stripe.com/i/acct_1/in_1",
            "https://PAY.stripe.com/invoice/x/pdf",
            "https://billing.example.com/pdf/1",
            "https://files.example.net/in_1.pdf",
        ] {
            assert!(link_host_known(&link(known), &api, &confirmed), "{known}");
        }
        for unknown in [
            "https://evil.example/in_1.pdf",
            "https://invoice.stripe.com.evil.example/x",
            "https://example.com/hosted?next=javascript:alert(1)",
        ] {
            assert!(
                !link_host_known(&link(unknown), &api, &confirmed),
                "{unknown}"
            );
        }
        assert!(link_host_known(
            &link("http://127.0.0.1:9/x.pdf"),
            &local_api,
            &[]
        ));
        assert!(!link_host_known(
            &link("https://evil.example/x"),
            &local_api,
            &[]
        ));
    }

    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(same_origin(
            &u("https://a.example/x"),
            &u("https://a.example:443/y?z")
        ));
        assert!(same_origin(
            &u("http://127.0.0.1:80/"),
            &u("http://127.0.0.1/v1")
        ));
        assert!(!same_origin(
            &u("https://a.example/"),
            &u("http://a.example/")
        ));
        assert!(!same_origin(
            &u("https://a.example/"),
            &u("https://b.example/")
        ));
        assert!(!same_origin(
            &u("http://127.0.0.1:1/"),
            &u("http://127.0.0.1:2/")
        ));
        assert!(
            !same_origin(&u("data:text/plain,a"), &u("data:text/plain,a")),
            "opaque origins never match"
        );
        assert_eq!(
            origin_text(&u("https://u:p@a.example:8443/x?y")),
            "https://a.example:8443"
        );
    }

    #[test]
    fn links_to_this_computer_or_a_private_network_only_from_an_api_on_this_computer() {
        let remote = Url::parse("https://api.example.com/").unwrap();
        let local = Url::parse("http://127.0.0.1:8787/").unwrap();
        for link in [
            "http://127.0.0.1/x.pdf",
            "http://localhost:9000/x.pdf",
            "http://[::1]/x.pdf",
            "https://10.0.0.5/x.pdf",
            "https://192.168.1.1/admin",
            "https://172.16.0.1/",
            "https://169.254.169.254/latest/meta-data/",
            "https://100.64.0.1/",
            "https://0.0.0.0/",
            "https://[fd00::1]/",
            "https://[fe80::1]/",
            "https://[::ffff:127.0.0.1]/",
            "https://printer.localhost/",
        ] {
            assert!(
                matches!(
                    validate_link_from(link, &remote),
                    Err(LinkError::LocalTarget { .. })
                ),
                "{link} from a remote API"
            );
            assert!(
                validate_link_from(link, &local).is_ok(),
                "{link} from the stub on this computer"
            );
        }
        for link in [
            "https://invoice.stripe.com/i/x",
            "https://8.8.8.8/x.pdf",
            "https://[2001:4860::8888]/",
        ] {
            assert!(validate_link_from(link, &remote).is_ok(), "{link}");
        }
        assert!(
            validate_link_from("javascript:alert(1)", &local).is_err(),
            "the other rules still hold"
        );
    }
}
