//! Connections and tokens in a REAL OS keyring (gnome-keyring inside the private session of
//! scripts/with-keyring.sh). Outside that session these tests skip with a notice, so a plain
//! `cargo test` never writes into the developer's own keyring.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use common::{TOKEN, TestEnv, assert_no_token, in_keyring_session, texts};

/// A connection name no other test or run uses.
fn unique(test: &str) -> String {
    format!("cli-{test}-{}", std::process::id())
}

#[test]
fn token_set_status_clear_round_trip_through_the_keyring() {
    if !in_keyring_session("token_set_status_clear_round_trip_through_the_keyring") {
        return;
    }
    let env = TestEnv::new();
    let name = unique("roundtrip");
    env.bare()
        .args([
            "connection",
            "add",
            &name,
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .assert()
        .code(0);

    let output = env
        .bare()
        .args(["token", "status", "--connection", &name])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(7), "no token yet: {output:?}");

    // Not a terminal: the token is read from standard input, never from an argument.
    let output = env
        .bare()
        .args(["token", "set", "--connection", &name])
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_no_token(&output);

    let output = env
        .bare()
        .args(["token", "status", "--connection", &name])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(texts(&output).0.contains("stored in the OS keyring"));
    assert_no_token(&output);

    // The stored token is what authenticates: the stub refuses anything else.
    let output = env
        .bare()
        .args(["invoices", "--connection", &name, "--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", texts(&output).1);
    assert_eq!(
        texts(&output).0.lines().count() - 1,
        common::demo_invoice_count("acme")
    );
    assert_no_token(&output);
    let seen = env.stub.requests();
    assert_eq!(
        seen.last().unwrap().authorization.as_deref(),
        Some(format!("Bearer {TOKEN}").as_str()),
        "the keyring's token was sent"
    );

    // BDESK_TOKEN overrides the keyring for one run.
    env.bare()
        .env("BDESK_TOKEN", "sk_other")
        .args(["invoices", "--connection", &name, "--org", "acme"])
        .assert()
        .code(3);

    env.bare()
        .args(["token", "clear", "--connection", &name])
        .assert()
        .code(0);
    let output = env
        .bare()
        .args(["invoices", "--connection", &name, "--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(7),
        "a missing token is 7: {output:?}"
    );
    assert!(
        texts(&output).1.contains("bdesk token set"),
        "says what to do"
    );
}

#[test]
fn connections_are_added_listed_selected_and_removed_with_their_token() {
    if !in_keyring_session("connections_are_added_listed_selected_and_removed_with_their_token") {
        return;
    }
    let env = TestEnv::new();
    let (first, second) = (unique("first"), unique("second"));
    for name in [&first, &second] {
        env.bare()
            .args([
                "connection",
                "add",
                name,
                "--base-url",
                &env.url(),
                "--allow-plain-http",
            ])
            .assert()
            .code(0);
    }
    env.bare()
        .args([
            "connection",
            "add",
            &first,
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .assert()
        .code(2);
    let list = env.bare().args(["connection", "list"]).output().unwrap();
    let text = texts(&list).0;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "header and two connections: {text}");
    assert!(
        lines[1].starts_with(&format!("*\t{first}\t")),
        "the first is active: {text}"
    );
    assert!(lines[2].starts_with(&format!("\t{second}\t")), "{text}");

    env.bare()
        .args(["connection", "use", &second])
        .assert()
        .code(0);
    env.bare()
        .args(["token", "set"])
        .write_stdin(TOKEN)
        .assert()
        .code(0);
    // No --connection and no --base-url: the active connection and its keyring token.
    env.bare()
        .args(["invoices", "--org", "acme"])
        .assert()
        .code(0);

    env.bare()
        .args(["connection", "remove", &second])
        .assert()
        .code(0);
    let output = env
        .bare()
        .args(["invoices", "--org", "acme"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(7),
        "no active connection any more"
    );
    env.bare()
        .args([
            "connection",
            "add",
            &second,
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .assert()
        .code(0);
    env.bare()
        .args(["token", "status", "--connection", &second])
        .assert()
        .code(7);
    env.bare()
        .args(["connection", "remove", &first])
        .assert()
        .code(0);
    env.bare()
        .args(["connection", "remove", &second])
        .assert()
        .code(0);
    env.bare()
        .args(["connection", "use", &first])
        .assert()
        .code(2);
}

#[test]
fn a_stored_token_is_never_sent_to_another_origin_given_with_base_url() {
    if !in_keyring_session("a_stored_token_is_never_sent_to_another_origin_given_with_base_url") {
        return;
    }
    let env = TestEnv::new();
    // Another server on another port: another origin.
    let other = TestEnv::new();
    let name = unique("origin");
    env.bare()
        .args([
            "connection",
            "add",
            &name,
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .assert()
        .code(0);
    env.bare()
        .args(["token", "set", "--connection", &name])
        .write_stdin(TOKEN)
        .assert()
        .code(0);

    let by_option = env
        .bare()
        .args([
            "invoices",
            "--connection",
            &name,
            "--base-url",
            &other.url(),
            "--org",
            "acme",
        ])
        .output()
        .unwrap();
    let by_env = env
        .bare()
        .env("BDESK_BASE_URL", other.url())
        .args(["invoices", "--connection", &name, "--org", "acme"])
        .output()
        .unwrap();
    for output in [&by_option, &by_env] {
        assert_eq!(
            output.status.code(),
            Some(2),
            "refused as a usage error: {output:?}"
        );
        let err = texts(output).1;
        let own = env.url().trim_end_matches('/').to_owned();
        let foreign = other.url().trim_end_matches('/').to_owned();
        assert!(
            err.contains(&own) && err.contains(&foreign),
            "names both origins: {err}"
        );
        assert_no_token(output);
    }
    assert!(
        other.stub.requests().is_empty(),
        "the other server heard nothing"
    );

    // A per-run token for the other server is fine: it is that token that goes there.
    env.bare()
        .env("BDESK_TOKEN", TOKEN)
        .args([
            "invoices",
            "--connection",
            &name,
            "--base-url",
            &other.url(),
            "--org",
            "acme",
        ])
        .assert()
        .code(0);
    // The connection's own address (any path) is its own origin.
    env.bare()
        .args([
            "invoices",
            "--connection",
            &name,
            "--base-url",
            &env.url(),
            "--org",
            "acme",
        ])
        .assert()
        .code(0);
    env.bare()
        .args(["connection", "remove", &name])
        .assert()
        .code(0);
}

/// The settings file is edited by hand (or by anything else) to point a connection at another
/// server: the keyring's token, stored for the first origin, is not sent there.
#[test]
fn a_token_is_not_sent_to_an_address_the_settings_file_was_changed_to() {
    if !in_keyring_session("a_token_is_not_sent_to_an_address_the_settings_file_was_changed_to") {
        return;
    }
    let env = TestEnv::new();
    let other = TestEnv::new();
    let name = unique("moved");
    env.bare()
        .args([
            "connection",
            "add",
            &name,
            "--base-url",
            &env.url(),
            "--allow-plain-http",
        ])
        .assert()
        .code(0);
    env.bare()
        .args(["token", "set", "--connection", &name])
        .write_stdin(format!("{TOKEN}\n"))
        .assert()
        .code(0);
    let settings = std::fs::read_to_string(env.settings_file()).unwrap();
    let (from, to) = (env.url(), other.url());
    assert!(settings.contains(from.trim_end_matches('/')), "{settings}");
    std::fs::write(
        env.settings_file(),
        settings.replace(from.trim_end_matches('/'), to.trim_end_matches('/')),
    )
    .unwrap();

    let output = env
        .bare()
        .args(["invoices", "--connection", &name, "--org", "acme"])
        .output()
        .unwrap();
    let stderr = texts(&output).1;
    assert_eq!(output.status.code(), Some(7), "{stderr}");
    assert!(
        stderr.contains(from.trim_end_matches('/')) && stderr.contains(to.trim_end_matches('/')),
        "names both addresses: {stderr}"
    );
    assert_no_token(&output);
    assert!(
        other.stub.requests().is_empty(),
        "nothing reached the other server"
    );
    env.bare()
        .args(["connection", "remove", &name])
        .assert()
        .code(0);
}
