#![no_main]
//! Fuzz target `settings`: see `billing_desk_fuzz::checks::settings` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::settings(data));
