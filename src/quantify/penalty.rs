use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};

/// 罚则量化 — penalty-based: each penalty is an adverse event of its article's
/// catalogue class, dated on the decision date.
#[derive(Clone, Copy, Debug, Default)]
pub struct PenaltyBased;

impl Quantifier for PenaltyBased {
    fn name(&self) -> &str {
        "penalty_based"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        run(&input.ctx(&input.rows()), out);
    }
}

#[inline]
pub(crate) fn run<R: Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    if cx.count(Tag::Penalty) == 0 {
        return;
    }
    for i in 0..cx.n {
        if cx.rec.tag(i) == Tag::Penalty {
            if let Some(s) = cx.severity(i) {
                out.repairable_adverse(
                    Method::PenaltyBased,
                    ReasonCode::PENALTY,
                    "penalty",
                    s,
                    i,
                    cx.rec.date(i),
                );
            }
        }
    }
}
