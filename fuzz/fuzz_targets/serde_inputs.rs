//! Fuzz target `serde_inputs`: see `fuzz/checks/serde_inputs.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::serde_inputs::check(data));
