//! `billing-stub`: the stub API as a standalone server for demos and manual testing.

use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;
use std::time::Duration;

use billing_stub::{StubConfig, spawn};
use clap::Parser;
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
    let config = StubConfig {
        port: args.port,
        token: args.token,
        latency: Duration::from_millis(args.latency_ms),
        bind: args.bind,
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
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("billing-stub: cannot wait for Ctrl-C: {error}");
    }
    stub.shutdown();
    ExitCode::SUCCESS
}
