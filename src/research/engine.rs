//! The research toolkit on the grading engine: weights into policies, policies side
//! by side on one population, calibration on a population, and replays over time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::calibrate::threshold_for_share;
use super::calibrate::{Calibration, CalibrationTargets, ThresholdChoice, calibrate};
use super::compare::{GradeDistribution, Mover, Outcome, TransitionMatrix};
use super::drift::{MoveCounts, Psi, PsiOptions, move_counts, psi};
use super::weights::Weights;
use crate::explain::{Binding, Reason, Status};
use crate::policy::{Coefficients, Scoring};
use crate::quantify::{Method, ReasonCode};
use crate::{ArticleLookup, Assessment, Assessor, Error, Grade, History, Policy, Summary};

// ------------------------------------------------------------ weights → policy

/// 系数关系 — turns method weights into a policy's [`Coefficients`]: the
/// coefficient of each method is its weight × `scale`.
///
/// The weights are matched to the methods by name: `penalty_based`, `tiered`,
/// `fact_based`, `cumulative` and `reference` ([`Method::as_str`]); all five must
/// be there. To map other names, or only some methods, use
/// [`coefficients_from_weights_mapped`].
///
/// ```
/// use creditgrade::quantify::Method;
/// use creditgrade::research::{Weights, coefficients_from_weights};
/// use rust_decimal::Decimal;
/// let w = Weights::from_scores([
///     ("penalty_based", Decimal::from(4)),
///     ("tiered", Decimal::from(1)),
///     ("fact_based", Decimal::from(2)),
///     ("cumulative", Decimal::from(2)),
///     ("reference", Decimal::from(1)),
/// ], &Default::default())?;
/// // Weights 0.4, 0.1, 0.2, 0.2, 0.1; scale 5 makes the mean coefficient 1.
/// let c = coefficients_from_weights(&w, Decimal::from(5))?;
/// assert_eq!(c.get(Method::PenaltyBased), Decimal::from(2));
/// assert_eq!(c.get(Method::Tiered), Decimal::new(5, 1));
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the
/// indicator when a weight's name is not a method, naming the method when a method
/// has no weight; when `scale` is negative; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow)
/// if a product leaves `Decimal`'s range.
pub fn coefficients_from_weights(weights: &Weights, scale: Decimal) -> Result<Coefficients, Error> {
    let mapping: Vec<(&str, Method)> = Method::ALL.iter().map(|m| (m.as_str(), *m)).collect();
    coefficients_from_weights_mapped(
        weights,
        &mapping,
        scale,
        Coefficients::uniform(Decimal::ONE),
    )
}

/// [`coefficients_from_weights`] with an explicit list of `(indicator name,
/// method)`: every weight must be named in the list and every name in the list
/// must have a weight; methods the list leaves out keep their coefficient in
/// `base`.
///
/// ```
/// use creditgrade::Policy;
/// use creditgrade::policy::Scoring;
/// use creditgrade::quantify::Method;
/// use creditgrade::research::{Weights, coefficients_from_weights_mapped};
/// use rust_decimal::Decimal;
/// let w = Weights::new([("罚则", Decimal::new(75, 2)), ("累计", Decimal::new(25, 2))])?;
/// let base = match Policy::score_preset().scoring {
///     Scoring::Score(s) => s.coefficients,
///     _ => unreachable!(),
/// };
/// let c = coefficients_from_weights_mapped(
///     &w,
///     &[("罚则", Method::PenaltyBased), ("累计", Method::Cumulative)],
///     Decimal::from(2),
///     base,
/// )?;
/// assert_eq!(c.get(Method::PenaltyBased), Decimal::new(15, 1));
/// assert_eq!(c.get(Method::Cumulative), Decimal::new(5, 1));
/// assert_eq!(c.get(Method::Tiered), Decimal::new(25, 2)); // kept from the preset
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the
/// indicator when a weight is not in the list, or a name of the list has no weight
/// (`missing`); when a method or a name appears twice in the list; when `scale` is
/// negative. [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) if a product
/// leaves `Decimal`'s range.
pub fn coefficients_from_weights_mapped(
    weights: &Weights,
    mapping: &[(&str, Method)],
    scale: Decimal,
    base: Coefficients,
) -> Result<Coefficients, Error> {
    if scale.is_sign_negative() && !scale.is_zero() {
        return Err(Error::invalid_input(
            "scale",
            format!("a negative scale ({scale}) would flip every method's sign"),
        ));
    }
    let mut names = BTreeSet::new();
    let mut methods = BTreeSet::new();
    for (i, (name, method)) in mapping.iter().enumerate() {
        if !names.insert(*name) {
            return Err(Error::invalid_input(
                format!("mapping[{i}]"),
                format!("indicator {name:?} is mapped twice"),
            ));
        }
        if !methods.insert(*method) {
            return Err(Error::invalid_input(
                format!("mapping[{i}]"),
                format!("method {} is mapped twice", method.as_str()),
            ));
        }
    }
    for (i, (name, _)) in weights.iter().enumerate() {
        if !names.contains(name) {
            return Err(Error::invalid_input(
                format!("weights[{i}]"),
                format!("unknown indicator {name:?}: it is not mapped to a method"),
            )
            .with_subject(name));
        }
    }
    let mut out = base;
    for (name, method) in mapping {
        let Some(w) = weights.get_named(name) else {
            return Err(Error::invalid_input(
                "weights",
                format!(
                    "missing indicator {name:?}: no weight for the method {}",
                    method.as_str()
                ),
            )
            .with_subject(*name));
        };
        let c = w.checked_mul(scale).ok_or_else(|| {
            Error::new(
                crate::ErrorKind::Overflow,
                format!("weight {w} × scale {scale} leaves the range of Decimal"),
            )
            .with_subject(*name)
        })?;
        out.set(*method, c.normalize());
    }
    Ok(out)
}

/// A score-mode policy: [`Policy::score_preset`] named `name`, with the given
/// coefficients, validated.
///
/// ```
/// use creditgrade::policy::{Coefficients, Scoring};
/// use creditgrade::research::score_policy;
/// use rust_decimal::Decimal;
/// let p = score_policy("flat", Coefficients::uniform(Decimal::ONE))?;
/// assert_eq!(p.name, "flat");
/// assert!(matches!(&p.scoring, Scoring::Score(s) if s.coefficients.tiered == Decimal::ONE));
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) if the result does
/// not validate.
pub fn score_policy(name: &str, coefficients: Coefficients) -> Result<Policy, Error> {
    let mut p = Policy::score_preset();
    name.clone_into(&mut p.name);
    if let Scoring::Score(s) = &mut p.scoring {
        s.coefficients = coefficients;
    }
    p.validate()?;
    Ok(p)
}

// ------------------------------------------------------------ outcomes

impl From<&Summary> for Outcome {
    /// The grade, or the status that left the enterprise unrated.
    fn from(s: &Summary) -> Outcome {
        outcome_parts(s.grade, s.status)
    }
}

impl From<&Assessment> for Outcome {
    /// The grade, or the status that left the enterprise unrated.
    fn from(a: &Assessment) -> Outcome {
        outcome_parts(a.grade(), a.status())
    }
}

impl From<&Result<Summary, Error>> for Outcome {
    /// [`Outcome::Error`] for an error, else the summary's outcome.
    fn from(r: &Result<Summary, Error>) -> Outcome {
        r.as_ref().map_or(Outcome::Error, Outcome::from)
    }
}

impl From<&Result<Assessment, Error>> for Outcome {
    /// [`Outcome::Error`] for an error, else the assessment's outcome.
    fn from(r: &Result<Assessment, Error>) -> Outcome {
        r.as_ref().map_or(Outcome::Error, Outcome::from)
    }
}

fn outcome_parts(grade: Option<Grade>, status: Status) -> Outcome {
    match (grade, status) {
        (Some(g), _) => Outcome::Graded(g),
        (None, Status::Closed) => Outcome::Closed,
        (None, Status::NotRegistered) => Outcome::NotRegistered,
        (None, _) => Outcome::Error,
    }
}

/// The outcome of one grading: its grade, [`Outcome::Closed`],
/// [`Outcome::NotRegistered`], or [`Outcome::Error`] for an error.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Assessor, Catalogue, Enterprise, Grade, History, Policy};
/// use creditgrade::research::{Outcome, outcome_of};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let assessor = Assessor::new(Policy::seed(), Catalogue::default())?;
/// let h = History::new(Enterprise::new("E1", d(2024, 1, 1)), vec![])?;
/// assert_eq!(outcome_of(&assessor.summarize(&h, d(2024, 6, 1))), Outcome::Graded(Grade::A));
/// assert_eq!(outcome_of(&assessor.summarize(&h, d(2023, 6, 1))), Outcome::NotRegistered);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[must_use]
pub fn outcome_of(result: &Result<Summary, Error>) -> Outcome {
    result.into()
}

/// Summaries of a batch: in parallel with the `rayon` feature, same results.
fn summarize_all<C: ArticleLookup + Sync>(
    assessor: &Assessor<C>,
    histories: &[History],
    as_of: NaiveDate,
) -> Vec<Result<Summary, Error>> {
    #[cfg(feature = "rayon")]
    {
        assessor.par_summarize_batch(histories, as_of)
    }
    #[cfg(not(feature = "rayon"))]
    {
        assessor.summarize_batch(histories, as_of)
    }
}

pub(super) fn outcomes_of<C: ArticleLookup + Sync>(
    assessor: &Assessor<C>,
    histories: &[History],
    as_of: NaiveDate,
) -> Vec<Outcome> {
    summarize_all(assessor, histories, as_of)
        .iter()
        .map(outcome_of)
        .collect()
}

/// The ids of the population, checked non-empty and distinct.
fn population_ids(histories: &[History]) -> Result<Vec<String>, Error> {
    let mut seen = BTreeSet::new();
    let mut ids = Vec::with_capacity(histories.len());
    for (i, h) in histories.iter().enumerate() {
        let id = h.id();
        if id.is_empty() {
            return Err(Error::invalid_input(
                format!("histories[{i}]"),
                "empty enterprise id",
            ));
        }
        if !seen.insert(id) {
            return Err(Error::invalid_input(
                format!("histories[{i}]"),
                "enterprise appears twice",
            )
            .with_enterprise(id));
        }
        ids.push(id.to_owned());
    }
    Ok(ids)
}

fn matrix_of(
    ids: &[String],
    before: &[Outcome],
    after: &[Outcome],
) -> Result<TransitionMatrix, Error> {
    TransitionMatrix::from_pairs(
        ids.iter()
            .zip(before.iter().zip(after))
            .map(|(id, (b, a))| (id.as_str(), *b, *a)),
    )
}

// ------------------------------------------------------------ side by side

/// 政策对比 — one population graded under several policies as of one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    as_of: NaiveDate,
    policies: Vec<String>,
    ids: Vec<String>,
    outcomes: Vec<Vec<Outcome>>,
    distributions: Vec<GradeDistribution>,
}

impl Comparison {
    /// The assessment date.
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The policies' names, in the order given.
    #[must_use]
    pub fn policies(&self) -> &[String] {
        &self.policies
    }

    /// The enterprise ids, in population order.
    #[must_use]
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The outcomes under policy `policy` (its position), in population order.
    #[must_use]
    pub fn outcomes(&self, policy: usize) -> Option<&[Outcome]> {
        self.outcomes.get(policy).map(Vec::as_slice)
    }

    /// The distribution under policy `policy` (its position).
    #[must_use]
    pub fn distribution(&self, policy: usize) -> Option<&GradeDistribution> {
        self.distributions.get(policy)
    }

    /// The distributions, one per policy.
    #[must_use]
    pub fn distributions(&self) -> &[GradeDistribution] {
        &self.distributions
    }

    /// The transition matrix from policy `from` to policy `to` (positions); its
    /// movers are in population order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `from` or
    /// `to` when there is no such policy.
    pub fn transitions(&self, from: usize, to: usize) -> Result<TransitionMatrix, Error> {
        let get = |i: usize, field: &str| {
            self.outcomes.get(i).ok_or_else(|| {
                Error::invalid_input(
                    field,
                    format!("no policy {i}: {} were compared", self.outcomes.len()),
                )
            })
        };
        matrix_of(&self.ids, get(from, "from")?, get(to, "to")?)
    }
}

/// Grades one population under every assessor as of `as_of` (the lean path, in
/// parallel with the `rayon` feature). Build an assessor from a policy and a
/// catalogue with [`Assessor::new`].
///
/// ```
/// use creditgrade::{Assessor, Policy};
/// use creditgrade::research::{SynthConfig, compare_policies, synth_population};
/// let population = synth_population(&SynthConfig::default().enterprises(200));
/// let histories = population.histories()?;
/// let seed = Assessor::new(Policy::seed(), population.catalogue()?)?;
/// let score = Assessor::new(Policy::score_preset(), population.catalogue()?)?;
/// let c = compare_policies(&[&seed, &score], &histories, population.as_of)?;
/// assert_eq!(c.policies(), ["seed", "score"]);
/// let m = c.transitions(0, 1)?;
/// assert_eq!(m.total(), 200);
/// assert_eq!(m.before(), c.distributions()[0]);
/// assert_eq!(m.after(), c.distributions()[1]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when fewer than two
/// assessors are given, or an enterprise id is empty or repeated (named). An
/// enterprise's own data error is its [`Outcome::Error`], not an error.
pub fn compare_policies<C: ArticleLookup + Sync>(
    assessors: &[&Assessor<C>],
    histories: &[History],
    as_of: NaiveDate,
) -> Result<Comparison, Error> {
    if assessors.len() < 2 {
        return Err(Error::invalid_input(
            "assessors",
            format!(
                "{} policies; a comparison needs two or more",
                assessors.len()
            ),
        ));
    }
    let ids = population_ids(histories)?;
    let outcomes: Vec<Vec<Outcome>> = assessors
        .iter()
        .map(|a| outcomes_of(a, histories, as_of))
        .collect();
    let distributions = outcomes
        .iter()
        .map(|o| GradeDistribution::from_outcomes(o.iter().copied()))
        .collect();
    Ok(Comparison {
        as_of,
        policies: assessors.iter().map(|a| a.policy().name.clone()).collect(),
        ids,
        outcomes,
        distributions,
    })
}

/// Why a mover moved: the reasons of its two full assessments that differ.
///
/// Reasons are matched whole (code, rule, method, evidence and detail): a reason
/// found on both sides is left out, so an adverse event that counts the same under
/// both policies does not show, while its refinement, score or lock does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MoverReasons {
    /// The enterprise id.
    pub id: String,
    /// The outcome under the first policy.
    pub before: Outcome,
    /// The outcome under the second policy.
    pub after: Outcome,
    /// What bound the grade under the first policy (`None` on an error).
    pub binding_before: Option<Binding>,
    /// What bound the grade under the second policy (`None` on an error).
    pub binding_after: Option<Binding>,
    /// Reasons given only under the first policy, in its order.
    pub only_before: Vec<Reason>,
    /// Reasons given only under the second policy, in its order.
    pub only_after: Vec<Reason>,
    /// The error under the first policy, if any.
    pub error_before: Option<String>,
    /// The error under the second policy, if any.
    pub error_after: Option<String>,
}

impl MoverReasons {
    /// The codes of the reasons that differ, sorted and without repeats.
    #[must_use]
    pub fn changed_codes(&self) -> Vec<ReasonCode> {
        let set: BTreeSet<ReasonCode> = self
            .only_before
            .iter()
            .chain(&self.only_after)
            .map(|r| r.code.clone())
            .collect();
        set.into_iter().collect()
    }
}

/// Re-assesses the first `limit` movers with every reason under both policies and
/// reports the reasons that differ ([`MoverReasons`]).
///
/// ```
/// use creditgrade::{Assessor, Policy};
/// use creditgrade::research::{SynthConfig, compare_policies, explain_movers, synth_population};
/// let population = synth_population(&SynthConfig::default().enterprises(200));
/// let histories = population.histories()?;
/// let seed = Assessor::new(Policy::seed(), population.catalogue()?)?;
/// let score = Assessor::new(Policy::score_preset(), population.catalogue()?)?;
/// let c = compare_policies(&[&seed, &score], &histories, population.as_of)?;
/// let m = c.transitions(0, 1)?;
/// let why = explain_movers(&seed, &score, &histories, c.as_of(), m.movers(), 3)?;
/// assert_eq!(why.len(), m.movers().len().min(3));
/// for w in &why {
///     assert_ne!(w.before, w.after);
///     assert!(!w.changed_codes().is_empty());
/// }
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the
/// enterprise when a mover is not in `histories`, or an id is empty or repeated.
pub fn explain_movers<C: ArticleLookup>(
    before: &Assessor<C>,
    after: &Assessor<C>,
    histories: &[History],
    as_of: NaiveDate,
    movers: &[Mover],
    limit: usize,
) -> Result<Vec<MoverReasons>, Error> {
    let take: Vec<&Mover> = movers.iter().take(limit).collect();
    if take.is_empty() {
        return Ok(Vec::new());
    }
    population_ids(histories)?;
    let by_id: BTreeMap<&str, &History> = histories.iter().map(|h| (h.id(), h)).collect();
    let mut out = Vec::with_capacity(take.len());
    for (i, m) in take.into_iter().enumerate() {
        let Some(h) = by_id.get(m.id.as_str()) else {
            return Err(Error::invalid_input(
                format!("movers[{i}]"),
                "the mover is not in the population",
            )
            .with_enterprise(m.id.clone()));
        };
        let a = before.assess(h, as_of);
        let b = after.assess(h, as_of);
        let reasons = |r: &Result<Assessment, Error>| match r {
            Ok(x) => x.reasons().to_vec(),
            Err(_) => Vec::new(),
        };
        let (ra, rb) = (reasons(&a), reasons(&b));
        let (only_before, only_after) = difference(&ra, &rb);
        out.push(MoverReasons {
            id: m.id.clone(),
            before: Outcome::from(&a),
            after: Outcome::from(&b),
            binding_before: a.as_ref().ok().map(|x| x.binding().clone()),
            binding_after: b.as_ref().ok().map(|x| x.binding().clone()),
            only_before,
            only_after,
            error_before: a.as_ref().err().map(ToString::to_string),
            error_after: b.as_ref().err().map(ToString::to_string),
        });
    }
    Ok(out)
}

/// The multiset differences `a − b` and `b − a`, each in its own order.
fn difference(a: &[Reason], b: &[Reason]) -> (Vec<Reason>, Vec<Reason>) {
    let mut used = vec![false; b.len()];
    let mut only_a = Vec::new();
    for r in a {
        let hit = b.iter().zip(used.iter_mut()).find(|(x, u)| !**u && *x == r);
        match hit {
            Some((_, u)) => *u = true,
            None => only_a.push(r.clone()),
        }
    }
    let only_b = b
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(r, _)| r.clone())
        .collect();
    (only_a, only_b)
}

// ------------------------------------------------------------ calibration

/// The tier-A `(points, eligible)` pairs of a population as of `as_of`: the
/// candidates of [`calibrate`].
///
/// ```
/// use creditgrade::{Assessor, Policy};
/// use creditgrade::research::{SynthConfig, synth_population, tier_a_candidates};
/// let population = synth_population(&SynthConfig::default().enterprises(200));
/// let seed = Assessor::new(Policy::seed(), population.catalogue()?)?;
/// let c = tier_a_candidates(&seed, &population.histories()?, population.as_of);
/// assert!(!c.is_empty() && c.len() <= 200);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[must_use]
pub fn tier_a_candidates<C: ArticleLookup + Sync>(
    assessor: &Assessor<C>,
    histories: &[History],
    as_of: NaiveDate,
) -> Vec<(Decimal, bool)> {
    summarize_all(assessor, histories, as_of)
        .iter()
        .filter_map(|r| {
            let s = r.as_ref().ok()?;
            Some((s.points?, s.eligible?))
        })
        .collect()
}

/// 分级量化校准 — grades a population and [`calibrate`]s the AAA / AA point
/// thresholds on its tier-A enterprises. Shares are of the tier-A enterprises
/// unless `targets` sets a population (e.g. the whole population's size).
///
/// ```
/// use creditgrade::{Assessor, Policy};
/// use creditgrade::research::{CalibrationTargets, SynthConfig, apply_calibration,
///     calibrate_population, synth_population};
/// use rust_decimal::Decimal;
/// let population = synth_population(&SynthConfig::default().enterprises(500));
/// let histories = population.histories()?;
/// let seed = Assessor::new(Policy::seed(), population.catalogue()?)?;
/// let targets = CalibrationTargets::new(Decimal::new(5, 2), Decimal::new(15, 2));
/// let c = calibrate_population(&seed, &histories, population.as_of, &targets)?;
/// assert!(c.aaa().share() <= Decimal::new(5, 2));
/// let tuned = apply_calibration(&Policy::seed(), &c)?;
/// assert!(tuned.refine.aa_min <= tuned.refine.aaa_min);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// As [`calibrate`]; also when no enterprise is in tier A (population 0).
pub fn calibrate_population<C: ArticleLookup + Sync>(
    assessor: &Assessor<C>,
    histories: &[History],
    as_of: NaiveDate,
    targets: &CalibrationTargets,
) -> Result<Calibration, Error> {
    calibrate(tier_a_candidates(assessor, histories, as_of), targets)
}

/// The threshold to set for a choice: the chosen one, or — when nobody can reach
/// the grade within the target — one above the best score (the next one down + 1).
fn threshold_to_set(c: &ThresholdChoice) -> Option<Decimal> {
    c.threshold().or_else(|| {
        c.threshold_above()
            .and_then(|t| t.checked_add(Decimal::ONE))
    })
}

/// A copy of a floor-mode policy with the calibrated thresholds in
/// `refine.aaa_min` and `refine.aa_min`, validated.
///
/// When no AAA threshold was chosen (even the best eligible enterprise alone
/// overshoots), AAA is set one point above the best eligible points, so nobody
/// reaches it; when no AA threshold was chosen, AA is set equal to AAA (AA gets
/// nobody). When there is no eligible enterprise at all, the policy's threshold is
/// kept. See [`calibrate_population`] for an example.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) on a score-mode
/// policy (field `scoring`: its AAA / AA come from bands, see
/// [`apply_band_calibration`]); [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy)
/// if the result does not validate.
pub fn apply_calibration(policy: &Policy, calibration: &Calibration) -> Result<Policy, Error> {
    if !matches!(policy.scoring, Scoring::Floors) {
        return Err(Error::invalid_input(
            "scoring",
            "a score-mode policy takes AAA and AA from its bands; use apply_band_calibration",
        ));
    }
    let mut p = policy.clone();
    if let Some(t) = threshold_to_set(calibration.aaa()) {
        p.refine.aaa_min = t;
    }
    match calibration.aa().threshold() {
        Some(t) => p.refine.aa_min = t,
        None => p.refine.aa_min = p.refine.aaa_min,
    }
    p.validate()?;
    Ok(p)
}

/// Score bands calibrated on a population: the lower bound chosen per grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandCalibration {
    choices: Vec<(Grade, ThresholdChoice)>,
    population: u64,
}

impl BandCalibration {
    /// Per grade, best first: the chosen lower bound and what it reaches (that
    /// grade's band alone).
    #[must_use]
    pub fn choices(&self) -> &[(Grade, ThresholdChoice)] {
        &self.choices
    }

    /// The number of scored enterprises the shares are of.
    #[must_use]
    pub fn population(&self) -> u64 {
        self.population
    }
}

/// Calibrates score bands on a population: for each `(grade, share)` in `targets`
/// (grades strictly worsening), [`threshold_for_share`] on the scores below the
/// bound chosen for the grade before, so each share is that band's alone. Shares
/// are of the scored enterprises (those with a score).
///
/// The shares are of scores, not grades: with `floors` on, the floor can still cap
/// a banded grade, so the grades reached can only be fewer.
///
/// ```
/// use creditgrade::{Assessor, Grade, Policy};
/// use creditgrade::research::{SynthConfig, apply_band_calibration, calibrate_bands,
///     synth_population};
/// use rust_decimal::Decimal;
/// let population = synth_population(&SynthConfig::default().enterprises(500));
/// let histories = population.histories()?;
/// let score = Assessor::new(Policy::score_preset(), population.catalogue()?)?;
/// let targets = [(Grade::Aaa, Decimal::new(5, 2)), (Grade::Aa, Decimal::new(15, 2))];
/// let c = calibrate_bands(&score, &histories, population.as_of, &targets)?;
/// assert_eq!(c.choices().len(), 2);
/// let tuned = apply_band_calibration(&Policy::score_preset(), &c)?;
/// tuned.validate()?;
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `targets` is
/// empty, its grades do not strictly worsen (`targets[i]`), a share is not in
/// `[0, 1]`, or no enterprise has a score (not a score-mode policy).
pub fn calibrate_bands<C: ArticleLookup + Sync>(
    assessor: &Assessor<C>,
    histories: &[History],
    as_of: NaiveDate,
    targets: &[(Grade, Decimal)],
) -> Result<BandCalibration, Error> {
    if targets.is_empty() {
        return Err(Error::invalid_input("targets", "no targets"));
    }
    for (i, w) in targets.windows(2).enumerate() {
        if let [(g0, _), (g1, _)] = w {
            if g1 <= g0 {
                return Err(Error::invalid_input(
                    format!("targets[{}]", i + 1),
                    format!("grades must strictly worsen: {g1} follows {g0}"),
                ));
            }
        }
    }
    let scores: Vec<Decimal> = summarize_all(assessor, histories, as_of)
        .iter()
        .filter_map(|r| r.as_ref().ok().and_then(|s| s.score))
        .collect();
    if scores.is_empty() {
        return Err(Error::invalid_input(
            "assessor",
            "no enterprise has a score: calibrate bands under a score-mode policy",
        ));
    }
    let population = u64::try_from(scores.len()).unwrap_or(u64::MAX);
    let mut upper: Option<Decimal> = None;
    let mut choices = Vec::with_capacity(targets.len());
    for (i, (grade, share)) in targets.iter().enumerate() {
        let below = scores
            .iter()
            .copied()
            .filter(|s| upper.is_none_or(|u| *s < u));
        let c = threshold_for_share(below, *share, population)
            .map_err(|e| Error::invalid_input(format!("targets[{i}]"), e.message().to_owned()))?;
        if let Some(t) = c.threshold() {
            upper = Some(t);
        }
        choices.push((*grade, c));
    }
    Ok(BandCalibration {
        choices,
        population,
    })
}

/// A copy of a score-mode policy with the calibrated band bounds, validated. A
/// band whose grade has no chosen bound (even the best score alone overshoots) is
/// set above the best remaining score, so nobody reaches it: one above it for the
/// first band, else halfway to the band above.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the policy is
/// not in score mode or has no band for a calibrated grade (named);
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) when the new
/// bounds break the bands' order (e.g. the next band's bound is now above them).
pub fn apply_band_calibration(
    policy: &Policy,
    calibration: &BandCalibration,
) -> Result<Policy, Error> {
    let mut p = policy.clone();
    let Scoring::Score(rules) = &mut p.scoring else {
        return Err(Error::invalid_input("scoring", "not a score-mode policy"));
    };
    let mut previous: Option<Decimal> = None;
    for (grade, choice) in &calibration.choices {
        let Some(band) = rules.bands.iter_mut().find(|b| b.grade == *grade) else {
            return Err(Error::invalid_input(
                "scoring.bands",
                format!("no band for {grade}"),
            ));
        };
        let bound = match (choice.threshold(), choice.threshold_above(), previous) {
            (Some(t), _, _) => Some(t),
            // Nobody within the target: above the best remaining score, below the
            // band above (the remaining scores are all below it).
            (None, Some(best), Some(prev)) => best
                .checked_add(prev)
                .map(|x| x / Decimal::TWO)
                .filter(|x| *x > best && *x < prev),
            (None, Some(best), None) => best.checked_add(Decimal::ONE),
            (None, None, _) => None,
        };
        if let Some(t) = bound {
            band.min = t;
            previous = Some(t);
        }
    }
    p.validate()?;
    Ok(p)
}

// ------------------------------------------------------------ over time

/// Which day of each month a monthly replay grades on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MonthDay {
    /// 月末 — the last day of each month.
    End,
    /// The same day each month (1–31), clamped to the month's last day.
    Day(u32),
}

/// The most months a monthly replay spans.
const MAX_MONTHS: i64 = 1200;

/// The grading dates of each month from `from` to `to` (both included), by `rule`:
/// dates outside `[from, to]` are left out.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::research::{MonthDay, monthly_dates};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(
///     monthly_dates(d(2024, 1, 15), d(2024, 4, 30), MonthDay::End)?,
///     [d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30)],
/// );
/// assert_eq!(
///     monthly_dates(d(2024, 1, 31), d(2024, 3, 31), MonthDay::Day(31))?,
///     [d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 31)],
/// );
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `from` is after
/// `to`, the day is not 1–31, or the range spans more than 1200 months.
pub fn monthly_dates(
    from: NaiveDate,
    to: NaiveDate,
    rule: MonthDay,
) -> Result<Vec<NaiveDate>, Error> {
    crate::model::dates::check_date("from", from)?;
    crate::model::dates::check_date("to", to)?;
    if from > to {
        return Err(Error::invalid_input(
            "from",
            format!("{from} is after {to}"),
        ));
    }
    if let MonthDay::Day(d) = rule {
        if !(1..=31).contains(&d) {
            return Err(Error::invalid_input(
                "rule",
                format!("day {d} of the month is not 1–31"),
            ));
        }
    }
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    if months >= MAX_MONTHS {
        return Err(Error::invalid_input(
            "to",
            format!("{from} to {to} spans more than {MAX_MONTHS} months"),
        ));
    }
    let (mut y, mut m) = (from.year(), from.month());
    let mut out = Vec::new();
    loop {
        let last = last_day(y, m)?;
        let date = match rule {
            MonthDay::End => last,
            MonthDay::Day(d) => last.with_day(d.min(last.day())).unwrap_or(last),
        };
        if date >= from && date <= to {
            out.push(date);
        }
        if (y, m) == (to.year(), to.month()) {
            break;
        }
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    Ok(out)
}

fn last_day(y: i32, m: u32) -> Result<NaiveDate, Error> {
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y.saturating_add(1), 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
        .or_else(|| NaiveDate::from_ymd_opt(y, 12, 31))
        .ok_or_else(|| Error::invalid_input("to", format!("no month {y}-{m:02}")))
}

/// 回放 — one population's outcomes on a sequence of dates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replay {
    dates: Vec<NaiveDate>,
    ids: Vec<String>,
    outcomes: Vec<Vec<Outcome>>,
    distributions: Vec<GradeDistribution>,
    moves: Vec<MoveCounts>,
}

impl Replay {
    /// The dates, in order.
    #[must_use]
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// The enterprise ids, in population order.
    #[must_use]
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The outcomes on the `i`-th date, in population order.
    #[must_use]
    pub fn outcomes(&self, i: usize) -> Option<&[Outcome]> {
        self.outcomes.get(i).map(Vec::as_slice)
    }

    /// The distribution on each date.
    #[must_use]
    pub fn distributions(&self) -> &[GradeDistribution] {
        &self.distributions
    }

    /// The distribution on `date`, if it is one of the dates.
    #[must_use]
    pub fn distribution_at(&self, date: NaiveDate) -> Option<&GradeDistribution> {
        let i = self.dates.binary_search(&date).ok()?;
        self.distributions.get(i)
    }

    /// Up- and downgrades between consecutive dates: entry `i` is from date `i`
    /// to date `i + 1`.
    #[must_use]
    pub fn moves(&self) -> &[MoveCounts] {
        &self.moves
    }

    fn index(&self, date: NaiveDate, field: &str) -> Result<usize, Error> {
        self.dates
            .binary_search(&date)
            .map_err(|_| Error::invalid_input(field, format!("{date} is not a date of the replay")))
    }

    /// The transition matrix from date `from` to date `to`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `from` or
    /// `to` when it is not a date of the replay.
    pub fn transitions(&self, from: NaiveDate, to: NaiveDate) -> Result<TransitionMatrix, Error> {
        let (i, j) = (self.index(from, "from")?, self.index(to, "to")?);
        let get = |k: usize| self.outcomes.get(k).map_or(&[][..], Vec::as_slice);
        matrix_of(&self.ids, get(i), get(j))
    }

    /// The population stability index of the distribution on `to` against the one
    /// on `from` (see [`psi`]).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming `from` or
    /// `to` when it is not a date of the replay; as [`psi`].
    pub fn psi(&self, from: NaiveDate, to: NaiveDate, options: &PsiOptions) -> Result<Psi, Error> {
        let (i, j) = (self.index(from, "from")?, self.index(to, "to")?);
        let get = |k: usize| self.distributions.get(k).copied().unwrap_or_default();
        psi(&get(i), &get(j), options)
    }
}

/// Grades a population on each date (the lean path, in parallel with the `rayon`
/// feature) and counts the moves between consecutive dates with [`move_counts`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Assessor, Policy};
/// use creditgrade::research::{MonthDay, PsiOptions, SynthConfig, monthly_dates, replay,
///     synth_population};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let population = synth_population(&SynthConfig::default().enterprises(200));
/// let seed = Assessor::new(Policy::seed(), population.catalogue()?)?;
/// let dates = monthly_dates(d(2024, 1, 1), d(2024, 12, 31), MonthDay::End)?;
/// let r = replay(&seed, &population.histories()?, &dates)?;
/// assert_eq!(r.distributions().len(), 12);
/// assert_eq!(r.moves().len(), 11);
/// let shift = r.psi(d(2024, 1, 31), d(2024, 12, 31), &PsiOptions::default())?;
/// assert!(shift.value() >= rust_decimal::Decimal::ZERO);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `dates` is
/// empty or not strictly increasing (`dates[i]`), or an enterprise id is empty or
/// repeated (named).
pub fn replay<C: ArticleLookup + Sync>(
    assessor: &Assessor<C>,
    histories: &[History],
    dates: &[NaiveDate],
) -> Result<Replay, Error> {
    if dates.is_empty() {
        return Err(Error::invalid_input("dates", "no dates"));
    }
    for (i, w) in dates.windows(2).enumerate() {
        if let [a, b] = w {
            if b <= a {
                return Err(Error::invalid_input(
                    format!("dates[{}]", i + 1),
                    format!("dates must strictly increase: {b} follows {a}"),
                ));
            }
        }
    }
    let ids = population_ids(histories)?;
    let outcomes: Vec<Vec<Outcome>> = dates
        .iter()
        .map(|d| outcomes_of(assessor, histories, *d))
        .collect();
    let distributions = outcomes
        .iter()
        .map(|o| GradeDistribution::from_outcomes(o.iter().copied()))
        .collect();
    let mut moves = Vec::with_capacity(dates.len().saturating_sub(1));
    for w in outcomes.windows(2) {
        if let [a, b] = w {
            let pair = |o: &[Outcome]| -> Vec<(&str, Outcome)> {
                ids.iter()
                    .map(String::as_str)
                    .zip(o.iter().copied())
                    .collect()
            };
            moves.push(move_counts(pair(a), pair(b))?);
        }
    }
    Ok(Replay {
        dates: dates.to_vec(),
        ids,
        outcomes,
        distributions,
        moves,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores 120, 120, 100, 90 and targets of 10% each: the tie at 120 (50%)
    /// overshoots both, so AAA goes one above the best score (121) and AA halfway
    /// between the best remaining score and AAA's bound ((120 + 121) / 2).
    #[test]
    fn unreachable_bands_are_set_above_the_best_score() {
        let scores = [120, 120, 100, 90].map(Decimal::from);
        let share = Decimal::new(1, 1);
        let aaa = threshold_for_share(scores, share, 4).unwrap();
        let aa = threshold_for_share(scores, share, 4).unwrap();
        assert_eq!(
            (aaa.threshold(), aaa.threshold_above()),
            (None, Some(Decimal::from(120)))
        );
        let c = BandCalibration {
            choices: vec![(Grade::Aaa, aaa), (Grade::Aa, aa)],
            population: 4,
        };
        let p = apply_band_calibration(&Policy::score_preset(), &c).unwrap();
        let Scoring::Score(s) = &p.scoring else {
            panic!("score mode");
        };
        assert_eq!(s.bands[0].min, Decimal::from(121));
        assert_eq!(s.bands[1].min, Decimal::new(1205, 1));
    }

    #[test]
    fn reasons_are_matched_as_multisets() {
        let r = |code: &'static str| Reason {
            code: ReasonCode::custom(code),
            rule: "r".into(),
            method: None,
            evidence: Vec::new(),
            detail: crate::explain::Detail::Points {
                points: Decimal::ONE,
            },
        };
        let (a, b) = difference(&[r("x"), r("x"), r("y")], &[r("x"), r("z")]);
        let codes = |v: &[Reason]| v.iter().map(|x| x.code.to_string()).collect::<Vec<_>>();
        assert_eq!(codes(&a), ["x", "y"]);
        assert_eq!(codes(&b), ["z"]);
    }
}
