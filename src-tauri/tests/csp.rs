//! The CSP in tauri.conf.json: strict, and in step with what Tauri injects into the page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sha2::{Digest, Sha256};

fn csp() -> serde_json::Map<String, serde_json::Value> {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    conf["app"]["security"]["csp"]
        .as_object()
        .expect("the CSP is a directive map")
        .clone()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn base64_matches_the_standard_alphabet_and_padding() {
    assert_eq!(base64(b"Man"), "TWFu", "three bytes make four characters");
    assert_eq!(base64(b"Ma"), "TWE=", "two bytes are padded once");
    assert_eq!(base64(b"M"), "TQ==", "one byte is padded twice");
}

#[test]
fn style_src_allows_exactly_the_isolation_frame_style_tauri_injects() {
    // Tauri hides its isolation iframe with this inline <style>; without its hash the page
    // reports a CSP violation and the iframe shows as an empty box.
    let style = tauri::utils::pattern::isolation::IFRAME_STYLE;
    let hash = format!("'sha256-{}'", base64(&Sha256::digest(style.as_bytes())));
    let style_src = csp()["style-src"].as_str().unwrap().to_string();
    assert_eq!(
        style_src,
        format!("'self' {hash}"),
        "style-src is our own stylesheets plus that one hash: no 'unsafe-inline'"
    );
}

#[test]
fn the_policy_allows_no_remote_origin_no_eval_and_no_inline_script() {
    for (directive, sources) in csp() {
        let sources = sources.as_str().unwrap();
        for forbidden in [
            "'unsafe-eval'",
            "'unsafe-inline'",
            "https:",
            "http:",
            "*",
            "data:",
        ] {
            assert!(
                !sources.split_whitespace().any(|s| s == forbidden),
                "{directive} must not allow {forbidden}: the window loads only bundled assets"
            );
        }
        for source in sources.split_whitespace() {
            let remote = source.starts_with("http") && source != "http://ipc.localhost";
            assert!(!remote, "{directive} names a remote origin: {source}");
        }
    }
    assert_eq!(
        csp()["default-src"],
        "'self'",
        "everything not listed falls back to the app itself"
    );
    assert_eq!(
        csp()["script-src"],
        "'self'",
        "scripts come only from the bundle"
    );
}
