//! The HTTP surface: the billing-details route under any path prefix, the hosted pages and
//! PDFs its links point at, and a loud catch-all for everything else.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;

use crate::pdf::PdfFault;
use crate::record::RecordedRequest;
use crate::scenarios;
use crate::state::ListenerState;
use crate::{body, hosted, pdf};

pub(crate) fn router(state: ListenerState) -> Router {
    Router::new()
        .route("/hosted/{invoice_id}", get(hosted_page))
        .route("/pdf/{file}", get(pdf_file))
        .fallback(dispatch)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            record_and_delay,
        ))
        .with_state(state)
}

/// Records the request, applies the configured latency and logs the outcome
/// (method, path and status only: the `Authorization` value is never logged).
async fn record_and_delay(
    State(state): State<ListenerState>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().to_string();
    let path = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_owned(),
        |p| p.as_str().to_owned(),
    );
    if state.shared.demo_only {
        if !own_host(&state, request.headers()) {
            tracing::warn!(%path, "request for another host refused");
            return body::json_error(StatusCode::MISDIRECTED_REQUEST, "Unknown host.");
        }
        // The demo runs as long as the app: nothing is kept per request.
        return next.run(request).await;
    }
    state.recorder().push(RecordedRequest {
        method: method.clone(),
        path: path.clone(),
        authorization: request
            .headers()
            .get(AUTHORIZATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
        at: std::time::Instant::now(),
    });
    if !state.shared.latency.is_zero() {
        tokio::time::sleep(state.shared.latency).await;
    }
    let response = next.run(request).await;
    tracing::info!(
        origin = state.origin.name(),
        %method,
        %path,
        status = response.status().as_u16(),
        "served"
    );
    response
}

/// Whether the `Host` header names this listener: its own `127.0.0.1:port` (or
/// `localhost:port`), as every client of the demo sends it.
fn own_host(state: &ListenerState, headers: &HeaderMap) -> bool {
    let Some(host) = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
    else {
        return false;
    };
    let own = state.own_base().trim_start_matches("http://");
    let port = own.rsplit_once(':').map(|(_, port)| port);
    host.eq_ignore_ascii_case(own)
        || port.is_some_and(|port| host.eq_ignore_ascii_case(&format!("localhost:{port}")))
}

/// A request for the billing-details route, found in a path of the form
/// `{prefix}/v1/organizations/{orgId}/stripe/billing-details`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DetailsPath {
    /// Whatever came before `/v1`, e.g. `""` or `/api`; kept for same-origin redirects.
    pub(crate) prefix: String,
    /// The orgId segment, percent-decoded.
    pub(crate) org_id: String,
}

/// Splits first, then decodes, so an encoded `/` (`%2F`) stays inside the orgId.
/// Returns `None` when the path is not the billing-details route, `Some(Err)` when it is but
/// the orgId is not UTF-8.
pub(crate) fn parse_details_path(path: &str) -> Option<Result<DetailsPath, ()>> {
    let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let [
        prefix @ ..,
        "v1",
        "organizations",
        org,
        "stripe",
        "billing-details",
    ] = segments.as_slice()
    else {
        return None;
    };
    if org.is_empty() {
        return None;
    }
    let prefix = prefix.iter().fold(String::new(), |acc, s| acc + "/" + s);
    Some(
        percent_decode_str(org)
            .decode_utf8()
            .map(|org_id| DetailsPath {
                prefix,
                org_id: org_id.into_owned(),
            })
            .map_err(|_| ()),
    )
}

async fn dispatch(
    State(state): State<ListenerState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some(parsed) = parse_details_path(uri.path()) else {
        return not_found(&method, &uri);
    };
    if method != Method::GET && method != Method::HEAD {
        return body::json_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "Only GET is supported on this route.",
        );
    }
    if !authorized(&state, &headers) {
        tracing::warn!(
            origin = state.origin.name(),
            path = uri.path(),
            "bearer token missing or refused"
        );
        let mut response =
            body::json_error(StatusCode::UNAUTHORIZED, "Invalid or missing API token.");
        response.headers_mut().insert(
            WWW_AUTHENTICATE,
            axum::http::HeaderValue::from_static("Bearer"),
        );
        return response;
    }
    match parsed {
        Ok(route) if state.shared.demo_only => scenarios::demo_data(&state, &route),
        Ok(route) => scenarios::respond(&state, &route, &uri).await,
        Err(()) => body::json_error(
            StatusCode::BAD_REQUEST,
            "The organization id is not valid UTF-8.",
        ),
    }
}

/// With no configured token every request passes; otherwise the header must be
/// `Bearer <token>` (the scheme is case-insensitive, as RFC 9110 says).
fn authorized(state: &ListenerState, headers: &HeaderMap) -> bool {
    let Some(expected) = state.shared.token.as_deref() else {
        return true;
    };
    headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .is_some_and(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer") && token == expected)
}

fn not_found(method: &Method, uri: &Uri) -> Response {
    // Loud on purpose: a client calling a path the stub does not know is a bug in the client
    // or in a test, and a quiet 404 would hide it.
    tracing::warn!(%method, path = uri.path(), "UNMATCHED ROUTE: the stub has no handler for this request");
    body::json_error(
        StatusCode::NOT_FOUND,
        &format!("billing-stub has no route for {method} {}", uri.path()),
    )
}

async fn hosted_page(
    State(state): State<ListenerState>,
    Path(invoice_id): Path<String>,
) -> Response {
    let page = hosted::hosted_page(
        &invoice_id,
        &crate::wire::pdf_url(state.own_base(), &invoice_id),
    );
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// The `?fault=` and `?mib=` of a PDF link; any other parameter (`s`, `t`) is ignored.
#[derive(Debug, Default, serde::Deserialize)]
struct PdfQuery {
    fault: Option<String>,
    mib: Option<u64>,
}

async fn pdf_file(
    State(state): State<ListenerState>,
    method: Method,
    uri: Uri,
    Path(file): Path<String>,
    Query(query): Query<PdfQuery>,
) -> Response {
    let Some(invoice_id) = file.strip_suffix(".pdf").filter(|id| !id.is_empty()) else {
        return not_found(&method, &uri);
    };
    let fault = if state.shared.demo_only {
        None
    } else {
        PdfFault::parse(query.fault.as_deref(), query.mib)
    };
    match fault {
        None => (
            [(CONTENT_TYPE, "application/pdf")],
            pdf::invoice_pdf(invoice_id),
        )
            .into_response(),
        Some(PdfFault::NotPdf) => (
            [(CONTENT_TYPE, "application/pdf")],
            hosted::hosted_page(invoice_id, "#"),
        )
            .into_response(),
        Some(PdfFault::Missing) => {
            body::json_error(StatusCode::NOT_FOUND, "This invoice link has expired.")
        }
        Some(PdfFault::ServerError) => {
            body::json_error(StatusCode::INTERNAL_SERVER_ERROR, "PDF rendering failed.")
        }
        Some(PdfFault::Big { mib, declared }) => {
            let mut response = (
                [(CONTENT_TYPE, "application/pdf")],
                Body::from_stream(pdf::big_pdf_chunks(mib)),
            )
                .into_response();
            if declared {
                response.headers_mut().insert(
                    CONTENT_LENGTH,
                    HeaderValue::from(mib.saturating_mul(1024 * 1024)),
                );
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(path: &str) -> Option<(String, String)> {
        parse_details_path(path).map(|parsed| {
            let route = parsed.unwrap_or_else(|()| panic!("{path} should decode"));
            (route.prefix, route.org_id)
        })
    }

    #[test]
    fn finds_the_org_under_any_prefix() {
        let route = |prefix: &str, org_id: &str| Some((prefix.to_owned(), org_id.to_owned()));
        assert_eq!(
            org("/v1/organizations/acme/stripe/billing-details"),
            route("", "acme")
        );
        assert_eq!(
            org("/api/x/v1/organizations/a%2Fb/stripe/billing-details"),
            route("/api/x", "a/b")
        );
        assert_eq!(
            org("/v1/organizations/%C3%A9/stripe/billing-details"),
            route("", "é")
        );
    }

    #[test]
    fn rejects_other_shapes() {
        for path in [
            "/v1/organizations//stripe/billing-details",
            "/v1/organizations/a/b/stripe/billing-details/",
            "/v2/organizations/a/stripe/billing-details",
            "v1/organizations/a/stripe/billing-details",
        ] {
            assert_eq!(parse_details_path(path), None, "{path} is not the route");
        }
        assert_eq!(
            parse_details_path("/v1/organizations/%FF/stripe/billing-details"),
            Some(Err(())),
            "non-UTF-8 ids are the route but invalid"
        );
    }
}
