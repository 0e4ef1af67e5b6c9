use super::{Findings, Input, Quantifier, ReasonCode};
use crate::FactKind;
use crate::quantify::Method;

/// 罚则量化 — penalty-based: each penalty is an adverse event of its article's
/// catalogue class, dated on the decision date.
#[derive(Clone, Copy, Debug, Default)]
pub struct PenaltyBased;

impl Quantifier for PenaltyBased {
    fn name(&self) -> &str {
        "penalty_based"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        for (i, f) in input.facts().iter().enumerate() {
            if let FactKind::Penalty { .. } = f.kind {
                if let Some(s) = input.severity(i) {
                    out.repairable_adverse(
                        Method::PenaltyBased,
                        ReasonCode::PENALTY,
                        "penalty",
                        s,
                        i,
                        f.date,
                    );
                }
            }
        }
    }
}
