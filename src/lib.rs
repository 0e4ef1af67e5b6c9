//! # creditgrade
//!
//! Credit-based classified supervision (信用分类监管) of enterprises.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod model;
/// 研究工具 — weights between quantification methods, policy comparison,
/// calibration, stability over time and sensitivity.
pub mod research;

pub use error::{Error, ErrorKind};
pub use model::*;
