//! Fuzz target `disclosure_template`: see `fuzz/checks/template.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::template::check(data));
