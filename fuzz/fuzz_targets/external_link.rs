#![no_main]
//! Fuzz target `external_link`: see `billing_desk_fuzz::checks::external_link` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::external_link(data));
