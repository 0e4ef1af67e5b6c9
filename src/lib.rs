//! # creditgrade
//!
//! Credit-based classified supervision (信用分类监管) of enterprises.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// 企业自行监测信息公开 — environmental self-monitoring plans, disclosure compliance,
/// working-day deadlines, statistics, reports and the public look-up.
pub mod disclosure;
mod error;
mod model;

pub use error::{Error, ErrorKind};
pub use model::*;
