//! Over time: population stability index and up/downgrade counts.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::compare::{GradeDistribution, Outcome, TransitionMatrix};
use super::num::{add, div, from_u64, ln, mul, sub};
use crate::Error;

/// The places to which the PSI is rounded.
const PSI_PLACES: u32 = 12;

/// Options for [`psi`].
///
/// `epsilon` (default 0.0001): a share below it (an empty bucket) is replaced by
/// it on either side before `ln(a/e)` is taken, so an empty bucket never divides by
/// zero; shares are not renormalised afterwards. A bucket empty on both sides
/// contributes exactly 0.
///
/// ```
/// use creditgrade::research::PsiOptions;
/// use rust_decimal::Decimal;
/// let o = PsiOptions::default().epsilon(Decimal::new(1, 6));
/// assert_eq!(o.get_epsilon(), Decimal::new(1, 6));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PsiOptions {
    epsilon: Decimal,
}

impl Default for PsiOptions {
    fn default() -> Self {
        PsiOptions {
            epsilon: Decimal::new(1, 4),
        }
    }
}

impl PsiOptions {
    /// Sets the floor for empty buckets (must be in `(0, 1)` when used).
    #[must_use]
    pub fn epsilon(mut self, epsilon: Decimal) -> Self {
        self.epsilon = epsilon;
        self
    }

    /// The floor for empty buckets.
    #[must_use]
    pub fn get_epsilon(&self) -> Decimal {
        self.epsilon
    }
}

/// 稳定性 — the usual reading of a PSI value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PsiReading {
    /// PSI < 0.1: no significant change.
    Stable,
    /// 0.1 ≤ PSI < 0.25: some shift, worth a look.
    SomeShift,
    /// PSI ≥ 0.25: a major shift.
    MajorShift,
}

impl PsiReading {
    /// The reading of a PSI value.
    ///
    /// ```
    /// use creditgrade::research::PsiReading;
    /// use rust_decimal::Decimal;
    /// assert_eq!(PsiReading::of(Decimal::new(1, 1)), PsiReading::SomeShift);
    /// assert_eq!(PsiReading::of(Decimal::new(25, 2)), PsiReading::MajorShift);
    /// ```
    #[must_use]
    pub fn of(value: Decimal) -> PsiReading {
        if value < Decimal::new(1, 1) {
            PsiReading::Stable
        } else if value < Decimal::new(25, 2) {
            PsiReading::SomeShift
        } else {
            PsiReading::MajorShift
        }
    }

    /// The Chinese label: 稳定, 轻微偏移 or 显著偏移.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            PsiReading::Stable => "稳定",
            PsiReading::SomeShift => "轻微偏移",
            PsiReading::MajorShift => "显著偏移",
        }
    }
}

/// One bucket's part of a PSI.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PsiBucket {
    /// The bucket.
    pub outcome: Outcome,
    /// Its expected (earlier) share, before the epsilon floor.
    pub expected: Decimal,
    /// Its actual (later) share, before the epsilon floor.
    pub actual: Decimal,
    /// `(a − e)·ln(a/e)` with floored shares, unrounded.
    pub contribution: Decimal,
}

/// 群体稳定性指数 — the result of [`psi`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Psi {
    value: Decimal,
    reading: PsiReading,
    buckets: Vec<PsiBucket>,
}

impl Psi {
    /// The PSI, rounded to 12 places.
    #[must_use]
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The reading of the value.
    #[must_use]
    pub fn reading(&self) -> PsiReading {
        self.reading
    }

    /// Every bucket (all nine outcomes), in the order of [`Outcome::ALL`].
    #[must_use]
    pub fn buckets(&self) -> &[PsiBucket] {
        &self.buckets
    }
}

/// The population stability index between an expected (earlier) and an actual
/// (later) distribution, over the nine outcome buckets:
/// `PSI = Σ (a − e)·ln(a/e)` with shares floored at `epsilon` (see [`PsiOptions`]).
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::research::{psi, GradeDistribution, Outcome, PsiOptions, PsiReading};
/// use rust_decimal::Decimal;
/// let a = Outcome::Graded(Grade::A);
/// let b = Outcome::Graded(Grade::B);
/// let before = GradeDistribution::from_outcomes([a, a, b, b]);
/// let same = psi(&before, &before, &PsiOptions::default())?;
/// assert_eq!(same.value(), Decimal::ZERO);
/// assert_eq!(same.reading(), PsiReading::Stable);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a distribution
/// is empty or `epsilon` is not in `(0, 1)`.
pub fn psi(
    expected: &GradeDistribution,
    actual: &GradeDistribution,
    options: &PsiOptions,
) -> Result<Psi, Error> {
    let eps = options.epsilon;
    if eps <= Decimal::ZERO || eps >= Decimal::ONE {
        return Err(Error::invalid_input(
            "epsilon",
            format!("epsilon must be in (0, 1), got {eps}"),
        ));
    }
    let (te, ta) = (expected.total(), actual.total());
    if te == 0 {
        return Err(Error::invalid_input(
            "expected",
            "the distribution is empty",
        ));
    }
    if ta == 0 {
        return Err(Error::invalid_input("actual", "the distribution is empty"));
    }
    let mut value = Decimal::ZERO;
    let mut buckets = Vec::with_capacity(Outcome::COUNT);
    for o in Outcome::ALL {
        let e = div(from_u64(expected.count(o)), from_u64(te), "a share")?;
        let a = div(from_u64(actual.count(o)), from_u64(ta), "a share")?;
        let (ef, af) = (e.max(eps), a.max(eps));
        let contribution = if ef == af {
            Decimal::ZERO
        } else {
            mul(
                sub(af, ef, "a − e")?,
                ln(div(af, ef, "a/e")?, "ln(a/e)")?,
                "(a − e)·ln(a/e)",
            )?
        };
        value = add(value, contribution, "the PSI")?;
        buckets.push(PsiBucket {
            outcome: o,
            expected: e.normalize(),
            actual: a.normalize(),
            contribution,
        });
    }
    let value = value.round_dp(PSI_PLACES).normalize();
    Ok(Psi {
        value,
        reading: PsiReading::of(value),
        buckets,
    })
}

/// Up- and downgrade counts between two gradings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MoveCounts {
    /// Same outcome on both sides.
    pub unchanged: u64,
    /// Graded on both sides, better on the second.
    pub upgrades: u64,
    /// Graded on both sides, worse on the second.
    pub downgrades: u64,
    /// Changed, with a non-grade (closed, not registered, error) on a side.
    pub status_changes: u64,
}

/// Up- and downgrades between two gradings of one population (e.g. two dates),
/// matched by enterprise id.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::research::{move_counts, Outcome};
/// let before = [("e1", Outcome::Graded(Grade::A)), ("e2", Outcome::Graded(Grade::C))];
/// let after = [("e1", Outcome::Graded(Grade::B)), ("e2", Outcome::Graded(Grade::C))];
/// let m = move_counts(before, after)?;
/// assert_eq!((m.upgrades, m.downgrades, m.unchanged), (0, 1, 1));
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// As for [`TransitionMatrix::between`].
pub fn move_counts<S, T>(
    before: impl IntoIterator<Item = (S, Outcome)>,
    after: impl IntoIterator<Item = (T, Outcome)>,
) -> Result<MoveCounts, Error>
where
    S: Into<String>,
    T: Into<String>,
{
    let m = TransitionMatrix::between(before, after)?;
    Ok(MoveCounts {
        unchanged: m.unchanged(),
        upgrades: m.upgrades(),
        downgrades: m.downgrades(),
        status_changes: m.status_changes(),
    })
}

crate::json::policy_file!(PsiOptions, "creditgrade::research::PsiOptions", |o| {
    if o.epsilon <= Decimal::ZERO || o.epsilon >= Decimal::ONE {
        return Err(Error::invalid_policy(
            "epsilon",
            format!("{} is not in (0, 1)", o.epsilon),
        ));
    }
    Ok(())
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psi_reading_boundaries() {
        assert_eq!(PsiReading::of(Decimal::ZERO), PsiReading::Stable);
        assert_eq!(PsiReading::of(Decimal::new(1, 1)), PsiReading::SomeShift);
        assert_eq!(PsiReading::of(Decimal::new(25, 2)), PsiReading::MajorShift);
        assert_eq!(PsiReading::MajorShift.label_zh(), "显著偏移");
    }

    /// Two grades swapping shares entirely (A 1 → B 1): both buckets floored at
    /// ε = 0.0001; PSI = 2 · (1 − 0.0001) · ln(1/0.0001) = 1.9998 · ln 10000
    /// = 1.9998 · 9.210340371976183 = 18.418838675878 (12 places).
    #[test]
    fn psi_with_two_empty_buckets() {
        let a = GradeDistribution::from_outcomes([Outcome::Graded(crate::Grade::A)]);
        let b = GradeDistribution::from_outcomes([Outcome::Graded(crate::Grade::B)]);
        let p = psi(&a, &b, &PsiOptions::default()).unwrap();
        assert_eq!(p.value(), "18.418838675878".parse::<Decimal>().unwrap());
        assert_eq!(p.buckets().len(), 9);
    }
}
