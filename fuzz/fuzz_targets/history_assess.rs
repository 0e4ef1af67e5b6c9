//! Fuzz target `history_assess`: see `fuzz/checks/history.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::history::check(data));
