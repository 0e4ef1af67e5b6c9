use chrono::{Datelike, NaiveDate};

use super::{Findings, Input, Quantifier, ReasonCode};
use crate::{FactKind, Method};

/// Annual reports (年报): a report for year `Y` not filed by its deadline (30 June
/// of `Y + 1` in the seed policy) is an adverse event dated the day after the
/// deadline.
///
/// Reports are required for each year from the later of the registration year and
/// the policy's first year, whose deadline is strictly before the assessment date.
/// A late filing does not cure the missing report; it is cited as evidence.
#[derive(Clone, Copy, Debug, Default)]
pub struct AnnualReports;

impl Quantifier for AnnualReports {
    fn name(&self) -> &str {
        "annual_reports"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        let Some(rule) = &input.policy().annual_reports else {
            return;
        };
        let t = input.as_of();
        let facts = input.facts();
        let deadline = |year: i32| {
            year.checked_add(1)
                .and_then(|y| NaiveDate::from_ymd_opt(y, rule.deadline_month, rule.deadline_day))
        };
        let first = input.enterprise().registered_on.year().max(rule.first_year);
        // The last required year: the deadline of `t.year() - 1` or `t.year() - 2`
        // falls before `t`; later years' deadlines do not.
        let mut last = t.year().saturating_sub(1);
        while last >= first && deadline(last).is_none_or(|d| d >= t) {
            last -= 1;
        }
        if last < first {
            return;
        }
        // Years filed on time, as bits relative to `first` (years beyond 64 are
        // looked up by scanning).
        let mut on_time: u64 = 0;
        for f in facts {
            if let FactKind::AnnualReport { year } = f.kind {
                if (first..=last).contains(&year)
                    && year - first < 64
                    && deadline(year).is_some_and(|d| f.date <= d)
                {
                    on_time |= 1 << (year - first);
                }
            }
        }
        for year in first..=last {
            let filed = if year - first < 64 {
                on_time & (1 << (year - first)) != 0
            } else {
                facts.iter().any(|f| {
                    matches!(f.kind, FactKind::AnnualReport { year: y } if y == year)
                        && deadline(year).is_some_and(|d| f.date <= d)
                })
            };
            if filed {
                continue;
            }
            let Some(date) = deadline(year).and_then(|d| d.succ_opt()) else {
                continue;
            };
            // A late filing is cited as evidence: it does not cure the missing report.
            let late = facts
                .iter()
                .position(|f| matches!(f.kind, FactKind::AnnualReport { year: y } if y == year));
            let evidence: &[usize] = match &late {
                Some(i) => core::slice::from_ref(i),
                None => &[],
            };
            out.adverse(
                Method::FactBased,
                ReasonCode::ANNUAL_REPORT_MISSING,
                "annual_reports",
                rule.severity,
                date,
                evidence,
            );
        }
    }
}
