//! The properties the fuzz targets check, one function per target in [`checks`]. Each takes
//! the raw fuzzer input and panics when a property fails; the same file is compiled into the
//! stable test `crates/billing-core/tests/core/fuzz_regressions.rs`, which replays the committed
//! corpus and every crash found through it.

pub mod checks;
