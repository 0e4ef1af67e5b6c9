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
        let first = input.enterprise().registered_on.year().max(rule.first_year);
        let mut year = first;
        while let Some(deadline) = year
            .checked_add(1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, rule.deadline_month, rule.deadline_day))
            .filter(|&deadline| deadline < t)
        {
            let mut on_time = false;
            let mut late: Option<usize> = None;
            for (i, f) in facts.iter().enumerate() {
                if let FactKind::AnnualReport { year: y } = f.kind {
                    if y == year {
                        if f.date <= deadline {
                            on_time = true;
                            break;
                        }
                        late.get_or_insert(i);
                    }
                }
            }
            if !on_time {
                if let Some(date) = deadline.succ_opt() {
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
            year += 1;
        }
    }
}
