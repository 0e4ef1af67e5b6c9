//! Sensitivity on the grading engine: move one policy knob step by step and count
//! the enterprises whose grade changes.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::compare::Outcome;
use super::sensitivity::{Sensitivity, sensitivity};
use crate::policy::Scoring;
use crate::quantify::Method;
use crate::{ArticleLookup, Assessor, Error, Grade, History, Policy, Severity};

/// A policy knob a sensitivity sweep moves.
///
/// In JSON: `{"knob": "aaa_min"}`, `{"knob": "lock_months", "severity": "minor"}`;
/// a field the knob does not take is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "snake_case",
    tag = "knob",
    try_from = "RawKnob"
)]
#[non_exhaustive]
pub enum Knob {
    /// 系数 — a method's coefficient (score mode).
    Coefficient {
        /// The method.
        method: Method,
    },
    /// The AAA points threshold (`refine.aaa_min`).
    AaaMin,
    /// The AA points threshold (`refine.aa_min`).
    AaMin,
    /// 锁定期 — the lock length of a severity, in whole months.
    LockMonths {
        /// The severity.
        severity: Severity,
    },
    /// 信用修复 — the minimum months before a repair of a severity is accepted.
    RepairMonths {
        /// The severity.
        severity: Severity,
    },
    /// 累计量化 — the threshold (a whole count) of the cumulative rule at `index`.
    CumulativeThreshold {
        /// The rule's position in `policy.cumulative`.
        index: usize,
    },
    /// The window (whole months) of the cumulative rule at `index`.
    CumulativeWindow {
        /// The rule's position in `policy.cumulative`.
        index: usize,
    },
    /// The points of an active adverse event of a severity (score mode).
    SeverityPoints {
        /// The severity.
        severity: Severity,
    },
    /// The lower bound of a grade's score band (score mode).
    BandMin {
        /// The band's grade.
        grade: Grade,
    },
}

/// The knob names of [`Knob`].
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KnobName {
    Coefficient,
    AaaMin,
    AaMin,
    LockMonths,
    RepairMonths,
    CumulativeThreshold,
    CumulativeWindow,
    SeverityPoints,
    BandMin,
}

/// A knob as read: serde's internally tagged enums let unknown fields beside a
/// unit variant (`{"knob": "aaa_min", "x": 1}`) pass, so every field is read
/// here and each knob takes exactly its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKnob {
    knob: KnobName,
    method: Option<Method>,
    severity: Option<Severity>,
    index: Option<usize>,
    grade: Option<Grade>,
}

impl TryFrom<RawKnob> for Knob {
    type Error = String;

    fn try_from(r: RawKnob) -> Result<Knob, String> {
        let given = [
            ("method", r.method.is_some()),
            ("severity", r.severity.is_some()),
            ("index", r.index.is_some()),
            ("grade", r.grade.is_some()),
        ];
        let (knob, takes) = match r.knob {
            KnobName::Coefficient => (
                r.method.map(|method| Knob::Coefficient { method }),
                "method",
            ),
            KnobName::AaaMin => (Some(Knob::AaaMin), ""),
            KnobName::AaMin => (Some(Knob::AaMin), ""),
            KnobName::LockMonths => (
                r.severity.map(|severity| Knob::LockMonths { severity }),
                "severity",
            ),
            KnobName::RepairMonths => (
                r.severity.map(|severity| Knob::RepairMonths { severity }),
                "severity",
            ),
            KnobName::CumulativeThreshold => (
                r.index.map(|index| Knob::CumulativeThreshold { index }),
                "index",
            ),
            KnobName::CumulativeWindow => (
                r.index.map(|index| Knob::CumulativeWindow { index }),
                "index",
            ),
            KnobName::SeverityPoints => (
                r.severity.map(|severity| Knob::SeverityPoints { severity }),
                "severity",
            ),
            KnobName::BandMin => (r.grade.map(|grade| Knob::BandMin { grade }), "grade"),
        };
        if let Some((extra, _)) = given.iter().find(|(f, set)| *set && *f != takes) {
            return Err(format!("unknown field `{extra}` for this knob"));
        }
        knob.ok_or_else(|| format!("missing field `{takes}`"))
    }
}

impl Knob {
    /// The policy field the knob moves, e.g. `refine.aaa_min`,
    /// `scoring.coefficients.tiered`, `cumulative[0].threshold`.
    ///
    /// ```
    /// use creditgrade::Severity;
    /// use creditgrade::quantify::Method;
    /// use creditgrade::research::Knob;
    /// assert_eq!(Knob::Coefficient { method: Method::Tiered }.name(), "scoring.coefficients.tiered");
    /// assert_eq!(Knob::LockMonths { severity: Severity::Serious }.name(), "lock.duration_months.serious");
    /// ```
    #[must_use]
    pub fn name(&self) -> String {
        match self {
            Knob::Coefficient { method } => format!("scoring.coefficients.{}", method.as_str()),
            Knob::AaaMin => "refine.aaa_min".to_owned(),
            Knob::AaMin => "refine.aa_min".to_owned(),
            Knob::LockMonths { severity } => {
                format!("lock.duration_months.{}", severity.as_str())
            }
            Knob::RepairMonths { severity } => {
                format!("lock.repair_min_months.{}", severity.as_str())
            }
            Knob::CumulativeThreshold { index } => format!("cumulative[{index}].threshold"),
            Knob::CumulativeWindow { index } => format!("cumulative[{index}].window_months"),
            Knob::SeverityPoints { severity } => {
                format!("scoring.severity_points.{}", severity.as_str())
            }
            Knob::BandMin { grade } => format!("scoring.bands[{}].min", grade.as_str()),
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        Error::invalid_policy(self.name(), message)
    }

    fn int<T: TryFrom<i64>>(&self, value: Decimal) -> Result<T, Error> {
        if !value.fract().is_zero() {
            return Err(self.error(format!("{value} is not a whole number")));
        }
        value
            .to_i64()
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| self.error(format!("{value} is out of range")))
    }

    /// The knob's value in `policy`.
    ///
    /// ```
    /// use creditgrade::Policy;
    /// use creditgrade::research::Knob;
    /// use rust_decimal::Decimal;
    /// assert_eq!(Knob::AaaMin.get(&Policy::seed())?, Decimal::from(60));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the knob
    /// when the policy has no such knob (a score knob on a floor-mode policy, no
    /// cumulative rule or band there).
    pub fn get(&self, policy: &Policy) -> Result<Decimal, Error> {
        let score = || match &policy.scoring {
            Scoring::Score(s) => Ok(s),
            _ => Err(self.error("the policy is not in score mode")),
        };
        let rule = |index: usize| {
            policy
                .cumulative
                .get(index)
                .ok_or_else(|| self.error(format!("there is no cumulative rule {index}")))
        };
        Ok(match self {
            Knob::Coefficient { method } => score()?.coefficients.get(*method),
            Knob::AaaMin => policy.refine.aaa_min,
            Knob::AaMin => policy.refine.aa_min,
            Knob::LockMonths { severity } => policy.lock.duration_months.get(*severity).into(),
            Knob::RepairMonths { severity } => policy.lock.repair_min_months.get(*severity).into(),
            Knob::CumulativeThreshold { index } => rule(*index)?.threshold.into(),
            Knob::CumulativeWindow { index } => rule(*index)?.window_months.into(),
            Knob::SeverityPoints { severity } => score()?.severity_points.get(*severity),
            Knob::BandMin { grade } => score()?
                .bands
                .iter()
                .find(|b| b.grade == *grade)
                .map(|b| b.min)
                .ok_or_else(|| self.error(format!("there is no {grade} band")))?,
        })
    }

    /// A copy of `policy` with the knob set to `value`, validated.
    ///
    /// ```
    /// use creditgrade::{ErrorKind, Policy, Severity};
    /// use creditgrade::research::Knob;
    /// use rust_decimal::Decimal;
    /// let p = Knob::LockMonths { severity: Severity::Serious }.set(&Policy::seed(), Decimal::from(24))?;
    /// assert_eq!(p.lock.duration_months.serious, 24);
    /// let e = Knob::AaMin.set(&Policy::seed(), Decimal::from(61)).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    /// assert_eq!(e.field(), Some("refine.aa_min"));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the knob
    /// when the policy has no such knob, a whole-number knob gets a fraction or a
    /// value out of range, or the policy no longer validates (the message says
    /// why).
    pub fn set(&self, policy: &Policy, value: Decimal) -> Result<Policy, Error> {
        let mut p = policy.clone();
        match self {
            Knob::Coefficient { method } => {
                score_mut(self, &mut p)?.coefficients.set(*method, value);
            }
            Knob::AaaMin => p.refine.aaa_min = value,
            Knob::AaMin => p.refine.aa_min = value,
            Knob::LockMonths { severity } => {
                let v = self.int(value)?;
                set_severity(&mut p.lock.duration_months, *severity, v);
            }
            Knob::RepairMonths { severity } => {
                let v = self.int(value)?;
                set_severity(&mut p.lock.repair_min_months, *severity, v);
            }
            Knob::CumulativeThreshold { index } => {
                let v = self.int(value)?;
                rule_mut(self, &mut p, *index)?.threshold = v;
            }
            Knob::CumulativeWindow { index } => {
                let v = self.int(value)?;
                rule_mut(self, &mut p, *index)?.window_months = v;
            }
            Knob::SeverityPoints { severity } => {
                let s = score_mut(self, &mut p)?;
                set_severity(&mut s.severity_points, *severity, value);
            }
            Knob::BandMin { grade } => {
                let s = score_mut(self, &mut p)?;
                let band = s
                    .bands
                    .iter_mut()
                    .find(|b| b.grade == *grade)
                    .ok_or_else(|| self.error(format!("there is no {grade} band")))?;
                band.min = value;
            }
        }
        p.validate()
            .map_err(|e| self.error(format!("the value {value} is refused: {e}")))?;
        Ok(p)
    }
}

fn score_mut<'a>(
    knob: &Knob,
    p: &'a mut Policy,
) -> Result<&'a mut crate::policy::ScoreRules, Error> {
    match &mut p.scoring {
        Scoring::Score(s) => Ok(s),
        _ => Err(knob.error("the policy is not in score mode")),
    }
}

fn rule_mut<'a>(
    knob: &Knob,
    p: &'a mut Policy,
    index: usize,
) -> Result<&'a mut crate::policy::CumulativeRule, Error> {
    p.cumulative
        .get_mut(index)
        .ok_or_else(|| knob.error(format!("there is no cumulative rule {index}")))
}

fn set_severity<T>(per: &mut crate::policy::PerSeverity<T>, severity: Severity, value: T) {
    match severity {
        Severity::Minor => per.minor = value,
        Severity::General => per.general = value,
        Severity::Serious => per.serious = value,
    }
}

/// A sweep of one knob: `count` values `start`, `start + step`, ….
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnobSweep {
    knob: Knob,
    start: Decimal,
    step: Decimal,
    count: usize,
}

impl KnobSweep {
    /// A sweep of `knob` over `count` values from `start` by `step`.
    #[must_use]
    pub fn new(knob: Knob, start: Decimal, step: Decimal, count: usize) -> KnobSweep {
        KnobSweep {
            knob,
            start,
            step,
            count,
        }
    }

    /// The knob.
    #[must_use]
    pub fn knob(&self) -> Knob {
        self.knob
    }

    /// The values, in order.
    ///
    /// ```
    /// use creditgrade::research::{Knob, KnobSweep};
    /// use rust_decimal::Decimal;
    /// let s = KnobSweep::new(Knob::AaaMin, Decimal::from(50), Decimal::from(5), 3);
    /// assert_eq!(s.values()?, [Decimal::from(50), Decimal::from(55), Decimal::from(60)]);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `count` is 0
    /// or above 1000, or a value leaves `Decimal`'s range (the knob is named).
    pub fn values(&self) -> Result<Vec<Decimal>, Error> {
        if self.count == 0 || self.count > 1000 {
            return Err(Error::invalid_input(
                "count",
                format!("{} values; a sweep takes 1 to 1000", self.count),
            )
            .with_subject(self.knob.name()));
        }
        let mut out = Vec::with_capacity(self.count);
        let mut v = self.start;
        for i in 0..self.count {
            if i > 0 {
                v = v.checked_add(self.step).ok_or_else(|| {
                    Error::invalid_input("step", "a value leaves the range of Decimal")
                        .with_subject(self.knob.name())
                })?;
            }
            out.push(v);
        }
        Ok(out)
    }
}

/// The result of [`sweep_knob`]: the knob, its values, and the existing
/// [`Sensitivity`] report over them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnobSensitivity {
    knob: Knob,
    values: Vec<Decimal>,
    sensitivity: Sensitivity,
}

impl KnobSensitivity {
    /// The knob.
    #[must_use]
    pub fn knob(&self) -> Knob {
        self.knob
    }

    /// The values, in order.
    #[must_use]
    pub fn values(&self) -> &[Decimal] {
        &self.values
    }

    /// The step-by-step report: step `i` goes from value `i − 1` to value `i`.
    #[must_use]
    pub fn sensitivity(&self) -> &Sensitivity {
        &self.sensitivity
    }
}

/// 敏感性分析 — grades a population at each value of a knob (every policy built
/// with [`Knob::set`] and validated first) and drives [`sensitivity`] over them.
///
/// ```
/// use creditgrade::Policy;
/// use creditgrade::research::{Knob, KnobSweep, SynthConfig, sweep_knob, synth_population};
/// use rust_decimal::Decimal;
/// let population = synth_population(&SynthConfig::default().enterprises(200));
/// let sweep = KnobSweep::new(Knob::AaaMin, Decimal::from(40), Decimal::from(10), 3);
/// let s = sweep_knob(
///     &Policy::seed(),
///     &population.catalogue()?,
///     &population.histories()?,
///     population.as_of,
///     &sweep,
/// )?;
/// assert_eq!(s.values().len(), 3);
/// assert_eq!(s.sensitivity().steps().len(), 2);
/// // Raising the AAA bar only moves enterprises out of AAA.
/// for step in s.sensitivity().steps() {
///     assert_eq!(step.transitions().upgrades(), 0);
/// }
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the knob
/// when a value is refused (see [`Knob::set`]);
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) as
/// [`KnobSweep::values`] and [`sensitivity`] (an id empty or repeated).
pub fn sweep_knob<C: ArticleLookup + Clone + Sync>(
    policy: &Policy,
    catalogue: &C,
    histories: &[History],
    as_of: NaiveDate,
    sweep: &KnobSweep,
) -> Result<KnobSensitivity, Error> {
    let values = sweep.values()?;
    let assessors = values
        .iter()
        .map(|v| Assessor::new(sweep.knob.set(policy, *v)?, catalogue.clone()))
        .collect::<Result<Vec<_>, Error>>()?;
    let indices: Vec<usize> = (0..assessors.len()).collect();
    let grade = |i: &usize| -> Vec<(&str, Outcome)> {
        let Some(a) = assessors.get(*i) else {
            return Vec::new();
        };
        let outcomes = super::engine::outcomes_of(a, histories, as_of);
        histories.iter().map(History::id).zip(outcomes).collect()
    };
    let sensitivity = sensitivity(&indices, grade)?;
    Ok(KnobSensitivity {
        knob: sweep.knob,
        values,
        sensitivity,
    })
}
