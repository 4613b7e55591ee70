//! Lists the app's own commands so tauri-build generates an `allow-<command>` permission for
//! each; `capabilities/default.json` then grants exactly those. A command missing here cannot
//! be granted, so the UI's call fails with an ACL error instead of silently working.

include!("src/commands/names.rs");

fn main() {
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
