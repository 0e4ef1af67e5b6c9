use chrono::{Datelike, NaiveDate};

use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};
use crate::Severity;
use crate::model::months::add_months;

/// Annual reports (年报): a report for year `Y` not filed by its deadline (30 June
/// of `Y + 1` in the seed policy) is an adverse event dated the day after the
/// deadline.
///
/// Reports are required for each year from the later of the registration year and
/// the policy's first year, whose deadline is strictly before the assessment date.
/// A late filing does not cure the missing report; it is cited as evidence.
///
/// Far beyond the last fact, the run of years missed since then is shortened to
/// the reports that can still bear on the verdict: the grade, lock, score, points
/// and eligibility are exactly those of the whole run, and the reasons list the
/// missed reports that are recent enough to matter. (Not with a custom quantifier
/// added to the assessor: then every missed report is an event.)
#[derive(Clone, Copy, Debug, Default)]
pub struct AnnualReports;

/// The day after the deadline of the report for `year`: the date of its event.
fn event_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.checked_add(1)?, month, day)?.succ_opt()
}

/// The missed years left out of the events, with the date the first kept event
/// after them links to the running episode by (see below), or `None`.
///
/// Let the *tail* be the years after the last year any report was filed for,
/// whose events fall after the last fact: every one of them is missed, and their
/// events `E_y` (date `a_y`, end `b_y = a_y + L` months, all of one severity, not
/// repairable) come after every other event. `a_y` and `b_y` grow with `y`. Let
/// `far` be the latest end any other event can have: `D₀ + max L(s)` where `D₀` is
/// the latest date of a fact or of a missed report before the tail.
///
/// A contiguous run `lo..=hi` of tail years may be left out when `a_lo ≥ far`, the
/// run holds at least two years and `hi` is not the last required year, and
/// `b_hi ≤ t` and `a_hi` is not after the look-back start (so, as ends and dates
/// grow, no left-out event is active at `t` or in the look-back). Then:
///
/// - The score, the Window lock (only events active at `t`), the bar to AAA / AA
///   (only events in the look-back) and the last end (reached by the last event,
///   which is kept) do not depend on the left-out events.
/// - The Episode lock: every event before `lo` is kept and processed alike, ending
///   with a running end `R`. For `y > lo` the running end before `E_y` is exactly
///   `b_{y-1}`, since every earlier end is at most `far ≤ a_lo ≤ b_{y-1}` or an
///   earlier tail end; so `E_y` joins iff `a_y < b_{y-1}`. Let `k = hi + 1`, the
///   first kept event after the run. If some step `y` in `lo < y ≤ k` breaks
///   (`a_y ≥ b_{y-1}`), `E_k`'s episode in the full run starts at a tail event
///   and holds only tail events, of one severity; without the run, `E_k` opens an
///   episode by itself since `a_k ≥ a_y ≥ b_{y-1} ≥ b_{lo-1}` and `a_k > far`, so
///   `a_k ≥ R`; both episodes have the same worst severity and running end (the
///   left-out ends are at most `b_k`). If no step breaks, `E_k` is in the episode
///   of `E_lo`, which joins the one before iff `a_lo < R`: linking `E_k` by `a_lo`
///   instead of its own date gives the same episode less the left-out events, of
///   `E_k`'s own severity, with the same running end.
/// - Whether every step breaks or not depends only on `L`: consecutive event dates
///   are 365 or 366 days apart, so with `L ≤ 11` no step chains, with `L ≥ 13`
///   every step does, and with `L = 12` a step chains only into an event on
///   29 February (a deadline on 28 February), which two consecutive years never
///   both have: across the run's two or more steps one breaks.
///
/// So the verdict is unchanged, and the reasons lose only the left-out events,
/// which cite no fact (no report was filed for a tail year) and are not active,
/// not in the look-back, and (except with a link) not in the locking episode.
/// Custom quantifiers may date events anywhere, so with them nothing is left out.
fn skipped_run<R: Record>(
    cx: &Ctx<'_, R>,
    rule: &crate::policy::AnnualReportRule,
    first: i32,
    last: i32,
) -> Option<(i32, i32, Option<NaiveDate>)> {
    if !cx.prune {
        return None;
    }
    let (m, d) = (rule.deadline_month, rule.deadline_day);
    let rec = cx.rec;
    let n = cx.n;
    let t = cx.as_of;
    let last_fact = if n == 0 {
        rec.registered_on()
    } else {
        rec.date(n - 1)
    };
    let lock = &cx.policy.lock.duration_months;
    let max_l = Severity::ALL.iter().map(|&s| lock.get(s)).max()?;
    // A run needs two events at or after `far ≥ last_fact + max L`, the second
    // ending by `t`, so `t` lies about a year beyond `far`: before that, nothing
    // is left out (the common case, decided cheaply; leaving out less is always
    // exact).
    if add_months(last_fact, max_l.saturating_add(12)) >= t {
        return None;
    }
    let last_filed = (0..n)
        .filter(|&i| rec.tag(i) == Tag::AnnualReport)
        .map(|i| rec.year(i))
        .max();
    // The first tail year: after the last year filed for, and its event after the
    // last fact.
    let mut y0 = last_filed.map_or(first, |y| y.saturating_add(1)).max(first);
    y0 = y0.max(last_fact.year().saturating_sub(2));
    while event_date(y0, m, d)? <= last_fact {
        y0 += 1;
    }
    let before = if y0 > first {
        event_date(y0 - 1, m, d)?.max(last_fact)
    } else {
        last_fact
    };
    let far = add_months(before, max_l);
    let mut lo = y0.max(far.year().saturating_sub(2));
    while event_date(lo, m, d)? < far {
        lo += 1;
    }
    let l = lock.get(rule.severity);
    let lookback = cx.dates.lookback_start;
    let fits = |y: i32| event_date(y, m, d).is_some_and(|a| a <= lookback && add_months(a, l) <= t);
    let mut hi = (last - 1)
        .min(lookback.year())
        .min(crate::model::months::sub_months(t, l).year());
    while hi >= lo && !fits(hi) {
        hi -= 1;
    }
    if hi - lo < 1 {
        return None;
    }
    let link = if l > 12 { event_date(lo, m, d) } else { None };
    Some((lo, hi, link))
}

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
    let (m, d) = (rule.deadline_month, rule.deadline_day);
    let rec = cx.rec;
    let n = cx.n;
    let t = cx.as_of;
    // Required: from the later of the registration year and the policy's first
    // year to the last year whose deadline is strictly before the date.
    let first = rec.registered_on().year().max(rule.first_year);
    let Some(this_year) = NaiveDate::from_ymd_opt(t.year(), m, d) else {
        return;
    };
    let last = if this_year < t {
        t.year() - 1
    } else {
        t.year() - 2
    };
    if first > last {
        return;
    }
    let skip = skipped_run(cx, rule, first, last);
    // Years looked at in blocks of 64: one pass over the facts per block marks
    // the years filed on time and the years with any report.
    let mut year = first;
    let mut link = None;
    while year <= last {
        if let Some((lo, hi, l)) = skip {
            if year == lo {
                year = hi + 1;
                link = l;
                continue;
            }
        }
        let block_end = match skip {
            Some((lo, _, _)) if lo > year => last.min(lo - 1).min(year.saturating_add(63)),
            _ => last.min(year.saturating_add(63)),
        };
        let (mut on_time, mut any) = (0u64, 0u64);
        for i in 0..n {
            if rec.tag(i) == Tag::AnnualReport {
                let y = rec.year(i);
                if (year..=block_end).contains(&y) {
                    let bit = 1u64 << (y - year);
                    any |= bit;
                    if NaiveDate::from_ymd_opt(y.saturating_add(1), m, d)
                        .is_some_and(|deadline| rec.date(i) <= deadline)
                    {
                        on_time |= bit;
                    }
                }
            }
        }
        for y in year..=block_end {
            let bit = 1u64 << (y - year);
            if on_time & bit != 0 {
                continue;
            }
            let Some(date) = event_date(y, m, d) else {
                continue;
            };
            // A late filing is cited as evidence: it does not cure the missing
            // report.
            let late = if any & bit != 0 {
                (0..n).find(|&i| rec.tag(i) == Tag::AnnualReport && rec.year(i) == y)
            } else {
                None
            };
            let evidence: &[usize] = match &late {
                Some(i) => core::slice::from_ref(i),
                None => &[],
            };
            out.adverse_linked(
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
                link.take(),
            );
        }
        year = block_end + 1;
    }
}
