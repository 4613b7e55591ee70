//! The stub's behaviour over real HTTP on loopback, one module per area.
//! (One test binary instead of many: each links the whole HTTP stack.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod common;
mod demo_data;
mod demo_only;
mod documents;
mod errors;
mod faults;
mod huge;
mod links;
mod payloads;
mod server;
