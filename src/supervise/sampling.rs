//! Random inspections (双随机): a reproducible draw of enterprises per credit tier
//! and a random match of inspectors, from a seed.
//!
//! The strata are credit tiers ([`Tier`], A 守信 … D 严重失信), not industry risk
//! classes: the ratios come from the national credit-risk classification, where
//! class A is the *lowest* risk and is inspected least. Industry risk classes drive
//! patrol intervals instead.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::record::{Record, Status};
use crate::{Error, Grade, Tier};

use crate::rng::{fnv1a64, splitmix64};

/// The draw key of an id under a seed: `splitmix64(seed XOR fnv1a64(id))`, with
/// FNV-1a 64 over the id's UTF-8 bytes. Lower keys are drawn first. The
/// definition is in `docs/supervision.md`.
///
/// ```
/// use creditgrade::supervise::draw_key;
/// assert_eq!(draw_key(0, ""), 0xc381_7c01_6ba4_ff30); // splitmix64(0xcbf29ce484222325)
/// assert_eq!(draw_key(42, "E1"), 0x5b96_6e88_b64b_b381);
/// assert_ne!(draw_key(1, "E1"), draw_key(2, "E1"));
/// ```
#[must_use]
pub fn draw_key(seed: u64, id: &str) -> u64 {
    splitmix64(seed ^ fnv1a64(id.as_bytes()))
}

/// The key of a pair (enterprise, inspector) under a seed:
/// `splitmix64(draw_key(seed, a) XOR fnv1a64(b))`.
///
/// ```
/// use creditgrade::supervise::{draw_key, pair_key};
/// assert_ne!(pair_key(7, "E1", "I1"), pair_key(7, "E1", "I2"));
/// assert_ne!(pair_key(7, "E1", "I1"), draw_key(7, "E1"));
/// ```
#[must_use]
pub fn pair_key(seed: u64, a: &str, b: &str) -> u64 {
    splitmix64(draw_key(seed, a) ^ fnv1a64(b.as_bytes()))
}

/// The slot of a tier in the ratio array.
const fn slot(tier: Tier) -> usize {
    match tier {
        Tier::A => 0,
        Tier::B => 1,
        Tier::C => 2,
        Tier::D => 3,
    }
}

/// Random-inspection ratios per credit tier (信用风险分类) and the number of
/// inspectors sent to each enterprise drawn.
///
/// The better the credit, the smaller the share inspected: tier A (守信) 5%, tier D
/// (严重失信) every enterprise.
///
/// ```
/// use rust_decimal::Decimal;
/// use creditgrade::Tier;
/// use creditgrade::supervise::SamplingPolicy;
/// let p = SamplingPolicy::source();
/// assert_eq!(p.ratio(Tier::A), Decimal::new(5, 2));
/// assert_eq!(p.ratio(Tier::D), Decimal::ONE);
/// assert_eq!(p.count(Tier::A, 21), 2); // ceil(1.05)
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SamplingPolicy {
    ratios: [Decimal; 4],
    inspectors_per_enterprise: u32,
}

impl Default for SamplingPolicy {
    fn default() -> Self {
        SamplingPolicy::source()
    }
}

impl SamplingPolicy {
    /// The preset: tier A (守信) 5%, B (警示) 20%, C (失信) 60%, D (严重失信)
    /// 100% — the upper ends of the local ratios of the national credit-risk
    /// classes "A ≤5%, B 5–20%, C 21–60%, D 61–100%" (A = lowest risk) — and two
    /// inspectors per enterprise.
    #[must_use]
    pub fn source() -> SamplingPolicy {
        SamplingPolicy {
            ratios: [
                Decimal::new(5, 2),
                Decimal::new(20, 2),
                Decimal::new(60, 2),
                Decimal::ONE,
            ],
            inspectors_per_enterprise: 2,
        }
    }

    /// Sets the ratio of a tier (validated to lie in `[0, 1]`).
    #[must_use]
    pub fn ratio_of(mut self, tier: Tier, ratio: Decimal) -> SamplingPolicy {
        if let Some(s) = self.ratios.get_mut(slot(tier)) {
            *s = ratio;
        }
        self
    }

    /// Sets the number of inspectors per enterprise (at least 1).
    #[must_use]
    pub fn inspectors_per_enterprise(mut self, n: u32) -> SamplingPolicy {
        self.inspectors_per_enterprise = n;
        self
    }

    /// The ratio of a tier.
    #[must_use]
    pub fn ratio(&self, tier: Tier) -> Decimal {
        self.ratios
            .get(slot(tier))
            .copied()
            .unwrap_or(Decimal::ZERO)
    }

    /// The number of inspectors per enterprise.
    #[must_use]
    pub fn inspectors(&self) -> u32 {
        self.inspectors_per_enterprise
    }

    /// How many of `n` candidates of a tier are drawn: `ceil(ratio × n)`.
    #[must_use]
    pub fn count(&self, tier: Tier, n: usize) -> usize {
        ceil_share(self.ratio(tier), n)
    }

    /// Checks the ratios lie in `[0, 1]` and at least one inspector is sent.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming
    /// `sampling.ratios.<tier>` or `sampling.inspectors_per_enterprise`.
    pub fn validate(&self) -> Result<(), Error> {
        for c in Tier::ALL {
            let r = self.ratio(c);
            if r < Decimal::ZERO || r > Decimal::ONE {
                return Err(Error::invalid_policy(
                    format!("sampling.ratios.{}", c.as_str()),
                    format!("ratio {r} is outside [0, 1]"),
                ));
            }
        }
        if self.inspectors_per_enterprise == 0 {
            return Err(Error::invalid_policy(
                "sampling.inspectors_per_enterprise",
                "at least one inspector must be sent",
            ));
        }
        Ok(())
    }
}

/// `ceil(ratio × n)` for a ratio in `[0, 1]`, never more than `n`.
pub(crate) fn ceil_share(ratio: Decimal, n: usize) -> usize {
    let Ok(n64) = u64::try_from(n) else { return n };
    let k = Decimal::from(n64)
        .checked_mul(ratio)
        .map(|x| x.round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity))
        .and_then(|x| u64::try_from(x).ok())
        .and_then(|x| usize::try_from(x).ok())
        .unwrap_or(n);
    k.min(n)
}

/// An enterprise that may be drawn: its id, credit tier and the inspectors who may
/// not inspect it (its last inspector, declared conflicts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DrawCandidate {
    /// The enterprise id.
    pub id: String,
    /// Its credit tier ([`Grade::tier`] of its grade): the stratum it is drawn in.
    pub class: Tier,
    /// Inspectors excluded from inspecting it.
    #[serde(default)]
    pub excluded: Vec<String>,
    /// Always drawn, beside the random draw of its tier (a national effect: see
    /// [`SupervisionPolicy::always_drawn`](super::SupervisionPolicy::always_drawn)).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub forced: bool,
}

impl DrawCandidate {
    /// A candidate of a credit tier with no exclusions.
    pub fn new(id: impl Into<String>, class: Tier) -> DrawCandidate {
        DrawCandidate {
            id: id.into(),
            class,
            excluded: Vec::new(),
            forced: false,
        }
    }

    /// Marks the candidate as always drawn (or not).
    #[must_use]
    pub fn forced(mut self, forced: bool) -> DrawCandidate {
        self.forced = forced;
        self
    }

    /// Excludes an inspector.
    #[must_use]
    pub fn exclude(mut self, inspector: impl Into<String>) -> DrawCandidate {
        self.excluded.push(inspector.into());
        self
    }

    /// The candidates of a population as of `t`: every operating or suspended
    /// record that has a grade, in the credit tier of its grade
    /// ([`Grade::tier`]), excluding the inspector of its last inspection on or
    /// before `t` and its declared conflicts. Sorted by id.
    ///
    /// Records without a grade (not rated) and deregistered or revoked records
    /// are not candidates.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::{Enterprise, Grade, Tier};
    /// use creditgrade::supervise::{DrawCandidate, Record, Status};
    /// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    /// let e = |id| Enterprise::new(id, d(2015, 3, 1));
    /// let records = [
    ///     Record::new(e("E1"), Some(Grade::Aa)),
    ///     Record::new(e("E2"), Some(Grade::C)).status(Status::Suspended),
    ///     Record::new(e("E3"), None),
    ///     Record::new(e("E4"), Some(Grade::D)).status(Status::Revoked),
    /// ];
    /// let cands = DrawCandidate::from_records(&records, d(2024, 6, 1));
    /// let tiers: Vec<(&str, Tier)> = cands.iter().map(|c| (c.id.as_str(), c.class)).collect();
    /// assert_eq!(tiers, [("E1", Tier::A), ("E2", Tier::C)]);
    /// ```
    #[must_use]
    pub fn from_records(records: &[Record], t: NaiveDate) -> Vec<DrawCandidate> {
        let mut v: Vec<DrawCandidate> = records
            .iter()
            .filter(|r| matches!(r.status, Status::Operating | Status::Suspended))
            .filter_map(|r| r.grade.map(|g| (r, Grade::tier(g))))
            .map(|(r, tier)| {
                let mut c = DrawCandidate::new(r.id(), tier);
                if let Some(i) = r.last_inspection(t) {
                    c.excluded.push(i.inspector.clone());
                }
                c.excluded.extend(r.conflicts.iter().cloned());
                c
            })
            .collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }
}

/// The draw of one credit tier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassDraw {
    /// The credit tier.
    pub class: Tier,
    /// Candidates of the tier.
    pub population: usize,
    /// The ratio applied.
    pub ratio: Decimal,
    /// Enterprises drawn at random: `ceil(ratio × population)`, at most the
    /// candidates not forced.
    pub count: usize,
    /// The ids drawn, in draw order (lowest key first), then the forced ones in
    /// the same order.
    pub selected: Vec<String>,
    /// The ids drawn because they are forced (always drawn), in draw order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forced: Vec<String>,
}

/// A random draw of enterprises (随机抽取检查对象).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Draw {
    /// The seed.
    pub seed: u64,
    /// One entry per credit tier, A to D.
    pub classes: Vec<ClassDraw>,
}

impl Draw {
    /// Every id drawn, sorted by id.
    #[must_use]
    pub fn ids(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .classes
            .iter()
            .flat_map(|c| c.selected.iter().map(String::as_str))
            .collect();
        v.sort_unstable();
        v
    }
}

fn check_ids<'a>(ids: impl Iterator<Item = &'a str>, field: &str) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for (i, id) in ids.enumerate() {
        if id.is_empty() {
            return Err(Error::invalid_input(format!("{field}[{i}]"), "empty id"));
        }
        if !seen.insert(id) {
            return Err(Error::invalid_input(
                format!("{field}[{i}]"),
                format!("duplicate id {id:?}"),
            ));
        }
    }
    Ok(())
}

/// Draws enterprises per credit tier: within each tier, candidates ordered by
/// [`draw_key`]`(seed, id)` (ties by id), the first `ceil(ratio × n)` are drawn.
/// The result does not depend on the order of `candidates`.
///
/// The strata are credit tiers because the preset ratios are those of the
/// national credit-risk classes, where A is the lowest risk: tier A (守信) is
/// drawn at 5%, tier D (严重失信) in full.
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) for bad ratios;
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for an empty or
/// duplicate id (`candidates[i]`).
///
/// ```
/// use creditgrade::Tier;
/// use creditgrade::supervise::{DrawCandidate, SamplingPolicy, draw};
/// let cands: Vec<_> = (0..40).map(|i| DrawCandidate::new(format!("E{i:02}"), Tier::B)).collect();
/// let d = draw(&cands, &SamplingPolicy::source(), 20240601)?;
/// assert_eq!(d.classes[1].count, 8); // 20% of 40
/// let mut rev = cands.clone();
/// rev.reverse();
/// assert_eq!(draw(&rev, &SamplingPolicy::source(), 20240601)?, d);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn draw(
    candidates: &[DrawCandidate],
    policy: &SamplingPolicy,
    seed: u64,
) -> Result<Draw, Error> {
    policy.validate()?;
    check_ids(candidates.iter().map(|c| c.id.as_str()), "candidates")?;
    let mut classes = Vec::new();
    for class in Tier::ALL {
        let mut ranked: Vec<(u64, &str)> = candidates
            .iter()
            .filter(|c| c.class == class && !c.forced)
            .map(|c| (draw_key(seed, &c.id), c.id.as_str()))
            .collect();
        ranked.sort_unstable();
        let mut forced: Vec<(u64, &str)> = candidates
            .iter()
            .filter(|c| c.class == class && c.forced)
            .map(|c| (draw_key(seed, &c.id), c.id.as_str()))
            .collect();
        forced.sort_unstable();
        let n = ranked.len() + forced.len();
        // The random share is of the whole tier, drawn among those not forced.
        let count = policy.count(class, n).min(ranked.len());
        let forced: Vec<String> = forced.iter().map(|(_, id)| (*id).to_owned()).collect();
        let mut selected: Vec<String> = ranked
            .iter()
            .take(count)
            .map(|(_, id)| (*id).to_owned())
            .collect();
        selected.extend(forced.iter().cloned());
        classes.push(ClassDraw {
            class,
            population: n,
            ratio: policy.ratio(class),
            count,
            selected,
            forced,
        });
    }
    Ok(Draw { seed, classes })
}

/// The inspectors matched to one drawn enterprise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Assignment {
    /// The enterprise.
    pub enterprise: String,
    /// The inspectors, in the order chosen.
    pub inspectors: Vec<String>,
}

/// Matches inspectors to the drawn enterprises (随机匹配执法检查人员).
///
/// Enterprises are taken in id order. For each, the inspectors not excluded for
/// it (by its candidate's `excluded` list) are ordered by the number of
/// enterprises already assigned to them in this call, then by
/// [`pair_key`]`(seed, enterprise, inspector)`, then by inspector id; the first
/// [`inspectors`](SamplingPolicy::inspectors) are taken. The result does not
/// depend on the order of `candidates` or `inspectors`.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for an empty or
/// duplicate inspector id, a drawn enterprise that is not a candidate, or an
/// enterprise with fewer eligible inspectors than needed (the enterprise is named).
///
/// ```
/// use creditgrade::Tier;
/// use creditgrade::supervise::{DrawCandidate, SamplingPolicy, assign_inspectors, draw};
/// let cands = vec![
///     DrawCandidate::new("E1", Tier::D).exclude("I1"),
///     DrawCandidate::new("E2", Tier::D),
/// ];
/// let p = SamplingPolicy::source();
/// let d = draw(&cands, &p, 9)?;
/// let inspectors = ["I1", "I2", "I3"].map(String::from);
/// let a = assign_inspectors(&d, &cands, &inspectors, &p)?;
/// assert_eq!(a.len(), 2);
/// assert!(!a[0].inspectors.contains(&"I1".to_owned()));
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn assign_inspectors(
    draw: &Draw,
    candidates: &[DrawCandidate],
    inspectors: &[String],
    policy: &SamplingPolicy,
) -> Result<Vec<Assignment>, Error> {
    policy.validate()?;
    check_ids(inspectors.iter().map(String::as_str), "inspectors")?;
    check_ids(candidates.iter().map(|c| c.id.as_str()), "candidates")?;
    let by_id: BTreeMap<&str, &DrawCandidate> =
        candidates.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut pool: Vec<&str> = inspectors.iter().map(String::as_str).collect();
    pool.sort_unstable();
    let need = usize::try_from(policy.inspectors()).unwrap_or(usize::MAX);
    let mut load: BTreeMap<&str, usize> = pool.iter().map(|i| (*i, 0)).collect();
    let mut out = Vec::new();
    for id in draw.ids() {
        let cand = by_id.get(id).ok_or_else(|| {
            Error::invalid_input("draw", "drawn enterprise is not among the candidates")
                .with_enterprise(id)
        })?;
        let mut eligible: Vec<(usize, u64, &str)> = pool
            .iter()
            .filter(|i| !cand.excluded.iter().any(|x| x == *i))
            .map(|i| {
                (
                    load.get(i).copied().unwrap_or(0),
                    pair_key(draw.seed, id, i),
                    *i,
                )
            })
            .collect();
        if eligible.len() < need {
            return Err(Error::invalid_input(
                "inspectors",
                format!("{} eligible inspectors, {need} needed", eligible.len()),
            )
            .with_enterprise(id));
        }
        eligible.sort_unstable();
        let chosen: Vec<String> = eligible
            .iter()
            .take(need)
            .map(|(_, _, i)| (*i).to_owned())
            .collect();
        for i in &chosen {
            if let Some(n) = load.get_mut(i.as_str()) {
                *n += 1;
            }
        }
        out.push(Assignment {
            enterprise: id.to_owned(),
            inspectors: chosen,
        });
    }
    Ok(out)
}

crate::json::policy_file!(
    SamplingPolicy,
    "creditgrade::supervise::SamplingPolicy",
    SamplingPolicy::validate
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_and_splitmix_known_values() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (reference value of the algorithm).
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        // SplitMix64 from state 0: first output 0xe220a8397b1dcdaf.
        assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn ceil_share_rounds_up_and_caps() {
        let r = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(ceil_share(r("0.05"), 0), 0);
        assert_eq!(ceil_share(r("0.05"), 1), 1);
        assert_eq!(ceil_share(r("0.05"), 20), 1);
        assert_eq!(ceil_share(r("0.05"), 21), 2);
        assert_eq!(ceil_share(r("0.2"), 10), 2);
        assert_eq!(ceil_share(r("0.6"), 7), 5);
        assert_eq!(ceil_share(r("0"), 7), 0);
        assert_eq!(ceil_share(r("1"), 7), 7);
    }

    #[test]
    fn zero_inspectors_is_refused() {
        let e = SamplingPolicy::source()
            .inspectors_per_enterprise(0)
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("sampling.inspectors_per_enterprise"));
    }
}
