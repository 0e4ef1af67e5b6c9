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
//!   [`entropy_report`] and [`critic_report`] add the intermediate tables;
//!   [`entropy_weights_f64`], [`critic_weights_f64`] and [`ahp_f64`] are the `f64`
//!   fast path for large row-major matrices and many pairwise matrices;
//! - comparison: [`Outcome`], [`GradeDistribution`], [`TransitionMatrix`];
//! - calibration: [`calibrate`], [`threshold_for_share`];
//! - over time: [`psi`], [`move_counts`];
//! - sensitivity: [`sensitivity()`];
//! - synthetic populations: [`synth_population`], [`synth_enterprises`].
//!
//! On the grading engine ([`Assessor`](crate::Assessor)):
//!
//! - weights into policies: [`coefficients_from_weights`], [`score_policy`];
//! - side by side: [`compare_policies`] → [`Comparison`], [`explain_movers`];
//! - calibration on a population: [`calibrate_population`], [`apply_calibration`],
//!   [`calibrate_bands`], [`apply_band_calibration`];
//! - over time: [`monthly_dates`], [`replay`] → [`Replay`];
//! - sensitivity to a policy knob: [`Knob`], [`KnobSweep`], [`sweep_knob`].
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
//! [`entropy_report`]: crate::research::entropy_report
//! [`critic_report`]: crate::research::critic_report
//! [`entropy_weights_f64`]: crate::research::entropy_weights_f64
//! [`critic_weights_f64`]: crate::research::critic_weights_f64
//! [`ahp_f64`]: crate::research::ahp_f64
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
//! [`coefficients_from_weights`]: crate::research::coefficients_from_weights
//! [`score_policy`]: crate::research::score_policy
//! [`compare_policies`]: crate::research::compare_policies
//! [`Comparison`]: crate::research::Comparison
//! [`explain_movers`]: crate::research::explain_movers
//! [`calibrate_population`]: crate::research::calibrate_population
//! [`apply_calibration`]: crate::research::apply_calibration
//! [`calibrate_bands`]: crate::research::calibrate_bands
//! [`apply_band_calibration`]: crate::research::apply_band_calibration
//! [`monthly_dates`]: crate::research::monthly_dates
//! [`replay`]: crate::research::replay
//! [`Replay`]: crate::research::Replay
//! [`Knob`]: crate::research::Knob
//! [`KnobSweep`]: crate::research::KnobSweep
//! [`sweep_knob`]: crate::research::sweep_knob

mod calibrate;
mod compare;
mod drift;
mod engine;
mod fast;
mod knobs;
mod num;
mod register;
mod sensitivity;
mod synth;
mod weights;

pub use calibrate::{
    Calibration, CalibrationTargets, ThresholdChoice, calibrate, threshold_for_share,
};
pub use compare::{GradeDistribution, Movement, Mover, Outcome, TransitionMatrix};
pub use drift::{MoveCounts, Psi, PsiBucket, PsiOptions, PsiReading, move_counts, psi};
pub use engine::{
    BandCalibration, Comparison, MonthDay, MoverReasons, Replay, apply_band_calibration,
    apply_calibration, calibrate_bands, calibrate_population, coefficients_from_weights,
    coefficients_from_weights_mapped, compare_policies, explain_movers, monthly_dates, outcome_of,
    replay, score_policy, tier_a_candidates,
};
pub use fast::{AhpF64, ahp_f64, critic_weights_f64, entropy_weights_f64};
pub use knobs::{Knob, KnobSensitivity, KnobSweep, sweep_knob};
pub use register::{REGISTER_AS_OF, RegisterEnterprises, register_enterprises};
pub use sensitivity::{Sensitivity, SensitivityStep, sensitivity};
pub use synth::*;
pub use weights::{
    Ahp, Consistency, CriticReport, Direction, EntropyReport, Indicator, Normalisation,
    PairwiseMatrix, WeightEntry, WeightNote, WeightOptions, Weights, ahp, combine_linear,
    combine_multiplicative, critic_report, critic_weights, entropy_report, entropy_weights,
    random_index,
};

/// The snippets of `docs/research.md`, run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/research.md")]
struct ResearchWalkThrough;
