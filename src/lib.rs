//! # creditgrade
//!
//! Credit-based classified supervision (信用分类监管) of enterprises.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod model;

/// Supervision that follows from a grade: measures, patrols, random inspections,
/// early warnings, fees, export classes, efficiency and queries.
pub mod supervise;

pub use error::{Error, ErrorKind};
pub use model::*;
