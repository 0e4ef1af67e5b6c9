//! Findings for credit grading (信用评价): dated disclosure failures.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Compliance, ReportCheck, SlotState, format_rate};
use crate::model::DisclosureFailureKind;
use crate::{Error, Fact, FactKind};

/// The thresholds that turn disclosure results into findings.
///
/// | knob | default | meaning |
/// |---|---|---|
/// | `min_rate` | 0.9 *(placeholder)* | a period whose disclosure rate is below it is a finding |
/// | `late_reports` | 1 | the n-th late report (and each after it) is a finding |
/// | `missing_reports` | 1 | the n-th missing report (and each after it) is a finding |
/// | `exceedances` | 3 *(placeholder)* | a period with at least n exceedances is a finding |
///
/// ```
/// use creditgrade::disclosure::DisclosureRules;
/// let r = DisclosureRules::default().min_rate("0.95".parse()?).exceedances(2);
/// assert_eq!(r.exceedance_threshold(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosureRules {
    min_rate: Decimal,
    late_reports: u32,
    missing_reports: u32,
    exceedances: u32,
}

impl Default for DisclosureRules {
    fn default() -> DisclosureRules {
        DisclosureRules {
            min_rate: Decimal::new(9, 1),
            late_reports: 1,
            missing_reports: 1,
            exceedances: 3,
        }
    }
}

impl DisclosureRules {
    /// Sets the lowest acceptable disclosure rate (a fraction, 0..=1).
    #[must_use]
    pub fn min_rate(mut self, rate: Decimal) -> DisclosureRules {
        self.min_rate = rate;
        self
    }

    /// Sets from which late report on a finding is made (≥ 1).
    #[must_use]
    pub fn late_reports(mut self, n: u32) -> DisclosureRules {
        self.late_reports = n;
        self
    }

    /// Sets from which missing report on a finding is made (≥ 1).
    #[must_use]
    pub fn missing_reports(mut self, n: u32) -> DisclosureRules {
        self.missing_reports = n;
        self
    }

    /// Sets how many exceedances in one period make a finding (≥ 1).
    #[must_use]
    pub fn exceedances(mut self, n: u32) -> DisclosureRules {
        self.exceedances = n;
        self
    }

    /// The lowest acceptable rate.
    #[must_use]
    pub fn min_rate_value(&self) -> Decimal {
        self.min_rate
    }

    /// The late-report threshold.
    #[must_use]
    pub fn late_report_threshold(&self) -> u32 {
        self.late_reports
    }

    /// The missing-report threshold.
    #[must_use]
    pub fn missing_report_threshold(&self) -> u32 {
        self.missing_reports
    }

    /// The exceedance threshold.
    #[must_use]
    pub fn exceedance_threshold(&self) -> u32 {
        self.exceedances
    }

    /// Checks the rules.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the field:
    /// `min_rate` outside 0..=1, or a threshold of 0.
    ///
    /// ```
    /// use creditgrade::disclosure::DisclosureRules;
    /// let err = DisclosureRules::default().late_reports(0).validate().unwrap_err();
    /// assert_eq!(err.to_string(), "policy field `late_reports`: must be at least 1");
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        if self.min_rate < Decimal::ZERO || self.min_rate > Decimal::ONE {
            return Err(Error::invalid_policy(
                "min_rate",
                format!("{} is outside 0..=1", self.min_rate),
            ));
        }
        for (field, n) in [
            ("late_reports", self.late_reports),
            ("missing_reports", self.missing_reports),
            ("exceedances", self.exceedances),
        ] {
            if n == 0 {
                return Err(Error::invalid_policy(field, "must be at least 1"));
            }
        }
        Ok(())
    }
}

/// A dated finding for the grading quantifier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisclosureFailure {
    /// The date the finding is established (see [`disclosure_failures`]).
    pub date: NaiveDate,
    /// What kind of failure.
    pub kind: DisclosureFailureKind,
    /// Evidence ids: due-record ids (`E1/DW001/COD/2025-W06`), monitoring-record
    /// ids, filing ids, or for a missing report `enterprise/kind/period`
    /// (`E1/monthly_emission/2025-01`).
    pub evidence: Vec<String>,
    /// A human-readable explanation.
    pub detail: String,
}

impl DisclosureFailure {
    /// The failure as a fact of the enterprise's credit record, so that the
    /// grading pipeline sees it ([`FactKind::DisclosureFailure`]; graded only when
    /// the policy's `disclosure` section is set).
    ///
    /// A missing monthly report graded as a general event under a policy whose
    /// `disclosure` section is set:
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::disclosure::*;
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Grade, History, Policy};
    /// use creditgrade::policy::DisclosureGrading;
    /// let cal = HolidayCalendar::china_2025();
    /// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    /// let check = check_report(&DisclosurePolicy::default(), &cal, "E1",
    ///     ReportKind::MonthlyEmission, Period::month(2025, 1)?, &[], d(3, 1))?;
    /// let found = disclosure_failures(&DisclosureRules::default(), &[], &[check])?;
    /// let facts = vec![found[0].to_fact("ENV-1")];
    /// let history = History::new(Enterprise::new("E1", d(1, 1)), facts)?;
    ///
    /// let mut policy = Policy::seed();
    /// policy.disclosure = Some(DisclosureGrading::source());
    /// let a = Assessor::new(policy, Catalogue::new())?.assess(&history, d(3, 1))?;
    /// assert_eq!(a.grade(), Some(Grade::C));
    /// // The seed policy does not grade disclosure.
    /// let a = Assessor::new(Policy::seed(), Catalogue::new())?.assess(&history, d(3, 1))?;
    /// assert_eq!(a.grade(), Some(Grade::A));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    #[must_use]
    pub fn to_fact(&self, id: impl Into<String>) -> Fact {
        Fact::new(
            id,
            self.date,
            FactKind::DisclosureFailure { failure: self.kind },
        )
    }
}

/// Turns one enterprise's compliance results and report checks into dated
/// findings, sorted by date, then kind, then evidence.
///
/// - **`LowDisclosureRate`**: a compliance whose rate is below `min_rate` (a period
///   with nothing due never is), dated the period's last day; evidence: the
///   due-record ids not published (missing or pending).
/// - **`ReportLate`**: late reports in deadline order; the n-th and each later one,
///   dated its filing date; evidence: the filing id.
/// - **`ReportMissing`**: missing reports in deadline order; the n-th and each later
///   one, dated the day after the deadline; evidence: `enterprise/kind/period`.
/// - **`RepeatedExceedance`**: a compliance with at least n exceedances, dated the
///   n-th exceedance's sampling date; evidence: every exceedance's record id in
///   the period.
///
/// # Errors
///
/// The rules' [`validate`](DisclosureRules::validate) errors;
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if the inputs
/// belong to more than one enterprise (naming both).
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let cal = HolidayCalendar::china_2025();
/// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// let jan = Period::month(2025, 1)?;
/// let check = check_report(&DisclosurePolicy::default(), &cal, "E1",
///     ReportKind::MonthlyEmission, jan, &[], d(3, 1))?;
/// let found = disclosure_failures(&DisclosureRules::default(), &[], &[check])?;
/// assert_eq!(found[0].kind, DisclosureFailureKind::ReportMissing);
/// assert_eq!(found[0].date, d(2, 13));
/// assert_eq!(found[0].evidence, ["E1/monthly_emission/2025-01"]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn disclosure_failures(
    rules: &DisclosureRules,
    compliances: &[Compliance],
    reports: &[ReportCheck],
) -> Result<Vec<DisclosureFailure>, Error> {
    rules.validate()?;
    let ids = compliances
        .iter()
        .map(|c| c.enterprise_id.as_str())
        .chain(reports.iter().map(|r| r.enterprise_id.as_str()));
    let mut first: Option<&str> = None;
    for id in ids {
        match first {
            None => first = Some(id),
            Some(f) if f != id => {
                return Err(Error::invalid_input(
                    "enterprise_id",
                    format!("results of two enterprises, \"{f}\" and \"{id}\""),
                ));
            }
            Some(_) => {}
        }
    }
    let mut out = Vec::new();
    for c in compliances {
        if let Some(rate) = c.rate() {
            if rate < rules.min_rate {
                out.push(DisclosureFailure {
                    date: c.period.end(),
                    kind: DisclosureFailureKind::LowDisclosureRate,
                    evidence: c
                        .slots
                        .iter()
                        .filter(|s| matches!(s.state, SlotState::Missing | SlotState::Pending))
                        .map(|s| s.due.id.clone())
                        .collect(),
                    detail: format!(
                        "{}: disclosure rate {} ({} of {} published) below {}",
                        c.period.label(),
                        format_rate(Some(rate)),
                        c.published,
                        c.due,
                        format_rate(Some(rules.min_rate)),
                    ),
                });
            }
        }
        let n = usize::try_from(rules.exceedances).unwrap_or(usize::MAX);
        if c.exceedances.len() >= n {
            let mut xs: Vec<_> = c.exceedances.iter().collect();
            xs.sort_by(|a, b| (a.at, &a.record_id).cmp(&(b.at, &b.record_id)));
            if let Some(nth) = xs.get(n - 1) {
                out.push(DisclosureFailure {
                    date: nth.at.date(),
                    kind: DisclosureFailureKind::RepeatedExceedance,
                    evidence: xs.iter().map(|x| x.record_id.clone()).collect(),
                    detail: format!(
                        "{}: {} exceedances (threshold {})",
                        c.period.label(),
                        xs.len(),
                        rules.exceedances
                    ),
                });
            }
        }
    }
    let mut checks: Vec<&ReportCheck> = reports.iter().collect();
    checks.sort_by_key(|a| (a.deadline, a.kind, a.period));
    let (mut late, mut missing) = (0u32, 0u32);
    for r in checks {
        match (r.state, r.filed_on) {
            (SlotState::Late, Some(filed)) => {
                late = late.saturating_add(1);
                if late >= rules.late_reports {
                    out.push(DisclosureFailure {
                        date: filed,
                        kind: DisclosureFailureKind::ReportLate,
                        evidence: r.filing_id.iter().cloned().collect(),
                        detail: format!(
                            "{} for {} filed {filed}, due {} (late report {late})",
                            r.kind.label_zh(),
                            r.period.label(),
                            r.deadline
                        ),
                    });
                }
            }
            (SlotState::Missing, _) => {
                missing = missing.saturating_add(1);
                if missing >= rules.missing_reports {
                    out.push(DisclosureFailure {
                        date: r.deadline.succ_opt().unwrap_or(r.deadline),
                        kind: DisclosureFailureKind::ReportMissing,
                        evidence: vec![format!(
                            "{}/{}/{}",
                            r.enterprise_id,
                            r.kind.as_str(),
                            r.period.label()
                        )],
                        detail: format!(
                            "{} for {} not filed by {} (missing report {missing})",
                            r.kind.label_zh(),
                            r.period.label(),
                            r.deadline
                        ),
                    });
                }
            }
            _ => {}
        }
    }
    out.sort_by(|a, b| {
        (a.date, a.kind, &a.evidence, &a.detail).cmp(&(b.date, b.kind, &b.evidence, &b.detail))
    });
    Ok(out)
}

crate::json::policy_file!(
    DisclosureRules,
    "creditgrade::disclosure::DisclosureRules",
    DisclosureRules::validate
);
