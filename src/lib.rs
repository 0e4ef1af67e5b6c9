//! # creditgrade
//!
//! Credit-based classified supervision (信用分类监管) of enterprises.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod model;

/// Research tools: synthetic populations, weighting schemes, policy comparison.
pub mod research;

pub use error::{Error, ErrorKind};
pub use model::*;
