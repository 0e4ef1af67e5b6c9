//! Fuzz target `credit_code`: see `fuzz/checks/credit_code.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::credit_code::check(data));
