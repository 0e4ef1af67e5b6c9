//! Refinement of tier A into AAA / AA / A (分级量化).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Grade;
use crate::policy::RefineRules;

/// Why an enterprise is not eligible for AAA / AA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Bar {
    /// It lacks legal-person status (具备法人资格).
    NotLegalPerson,
    /// An adverse event (raw or derived, not repaired) dated within the look-back.
    AdverseEvent,
    /// A flag on a key person dated within the look-back.
    KeyPersonFlag,
    /// On the list of abnormal operations (a national effect of the policy).
    AbnormalList,
    /// On the serious list (a national effect of the policy).
    SeriousList,
    /// A penalty decision public on the enterprise credit publicity system (a
    /// national effect of the policy).
    PublicitySystem,
    /// A penalty decision public on 信用中国 (a national effect of the policy).
    CreditChina,
}

impl Bar {
    /// A stable name: `not_legal_person`, `adverse_event`, `key_person_flag`,
    /// `abnormal_list`, `serious_list`, `publicity_system`, `credit_china`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Bar::NotLegalPerson => "not_legal_person",
            Bar::AdverseEvent => "adverse_event",
            Bar::KeyPersonFlag => "key_person_flag",
            Bar::AbnormalList => "abnormal_list",
            Bar::SeriousList => "serious_list",
            Bar::PublicitySystem => "publicity_system",
            Bar::CreditChina => "credit_china",
        }
    }
}

/// The refined grade of a tier-A enterprise with `points`, eligible or not, and
/// the threshold that placed it (none for plain A).
impl Bar {
    /// The bar of a national mark.
    #[must_use]
    pub const fn of_mark(mark: crate::national::Mark) -> Bar {
        match mark {
            crate::national::Mark::AbnormalList => Bar::AbnormalList,
            crate::national::Mark::SeriousList => Bar::SeriousList,
            crate::national::Mark::PublicitySystem => Bar::PublicitySystem,
            crate::national::Mark::CreditChina => Bar::CreditChina,
        }
    }
}

impl core::fmt::Display for Bar {
    /// The bar in words (`as_str` gives the stable code).
    ///
    /// ```
    /// use creditgrade::explain::Bar;
    /// assert_eq!(Bar::KeyPersonFlag.to_string(), "a key-person flag in the look-back");
    /// assert_eq!(format!("[{:<8}]", Bar::NotLegalPerson.as_str()), "[not_legal_person]");
    /// ```
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.pad(match self {
            Bar::NotLegalPerson => "not a legal person",
            Bar::AdverseEvent => "an adverse event in the look-back",
            Bar::KeyPersonFlag => "a key-person flag in the look-back",
            Bar::AbnormalList => "on the list of abnormal operations",
            Bar::SeriousList => "on the serious list",
            Bar::PublicitySystem => "a penalty public on the enterprise credit publicity system",
            Bar::CreditChina => "a penalty public on Credit China",
        })
    }
}

pub(crate) fn refine(
    rules: &RefineRules,
    eligible: bool,
    points: Decimal,
) -> (Grade, Option<Decimal>) {
    if eligible && points >= rules.aaa_min {
        (Grade::Aaa, Some(rules.aaa_min))
    } else if eligible && points >= rules.aa_min {
        (Grade::Aa, Some(rules.aa_min))
    } else {
        (Grade::A, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    #[test]
    fn thresholds_are_inclusive() {
        let r = Policy::seed().refine;
        assert_eq!(refine(&r, true, 60.into()).0, Grade::Aaa);
        assert_eq!(refine(&r, true, Decimal::new(5999, 2)).0, Grade::Aa);
        assert_eq!(refine(&r, true, 30.into()).0, Grade::Aa);
        assert_eq!(refine(&r, true, 29.into()).0, Grade::A);
        assert_eq!(refine(&r, false, 100.into()).0, Grade::A);
    }
}
