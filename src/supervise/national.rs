//! Effects of the national lists and of penalty publicity on supervision, as data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::national::{Mark, Standing};
use crate::{Error, Grade};

use super::SupervisionPolicy;
use super::patrol::next_due;
use super::record::{Record, Status};
use super::risk::RiskClass;
use crate::model::dates::check_date;

/// What one national mark does to supervision while it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SupervisionEffect {
    /// The longest patrol interval in months while it holds (the shorter of this
    /// and the usual interval applies); `None`: no change.
    pub patrol_months: Option<u32>,
    /// Whether the enterprise is always in the random draw while it holds.
    pub always_drawn: bool,
}

impl SupervisionEffect {
    /// An effect.
    #[must_use]
    pub const fn new(patrol_months: Option<u32>, always_drawn: bool) -> SupervisionEffect {
        SupervisionEffect {
            patrol_months,
            always_drawn,
        }
    }

    /// No effect.
    #[must_use]
    pub const fn none() -> SupervisionEffect {
        SupervisionEffect::new(None, false)
    }
}

/// How the national standing of an enterprise weighs on supervision: an effect
/// per mark. Off in [`SupervisionPolicy::source`]; [`NationalSupervision::national_2026`]
/// is the national preset.
///
/// ```
/// use creditgrade::national::Mark;
/// use creditgrade::supervise::NationalSupervision;
/// let n = NationalSupervision::national_2026();
/// assert_eq!(n.effect(Mark::SeriousList).patrol_months, Some(1));
/// assert!(n.effect(Mark::SeriousList).always_drawn);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NationalSupervision {
    /// On the list of abnormal operations.
    pub abnormal_list: SupervisionEffect,
    /// On the serious list.
    pub serious_list: SupervisionEffect,
    /// A penalty decision public on the enterprise credit publicity system.
    pub publicity_system: SupervisionEffect,
    /// A penalty decision public on 信用中国.
    pub credit_china: SupervisionEffect,
}

impl NationalSupervision {
    /// The national preset (`docs/national.md` gives each number's certainty):
    /// the serious list means key supervision — a patrol every month and always
    /// in the random draw (R); the list of abnormal operations, a patrol at
    /// least every 6 months (*choice*); publicity has no effect of its own.
    #[must_use]
    pub const fn national_2026() -> NationalSupervision {
        NationalSupervision {
            abnormal_list: SupervisionEffect::new(Some(6), false),
            serious_list: SupervisionEffect::new(Some(1), true),
            publicity_system: SupervisionEffect::none(),
            credit_china: SupervisionEffect::none(),
        }
    }

    /// The effect of a mark.
    #[must_use]
    pub const fn effect(&self, mark: Mark) -> SupervisionEffect {
        match mark {
            Mark::AbnormalList => self.abnormal_list,
            Mark::SeriousList => self.serious_list,
            Mark::PublicitySystem => self.publicity_system,
            Mark::CreditChina => self.credit_china,
        }
    }

    /// Checks the intervals (1 to 1200 months).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming
    /// `national.<mark>.patrol_months`.
    pub fn validate(&self) -> Result<(), Error> {
        for m in Mark::ALL {
            if let Some(x) = self.effect(m).patrol_months {
                if x == 0 || x > 1200 {
                    return Err(Error::invalid_policy(
                        format!("national.{}.patrol_months", m.as_str()),
                        format!("{x} months: must be 1 to 1200"),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl SupervisionPolicy {
    /// The patrol interval in months of a rated enterprise of a risk class and a
    /// grade, with its national standing on `t`: the shortest of
    /// [`PatrolPolicy::interval`](super::PatrolPolicy::interval) and the
    /// `patrol_months` of each mark holding on `t`. Without the national section,
    /// or for an unrated enterprise (`None` grade), the usual interval.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::Grade;
    /// use creditgrade::national::{Mark, Standing};
    /// use creditgrade::supervise::{NationalSupervision, RiskClass, SupervisionPolicy};
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let s = Standing::clear("E1", d(2025, 1, 1)).with_spell(Mark::SeriousList, "S1", d(2024, 4, 1), Some(d(2027, 4, 1)));
    /// let p = SupervisionPolicy::source();
    /// assert_eq!(p.patrol_interval(RiskClass::C, Some(Grade::A), &s, d(2025, 1, 1)), Some(12));
    /// let p = p.with_national(Some(NationalSupervision::national_2026()));
    /// assert_eq!(p.patrol_interval(RiskClass::C, Some(Grade::A), &s, d(2025, 1, 1)), Some(1));
    /// assert!(p.always_drawn(&s, d(2025, 1, 1)));
    /// ```
    #[must_use]
    pub fn patrol_interval(
        &self,
        class: RiskClass,
        grade: Option<Grade>,
        standing: &Standing,
        t: NaiveDate,
    ) -> Option<u32> {
        let base = self.patrol().interval(class, grade);
        let (Some(n), Some(_)) = (self.national(), grade) else {
            return base;
        };
        Mark::ALL
            .into_iter()
            .filter_map(|m| n.effect(m).patrol_months.filter(|_| standing.holds(m, t)))
            .chain(base)
            .min()
    }

    /// The next patrol due date of a record as of `t` with its national standing:
    /// as [`PatrolPolicy::due_date`](super::PatrolPolicy::due_date), with
    /// [`patrol_interval`](SupervisionPolicy::patrol_interval) as the interval.
    ///
    /// # Errors
    ///
    /// As [`PatrolPolicy::due_date`](super::PatrolPolicy::due_date).
    pub fn patrol_due(
        &self,
        record: &Record,
        standing: &Standing,
        t: NaiveDate,
    ) -> Result<Option<NaiveDate>, Error> {
        check_date("t", t)?;
        if record.status == Status::Deregistered {
            return Ok(None);
        }
        let class = self.patrol().risk_class(record);
        let Some(months) = self.patrol_interval(class, record.grade, standing, t) else {
            return Ok(None);
        };
        let base = record
            .last_inspection(t)
            .map_or(record.enterprise.registered_on, |i| i.date);
        next_due(base, months)
            .map(Some)
            .map_err(|e| e.with_enterprise(record.id()))
    }

    /// Whether the national standing puts the enterprise in every random draw on
    /// `t` (false without the national section). Mark its
    /// [`DrawCandidate`](super::DrawCandidate) with
    /// [`forced`](super::DrawCandidate::forced).
    #[must_use]
    pub fn always_drawn(&self, standing: &Standing, t: NaiveDate) -> bool {
        self.national().is_some_and(|n| {
            Mark::ALL
                .into_iter()
                .any(|m| n.effect(m).always_drawn && standing.holds(m, t))
        })
    }
}
