//! The token store against a REAL Secret Service (gnome-keyring), plus the ways it can be
//! missing. Run inside the private session of `scripts/with-keyring.sh`:
//!
//! ```sh
//! bash scripts/with-keyring.sh cargo test -p billing-core --test keyring_secret_service
//! ```
//!
//! That script sets `BDESK_KEYRING_SESSION=1`. Without it the tests that write to a keyring
//! return early with a notice, so a plain `cargo test` on a developer's desktop never writes
//! into their own login keyring; the suite (`make test`) always runs them inside the script.
//! Error cases run in child processes (this test binary again, with the `child_probe` test)
//! because each needs a different D-Bus environment.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

use billing_core::secret::ApiToken;
use billing_core::token_store::{SERVICE, TokenStore, TokenStoreError};

/// The origin the tests store tokens for.
const ORIGIN: &str = "https://billing.example.com";
/// Set by scripts/with-keyring.sh.
const SESSION_MARKER: &str = "BDESK_KEYRING_SESSION";
/// Tells the `child_probe` test which case to run.
const PROBE_ENV: &str = "BDESK_KEYRING_PROBE";

fn in_test_session(test: &str) -> bool {
    let inside = std::env::var_os(SESSION_MARKER).is_some_and(|v| v == "1");
    if !inside {
        eprintln!(
            "{test}: SKIPPED, not inside scripts/with-keyring.sh (would touch your own keyring)"
        );
    }
    inside
}

/// A keyring account unique to this test and process, so parallel tests never collide.
fn account(test: &str) -> String {
    format!("kr-{test}-{}", std::process::id())
}

fn token(raw: &str) -> ApiToken {
    ApiToken::new(raw).unwrap()
}

/// What `secret-tool` (libsecret, a different client) finds for the account.
fn secret_tool_lookup(account: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", account])
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap())
}

/// Items (with attributes) that `secret-tool search --all` lists for the account.
fn secret_tool_items(account: &str) -> Vec<String> {
    let out = Command::new("secret-tool")
        .args([
            "search", "--all", "--unlock", "service", SERVICE, "username", account,
        ])
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text.split("\n[/")
        .filter(|chunk| chunk.contains("attribute.username"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn set_then_read_back_from_a_fresh_handle_and_from_secret_tool() {
    if !in_test_session("set_then_read_back") {
        return;
    }
    let acct = account("readback");
    TokenStore::os()
        .set(&acct, ORIGIN, &token("sk_test_readback_123"))
        .unwrap();

    let fresh = TokenStore::os();
    assert_eq!(
        fresh.get(&acct, ORIGIN).unwrap().expect("stored").expose(),
        "sk_test_readback_123",
        "a new handle (new D-Bus connection) reads what the first one stored"
    );
    assert!(fresh.has(&acct).unwrap());
    assert_eq!(
        secret_tool_lookup(&acct).as_deref(),
        Some("sk_test_readback_123"),
        "another Secret Service client finds it under service/username"
    );
    let items = secret_tool_items(&acct);
    assert_eq!(items.len(), 1, "exactly one item: {items:?}");
    assert!(
        items[0].contains("attribute.service = billing-desk")
            && items[0].contains(&format!("attribute.username = {acct}"))
            && items[0].contains(&format!("label = Billing Desk API token ({acct})"))
            && items[0].contains(&format!("attribute.origin = {ORIGIN}")),
        "attribute names and label as documented: {}",
        items[0]
    );
    assert!(fresh.delete(&acct).unwrap());
}

/// A token is given for one origin: asked for another (the connection's address changed in
/// the settings file, outside the app), it is refused, not returned. An entry another tool
/// stored, without the origin, is taken as the connection's own.
#[test]
fn a_token_is_returned_only_for_the_origin_it_was_stored_for() {
    if !in_test_session("origin") {
        return;
    }
    let acct = account("origin");
    let store = TokenStore::os();
    store.set(&acct, ORIGIN, &token("origin-token")).unwrap();
    let other = "https://evil.example.net";
    let err = store.get(&acct, other).unwrap_err();
    assert!(
        matches!(&err, TokenStoreError::OtherOrigin { stored, asked, .. } if stored == ORIGIN && asked == other),
        "{err:?}"
    );
    assert!(!err.to_string().contains("origin-token"), "{err}");
    assert_eq!(
        store.get(&acct, ORIGIN).unwrap().unwrap().expose(),
        "origin-token"
    );
    store.delete(&acct).unwrap();

    let status = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf tool-token | secret-tool store --label=other service billing-desk username '{acct}'"
        ))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        store.get(&acct, other).unwrap().unwrap().expose(),
        "tool-token",
        "no origin recorded: used as the connection's own"
    );
    store.delete(&acct).unwrap();
}

#[test]
fn overwrite_keeps_one_item_with_the_new_value() {
    if !in_test_session("overwrite") {
        return;
    }
    let acct = account("overwrite");
    let store = TokenStore::os();
    store.set(&acct, ORIGIN, &token("first-value")).unwrap();
    store.set(&acct, ORIGIN, &token("second-value")).unwrap();
    assert_eq!(
        TokenStore::os()
            .get(&acct, ORIGIN)
            .unwrap()
            .unwrap()
            .expose(),
        "second-value"
    );
    assert_eq!(secret_tool_lookup(&acct).as_deref(), Some("second-value"));
    assert_eq!(
        secret_tool_items(&acct).len(),
        1,
        "an overwrite updates the item; a second item would make later reads ambiguous"
    );
    store.delete(&acct).unwrap();
}

#[test]
fn delete_removes_the_item_and_is_idempotent() {
    if !in_test_session("delete") {
        return;
    }
    let acct = account("delete");
    let store = TokenStore::os();
    store.set(&acct, ORIGIN, &token("to-be-deleted")).unwrap();
    assert!(store.delete(&acct).unwrap(), "there was a token to delete");
    assert!(
        TokenStore::os().get(&acct, ORIGIN).unwrap().is_none(),
        "missing is None, not an error"
    );
    assert!(!TokenStore::os().has(&acct).unwrap());
    assert_eq!(
        secret_tool_lookup(&acct),
        None,
        "gone for other clients too"
    );
    assert!(
        !store.delete(&acct).unwrap(),
        "deleting again reports there was nothing"
    );
}

#[test]
fn a_4_kib_token_and_a_unicode_token_round_trip() {
    if !in_test_session("sizes") {
        return;
    }
    let alphabet: Vec<char> = ('a'..='z')
        .chain('0'..='9')
        .chain(['-', '_', '.'])
        .collect();
    let big: String = (0..4096)
        .map(|i| alphabet[(i * 7 + i / 13) % alphabet.len()])
        .collect();
    let unicode = "tøkén-日本語-🔑-Ωmega-ß-\u{200d}end";
    for (name, raw) in [("big", big.as_str()), ("unicode", unicode)] {
        let acct = account(name);
        TokenStore::os().set(&acct, ORIGIN, &token(raw)).unwrap();
        let back = TokenStore::os().get(&acct, ORIGIN).unwrap().unwrap();
        assert_eq!(back.expose().len(), raw.len(), "{name}: length survives");
        assert_eq!(back.expose(), raw, "{name}: every byte survives");
        assert_eq!(
            secret_tool_lookup(&acct).as_deref(),
            Some(raw),
            "{name}: as other clients see it"
        );
        TokenStore::os().delete(&acct).unwrap();
    }
}

#[test]
fn two_connections_are_kept_apart() {
    if !in_test_session("apart") {
        return;
    }
    let (prod, test) = (account("apart-prod"), account("apart-test"));
    let store = TokenStore::os();
    store.set(&prod, ORIGIN, &token("prod-token")).unwrap();
    store.set(&test, ORIGIN, &token("test-token")).unwrap();
    assert_eq!(
        store.get(&prod, ORIGIN).unwrap().unwrap().expose(),
        "prod-token"
    );
    assert_eq!(
        store.get(&test, ORIGIN).unwrap().unwrap().expose(),
        "test-token"
    );
    store.delete(&prod).unwrap();
    assert!(store.get(&prod, ORIGIN).unwrap().is_none());
    assert_eq!(
        store.get(&test, ORIGIN).unwrap().unwrap().expose(),
        "test-token",
        "deleting one connection's token leaves the other's"
    );
    store.delete(&test).unwrap();
}

#[test]
fn async_api_works_from_a_multi_threaded_runtime() {
    if !in_test_session("async") {
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let acct = account("async");
    runtime.block_on(async {
        let store = TokenStore::os();
        store.check_async().await.unwrap();
        store
            .set_async(&acct, ORIGIN, &token("async-token"))
            .await
            .unwrap();
        let other = TokenStore::os();
        let (a, b) = tokio::join!(store.get_async(&acct, ORIGIN), other.has_async(&acct));
        assert_eq!(a.unwrap().unwrap().expose(), "async-token");
        assert!(b.unwrap());
        assert!(store.delete_async(&acct).await.unwrap());
    });
}

// ---- error paths, each in a child process with its own D-Bus environment ----

/// What a child run reported: the error code and message of each call.
struct Probe {
    output: Output,
    lines: Vec<String>,
}

impl Probe {
    fn value(&self, key: &str) -> String {
        let prefix = format!("PROBE {key}=");
        self.lines
            .iter()
            .find_map(|l| l.strip_prefix(&prefix).map(str::to_owned))
            .unwrap_or_else(|| {
                panic!(
                    "child printed no {key}; stdout:\n{}\nstderr:\n{}",
                    String::from_utf8_lossy(&self.output.stdout),
                    String::from_utf8_lossy(&self.output.stderr)
                )
            })
    }
}

/// Runs `child_probe` as `wrapper... <this test binary>`, with `env` changes (`None` removes).
fn run_probe(kind: &str, wrapper: &[&str], env: &[(&str, Option<&str>)]) -> Probe {
    let exe = std::env::current_exe().unwrap();
    let (program, args): (PathBuf, Vec<String>) = match wrapper.split_first() {
        Some((first, rest)) => (
            PathBuf::from(first),
            rest.iter()
                .map(|s| (*s).to_owned())
                .chain([exe.display().to_string()])
                .collect(),
        ),
        None => (exe, Vec::new()),
    };
    let mut command = Command::new(program);
    command
        .args(args)
        .args([
            "child_probe",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PROBE_ENV, kind);
    for (key, value) in env {
        match value {
            Some(value) => command.env(key, value),
            None => command.env_remove(key),
        };
    }
    let output = command.output().unwrap();
    let lines = String::from_utf8_lossy(&output.stdout)
        .lines()
        // libtest prints "test child_probe ... " on the same line as the first report.
        .filter_map(|l| l.find("PROBE ").map(|at| l[at..].to_owned()))
        .collect();
    Probe { output, lines }
}

fn report(
    label: &str,
    result: Result<impl std::fmt::Debug, billing_core::token_store::TokenStoreError>,
) {
    match result {
        Ok(value) => println!("PROBE {label}.code=ok:{value:?}"),
        Err(e) => {
            println!("PROBE {label}.code={}", e.code());
            println!("PROBE {label}.message={e}");
        }
    }
}

/// Not a test of its own: the body the error-path tests run in a child process.
#[test]
#[ignore = "run as a child process by the error-path tests"]
fn child_probe() {
    let Ok(kind) = std::env::var(PROBE_ENV) else {
        return;
    };
    let acct = account(&format!("probe-{kind}"));
    let store = TokenStore::os();
    if kind == "locked" {
        store.set(&acct, ORIGIN, &token("before-lock")).unwrap();
        let status = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "locking the login keyring failed: {status:?}"
        );
    }
    report("get", store.get(&acct, ORIGIN).map(|t| t.is_some()));
    report("set", store.set(&acct, ORIGIN, &token("probe-token")));
}

#[test]
fn no_session_bus_is_a_typed_error_with_a_fix() {
    let probe = run_probe(
        "nobus",
        &[],
        &[("DBUS_SESSION_BUS_ADDRESS", Some("unix:path=/nonexistent"))],
    );
    assert_eq!(probe.value("get.code"), "keyring.no_session_bus");
    assert_eq!(probe.value("set.code"), "keyring.no_session_bus");
    let message = probe.value("get.message");
    for needle in [
        "no D-Bus session bus",
        "Failed to connect to address `unix:path=/nonexistent`",
        "GNOME Keyring",
        "KeePassXC",
        "BDESK_TOKEN",
    ] {
        assert!(
            message.contains(needle),
            "message should contain {needle:?}: {message}"
        );
    }
}

#[test]
fn no_secret_service_on_the_bus_is_a_typed_error() {
    if !in_test_session("no_secret_service") {
        return;
    }
    // A session bus that cannot start any service: nobody provides org.freedesktop.secrets.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bare-session.conf");
    std::fs::write(
        &config,
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
    )
    .unwrap();
    let config_arg = format!("--config-file={}", config.display());
    let probe = run_probe("noservice", &["dbus-run-session", &config_arg, "--"], &[]);
    assert_eq!(probe.value("get.code"), "keyring.no_secret_service");
    let message = probe.value("get.message");
    assert!(
        message.contains("no Secret Service")
            && message.contains("ServiceUnknown")
            && message.contains("BDESK_TOKEN"),
        "{message}"
    );
}

#[test]
fn keyring_not_set_up_is_reported_as_locked() {
    if !in_test_session("not_set_up") {
        return;
    }
    // A bus where gnome-keyring is started on demand but no keyring was ever created or
    // unlocked: there is no default collection to store into.
    // The daemon must not find the outer session's one (control socket under
    // XDG_RUNTIME_DIR, GNOME_KEYRING_CONTROL) and hand over to it.
    let home = tempfile::tempdir().unwrap();
    let path = |sub: &str| {
        let dir = home.path().join(sub);
        std::fs::create_dir_all(&dir).unwrap();
        dir.display().to_string()
    };
    let (home_dir, data, runtime) = (path("home"), path("data"), path("run"));
    let probe = run_probe(
        "notsetup",
        &["dbus-run-session", "--"],
        &[
            ("HOME", Some(home_dir.as_str())),
            ("XDG_DATA_HOME", Some(data.as_str())),
            ("XDG_RUNTIME_DIR", Some(runtime.as_str())),
            ("GNOME_KEYRING_CONTROL", None),
        ],
    );
    assert_eq!(
        probe.value("get.code"),
        "ok:false",
        "reading finds nothing, which is not an error"
    );
    assert_eq!(probe.value("set.code"), "keyring.locked");
    let message = probe.value("set.message");
    assert!(
        message.contains("locked or has no default keyring")
            && message.contains("unlock GNOME Keyring"),
        "{message}"
    );
}

#[test]
fn locked_keyring_without_a_prompt_is_a_typed_error() {
    if !in_test_session("locked") {
        return;
    }
    // A nested private session whose login keyring the child locks; with no display the
    // unlock prompt cannot appear, which the Secret Service reports as dismissed.
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/with-keyring.sh");
    let script = script.display().to_string();
    let probe = run_probe(
        "locked",
        &["bash", &script],
        &[("DISPLAY", None), ("WAYLAND_DISPLAY", None)],
    );
    assert_eq!(probe.value("get.code"), "keyring.prompt_dismissed");
    assert_eq!(probe.value("set.code"), "keyring.prompt_dismissed");
    let message = probe.value("get.message");
    assert!(
        message.contains("locked") && message.contains("prompt") && message.contains("BDESK_TOKEN"),
        "{message}"
    );
    assert!(
        !message.contains("before-lock"),
        "the stored token never appears in messages"
    );
}
