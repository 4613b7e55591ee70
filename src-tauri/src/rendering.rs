//! How WebKitGTK paints the window on a machine without a GPU.
//!
//! WebKitGTK composites every frame through OpenGL. Without a GPU (virtual machines, remote
//! desktops, Xvfb) Mesa runs that GL on the CPU, and one frame of the invoice table costs
//! several times a 60 Hz frame. WebKit's non-composited mode paints the same page on the CPU
//! directly, within a frame or two (the README's benchmark notes have the figures). So where no
//! GPU render node exists, the app asks WebKit for that mode, unless the user set the variable
//! themselves.

use std::path::Path;

/// WebKitGTK's switch to its non-composited (CPU) painting.
const COMPOSITING_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// The variable `main` must set before anything else runs, if any: `(name, value)`.
///
/// Reads the environment and `/dev/dri`; sets nothing itself (setting the environment is only
/// sound while the process has one thread, which `main` knows and a library cannot).
pub fn webkit_env_override() -> Option<(&'static str, &'static str)> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let user_set = std::env::var_os(COMPOSITING_ENV).is_some();
    let forced_software = std::env::var("LIBGL_ALWAYS_SOFTWARE").is_ok_and(|v| truthy(&v));
    paint_without_compositing(
        user_set,
        has_render_node(Path::new("/dev/dri")),
        forced_software,
    )
    .then_some((COMPOSITING_ENV, "1"))
}

/// Whether to switch WebKit to non-composited painting.
fn paint_without_compositing(user_set: bool, has_render_node: bool, forced_software: bool) -> bool {
    !user_set && (!has_render_node || forced_software)
}

/// A DRM render node (`renderD128`…) is how Mesa reaches a GPU; none means GL runs on the CPU.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

fn truthy(value: &str) -> bool {
    !matches!(value.trim(), "" | "0" | "false")
}

/// Logs which painting mode WebKit was given, once tracing is up.
pub(crate) fn log_mode() {
    match std::env::var(COMPOSITING_ENV) {
        Ok(value) if truthy(&value) => tracing::info!(
            "WebKit paints without compositing ({COMPOSITING_ENV}={value}): no GPU render node, or set by the user"
        ),
        _ => tracing::debug!("WebKit composites with OpenGL"),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn a_machine_without_a_gpu_paints_without_compositing() {
        assert!(paint_without_compositing(false, false, false));
        assert!(paint_without_compositing(false, true, true));
        assert!(!paint_without_compositing(false, true, false));
    }

    #[test]
    fn the_users_own_setting_is_kept() {
        assert!(!paint_without_compositing(true, false, false));
        assert!(!paint_without_compositing(true, true, true));
    }

    #[test]
    fn render_nodes_are_found_by_name() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dri.path()));
        std::fs::write(dri.path().join("card0"), b"").unwrap();
        assert!(!has_render_node(dri.path()));
        std::fs::write(dri.path().join("renderD128"), b"").unwrap();
        assert!(has_render_node(dri.path()));
        assert!(!has_render_node(&dri.path().join("missing")));
    }

    #[test]
    fn only_real_values_count_as_set() {
        for value in ["1", "true", "yes"] {
            assert!(truthy(value), "{value}");
        }
        for value in ["", "0", "false", " 0 "] {
            assert!(!truthy(value), "{value:?}");
        }
    }
}
