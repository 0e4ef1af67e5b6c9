use std::borrow::Cow;

use chrono::{Months, NaiveDate};

use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};
use crate::policy::Counted;

/// 累计量化 — cumulative: the policy's rules, each counting facts of one kind in a
/// sliding window.
///
/// For each counted fact at `tᵢ`, the count is the number of counted facts dated in
/// `(tᵢ − W, tᵢ]` (all facts dated `tᵢ` included, whatever their order; `tᵢ − W`
/// clamped to month end). Every counted fact whose count reaches the threshold
/// yields a derived adverse event of the rule's severity dated `tᵢ`. Rules count raw
/// facts only; repaired penalties still count; derived events cannot be repaired.
#[derive(Clone, Copy, Debug, Default)]
pub struct CumulativeRules;

#[inline]
fn counted<R: Record>(counts: Counted, cx: &Ctx<'_, R>, i: usize) -> bool {
    match (counts, cx.rec.tag(i)) {
        (Counted::Complaints, Tag::Complaint)
        | (Counted::Admonitions, Tag::Admonition)
        | (Counted::Breaches, Tag::Breach) => true,
        (Counted::Penalties(s), Tag::Penalty) => cx.severity(i) == Some(s),
        _ => false,
    }
}

impl Quantifier for CumulativeRules {
    fn name(&self) -> &str {
        "cumulative"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        run(&input.ctx(&input.rows()), out);
    }
}

#[inline]
pub(crate) fn run<R: Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    let n = cx.n;
    for rule in &cx.policy.cumulative {
        let window = Months::new(u32::try_from(rule.window_months).unwrap_or(0));
        let threshold = rule.threshold as usize;
        // Fewer facts of the counted kind than the threshold: the rule cannot fire.
        let available = match rule.counts {
            Counted::Complaints => cx.count(Tag::Complaint),
            Counted::Admonitions => cx.count(Tag::Admonition),
            Counted::Breaches => cx.count(Tag::Breach),
            Counted::Penalties(_) => cx.count(Tag::Penalty),
        };
        if (available as usize) < threshold.max(1) {
            continue;
        }
        let (mut lo, mut hi) = (0usize, 0usize);
        for i in 0..n {
            if !counted(rule.counts, cx, i) {
                continue;
            }
            let t = cx.rec.date(i);
            let start = t.checked_sub_months(window).unwrap_or(NaiveDate::MIN);
            while lo < n && cx.rec.date(lo) <= start {
                lo += 1;
            }
            while hi < n && cx.rec.date(hi) <= t {
                hi += 1;
            }
            let count = (lo..hi)
                .filter(|&j| counted(rule.counts, cx, j))
                .take(threshold)
                .count();
            if count >= threshold {
                // The evidence goes straight into the findings' shared buffer:
                // nothing is allocated per event.
                out.adverse_from(
                    Method::Cumulative,
                    ReasonCode::CUMULATIVE,
                    Cow::Owned(rule.id.clone()),
                    rule.severity,
                    t,
                    (lo..hi).filter(|&j| counted(rule.counts, cx, j)),
                );
            }
        }
    }
}
