use super::{Findings, Input, Quantifier, ReasonCode};
use crate::FactKind;
use crate::quantify::Method;

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
        for (i, f) in input.facts().iter().enumerate() {
            match f.kind {
                FactKind::Breach { .. } => {
                    if let Some(s) = input.severity(i) {
                        out.repairable_adverse(
                            Method::FactBased,
                            ReasonCode::BREACH,
                            "breach",
                            s,
                            i,
                            f.date,
                        );
                    }
                }
                FactKind::DepartmentRecord { .. } => {
                    if let Some(s) = input.severity(i) {
                        out.adverse(
                            Method::FactBased,
                            ReasonCode::DEPARTMENT_RECORD,
                            "department_record",
                            s,
                            f.date,
                            &[i],
                        );
                    }
                }
                FactKind::DisclosureFailure { failure } => {
                    let graded = input.policy().disclosure.and_then(|g| g.severity(failure));
                    if let Some(s) = graded {
                        out.adverse(
                            Method::FactBased,
                            ReasonCode::DISCLOSURE_FAILURE,
                            failure.as_str(),
                            s,
                            f.date,
                            &[i],
                        );
                    }
                }
                _ => {}
            }
        }
    }
}
