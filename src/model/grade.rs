//! Severities, tiers and grades.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// The severity of an adverse event.
///
/// 罚则量化 sorts penalty articles into three classes; a minor event leads to
/// 警示 (B), a general one to 失信 (C), a serious one to 严重失信 (D).
///
/// Severities are ordered from least to most severe:
///
/// ```
/// use creditgrade::Severity;
/// assert!(Severity::Minor < Severity::General);
/// assert!(Severity::General < Severity::Serious);
/// assert_eq!("serious".parse::<Severity>()?, Severity::Serious);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 轻微 — minor; leads to tier B.
    Minor,
    /// 一般 — general; leads to tier C.
    General,
    /// 严重 — serious; leads to tier D.
    Serious,
}

impl Severity {
    /// All severities, least severe first.
    pub const ALL: [Severity; 3] = [Severity::Minor, Severity::General, Severity::Serious];

    /// The tier an event of this severity leads to.
    #[must_use]
    pub const fn tier(self) -> Tier {
        match self {
            Severity::Minor => Tier::B,
            Severity::General => Tier::C,
            Severity::Serious => Tier::D,
        }
    }

    /// The name used in files and policies: `minor`, `general` or `serious`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::General => "general",
            Severity::Serious => "serious",
        }
    }

    /// The Chinese label, for user interfaces.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Severity::Minor => "轻微",
            Severity::General => "一般",
            Severity::Serious => "严重",
        }
    }

    pub(crate) const fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = crate::Error;

    /// Parses `minor`, `general` or `serious` in any case, or the Chinese labels
    /// 轻微, 一般, 严重.
    ///
    /// ```
    /// use creditgrade::Severity;
    /// assert_eq!("Serious".parse::<Severity>()?, Severity::Serious);
    /// assert_eq!("轻微".parse::<Severity>()?, Severity::Minor);
    /// assert!("grave".parse::<Severity>().is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Severity::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s) || x.label_zh() == s)
            .ok_or_else(|| {
                crate::Error::parse(format!(
                    "unknown severity {s:?} (expected minor, general or serious, or 轻微, 一般, 严重)"
                ))
            })
    }
}

/// One of the four credit classes (信用分类) before refinement.
///
/// Ordered from best to worst: `Tier::A < Tier::D`.
///
/// ```
/// use creditgrade::Tier;
/// assert!(Tier::A < Tier::B);
/// assert_eq!(Tier::C.label_zh(), "失信");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// 守信 — trustworthy.
    A,
    /// 警示 — warning.
    B,
    /// 失信 — dishonest.
    C,
    /// 严重失信 — severely dishonest.
    D,
}

impl Tier {
    /// All tiers, best first.
    pub const ALL: [Tier; 4] = [Tier::A, Tier::B, Tier::C, Tier::D];

    /// The letter: `A`, `B`, `C` or `D`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Tier::A => "A",
            Tier::B => "B",
            Tier::C => "C",
            Tier::D => "D",
        }
    }

    /// The Chinese label: 守信, 警示, 失信 or 严重失信.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Tier::A => "守信",
            Tier::B => "警示",
            Tier::C => "失信",
            Tier::D => "严重失信",
        }
    }

    /// The grade of this tier with no refinement (`Tier::A` gives `Grade::A`).
    #[must_use]
    pub const fn grade(self) -> Grade {
        match self {
            Tier::A => Grade::A,
            Tier::B => Grade::B,
            Tier::C => Grade::C,
            Tier::D => Grade::D,
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A credit grade: a tier, with tier A refined into AAA / AA / A (分级量化).
///
/// Ordered from best to worst: `Grade::Aaa < Grade::Aa < Grade::A < Grade::B`.
///
/// ```
/// use creditgrade::{Grade, Tier};
/// assert_eq!(Grade::Aa.tier(), Tier::A);
/// assert_eq!("AAA".parse::<Grade>()?, Grade::Aaa);
/// assert_eq!(Grade::D.to_string(), "D");
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Grade {
    /// AAA — the best of tier A.
    #[serde(rename = "AAA")]
    Aaa,
    /// AA — second best of tier A.
    #[serde(rename = "AA")]
    Aa,
    /// A — 守信, trustworthy.
    A,
    /// B — 警示, warning.
    B,
    /// C — 失信, dishonest.
    C,
    /// D — 严重失信, severely dishonest.
    D,
}

impl Grade {
    /// All grades, best first.
    pub const ALL: [Grade; 6] = [
        Grade::Aaa,
        Grade::Aa,
        Grade::A,
        Grade::B,
        Grade::C,
        Grade::D,
    ];

    /// The tier this grade belongs to.
    #[must_use]
    pub const fn tier(self) -> Tier {
        match self {
            Grade::Aaa | Grade::Aa | Grade::A => Tier::A,
            Grade::B => Tier::B,
            Grade::C => Tier::C,
            Grade::D => Tier::D,
        }
    }

    /// The grade as written in files: `AAA`, `AA`, `A`, `B`, `C` or `D`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Grade::Aaa => "AAA",
            Grade::Aa => "AA",
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    /// The Chinese label of the grade's tier (守信 for AAA, AA and A); show it beside
    /// the letters, e.g. `AAA 守信`, which [`FromStr`] also reads.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Grade::Aaa | Grade::Aa | Grade::A => "守信",
            Grade::B => "警示",
            Grade::C => "失信",
            Grade::D => "严重失信",
        }
    }

    /// Position in [`Grade::ALL`] (0 for AAA, 5 for D).
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// The worse of two grades.
    #[must_use]
    pub fn worst(self, other: Grade) -> Grade {
        self.max(other)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Grade {
    type Err = crate::Error;

    /// Parses `AAA`, `AA`, `A`, `B`, `C`, `D` in any case, or a tier's Chinese
    /// label (守信 is A, 警示 B, 失信 C, 严重失信 D), also before or after the
    /// letters (`守信 AAA`, `AAA 守信`) when they agree.
    ///
    /// ```
    /// use creditgrade::Grade;
    /// assert_eq!("aa".parse::<Grade>()?, Grade::Aa);
    /// assert_eq!("失信".parse::<Grade>()?, Grade::C);
    /// assert_eq!("AAA 守信".parse::<Grade>()?, Grade::Aaa);
    /// assert!("B 守信".parse::<Grade>().is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let letters = |x: &str| {
            Grade::ALL
                .into_iter()
                .find(|g| g.as_str().eq_ignore_ascii_case(x))
        };
        let tier = |x: &str| Tier::ALL.into_iter().find(|t| t.label_zh() == x);
        let t = s.trim();
        let found = letters(t).or_else(|| tier(t).map(Tier::grade)).or_else(|| {
            let (a, b) = t.split_once(' ')?;
            let (a, b) = (a.trim(), b.trim());
            let (g, label) = match letters(a) {
                Some(g) => (g, tier(b)?),
                None => (letters(b)?, tier(a)?),
            };
            (g.tier() == label).then_some(g)
        });
        found.ok_or_else(|| {
            crate::Error::parse(format!(
                "unknown grade {s:?} (expected AAA, AA, A, B, C or D, or 守信, 警示, 失信, 严重失信)"
            ))
        })
    }
}

impl FromStr for Tier {
    type Err = crate::Error;

    /// Parses `A`, `B`, `C`, `D` in any case, or the Chinese labels 守信, 警示,
    /// 失信, 严重失信.
    ///
    /// ```
    /// use creditgrade::Tier;
    /// assert_eq!("严重失信".parse::<Tier>()?, Tier::D);
    /// assert_eq!("b".parse::<Tier>()?, Tier::B);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tier::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s) || t.label_zh() == s)
            .ok_or_else(|| {
                crate::Error::parse(format!(
                    "unknown tier {s:?} (expected A, B, C or D, or 守信, 警示, 失信, 严重失信)"
                ))
            })
    }
}
