#![no_main]
//! Fuzz target `csv_export`: see `billing_desk_fuzz::checks::csv_export` for what it asserts.

libfuzzer_sys::fuzz_target!(|data: &[u8]| billing_desk_fuzz::checks::csv_export(data));
