//! Data sources: traits an integrator implements to feed enterprises and facts in
//! from their own store, with in-memory implementations.
//!
//! The library does no I/O; a source is the seam where your database, files or
//! service calls meet it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::{ArticleLookup, Assessment, Assessor, Enterprise, Error, Fact, History, Summary};

/// One result per enterprise id, in the source's order.
pub type PerEnterprise<T> = Vec<(String, Result<T, Error>)>;

/// The enterprise ids of a source, borrowed where the source holds them.
pub type EnterpriseIds<'a> = Box<dyn Iterator<Item = Cow<'a, str>> + 'a>;

/// Feeds enterprises and their facts in.
///
/// Implement it over your own store. Everything is returned as a [`Cow`]: a store
/// that holds the data in memory lends it without copying, one that reads it
/// hands over owned values. Errors you return are passed through, each as the
/// entry of its enterprise; build them with [`Error::data_source`], name the place
/// with the `with_*` methods and attach your store's error with
/// [`Error::with_cause`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Fact, FactSource, MemorySource};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let mut src = MemorySource::new();
/// src.add_enterprise(Enterprise::new("E1", d(2020, 1, 1)))?;
/// src.add_fact("E1", Fact::complaint("C1", d(2024, 1, 1)))?;
/// let ids: Vec<_> = src.enterprise_ids()?.collect();
/// assert_eq!(ids, ["E1"]);
/// assert_eq!(src.history("E1")?.facts().len(), 1);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub trait FactSource {
    /// The ids of the enterprises to grade, in a stable order.
    ///
    /// # Errors
    ///
    /// Whatever the store reports.
    fn enterprise_ids(&self) -> Result<EnterpriseIds<'_>, Error>;

    /// One enterprise.
    ///
    /// # Errors
    ///
    /// Whatever the store reports; an unknown id is an error.
    fn enterprise(&self, id: &str) -> Result<Cow<'_, Enterprise>, Error>;

    /// All facts of one enterprise, in any order.
    ///
    /// # Errors
    ///
    /// Whatever the store reports.
    fn facts(&self, id: &str) -> Result<Cow<'_, [Fact]>, Error>;

    /// One enterprise's validated history. The default builds it from
    /// [`enterprise`](FactSource::enterprise) and [`facts`](FactSource::facts); a
    /// store that keeps validated histories lends them.
    ///
    /// # Errors
    ///
    /// The store's errors, or [`History::new`]'s.
    fn history(&self, id: &str) -> Result<Cow<'_, History>, Error> {
        History::new(
            self.enterprise(id)?.into_owned(),
            self.facts(id)?.into_owned(),
        )
        .map(Cow::Owned)
    }
}

/// An in-memory [`FactSource`]: validated histories, lent without copying.
#[derive(Clone, Debug, Default)]
pub struct MemorySource {
    order: Vec<String>,
    histories: BTreeMap<String, History>,
}

impl MemorySource {
    /// An empty source.
    #[must_use]
    pub fn new() -> MemorySource {
        MemorySource::default()
    }

    /// Adds an enterprise without facts; ids keep their insertion order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for an empty or
    /// repeated id.
    pub fn add_enterprise(&mut self, e: Enterprise) -> Result<(), Error> {
        self.add_history(History::new(e, Vec::new())?)
    }

    /// Adds an enterprise with its validated history; ids keep their insertion
    /// order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a repeated id.
    pub fn add_history(&mut self, h: History) -> Result<(), Error> {
        if self.histories.contains_key(h.id()) {
            return Err(Error::invalid_input(
                "enterprise.id",
                "the enterprise is already in the source",
            )
            .with_enterprise(h.id()));
        }
        self.order.push(h.id().to_owned());
        self.histories.insert(h.id().to_owned(), h);
        Ok(())
    }

    /// Adds a fact of an enterprise already added.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the
    /// enterprise is not in the source; [`History::new`]'s errors (an empty or
    /// repeated fact id), leaving the enterprise as it was.
    pub fn add_fact(&mut self, enterprise: &str, fact: Fact) -> Result<(), Error> {
        let Some(h) = self.histories.get_mut(enterprise) else {
            return Err(Error::invalid_input(
                "fact.enterprise",
                "the fact's enterprise is not in the source",
            )
            .with_enterprise(enterprise)
            .with_fact(&fact.id));
        };
        if h.position(&fact.id).is_some() {
            return Err(Error::new(
                crate::ErrorKind::DuplicateFactId,
                format!("two facts have the id {:?}", fact.id),
            )
            .with_enterprise(enterprise)
            .with_fact(&fact.id)
            .with_field("id"));
        }
        let (e, mut facts) = h.clone().into_parts();
        facts.push(fact);
        *h = History::new(e, facts)?;
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

    fn get(&self, id: &str) -> Result<&History, Error> {
        self.histories.get(id).ok_or_else(|| {
            Error::invalid_input("enterprise.id", "no such enterprise in the source")
                .with_enterprise(id)
        })
    }
}

impl FactSource for MemorySource {
    fn enterprise_ids(&self) -> Result<EnterpriseIds<'_>, Error> {
        Ok(Box::new(
            self.order.iter().map(|id| Cow::Borrowed(id.as_str())),
        ))
    }

    fn enterprise(&self, id: &str) -> Result<Cow<'_, Enterprise>, Error> {
        self.get(id).map(|h| Cow::Borrowed(h.enterprise()))
    }

    fn facts(&self, id: &str) -> Result<Cow<'_, [Fact]>, Error> {
        self.get(id).map(|h| Cow::Borrowed(h.facts()))
    }

    fn history(&self, id: &str) -> Result<Cow<'_, History>, Error> {
        self.get(id).map(Cow::Borrowed)
    }
}

/// Pairs each id with its result.
fn paired<T>(ids: Vec<Cow<'_, str>>, results: Vec<Result<T, Error>>) -> PerEnterprise<T> {
    ids.into_iter().map(Cow::into_owned).zip(results).collect()
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
        seq_source(source, |ws, h| self.assess_with(ws, h, as_of))
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
        seq_source(source, |ws, h| self.summarize_with(ws, h, as_of))
    }
}

/// Reads every enterprise of a source in order and grades it with `f`.
fn seq_source<S: FactSource + ?Sized, T>(
    source: &S,
    mut f: impl FnMut(&mut crate::Workspace, &History) -> Result<T, Error>,
) -> Result<PerEnterprise<T>, Error> {
    let ids: Vec<Cow<'_, str>> = source.enterprise_ids()?.collect();
    let results =
        crate::assess::sequential(&ids, |ws, id| source.history(id).and_then(|h| f(ws, &h)));
    Ok(paired(ids, results))
}

#[cfg(feature = "rayon")]
impl<C: ArticleLookup + Sync> Assessor<C> {
    /// [`assess_source`](Assessor::assess_source) in parallel (feature `rayon`):
    /// the source is read from several threads; each id stays paired with its
    /// result or its error, in the source's order.
    ///
    /// # Errors
    ///
    /// Only when the source cannot list its enterprises.
    pub fn par_assess_source<S: FactSource + Sync + ?Sized>(
        &self,
        source: &S,
        as_of: NaiveDate,
    ) -> Result<PerEnterprise<Assessment>, Error> {
        par_source(source, |ws, h| self.assess_with(ws, h, as_of))
    }

    /// [`summarize_source`](Assessor::summarize_source) in parallel (feature
    /// `rayon`): each id stays paired with its result or its error, in the
    /// source's order.
    ///
    /// # Errors
    ///
    /// Only when the source cannot list its enterprises.
    pub fn par_summarize_source<S: FactSource + Sync + ?Sized>(
        &self,
        source: &S,
        as_of: NaiveDate,
    ) -> Result<PerEnterprise<Summary>, Error> {
        par_source(source, |ws, h| self.summarize_with(ws, h, as_of))
    }
}

/// Reads every enterprise of a source on rayon's threads and grades it with `f`.
#[cfg(feature = "rayon")]
fn par_source<S: FactSource + Sync + ?Sized, T: Send>(
    source: &S,
    f: impl Fn(&mut crate::Workspace, &History) -> Result<T, Error> + Sync,
) -> Result<PerEnterprise<T>, Error> {
    use rayon::prelude::*;
    let ids: Vec<Cow<'_, str>> = source.enterprise_ids()?.collect();
    let results = ids
        .par_iter()
        .map_init(crate::Workspace::new, |ws, id| {
            source.history(id).and_then(|h| f(ws, &h))
        })
        .collect();
    Ok(paired(ids, results))
}
