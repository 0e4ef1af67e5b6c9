//! Explanations: what bound a grade, the reasons and their evidence.
//!
//! Every [`Assessment`](crate::Assessment) carries its [`Status`], the
//! [`Binding`] constraint that set the grade, and its [`Reason`]s — each with a
//! stable [`ReasonCode`], the rule that fired, the quantification method, the
//! [`Evidence`] facts and a typed [`Detail`].

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::quantify::ReasonCode;
pub use crate::refine::Bar;

use crate::quantify::Method;
use crate::{Grade, Severity, Tier};

/// Where an enterprise stands at the date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Registered on or before the date and neither closed nor revoked: rated.
    Active,
    /// 吊销 — licence revoked on or before the date: grade D for good.
    Revoked,
    /// 注销 — deregistered on or before the date: not rated.
    Closed,
    /// Registered after the date: not rated yet.
    NotRegistered,
}

impl Status {
    /// `active`, `revoked`, `closed` or `not_registered`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Revoked => "revoked",
            Status::Closed => "closed",
            Status::NotRegistered => "not_registered",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Active => "存续",
            Status::Revoked => "吊销",
            Status::Closed => "注销",
            Status::NotRegistered => "未成立",
        }
    }
}

/// What bound the grade: the constraint that decided it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "bound_by")]
#[non_exhaustive]
pub enum Binding {
    /// Not rated (not registered or closed).
    NotRated,
    /// The licence is revoked: D for good.
    Revocation,
    /// A lock (floor) from adverse events: the tier and its end. In score mode, the
    /// floor that capped the banded grade.
    Lock {
        /// The tier the lock sets.
        tier: Tier,
        /// When the lock ends.
        until: NaiveDate,
    },
    /// Tier A refined by points: AAA or AA at their threshold, A below AA.
    Points {
        /// The points.
        points: Decimal,
        /// The threshold reached (none for plain A).
        threshold: Option<Decimal>,
    },
    /// Tier A, not eligible for AAA / AA.
    Eligibility {
        /// The first bar found.
        bar: Bar,
    },
    /// Score mode: the band the score fell in.
    Band {
        /// The score.
        score: Decimal,
        /// The band's lower bound.
        min: Decimal,
    },
    /// A national mark (a list, a penalty in publicity) capped the grade at the
    /// best grade the policy allows while it holds.
    NationalCap {
        /// The mark.
        mark: crate::national::Mark,
        /// The best grade allowed.
        best_grade: Grade,
        /// The listing or decision, by id (the earliest holding).
        id: String,
    },
}

/// A fact cited as evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The fact's id.
    pub fact: String,
    /// The fact's date.
    pub date: NaiveDate,
}

/// What a reason says, with its numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum Detail {
    /// The enterprise's status decided (not registered, closed, revoked).
    Status {
        /// The status.
        status: Status,
    },
    /// An adverse event.
    Adverse {
        /// Its severity.
        severity: Severity,
        /// Its date.
        date: NaiveDate,
        /// Its end (natural or repaired).
        end: NaiveDate,
        /// Whether a repair dated on or before the assessment date targets it.
        repaired: bool,
        /// Whether it sets the grade of the current lock.
        locking: bool,
    },
    /// Points (an honour).
    Points {
        /// The points.
        points: Decimal,
    },
    /// A key-person flag.
    KeyPersonFlag {
        /// Its date.
        date: NaiveDate,
        /// Whether it falls in the refinement look-back.
        within_lookback: bool,
    },
    /// A credit repair accepted.
    RepairAccepted {
        /// The repaired penalty or breach.
        target: String,
        /// The event's end after the repair.
        end: NaiveDate,
    },
    /// A credit repair dated before the minimum period.
    RepairTooEarly {
        /// The penalty or breach it targets.
        target: String,
        /// The earliest date a repair is accepted.
        earliest: NaiveDate,
    },
    /// Locked.
    Locked {
        /// The tier.
        tier: Tier,
        /// The lock's end.
        until: NaiveDate,
    },
    /// Recovered: the last lock ended.
    Recovered {
        /// When it ended.
        since: NaiveDate,
    },
    /// Refined within tier A.
    Refined {
        /// The grade.
        grade: Grade,
        /// The points.
        points: Decimal,
        /// The threshold reached, none for plain A.
        threshold: Option<Decimal>,
    },
    /// Not eligible for AAA / AA.
    Ineligible {
        /// Why.
        bar: Bar,
    },
    /// Score mode: the score and its band.
    Scored {
        /// The rounded score.
        score: Decimal,
        /// The band's grade.
        band: Grade,
        /// The band's lower bound.
        min: Decimal,
    },
    /// Score mode: the floor capped the grade.
    FloorCap {
        /// The floor's tier.
        tier: Tier,
    },
    /// A national mark holds on the assessment date (evidence: the listings or
    /// decisions, with their first day).
    National {
        /// The mark.
        mark: crate::national::Mark,
        /// The best grade the policy allows while it holds, if it caps.
        best_grade: Option<Grade>,
        /// Whether it bars refinement.
        bars_refinement: bool,
        /// The first day of the earliest holding interval ("listed since").
        since: NaiveDate,
        /// The first day no longer holding, when every holding interval's end is
        /// known.
        until: Option<NaiveDate>,
        /// Whether its cap lowered the grade.
        capped: bool,
    },
}

/// One reason of an assessment: a stable code, the rule that fired, the facts that
/// are evidence, and what it did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Stable reason code.
    pub code: ReasonCode,
    /// The rule that fired.
    pub rule: Cow<'static, str>,
    /// The quantification method, where one produced it.
    pub method: Option<Method>,
    /// The facts that are its evidence.
    pub evidence: Vec<Evidence>,
    /// What it says.
    pub detail: Detail,
}

impl core::fmt::Display for Binding {
    /// What set the grade, in words.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::explain::{Bar, Binding};
    /// use creditgrade::Tier;
    /// let until = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
    /// assert_eq!(
    ///     Binding::Lock { tier: Tier::D, until }.to_string(),
    ///     "locked at D until 2025-06-01",
    /// );
    /// assert_eq!(
    ///     Binding::Eligibility { bar: Bar::AdverseEvent }.to_string(),
    ///     "held at A: an adverse event in the look-back",
    /// );
    /// ```
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use core::fmt::Write as _;
        let mut s = String::new();
        match self {
            Binding::NotRated => s.push_str("not rated"),
            Binding::Revocation => s.push_str("revoked: D for good"),
            Binding::Lock { tier, until } => {
                let _ = write!(s, "locked at {tier} until {until}");
            }
            Binding::Points {
                points,
                threshold: Some(min),
            } => {
                let _ = write!(
                    s,
                    "{} points, at or above the threshold {}",
                    points.normalize(),
                    min.normalize()
                );
            }
            Binding::Points {
                points,
                threshold: None,
            } => {
                let _ = write!(s, "{} points, below every threshold", points.normalize());
            }
            Binding::Eligibility { bar } => {
                let _ = write!(s, "held at A: {bar}");
            }
            Binding::Band { score, min } => {
                let _ = write!(s, "score {score} in the band from {min}");
            }
            Binding::NationalCap {
                mark,
                best_grade,
                id,
            } => {
                let _ = write!(s, "capped at {best_grade}: {mark} {id}");
            }
        }
        f.pad(&s)
    }
}

impl Reason {
    /// The date the reason is about: an event's or flag's date; the date of its
    /// first evidence fact for points (an honour's grant), a repair (its filing)
    /// and a status (the closing fact); `None` for the verdict (lock, recovery,
    /// refinement, score), which is about the assessment date.
    #[must_use]
    pub fn date(&self) -> Option<NaiveDate> {
        match self.detail {
            Detail::Adverse { date, .. } | Detail::KeyPersonFlag { date, .. } => Some(date),
            Detail::Points { .. }
            | Detail::RepairAccepted { .. }
            | Detail::RepairTooEarly { .. }
            | Detail::Status { .. } => self.evidence.first().map(|e| e.date),
            _ => None,
        }
    }
}

impl core::fmt::Display for Detail {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let opt = |d: &Option<Decimal>| d.map_or_else(String::new, |x| x.normalize().to_string());
        match self {
            Detail::Status { status } => write!(f, "status {}", status.as_str()),
            Detail::Adverse {
                severity,
                date,
                end,
                repaired,
                locking,
            } => {
                write!(f, "{severity} adverse event on {date}, ends {end}")?;
                if *repaired {
                    f.write_str(", repaired")?;
                }
                if *locking {
                    f.write_str(", sets the lock")?;
                }
                Ok(())
            }
            Detail::Points { points } => write!(f, "{} points", points.normalize()),
            Detail::KeyPersonFlag {
                date,
                within_lookback,
            } => write!(
                f,
                "key-person flag on {date}{}",
                if *within_lookback {
                    ", within the look-back"
                } else {
                    ", before the look-back"
                }
            ),
            Detail::RepairAccepted { target, end } => {
                write!(f, "repair of {target} accepted: the event ends {end}")
            }
            Detail::RepairTooEarly { target, earliest } => {
                write!(f, "repair of {target} too early: accepted from {earliest}")
            }
            Detail::Locked { tier, until } => {
                write!(f, "locked at {tier} ({}) until {until}", tier.label_zh())
            }
            Detail::Recovered { since } => write!(f, "recovered to A: the last lock ended {since}"),
            Detail::Refined {
                grade,
                points,
                threshold,
            } => match threshold {
                Some(_) => write!(
                    f,
                    "{grade} with {} points (threshold {})",
                    points.normalize(),
                    opt(threshold)
                ),
                None => write!(f, "{grade} with {} points", points.normalize()),
            },
            Detail::Ineligible { bar } => {
                write!(f, "not eligible for AAA/AA: {bar}")
            }
            Detail::Scored { score, band, min } => {
                write!(f, "score {score} in band {band} (from {min})")
            }
            Detail::FloorCap { tier } => write!(f, "capped by the {tier} floor"),
            Detail::National {
                mark,
                best_grade,
                bars_refinement,
                since,
                until,
                capped,
            } => {
                write!(f, "{mark} since {since}")?;
                if let Some(u) = until {
                    write!(f, " until {u}")?;
                }
                if let Some(g) = best_grade {
                    write!(f, ", best grade {g}")?;
                    if *capped {
                        f.write_str(" (capped)")?;
                    }
                }
                if *bars_refinement {
                    f.write_str(", bars AAA/AA")?;
                }
                Ok(())
            }
        }
    }
}

impl core::fmt::Display for Reason {
    /// One line: code, rule, what it says, and the evidence.
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use creditgrade::*;
    /// # let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let a = Assessor::new(Policy::seed(), Catalogue::from_pairs([("art", Severity::Serious)])?)?;
    /// let h = History::new(
    ///     Enterprise::new("E1", d(2024, 1, 1)),
    ///     vec![Fact::penalty("P1", d(2024, 1, 10), "art")],
    /// )?;
    /// let r = a.assess(&h, d(2024, 6, 1))?;
    /// assert_eq!(
    ///     r.reasons()[0].to_string(),
    ///     "[penalty] penalty: serious adverse event on 2024-01-10, ends 2025-01-10, sets the lock; evidence P1 (2024-01-10)",
    /// );
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "[{}] {}: ", self.code, self.rule)?;
        if self.code == ReasonCode::ANNUAL_REPORT_LATE {
            f.write_str("report filed late: ")?;
        } else if self.code == ReasonCode::ANNUAL_REPORT_MISSING {
            f.write_str("report missing: ")?;
        }
        write!(f, "{}", self.detail)?;
        for (i, e) in self.evidence.iter().enumerate() {
            f.write_str(if i == 0 { "; evidence " } else { ", " })?;
            write!(f, "{} ({})", e.fact, e.date)?;
        }
        Ok(())
    }
}

display_as_str!(Status);
