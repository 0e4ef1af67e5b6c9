//! Fuzz target `policy_json`: see `fuzz/checks/policy_json.rs` for what it checks.
#![no_main]

#[path = "../checks/mod.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::policy_json::check(data));
