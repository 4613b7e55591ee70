//! Every message that tells the user where to fix something names a place that exists: a
//! screen of the app (the UI has it), or a `bdesk` command (its `--help` works).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Screens of the app a message may send the user to, and the UI file that draws each.
const SCREENS: &[(&str, &str)] = &[("Connections", "ui/src/components/ConnectionsScreen.tsx")];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Rust sources whose strings reach users: the core, the CLI and the app shell.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((path.clone(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    for dir in [
        "crates/billing-core/src",
        "crates/bdesk/src",
        "src-tauri/src",
    ] {
        walk(&workspace().join(dir), &mut out);
    }
    assert!(out.len() > 50, "the sources were found: {}", out.len());
    out
}

/// "the X screen" / "X screen" phrases, and the old "Settings → X" form.
fn screens_named(text: &str) -> BTreeSet<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut found = BTreeSet::new();
    for pair in words.windows(2) {
        let next = pair[1].trim_end_matches(|c: char| !c.is_alphanumeric());
        if next == "screen" && pair[0].starts_with(char::is_uppercase) {
            found.insert(pair[0].to_owned());
        }
        if pair[0] == "Settings" && pair[1] == "→" {
            found.insert("Settings →".to_owned());
        }
    }
    found
}

#[test]
fn every_screen_a_message_names_exists_in_the_ui() {
    let mut named = BTreeSet::new();
    for (path, text) in sources() {
        for screen in screens_named(&text) {
            named.insert((screen, path.display().to_string()));
        }
    }
    assert!(
        named.iter().any(|(s, _)| s == "Connections"),
        "the messages do name the Connections screen: {named:?}"
    );
    for (screen, path) in &named {
        let Some((_, file)) = SCREENS.iter().find(|(name, _)| name == screen) else {
            panic!("{path} sends users to a \"{screen}\" screen the app does not have");
        };
        let ui = std::fs::read_to_string(workspace().join(file)).unwrap();
        let heading = ui
            .split("<h2")
            .nth(1)
            .and_then(|rest| rest.split("</h2>").next())
            .and_then(|inner| inner.split_once('>'))
            .map(|(_, text)| text.trim());
        assert_eq!(
            heading,
            Some(screen.as_str()),
            "{file} draws the {screen} screen under that heading"
        );
    }
}

#[test]
fn every_bdesk_command_a_message_names_runs() {
    let mut commands = BTreeSet::new();
    for (_, text) in sources() {
        for quoted in text.split('`').skip(1).step_by(2) {
            let Some(rest) = quoted.strip_prefix("bdesk ") else {
                continue;
            };
            // The command words: up to the first option, placeholder or "…".
            let words: Vec<&str> = rest
                .split_whitespace()
                .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
                .take(2)
                .collect();
            if !words.is_empty() && !words[0].starts_with('-') {
                commands.insert(words.join(" "));
            }
        }
    }
    assert!(
        commands.contains("token set") && commands.contains("connection list"),
        "the messages do name commands: {commands:?}"
    );
    for command in &commands {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("bdesk"))
            .args(command.split(' '))
            .arg("--help")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "`bdesk {command}` named in a message is not a command: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
