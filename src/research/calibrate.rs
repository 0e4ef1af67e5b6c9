//! Calibration: "at least X points" thresholds that reach target shares.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::num::{add, div, from_u64, from_usize, mul};
use crate::Error;

/// Target shares for [`calibrate`].
///
/// `aaa` is the share of the population to reach AAA, `aa` the share to reach AA
/// (AA alone, not AAA and AA together). Shares are of `population`, which defaults
/// to the number of tier-A enterprises given; set it to the whole population to
/// aim at shares of all enterprises.
///
/// ```
/// use creditgrade::research::CalibrationTargets;
/// use rust_decimal::Decimal;
/// let t = CalibrationTargets::new(Decimal::new(5, 2), Decimal::new(15, 2)).population(1000);
/// assert_eq!(t.get_population(), Some(1000));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationTargets {
    aaa: Decimal,
    aa: Decimal,
    #[serde(deserialize_with = "Option::deserialize")]
    population: Option<u64>,
}

impl CalibrationTargets {
    /// Targets: the share for AAA and the share for AA.
    #[must_use]
    pub fn new(aaa: Decimal, aa: Decimal) -> Self {
        CalibrationTargets {
            aaa,
            aa,
            population: None,
        }
    }

    /// Sets the population the shares are of (default: the tier-A enterprises given).
    #[must_use]
    pub fn population(mut self, population: u64) -> Self {
        self.population = Some(population);
        self
    }

    /// The AAA target share.
    #[must_use]
    pub fn get_aaa(&self) -> Decimal {
        self.aaa
    }

    /// The AA target share.
    #[must_use]
    pub fn get_aa(&self) -> Decimal {
        self.aa
    }

    /// The population, if set.
    #[must_use]
    pub fn get_population(&self) -> Option<u64> {
        self.population
    }
}

/// One chosen "at least X" threshold and what it reaches.
///
/// The rule: among the thresholds that reach no more than the target, the one that
/// reaches the most; it is the lowest score of the enterprises that reach it (any
/// threshold between that score and the next lower score reaches the same
/// enterprises). `None` when even the best score alone would exceed the target:
/// nobody reaches the grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThresholdChoice {
    threshold: Option<Decimal>,
    count: u64,
    share: Decimal,
    target: Decimal,
    exact: bool,
    tie_limited: bool,
    threshold_above: Option<Decimal>,
    share_above: Option<Decimal>,
}

impl ThresholdChoice {
    /// The threshold (at least this many points), or `None` when nobody can reach
    /// the grade without exceeding the target.
    #[must_use]
    pub fn threshold(&self) -> Option<Decimal> {
        self.threshold
    }

    /// How many enterprises reach it.
    #[must_use]
    pub fn count(&self) -> u64 {
        self.count
    }

    /// The share reached: the nearest achievable share at or below the target.
    #[must_use]
    pub fn share(&self) -> Decimal {
        self.share
    }

    /// The target share.
    #[must_use]
    pub fn target(&self) -> Decimal {
        self.target
    }

    /// Whether the share reached equals the target exactly.
    #[must_use]
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// Whether tied scores kept the result below what whole enterprises allow: the
    /// next threshold down would add a group of tied enterprises that overshoots
    /// the target, although fewer of them would have come closer.
    #[must_use]
    pub fn is_tie_limited(&self) -> bool {
        self.tie_limited
    }

    /// The next lower threshold, which overshoots the target; `None` when every
    /// candidate already reaches the grade.
    #[must_use]
    pub fn threshold_above(&self) -> Option<Decimal> {
        self.threshold_above
    }

    /// The nearest achievable share above the target (at [`Self::threshold_above`]).
    #[must_use]
    pub fn share_above(&self) -> Option<Decimal> {
        self.share_above
    }
}

fn check_share(share: Decimal, field: &str) -> Result<(), Error> {
    if share < Decimal::ZERO || share > Decimal::ONE {
        return Err(Error::invalid_input(
            field,
            format!("a share must be in [0, 1], got {share}"),
        ));
    }
    Ok(())
}

/// An "at least X" threshold on `scores` whose share of `population` is as close as
/// possible to `target` without exceeding it (the rule is on [`ThresholdChoice`]).
/// Usable for any band bound, e.g. a score band's lower bound.
///
/// ```
/// use creditgrade::research::threshold_for_share;
/// use rust_decimal::Decimal;
/// let d = |v: i64| Decimal::from(v);
/// // Scores 90, 80, 80, 70; target 50%: 90 alone is 25%, 80 reaches 75%.
/// let c = threshold_for_share([d(90), d(80), d(80), d(70)], Decimal::new(5, 1), 4)?;
/// assert_eq!(c.threshold(), Some(d(90)));
/// assert_eq!(c.share(), Decimal::new(25, 2));
/// assert!(c.is_tie_limited());
/// assert_eq!(c.share_above(), Some(Decimal::new(75, 2)));
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `target` is not
/// in `[0, 1]`, `population` is 0 or smaller than the number of scores.
pub fn threshold_for_share<I: IntoIterator<Item = Decimal>>(
    scores: I,
    target: Decimal,
    population: u64,
) -> Result<ThresholdChoice, Error> {
    check_share(target, "target")?;
    let mut scores: Vec<Decimal> = scores.into_iter().collect();
    if population == 0 {
        return Err(Error::invalid_input(
            "population",
            "the population is empty",
        ));
    }
    if from_usize(scores.len(), "a count")? > from_u64(population) {
        return Err(Error::invalid_input(
            "population",
            format!("{} scores for a population of {population}", scores.len()),
        ));
    }
    scores.sort_unstable_by(|a, b| b.cmp(a));
    let pop = from_u64(population);
    let target_count = mul(target, pop, "the target count")?;
    // Distinct scores, best first, with how many reach each.
    let mut steps: Vec<(Decimal, u64)> = Vec::new();
    let mut reached = 0u64;
    for s in &scores {
        reached = reached.saturating_add(1);
        match steps.last_mut() {
            Some((v, c)) if v == s => *c = reached,
            _ => steps.push((*s, reached)),
        }
    }
    let chosen = steps
        .iter()
        .take_while(|(_, c)| from_u64(*c) <= target_count)
        .count();
    let (threshold, count) = match chosen.checked_sub(1).and_then(|k| steps.get(k)) {
        Some(&(v, c)) => (Some(v), c),
        None => (None, 0),
    };
    let next = steps.get(chosen).copied();
    let share_of = |c: u64| div(from_u64(c), pop, "a share").map(|d| d.normalize());
    let share = share_of(count)?;
    let exact = from_u64(count) == target_count;
    let tie_limited = !exact && next.is_some() && target_count.floor() > from_u64(count);
    Ok(ThresholdChoice {
        threshold,
        count,
        share,
        target,
        exact,
        tie_limited,
        threshold_above: next.map(|(v, _)| v),
        share_above: next.map(|(_, c)| share_of(c)).transpose()?,
    })
}

/// 分级量化校准 — the result of [`calibrate`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calibration {
    aaa: ThresholdChoice,
    aa: ThresholdChoice,
    population: u64,
}

impl Calibration {
    /// The AAA threshold and what it reaches.
    #[must_use]
    pub fn aaa(&self) -> &ThresholdChoice {
        &self.aaa
    }

    /// The AA threshold (below the AAA one) and what it reaches (AA alone).
    #[must_use]
    pub fn aa(&self) -> &ThresholdChoice {
        &self.aa
    }

    /// The population the shares are of.
    #[must_use]
    pub fn population(&self) -> u64 {
        self.population
    }
}

/// Chooses AAA and AA point thresholds that give target shares.
///
/// `candidates` are the tier-A enterprises: their points and whether they are
/// eligible for AAA/AA (分级量化). Only eligible enterprises can reach AAA or AA. The
/// AAA threshold is chosen first by [`threshold_for_share`] on the eligible points;
/// then the AA threshold the same way on the eligible points below the AAA
/// threshold. When no AA threshold is chosen (`None`), AA gets nobody: set the
/// policy's AA threshold equal to the AAA one.
///
/// ```
/// use creditgrade::research::{calibrate, CalibrationTargets};
/// use rust_decimal::Decimal;
/// let d = |v: i64| Decimal::from(v);
/// let candidates = [(d(70), true), (d(60), true), (d(60), false), (d(40), true), (d(0), true)];
/// let c = calibrate(candidates, &CalibrationTargets::new(Decimal::new(2, 1), Decimal::new(4, 1)))?;
/// assert_eq!(c.aaa().threshold(), Some(d(70)));
/// assert_eq!(c.aa().threshold(), Some(d(40)));
/// assert_eq!(c.aa().share(), Decimal::new(4, 1));
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a target is not
/// in `[0, 1]`, the two targets add up to more than 1, the population is 0 or
/// smaller than the number of candidates.
pub fn calibrate<I: IntoIterator<Item = (Decimal, bool)>>(
    candidates: I,
    targets: &CalibrationTargets,
) -> Result<Calibration, Error> {
    check_share(targets.aaa, "aaa")?;
    check_share(targets.aa, "aa")?;
    if add(targets.aaa, targets.aa, "the targets")? > Decimal::ONE {
        return Err(Error::invalid_input(
            "aa",
            format!(
                "targets {} (AAA) and {} (AA) add up to more than 1",
                targets.aaa, targets.aa
            ),
        ));
    }
    let candidates: Vec<(Decimal, bool)> = candidates.into_iter().collect();
    let given = u64::try_from(candidates.len())
        .map_err(|_| Error::invalid_input("candidates", "too many candidates"))?;
    let population = targets.population.unwrap_or(given);
    if population < given {
        return Err(Error::invalid_input(
            "population",
            format!("{given} candidates for a population of {population}"),
        ));
    }
    let eligible: Vec<Decimal> = candidates
        .iter()
        .filter(|(_, e)| *e)
        .map(|(p, _)| *p)
        .collect();
    let aaa = threshold_for_share(eligible.iter().copied(), targets.aaa, population)?;
    let below = eligible
        .iter()
        .copied()
        .filter(|p| aaa.threshold.is_none_or(|t| *p < t));
    let aa = threshold_for_share(below, targets.aa, population)?;
    Ok(Calibration {
        aaa,
        aa,
        population,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyone_fits_under_a_generous_target() {
        let c = threshold_for_share([Decimal::from(5), Decimal::from(7)], Decimal::ONE, 4).unwrap();
        assert_eq!(c.threshold(), Some(Decimal::from(5)));
        assert_eq!(c.share(), Decimal::new(5, 1));
        assert_eq!((c.threshold_above(), c.share_above()), (None, None));
        assert!(!c.is_exact());
        assert!(!c.is_tie_limited());
    }

    #[test]
    fn nobody_eligible() {
        let c = calibrate(
            [(Decimal::from(90), false)],
            &CalibrationTargets::new(Decimal::new(1, 1), Decimal::new(1, 1)),
        )
        .unwrap();
        assert_eq!(c.aaa().threshold(), None);
        assert_eq!(c.aa().count(), 0);
        assert_eq!(c.population(), 1);
        let e = calibrate(
            std::iter::empty(),
            &CalibrationTargets::new(Decimal::ZERO, Decimal::ZERO),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "`population`: the population is empty");
    }
}
