#![no_main]
//! Fuzz target `org_path`: see `billing_desk_fuzz::checks::org_path` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::org_path(data));
