//! Arrow record batches in and out (feature `arrow`).
//!
//! [`population_from_arrow`] reads the interchange format's columns (see
//! `docs/spec.md`, "Interchange format", and the guide's "Scale" section) from
//! record batches into a [`Population`]; [`catalogue_from_arrow`] reads the
//! catalogue; [`summaries_to_arrow`] and [`assessments_to_arrow`] write results
//! as one record batch, in input order.
//!
//! Input columns, found by name (extra columns are ignored):
//!
//! | batch | column | type | nulls |
//! |---|---|---|---|
//! | enterprises | `id` | string | no, nor empty |
//! | enterprises | `name`, `industry`, `region`, `district`, `route` | string; optional column | yes (empty) |
//! | enterprises | `registered_on` | `Date32` or `YYYY-MM-DD` string | no |
//! | enterprises | `legal_person` | `Boolean` or `true` / `false` string | no |
//! | events | `id`, `enterprise_id`, `kind` | string | no, nor empty |
//! | events | `date` | `Date32` or `YYYY-MM-DD` string | no |
//! | events | `code`, `level`, `target` | string; optional column | yes (empty) |
//! | events | `until` | `Date32` or `YYYY-MM-DD` string; optional column | yes (none) |
//! | catalogue | `article` | string | no, nor empty |
//! | catalogue | `severity` | string (`minor`, `general`, `serious`) | no |
//!
//! A string column may be `Utf8`, `LargeUtf8` or `Utf8View`. Rows mean what the
//! CSV rows mean: enterprise ids are unique, event ids are unique across all
//! event batches, each event names a known enterprise, `kind` is one of
//! `penalty`, `breach`, `complaint`, `admonition`, `honour`, `annual_report`
//! (`code` a four-digit year), `revocation`, `deregistration`, `repair`
//! (`target` the repaired fact's id) or `principal`.
//!
//! The population holds the event batches' `id` arrays (reference-counted, not
//! copied) for its fact ids. Events grouped by enterprise in the order of the
//! enterprises batches, and sorted by date then id within each enterprise (as
//! [`population_to_arrow`] writes them), are read in one pass without a lookup
//! per row and kept in place; events in any other order are grouped and sorted.
//!
//! Anything else — a missing column, a wrong type, a null or an empty value
//! where one is required, a bad date, kind, level or year, an unknown
//! enterprise, a duplicate id — is refused as a whole with an error whose
//! [`field`](crate::Error::field) names the batch and column (`events.kind`)
//! and whose message names the row (counted from 0 across the batches, in
//! order). Nothing is graded from half-read input.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use arrow_array::builder::{ArrayBuilder, BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, LargeStringArray, ListArray, RecordBatch,
    StringArray, StringViewArray, StructArray,
};
use arrow_buffer::{OffsetBuffer, ScalarBuffer};
use arrow_schema::{DataType, Field, Fields, Schema};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{FactIds, IdHasher, Population, PopulationBuilder, USE_ARTICLE, USE_BREACH};
use crate::explain::{Binding, Status};
use crate::model::Honour;
use crate::national::interchange::parse_date;
use crate::quantify::record::Tag;
use crate::{Assessment, Catalogue, Error, FactKind, Severity, Summary};

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

#[cold]
#[inline(never)]
fn refuse(column: &str, message: String) -> Error {
    Error::parse(message).with_field(column)
}

/// A string column of any of the three string layouts.
enum Strs<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    /// An optional column that is absent: every value null.
    Absent,
}

impl<'a> Strs<'a> {
    #[allow(clippy::inline_always)] // measured: the row loop's hot accessors
    #[inline(always)]
    fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            Strs::Utf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Strs::Large(a) => (!a.is_null(row)).then(|| a.value(row)),
            Strs::View(a) => (!a.is_null(row)).then(|| a.value(row)),
            Strs::Absent => None,
        }
    }
}

impl Strs<'_> {
    /// The array itself (a reference-counted handle, not a copy of the data).
    fn array(&self) -> IdArray {
        match self {
            Strs::Utf8(a) => IdArray::Utf8((*a).clone()),
            Strs::Large(a) => IdArray::Large((*a).clone()),
            Strs::View(a) => IdArray::View((*a).clone()),
            Strs::Absent => IdArray::Utf8(StringArray::from(Vec::<&str>::new())),
        }
    }
}

fn strs(array: &dyn Array) -> Option<Strs<'_>> {
    let any = array.as_any();
    match array.data_type() {
        DataType::Utf8 => any.downcast_ref().map(Strs::Utf8),
        DataType::LargeUtf8 => any.downcast_ref().map(Strs::Large),
        DataType::Utf8View => any.downcast_ref().map(Strs::View),
        _ => None,
    }
}

/// One batch's columns, looked up by name with the batch's label for errors.
struct Columns<'a> {
    label: &'static str,
    batch: &'a RecordBatch,
}

impl<'a> Columns<'a> {
    fn name(&self, column: &str) -> String {
        format!("{}.{column}", self.label)
    }

    fn column(&self, column: &str, required: bool) -> Result<Option<&'a ArrayRef>, Error> {
        match self.batch.column_by_name(column) {
            Some(a) => Ok(Some(a)),
            None if required => Err(Error::invalid_input(
                self.name(column),
                format!("the {} batch has no column {column:?}", self.label),
            )),
            None => Ok(None),
        }
    }

    fn wrong_type(&self, column: &str, array: &dyn Array, expected: &str) -> Error {
        Error::invalid_input(
            self.name(column),
            format!(
                "column {column:?} of the {} batch is {}, expected {expected}",
                self.label,
                array.data_type()
            ),
        )
    }

    fn strings(&self, column: &str, required: bool) -> Result<Strs<'a>, Error> {
        let Some(a) = self.column(column, required)? else {
            return Ok(Strs::Absent);
        };
        strs(a.as_ref())
            .ok_or_else(|| self.wrong_type(column, a.as_ref(), "Utf8, LargeUtf8 or Utf8View"))
    }

    fn dates(&self, column: &str, required: bool) -> Result<Dates<'a>, Error> {
        let Some(a) = self.column(column, required)? else {
            return Ok(Dates::Text(Strs::Absent));
        };
        if let Some(d) = a.as_any().downcast_ref::<Date32Array>() {
            return Ok(Dates::Days(d));
        }
        strs(a.as_ref())
            .map(Dates::Text)
            .ok_or_else(|| self.wrong_type(column, a.as_ref(), "Date32 or YYYY-MM-DD strings"))
    }

    fn booleans(&self, column: &str) -> Result<Bools<'a>, Error> {
        let a = self.column(column, true)?.ok_or_else(|| {
            self.wrong_type(column, &BooleanArray::from(Vec::<bool>::new()), "Boolean")
        })?;
        if let Some(b) = a.as_any().downcast_ref::<BooleanArray>() {
            return Ok(Bools::Bool(b));
        }
        strs(a.as_ref())
            .map(Bools::Text)
            .ok_or_else(|| self.wrong_type(column, a.as_ref(), "Boolean or true / false strings"))
    }
}

enum Dates<'a> {
    Days(&'a Date32Array),
    Text(Strs<'a>),
}

impl Dates<'_> {
    /// The date at `row`: `Ok(None)` for a null, an error for a bad value.
    #[allow(clippy::inline_always)] // measured: the row loop's hot accessors
    #[inline(always)]
    fn get(
        &self,
        row: usize,
        column: &str,
        at: usize,
        cache: &mut DayCache,
    ) -> Result<Option<NaiveDate>, Error> {
        match self {
            Dates::Days(a) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                let days = a.value(row);
                match cache.get(days) {
                    Some(d) => Ok(Some(d)),
                    None => Err(out_of_range(column, at, days)),
                }
            }
            Dates::Text(s) => match s.get(row) {
                None => Ok(None),
                Some(v) => parse_date(v).map(Some).ok_or_else(|| {
                    refuse(
                        column,
                        format!("{column} row {at}: bad date {v:?} (expected YYYY-MM-DD)"),
                    )
                }),
            },
        }
    }
}

enum Bools<'a> {
    Bool(&'a BooleanArray),
    Text(Strs<'a>),
}

#[cold]
#[inline(never)]
fn out_of_range(column: &str, at: usize, days: i32) -> Error {
    refuse(
        column,
        format!("{column} row {at}: day {days} is out of range"),
    )
}

#[cold]
#[inline(never)]
fn null_value(column: &str, at: usize) -> Error {
    refuse(
        column,
        format!("{column} row {at}: null in a required column"),
    )
}

#[cold]
#[inline(never)]
fn empty_value(column: &str, at: usize) -> Error {
    refuse(column, format!("{column} row {at}: empty value"))
}

#[allow(clippy::inline_always)] // measured: the row loop's hot accessors
#[inline(always)]
fn required<T>(value: Option<T>, column: &str, at: usize) -> Result<T, Error> {
    match value {
        Some(v) => Ok(v),
        None => Err(null_value(column, at)),
    }
}

#[allow(clippy::inline_always)] // measured: the row loop's hot accessors
#[inline(always)]
fn non_empty<'s>(value: Option<&'s str>, column: &str, at: usize) -> Result<&'s str, Error> {
    match value {
        Some("") => Err(empty_value(column, at)),
        Some(v) => Ok(v),
        None => Err(null_value(column, at)),
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// Reads enterprises and events batches into a population; see the
/// [module](self) documentation for the columns.
///
/// The population keeps the event batches' `id` arrays (reference-counted, not
/// copied) for its fact ids. Events grouped by enterprise, in the enterprises'
/// order and sorted by date then id within each enterprise (as
/// [`population_to_arrow`] writes them) are taken as they stand; any other order
/// is grouped and sorted.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a missing
/// column or a column of the wrong type, [`ErrorKind::Parse`](crate::ErrorKind::Parse)
/// for a bad value; the error's field names the batch and column, its message
/// the row.
pub fn population_from_arrow(
    enterprises: &[RecordBatch],
    events: &[RecordBatch],
) -> Result<Population, Error> {
    let n: usize = enterprises.iter().map(RecordBatch::num_rows).sum();
    let facts: usize = events.iter().map(RecordBatch::num_rows).sum();
    let too_many = || Error::invalid_input("events", "more than 2^32 - 1 event rows");
    let facts_u32 = u32::try_from(facts)
        .ok()
        .filter(|&f| f < u32::MAX)
        .ok_or_else(too_many)?;
    let mut b = PopulationBuilder::with_capacity(n, 0);
    // Enterprise ids are checked for duplicates by hash, as event ids are; the
    // table from id to enterprise is built only if events need it (when they
    // do not follow the enterprises' order).
    let mut ids_seen = IdSet::new();
    let mut at = 0usize;
    let read = read_enterprises(enterprises, &mut b, &mut ids_seen, &mut at);
    if let Err(err) = read {
        // A duplicate id on an earlier row, or on the failing row itself when
        // a value on it failed, is what reading row by row reports first.
        let upto = if err.kind() == crate::ErrorKind::Parse {
            Some(at)
        } else {
            at.checked_sub(1)
        };
        return Err(match upto {
            Some(u) => duplicate_id(enterprises, "enterprises", Some(u))?.unwrap_or(err),
            None => err,
        });
    }
    if ids_seen.has_duplicates(enterprises, "enterprises")? {
        if let Some(err) = duplicate_id(enterprises, "enterprises", None)? {
            return Err(err);
        }
    }
    drop(ids_seen);
    let index: std::sync::OnceLock<FastMap<&str, u32>> = std::sync::OnceLock::new();
    let index = || index.get_or_init(|| enterprise_index(enterprises, n));

    // Event rows in row order. `runs` are the rows where the enterprise changes,
    // with that enterprise; the columns are already the population's when the
    // runs come in the enterprises' order and each is sorted.
    // The usual layout is read in two halves that share nothing: the values
    // (dates, kinds, payloads) and the order (runs of one enterprise, whether
    // they are sorted, duplicate ids). With rayon they run side by side. Their
    // answers count only if neither finds anything to refuse.
    let enterprise_ids = std::mem::take(&mut b.ids);
    let (fast, order) = both(
        || fast_events(events, &mut b, facts),
        || {
            let (runs, in_order, mut ids_seen) = event_order(events, &enterprise_ids, &index)?;
            Some(((runs, in_order), ids_seen.has_duplicates(events, "events")))
        },
    );
    b.ids = enterprise_ids;
    let (mut dates, mut tags, mut args, runs, in_order, duplicates, parts) = if let (
        Some((dates, tags, args, parts)),
        Some(((runs, in_order), duplicates)),
    ) = (fast, order)
    {
        (dates, tags, args, runs, in_order, duplicates?, parts)
    } else {
        // Not the usual layout, or something to refuse: read again, row by row,
        // for the exact error.
        b.codes = super::Strings::default();
        b.code_use.clear();
        b.interner.clear();
        b.honours.clear();
        let index = index();
        let mut dates: Vec<NaiveDate> = Vec::with_capacity(facts);
        let mut tags: Vec<Tag> = Vec::with_capacity(facts);
        let mut args: Vec<u32> = Vec::with_capacity(facts);
        let mut runs: Vec<(u32, u32)> = Vec::new();
        let mut in_order = true;
        let mut ids_seen = IdSet::new();
        let mut parts = Vec::with_capacity(events.len());
        let mut days = DayCache::default();
        let mut prev: Option<(&str, u32)> = None;
        let mut prev_fact: Option<(NaiveDate, &str)> = None;
        let mut at = 0usize;
        for batch in events {
            let c = Columns {
                label: "events",
                batch,
            };
            let ids = c.strings("id", true)?;
            let owners = c.strings("enterprise_id", true)?;
            let date_col = c.dates("date", true)?;
            let kinds = c.strings("kind", true)?;
            let codes = c.strings("code", false)?;
            let levels = c.strings("level", false)?;
            let untils = c.dates("until", false)?;
            let targets = c.strings("target", false)?;
            parts.push((at, ids.array()));
            for row in 0..batch.num_rows() {
                let id = non_empty(ids.get(row), "events.id", at)?;
                let eid = non_empty(owners.get(row), "events.enterprise_id", at)?;
                // Most exports group events by enterprise: look up only where the
                // enterprise changes.
                match prev {
                    Some((p, _)) if p == eid => {}
                    _ => {
                        let Some(&e) = index.get(eid) else {
                            return Err(refuse(
                                "events.enterprise_id",
                                format!(
                                    "events.enterprise_id row {at}: event {id:?} names enterprise {eid:?}, which is not in the enterprises batch"
                                ),
                            ));
                        };
                        if runs.last().is_some_and(|&(_, last)| last >= e) {
                            in_order = false;
                        }
                        // `at < facts < u32::MAX`: checked above.
                        #[allow(clippy::cast_possible_truncation)]
                        runs.push((at as u32, e));
                        prev = Some((eid, e));
                        prev_fact = None;
                    }
                }
                let date = required(
                    date_col.get(row, "events.date", at, &mut days)?,
                    "events.date",
                    at,
                )?;
                let until = untils.get(row, "events.until", at, &mut days)?;
                let code = codes.get(row).unwrap_or("");
                let kind_str = non_empty(kinds.get(row), "events.kind", at)?;
                let (tag, arg) = match kind_str {
                    "annual_report" => {
                        let y = code.as_bytes();
                        if y.len() != 4 || !y.iter().all(u8::is_ascii_digit) {
                            return Err(refuse(
                                "events.code",
                                format!(
                                    "events.code row {at}: bad annual report year {code:?} (expected four digits)"
                                ),
                            ));
                        }
                        let year = y.iter().fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'));
                        (Tag::AnnualReport, year)
                    }
                    "penalty" => (Tag::Penalty, b.intern(code, USE_ARTICLE)?),
                    "complaint" => (Tag::Complaint, 0),
                    "honour" => {
                        let level = levels.get(row).unwrap_or("");
                        let honour = Honour::parse(code, level).map_err(|err| {
                            refuse(
                                "events.level",
                                format!("events.level row {at}: {}", err.message()),
                            )
                        })?;
                        let i = u32::try_from(b.honours.len()).map_err(|_| too_many())?;
                        b.honours.push((honour, until));
                        (Tag::Honour, i)
                    }
                    "admonition" => (Tag::Admonition, 0),
                    "breach" => (Tag::Breach, b.intern(code, USE_BREACH)?),
                    "revocation" => (Tag::Revocation, 0),
                    "deregistration" => (Tag::Deregistration, 0),
                    "repair" => (Tag::Repair, b.intern(targets.get(row).unwrap_or(""), 0)?),
                    "principal" => (Tag::KeyPersonFlag, b.intern(code, 0)?),
                    other => {
                        return Err(refuse(
                            "events.kind",
                            format!("events.kind row {at}: unknown kind {other:?}"),
                        ));
                    }
                };
                if in_order {
                    if let Some((d, i)) = prev_fact {
                        if (d, i) > (date, id) {
                            in_order = false;
                        }
                    }
                    prev_fact = Some((date, id));
                }
                ids_seen.count(id);
                dates.push(date);
                tags.push(tag);
                args.push(arg);
                at += 1;
            }
        }
        let duplicates = ids_seen.has_duplicates(events, "events")?;
        (dates, tags, args, runs, in_order, duplicates, parts)
    };
    if duplicates {
        duplicate_event(events)?;
    }

    let mut offsets = vec![0u32; n + 1];
    let rows = if in_order {
        // Runs in the enterprises' order, each sorted: the columns stand.
        for (k, &(start, e)) in runs.iter().enumerate() {
            let end = runs.get(k + 1).map_or(facts_u32, |r| r.0);
            offsets[e as usize + 1] = end - start;
        }
        None
    } else {
        let mut counts = vec![0u32; n + 1];
        for (k, &(start, e)) in runs.iter().enumerate() {
            let end = runs.get(k + 1).map_or(facts_u32, |r| r.0);
            counts[e as usize + 1] += end - start;
        }
        offsets.clone_from(&counts);
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..n].to_vec();
        let mut order = vec![0u32; facts];
        for (k, &(start, e)) in runs.iter().enumerate() {
            let end = runs.get(k + 1).map_or(facts_u32, |r| r.0);
            let slot = &mut next[e as usize];
            for row in start..end {
                order[*slot as usize] = row;
                *slot += 1;
            }
        }
        drop(next);
        let column = IdColumn {
            parts: parts.clone(),
            rows: None,
        };
        for e in 0..n {
            let slice = &mut order[offsets[e] as usize..offsets[e + 1] as usize];
            slice.sort_unstable_by(|&a, &c| {
                dates[a as usize]
                    .cmp(&dates[c as usize])
                    .then_with(|| column.get(a as usize).cmp(column.get(c as usize)))
            });
        }
        dates = order.iter().map(|&k| dates[k as usize]).collect();
        tags = order.iter().map(|&k| tags[k as usize]).collect();
        args = order.iter().map(|&k| args[k as usize]).collect();
        Some(order)
    };
    if in_order {
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
    }
    drop(runs);
    Ok(Population {
        ids: b.ids,
        names: b.names,
        industries: b.industries,
        regions: b.regions,
        districts: b.districts,
        routes: b.routes,
        registered_on: b.registered_on,
        legal_person: b.legal_person,
        errors: Vec::new(),
        offsets,
        dates,
        tags,
        args,
        fact_ids: FactIds::Arrow(IdColumn { parts, rows }),
        codes: b.codes,
        code_use: b.code_use,
        honours: b.honours,
        departments: b.departments,
    })
}

/// Reads the enterprises batches into the builder, counting their ids; `at` is
/// left at the row that failed.
fn read_enterprises(
    enterprises: &[RecordBatch],
    b: &mut PopulationBuilder,
    ids_seen: &mut IdSet,
    at: &mut usize,
) -> Result<(), Error> {
    for batch in enterprises {
        let c = Columns {
            label: "enterprises",
            batch,
        };
        let ids = c.strings("id", true)?;
        let dates = c.dates("registered_on", true)?;
        let lp = c.booleans("legal_person")?;
        let attrs = [
            c.strings("name", false)?,
            c.strings("industry", false)?,
            c.strings("region", false)?,
            c.strings("district", false)?,
            c.strings("route", false)?,
        ];
        let mut days = DayCache::default();
        for row in 0..batch.num_rows() {
            let id = non_empty(ids.get(row), "enterprises.id", *at)?;
            ids_seen.count(id);
            let registered_on = required(
                dates.get(row, "enterprises.registered_on", *at, &mut days)?,
                "enterprises.registered_on",
                *at,
            )?;
            let legal_person = match &lp {
                Bools::Bool(a) => (!a.is_null(row)).then(|| a.value(row)),
                Bools::Text(s) => match s.get(row) {
                    None => None,
                    Some("true") => Some(true),
                    Some("false") => Some(false),
                    Some(other) => {
                        return Err(refuse(
                            "enterprises.legal_person",
                            format!(
                                "enterprises.legal_person row {}: bad legal_person {other:?} (expected true or false)",
                                *at
                            ),
                        ));
                    }
                },
            };
            let legal_person = required(legal_person, "enterprises.legal_person", *at)?;
            b.ids.push(id, "enterprise.id")?;
            for (k, col) in attrs.iter().enumerate() {
                if !matches!(col, Strs::Absent) {
                    attr(b, k).push(col.get(row).unwrap_or(""), "enterprise.attribute")?;
                }
            }
            b.registered_on.push(registered_on);
            b.legal_person.push(legal_person);
            *at += 1;
        }
        // An absent attribute column: empty for every row of the batch, at once.
        for (k, col) in attrs.iter().enumerate() {
            if matches!(col, Strs::Absent) {
                let column = attr(b, k);
                let end = u32::try_from(column.buf.len()).unwrap_or(u32::MAX);
                column
                    .ends
                    .resize(column.ends.len() + batch.num_rows(), end);
            }
        }
    }
    Ok(())
}

/// The enterprise attribute column `k`: name, industry, region, district, route.
fn attr(b: &mut PopulationBuilder, k: usize) -> &mut super::Strings {
    match k {
        0 => &mut b.names,
        1 => &mut b.industries,
        2 => &mut b.regions,
        3 => &mut b.districts,
        _ => &mut b.routes,
    }
}

/// A string array of the event batches' `id` column.
#[derive(Clone, Debug)]
enum IdArray {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl IdArray {
    #[inline]
    fn value(&self, row: usize) -> &str {
        match self {
            IdArray::Utf8(a) => a.value(row),
            IdArray::Large(a) => a.value(row),
            IdArray::View(a) => a.value(row),
        }
    }
}

/// A population's fact ids, borrowed from the event batches' `id` arrays
/// (reference-counted buffers, not copies).
#[derive(Clone, Debug)]
pub(super) struct IdColumn {
    /// Each batch's array with the first row (counted across batches) it holds.
    parts: Vec<(usize, IdArray)>,
    /// Per fact in the population's order, its row; `None` when fact `k` is row `k`.
    rows: Option<Vec<u32>>,
}

impl IdColumn {
    #[inline]
    pub(super) fn get(&self, k: usize) -> &str {
        let row = self.rows.as_ref().map_or(k, |r| r[k] as usize);
        let p = if self.parts.len() == 1 {
            0
        } else {
            self.parts.partition_point(|&(start, _)| start <= row) - 1
        };
        let (start, array) = &self.parts[p];
        array.value(row - start)
    }

    pub(super) fn len(&self) -> usize {
        match &self.rows {
            Some(r) => r.len(),
            None => self.parts.last().map_or(0, |(start, a)| start + a.len()),
        }
    }
}

impl IdArray {
    fn len(&self) -> usize {
        match self {
            IdArray::Utf8(a) => a.len(),
            IdArray::Large(a) => a.len(),
            IdArray::View(a) => a.len(),
        }
    }
}

/// A strong 64-bit hash of an id for the duplicate check: eight bytes at a time
/// through a folded 128-bit multiply.
#[inline]
fn id_hash(bytes: &[u8]) -> u64 {
    #[inline]
    fn mix(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        #[allow(clippy::cast_possible_truncation)]
        let (lo, hi) = (r as u64, (r >> 64) as u64);
        lo ^ hi
    }
    const K0: u64 = 0xa076_1d64_78bd_642f;
    const K1: u64 = 0xe703_7ed1_a0b4_28db;
    let n = bytes.len();
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[i..i + 8]);
        u64::from_le_bytes(w)
    };
    let mut h = (n as u64) ^ K0;
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = mix(h ^ word(i), K1);
            i += 8;
        }
        // The last eight bytes, overlapping the previous word when the length
        // is not a multiple of eight (the length is already in the hash).
        mix(h ^ word(n - 8), K1 ^ 0x8ebc_6af0_9c88_c6e3)
    } else {
        let w = bytes
            .iter()
            .rev()
            .fold(0u64, |w, &b| (w << 8) | u64::from(b));
        mix(h ^ w, K1 ^ 0x8ebc_6af0_9c88_c6e3)
    }
}

/// Whether any two event ids are equal, found from their hashes: counted into
/// 2^16 buckets by their top bits while the rows are read, then placed in their
/// buckets (hashing again) and each bucket sorted. Only when two hashes are
/// equal are the ids themselves compared. Eight bytes per event at its peak.
struct IdSet {
    counts: Vec<u32>,
}

const BUCKET_BITS: u32 = 16;

impl IdSet {
    fn new() -> IdSet {
        IdSet {
            counts: vec![0; 1 << BUCKET_BITS],
        }
    }

    #[inline]
    fn count(&mut self, id: &str) {
        self.count_bytes(id.as_bytes());
    }

    #[inline]
    fn count_bytes(&mut self, id: &[u8]) {
        self.counts[(id_hash(id) >> (64 - BUCKET_BITS)) as usize] += 1;
    }

    fn has_duplicates(
        &mut self,
        batches: &[RecordBatch],
        label: &'static str,
    ) -> Result<bool, Error> {
        let mut starts = Vec::with_capacity(self.counts.len() + 1);
        let mut total = 0usize;
        starts.push(0);
        for &c in &self.counts {
            total += c as usize;
            starts.push(total);
        }
        let mut hashes = vec![0u64; total];
        let mut next = starts.clone();
        let mut place = |h: u64| {
            let slot = &mut next[(h >> (64 - BUCKET_BITS)) as usize];
            hashes[*slot] = h;
            *slot += 1;
        };
        for batch in batches {
            let ids = Columns { label, batch }.strings("id", true)?;
            if let Strs::Utf8(a) = ids {
                // The usual layout: straight from the offsets (a null is empty).
                let (offsets, data) = (a.value_offsets(), a.value_data());
                for w in offsets.windows(2) {
                    #[allow(clippy::cast_sign_loss)]
                    place(id_hash(&data[w[0] as usize..w[1] as usize]));
                }
                continue;
            }
            for row in 0..batch.num_rows() {
                place(id_hash(ids.get(row).unwrap_or("").as_bytes()));
            }
        }
        for w in starts.windows(2) {
            let bucket = &mut hashes[w[0]..w[1]];
            bucket.sort_unstable();
            if bucket.windows(2).any(|p| p[0] == p[1]) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// Runs `a` and `b`, side by side with rayon, one after the other without.
#[cfg(feature = "rayon")]
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    rayon::join(a, b)
}

/// Runs `a` and `b`, side by side with rayon, one after the other without.
#[cfg(not(feature = "rayon"))]
fn both<A, B>(a: impl FnOnce() -> A, b: impl FnOnce() -> B) -> (A, B) {
    (a(), b())
}

/// Days since 1970-01-01 as dates, remembered for the span most dates fall in.
#[derive(Default)]
struct DayCache {
    dates: Vec<Option<NaiveDate>>,
}

/// The first day the cache holds (1900-01-01) and how many (to 2100).
const CACHE_FROM: i32 = -25_567;
const CACHE_DAYS: usize = 73_050;

impl DayCache {
    #[allow(clippy::inline_always)] // measured: the row loop's hot accessors
    #[inline(always)]
    fn get(&mut self, days: i32) -> Option<NaiveDate> {
        // A day before the cache's first wraps to a large index: a miss.
        #[allow(clippy::cast_sign_loss)]
        let k = days.wrapping_sub(CACHE_FROM) as u32 as usize;
        if let Some(&Some(d)) = self.dates.get(k) {
            return Some(d);
        }
        self.miss(days)
    }

    #[cold]
    #[inline(never)]
    fn miss(&mut self, days: i32) -> Option<NaiveDate> {
        let d = days
            .checked_add(EPOCH_FROM_CE)
            .and_then(NaiveDate::from_num_days_from_ce_opt);
        if let Some(k) = days
            .checked_sub(CACHE_FROM)
            .and_then(|k| usize::try_from(k).ok())
            .filter(|&k| k < CACHE_DAYS)
        {
            if self.dates.is_empty() {
                self.dates = vec![None; CACHE_DAYS];
            }
            self.dates[k] = d;
        }
        d
    }
}

/// The first row (up to and including row `upto`, if given) whose id an
/// earlier row of the batches has, as the error that names it.
fn duplicate_id(
    batches: &[RecordBatch],
    label: &'static str,
    upto: Option<usize>,
) -> Result<Option<Error>, Error> {
    let mut seen: std::collections::HashSet<&str, BuildHasherDefault<IdHasher>> =
        std::collections::HashSet::default();
    let mut at = 0usize;
    for batch in batches {
        let ids = Columns { label, batch }.strings("id", true)?;
        for row in 0..batch.num_rows() {
            if upto.is_some_and(|u| at > u) {
                return Ok(None);
            }
            let Some(id) = ids.get(row).filter(|id| !id.is_empty()) else {
                at += 1;
                continue;
            };
            if !seen.insert(id) {
                let column = format!("{label}.id");
                let what = if label == "events" {
                    "event"
                } else {
                    "enterprise"
                };
                return Ok(Some(refuse(
                    &column,
                    format!("{column} row {at}: duplicate {what} id {id:?}"),
                )));
            }
            at += 1;
        }
    }
    Ok(None)
}

/// Enterprise ids to their positions (validated ids: nothing to refuse).
fn enterprise_index(enterprises: &[RecordBatch], n: usize) -> FastMap<&str, u32> {
    let mut index = FastMap::with_capacity_and_hasher(n, BuildHasherDefault::default());
    let mut at = 0u32;
    for batch in enterprises {
        let c = Columns {
            label: "enterprises",
            batch,
        };
        let Ok(ids) = c.strings("id", true) else {
            continue;
        };
        for row in 0..batch.num_rows() {
            index.insert(ids.get(row).unwrap_or(""), at);
            at += 1;
        }
    }
    index
}

/// Refuses the first event id (in row order) that an earlier row has.
fn duplicate_event(events: &[RecordBatch]) -> Result<(), Error> {
    let mut seen: std::collections::HashSet<&str, BuildHasherDefault<IdHasher>> =
        std::collections::HashSet::default();
    let mut at = 0usize;
    for batch in events {
        let ids = Columns {
            label: "events",
            batch,
        }
        .strings("id", true)?;
        for row in 0..batch.num_rows() {
            let id = ids.get(row).unwrap_or("");
            if !seen.insert(id) {
                return Err(refuse(
                    "events.id",
                    format!("events.id row {at}: duplicate event id {id:?}"),
                ));
            }
            at += 1;
        }
    }
    Ok(())
}

/// Reads a catalogue batch (`article`, `severity`).
///
/// # Errors
///
/// As [`population_from_arrow`]; a conflicting article is
/// [`ErrorKind::ConflictingArticle`](crate::ErrorKind::ConflictingArticle).
pub fn catalogue_from_arrow(batches: &[RecordBatch]) -> Result<Catalogue, Error> {
    let mut c = Catalogue::new();
    let mut at = 0usize;
    for batch in batches {
        let cols = Columns {
            label: "catalogue",
            batch,
        };
        let articles = cols.strings("article", true)?;
        let severities = cols.strings("severity", true)?;
        for row in 0..batch.num_rows() {
            let article = non_empty(articles.get(row), "catalogue.article", at)?;
            let s = required(severities.get(row), "catalogue.severity", at)?;
            let s: Severity = s.parse().map_err(|e: Error| {
                refuse(
                    "catalogue.severity",
                    format!("catalogue.severity row {at}: {}", e.message()),
                )
            })?;
            c.insert(article, s)?;
            at += 1;
        }
    }
    Ok(c)
}

fn days(d: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&d) - EPOCH_FROM_CE
}

fn batch(fields: Vec<Field>, columns: Vec<ArrayRef>) -> Result<RecordBatch, Error> {
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
        .map_err(|e| Error::invalid_input("arrow", e.to_string()))
}

/// Writes a population as enterprises and events batches in the interchange
/// columns (dates as `Date32`, strings as `Utf8`, empty cells as nulls).
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a fact kind
/// the interchange format has no row for (department records, disclosure
/// failures) or an enterprise that failed validation.
pub fn population_to_arrow(population: &Population) -> Result<(RecordBatch, RecordBatch), Error> {
    let n = population.len();
    let mut id = StringBuilder::new();
    let mut attrs: [StringBuilder; 5] = Default::default();
    let mut reg = Date32Builder::with_capacity(n);
    let mut lp = BooleanBuilder::with_capacity(n);
    let opt = |b: &mut StringBuilder, s: &str| {
        if s.is_empty() {
            b.append_null();
        } else {
            b.append_value(s);
        }
    };
    let mut ev: [StringBuilder; 7] = Default::default();
    let mut date = Date32Builder::new();
    let mut until = Date32Builder::new();
    for e in 0..n {
        if let Some(err) = population.error(e) {
            return Err(err.clone());
        }
        id.append_value(population.id(e));
        reg.append_value(days(population.registered_on(e)));
        let (legal, a) = population.attrs(e);
        lp.append_value(legal);
        for (b, s) in attrs.iter_mut().zip(a) {
            opt(b, s);
        }
        for f in population.facts(e) {
            let (kind, code, level, u, target): (&str, String, &str, Option<NaiveDate>, &str) =
                match &f.kind {
                    FactKind::Penalty { article } => ("penalty", article.clone(), "", None, ""),
                    FactKind::Breach { breach } => ("breach", breach.clone(), "", None, ""),
                    FactKind::Complaint => ("complaint", String::new(), "", None, ""),
                    FactKind::Admonition => ("admonition", String::new(), "", None, ""),
                    FactKind::Revocation => ("revocation", String::new(), "", None, ""),
                    FactKind::Deregistration => ("deregistration", String::new(), "", None, ""),
                    FactKind::Honour { honour, until } => (
                        "honour",
                        honour.kind_str().to_owned(),
                        honour.level_str(),
                        *until,
                        "",
                    ),
                    FactKind::AnnualReport { year } => {
                        ("annual_report", format!("{year:04}"), "", None, "")
                    }
                    FactKind::Repair { target } => ("repair", String::new(), "", None, target),
                    FactKind::KeyPersonFlag { person } => {
                        ("principal", person.clone(), "", None, "")
                    }
                    other => {
                        return Err(Error::invalid_input(
                            "events.kind",
                            format!(
                                "the interchange format has no row for a {} fact",
                                other.as_str()
                            ),
                        )
                        .with_enterprise(population.id(e))
                        .with_fact(&f.id));
                    }
                };
            ev[0].append_value(&f.id);
            ev[1].append_value(population.id(e));
            date.append_value(days(f.date));
            ev[2].append_value(kind);
            opt(&mut ev[3], &code);
            opt(&mut ev[4], level);
            until.append_option(u.map(days));
            opt(&mut ev[5], target);
        }
    }
    let s = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    let [name, industry, region, district, route] = attrs;
    let enterprises = batch(
        vec![
            s("id", false),
            s("name", true),
            Field::new("registered_on", DataType::Date32, false),
            Field::new("legal_person", DataType::Boolean, false),
            s("industry", true),
            s("region", true),
            s("district", true),
            s("route", true),
        ],
        vec![
            Arc::new(id.finish()),
            Arc::new(finish(name)),
            Arc::new(reg.finish()),
            Arc::new(lp.finish()),
            Arc::new(finish(industry)),
            Arc::new(finish(region)),
            Arc::new(finish(district)),
            Arc::new(finish(route)),
        ],
    )?;
    let [eid, owner, kind, code, level, target, _] = ev;
    let events = batch(
        vec![
            s("id", false),
            s("enterprise_id", false),
            Field::new("date", DataType::Date32, false),
            s("kind", false),
            s("code", true),
            s("level", true),
            Field::new("until", DataType::Date32, true),
            s("target", true),
        ],
        vec![
            Arc::new(finish(eid)),
            Arc::new(finish(owner)),
            Arc::new(date.finish()),
            Arc::new(finish(kind)),
            Arc::new(finish(code)),
            Arc::new(finish(level)),
            Arc::new(until.finish()),
            Arc::new(finish(target)),
        ],
    )?;
    Ok((enterprises, events))
}

fn finish(mut b: StringBuilder) -> StringArray {
    b.finish()
}

/// The result columns shared by summaries and assessments.
struct Out {
    id: StringBuilder,
    status: StringBuilder,
    grade: StringBuilder,
    tier: StringBuilder,
    locked_until: Date32Builder,
    points: StringBuilder,
    score: StringBuilder,
    error: StringBuilder,
}

impl Out {
    fn new(n: usize) -> Out {
        Out {
            id: StringBuilder::with_capacity(n, n * 12),
            status: StringBuilder::with_capacity(n, n * 7),
            grade: StringBuilder::with_capacity(n, n * 2),
            tier: StringBuilder::with_capacity(n, n),
            locked_until: Date32Builder::with_capacity(n),
            points: StringBuilder::with_capacity(n, n * 2),
            score: StringBuilder::with_capacity(n, n),
            error: StringBuilder::with_capacity(n, 0),
        }
    }

    fn dec(b: &mut StringBuilder, d: Option<Decimal>) {
        match d {
            Some(d) => b.append_value(d.normalize().to_string()),
            None => b.append_null(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        id: &str,
        status: Status,
        grade: Option<crate::Grade>,
        locked: Option<NaiveDate>,
        points: Option<Decimal>,
        score: Option<Decimal>,
    ) {
        self.id.append_value(id);
        self.status.append_value(status.as_str());
        self.grade.append_option(grade.map(|g| g.to_string()));
        self.tier.append_option(grade.map(|g| g.tier().to_string()));
        self.locked_until.append_option(locked.map(days));
        Out::dec(&mut self.points, points);
        Out::dec(&mut self.score, score);
        self.error.append_null();
    }

    fn push_error(&mut self, id: &str, e: &Error) {
        self.id.append_value(id);
        self.status.append_value("error");
        self.grade.append_null();
        self.tier.append_null();
        self.locked_until.append_null();
        self.points.append_null();
        self.score.append_null();
        self.error.append_value(e.to_string());
    }

    fn fields() -> Vec<Field> {
        let s = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
        vec![
            s("id", false),
            s("status", false),
            s("grade", true),
            s("tier", true),
            Field::new("locked_until", DataType::Date32, true),
            s("points", true),
            s("score", true),
            s("error", true),
        ]
    }

    fn columns(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.id.finish()),
            Arc::new(self.status.finish()),
            Arc::new(self.grade.finish()),
            Arc::new(self.tier.finish()),
            Arc::new(self.locked_until.finish()),
            Arc::new(self.points.finish()),
            Arc::new(self.score.finish()),
            Arc::new(self.error.finish()),
        ]
    }
}

fn check_len(population: &Population, n: usize) -> Result<(), Error> {
    if population.len() == n {
        Ok(())
    } else {
        Err(Error::invalid_input(
            "results",
            format!(
                "{n} results for a population of {} enterprises",
                population.len()
            ),
        ))
    }
}

/// Writes summaries (from
/// [`summarize_population`](crate::Assessor::summarize_population)) as one
/// batch: `id`, `status` (`active`, `closed`, `revoked`, `not_registered` or
/// `error`), `grade`, `tier`, `locked_until` (`Date32`), `points` and `score`
/// (decimal strings), `error` (the message, on error rows).
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the results
/// do not match the population's length.
pub fn summaries_to_arrow(
    population: &Population,
    results: &[Result<Summary, Error>],
) -> Result<RecordBatch, Error> {
    check_len(population, results.len())?;
    let mut out = Out::new(results.len());
    for (e, r) in results.iter().enumerate() {
        match r {
            Ok(s) => out.push(
                population.id(e),
                s.status,
                s.grade,
                s.locked_until,
                s.points,
                s.score,
            ),
            Err(err) => out.push_error(population.id(e), err),
        }
    }
    batch(Out::fields(), out.columns())
}

/// Writes assessments (from
/// [`assess_population`](crate::Assessor::assess_population)) as one batch: the
/// columns of [`summaries_to_arrow`], then `binding` (what bound the grade, as
/// JSON), and with `reasons`, a column `reasons`: a list of structs `code`,
/// `rule`, `method` (nullable), `evidence` (list of fact ids) and `detail` (the
/// reason's detail as JSON).
///
/// # Errors
///
/// As [`summaries_to_arrow`].
pub fn assessments_to_arrow(
    population: &Population,
    results: &[Result<Assessment, Error>],
    reasons: bool,
) -> Result<RecordBatch, Error> {
    check_len(population, results.len())?;
    let n = results.len();
    let mut out = Out::new(n);
    let mut binding = StringBuilder::with_capacity(n, n * 40);
    let mut offsets: Vec<i32> = Vec::with_capacity(n + 1);
    offsets.push(0);
    let mut code = StringBuilder::new();
    let mut rule = StringBuilder::new();
    let mut method = StringBuilder::new();
    let mut detail = StringBuilder::new();
    let mut evidence = StringBuilder::new();
    let mut ev_offsets: Vec<i32> = vec![0];
    let overflow = || Error::invalid_input("reasons", "more than 2^31 reasons in one batch");
    for (e, r) in results.iter().enumerate() {
        match r {
            Ok(a) => {
                out.push(
                    population.id(e),
                    a.status(),
                    a.grade(),
                    a.locked_until(),
                    a.points(),
                    a.score(),
                );
                binding.append_value(binding_json(a.binding()));
                if reasons {
                    for reason in a.reasons() {
                        code.append_value(reason.code.as_str());
                        rule.append_value(&reason.rule);
                        method.append_option(reason.method.map(crate::quantify::Method::as_str));
                        detail.append_value(
                            serde_json::to_string(&reason.detail).unwrap_or_default(),
                        );
                        for x in &reason.evidence {
                            evidence.append_value(&x.fact);
                        }
                        ev_offsets.push(i32::try_from(evidence.len()).map_err(|_| overflow())?);
                    }
                }
            }
            Err(err) => {
                out.push_error(population.id(e), err);
                binding.append_null();
            }
        }
        offsets.push(i32::try_from(code.len()).map_err(|_| overflow())?);
    }
    let mut fields = Out::fields();
    fields.push(Field::new("binding", DataType::Utf8, true));
    let mut columns = out.columns();
    columns.push(Arc::new(binding.finish()));
    if reasons {
        let item = Arc::new(Field::new("item", DataType::Utf8, true));
        let evidence = ListArray::new(
            item.clone(),
            OffsetBuffer::new(ScalarBuffer::from(ev_offsets)),
            Arc::new(evidence.finish()),
            None,
        );
        let struct_fields = Fields::from(vec![
            Field::new("code", DataType::Utf8, false),
            Field::new("rule", DataType::Utf8, false),
            Field::new("method", DataType::Utf8, true),
            Field::new("evidence", DataType::List(item), false),
            Field::new("detail", DataType::Utf8, false),
        ]);
        let structs = StructArray::new(
            struct_fields.clone(),
            vec![
                Arc::new(code.finish()),
                Arc::new(rule.finish()),
                Arc::new(method.finish()),
                Arc::new(evidence),
                Arc::new(detail.finish()),
            ],
            None,
        );
        let reason_field = Arc::new(Field::new("item", DataType::Struct(struct_fields), true));
        let list = ListArray::new(
            reason_field.clone(),
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            Arc::new(structs),
            None,
        );
        fields.push(Field::new("reasons", DataType::List(reason_field), false));
        columns.push(Arc::new(list));
    }
    batch(fields, columns)
}

fn binding_json(b: &Binding) -> String {
    serde_json::to_string(b).unwrap_or_default()
}

/// The events' values in row order: dates, kinds, payloads, and the id arrays.
type EventRows = (Vec<NaiveDate>, Vec<Tag>, Vec<u32>, Vec<(usize, IdArray)>);

/// A `Utf8` column's offsets, bytes and validity.
struct Raw<'a> {
    offsets: &'a [i32],
    data: &'a [u8],
    array: &'a StringArray,
}

impl<'a> Raw<'a> {
    /// The column: `Ok(None)` when absent, `Err(())` when not `Utf8`.
    fn of(batch: &'a RecordBatch, column: &str) -> Result<Option<Raw<'a>>, ()> {
        let Some(a) = batch.column_by_name(column) else {
            return Ok(None);
        };
        let array = a.as_any().downcast_ref::<StringArray>().ok_or(())?;
        Ok(Some(Raw {
            offsets: array.value_offsets(),
            data: array.value_data(),
            array,
        }))
    }

    /// The bytes of a required column's value (no nulls: checked per batch).
    #[inline]
    fn bytes(&self, row: usize) -> &'a [u8] {
        let (a, b) = (self.offsets[row], self.offsets[row + 1]);
        #[allow(clippy::cast_sign_loss)]
        let r = a as usize..b as usize;
        &self.data[r]
    }

    /// The bytes of an optional column's value, empty for a null.
    #[inline]
    fn opt(&self, row: usize) -> &'a [u8] {
        if self.array.is_null(row) {
            &[]
        } else {
            self.bytes(row)
        }
    }
}

/// An optional column's text at `row`, empty for a null or an absent column.
fn text<'a>(column: Option<&Raw<'a>>, row: usize) -> &'a str {
    match column {
        Some(c) if !c.array.is_null(row) => c.array.value(row),
        _ => "",
    }
}

/// Whether two short byte strings are equal, compared eight bytes at a time
/// (ids are mostly 8 to 16 bytes; longer or shorter ones compare as slices).
#[allow(clippy::inline_always)] // measured: the row loop's hot accessors
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if (8..=16).contains(&n) {
        let word = |s: &[u8], i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&s[i..i + 8]);
            u64::from_le_bytes(w)
        };
        return word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8);
    }
    a == b
}

/// Whether `k` is the literal `lit`, compared as a fixed-size array.
#[allow(clippy::inline_always)] // measured: the row loop's hot accessors
#[inline(always)]
fn is<const N: usize>(k: &[u8], lit: &[u8; N]) -> bool {
    <&[u8; N]>::try_from(k).is_ok_and(|a| a == lit)
}

/// The kind of an event row from its bytes: dispatched on the length (and
/// for equal lengths the first byte), then compared in full once.
#[allow(clippy::inline_always)] // measured: the row loop's hot accessors
#[inline(always)]
fn kind_of(k: &[u8]) -> Option<Tag> {
    let tag = match k.len() {
        13 if is(k, b"annual_report") => Tag::AnnualReport,
        9 if is(k, b"complaint") => Tag::Complaint,
        9 if is(k, b"principal") => Tag::KeyPersonFlag,
        7 if is(k, b"penalty") => Tag::Penalty,
        6 if is(k, b"breach") => Tag::Breach,
        6 if is(k, b"honour") => Tag::Honour,
        6 if is(k, b"repair") => Tag::Repair,
        10 if is(k, b"admonition") => Tag::Admonition,
        10 if is(k, b"revocation") => Tag::Revocation,
        14 if is(k, b"deregistration") => Tag::Deregistration,
        _ => return None,
    };
    Some(tag)
}

/// Reads the events when every batch has the usual layout (`Utf8` strings,
/// `Date32` dates) and nothing is to be refused; `None` otherwise, and the
/// caller reads them row by row with every check and its exact error. Event
/// ids are not checked here for duplicates ([`ids_have_duplicates`] does).
#[allow(clippy::too_many_lines)]
#[inline(never)]
fn fast_events(
    events: &[RecordBatch],
    b: &mut PopulationBuilder,
    facts: usize,
) -> Option<EventRows> {
    // Every column is written once per row in place: sized up front (the row
    // count is known), no growth check per row.
    let mut dates: Vec<NaiveDate> = vec![NaiveDate::MIN; facts];
    let mut tags: Vec<Tag> = vec![Tag::Complaint; facts];
    let mut args: Vec<u32> = vec![0; facts];
    let mut parts = Vec::with_capacity(events.len());
    let mut days = DayCache::default();
    let mut at = 0usize;
    for batch in events {
        let ids = Raw::of(batch, "id").ok()??;
        let owners = Raw::of(batch, "enterprise_id").ok()??;
        let kinds = Raw::of(batch, "kind").ok()??;
        let codes = Raw::of(batch, "code").ok()?;
        let levels = Raw::of(batch, "level").ok()?;
        let targets = Raw::of(batch, "target").ok()?;
        let date_col = batch
            .column_by_name("date")?
            .as_any()
            .downcast_ref::<Date32Array>()?;
        let until_col = match batch.column_by_name("until") {
            None => None,
            Some(a) => Some(a.as_any().downcast_ref::<Date32Array>()?),
        };
        let rows = batch.num_rows();
        if ids.array.null_count()
            + owners.array.null_count()
            + kinds.array.null_count()
            + date_col.null_count()
            > 0
            || ids.offsets.len() != rows + 1
            || owners.offsets.len() != rows + 1
            || kinds.offsets.len() != rows + 1
            || date_col.values().len() != rows
        {
            return None;
        }
        let date_values = &date_col.values()[..rows];
        parts.push((at, IdArray::Utf8(ids.array.clone())));
        let empty: &[u8] = &[];
        let out = dates[at..at + rows]
            .iter_mut()
            .zip(&mut tags[at..at + rows])
            .zip(&mut args[at..at + rows]);
        for (row, ((date_out, tag_out), arg_out)) in out.enumerate() {
            if ids.bytes(row).is_empty() || owners.bytes(row).is_empty() {
                return None;
            }
            let date = days.get(date_values[row])?;
            let tag = kind_of(kinds.bytes(row))?;
            let arg = match tag {
                Tag::AnnualReport => {
                    let code = codes.as_ref().map_or(empty, |c| c.opt(row));
                    let y = <[u8; 4]>::try_from(code).ok()?;
                    if !y.iter().all(u8::is_ascii_digit) {
                        return None;
                    }
                    y.iter().fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'))
                }
                Tag::Penalty => b.intern(text(codes.as_ref(), row), USE_ARTICLE).ok()?,
                Tag::Breach => b.intern(text(codes.as_ref(), row), USE_BREACH).ok()?,
                Tag::KeyPersonFlag => b.intern(text(codes.as_ref(), row), 0).ok()?,
                Tag::Honour => {
                    let until = match until_col {
                        Some(u) if u.is_valid(row) => Some(days.get(u.value(row))?),
                        _ => None,
                    };
                    let honour =
                        Honour::parse(text(codes.as_ref(), row), text(levels.as_ref(), row))
                            .ok()?;
                    let i = u32::try_from(b.honours.len()).ok()?;
                    b.honours.push((honour, until));
                    i
                }
                Tag::Repair => b.intern(text(targets.as_ref(), row), 0).ok()?,
                _ => 0,
            };
            if tag != Tag::Honour {
                // A bad `until` is refused on any row, as row by row.
                if let Some(u) = until_col {
                    if u.is_valid(row) {
                        days.get(u.value(row))?;
                    }
                }
            }
            *date_out = date;
            *tag_out = tag;
            *arg_out = arg;
        }
        at += rows;
    }
    Some((dates, tags, args, parts))
}

/// The runs of one enterprise (first row, enterprise), whether they are in
/// order, and the event ids counted for the duplicate check.
type EventOrder = (Vec<(u32, u32)>, bool, IdSet);

/// The order of the events in the usual layout: the runs of one enterprise
/// (first row, enterprise), whether they come in the enterprises' order, each
/// sorted by date then id, and the event ids counted for the duplicate check.
/// `None` for anything unusual or to refuse (an unknown enterprise, an empty
/// id), which the row-by-row reading reports.
#[inline(never)]
fn event_order<'a>(
    events: &[RecordBatch],
    enterprise_ids: &super::Strings,
    index: &(dyn Fn() -> &'a FastMap<&'a str, u32> + Sync),
) -> Option<EventOrder> {
    let mut ids_seen = IdSet::new();
    let mut runs: Vec<(u32, u32)> = Vec::with_capacity(enterprise_ids.len());
    let mut in_order = true;
    let mut prev: (&[u8], u32) = (&[], 0);
    let mut prev_fact: Option<(i32, &[u8])> = None;
    let mut at = 0usize;
    for batch in events {
        let ids = Raw::of(batch, "id").ok()??;
        let owners = Raw::of(batch, "enterprise_id").ok()??;
        let date_col = batch
            .column_by_name("date")?
            .as_any()
            .downcast_ref::<Date32Array>()?;
        let rows = batch.num_rows();
        if ids.offsets.len() != rows + 1
            || owners.offsets.len() != rows + 1
            || date_col.values().len() != rows
        {
            return None;
        }
        // Days order as dates do (a day out of range is refused elsewhere).
        for (row, &date) in date_col.values().iter().enumerate() {
            let id = ids.bytes(row);
            let eid = owners.bytes(row);
            if id.is_empty() || eid.is_empty() {
                return None;
            }
            ids_seen.count_bytes(id);
            if runs.is_empty() || !same(eid, prev.0) {
                // In the usual export the next enterprise with events is one of
                // the next few listed: no lookup.
                let next = if runs.is_empty() {
                    0
                } else {
                    prev.1 as usize + 1
                };
                let near = (next..enterprise_ids.len().min(next + 8))
                    .find(|&k| enterprise_ids.get(k).as_bytes() == eid);
                let e = match near {
                    Some(k) => u32::try_from(k).ok()?,
                    None => *index().get(owners.array.value(row))?,
                };
                if runs.last().is_some_and(|&(_, last)| last >= e) {
                    in_order = false;
                }
                runs.push((u32::try_from(at + row).ok()?, e));
                prev = (eid, e);
                prev_fact = None;
            }
            if in_order {
                if let Some((d, i)) = prev_fact {
                    match d.cmp(&date) {
                        std::cmp::Ordering::Less => {}
                        std::cmp::Ordering::Equal => in_order = i <= id,
                        std::cmp::Ordering::Greater => in_order = false,
                    }
                }
                prev_fact = Some((date, id));
            }
        }
        at += rows;
    }
    Some((runs, in_order, ids_seen))
}
