//! The lists of commands (build.rs via `COMMANDS`, the capability, the UI's IPC module)
//! stay in step: a command added to one and not the others would fail only at run time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use billing_desk_lib::COMMANDS;

/// The event permissions the progress events need; the only core permissions granted.
const EVENT_PERMISSIONS: [&str; 2] = ["core:event:allow-listen", "core:event:allow-unlisten"];

fn app_commands() -> BTreeSet<String> {
    COMMANDS.iter().map(|c| c.to_string()).collect()
}

#[test]
fn the_capability_grants_exactly_the_app_commands() {
    let capability: serde_json::Value =
        serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
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
        .chain(EVENT_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    assert_eq!(
        granted, expected,
        "capabilities/default.json grants the app's commands and event listening, nothing else (no fs, no shell, no plugin JS API)"
    );
}

/// The command names `ui/src/ipc.ts` passes to `call<…>('name', …)`.
fn ui_commands() -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/ipc.ts");
    let source = std::fs::read_to_string(path).expect("ui/src/ipc.ts is the UI's IPC module");
    source
        .split("call<")
        .skip(1)
        .filter_map(|rest| {
            let after = rest.split_once(">('")?.1;
            Some(after.split_once('\'')?.0.to_owned())
        })
        .collect()
}

#[test]
fn the_ui_calls_exactly_the_app_commands() {
    let ui = ui_commands();
    assert!(
        ui.len() >= 20,
        "the parser found the UI's calls (found {}: {ui:?})",
        ui.len()
    );
    assert_eq!(
        ui,
        app_commands(),
        "every command the UI calls exists in Rust (else it fails at run time), and every \
         command Rust offers is used by the UI (else it is dead surface)"
    );
}
