use chrono::Datelike;

use super::{Findings, Input, Quantifier, ReasonCode};
use crate::FactKind;
use crate::quantify::Method;

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
        let facts = input.facts();
        // Deadlines of the required years, from the policy's first year on; the
        // enterprise's first year is its registration year if later.
        let deadlines = &input.dates.deadlines;
        let first = input.enterprise().registered_on.year().max(rule.first_year);
        let Ok(skip) = usize::try_from(i64::from(first) - i64::from(rule.first_year)) else {
            return;
        };
        let Some(required) = deadlines.get(skip..) else {
            return;
        };
        if required.is_empty() {
            return;
        }
        let deadline = |year: i32| {
            usize::try_from(i64::from(year) - i64::from(first))
                .ok()
                .and_then(|k| required.get(k).copied())
        };
        // Years filed on time, as bits relative to `first` (years beyond 64 are
        // looked up by scanning).
        let mut on_time: u64 = 0;
        for f in facts {
            if let FactKind::AnnualReport { year } = f.kind {
                if year >= first && year - first < 64 && deadline(year).is_some_and(|d| f.date <= d)
                {
                    on_time |= 1 << (year - first);
                }
            }
        }
        for (k, &d) in required.iter().enumerate() {
            let year = first + i32::try_from(k).unwrap_or(i32::MAX - first);
            let filed = if k < 64 {
                on_time & (1 << k) != 0
            } else {
                facts.iter().any(|f| {
                    matches!(f.kind, FactKind::AnnualReport { year: y } if y == year) && f.date <= d
                })
            };
            if filed {
                continue;
            }
            let Some(date) = d.succ_opt() else {
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
                if late.is_some() {
                    ReasonCode::ANNUAL_REPORT_LATE
                } else {
                    ReasonCode::ANNUAL_REPORT_MISSING
                },
                "annual_reports",
                rule.severity,
                date,
                evidence,
            );
        }
    }
}
