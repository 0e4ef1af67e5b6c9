use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};

/// 据实量化 — fact-based: breaches of conduct norms (severity per breach kind,
/// dated when found), other departments' records (severity mapped by the policy)
/// and environmental disclosure failures (graded when the policy's `disclosure`
/// section maps their kind).
#[derive(Clone, Copy, Debug, Default)]
pub struct FactBased;

impl Quantifier for FactBased {
    fn name(&self) -> &str {
        "fact_based"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        run(&input.ctx(&input.rows()), out);
    }
}

#[inline]
pub(crate) fn run<R: Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    if cx.count(Tag::Breach) + cx.count(Tag::DepartmentRecord) + cx.count(Tag::DisclosureFailure)
        == 0
    {
        return;
    }
    for i in 0..cx.n {
        match cx.rec.tag(i) {
            Tag::Breach => {
                if let Some(s) = cx.severity(i) {
                    out.repairable_adverse(
                        Method::FactBased,
                        ReasonCode::BREACH,
                        "breach",
                        s,
                        i,
                        cx.rec.date(i),
                    );
                }
            }
            Tag::DepartmentRecord => {
                if let Some(s) = cx.severity(i) {
                    out.adverse(
                        Method::FactBased,
                        ReasonCode::DEPARTMENT_RECORD,
                        "department_record",
                        s,
                        cx.rec.date(i),
                        &[i],
                    );
                }
            }
            Tag::DisclosureFailure => {
                let Some(failure) = cx.rec.disclosure(i) else {
                    continue;
                };
                let graded = cx.policy.disclosure.and_then(|g| g.severity(failure));
                if let Some(s) = graded {
                    out.adverse(
                        Method::FactBased,
                        ReasonCode::DISCLOSURE_FAILURE,
                        failure.as_str(),
                        s,
                        cx.rec.date(i),
                        &[i],
                    );
                }
            }
            _ => {}
        }
    }
}
