//! Fuzz target `interchange_csv`: see `fuzz/checks/interchange.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::interchange::check(data));
