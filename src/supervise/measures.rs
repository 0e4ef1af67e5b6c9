//! Mechanisms and measures per grade (激励、警示、惩戒、淘汰).

use serde::{Deserialize, Serialize};

use crate::{Error, Grade};

/// The supervision mechanism a grade leads to (四个机制).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Mechanism {
    /// 激励 — incentive.
    Incentive,
    /// 一般 — normal supervision.
    Normal,
    /// 警示 — warning.
    Warning,
    /// 惩戒 — punishment.
    Punishment,
    /// 淘汰 — elimination.
    Elimination,
}

impl Mechanism {
    /// The name used in files: `incentive`, `normal`, `warning`, `punishment`,
    /// `elimination`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Mechanism::Incentive => "incentive",
            Mechanism::Normal => "normal",
            Mechanism::Warning => "warning",
            Mechanism::Punishment => "punishment",
            Mechanism::Elimination => "elimination",
        }
    }

    /// The Chinese label: 激励, 一般, 警示, 惩戒, 淘汰.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Mechanism::Incentive => "激励",
            Mechanism::Normal => "一般",
            Mechanism::Warning => "警示",
            Mechanism::Punishment => "惩戒",
            Mechanism::Elimination => "淘汰",
        }
    }
}

/// A concrete supervision measure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Measure {
    /// 年检免审 — annual-report (inspection) review exemption.
    AnnualReportReviewExemption,
    /// 免于日常巡查 — exemption from routine patrols.
    PatrolExemption,
    /// 开辟绿色通道 — a green channel for registration business.
    GreenChannel,
    /// 重点扶持 — priority support.
    PrioritySupport,
    /// 日常监管 — routine supervision.
    RoutineSupervision,
    /// 警示提醒 — a warning reminder to the enterprise.
    WarningReminder,
    /// 增加巡查频次 — more frequent patrols.
    IncreasedPatrol,
    /// 重点监管 — key supervision.
    KeySupervision,
    /// 市场退出程序 — market-exit procedures.
    MarketExit,
}

impl Measure {
    /// The name used in files (snake case of the variant).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Measure::AnnualReportReviewExemption => "annual_report_review_exemption",
            Measure::PatrolExemption => "patrol_exemption",
            Measure::GreenChannel => "green_channel",
            Measure::PrioritySupport => "priority_support",
            Measure::RoutineSupervision => "routine_supervision",
            Measure::WarningReminder => "warning_reminder",
            Measure::IncreasedPatrol => "increased_patrol",
            Measure::KeySupervision => "key_supervision",
            Measure::MarketExit => "market_exit",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Measure::AnnualReportReviewExemption => "年检免审",
            Measure::PatrolExemption => "免于日常巡查",
            Measure::GreenChannel => "绿色通道",
            Measure::PrioritySupport => "重点扶持",
            Measure::RoutineSupervision => "日常监管",
            Measure::WarningReminder => "警示提醒",
            Measure::IncreasedPatrol => "增加巡查频次",
            Measure::KeySupervision => "重点监管",
            Measure::MarketExit => "市场退出",
        }
    }
}

/// The mechanism and measures of one grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GradeMeasures {
    /// The mechanism.
    pub mechanism: Mechanism,
    /// The measures, in the policy's order.
    pub measures: Vec<Measure>,
}

impl GradeMeasures {
    /// A mechanism with its measures.
    #[must_use]
    pub fn new(mechanism: Mechanism, measures: Vec<Measure>) -> GradeMeasures {
        GradeMeasures {
            mechanism,
            measures,
        }
    }
}

/// Measures per grade, AAA to D. An unrated enterprise (`None`) gets none.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::supervise::{Measure, MeasurePolicy, Mechanism};
/// let p = MeasurePolicy::source();
/// assert_eq!(p.mechanism(Some(Grade::Aa)), Some(Mechanism::Incentive));
/// assert!(p.measures(Some(Grade::Aaa)).contains(&Measure::PatrolExemption));
/// assert_eq!(p.mechanism(Some(Grade::D)), Some(Mechanism::Elimination));
/// assert!(p.measures(None).is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasurePolicy {
    grades: [GradeMeasures; 6],
}

impl Default for MeasurePolicy {
    fn default() -> Self {
        MeasurePolicy::source()
    }
}

impl MeasurePolicy {
    /// The preset: `docs/spec.md` "Supervision that follows from a grade" and the
    /// Shenhe essay (年检免审、免于日常巡查、开辟"绿色通道"; 重点扶持 for AAA and AA).
    #[must_use]
    pub fn source() -> MeasurePolicy {
        use Measure as M;
        let incentive = GradeMeasures::new(
            Mechanism::Incentive,
            vec![
                M::AnnualReportReviewExemption,
                M::PatrolExemption,
                M::GreenChannel,
                M::PrioritySupport,
            ],
        );
        MeasurePolicy {
            grades: [
                incentive.clone(),
                incentive,
                GradeMeasures::new(Mechanism::Normal, vec![M::RoutineSupervision]),
                GradeMeasures::new(
                    Mechanism::Warning,
                    vec![M::WarningReminder, M::IncreasedPatrol],
                ),
                GradeMeasures::new(
                    Mechanism::Punishment,
                    vec![M::KeySupervision, M::IncreasedPatrol],
                ),
                GradeMeasures::new(
                    Mechanism::Elimination,
                    vec![M::KeySupervision, M::MarketExit],
                ),
            ],
        }
    }

    /// Replaces the measures of one grade.
    #[must_use]
    pub fn grade(mut self, grade: Grade, measures: GradeMeasures) -> MeasurePolicy {
        if let Some(slot) = self.grades.get_mut(grade.index()) {
            *slot = measures;
        }
        self
    }

    /// Checks that no grade lists a measure twice.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the grade.
    pub fn validate(&self) -> Result<(), Error> {
        for (g, gm) in Grade::ALL.iter().zip(&self.grades) {
            for (i, m) in gm.measures.iter().enumerate() {
                if gm.measures.iter().take(i).any(|x| x == m) {
                    return Err(Error::invalid_policy(
                        format!("measures.{}[{i}]", g.as_str()),
                        format!("measure {} listed twice", m.as_str()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The mechanism and measures of a grade; `None` for an unrated enterprise.
    #[must_use]
    pub fn for_grade(&self, grade: Option<Grade>) -> Option<&GradeMeasures> {
        grade.and_then(|g| self.grades.get(g.index()))
    }

    /// The mechanism of a grade; `None` for an unrated enterprise.
    #[must_use]
    pub fn mechanism(&self, grade: Option<Grade>) -> Option<Mechanism> {
        self.for_grade(grade).map(|m| m.mechanism)
    }

    /// The measures of a grade; empty for an unrated enterprise.
    #[must_use]
    pub fn measures(&self, grade: Option<Grade>) -> &[Measure] {
        self.for_grade(grade).map_or(&[], |m| m.measures.as_slice())
    }
}

crate::json::policy_file!(
    MeasurePolicy,
    "creditgrade::supervise::MeasurePolicy",
    MeasurePolicy::validate
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_measure_listed_twice_is_refused() {
        let p = MeasurePolicy::source().grade(
            Grade::B,
            GradeMeasures::new(
                Mechanism::Warning,
                vec![Measure::WarningReminder, Measure::WarningReminder],
            ),
        );
        let e = p.validate().unwrap_err();
        assert_eq!(e.field(), Some("measures.B[1]"));
        assert!(MeasurePolicy::source().validate().is_ok());
    }
}
