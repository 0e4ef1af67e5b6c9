//! One enterprise's facts, validated and date-sorted.

use serde::{Deserialize, Serialize};

use super::{Enterprise, Fact, FactKind};
use crate::{Error, ErrorKind};

/// One enterprise and its facts, validated and sorted by date then fact id.
///
/// The order the facts are given in never matters. Validation here is what does
/// not depend on the assessment date: a non-empty enterprise id, non-empty and
/// unique fact ids. Rules that depend on the date (a fact before registration, an
/// unknown article, a bad repair target) are checked by the assessment, since facts
/// after the date do not exist.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Fact, History};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let h = History::new(
///     Enterprise::new("E1", d(2020, 1, 1)),
///     vec![Fact::complaint("C2", d(2024, 5, 1)), Fact::complaint("C1", d(2024, 5, 1))],
/// )?;
/// assert_eq!(h.facts()[0].id, "C1");
/// assert!(h.fact("C2").is_some());
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct History {
    enterprise: Enterprise,
    facts: Vec<Fact>,
    #[serde(skip)]
    by_id: Vec<u32>,
}

impl History {
    /// Validates and sorts one enterprise's facts.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] for an empty enterprise or fact id, more than
    /// `u32::MAX` facts, or a registration, fact date or honour expiry outside
    /// the supported dates ([`FIRST_DATE`](crate::model::FIRST_DATE) to
    /// [`LAST_DATE`](crate::model::LAST_DATE)), [`ErrorKind::DuplicateFactId`] when two facts share an id;
    /// the error names the enterprise and the fact.
    pub fn new(enterprise: Enterprise, mut facts: Vec<Fact>) -> Result<History, Error> {
        if enterprise.id.is_empty() {
            return Err(empty_enterprise_id());
        }
        if u32::try_from(facts.len()).is_err() {
            return Err(
                Error::invalid_input("facts", "too many facts for one enterprise")
                    .with_enterprise(&enterprise.id),
            );
        }
        if let Some(f) = facts.iter().find(|f| f.id.is_empty()) {
            return Err(empty_fact_id(&enterprise.id, f.kind.as_str()));
        }
        let e = &enterprise.id;
        super::dates::check_date("enterprise.registered_on", enterprise.registered_on)
            .map_err(|err| err.with_enterprise(e))?;
        for f in &facts {
            let mut check = super::dates::check_date("date", f.date);
            if let (Ok(()), FactKind::Honour { until: Some(u), .. }) = (&check, &f.kind) {
                check = super::dates::check_date("until", *u);
            }
            check.map_err(|err| err.with_enterprise(e).with_fact(&f.id))?;
        }
        facts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        // Indices fit in u32: checked above.
        #[allow(clippy::cast_possible_truncation)]
        let mut by_id: Vec<u32> = (0..facts.len() as u32).collect();
        by_id.sort_unstable_by(|&a, &b| facts[a as usize].id.cmp(&facts[b as usize].id));
        for w in by_id.windows(2) {
            let (a, b) = (&facts[w[0] as usize], &facts[w[1] as usize]);
            if a.id == b.id {
                return Err(duplicate_fact_id(&enterprise.id, &a.id));
            }
        }
        Ok(History {
            enterprise,
            facts,
            by_id,
        })
    }

    /// The enterprise.
    #[must_use]
    pub fn enterprise(&self) -> &Enterprise {
        &self.enterprise
    }

    /// The enterprise's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.enterprise.id
    }

    /// All facts, sorted by date then id.
    #[must_use]
    pub fn facts(&self) -> &[Fact] {
        &self.facts
    }

    /// The facts dated on or before `as_of` (the ones that exist at that date).
    #[must_use]
    pub fn facts_as_of(&self, as_of: chrono::NaiveDate) -> &[Fact] {
        let n = self.facts.partition_point(|f| f.date <= as_of);
        &self.facts[..n]
    }

    /// The position of the fact with this id in [`facts`](History::facts).
    #[must_use]
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&i| self.facts[i as usize].id.as_str().cmp(id))
            .ok()
            .map(|k| self.by_id[k] as usize)
    }

    /// The fact with this id.
    #[must_use]
    pub fn fact(&self, id: &str) -> Option<&Fact> {
        self.position(id).map(|i| &self.facts[i])
    }

    /// Gives back the enterprise and the sorted facts.
    #[must_use]
    pub fn into_parts(self) -> (Enterprise, Vec<Fact>) {
        (self.enterprise, self.facts)
    }
}

/// The error of an empty enterprise id (shared with the columnar population).
pub(crate) fn empty_enterprise_id() -> Error {
    Error::invalid_input("enterprise.id", "the enterprise id is empty")
}

/// The error of a fact of kind `kind` with an empty id.
pub(crate) fn empty_fact_id(enterprise: &str, kind: &str) -> Error {
    Error::invalid_input("fact.id", format!("a {kind} fact has an empty id"))
        .with_enterprise(enterprise)
}

/// The error of two facts sharing the id `id`.
pub(crate) fn duplicate_fact_id(enterprise: &str, id: &str) -> Error {
    Error::new(
        ErrorKind::DuplicateFactId,
        format!("two facts have the id {id:?}"),
    )
    .with_enterprise(enterprise)
    .with_fact(id)
    .with_field("id")
}

impl<'de> Deserialize<'de> for History {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<History, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            enterprise: Enterprise,
            facts: Vec<Fact>,
        }
        let raw = Raw::deserialize(d)?;
        History::new(raw.enterprise, raw.facts).map_err(serde::de::Error::custom)
    }
}
