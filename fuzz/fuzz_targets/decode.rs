#![no_main]
//! Fuzz target `decode`: see `billing_desk_fuzz::checks::decode` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::decode(data));
