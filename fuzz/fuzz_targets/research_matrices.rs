//! Fuzz target `research_matrices`: see `fuzz/checks/research.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::research::check(data));
