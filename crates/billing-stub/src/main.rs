//! `billing-stub`: the stub API as a standalone server for demos and manual testing.
//!
//! With `--fault`, it serves no data: every request on the port meets that fault. The app's
//! end-to-end tests restart the stub on the port of a connection that loaded fine, so the
//! window must keep the data it already shows while reporting the new error.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use axum::Router;
use axum::http::header::{CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use billing_stub::{MALFORMED_JSON, StubConfig, faults, spawn};
use clap::{Parser, ValueEnum};
use tracing_subscriber::EnvFilter;

/// A stub of the billing-details API on loopback, with deterministic demo data and
/// failure scenarios chosen by orgId (see the crate docs for the list).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port to listen on; 0 picks a free one (the URL is printed on the first line).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Require this bearer token (default: accept any request).
    #[arg(long, env = "BILLING_STUB_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Added latency per request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Loopback address to bind (127.0.0.1, ::1, ...). Other addresses are refused.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// Serve no data: answer every request, whatever its path or token, with this fault.
    #[arg(long, value_enum)]
    fault: Option<Fault>,
}

/// What every request meets under `--fault`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Fault {
    /// 200 with the Content-Length of a whole body, half of it, then a TCP reset.
    Reset,
    /// 200 `application/json` with a body that is not JSON.
    Malformed,
    /// 429 with `Retry-After: 1`, every time (a rate-limit storm).
    RateLimit,
    /// 503 with a JSON error, every time.
    Unavailable,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Args::parse();
    if !args.bind.is_loopback() {
        eprintln!(
            "billing-stub: refusing to bind {}: the stub serves fake data without real security and \
             only listens on loopback (use 127.0.0.1 or ::1)",
            args.bind
        );
        return ExitCode::from(2);
    }
    match args.fault {
        Some(fault) => serve_fault(fault, SocketAddr::new(args.bind, args.port)).await,
        None => serve_stub(args).await,
    }
}

async fn serve_stub(args: Args) -> ExitCode {
    let config = StubConfig {
        port: args.port,
        token: args.token,
        latency: Duration::from_millis(args.latency_ms),
        bind: args.bind,
        demo_only: false,
        ..StubConfig::default()
    };
    let stub = match spawn(config).await {
        Ok(stub) => stub,
        Err(error) => {
            eprintln!(
                "billing-stub: cannot listen on {}:{}: {error}",
                args.bind, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    // Scripts read the first line to find the port when --port 0 was used.
    println!("listening on {}", stub.base_url());
    println!("other origin on {}", stub.other_origin_base_url());
    wait_for_ctrl_c().await;
    stub.shutdown();
    ExitCode::SUCCESS
}

/// Serves `fault` on `addr` until Ctrl-C; the first line printed is the same as the stub's.
async fn serve_fault(fault: Fault, addr: SocketAddr) -> ExitCode {
    let cannot_listen = |error: std::io::Error| {
        eprintln!("billing-stub: cannot listen on {addr}: {error}");
        ExitCode::FAILURE
    };
    if fault == Fault::Reset {
        let server = match faults::spawn_reset_mid_body_at(addr).await {
            Ok(server) => server,
            Err(error) => return cannot_listen(error),
        };
        println!("listening on {}", server.base_url());
        wait_for_ctrl_c().await;
        return ExitCode::SUCCESS;
    }
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(error) => return cannot_listen(error),
    };
    let bound = match listener.local_addr() {
        Ok(bound) => bound,
        Err(error) => return cannot_listen(error),
    };
    println!("listening on http://{bound}");
    let app = Router::new().fallback(move || async move { fault_response(fault) });
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(wait_for_ctrl_c())
        .await;
    if let Err(error) = served {
        eprintln!("billing-stub: the fault listener failed: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The answer to every request under an HTTP-level `fault` (`Reset` is a raw TCP listener).
fn fault_response(fault: Fault) -> Response {
    let json = |status: StatusCode, body: &'static str| {
        (
            status,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            body,
        )
            .into_response()
    };
    match fault {
        Fault::Malformed => json(StatusCode::OK, MALFORMED_JSON),
        Fault::RateLimit => {
            let mut response = json(
                StatusCode::TOO_MANY_REQUESTS,
                r#"{"error":{"message":"Too many requests, slow down."}}"#,
            );
            response
                .headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("1"));
            response
        }
        Fault::Unavailable | Fault::Reset => json(
            StatusCode::SERVICE_UNAVAILABLE,
            r#"{"error":{"message":"Service unavailable."}}"#,
        ),
    }
}

async fn wait_for_ctrl_c() {
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("billing-stub: cannot wait for Ctrl-C: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_names_on_the_command_line() {
        let parse = |name: &str| {
            Args::try_parse_from(["billing-stub", "--fault", name])
                .map(|args| args.fault)
                .ok()
                .flatten()
        };
        assert_eq!(parse("reset"), Some(Fault::Reset), "reset is a fault mode");
        assert_eq!(parse("malformed"), Some(Fault::Malformed), "malformed too");
        assert_eq!(
            parse("rate-limit"),
            Some(Fault::RateLimit),
            "kebab-case names"
        );
        assert_eq!(
            parse("unavailable"),
            Some(Fault::Unavailable),
            "and unavailable"
        );
        assert_eq!(parse("teapot"), None, "an unknown mode is refused");
    }

    #[test]
    fn fault_responses_have_the_status_and_headers_the_client_classifies() {
        let malformed = fault_response(Fault::Malformed);
        assert_eq!(
            malformed.status(),
            StatusCode::OK,
            "a 200 whose body is broken"
        );
        let limited = fault_response(Fault::RateLimit);
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS, "a 429");
        assert_eq!(
            limited
                .headers()
                .get(RETRY_AFTER)
                .map(HeaderValue::as_bytes),
            Some(&b"1"[..]),
            "a short Retry-After, so the client waits and tries again quickly"
        );
        let unavailable = fault_response(Fault::Unavailable);
        assert_eq!(
            unavailable.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "a 503"
        );
    }
}
