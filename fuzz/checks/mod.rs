//! The checks behind the fuzz targets: plain functions of the input bytes that
//! panic when a property fails.
//!
//! They depend on nothing but `creditgrade`, `chrono`, `serde_json` and `csv`, so
//! the fuzz targets (`fuzz/fuzz_targets/*.rs`, nightly with cargo-fuzz) and the
//! corpus replay test of the main crate (`tests/fuzz_corpora.rs`, stable) run the
//! same code.
#![allow(dead_code, clippy::pedantic)]

pub mod bytes;
pub mod credit_code;
pub mod history;
pub mod interchange;
pub mod policy_json;
pub mod research;
pub mod serde_inputs;
pub mod supervision;
pub mod template;

/// A target's check: panics when a property fails.
pub type Check = fn(&[u8]);

/// Every target: its name (the folder of its corpus) and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("policy_json", policy_json::check),
    ("history_assess", history::check),
    ("credit_code", credit_code::check),
    ("disclosure_template", template::check),
    ("serde_inputs", serde_inputs::check),
    ("interchange_csv", interchange::check),
    ("supervision", supervision::check),
    ("research_matrices", research::check),
];
