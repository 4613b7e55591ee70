#![no_main]
//! Fuzz target `xlsx_export`: see `billing_desk_fuzz::checks::xlsx_export` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::xlsx_export(data));
