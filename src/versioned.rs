//! Grading by the policy in force on the assessment date: a timeline of
//! compiled policies.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::assess::{Assessment, Assessor, Summary};
use crate::catalogue::{ArticleLookup, Catalogue};
use crate::timeline::{Timeline, Version, VersionId};
use crate::{Error, History, Policy};

/// An answer and the version of the rules that gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Versioned<T> {
    /// The version used: name, fingerprint, effective date.
    pub version: VersionId,
    /// The answer.
    pub value: T,
}

/// The grading [`Policy`] as versions in force from a date (a
/// [`Timeline<Policy>`](Timeline)), compiled once: an enterprise is graded on a
/// date by the policy in force on that date, and the answer names the version
/// (its name, the policy's [fingerprint](Policy::fingerprint), its effective
/// date). A date before the first version is
/// [`ErrorKind::BeforeFirstVersion`](crate::ErrorKind::BeforeFirstVersion), never
/// a guess; a version added later never changes an answer about a day before it
/// takes effect.
///
/// ```
/// use creditgrade::chrono::NaiveDate;
/// use creditgrade::timeline::{AssessorTimeline, Timeline, Version};
/// use creditgrade::{Catalogue, Enterprise, ErrorKind, Fact, Grade, History, Policy, Severity};
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let seed = Policy::seed();
/// let mut stricter = Policy::seed();
/// stricter.name = "stricter".into();
/// stricter.lock.duration_months.general = 24;
/// let policies = Timeline::new(vec![
///     Version::new("seed", seed.fingerprint(), d(2024, 1, 1), seed),
///     Version::new("stricter", stricter.fingerprint(), d(2026, 1, 1), stricter),
/// ])?;
/// let catalogue = Catalogue::from_pairs([("A-GEN", Severity::General)])?;
/// let graders = AssessorTimeline::new(&policies, catalogue)?;
///
/// let h = History::new(
///     Enterprise::new("E1", d(2020, 1, 1)),
///     vec![Fact::penalty("P1", d(2025, 3, 1), "A-GEN")],
/// )?;
/// // On 2025-12-31 the seed governs: the general penalty locks for 12 months.
/// let a = graders.assess(&h, d(2025, 12, 31))?;
/// assert_eq!(a.version.name, "seed");
/// assert_eq!(a.value.grade(), Some(Grade::C));
/// // From 2026-01-01 the stricter version governs: 24 months.
/// let a = graders.assess(&h, d(2026, 6, 1))?;
/// assert_eq!(a.version.name, "stricter");
/// assert_eq!(a.version.fingerprint, a.value.policy_fingerprint());
/// assert_eq!(a.value.locked_until(), Some(d(2027, 3, 1)));
/// // Before the first version: an error, not a guess.
/// let e = graders.assess(&h, d(2023, 12, 31)).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
/// assert_eq!(e.enterprise(), Some("E1"));
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Debug)]
pub struct AssessorTimeline<C = Catalogue> {
    assessors: Timeline<Assessor<C>>,
}

impl<C: ArticleLookup + Clone> AssessorTimeline<C> {
    /// Compiles every version of `policies` with `catalogue`. Each version keeps
    /// its name and effective date; its fingerprint becomes the policy's own
    /// ([`Policy::fingerprint`]), the one every [`Assessment`] carries.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) when a
    /// version's policy does not validate; the subject names the version.
    pub fn new(policies: &Timeline<Policy>, catalogue: C) -> Result<AssessorTimeline<C>, Error> {
        let mut versions = Vec::with_capacity(policies.versions().len());
        for v in policies.versions() {
            let a = Assessor::new(v.rules().clone(), catalogue.clone())
                .map_err(|e| e.with_subject(v.name()))?;
            let fp = a.fingerprint().to_owned();
            versions.push(Version::new(v.name(), fp, v.effective(), a));
        }
        Ok(AssessorTimeline {
            assessors: Timeline::new(versions)?,
        })
    }
}

impl<C: ArticleLookup> AssessorTimeline<C> {
    /// The compiled versions, in date order.
    #[must_use]
    pub fn versions(&self) -> &[Version<Assessor<C>>] {
        self.assessors.versions()
    }

    /// The version in force on `as_of`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BeforeFirstVersion`](crate::ErrorKind::BeforeFirstVersion)
    /// for a day before the first version.
    pub fn in_force(&self, as_of: NaiveDate) -> Result<&Version<Assessor<C>>, Error> {
        self.assessors.in_force(as_of)
    }

    /// Grades `history` as of `as_of` with every reason, by the policy in force
    /// on `as_of`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::BeforeFirstVersion`](crate::ErrorKind::BeforeFirstVersion)
    /// naming the enterprise for a day before the first version; otherwise the
    /// errors of [`Assessor::assess`].
    pub fn assess(
        &self,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Versioned<Assessment>, Error> {
        let v = self
            .in_force(as_of)
            .map_err(|e| e.with_enterprise(history.id()))?;
        Ok(Versioned {
            version: v.id().clone(),
            value: v.rules().assess(history, as_of)?,
        })
    }

    /// Grades `history` as of `as_of` on the lean path (no reasons), by the
    /// policy in force on `as_of`.
    ///
    /// # Errors
    ///
    /// As [`assess`](AssessorTimeline::assess).
    pub fn summarize(
        &self,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Versioned<Summary>, Error> {
        let v = self
            .in_force(as_of)
            .map_err(|e| e.with_enterprise(history.id()))?;
        Ok(Versioned {
            version: v.id().clone(),
            value: v.rules().summarize(history, as_of)?,
        })
    }
}
