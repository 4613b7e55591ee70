//! The three lists of commands (build.rs via `COMMANDS`, the capability, the isolation hook)
//! stay in step: a command added to one and not the others would fail only at run time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use billing_desk_lib::COMMANDS;

fn app_commands() -> BTreeSet<String> {
    COMMANDS.iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_capability_grants_exactly_the_app_commands() {
    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("permissions is a list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("permissions are plain identifiers")
                .to_string()
        })
        .collect();
    let expected: BTreeSet<String> = COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, expected,
        "capabilities/default.json grants the app's commands and nothing else (no fs, no shell, no plugin JS API)"
    );
}

#[test]
fn the_isolation_hook_lets_through_exactly_the_app_commands() {
    let hook = include_str!("../isolation/index.js");
    let list = hook
        .split_once("const ALLOWED_COMMANDS = Object.freeze([")
        .and_then(|(_, rest)| rest.split_once("])"))
        .map(|(list, _)| list)
        .expect("isolation/index.js declares ALLOWED_COMMANDS");
    let allowed: BTreeSet<String> = list
        .split(',')
        .map(|c| c.trim().trim_matches('\'').to_string())
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        allowed,
        app_commands(),
        "a command missing from the hook is renamed and refused in the real window"
    );
}
