#![no_main]
//! Fuzz target `money`: see `billing_desk_fuzz::checks::money` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::money(data));
