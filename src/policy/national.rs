//! Effects of the national lists and of penalty publicity on grading, as data.

use serde::{Deserialize, Serialize};

use crate::Grade;
use crate::national::Mark;

/// What one national mark does to the grade while it holds.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::policy::MarkEffect;
/// let e = MarkEffect::new(Some(Grade::D), true);
/// assert_eq!(e.best_grade, Some(Grade::D));
/// assert!(!MarkEffect::none().any());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MarkEffect {
    /// The best grade allowed while the mark holds (a cap: a better grade is
    /// lowered to it); `None`: no cap.
    #[serde(deserialize_with = "Option::deserialize")]
    pub best_grade: Option<Grade>,
    /// Whether the mark bars refinement (no AAA / AA while it holds).
    pub bars_refinement: bool,
}

impl MarkEffect {
    /// An effect.
    #[must_use]
    pub const fn new(best_grade: Option<Grade>, bars_refinement: bool) -> MarkEffect {
        MarkEffect {
            best_grade,
            bars_refinement,
        }
    }

    /// No effect.
    #[must_use]
    pub const fn none() -> MarkEffect {
        MarkEffect::new(None, false)
    }

    /// Whether it does anything.
    #[must_use]
    pub const fn any(&self) -> bool {
        self.best_grade.is_some() || self.bars_refinement
    }
}

/// How the national standing of an enterprise ([`Standing`](crate::national::Standing))
/// weighs on its grade: an effect per mark. `None` in [`Policy::seed`](crate::Policy::seed)
/// (the grade ignores the national rules); [`NationalGrading::national_2026`] turns
/// the effects on.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::national::Mark;
/// use creditgrade::policy::NationalGrading;
/// let g = NationalGrading::national_2026();
/// assert_eq!(g.effect(Mark::SeriousList).best_grade, Some(Grade::D));
/// assert!(g.effect(Mark::AbnormalList).bars_refinement);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NationalGrading {
    /// On the list of abnormal operations.
    pub abnormal_list: MarkEffect,
    /// On the serious list.
    pub serious_list: MarkEffect,
    /// A penalty decision public on the enterprise credit publicity system.
    pub publicity_system: MarkEffect,
    /// A penalty decision public on 信用中国.
    pub credit_china: MarkEffect,
}

impl NationalGrading {
    /// The national preset (`docs/national.md` gives each number's certainty):
    /// the serious list caps the grade at D and bars refinement (R: key
    /// supervision, no incentives or honours); the list of abnormal operations
    /// bars refinement (R); a penalty public on the enterprise credit publicity
    /// system bars refinement (*choice*); publicity on 信用中国 has no effect of
    /// its own (*choice*: the same decisions, already counted).
    #[must_use]
    pub const fn national_2026() -> NationalGrading {
        NationalGrading {
            abnormal_list: MarkEffect::new(None, true),
            serious_list: MarkEffect::new(Some(Grade::D), true),
            publicity_system: MarkEffect::new(None, true),
            credit_china: MarkEffect::none(),
        }
    }

    /// No effect for any mark.
    #[must_use]
    pub const fn none() -> NationalGrading {
        NationalGrading {
            abnormal_list: MarkEffect::none(),
            serious_list: MarkEffect::none(),
            publicity_system: MarkEffect::none(),
            credit_china: MarkEffect::none(),
        }
    }

    /// The effect of a mark.
    #[must_use]
    pub const fn effect(&self, mark: Mark) -> MarkEffect {
        match mark {
            Mark::AbnormalList => self.abnormal_list,
            Mark::SeriousList => self.serious_list,
            Mark::PublicitySystem => self.publicity_system,
            Mark::CreditChina => self.credit_china,
        }
    }
}
