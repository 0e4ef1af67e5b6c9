use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};

/// 参考指标 — key persons: each flag on a key person (法定代表人等负责人的失信记录),
/// whatever its code, bars AAA / AA within the refinement look-back.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyPersons;

impl Quantifier for KeyPersons {
    fn name(&self) -> &str {
        "key_persons"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        run(&input.ctx(&input.rows()), out);
    }
}

#[inline]
pub(crate) fn run<R: Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    if cx.count(Tag::KeyPersonFlag) == 0 {
        return;
    }
    for i in 0..cx.n {
        if cx.rec.tag(i) == Tag::KeyPersonFlag {
            out.bars_refinement(
                Method::Reference,
                ReasonCode::KEY_PERSON_FLAG,
                "key_person_flag",
                cx.rec.date(i),
                &[i],
            );
        }
    }
}
