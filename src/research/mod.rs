//! 研究工具 — the research toolkit: weights between the quantification methods,
//! policies side by side, calibration, stability over time and sensitivity.
//!
//! The source document leaves the coefficients (系数关系) between the four
//! quantification methods — penalty-based 罚则量化, tiered 分级量化, fact-based
//! 据实量化 and cumulative 累计量化 — to "advanced evaluation methods and expert
//! surveys". This module gives the engine-independent tools to study them:
//!
//! - weights: [`ahp`] (subjective, from a [`PairwiseMatrix`]), [`entropy_weights`]
//!   and [`critic_weights`] (objective, from a data matrix), [`combine_linear`] and
//!   [`combine_multiplicative`]; every result is a [`Weights`] summing to exactly 1;
//! - comparison: [`Outcome`], [`GradeDistribution`], [`TransitionMatrix`];
//! - calibration: [`calibrate`], [`threshold_for_share`];
//! - over time: [`psi`], [`move_counts`];
//! - sensitivity: [`sensitivity()`];
//! - synthetic populations: [`synth_population`], [`synth_enterprises`].
//!
//! Everything that can feed a policy is a `rust_decimal::Decimal`; logarithms and
//! square roots are computed in `Decimal` (absolute error below 1e-24 for `ln`,
//! relative error below 1e-26 for `sqrt`). See `docs/research.md` for the formulas,
//! tolerances and tie rules.
//!
//! [`ahp`]: crate::research::ahp
//! [`PairwiseMatrix`]: crate::research::PairwiseMatrix
//! [`entropy_weights`]: crate::research::entropy_weights
//! [`critic_weights`]: crate::research::critic_weights
//! [`combine_linear`]: crate::research::combine_linear
//! [`combine_multiplicative`]: crate::research::combine_multiplicative
//! [`Weights`]: crate::research::Weights
//! [`Outcome`]: crate::research::Outcome
//! [`GradeDistribution`]: crate::research::GradeDistribution
//! [`TransitionMatrix`]: crate::research::TransitionMatrix
//! [`calibrate`]: crate::research::calibrate
//! [`threshold_for_share`]: crate::research::threshold_for_share
//! [`psi`]: crate::research::psi
//! [`move_counts`]: crate::research::move_counts
//! [`sensitivity()`]: crate::research::sensitivity()
//! [`synth_population`]: crate::research::synth_population
//! [`synth_enterprises`]: crate::research::synth_enterprises

mod calibrate;
mod compare;
mod drift;
mod num;
mod sensitivity;
mod synth;
mod weights;

pub use calibrate::{
    Calibration, CalibrationTargets, ThresholdChoice, calibrate, threshold_for_share,
};
pub use compare::{GradeDistribution, Movement, Mover, Outcome, TransitionMatrix};
pub use drift::{MoveCounts, Psi, PsiBucket, PsiOptions, PsiReading, move_counts, psi};
pub use sensitivity::{Sensitivity, SensitivityStep, sensitivity};
pub use synth::*;
pub use weights::{
    Ahp, Consistency, Direction, Indicator, Normalisation, PairwiseMatrix, WeightEntry, WeightNote,
    WeightOptions, Weights, ahp, combine_linear, combine_multiplicative, critic_weights,
    entropy_weights, random_index,
};
