//! Data sources: traits an integrator implements to feed enterprises and facts in
//! from their own store, with in-memory implementations.
//!
//! The library does no I/O; a source is the seam where your database, files or
//! service calls meet it.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::{ArticleLookup, Assessment, Assessor, Enterprise, Error, Fact, History, Summary};

/// One result per enterprise id, in the source's order.
pub type PerEnterprise<T> = Vec<(String, Result<T, Error>)>;

/// Feeds enterprises and their facts in.
///
/// Implement it over your own store. Errors you return are passed through; build
/// them with [`Error::data_source`] and attach your error with [`Error::with_cause`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Fact, FactSource, MemorySource};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let mut src = MemorySource::new();
/// src.add_enterprise(Enterprise::new("E1", d(2020, 1, 1)))?;
/// src.add_fact("E1", Fact::complaint("C1", d(2024, 1, 1)))?;
/// assert_eq!(src.enterprise_ids()?, vec!["E1".to_owned()]);
/// assert_eq!(src.history("E1")?.facts().len(), 1);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub trait FactSource {
    /// The ids of the enterprises to grade, in a stable order.
    ///
    /// # Errors
    ///
    /// Whatever the store reports.
    fn enterprise_ids(&self) -> Result<Vec<String>, Error>;

    /// One enterprise.
    ///
    /// # Errors
    ///
    /// Whatever the store reports; an unknown id is an error.
    fn enterprise(&self, id: &str) -> Result<Enterprise, Error>;

    /// All facts of one enterprise, in any order.
    ///
    /// # Errors
    ///
    /// Whatever the store reports.
    fn facts(&self, id: &str) -> Result<Vec<Fact>, Error>;

    /// One enterprise's validated history.
    ///
    /// # Errors
    ///
    /// The store's errors, or [`History::new`]'s.
    fn history(&self, id: &str) -> Result<History, Error> {
        History::new(self.enterprise(id)?, self.facts(id)?)
    }
}

/// An in-memory [`FactSource`].
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    order: Vec<String>,
    enterprises: BTreeMap<String, Enterprise>,
    facts: BTreeMap<String, Vec<Fact>>,
}

impl MemorySource {
    /// An empty source.
    #[must_use]
    pub fn new() -> MemorySource {
        MemorySource::default()
    }

    /// Adds an enterprise; ids keep their insertion order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for an empty or
    /// repeated id.
    pub fn add_enterprise(&mut self, e: Enterprise) -> Result<(), Error> {
        if e.id.is_empty() {
            return Err(Error::invalid_input(
                "enterprise.id",
                "the enterprise id is empty",
            ));
        }
        if self.enterprises.contains_key(&e.id) {
            return Err(Error::invalid_input(
                "enterprise.id",
                "the enterprise is already in the source",
            )
            .with_enterprise(&e.id));
        }
        self.order.push(e.id.clone());
        self.enterprises.insert(e.id.clone(), e);
        Ok(())
    }

    /// Adds a fact of an enterprise already added.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the
    /// enterprise is not in the source.
    pub fn add_fact(&mut self, enterprise: &str, fact: Fact) -> Result<(), Error> {
        if !self.enterprises.contains_key(enterprise) {
            return Err(Error::invalid_input(
                "fact.enterprise",
                "the fact's enterprise is not in the source",
            )
            .with_enterprise(enterprise)
            .with_fact(&fact.id));
        }
        self.facts
            .entry(enterprise.to_owned())
            .or_default()
            .push(fact);
        Ok(())
    }

    /// Number of enterprises.
    #[must_use]
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether it holds no enterprise.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

impl FactSource for MemorySource {
    fn enterprise_ids(&self) -> Result<Vec<String>, Error> {
        Ok(self.order.clone())
    }

    fn enterprise(&self, id: &str) -> Result<Enterprise, Error> {
        self.enterprises.get(id).cloned().ok_or_else(|| {
            Error::invalid_input("enterprise.id", "no such enterprise in the source")
                .with_enterprise(id)
        })
    }

    fn facts(&self, id: &str) -> Result<Vec<Fact>, Error> {
        Ok(self.facts.get(id).cloned().unwrap_or_default())
    }
}

impl<C: ArticleLookup> Assessor<C> {
    /// Grades every enterprise of a source, with reasons: one entry per id, in the
    /// source's order. A failure to read one enterprise, or its data error, is
    /// that enterprise's entry.
    ///
    /// # Errors
    ///
    /// Only when the source cannot list its enterprises.
    pub fn assess_source<S: FactSource + ?Sized>(
        &self,
        source: &S,
        as_of: NaiveDate,
    ) -> Result<PerEnterprise<Assessment>, Error> {
        let ids = source.enterprise_ids()?;
        let results = crate::assess::sequential(&ids, |ws, id| {
            source
                .history(id)
                .and_then(|h| self.assess_with(ws, &h, as_of))
        });
        Ok(ids.into_iter().zip(results).collect())
    }

    /// Grades every enterprise of a source on the lean path.
    ///
    /// # Errors
    ///
    /// Only when the source cannot list its enterprises.
    pub fn summarize_source<S: FactSource + ?Sized>(
        &self,
        source: &S,
        as_of: NaiveDate,
    ) -> Result<PerEnterprise<Summary>, Error> {
        let ids = source.enterprise_ids()?;
        let results = crate::assess::sequential(&ids, |ws, id| {
            source
                .history(id)
                .and_then(|h| self.summarize_with(ws, &h, as_of))
        });
        Ok(ids.into_iter().zip(results).collect())
    }
}
