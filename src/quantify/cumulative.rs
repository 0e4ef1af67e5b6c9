use std::borrow::Cow;

use chrono::{Months, NaiveDate};

use super::{Findings, Input, Quantifier, ReasonCode};
use crate::policy::Counted;
use crate::quantify::Method;
use crate::{Fact, FactKind};

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

fn counted(counts: Counted, input: &Input<'_>, i: usize, f: &Fact) -> bool {
    match (counts, &f.kind) {
        (Counted::Complaints, FactKind::Complaint)
        | (Counted::Admonitions, FactKind::Admonition)
        | (Counted::Breaches, FactKind::Breach { .. }) => true,
        (Counted::Penalties(s), FactKind::Penalty { .. }) => input.severity(i) == Some(s),
        _ => false,
    }
}

impl Quantifier for CumulativeRules {
    fn name(&self) -> &str {
        "cumulative"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        let facts = input.facts();
        let n = facts.len();
        for rule in &input.policy().cumulative {
            let window = Months::new(u32::try_from(rule.window_months).unwrap_or(0));
            let threshold = rule.threshold as usize;
            let (mut lo, mut hi) = (0usize, 0usize);
            for (i, f) in facts.iter().enumerate() {
                if !counted(rule.counts, input, i, f) {
                    continue;
                }
                let t = f.date;
                let start = t.checked_sub_months(window).unwrap_or(NaiveDate::MIN);
                while lo < n && facts[lo].date <= start {
                    lo += 1;
                }
                while hi < n && facts[hi].date <= t {
                    hi += 1;
                }
                let count = (lo..hi)
                    .filter(|&j| counted(rule.counts, input, j, &facts[j]))
                    .take(threshold)
                    .count();
                if count >= threshold {
                    let evidence: Vec<usize> = (lo..hi)
                        .filter(|&j| counted(rule.counts, input, j, &facts[j]))
                        .collect();
                    out.adverse(
                        Method::Cumulative,
                        ReasonCode::CUMULATIVE,
                        Cow::Owned(rule.id.clone()),
                        rule.severity,
                        t,
                        &evidence,
                    );
                }
            }
        }
    }
}
