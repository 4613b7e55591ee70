//! `bdesk` end to end, one module per area, in one test binary: each test binary links the
//! stub's whole HTTP stack, so one instead of eleven saves CI minutes and gigabytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod crash;
mod exit_codes;
mod export;
mod faults;
mod filters;
mod keyring;
mod load;
mod messages;
mod process;
mod readme;
mod views;
