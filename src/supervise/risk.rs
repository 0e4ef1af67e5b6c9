//! Industry risk classes (行业风险分类) and the catalogue that assigns them.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::Error;

/// An industry risk class (重点行业分类): by how much the business touches
/// health, public safety, production safety and social stability.
///
/// Ordered from riskiest to least risky: `RiskClass::A < RiskClass::D`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RiskClass {
    /// A 类 — highest risk; patrolled at least once a quarter.
    A,
    /// B 类 — patrolled at least once a half-year.
    B,
    /// C 类 — patrolled at least once a year.
    C,
    /// D 类 — no pre-approval needed (不涉及前置审批); no patrol cycle.
    D,
}

impl RiskClass {
    /// All classes, riskiest first.
    pub const ALL: [RiskClass; 4] = [RiskClass::A, RiskClass::B, RiskClass::C, RiskClass::D];

    /// The letter.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            RiskClass::A => "A",
            RiskClass::B => "B",
            RiskClass::C => "C",
            RiskClass::D => "D",
        }
    }

    /// The Chinese label: A类 … D类.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            RiskClass::A => "A类",
            RiskClass::B => "B类",
            RiskClass::C => "C类",
            RiskClass::D => "D类",
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

/// The catalogue from industry code and pre-approval licence kinds to a risk class
/// (重点行业目录).
///
/// An enterprise's class is the riskiest of: the class of the longest industry-code
/// prefix that matches its industry code; the class of each of its licence kinds
/// that is listed; [`licensed_default`](RiskCatalogue::licensed_default) for each
/// licence kind that is not listed; and [`default`](RiskCatalogue::default_class)
/// when nothing applies.
///
/// ```
/// use creditgrade::supervise::{RiskCatalogue, RiskClass};
/// let c = RiskCatalogue::source();
/// assert_eq!(c.classify("C2710", ["none"; 0]), RiskClass::A);
/// assert_eq!(c.classify("F5211", ["food_business"]), RiskClass::B);
/// assert_eq!(c.classify("F5211", ["some_permit"]), RiskClass::C);
/// assert_eq!(c.classify("F5211", ["none"; 0]), RiskClass::D);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskCatalogue {
    industries: Vec<(String, RiskClass)>,
    licences: Vec<(String, RiskClass)>,
    licensed_default: RiskClass,
    default: RiskClass,
}

impl Default for RiskCatalogue {
    fn default() -> Self {
        RiskCatalogue::source()
    }
}

impl RiskCatalogue {
    /// An empty catalogue: licensed enterprises C, others D.
    #[must_use]
    pub fn empty() -> RiskCatalogue {
        RiskCatalogue {
            industries: Vec::new(),
            licences: Vec::new(),
            licensed_default: RiskClass::C,
            default: RiskClass::D,
        }
    }

    /// The preset: a small illustrative catalogue after the Jianghai essay's four
    /// concerns (health, public safety, production safety, social stability). The
    /// entries are placeholders; see `docs/supervision.md`.
    #[must_use]
    pub fn source() -> RiskCatalogue {
        let ind = [
            ("C13", RiskClass::A), // agricultural food processing (health)
            ("C14", RiskClass::A), // food manufacturing (health)
            ("C15", RiskClass::A), // beverages (health)
            ("C26", RiskClass::A), // chemicals (production safety)
            ("C27", RiskClass::A), // pharmaceuticals (health)
            ("B", RiskClass::A),   // mining (production safety)
            ("H62", RiskClass::B), // catering (health)
            ("R90", RiskClass::B), // entertainment venues (social stability)
            ("E", RiskClass::C),   // construction (public safety)
        ];
        let lic = [
            ("food_production", RiskClass::A),
            ("drugs", RiskClass::A),
            ("hazardous_chemicals", RiskClass::A),
            ("fireworks", RiskClass::A),
            ("food_business", RiskClass::B),
            ("entertainment", RiskClass::B),
            ("second_hand_goods", RiskClass::C),
        ];
        RiskCatalogue {
            industries: ind.iter().map(|(k, c)| ((*k).to_owned(), *c)).collect(),
            licences: lic.iter().map(|(k, c)| ((*k).to_owned(), *c)).collect(),
            licensed_default: RiskClass::C,
            default: RiskClass::D,
        }
    }

    /// Adds (or replaces) an industry-code prefix.
    #[must_use]
    pub fn industry(mut self, prefix: impl Into<String>, class: RiskClass) -> RiskCatalogue {
        let prefix = prefix.into();
        self.industries.retain(|(p, _)| *p != prefix);
        self.industries.push((prefix, class));
        self
    }

    /// Adds (or replaces) a licence kind.
    #[must_use]
    pub fn licence(mut self, kind: impl Into<String>, class: RiskClass) -> RiskCatalogue {
        let kind = kind.into();
        self.licences.retain(|(k, _)| *k != kind);
        self.licences.push((kind, class));
        self
    }

    /// Sets the class of an unlisted licence kind (default C).
    #[must_use]
    pub fn licensed_default(mut self, class: RiskClass) -> RiskCatalogue {
        self.licensed_default = class;
        self
    }

    /// Sets the class when nothing applies (default D).
    #[must_use]
    pub fn default_class(mut self, class: RiskClass) -> RiskCatalogue {
        self.default = class;
        self
    }

    /// Checks the catalogue: no empty key, no key listed twice.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the entry.
    pub fn validate(&self) -> Result<(), Error> {
        for (name, list) in [
            ("industries", &self.industries),
            ("licences", &self.licences),
        ] {
            let mut seen = BTreeSet::new();
            for (i, (k, _)) in list.iter().enumerate() {
                if k.is_empty() {
                    return Err(Error::invalid_policy(
                        format!("catalogue.{name}[{i}]"),
                        "empty key",
                    ));
                }
                if !seen.insert(k.as_str()) {
                    return Err(Error::invalid_policy(
                        format!("catalogue.{name}[{i}]"),
                        format!("{k:?} is listed twice"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The risk class of an enterprise with an industry code and licence kinds.
    #[must_use]
    pub fn classify<'a>(
        &self,
        industry: &str,
        licence_kinds: impl IntoIterator<Item = &'a str>,
    ) -> RiskClass {
        let mut class: Option<RiskClass> = self
            .industries
            .iter()
            .filter(|(p, _)| industry.starts_with(p.as_str()))
            .max_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| b.0.cmp(&a.0)))
            .map(|(_, c)| *c);
        for kind in licence_kinds {
            let c = self
                .licences
                .iter()
                .find(|(k, _)| k == kind)
                .map_or(self.licensed_default, |(_, c)| *c);
            class = Some(class.map_or(c, |x| x.min(c)));
        }
        class.unwrap_or(self.default)
    }
}

crate::json::policy_file!(
    RiskCatalogue,
    "creditgrade::supervise::RiskCatalogue",
    RiskCatalogue::validate
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_and_empty_keys_are_refused() {
        assert!(RiskCatalogue::source().validate().is_ok());
        let mut c = RiskCatalogue::empty();
        c.licences.push(("x".into(), RiskClass::A));
        c.licences.push(("x".into(), RiskClass::B));
        assert_eq!(
            c.validate().unwrap_err().field(),
            Some("catalogue.licences[1]")
        );
        let c = RiskCatalogue::empty().industry("", RiskClass::A);
        assert_eq!(c.validate().unwrap_err().message(), "empty key");
        // The setter replaces rather than duplicates.
        let c = RiskCatalogue::empty()
            .licence("x", RiskClass::A)
            .licence("x", RiskClass::B);
        assert!(c.validate().is_ok());
        assert_eq!(c.classify("", ["x"]), RiskClass::B);
    }
}
