use super::{Findings, Input, Quantifier, ReasonCode};
use crate::FactKind;
use crate::quantify::Method;

/// 参考指标 — key persons: each flag on a key person (法定代表人等负责人的失信记录),
/// whatever its code, bars AAA / AA within the refinement look-back.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyPersons;

impl Quantifier for KeyPersons {
    fn name(&self) -> &str {
        "key_persons"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        for (i, f) in input.facts().iter().enumerate() {
            if let FactKind::KeyPersonFlag { .. } = f.kind {
                out.bars_refinement(
                    Method::Reference,
                    ReasonCode::KEY_PERSON_FLAG,
                    "key_person_flag",
                    f.date,
                    &[i],
                );
            }
        }
    }
}
