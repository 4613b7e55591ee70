//! Response bodies: plain JSON and the misbehaving streams (slow, truncated).

use std::time::Duration;

use axum::body::Body;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::{StreamExt, stream};

/// A JSON body with the given status.
pub(crate) fn json(status: StatusCode, body: impl Into<Bytes>) -> Response {
    (status, [(CONTENT_TYPE, "application/json")], body.into()).into_response()
}

/// `{"error":{"message":...}}`, the API's error shape.
pub(crate) fn json_error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "message": message } });
    json(status, body.to_string())
}

/// Sends the status and headers (with the true `Content-Length`) at once, then the body one
/// byte per `per_byte`, so only a client with a total or read timeout gets out.
pub(crate) fn trickle(body: Bytes, per_byte: Duration) -> Response {
    let length = body.len();
    let chunks = stream::unfold((body, 0usize), move |(body, at)| async move {
        if at >= body.len() {
            return None;
        }
        tokio::time::sleep(per_byte).await;
        let byte = body.slice(at..at + 1);
        Some((Ok::<_, std::io::Error>(byte), (body, at + 1)))
    });
    with_length(Body::from_stream(chunks), length)
}

/// Declares the full `Content-Length`, sends the first half, waits until it is flushed, then
/// fails the stream: hyper closes the connection, and the client sees a body that ended early.
pub(crate) fn truncated(body: Bytes) -> Response {
    let length = body.len();
    let half = body.slice(..length / 2);
    let cut = stream::once(async {
        // Failing at once would let hyper drop the connection before the head and the first
        // half leave its buffer; the client would then see no response at all.
        tokio::time::sleep(Duration::from_millis(100)).await;
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "stub scenario: truncated body",
        ))
    });
    let chunks = stream::iter([Ok(half)]).chain(cut);
    with_length(Body::from_stream(chunks), length)
}

fn with_length(body: Body, length: usize) -> Response {
    let mut response = (StatusCode::OK, [(CONTENT_TYPE, "application/json")], body).into_response();
    // hyper honours a Content-Length set by hand on a streamed body of unknown size.
    response
        .headers_mut()
        .insert(CONTENT_LENGTH, HeaderValue::from(length));
    response
}
