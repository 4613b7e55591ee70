//! The `billing-stub` binary: port reporting, loopback-only binding, token flag.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the child it owns when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(args: &[&str]) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_billing-stub"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let running = Running(child);
    let mut first = String::new();
    BufReader::new(stdout).read_line(&mut first).unwrap();
    (running, first.trim_end().to_owned())
}

fn base_url(first_line: &str) -> String {
    let url = first_line
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the first line announces the URL: {first_line:?}"));
    let port: u16 = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap()
        .parse()
        .unwrap();
    assert_ne!(port, 0, "the real port is printed, not 0");
    url.to_owned()
}

async fn status(url: &str, token: Option<&str>) -> u16 {
    let mut request = reqwest::Client::new().get(format!(
        "{url}/v1/organizations/acme/stripe/billing-details"
    ));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn port_zero_prints_the_chosen_url_first_and_serves_it() {
    let (_stub, first) = start(&["--port", "0"]);
    let url = base_url(&first);
    assert_eq!(
        status(&url, None).await,
        200,
        "the printed URL serves demo data"
    );
}

#[tokio::test]
async fn the_token_flag_guards_the_api() {
    let (_stub, first) = start(&["--port", "0", "--token", "cli-token", "--latency-ms", "1"]);
    let url = base_url(&first);
    assert_eq!(
        status(&url, None).await,
        401,
        "--token makes the token required"
    );
    assert_eq!(status(&url, Some("cli-token")).await, 200, "and accepts it");
}

#[test]
fn non_loopback_addresses_are_refused() {
    for bind in ["0.0.0.0", "192.0.2.1", "::"] {
        let output = Command::new(env!("CARGO_BIN_EXE_billing-stub"))
            .args(["--port", "0", "--bind", bind])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{bind} is refused as a usage error"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("loopback"),
            "the message says why: {stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "nothing is announced when refusing"
        );
    }
}
