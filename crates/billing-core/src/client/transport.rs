//! One try of the request: send, classify the answer, stream the body under the size cap.
//!
//! Everything here reports a [`Failure`], the raw reason a try did not produce a body; the
//! retry loop in [`super::BillingClient`] decides whether to try again and turns the last
//! failure into an [`super::ApiError`] together with what was tried.

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{ACCEPT, AUTHORIZATION, DATE, HeaderValue, LOCATION, RETRY_AFTER};
use reqwest::{Response, StatusCode, redirect};
use url::Url;

use crate::link;
use crate::retry;

/// Same-origin redirects followed before giving up.
pub(super) const MAX_REDIRECTS: usize = 5;

/// How much of an error body is read for its message; the rest is not needed.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Why one try produced no body.
#[derive(Debug)]
pub(super) enum Failure {
    /// The server answered with a status other than 200 and other than a redirect.
    Status {
        status: StatusCode,
        /// The start of the body, for the server's message.
        body: Vec<u8>,
        /// The parsed `Retry-After`, if any.
        retry_after: Option<Duration>,
    },
    /// The try's time limit passed (connecting, waiting for headers, or reading the body).
    Timeout,
    /// No connection could be made, or it broke before an answer arrived.
    Connect { detail: String },
    /// The connection broke while the body was arriving.
    Interrupted { detail: String },
    /// The TLS handshake failed.
    Tls { detail: String },
    /// The body is larger than the cap.
    TooLarge { announced: Option<u64> },
    /// The body is not the expected JSON (found while it streamed in; not retried).
    Decode(crate::model::DecodeError),
    /// A redirect to another origin, not followed.
    Redirect { to: String },
    /// More same-origin redirects than [`MAX_REDIRECTS`].
    TooManyRedirects,
    /// A status the API does not use (1xx, 2xx other than 200, a 3xx without a target).
    Unexpected { status: StatusCode },
    /// Anything else reqwest reports (not retried).
    Other { detail: String },
}

impl Failure {
    /// Whether a repeat of the same request might succeed.
    pub(super) fn is_transient(&self) -> bool {
        match self {
            Failure::Status { status, .. } => retry::is_retryable_status(status.as_u16()),
            Failure::Timeout | Failure::Connect { .. } | Failure::Interrupted { .. } => true,
            Failure::Tls { .. }
            | Failure::TooLarge { .. }
            | Failure::Decode(_)
            | Failure::Redirect { .. }
            | Failure::TooManyRedirects
            | Failure::Unexpected { .. }
            | Failure::Other { .. } => false,
        }
    }

    /// The pause the server asked for, if it did.
    pub(super) fn server_wait(&self) -> Option<Duration> {
        match self {
            Failure::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// The redirect rule: follow a redirect only to the origin the request started at, at most
/// [`MAX_REDIRECTS`] times; otherwise stop, so the 3xx reaches [`send_once`], which reports
/// it. Not following at all (rather than following without the token, which reqwest would
/// do) keeps the token and the organization ID away from any other origin.
pub(super) fn redirect_policy() -> redirect::Policy {
    redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|start| link::same_origin(start, attempt.url()));
        // `previous` holds the first URL and every followed redirect.
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// What [`send_once`] needs besides the URL.
pub(super) struct TryParams<'a> {
    pub http: &'a reqwest::Client,
    pub authorization: &'a HeaderValue,
    /// Limit for this try, headers and body (reqwest applies it to the body's reading too).
    pub timeout: Duration,
}

/// Sends one GET and returns a `200` answer, its body not read yet (see [`read_capped`] and
/// [`super::streamed`]); any other answer is a [`Failure`].
pub(super) async fn send_once(params: &TryParams<'_>, url: &Url) -> Result<Response, Failure> {
    let response = params
        .http
        .get(url.clone())
        .header(AUTHORIZATION, params.authorization.clone())
        .header(ACCEPT, "application/json")
        .timeout(params.timeout)
        .send()
        .await
        .map_err(classify)?;
    let status = response.status();
    if status == StatusCode::OK {
        return Ok(response);
    }
    if status.is_redirection() {
        return Err(refused_redirect(&response, url));
    }
    if status.is_client_error() || status.is_server_error() {
        let retry_after = retry_after(&response);
        let body = read_prefix(response, ERROR_BODY_LIMIT).await;
        return Err(Failure::Status {
            status,
            body,
            retry_after,
        });
    }
    Err(Failure::Unexpected { status })
}

/// Streams the body, refusing it as soon as it is known to exceed `cap`: up front from
/// `Content-Length`, and while counting, since a server may send no length or a wrong one.
pub(super) async fn read_capped(mut response: Response, cap: u64) -> Result<Vec<u8>, Failure> {
    let announced = response.content_length();
    if announced.is_some_and(|len| len > cap) {
        return Err(Failure::TooLarge { announced });
    }
    let capacity = usize::try_from(announced.unwrap_or(0)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(classify_body)? {
        let new_len = u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
        if new_len > cap {
            return Err(Failure::TooLarge { announced });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The first `limit` bytes of an error body; a broken or slow error body is not worth
/// failing over, so read errors just end the text.
async fn read_prefix(mut response: Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                body.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            Ok(None) | Err(_) => break,
        }
    }
    body
}

/// `Retry-After` as a pause. An HTTP-date is measured against the response's own `Date`
/// header when present, so a wrong clock on this computer does not distort it.
fn retry_after(response: &Response) -> Option<Duration> {
    let value = response.headers().get(RETRY_AFTER)?.to_str().ok()?;
    let server_now = response
        .headers()
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
        .map(|d| d.with_timezone(&Utc));
    // The shell reads the clock here; the parsing itself takes `now` as an argument.
    retry::parse_retry_after(value, server_now.unwrap_or_else(Utc::now))
}

/// A 3xx that the redirect policy did not follow: another origin, or one hop too many.
fn refused_redirect(response: &Response, requested: &Url) -> Failure {
    let target = response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|location| response.url().join(location).ok());
    match target {
        Some(target) if link::same_origin(requested, &target) => Failure::TooManyRedirects,
        Some(target) => Failure::Redirect {
            to: describe_origin(&target),
        },
        None => Failure::Unexpected {
            status: response.status(),
        },
    }
}

fn describe_origin(url: &Url) -> String {
    if url.origin().is_tuple() {
        link::origin_text(url)
    } else {
        format!("a \"{}:\" address", url.scheme())
    }
}

/// Sorts a reqwest error from sending or reading headers into a [`Failure`].
fn classify(error: reqwest::Error) -> Failure {
    if let Some(detail) = tls_problem(&error) {
        return Failure::Tls { detail };
    }
    if error.is_timeout() {
        return Failure::Timeout;
    }
    if error.is_connect() {
        return Failure::Connect {
            detail: connect_problem(&error),
        };
    }
    if error.is_body() || error.is_decode() {
        return Failure::Interrupted {
            detail: interrupted_problem(&error),
        };
    }
    if error.is_request() {
        // A connection closed or reset after it was made, before the answer arrived (a
        // server dropping a kept-alive connection): transient, like a failed connect.
        return Failure::Connect {
            detail: innermost_message(&error),
        };
    }
    Failure::Other {
        detail: innermost_message(&error),
    }
}

/// Errors while reading the body: a timeout stays a timeout, anything else is a broken
/// download.
pub(super) fn classify_body(error: reqwest::Error) -> Failure {
    if error.is_timeout() {
        return Failure::Timeout;
    }
    Failure::Interrupted {
        detail: interrupted_problem(&error),
    }
}

/// Every error in `error`'s chain, including those wrapped inside an `io::Error` payload:
/// `io::Error::source` skips its payload, and connectors nest one `io::Error` in another
/// (`Other` around `InvalidData` around the TLS error).
fn causes<'a>(error: &'a (dyn StdError + 'static)) -> Vec<&'a (dyn StdError + 'static)> {
    let mut found = Vec::new();
    let mut pending = vec![error];
    while let Some(e) = pending.pop() {
        found.push(e);
        if let Some(payload) = e.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
            pending.push(payload);
        } else if let Some(next) = e.source() {
            pending.push(next);
        }
    }
    found
}

/// The TLS failure inside `error`, in plain words, if there is one.
fn tls_problem(error: &(dyn StdError + 'static)) -> Option<String> {
    causes(error)
        .into_iter()
        .find_map(|e| e.downcast_ref::<rustls::Error>())
        .map(describe_tls)
}

fn describe_tls(error: &rustls::Error) -> String {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(cert) => match cert {
            C::Expired | C::ExpiredContext { .. } => "the service's certificate has expired".into(),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "the service's certificate is not valid yet (check this computer's date)".into()
            }
            C::UnknownIssuer => {
                "the service's certificate is not issued by an authority this computer trusts"
                    .into()
            }
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "the service's certificate belongs to a different host name".into()
            }
            C::Revoked => "the service's certificate has been revoked".into(),
            other => format!("the service's certificate was not accepted ({other:?})"),
        },
        rustls::Error::InvalidMessage(_) | rustls::Error::InappropriateMessage { .. } => {
            "the server did not answer with a secure (https) connection; the address may need \
             http instead, or point at the wrong port"
                .into()
        }
        rustls::Error::AlertReceived(alert) => {
            format!("the server ended the secure connection ({alert:?})")
        }
        other => format!("the secure connection failed ({other})"),
    }
}

fn connect_problem(error: &reqwest::Error) -> String {
    if error.is_dns() {
        return "the host name could not be found".into();
    }
    match io_kind(error) {
        Some(io::ErrorKind::ConnectionRefused) => {
            "the connection was refused (the service may be down, or the address or port wrong)"
                .into()
        }
        Some(io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted) => {
            "the connection was reset".into()
        }
        Some(io::ErrorKind::HostUnreachable | io::ErrorKind::NetworkUnreachable) => {
            "the network or the host is unreachable".into()
        }
        _ => format!("the connection failed ({})", innermost_message(error)),
    }
}

fn interrupted_problem(error: &reqwest::Error) -> String {
    format!(
        "the connection broke while the answer was downloading ({})",
        innermost_message(error)
    )
}

/// The kind of the innermost `io::Error` in the chain (the outer ones are often `Other`).
fn io_kind(error: &(dyn StdError + 'static)) -> Option<io::ErrorKind> {
    causes(error)
        .into_iter()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .map(io::Error::kind)
        .last()
}

/// The deepest cause's message: the most specific one, and (unlike reqwest's own Display)
/// free of the request URL.
fn innermost_message(error: &(dyn StdError + 'static)) -> String {
    causes(error)
        .last()
        .map_or_else(|| error.to_string(), ToString::to_string)
}
