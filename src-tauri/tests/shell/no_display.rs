//! The real `billing-desk` binary started where no display exists, as over SSH or from cron.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn without_a_display_the_app_says_so_and_points_to_bdesk() {
    let config = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_billing-desk"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("BDESK_CONFIG_DIR", config.path())
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a plain failure, not an abort: {stderr}"
    );
    assert_eq!(stderr.trim(), billing_desk_lib::NO_DISPLAY_MESSAGE);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // Nothing was started or written on the way out.
    assert_eq!(std::fs::read_dir(config.path()).unwrap().count(), 0);
}
