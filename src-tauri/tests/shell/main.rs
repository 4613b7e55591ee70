//! The shell's integration tests, one module per area, in one test binary: each test binary
//! links Tauri and WebKitGTK, so one instead of four saves CI minutes and gigabytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod commands;
mod csp;
mod manifest;
mod no_display;
