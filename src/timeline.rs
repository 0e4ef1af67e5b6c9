//! Versions of a rule set by the date each takes effect (法律适用的时间).
//!
//! Rules change on fixed dates: 信用中国's repair rules were NDRC Order 58 from
//! 2023-05-01 and are Order 36 from 2026-04-01. A [`Timeline`] holds the versions of
//! one rule set — any type: publicity rules, list rules, a grading
//! [`Policy`](crate::Policy), a working-day calendar — each with a name, a
//! fingerprint and the date it takes effect. [`Timeline::in_force`] answers which
//! version was in force on a day; a day before the first version is an
//! [`ErrorKind::BeforeFirstVersion`] error, never a guess.
//!
//! Which version governs a decision is a policy choice, [`Governing`]: the one in
//! force on the decision date (the default), the one in force on the assessment
//! date, or the lighter of the two (从旧兼从轻). Every answer names the versions it
//! used, as [`VersionId`]s.
//!
//! The grading [`Policy`](crate::Policy) itself is a timeline too: an
//! [`AssessorTimeline`] compiles a `Timeline<Policy>` and grades each date by the
//! version in force on it, naming that version in the answer ([`Versioned`]).
//!
//! ```
//! use creditgrade::chrono::NaiveDate;
//! use creditgrade::timeline::{Governing, Timeline, Version};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! // Maximum publicity in months, by version.
//! let max_months = Timeline::new(vec![
//!     Version::fingerprinted("Order 58", d(2023, 5, 1), 12_u32),
//!     Version::fingerprinted("Order 36", d(2026, 4, 1), 3_u32),
//! ])?;
//! assert_eq!(max_months.in_force(d(2026, 3, 31))?.name(), "Order 58");
//! assert_eq!(max_months.in_force(d(2026, 4, 1))?.name(), "Order 36");
//! assert!(max_months.in_force(d(2023, 4, 30)).is_err());
//!
//! // Decided under Order 58, assessed under Order 36: the lighter (shorter) applies.
//! let g = max_months.governing(Governing::Lighter, d(2026, 1, 5), d(2026, 5, 1), |a, b| {
//!     a.rules().cmp(b.rules())
//! })?;
//! assert_eq!(g.version().name(), "Order 36");
//! assert_eq!(g.used().len(), 2);
//! # Ok::<(), creditgrade::Error>(())
//! ```

use core::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{Error, ErrorKind};

pub use crate::versioned::{AssessorTimeline, Versioned};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// `sha256:` and the hex SHA-256 of the canonical JSON of `value` (fields in
/// declaration order, maps sorted, decimals as strings), as
/// [`Policy::fingerprint`](crate::Policy::fingerprint) does.
///
/// ```
/// let f = creditgrade::timeline::fingerprint(&12_u32);
/// assert!(f.starts_with("sha256:"));
/// assert_eq!(f.len(), 7 + 64);
/// ```
#[must_use]
pub fn fingerprint<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data to JSON cannot fail; a type whose `Serialize` does
    // fail fingerprints as the empty document.
    let json = serde_json::to_vec(value).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// Which version of a rule set governs a decision (a policy choice).
///
/// ```
/// use creditgrade::timeline::Governing;
/// assert_eq!(Governing::default(), Governing::DecisionDate);
/// assert_eq!("lighter".parse::<Governing>()?, Governing::Lighter);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Governing {
    /// The version in force on the decision date (the default).
    #[default]
    DecisionDate,
    /// The version in force on the assessment date.
    AssessmentDate,
    /// 从旧兼从轻 — the lighter of the two, by the rule's ordering (行政处罚法
    /// art. 37); when they weigh the same, the version of the decision date.
    Lighter,
}

impl Governing {
    /// The stable name: `decision_date`, `assessment_date` or `lighter`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Governing::DecisionDate => "decision_date",
            Governing::AssessmentDate => "assessment_date",
            Governing::Lighter => "lighter",
        }
    }
}

display_as_str!(Governing);

impl core::str::FromStr for Governing {
    type Err = Error;

    fn from_str(s: &str) -> Result<Governing, Error> {
        match s {
            "decision_date" => Ok(Governing::DecisionDate),
            "assessment_date" => Ok(Governing::AssessmentDate),
            "lighter" => Ok(Governing::Lighter),
            _ => Err(Error::parse(format!(
                "unknown governing version {s:?} (expected decision_date, assessment_date or lighter)"
            ))),
        }
    }
}

/// The name, fingerprint and effective date of a version: what an answer records
/// about the rules it used.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionId {
    /// The version's name, e.g. `NDRC Order 36`.
    pub name: String,
    /// Its fingerprint, e.g. `sha256:…`.
    pub fingerprint: String,
    /// The first day it is in force.
    pub effective: NaiveDate,
}

/// One version of a rule set: a name, a fingerprint, the first day in force and
/// the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version<T> {
    id: VersionId,
    rules: T,
}

impl<T> Version<T> {
    /// A version with a fingerprint of your own (e.g. a calendar's notice number).
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::timeline::Version;
    /// let v = Version::new("holidays 2026", "notice of 2025-11-04",
    ///     NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), ());
    /// assert_eq!(v.fingerprint(), "notice of 2025-11-04");
    /// ```
    pub fn new(
        name: impl Into<String>,
        fingerprint: impl Into<String>,
        effective: NaiveDate,
        rules: T,
    ) -> Version<T> {
        Version {
            id: VersionId {
                name: name.into(),
                fingerprint: fingerprint.into(),
                effective,
            },
            rules,
        }
    }

    /// The version's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.id.name
    }

    /// The version's fingerprint.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.id.fingerprint
    }

    /// The first day the version is in force.
    #[must_use]
    pub fn effective(&self) -> NaiveDate {
        self.id.effective
    }

    /// The rules.
    #[must_use]
    pub fn rules(&self) -> &T {
        &self.rules
    }

    /// Name, fingerprint and effective date together.
    #[must_use]
    pub fn id(&self) -> &VersionId {
        &self.id
    }
}

impl<T: Serialize> Version<T> {
    /// A version fingerprinted by the SHA-256 of its rules' canonical JSON
    /// ([`fingerprint`]).
    pub fn fingerprinted(name: impl Into<String>, effective: NaiveDate, rules: T) -> Version<T> {
        let f = fingerprint(&rules);
        Version::new(name, f, effective, rules)
    }
}

/// The version that governs a decision, and every version consulted to find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Governed<'a, T> {
    version: &'a Version<T>,
    used: Vec<VersionId>,
}

impl<'a, T> Governed<'a, T> {
    /// The governing version.
    #[must_use]
    pub fn version(&self) -> &'a Version<T> {
        self.version
    }

    /// Every version consulted, the governing one first (two under
    /// [`Governing::Lighter`] when the dates fall under different versions).
    #[must_use]
    pub fn used(&self) -> &[VersionId] {
        &self.used
    }
}

/// The versions of one rule set, by the date each takes effect.
///
/// Valid when it has at least one version, effective dates strictly increase and
/// names are unique. With serde it reads and writes a list of
/// `{ "name", "effective", "rules" }` objects; a `fingerprint` written beside them
/// is checked against the rules (a fingerprint that does not match is refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline<T> {
    versions: Vec<Version<T>>,
}

impl<T> Timeline<T> {
    /// A timeline of `versions`, in date order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] when there is no version, when a version does
    /// not take effect strictly after the one before it, or when two versions share
    /// a name; the field names the version (`versions[1].effective`).
    pub fn new(versions: Vec<Version<T>>) -> Result<Timeline<T>, Error> {
        if versions.is_empty() {
            return Err(Error::invalid_policy(
                "versions",
                "a timeline needs at least one version",
            ));
        }
        let mut names = BTreeSet::new();
        for (i, v) in versions.iter().enumerate() {
            if v.name().is_empty() {
                return Err(Error::invalid_policy(
                    format!("versions[{i}].name"),
                    "a version needs a name",
                ));
            }
            if !names.insert(v.name()) {
                return Err(Error::invalid_policy(
                    format!("versions[{i}].name"),
                    format!("two versions are named {:?}", v.name()),
                )
                .with_subject(v.name()));
            }
            if i > 0 && v.effective() <= versions[i - 1].effective() {
                return Err(Error::invalid_policy(
                    format!("versions[{i}].effective"),
                    format!(
                        "version {:?} takes effect on {}, not after {:?} ({})",
                        v.name(),
                        v.effective(),
                        versions[i - 1].name(),
                        versions[i - 1].effective()
                    ),
                )
                .with_subject(v.name()));
            }
        }
        Ok(Timeline { versions })
    }

    /// A timeline of one version.
    pub fn single(version: Version<T>) -> Timeline<T> {
        Timeline {
            versions: vec![version],
        }
    }

    /// Adds a version taking effect after the last one.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] when it does not take effect strictly after the
    /// last version or its name is taken; the timeline is then unchanged.
    pub fn push(&mut self, version: Version<T>) -> Result<(), Error> {
        let i = self.versions.len();
        if self.versions.iter().any(|v| v.name() == version.name()) || version.name().is_empty() {
            return Err(Error::invalid_policy(
                format!("versions[{i}].name"),
                format!("the name {:?} is empty or taken", version.name()),
            )
            .with_subject(version.name()));
        }
        if let Some(last) = self.versions.last() {
            if version.effective() <= last.effective() {
                return Err(Error::invalid_policy(
                    format!("versions[{i}].effective"),
                    format!(
                        "version {:?} takes effect on {}, not after {:?} ({})",
                        version.name(),
                        version.effective(),
                        last.name(),
                        last.effective()
                    ),
                )
                .with_subject(version.name()));
            }
        }
        self.versions.push(version);
        Ok(())
    }

    /// The versions, in date order.
    #[must_use]
    pub fn versions(&self) -> &[Version<T>] {
        &self.versions
    }

    /// The version in force on `date`: the last one effective on or before it.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BeforeFirstVersion`] for a day before the first version took
    /// effect.
    pub fn in_force(&self, date: NaiveDate) -> Result<&Version<T>, Error> {
        let n = self.versions.partition_point(|v| v.effective() <= date);
        if let Some(i) = n.checked_sub(1) {
            return Ok(&self.versions[i]);
        }
        let first = &self.versions[0];
        Err(Error::new(
            ErrorKind::BeforeFirstVersion,
            format!(
                "no version was in force on {date}: the first, {:?}, takes effect on {}",
                first.name(),
                first.effective()
            ),
        )
        .with_subject(date.to_string()))
    }

    /// The version that governs a decision of `decided_on` assessed on `assessed_on`,
    /// by the policy choice `governing`. `lighter(a, b)` orders two versions for
    /// [`Governing::Lighter`]: `Less` when `a` is the lighter for this decision.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BeforeFirstVersion`] when a date the choice consults is before
    /// the first version (under `Lighter`, either date).
    pub fn governing(
        &self,
        governing: Governing,
        decided_on: NaiveDate,
        assessed_on: NaiveDate,
        lighter: impl FnOnce(&Version<T>, &Version<T>) -> Ordering,
    ) -> Result<Governed<'_, T>, Error> {
        fn one<T>(v: &Version<T>) -> Governed<'_, T> {
            Governed {
                version: v,
                used: vec![v.id().clone()],
            }
        }
        match governing {
            Governing::DecisionDate => Ok(one(self.in_force(decided_on)?)),
            Governing::AssessmentDate => Ok(one(self.in_force(assessed_on)?)),
            Governing::Lighter => {
                let old = self.in_force(decided_on)?;
                let new = self.in_force(assessed_on)?;
                if old.id() == new.id() {
                    return Ok(one(old));
                }
                let (win, other) = match lighter(old, new) {
                    Ordering::Greater => (new, old),
                    Ordering::Less | Ordering::Equal => (old, new),
                };
                Ok(Governed {
                    version: win,
                    used: vec![win.id().clone(), other.id().clone()],
                })
            }
        }
    }
}

#[derive(Serialize)]
struct VersionOut<'a, T> {
    name: &'a str,
    effective: NaiveDate,
    fingerprint: &'a str,
    rules: &'a T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VersionIn<T> {
    name: String,
    effective: NaiveDate,
    #[serde(default)]
    fingerprint: Option<String>,
    rules: T,
}

impl<T: Serialize> Serialize for Timeline<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.versions.iter().map(|v| VersionOut {
            name: v.name(),
            effective: v.effective(),
            fingerprint: v.fingerprint(),
            rules: v.rules(),
        }))
    }
}

impl<'de, T: Serialize + Deserialize<'de>> Deserialize<'de> for Timeline<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Timeline<T>, D::Error> {
        let raw = Vec::<VersionIn<T>>::deserialize(d)?;
        let mut versions = Vec::with_capacity(raw.len());
        for (i, v) in raw.into_iter().enumerate() {
            let computed = fingerprint(&v.rules);
            if let Some(given) = &v.fingerprint {
                if *given != computed {
                    return Err(serde::de::Error::custom(format!(
                        "versions[{i}].fingerprint: {given:?} does not match the rules ({computed})"
                    )));
                }
            }
            versions.push(Version::new(v.name, computed, v.effective, v.rules));
        }
        Timeline::new(versions).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn two() -> Timeline<u32> {
        Timeline::new(vec![
            Version::fingerprinted("Order 58", d(2023, 5, 1), 12),
            Version::fingerprinted("Order 36", d(2026, 4, 1), 3),
        ])
        .unwrap()
    }

    #[test]
    fn in_force_on_the_day_before_on_and_after() {
        let t = two();
        let e = t.in_force(d(2023, 4, 30)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
        assert_eq!(
            e.to_string(),
            "no version was in force on 2023-04-30: the first, \"Order 58\", takes effect on 2023-05-01"
        );
        assert_eq!(t.in_force(d(2023, 5, 1)).unwrap().name(), "Order 58");
        assert_eq!(t.in_force(d(2026, 3, 31)).unwrap().name(), "Order 58");
        assert_eq!(t.in_force(d(2026, 4, 1)).unwrap().name(), "Order 36");
        assert_eq!(t.in_force(d(2026, 4, 2)).unwrap().name(), "Order 36");
        assert_eq!(*t.in_force(d(2030, 1, 1)).unwrap().rules(), 3);
    }

    #[test]
    fn governing_versions_by_choice() {
        let t = two();
        let cmp = |a: &Version<u32>, b: &Version<u32>| a.rules().cmp(b.rules());
        let (dec, ass) = (d(2026, 1, 5), d(2026, 5, 1));
        let g = t.governing(Governing::DecisionDate, dec, ass, cmp).unwrap();
        assert_eq!(g.version().name(), "Order 58");
        assert_eq!(g.used().len(), 1);
        let g = t
            .governing(Governing::AssessmentDate, dec, ass, cmp)
            .unwrap();
        assert_eq!(g.version().name(), "Order 36");
        let g = t.governing(Governing::Lighter, dec, ass, cmp).unwrap();
        assert_eq!(g.version().name(), "Order 36");
        let names: Vec<_> = g.used().iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["Order 36", "Order 58"]);
        // Heavier new rules: the old version stays.
        let g = t
            .governing(Governing::Lighter, dec, ass, |a, b| {
                b.rules().cmp(a.rules())
            })
            .unwrap();
        assert_eq!(g.version().name(), "Order 58");
        // Equal weight: the decision date's version (从旧).
        let g = t
            .governing(Governing::Lighter, dec, ass, |_, _| Ordering::Equal)
            .unwrap();
        assert_eq!(g.version().name(), "Order 58");
        // Same version on both dates: one version used.
        let g = t
            .governing(Governing::Lighter, d(2026, 4, 2), ass, cmp)
            .unwrap();
        assert_eq!(g.used().len(), 1);
        // A date before the first version is an error under every choice that reads it.
        let early = d(2020, 1, 1);
        for g in [Governing::DecisionDate, Governing::Lighter] {
            let e = t.governing(g, early, ass, cmp).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
        }
        assert!(
            t.governing(Governing::AssessmentDate, early, ass, cmp)
                .is_ok()
        );
    }

    #[test]
    fn validation_names_the_version() {
        let e = Timeline::<u32>::new(vec![]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
        let e = Timeline::new(vec![
            Version::fingerprinted("a", d(2024, 1, 1), 1),
            Version::fingerprinted("b", d(2024, 1, 1), 2),
        ])
        .unwrap_err();
        assert_eq!(e.field(), Some("versions[1].effective"));
        let e = Timeline::new(vec![
            Version::fingerprinted("a", d(2024, 1, 1), 1),
            Version::fingerprinted("a", d(2025, 1, 1), 2),
        ])
        .unwrap_err();
        assert_eq!(e.field(), Some("versions[1].name"));
        let mut t = two();
        assert!(
            t.push(Version::fingerprinted("x", d(2026, 4, 1), 1))
                .is_err()
        );
        assert!(
            t.push(Version::fingerprinted("Order 36", d(2027, 1, 1), 1))
                .is_err()
        );
        assert_eq!(t, two());
        t.push(Version::fingerprinted("x", d(2027, 1, 1), 1))
            .unwrap();
        assert_eq!(t.versions().len(), 3);
    }

    #[test]
    fn serde_round_trips_and_checks_fingerprints() {
        let t = two();
        let json = serde_json::to_string(&t).unwrap();
        let back: Timeline<u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
        // Without fingerprints: computed.
        let back: Timeline<u32> =
            serde_json::from_str(r#"[{"name":"a","effective":"2024-01-01","rules":12}]"#).unwrap();
        assert_eq!(back.versions()[0].fingerprint(), fingerprint(&12_u32));
        // A wrong fingerprint, an unknown field, disorder: refused.
        for bad in [
            r#"[{"name":"a","effective":"2024-01-01","rules":12,"fingerprint":"sha256:00"}]"#,
            r#"[{"name":"a","effective":"2024-01-01","rules":12,"extra":1}]"#,
            r#"[{"name":"a","effective":"2024-01-01","rules":1},{"name":"b","effective":"2023-01-01","rules":2}]"#,
            "[]",
        ] {
            assert!(serde_json::from_str::<Timeline<u32>>(bad).is_err(), "{bad}");
        }
        assert_ne!(t.versions()[0].fingerprint(), t.versions()[1].fingerprint());
    }

    fn arb_timeline() -> impl Strategy<Value = Timeline<u32>> {
        proptest::collection::btree_set(0_i64..3000, 1..6).prop_map(|days| {
            let versions = days
                .into_iter()
                .enumerate()
                .map(|(i, n)| {
                    Version::fingerprinted(
                        format!("v{i}"),
                        d(2020, 1, 1) + chrono::Days::new(n.unsigned_abs()),
                        u32::try_from(i).unwrap(),
                    )
                })
                .collect();
            Timeline::new(versions).unwrap()
        })
    }

    proptest! {
        /// A later version never changes an answer about a day before it took effect.
        #[test]
        fn a_later_version_never_changes_the_past(
            t in arb_timeline(),
            later in 1_u64..2000,
            day in 0_u64..6000,
            other in 0_u64..6000,
            choice in prop_oneof![
                Just(Governing::DecisionDate),
                Just(Governing::AssessmentDate),
                Just(Governing::Lighter),
            ],
        ) {
            let last = t.versions().last().unwrap().effective();
            let eff = last + chrono::Days::new(later);
            let mut t2 = t.clone();
            t2.push(Version::fingerprinted("later", eff, 99)).unwrap();
            let start = d(2019, 6, 1);
            let day = start + chrono::Days::new(day);
            let other = start + chrono::Days::new(other);
            let cmp = |a: &Version<u32>, b: &Version<u32>| a.rules().cmp(b.rules());
            if day < eff {
                let a = t.in_force(day).map(|v| v.id().clone());
                let b = t2.in_force(day).map(|v| v.id().clone());
                prop_assert_eq!(a, b);
            }
            if day < eff && other < eff {
                let a = t.governing(choice, day, other, cmp).map(|g| g.used().to_vec());
                let b = t2.governing(choice, day, other, cmp).map(|g| g.used().to_vec());
                prop_assert_eq!(a, b);
            }
            // The version in force on a day never takes effect after it.
            if let Ok(v) = t2.in_force(day) {
                prop_assert!(v.effective() <= day);
            }
        }
    }
}
