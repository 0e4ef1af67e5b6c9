use chrono::Datelike;

use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};

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
        run(&input.ctx(&input.rows()), out);
    }
}

#[inline]
pub(crate) fn run<R: Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    let Some(rule) = &cx.policy.annual_reports else {
        return;
    };
    let rec = cx.rec;
    let n = cx.n;
    // Deadlines of the required years, from the policy's first year on; the
    // enterprise's first year is its registration year if later.
    let deadlines = &cx.dates.deadlines;
    let first = rec.registered_on().year().max(rule.first_year);
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
    let report = |i: usize, year: i32| rec.tag(i) == Tag::AnnualReport && rec.year(i) == year;
    // Years filed on time, as bits relative to `first` (years beyond 64 are
    // looked up by scanning).
    let mut on_time: u64 = 0;
    for i in 0..n {
        if rec.tag(i) == Tag::AnnualReport {
            let year = rec.year(i);
            if year >= first
                && year - first < 64
                && deadline(year).is_some_and(|d| rec.date(i) <= d)
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
            (0..n).any(|i| report(i, year) && rec.date(i) <= d)
        };
        if filed {
            continue;
        }
        let Some(date) = d.succ_opt() else {
            continue;
        };
        // A late filing is cited as evidence: it does not cure the missing report.
        let late = (0..n).find(|&i| report(i, year));
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
