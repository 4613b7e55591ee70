//! The CSP in tauri.conf.json: strict, and in step with what Tauri injects into the page.
#![allow(clippy::unwrap_used, clippy::expect_used)]

fn csp() -> serde_json::Map<String, serde_json::Value> {
    let conf: serde_json::Value =
        serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
    conf["app"]["security"]["csp"]
        .as_object()
        .expect("the CSP is a directive map")
        .clone()
}

#[test]
fn style_src_is_our_own_stylesheets_only() {
    // No inline style at all: the UI styles through ui/dist's CSS files, and Tauri's default
    // pattern injects no <style> of its own (the isolation pattern's iframe needed a hash).
    assert_eq!(
        csp()["style-src"],
        "'self'",
        "style-src allows the bundled stylesheets and nothing else: no hash, no 'unsafe-inline'"
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
