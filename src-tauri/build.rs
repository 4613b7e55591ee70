//! Lists the app's own commands so tauri-build generates an `allow-<command>` permission for
//! each; `capabilities/default.json` then grants exactly those. A command missing here cannot
//! be granted, so the UI's call fails with an ACL error instead of silently working.

include!("src/commands/names.rs");

/// The commit the app is built from, for the About dialog: `BDESK_GIT_COMMIT` when set (a
/// package build from a source tarball), else `git rev-parse --short HEAD`, else `unknown`.
fn git_commit() -> String {
    println!("cargo:rerun-if-env-changed=BDESK_GIT_COMMIT");
    if let Some(commit) = std::env::var("BDESK_GIT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
    {
        return commit;
    }
    // A new commit changes HEAD or the branch it points to.
    println!("cargo:rerun-if-changed=../.git/HEAD");
    if let Ok(head) = std::fs::read_to_string("../.git/HEAD")
        && let Some(branch) = head.trim().strip_prefix("ref: ")
    {
        println!("cargo:rerun-if-changed=../.git/{branch}");
    }
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Refuses a half or insecure update configuration: `BDESK_UPDATE_ENDPOINT` (an https URL
/// of the update manifest) and `BDESK_UPDATE_PUBKEY` (the public key of `tauri signer
/// generate`) come together or not at all. The app reads them with `option_env!`.
fn check_update_config() {
    let var = |name| {
        println!("cargo:rerun-if-env-changed={name}");
        std::env::var(name).ok().filter(|v| !v.trim().is_empty())
    };
    match (var("BDESK_UPDATE_ENDPOINT"), var("BDESK_UPDATE_PUBKEY")) {
        (None, None) => {}
        (Some(endpoint), Some(_)) if endpoint.trim().starts_with("https://") => {}
        (Some(endpoint), Some(_)) => panic!(
            "BDESK_UPDATE_ENDPOINT must be an https:// URL (the manifest and its signature \
             travel over it), not {endpoint}"
        ),
        _ => panic!(
            "set both BDESK_UPDATE_ENDPOINT and BDESK_UPDATE_PUBKEY to build with updates, or \
             neither"
        ),
    }
}

fn main() {
    println!("cargo:rustc-env=BDESK_GIT_COMMIT={}", git_commit());
    check_update_config();
    // The window embeds the built UI; say how to make it rather than fail deep in codegen.
    let index = std::path::Path::new("../ui/dist/index.html");
    println!("cargo:rerun-if-changed=../ui/dist");
    if !index.exists() {
        panic!(
            "the UI is not built (ui/dist/index.html is missing): run `npm --prefix ui ci && \
             npm --prefix ui run build` first (`make run` and `make test` do)"
        );
    }
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|error| panic!("tauri-build failed: {error:#}"));
}
