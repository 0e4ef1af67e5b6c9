//! 企业总体 — a columnar population: enterprises and their facts as columns,
//! graded by the same engine as [`History`](crate::History).
//!
//! A [`Population`](crate::population::Population) keeps every fact in a handful of flat columns: dates (4
//! bytes), kinds (1 byte), one 32-bit payload (an interned code, a report year,
//! an index into a side table), and the fact id as a span of one shared string
//! buffer (or, read from Arrow, a row of the event batches' own `id` arrays, held
//! without a copy). Facts are grouped by enterprise (compressed sparse rows: enterprise `e`
//! owns facts `offsets[e]..offsets[e + 1]`), sorted by date then id within each
//! enterprise, exactly as [`History::new`](crate::History::new) sorts them. Codes (articles, breach
//! kinds, key persons, department codes, repair targets) are interned once.
//! Grading resolves each distinct article to its catalogue class once per batch,
//! not once per fact; the summary path then grades each enterprise in one pass
//! over its columns, handing anything unusual to the general engine (same
//! results either way).
//!
//! Build one with a [`PopulationBuilder`](crate::population::PopulationBuilder) (no allocation per fact), from
//! [`History`](crate::History) values with [`Population::from_histories`](crate::population::Population::from_histories), or from Arrow record
//! batches with `population::arrow` (feature `arrow`). Grade it with
//! [`Assessor::summarize_population`](crate::Assessor::summarize_population) and
//! [`Assessor::assess_population`](crate::Assessor::assess_population): the same
//! results, reasons included, as grading the same enterprises as histories.
//!
//! Validation is that of [`History::new`](crate::History::new): an empty enterprise or fact id and
//! duplicate fact ids within an enterprise make that enterprise's result an error;
//! the other enterprises are graded.
//!
//! ```
//! use chrono::NaiveDate;
//! use creditgrade::population::{FactRef, PopulationBuilder};
//! use creditgrade::{Assessor, Catalogue, Grade, Policy, Severity};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let mut b = PopulationBuilder::new();
//! let e = b.enterprise("E1", d(2020, 1, 1), true);
//! b.fact(e, "P1", d(2024, 1, 10), FactRef::Penalty { article: "art-1" })?;
//! b.fact(e, "R2023", d(2024, 3, 1), FactRef::AnnualReport { year: 2023 })?;
//! let population = b.build()?;
//!
//! let catalogue = Catalogue::from_pairs([("art-1", Severity::Serious)])?;
//! let assessor = Assessor::new(Policy::seed(), catalogue)?;
//! let grades = assessor.summarize_population(&population, d(2024, 6, 1));
//! assert_eq!(grades[0].as_ref().unwrap().grade, Some(Grade::D));
//! # Ok::<(), creditgrade::Error>(())
//! ```

#[cfg(feature = "arrow")]
pub mod arrow;
pub(crate) mod kernel;

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use chrono::NaiveDate;

use crate::model::{Department, DisclosureFailureKind, Honour, history};
use crate::quantify::record::{Record, Tag};
use crate::{ArticleLookup, Enterprise, Error, Fact, FactKind, History, Policy, Severity};

/// Strings in one buffer, addressed by 32-bit offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Strings {
    buf: String,
    /// End of string `i`; string `i` starts where `i - 1` ends.
    ends: Vec<u32>,
}

impl Strings {
    fn push(&mut self, s: &str, what: &str) -> Result<u32, Error> {
        self.buf.push_str(s);
        let end = u32::try_from(self.buf.len())
            .map_err(|_| Error::invalid_input(what, "more than 4 GiB of text in one column"))?;
        let i = u32::try_from(self.ends.len())
            .map_err(|_| Error::invalid_input(what, "more than 2^32 strings in one column"))?;
        self.ends.push(end);
        Ok(i)
    }

    #[inline]
    fn get(&self, i: usize) -> &str {
        let end = self.ends[i] as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..end]
    }

    fn len(&self) -> usize {
        self.ends.len()
    }
}

/// What an interned code is used as: bits of [`Population::code_use`].
const USE_ARTICLE: u8 = 1;
const USE_BREACH: u8 = 2;

/// A fact's kind and payload, borrowed: what [`PopulationBuilder::fact`] takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactRef<'a> {
    /// A penalty under an article.
    Penalty {
        /// The article id.
        article: &'a str,
    },
    /// A breach of a conduct norm.
    Breach {
        /// The breach kind.
        breach: &'a str,
    },
    /// A consumer complaint.
    Complaint,
    /// An administrative admonition.
    Admonition,
    /// An honour, active until `until` (exclusive) if set.
    Honour {
        /// The honour and its level.
        honour: Honour,
        /// Its expiry.
        until: Option<NaiveDate>,
    },
    /// The annual report for a year.
    AnnualReport {
        /// The report year.
        year: i32,
    },
    /// A revocation of the business licence.
    Revocation,
    /// A deregistration.
    Deregistration,
    /// A credit repair of the penalty or breach with id `target`.
    Repair {
        /// The id of the fact repaired.
        target: &'a str,
    },
    /// A flag on a key person.
    KeyPersonFlag {
        /// The person's id.
        person: &'a str,
    },
    /// An environmental disclosure failure.
    DisclosureFailure {
        /// Its kind.
        failure: DisclosureFailureKind,
    },
    /// Another department's record.
    DepartmentRecord {
        /// The department.
        department: &'a Department,
        /// The department's code.
        code: &'a str,
    },
}

impl<'a> FactRef<'a> {
    /// The borrowed form of a fact kind.
    #[must_use]
    pub fn of(kind: &'a FactKind) -> FactRef<'a> {
        match kind {
            FactKind::Penalty { article } => FactRef::Penalty { article },
            FactKind::Breach { breach } => FactRef::Breach { breach },
            FactKind::Complaint => FactRef::Complaint,
            FactKind::Admonition => FactRef::Admonition,
            FactKind::Honour { honour, until } => FactRef::Honour {
                honour: *honour,
                until: *until,
            },
            FactKind::AnnualReport { year } => FactRef::AnnualReport { year: *year },
            FactKind::Revocation => FactRef::Revocation,
            FactKind::Deregistration => FactRef::Deregistration,
            FactKind::Repair { target } => FactRef::Repair { target },
            FactKind::KeyPersonFlag { person } => FactRef::KeyPersonFlag { person },
            FactKind::DisclosureFailure { failure } => {
                FactRef::DisclosureFailure { failure: *failure }
            }
            FactKind::DepartmentRecord { department, code } => {
                FactRef::DepartmentRecord { department, code }
            }
        }
    }
}

/// A fast hash for ids and codes: eight bytes at a time (multiply-rotate, as in
/// the Rust compiler's "Fx" hash), then a final mix so that the low bits the
/// hash tables index by depend on every byte (ids such as `R00000010` and
/// `R00000020` differ only in high bits before it).
#[derive(Clone, Copy, Default)]
pub(crate) struct IdHasher(u64);

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(w) ^ ((bytes.len() as u64) << 56));
    }

    #[inline]
    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

type Interner = HashMap<Box<str>, u32, BuildHasherDefault<IdHasher>>;

/// Builds a [`Population`]: enterprises first or interleaved with facts, facts in
/// any order. Nothing is allocated per fact beyond the columns' growth.
#[derive(Debug, Default)]
pub struct PopulationBuilder {
    ids: Strings,
    names: Strings,
    industries: Strings,
    regions: Strings,
    districts: Strings,
    routes: Strings,
    registered_on: Vec<NaiveDate>,
    legal_person: Vec<bool>,
    // Facts in push order.
    owner: Vec<u32>,
    dates: Vec<NaiveDate>,
    tags: Vec<Tag>,
    args: Vec<u32>,
    fact_ids: Strings,
    codes: Strings,
    code_use: Vec<u8>,
    interner: Interner,
    honours: Vec<(Honour, Option<NaiveDate>)>,
    departments: Vec<(Department, u32)>,
}

impl PopulationBuilder {
    /// An empty builder.
    #[must_use]
    pub fn new() -> PopulationBuilder {
        PopulationBuilder::default()
    }

    /// An empty builder with room for `enterprises` and `facts`.
    #[must_use]
    pub fn with_capacity(enterprises: usize, facts: usize) -> PopulationBuilder {
        let mut b = PopulationBuilder::new();
        b.ids.ends.reserve(enterprises);
        b.registered_on.reserve(enterprises);
        b.legal_person.reserve(enterprises);
        b.owner.reserve(facts);
        b.dates.reserve(facts);
        b.tags.reserve(facts);
        b.args.reserve(facts);
        b.fact_ids.ends.reserve(facts);
        b
    }

    /// The number of enterprises so far.
    #[must_use]
    pub fn enterprises(&self) -> usize {
        self.registered_on.len()
    }

    /// Adds an enterprise with its id, registration date and legal-person status
    /// (other attributes empty); returns its index for [`fact`](Self::fact).
    pub fn enterprise(&mut self, id: &str, registered_on: NaiveDate, legal_person: bool) -> u32 {
        self.enterprise_with(id, registered_on, legal_person, ["", "", "", "", ""])
    }

    /// Adds an enterprise with every attribute of the interchange format: `attrs`
    /// are the name, industry, region, district and route.
    pub fn enterprise_with(
        &mut self,
        id: &str,
        registered_on: NaiveDate,
        legal_person: bool,
        attrs: [&str; 5],
    ) -> u32 {
        let [name, industry, region, district, route] = attrs;
        // Text beyond 4 GiB per column is refused by `build`.
        let i = self.ids.push(id, "enterprise.id").unwrap_or(u32::MAX);
        let _ = self.names.push(name, "enterprise.name");
        let _ = self.industries.push(industry, "enterprise.industry");
        let _ = self.regions.push(region, "enterprise.region");
        let _ = self.districts.push(district, "enterprise.district");
        let _ = self.routes.push(route, "enterprise.route");
        self.registered_on.push(registered_on);
        self.legal_person.push(legal_person);
        i
    }

    /// Adds an [`Enterprise`] (key persons are not kept).
    pub fn push_enterprise(&mut self, e: &Enterprise) -> u32 {
        self.enterprise_with(
            &e.id,
            e.registered_on,
            e.legal_person,
            [&e.name, &e.industry, &e.region, &e.district, &e.route],
        )
    }

    fn intern(&mut self, s: &str, usage: u8) -> Result<u32, Error> {
        if let Some(&i) = self.interner.get(s) {
            self.code_use[i as usize] |= usage;
            return Ok(i);
        }
        let i = self.codes.push(s, "fact.code")?;
        self.code_use.push(usage);
        self.interner.insert(s.into(), i);
        Ok(i)
    }

    /// Adds a fact of the enterprise at index `enterprise`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `enterprise` is not an index returned by
    /// this builder, or a column outgrows its 32-bit offsets.
    pub fn fact(
        &mut self,
        enterprise: u32,
        id: &str,
        date: NaiveDate,
        kind: FactRef<'_>,
    ) -> Result<(), Error> {
        if enterprise as usize >= self.registered_on.len() {
            return Err(Error::invalid_input(
                "fact.enterprise",
                format!("no enterprise at index {enterprise}"),
            )
            .with_fact(id));
        }
        let too_many = || Error::invalid_input("fact", "more than 2^32 entries in a side table");
        let (tag, arg) = match kind {
            FactRef::Penalty { article } => (Tag::Penalty, self.intern(article, USE_ARTICLE)?),
            FactRef::Breach { breach } => (Tag::Breach, self.intern(breach, USE_BREACH)?),
            FactRef::Complaint => (Tag::Complaint, 0),
            FactRef::Admonition => (Tag::Admonition, 0),
            FactRef::Honour { honour, until } => {
                let i = u32::try_from(self.honours.len()).map_err(|_| too_many())?;
                self.honours.push((honour, until));
                (Tag::Honour, i)
            }
            #[allow(clippy::cast_sign_loss)]
            FactRef::AnnualReport { year } => (Tag::AnnualReport, year as u32),
            FactRef::Revocation => (Tag::Revocation, 0),
            FactRef::Deregistration => (Tag::Deregistration, 0),
            FactRef::Repair { target } => (Tag::Repair, self.intern(target, 0)?),
            FactRef::KeyPersonFlag { person } => (Tag::KeyPersonFlag, self.intern(person, 0)?),
            FactRef::DisclosureFailure { failure } => {
                let k = DisclosureFailureKind::ALL
                    .iter()
                    .position(|&f| f == failure)
                    .unwrap_or(0);
                #[allow(clippy::cast_possible_truncation)]
                (Tag::DisclosureFailure, k as u32)
            }
            FactRef::DepartmentRecord { department, code } => {
                let c = self.intern(code, 0)?;
                let i = u32::try_from(self.departments.len()).map_err(|_| too_many())?;
                self.departments.push((department.clone(), c));
                (Tag::DepartmentRecord, i)
            }
        };
        self.fact_ids.push(id, "fact.id")?;
        self.owner.push(enterprise);
        self.dates.push(date);
        self.tags.push(tag);
        self.args.push(arg);
        Ok(())
    }

    /// Adds a [`Fact`] of the enterprise at index `enterprise`.
    ///
    /// # Errors
    ///
    /// As [`fact`](Self::fact).
    pub fn push_fact(&mut self, enterprise: u32, fact: &Fact) -> Result<(), Error> {
        self.fact(enterprise, &fact.id, fact.date, FactRef::of(&fact.kind))
    }

    /// Groups the facts by enterprise, sorts each enterprise's facts by date then
    /// id and validates each enterprise as [`History::new`] does; an enterprise
    /// that fails keeps its error as its result.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a column outgrew its 32-bit offsets.
    pub fn build(self) -> Result<Population, Error> {
        let n = self.registered_on.len();
        let total = self.owner.len();
        for s in [
            &self.ids,
            &self.names,
            &self.industries,
            &self.regions,
            &self.districts,
            &self.routes,
        ] {
            if s.len() != n {
                return Err(Error::invalid_input(
                    "enterprise",
                    "more than 4 GiB of text in one column",
                ));
            }
        }
        let too_many = || Error::invalid_input("facts", "more than 2^32 facts");
        u32::try_from(total).map_err(|_| too_many())?;
        // Counting sort by enterprise (stable: push order within an enterprise).
        let mut offsets = vec![0u32; n + 1];
        for &e in &self.owner {
            offsets[e as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..n].to_vec();
        let mut order = vec![0u32; total];
        for (k, &e) in self.owner.iter().enumerate() {
            let slot = &mut next[e as usize];
            // `total` fits in u32: checked above.
            #[allow(clippy::cast_possible_truncation)]
            {
                order[*slot as usize] = k as u32;
            }
            *slot += 1;
        }
        drop(next);
        let fid = |k: u32| self.fact_ids.get(k as usize);
        let mut errors = Vec::new();
        for e in 0..n {
            let range = offsets[e] as usize..offsets[e + 1] as usize;
            let slice = &mut order[range];
            if let Some(err) = validate(&self, e, slice) {
                errors.push((u32::try_from(e).map_err(|_| too_many())?, err));
            }
            let by_date_then_id = |&a: &u32, &b: &u32| {
                self.dates[a as usize]
                    .cmp(&self.dates[b as usize])
                    .then_with(|| fid(a).cmp(fid(b)))
            };
            // Facts usually arrive in order: checking is cheaper than sorting.
            if !slice.is_sorted_by(|a, b| by_date_then_id(a, b).is_le()) {
                slice.sort_unstable_by(by_date_then_id);
            }
            if errors.last().is_none_or(|(x, _)| *x as usize != e) {
                if let Some(err) = duplicates(&self, e, slice) {
                    errors.push((u32::try_from(e).map_err(|_| too_many())?, err));
                }
            }
        }
        let gather = |col: &[u32]| order.iter().map(|&k| col[k as usize]).collect::<Vec<_>>();
        let dates = order.iter().map(|&k| self.dates[k as usize]).collect();
        let tags = order.iter().map(|&k| self.tags[k as usize]).collect();
        let args = gather(&self.args);
        let id_spans = order
            .iter()
            .map(|&k| {
                let k = k as usize;
                let end = self.fact_ids.ends[k];
                let start = if k == 0 { 0 } else { self.fact_ids.ends[k - 1] };
                (start, end)
            })
            .collect();
        Ok(Population {
            ids: self.ids,
            names: self.names,
            industries: self.industries,
            regions: self.regions,
            districts: self.districts,
            routes: self.routes,
            registered_on: self.registered_on,
            legal_person: self.legal_person,
            errors,
            offsets,
            dates,
            tags,
            args,
            fact_ids: FactIds::Owned {
                buf: self.fact_ids.buf,
                spans: id_spans,
            },
            codes: self.codes,
            code_use: self.code_use,
            honours: self.honours,
            departments: self.departments,
        })
    }
}

/// `History::new`'s checks that do not depend on the order: an empty enterprise
/// id, then the first fact (in push order) with an empty id.
fn validate(b: &PopulationBuilder, e: usize, facts: &[u32]) -> Option<Error> {
    if b.ids.get(e).is_empty() {
        return Some(history::empty_enterprise_id());
    }
    let id = b.ids.get(e);
    facts
        .iter()
        .find(|&&k| b.fact_ids.get(k as usize).is_empty())
        .map(|&k| history::empty_fact_id(id, b.tags[k as usize].as_str()))
}

/// The smallest fact id that two facts of the enterprise share, as
/// `History::new` reports it.
fn duplicates(b: &PopulationBuilder, e: usize, sorted: &[u32]) -> Option<Error> {
    let fid = |k: u32| b.fact_ids.get(k as usize);
    let mut dup: Option<&str> = None;
    if sorted.len() <= 16 {
        // A cheap key per id (its last eight bytes and its length): only ids
        // with equal keys are compared.
        let mut keys = [0u64; 16];
        for (key, &a) in keys.iter_mut().zip(sorted) {
            let b = fid(a).as_bytes();
            let tail = &b[b.len().saturating_sub(8)..];
            *key = tail
                .iter()
                .fold(b.len() as u64, |k, &c| (k << 8) ^ u64::from(c));
        }
        for (x, &a) in sorted.iter().enumerate() {
            for (y, &c) in sorted.iter().enumerate().skip(x + 1) {
                if keys[x] == keys[y] && fid(a) == fid(c) && dup.is_none_or(|d| fid(a) < d) {
                    dup = Some(fid(a));
                }
            }
        }
    } else {
        let mut by_id = sorted.to_vec();
        by_id.sort_unstable_by(|&a, &c| fid(a).cmp(fid(c)));
        dup = by_id
            .windows(2)
            .find(|w| fid(w[0]) == fid(w[1]))
            .map(|w| fid(w[0]));
    }
    dup.map(|id| history::duplicate_fact_id(b.ids.get(e), id))
}

/// The fact ids of a population, in its fact order: copied into one buffer, or
/// borrowed from the Arrow arrays they were read from (feature `arrow`).
#[derive(Clone, Debug)]
enum FactIds {
    Owned {
        buf: String,
        spans: Vec<(u32, u32)>,
    },
    #[cfg(feature = "arrow")]
    Arrow(arrow::IdColumn),
}

impl FactIds {
    #[inline]
    fn get(&self, k: usize) -> &str {
        match self {
            FactIds::Owned { buf, spans } => {
                let (a, b) = spans[k];
                &buf[a as usize..b as usize]
            }
            #[cfg(feature = "arrow")]
            FactIds::Arrow(c) => c.get(k),
        }
    }

    fn len(&self) -> usize {
        match self {
            FactIds::Owned { spans, .. } => spans.len(),
            #[cfg(feature = "arrow")]
            FactIds::Arrow(c) => c.len(),
        }
    }
}

/// Equal when the same ids stand in the same order, however they are stored.
impl PartialEq for FactIds {
    fn eq(&self, other: &FactIds) -> bool {
        self.len() == other.len() && (0..self.len()).all(|k| self.get(k) == other.get(k))
    }
}

impl Eq for FactIds {}

/// Enterprises and their facts as columns; see the [module](self) documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Population {
    ids: Strings,
    names: Strings,
    industries: Strings,
    regions: Strings,
    districts: Strings,
    routes: Strings,
    registered_on: Vec<NaiveDate>,
    legal_person: Vec<bool>,
    /// The enterprises that failed validation, by index, ascending.
    errors: Vec<(u32, Error)>,
    /// Enterprise `e` owns facts `offsets[e]..offsets[e + 1]`.
    offsets: Vec<u32>,
    dates: Vec<NaiveDate>,
    tags: Vec<Tag>,
    /// Per kind: an interned code, a report year, an index into `honours` or
    /// `departments`, a disclosure failure kind.
    args: Vec<u32>,
    fact_ids: FactIds,
    codes: Strings,
    code_use: Vec<u8>,
    honours: Vec<(Honour, Option<NaiveDate>)>,
    departments: Vec<(Department, u32)>,
}

impl Population {
    /// A population of these histories, in order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a column outgrows its 32-bit offsets.
    pub fn from_histories(histories: &[History]) -> Result<Population, Error> {
        let facts = histories.iter().map(|h| h.facts().len()).sum();
        let mut b = PopulationBuilder::with_capacity(histories.len(), facts);
        for h in histories {
            let e = b.push_enterprise(h.enterprise());
            for f in h.facts() {
                b.push_fact(e, f)?;
            }
        }
        b.build()
    }

    /// The number of enterprises.
    #[must_use]
    pub fn len(&self) -> usize {
        self.registered_on.len()
    }

    /// Whether there are no enterprises.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.registered_on.is_empty()
    }

    /// The number of facts.
    #[must_use]
    pub fn fact_count(&self) -> usize {
        self.dates.len()
    }

    /// The id of enterprise `e`.
    ///
    /// # Panics
    ///
    /// When `e` is out of range.
    #[must_use]
    pub fn id(&self, e: usize) -> &str {
        self.ids.get(e)
    }

    /// The validation error of enterprise `e`, if it has one.
    #[must_use]
    pub fn error(&self, e: usize) -> Option<&Error> {
        if self.errors.is_empty() {
            return None;
        }
        self.errors
            .binary_search_by_key(&e, |(i, _)| *i as usize)
            .ok()
            .map(|k| &self.errors[k].1)
    }

    /// Enterprise `e` as an [`Enterprise`] (no key persons).
    ///
    /// # Panics
    ///
    /// When `e` is out of range.
    #[must_use]
    pub fn enterprise(&self, e: usize) -> Enterprise {
        Enterprise::new(self.ids.get(e), self.registered_on[e])
            .name(self.names.get(e))
            .legal_person(self.legal_person[e])
            .industry(self.industries.get(e))
            .region(self.regions.get(e))
            .district(self.districts.get(e))
            .route(self.routes.get(e))
    }

    /// The facts of enterprise `e`, sorted by date then id.
    ///
    /// # Panics
    ///
    /// When `e` is out of range.
    #[must_use]
    pub fn facts(&self, e: usize) -> Vec<Fact> {
        let m = self.member(e, None);
        let mut out = Vec::new();
        m.push_facts(m.len(), &mut out);
        out
    }

    /// Enterprise `e` as a validated [`History`].
    ///
    /// # Errors
    ///
    /// The enterprise's validation error.
    ///
    /// # Panics
    ///
    /// When `e` is out of range.
    pub fn history(&self, e: usize) -> Result<History, Error> {
        if let Some(err) = self.error(e) {
            return Err(err.clone());
        }
        History::new(self.enterprise(e), self.facts(e))
    }

    /// The registration date of enterprise `e`.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    pub(crate) fn registered_on(&self, e: usize) -> NaiveDate {
        self.registered_on[e]
    }

    /// The enterprise attributes of `e`: legal person, name, industry, region,
    /// district, route.
    #[cfg_attr(not(feature = "arrow"), allow(dead_code))]
    pub(crate) fn attrs(&self, e: usize) -> (bool, [&str; 5]) {
        (
            self.legal_person[e],
            [
                self.names.get(e),
                self.industries.get(e),
                self.regions.get(e),
                self.districts.get(e),
                self.routes.get(e),
            ],
        )
    }

    /// Article and breach severities for one batch, by interned code.
    pub(crate) fn tables<C: ArticleLookup>(&self, catalogue: &C, policy: &Policy) -> Tables {
        let mut severity = Vec::with_capacity(self.codes.len());
        for (i, &u) in self.code_use.iter().enumerate() {
            let code = self.codes.get(i);
            let article = if u & USE_ARTICLE != 0 {
                catalogue.severity(code)
            } else {
                None
            };
            let breach = if u & USE_BREACH != 0 {
                Some(policy.breach_severity(code))
            } else {
                None
            };
            severity.push((article, breach));
        }
        Tables { severity }
    }

    /// Enterprise `e` as the engine reads it.
    pub(crate) fn member<'a>(&'a self, e: usize, tables: Option<&'a Tables>) -> Member<'a> {
        let range = self.offsets[e] as usize..self.offsets[e + 1] as usize;
        Member {
            pop: self,
            e,
            dates: &self.dates[range.clone()],
            tags: &self.tags[range.clone()],
            args: &self.args[range.clone()],
            base: range.start,
            tables,
        }
    }
}

/// Per-batch lookups: each interned code's severity as an article and as a
/// breach kind.
#[derive(Debug)]
pub(crate) struct Tables {
    severity: Vec<(Option<Severity>, Option<Severity>)>,
}

/// One enterprise of a population, as the engine reads it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Member<'a> {
    pop: &'a Population,
    e: usize,
    dates: &'a [NaiveDate],
    tags: &'a [Tag],
    args: &'a [u32],
    /// The position of the enterprise's first fact among all facts.
    base: usize,
    tables: Option<&'a Tables>,
}

impl Member<'_> {
    fn len(&self) -> usize {
        self.dates.len()
    }

    fn code(&self, i: usize) -> &str {
        self.pop.codes.get(self.args[i] as usize)
    }

    fn push_facts(&self, n: usize, out: &mut Vec<Fact>) {
        for i in 0..n {
            let kind = match self.tags[i] {
                Tag::Penalty => FactKind::Penalty {
                    article: self.code(i).to_owned(),
                },
                Tag::Breach => FactKind::Breach {
                    breach: self.code(i).to_owned(),
                },
                Tag::Complaint => FactKind::Complaint,
                Tag::Admonition => FactKind::Admonition,
                Tag::Honour => {
                    let (honour, until) = self.pop.honours[self.args[i] as usize];
                    FactKind::Honour { honour, until }
                }
                Tag::AnnualReport => FactKind::AnnualReport { year: self.year(i) },
                Tag::Revocation => FactKind::Revocation,
                Tag::Deregistration => FactKind::Deregistration,
                Tag::Repair => FactKind::Repair {
                    target: self.code(i).to_owned(),
                },
                Tag::KeyPersonFlag => FactKind::KeyPersonFlag {
                    person: self.code(i).to_owned(),
                },
                Tag::DisclosureFailure => FactKind::DisclosureFailure {
                    failure: self.disclosure(i).unwrap_or(DisclosureFailureKind::ALL[0]),
                },
                Tag::DepartmentRecord => {
                    let (department, code) = &self.pop.departments[self.args[i] as usize];
                    FactKind::DepartmentRecord {
                        department: department.clone(),
                        code: self.pop.codes.get(*code as usize).to_owned(),
                    }
                }
            };
            out.push(Fact::new(self.fact_id(i), self.dates[i], kind));
        }
    }
}

impl Record for Member<'_> {
    #[inline]
    fn id(&self) -> &str {
        self.pop.ids.get(self.e)
    }

    #[inline]
    fn registered_on(&self) -> NaiveDate {
        self.pop.registered_on[self.e]
    }

    #[inline]
    fn legal_person(&self) -> bool {
        self.pop.legal_person[self.e]
    }

    #[inline]
    fn len_as_of(&self, t: NaiveDate) -> usize {
        self.dates.partition_point(|&d| d <= t)
    }

    #[inline]
    fn date(&self, i: usize) -> NaiveDate {
        self.dates[i]
    }

    #[inline]
    fn tag(&self, i: usize) -> Tag {
        self.tags[i]
    }

    #[inline]
    fn fact_id(&self, i: usize) -> &str {
        self.pop.fact_ids.get(self.base + i)
    }

    #[inline]
    fn year(&self, i: usize) -> i32 {
        #[allow(clippy::cast_possible_wrap)]
        let y = self.args[i] as i32;
        y
    }

    #[inline]
    fn honour(&self, i: usize) -> Option<(Honour, Option<NaiveDate>)> {
        (self.tags[i] == Tag::Honour)
            .then(|| self.pop.honours.get(self.args[i] as usize).copied())
            .flatten()
    }

    #[inline]
    fn disclosure(&self, i: usize) -> Option<DisclosureFailureKind> {
        (self.tags[i] == Tag::DisclosureFailure)
            .then(|| {
                DisclosureFailureKind::ALL
                    .get(self.args[i] as usize)
                    .copied()
            })
            .flatten()
    }

    #[inline]
    fn article(&self, i: usize) -> &str {
        self.code(i)
    }

    #[inline]
    fn penalty_severity<C: ArticleLookup>(&self, i: usize, catalogue: &C) -> Option<Severity> {
        match self.tables {
            Some(t) => t.severity[self.args[i] as usize].0,
            None => catalogue.severity(self.code(i)),
        }
    }

    #[inline]
    fn breach_severity(&self, i: usize, policy: &Policy) -> Severity {
        match self
            .tables
            .and_then(|t| t.severity[self.args[i] as usize].1)
        {
            Some(s) => s,
            None => policy.breach_severity(self.code(i)),
        }
    }

    fn department(&self, i: usize) -> (&str, &str) {
        let (department, code) = &self.pop.departments[self.args[i] as usize];
        (department.as_str(), self.pop.codes.get(*code as usize))
    }

    fn repair_target(&self, i: usize) -> (Option<usize>, &str) {
        let target = self.code(i);
        let pos = (0..self.len()).find(|&j| self.fact_id(j) == target);
        (pos, target)
    }

    #[inline]
    fn rows(&self) -> Option<(&Enterprise, &[Fact])> {
        None
    }

    fn materialise<'b>(
        &self,
        n: usize,
        enterprise: &'b mut Option<Enterprise>,
        facts: &mut Vec<Fact>,
    ) -> &'b Enterprise {
        facts.clear();
        self.push_facts(n, facts);
        enterprise.insert(self.pop.enterprise(self.e))
    }
}
