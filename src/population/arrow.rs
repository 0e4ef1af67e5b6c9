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
//! With the `rayon` feature the enterprises and the events are read side by
//! side, the events in pieces put together in row order: the population and
//! every error are those of reading one row after the other.
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
    from_arrow(enterprises, events, None)
}

/// How many event rows one piece of the fast path reads: a few pieces per
/// thread with rayon, so that the threads finish together; one piece without.
fn default_piece_rows(facts: usize) -> usize {
    #[cfg(feature = "rayon")]
    {
        facts
            .div_ceil(4 * rayon::current_num_threads())
            .max(1 << 16)
    }
    #[cfg(not(feature = "rayon"))]
    {
        facts
    }
}

/// [`population_from_arrow`], the usual layout of events read in pieces of
/// `piece_rows` rows (by default [`default_piece_rows`]). The pieces change
/// nothing in the result: they are put together in row order.
fn from_arrow(
    enterprises: &[RecordBatch],
    events: &[RecordBatch],
    piece_rows: Option<usize>,
) -> Result<Population, Error> {
    let n: usize = enterprises.iter().map(RecordBatch::num_rows).sum();
    let facts: usize = events.iter().map(RecordBatch::num_rows).sum();
    let too_many = || Error::invalid_input("events", "more than 2^32 - 1 event rows");
    let facts_u32 = u32::try_from(facts)
        .ok()
        .filter(|&f| f < u32::MAX)
        .ok_or_else(too_many)?;
    let piece_rows = piece_rows
        .unwrap_or_else(|| default_piece_rows(facts))
        .max(1);
    // The enterprises, and the events in the usual layout, are read side by
    // side with rayon (the events in pieces): reading the events needs nothing
    // of the enterprises until the pieces are put together. What is read of
    // the events counts only if the enterprises are read without a refusal.
    // Enterprise ids are checked for duplicates by hash, as event ids are; the
    // table from id to enterprise is built only if events need it (when they
    // do not follow the enterprises' order).
    let ((mut b, ids_seen, at, read), fast) = both(
        || {
            let mut b = PopulationBuilder::with_capacity(n, 0);
            let mut ids_seen = IdHashes::with_capacity(n);
            let mut at = 0usize;
            let read = read_enterprises(enterprises, &mut b, &mut ids_seen, &mut at);
            (b, ids_seen, at, read)
        },
        || fast_events(events, facts, piece_rows),
    );
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
    if any_equal_hashes(&[&ids_seen]) {
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
    let read = match fast.and_then(|f| f.finish(&mut b, &index)) {
        Some(read) => read,
        // Not the usual layout, or something to refuse: read again, row by row,
        // for the exact error.
        None => read_events(events, &mut b, index(), facts)?,
    };
    let EventRead {
        mut dates,
        mut tags,
        mut args,
        runs,
        in_order,
        duplicates,
        parts,
    } = read;
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

/// The events read: their values in row order, the runs of one enterprise
/// (first row, enterprise), whether the runs come in the enterprises' order
/// each sorted (the values then stand as the population's), whether two event
/// ids may be equal (their hashes are), and the `id` arrays with their first rows.
struct EventRead {
    dates: Vec<NaiveDate>,
    tags: Vec<Tag>,
    args: Vec<u32>,
    runs: Vec<(u32, u32)>,
    in_order: bool,
    duplicates: bool,
    parts: Vec<(usize, IdArray)>,
}

/// Reads the events row by row with every check, for any layout: the first
/// row that is refused (in row order) is the error.
#[allow(clippy::too_many_lines)]
fn read_events(
    events: &[RecordBatch],
    b: &mut PopulationBuilder,
    index: &FastMap<&str, u32>,
    facts: usize,
) -> Result<EventRead, Error> {
    let too_many = || Error::invalid_input("events", "more than 2^32 - 1 event rows");
    b.codes = super::Strings::default();
    b.code_use.clear();
    b.interner.clear();
    b.honours.clear();
    let mut dates: Vec<NaiveDate> = Vec::with_capacity(facts);
    let mut tags: Vec<Tag> = Vec::with_capacity(facts);
    let mut args: Vec<u32> = Vec::with_capacity(facts);
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut in_order = true;
    let mut ids_seen = IdHashes::with_capacity(facts);
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
            ids_seen.add(id.as_bytes());
            dates.push(date);
            tags.push(tag);
            args.push(arg);
            at += 1;
        }
    }
    let duplicates = any_equal_hashes(&[&ids_seen]);
    Ok(EventRead {
        dates,
        tags,
        args,
        runs,
        in_order,
        duplicates,
        parts,
    })
}

/// Reads the enterprises batches into the builder, counting their ids; `at` is
/// left at the row that failed.
fn read_enterprises(
    enterprises: &[RecordBatch],
    b: &mut PopulationBuilder,
    ids_seen: &mut IdHashes,
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
            ids_seen.add(id.as_bytes());
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

/// How many parts [`IdHashes`] keeps, as a number of bits of the hash.
const PART_BITS: u32 = 6;
const PARTS: usize = 1 << PART_BITS;

/// The hashes of ids for the duplicate check, each id hashed once as it is
/// read, kept apart by the hash's top bits: each part is then checked on its
/// own in a table that stays in cache. Eight bytes per id.
struct IdHashes {
    parts: Vec<Vec<u64>>,
}

impl IdHashes {
    /// Room for about `ids` hashes (an eighth more per part than the mean).
    fn with_capacity(ids: usize) -> IdHashes {
        let each = ids / PARTS + ids / (PARTS * 8);
        IdHashes {
            parts: (0..PARTS).map(|_| Vec::with_capacity(each)).collect(),
        }
    }

    #[allow(clippy::inline_always)] // measured: the row loop's hot accessors
    #[inline(always)]
    fn add(&mut self, id: &[u8]) {
        let h = id_hash(id);
        // The top bits select one of `PARTS` parts.
        #[allow(clippy::cast_possible_truncation)]
        let part = (h >> (64 - PART_BITS)) as usize;
        self.parts[part].push(h);
    }
}

/// Whether two of the ids counted in `sets` have equal hashes (then the caller
/// compares the ids themselves). The parts are checked side by side with rayon.
fn any_equal_hashes(sets: &[&IdHashes]) -> bool {
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        (0..PARTS)
            .into_par_iter()
            .map_init(
                || (Vec::new(), Vec::new()),
                |scratch, p| part_has_equal(sets, p, scratch),
            )
            .any(|equal| equal)
    }
    #[cfg(not(feature = "rayon"))]
    {
        let mut scratch = (Vec::new(), Vec::new());
        (0..PARTS).any(|p| part_has_equal(sets, p, &mut scratch))
    }
}

/// How many buckets a part is split into for its check, as a number of bits.
const BUCKET_BITS: u32 = 6;

/// Whether part `p` of `sets` holds a hash twice. The part is split by the
/// next bits of the hash into buckets small enough for a table that stays in
/// the nearest cache, and each bucket goes through an open-addressing table at
/// most half full (0 marks a free slot, so a hash of 0 counts as 1).
fn part_has_equal(sets: &[&IdHashes], p: usize, scratch: &mut (Vec<u64>, Vec<u64>)) -> bool {
    let (buckets, table) = scratch;
    let shift = 64 - PART_BITS - BUCKET_BITS;
    #[allow(clippy::cast_possible_truncation)]
    let bucket = |h: u64| (h >> shift) as usize & ((1 << BUCKET_BITS) - 1);
    let mut starts = [0usize; (1 << BUCKET_BITS) + 1];
    for set in sets {
        for &h in &set.parts[p] {
            starts[bucket(h) + 1] += 1;
        }
    }
    for i in 0..1 << BUCKET_BITS {
        starts[i + 1] += starts[i];
    }
    let len = starts[1 << BUCKET_BITS];
    buckets.clear();
    buckets.resize(len, 0);
    let mut next = starts;
    for set in sets {
        for &h in &set.parts[p] {
            let slot = &mut next[bucket(h)];
            buckets[*slot] = h;
            *slot += 1;
        }
    }
    starts
        .windows(2)
        .any(|w| has_equal(&buckets[w[0]..w[1]], table))
}

/// Whether `hashes` holds a value twice: an open-addressing table at most half
/// full (0 marks a free slot, so a hash of 0 counts as 1).
fn has_equal(hashes: &[u64], table: &mut Vec<u64>) -> bool {
    let size = (2 * hashes.len()).next_power_of_two().max(16);
    table.clear();
    table.resize(size, 0);
    let mask = size - 1;
    for &h in hashes {
        let key = h.max(1);
        // The low bits (the top ones select the part and the bucket).
        #[allow(clippy::cast_possible_truncation)]
        let mut i = key as usize & mask;
        loop {
            let slot = table[i];
            if slot == 0 {
                table[i] = key;
                break;
            }
            if slot == key {
                return true;
            }
            i = (i + 1) & mask;
        }
    }
    false
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

/// One events batch in the usual layout (`Utf8` strings, `Date32` dates, no
/// nulls in the required columns), its columns as raw slices.
struct EventCols<'a> {
    /// The batch's first row, counted across batches.
    start: usize,
    rows: usize,
    ids: Raw<'a>,
    owners: Raw<'a>,
    kinds: Raw<'a>,
    codes: Option<Raw<'a>>,
    levels: Option<Raw<'a>>,
    targets: Option<Raw<'a>>,
    /// The `date` column's days.
    days: &'a [i32],
    until: Option<&'a Date32Array>,
}

impl<'a> EventCols<'a> {
    /// The batch's columns, `None` when it is not in the usual layout.
    fn of(batch: &'a RecordBatch, start: usize) -> Option<EventCols<'a>> {
        let ids = Raw::of(batch, "id").ok()??;
        let owners = Raw::of(batch, "enterprise_id").ok()??;
        let kinds = Raw::of(batch, "kind").ok()??;
        let codes = Raw::of(batch, "code").ok()?;
        let levels = Raw::of(batch, "level").ok()?;
        let targets = Raw::of(batch, "target").ok()?;
        let dates = batch
            .column_by_name("date")?
            .as_any()
            .downcast_ref::<Date32Array>()?;
        let until = match batch.column_by_name("until") {
            None => None,
            Some(a) => Some(a.as_any().downcast_ref::<Date32Array>()?),
        };
        let rows = batch.num_rows();
        if ids.array.null_count()
            + owners.array.null_count()
            + kinds.array.null_count()
            + dates.null_count()
            > 0
            || ids.offsets.len() != rows + 1
            || owners.offsets.len() != rows + 1
            || kinds.offsets.len() != rows + 1
            || dates.values().len() != rows
        {
            return None;
        }
        Some(EventCols {
            start,
            rows,
            ids,
            owners,
            kinds,
            codes,
            levels,
            targets,
            days: &dates.values()[..rows],
            until,
        })
    }
}

/// The batch holding row `g` (counted across batches) and the row in it.
fn locate<'c, 'a>(cols: &'c [EventCols<'a>], g: usize) -> (&'c EventCols<'a>, usize) {
    let k = cols.partition_point(|c| c.start + c.rows <= g);
    let c = &cols[k.min(cols.len() - 1)];
    (c, g - c.start)
}

/// The events in the usual layout, read in pieces, before the pieces are put
/// together.
struct FastEvents<'a> {
    cols: Vec<EventCols<'a>>,
    dates: Vec<NaiveDate>,
    tags: Vec<Tag>,
    /// Codes and honours indexed per piece until [`FastEvents::finish`].
    args: Vec<u32>,
    pieces: Vec<Piece<'a>>,
    piece_rows: usize,
}

/// What reading one piece of the event rows finds besides the values.
struct Piece<'a> {
    /// The rows (counted across batches) where the enterprise changes, the
    /// piece's first row included.
    runs: Vec<u32>,
    /// Whether each run is sorted by date then id within the piece.
    sorted: bool,
    /// The codes in the order they first appear in the piece, with their
    /// uses; the piece's payloads index these.
    codes: Vec<&'a str>,
    code_use: Vec<u8>,
    /// The piece's honours; its payloads index these.
    honours: Vec<(Honour, Option<NaiveDate>)>,
    /// The piece's event ids, hashed.
    hashes: IdHashes,
}

/// Reads the events when every batch has the usual layout and nothing is to
/// be refused, in pieces of `piece_rows` rows (side by side with rayon);
/// `None` otherwise, and the caller reads them row by row with every check and
/// its exact error. Event ids are hashed here and checked for duplicates in
/// [`FastEvents::finish`].
fn fast_events(events: &[RecordBatch], facts: usize, piece_rows: usize) -> Option<FastEvents<'_>> {
    let mut cols = Vec::with_capacity(events.len());
    let mut start = 0usize;
    for batch in events {
        cols.push(EventCols::of(batch, start)?);
        start += batch.num_rows();
    }
    // Every column is written once per row in place: sized up front (the row
    // count is known), no growth check per row.
    let mut dates: Vec<NaiveDate> = vec![NaiveDate::MIN; facts];
    let mut tags: Vec<Tag> = vec![Tag::Complaint; facts];
    let mut args: Vec<u32> = vec![0; facts];
    let pieces = read_pieces(&cols, piece_rows, &mut dates, &mut tags, &mut args)?;
    Some(FastEvents {
        cols,
        dates,
        tags,
        args,
        pieces,
        piece_rows,
    })
}

/// Reads every piece of `piece_rows` rows into its share of the columns, side
/// by side; `None` if any piece has something to refuse.
#[cfg(feature = "rayon")]
fn read_pieces<'a>(
    cols: &[EventCols<'a>],
    piece_rows: usize,
    dates: &mut [NaiveDate],
    tags: &mut [Tag],
    args: &mut [u32],
) -> Option<Vec<Piece<'a>>> {
    use rayon::prelude::*;
    dates
        .par_chunks_mut(piece_rows)
        .zip(tags.par_chunks_mut(piece_rows))
        .zip(args.par_chunks_mut(piece_rows))
        .enumerate()
        .map(|(p, ((d, t), a))| read_piece(cols, p * piece_rows, d, t, a))
        .collect()
}

/// Reads every piece of `piece_rows` rows into its share of the columns, one
/// after the other; `None` if any piece has something to refuse.
#[cfg(not(feature = "rayon"))]
fn read_pieces<'a>(
    cols: &[EventCols<'a>],
    piece_rows: usize,
    dates: &mut [NaiveDate],
    tags: &mut [Tag],
    args: &mut [u32],
) -> Option<Vec<Piece<'a>>> {
    dates
        .chunks_mut(piece_rows)
        .zip(tags.chunks_mut(piece_rows))
        .zip(args.chunks_mut(piece_rows))
        .enumerate()
        .map(|(p, ((d, t), a))| read_piece(cols, p * piece_rows, d, t, a))
        .collect()
}

/// The codes of one piece, interned in the order they first appear.
#[derive(Default)]
struct PieceCodes<'a> {
    index: FastMap<&'a str, u32>,
    codes: Vec<&'a str>,
    code_use: Vec<u8>,
}

impl<'a> PieceCodes<'a> {
    #[inline]
    fn intern(&mut self, s: &'a str, usage: u8) -> Option<u32> {
        match self.index.entry(s) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let i = *e.get();
                self.code_use[i as usize] |= usage;
                Some(i)
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                let i = u32::try_from(self.codes.len()).ok()?;
                self.codes.push(s);
                self.code_use.push(usage);
                v.insert(i);
                Some(i)
            }
        }
    }
}

/// Reads the rows from `first` (counted across batches) into `dates`, `tags`
/// and `args` (as many rows as they are long): the values, the runs of one
/// enterprise and whether each is sorted, and each event id hashed once.
/// `None` for anything to refuse or unusual.
#[allow(clippy::too_many_lines)]
#[inline(never)]
fn read_piece<'a>(
    cols: &[EventCols<'a>],
    first: usize,
    mut dates: &mut [NaiveDate],
    mut tags: &mut [Tag],
    mut args: &mut [u32],
) -> Option<Piece<'a>> {
    let end = first + dates.len();
    let mut piece = Piece {
        runs: Vec::with_capacity(dates.len() / 8),
        sorted: true,
        codes: Vec::new(),
        code_use: Vec::new(),
        honours: Vec::new(),
        hashes: IdHashes::with_capacity(dates.len()),
    };
    // About one code in sixty-four rows is new in a register-like export.
    let mut codes = PieceCodes {
        index: FastMap::with_capacity_and_hasher(dates.len() / 64, BuildHasherDefault::default()),
        ..PieceCodes::default()
    };
    let mut days = DayCache::default();
    // The enterprise of the current run, and the previous fact's day and id.
    let mut owner: Option<&[u8]> = None;
    let mut prev: (i32, &[u8]) = (0, &[]);
    let empty: &[u8] = &[];
    let from = cols.partition_point(|c| c.start + c.rows <= first);
    for c in &cols[from..] {
        if c.start >= end {
            break;
        }
        let lo = first.max(c.start) - c.start;
        let hi = end.min(c.start + c.rows) - c.start;
        let (d, rest) = std::mem::take(&mut dates).split_at_mut(hi - lo);
        dates = rest;
        let (t, rest) = std::mem::take(&mut tags).split_at_mut(hi - lo);
        tags = rest;
        let (a, rest) = std::mem::take(&mut args).split_at_mut(hi - lo);
        args = rest;
        let out = d.iter_mut().zip(t.iter_mut()).zip(a.iter_mut());
        for (row, ((date_out, tag_out), arg_out)) in (lo..hi).zip(out) {
            let id = c.ids.bytes(row);
            let eid = c.owners.bytes(row);
            if id.is_empty() || eid.is_empty() {
                return None;
            }
            piece.hashes.add(id);
            let day = c.days[row];
            let date = days.get(day)?;
            match owner {
                Some(o) if same(eid, o) => {
                    // Days order as dates do.
                    if piece.sorted {
                        match prev.0.cmp(&day) {
                            std::cmp::Ordering::Less => {}
                            std::cmp::Ordering::Equal => piece.sorted = prev.1 <= id,
                            std::cmp::Ordering::Greater => piece.sorted = false,
                        }
                    }
                }
                _ => {
                    piece.runs.push(u32::try_from(c.start + row).ok()?);
                    owner = Some(eid);
                }
            }
            prev = (day, id);
            let tag = kind_of(c.kinds.bytes(row))?;
            let arg = match tag {
                Tag::AnnualReport => {
                    let code = c.codes.as_ref().map_or(empty, |x| x.opt(row));
                    let y = <[u8; 4]>::try_from(code).ok()?;
                    if !y.iter().all(u8::is_ascii_digit) {
                        return None;
                    }
                    y.iter().fold(0u32, |v, &k| v * 10 + u32::from(k - b'0'))
                }
                Tag::Penalty => codes.intern(text(c.codes.as_ref(), row), USE_ARTICLE)?,
                Tag::Breach => codes.intern(text(c.codes.as_ref(), row), USE_BREACH)?,
                Tag::KeyPersonFlag => codes.intern(text(c.codes.as_ref(), row), 0)?,
                Tag::Honour => {
                    let until = match c.until {
                        Some(u) if u.is_valid(row) => Some(days.get(u.value(row))?),
                        _ => None,
                    };
                    let honour =
                        Honour::parse(text(c.codes.as_ref(), row), text(c.levels.as_ref(), row))
                            .ok()?;
                    let i = u32::try_from(piece.honours.len()).ok()?;
                    piece.honours.push((honour, until));
                    i
                }
                Tag::Repair => codes.intern(text(c.targets.as_ref(), row), 0)?,
                _ => 0,
            };
            if tag != Tag::Honour {
                // A bad `until` is refused on any row, as row by row.
                if let Some(u) = c.until {
                    if u.is_valid(row) {
                        days.get(u.value(row))?;
                    }
                }
            }
            *date_out = date;
            *tag_out = tag;
            *arg_out = arg;
        }
    }
    piece.codes = codes.codes;
    piece.code_use = codes.code_use;
    Some(piece)
}

/// How one piece's payloads change when the pieces are put together: its codes'
/// indices (`None` when they stand) and the index of its first honour.
struct Remap {
    codes: Option<Vec<u32>>,
    honours: u32,
}

impl Remap {
    fn apply(&self, tags: &[Tag], args: &mut [u32]) {
        if self.codes.is_none() && self.honours == 0 {
            return;
        }
        for (tag, arg) in tags.iter().zip(args) {
            match tag {
                Tag::Penalty | Tag::Breach | Tag::Repair | Tag::KeyPersonFlag => {
                    if let Some(codes) = &self.codes {
                        *arg = codes[*arg as usize];
                    }
                }
                Tag::Honour => *arg += self.honours,
                _ => {}
            }
        }
    }
}

/// Applies each piece's [`Remap`] to its share of the payloads.
#[cfg(feature = "rayon")]
fn remap(tags: &[Tag], args: &mut [u32], piece_rows: usize, remaps: &[Remap]) {
    use rayon::prelude::*;
    args.par_chunks_mut(piece_rows)
        .zip(tags.par_chunks(piece_rows))
        .zip(remaps.par_iter())
        .for_each(|((a, t), r)| r.apply(t, a));
}

/// Applies each piece's [`Remap`] to its share of the payloads.
#[cfg(not(feature = "rayon"))]
fn remap(tags: &[Tag], args: &mut [u32], piece_rows: usize, remaps: &[Remap]) {
    for ((a, t), r) in args
        .chunks_mut(piece_rows)
        .zip(tags.chunks(piece_rows))
        .zip(remaps)
    {
        r.apply(t, a);
    }
}

impl<'a> FastEvents<'a> {
    /// Puts the pieces together in row order: the runs with their enterprises,
    /// the codes and honours into the builder (interned in the order they
    /// first appear, as row by row), and the duplicate check; the three share
    /// nothing and run side by side with rayon. `None` for an unknown
    /// enterprise (or a column outgrowing its offsets), which the row-by-row
    /// reading reports.
    fn finish(
        self,
        b: &mut PopulationBuilder,
        index: &(dyn Fn() -> &'a FastMap<&'a str, u32> + Sync),
    ) -> Option<EventRead> {
        let FastEvents {
            cols,
            dates,
            tags,
            mut args,
            pieces,
            piece_rows,
        } = self;
        let hashes: Vec<&IdHashes> = pieces.iter().map(|p| &p.hashes).collect();
        let ids = &b.ids;
        let mut codes = Interned {
            codes: &mut b.codes,
            code_use: &mut b.code_use,
            honours: &mut b.honours,
        };
        let (runs, (merged, duplicates)) = both(
            || resolve_runs(&cols, &pieces, ids, index),
            || {
                both(
                    || {
                        let remaps = merge_codes(&pieces, &mut codes)?;
                        remap(&tags, &mut args, piece_rows, &remaps);
                        Some(())
                    },
                    || any_equal_hashes(&hashes),
                )
            },
        );
        let (runs, in_order) = runs?;
        merged?;
        let parts = cols
            .iter()
            .map(|c| (c.start, IdArray::Utf8(c.ids.array.clone())))
            .collect();
        Some(EventRead {
            dates,
            tags,
            args,
            runs,
            in_order,
            duplicates,
            parts,
        })
    }
}

/// The runs of one enterprise (first row, enterprise) across the pieces, and
/// whether they come in the enterprises' order, each sorted by date then id.
/// A piece's first run goes on from the previous piece's last run when both
/// rows name the same enterprise. `None` for an unknown enterprise.
fn resolve_runs<'a>(
    cols: &[EventCols<'_>],
    pieces: &[Piece<'_>],
    enterprise_ids: &super::Strings,
    index: &(dyn Fn() -> &'a FastMap<&'a str, u32> + Sync),
) -> Option<(Vec<(u32, u32)>, bool)> {
    let mut runs: Vec<(u32, u32)> = Vec::with_capacity(enterprise_ids.len());
    let mut in_order = pieces.iter().all(|p| p.sorted);
    let mut last: Option<u32> = None;
    let mut batch = 0usize;
    for (p, piece) in pieces.iter().enumerate() {
        for (k, &row) in piece.runs.iter().enumerate() {
            let g = row as usize;
            while cols[batch].start + cols[batch].rows <= g {
                batch += 1;
            }
            let c = &cols[batch];
            let r = g - c.start;
            let eid = c.owners.bytes(r);
            if k == 0 && p > 0 {
                let (pc, pr) = locate(cols, g - 1);
                if same(eid, pc.owners.bytes(pr)) {
                    // The run goes on from the previous piece.
                    let (d, i) = (pc.days[pr], pc.ids.bytes(pr));
                    let (date, id) = (c.days[r], c.ids.bytes(r));
                    if in_order && (d, i) > (date, id) {
                        in_order = false;
                    }
                    continue;
                }
            }
            // In the usual export the next enterprise with events is one of
            // the next few listed: no lookup.
            let next = last.map_or(0, |e| e as usize + 1);
            let near = (next..enterprise_ids.len().min(next + 8))
                .find(|&k| enterprise_ids.get(k).as_bytes() == eid);
            let e = match near {
                Some(k) => u32::try_from(k).ok()?,
                None => *index().get(c.owners.array.value(r))?,
            };
            if last.is_some_and(|l| l >= e) {
                in_order = false;
            }
            runs.push((row, e));
            last = Some(e);
        }
    }
    Some((runs, in_order))
}

/// The builder's codes, their uses and its honours.
struct Interned<'b> {
    codes: &'b mut super::Strings,
    code_use: &'b mut Vec<u8>,
    honours: &'b mut Vec<(Honour, Option<NaiveDate>)>,
}

/// Interns the pieces' codes into the builder in row order (so in the order
/// they first appear, as row by row) and appends their honours; per piece,
/// how its payloads change.
fn merge_codes(pieces: &[Piece<'_>], b: &mut Interned<'_>) -> Option<Vec<Remap>> {
    let most: usize = pieces.iter().map(|p| p.codes.len()).sum();
    let mut index: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(most, BuildHasherDefault::default());
    let mut remaps = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let mut codes = Vec::with_capacity(piece.codes.len());
        let mut stand = true;
        for (k, (&code, &usage)) in piece.codes.iter().zip(&piece.code_use).enumerate() {
            let i = match index.entry(code) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    let i = *e.get();
                    b.code_use[i as usize] |= usage;
                    i
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    let i = b.codes.push(code, "fact.code").ok()?;
                    b.code_use.push(usage);
                    v.insert(i);
                    i
                }
            };
            stand &= i as usize == k;
            codes.push(i);
        }
        let honours = u32::try_from(b.honours.len()).ok()?;
        b.honours.extend_from_slice(&piece.honours);
        remaps.push(Remap {
            codes: (!stand).then_some(codes),
            honours,
        });
    }
    Some(remaps)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::History;
    use crate::research::register_enterprises;
    use proptest::prelude::*;

    fn register(n: usize, seed: u64) -> Population {
        let hs: Vec<History> = register_enterprises(n, seed)
            .map(|(e, f)| History::new(e, f).unwrap())
            .collect();
        Population::from_histories(&hs).unwrap()
    }

    /// The events batch cut into batches at `cuts` (row positions).
    fn cut(ev: &RecordBatch, cuts: &[usize]) -> Vec<RecordBatch> {
        let mut at: Vec<usize> = cuts.iter().map(|&c| c.min(ev.num_rows())).collect();
        at.push(0);
        at.push(ev.num_rows());
        at.sort_unstable();
        at.windows(2).map(|w| ev.slice(w[0], w[1] - w[0])).collect()
    }

    /// The same batch with the string column `name` changed at `row`.
    fn with(ev: &RecordBatch, name: &str, row: usize, value: Option<&str>) -> RecordBatch {
        let a = ev
            .column_by_name(name)
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let mut v: Vec<Option<&str>> = (0..a.len())
            .map(|k| (!a.is_null(k)).then(|| a.value(k)))
            .collect();
        v[row] = value;
        let k = ev.schema().index_of(name).unwrap();
        let mut cols = ev.columns().to_vec();
        cols[k] = Arc::new(StringArray::from(v)) as ArrayRef;
        let mut fields: Vec<Field> = ev
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        fields[k] = Field::new(name, DataType::Utf8, true);
        RecordBatch::try_new(Arc::new(Schema::new(fields)), cols).unwrap()
    }

    /// Rows `a` and `b` of the batch swapped.
    fn swap(ev: &RecordBatch, a: usize, b: usize) -> RecordBatch {
        let mut order: Vec<u32> = (0..u32::try_from(ev.num_rows()).unwrap()).collect();
        order.swap(a, b);
        let parts: Vec<RecordBatch> = order.iter().map(|&k| ev.slice(k as usize, 1)).collect();
        arrow_select_concat(&parts)
    }

    /// One batch of the rows of `parts`, in order (strings and dates only, as
    /// `population_to_arrow` writes them).
    fn arrow_select_concat(parts: &[RecordBatch]) -> RecordBatch {
        let schema = parts[0].schema();
        let mut cols: Vec<ArrayRef> = Vec::new();
        for (k, f) in schema.fields().iter().enumerate() {
            let col: ArrayRef = if f.data_type() == &DataType::Date32 {
                let mut b = Date32Builder::new();
                for p in parts {
                    let a = p.column(k).as_any().downcast_ref::<Date32Array>().unwrap();
                    b.append_option((!a.is_null(0)).then(|| a.value(0)));
                }
                Arc::new(b.finish())
            } else {
                let mut b = StringBuilder::new();
                for p in parts {
                    let a = p.column(k).as_any().downcast_ref::<StringArray>().unwrap();
                    b.append_option((!a.is_null(0)).then(|| a.value(0)));
                }
                Arc::new(b.finish())
            };
            cols.push(col);
        }
        RecordBatch::try_new(schema, cols).unwrap()
    }

    fn error(r: Result<Population, Error>) -> String {
        match r {
            Ok(_) => "no error".to_owned(),
            Err(e) => format!("{:?} {:?} {e}", e.kind(), e.field()),
        }
    }

    #[test]
    fn pieces_of_any_size_make_the_same_population() {
        let pop = register(60, 5);
        let (es, ev) = population_to_arrow(&pop).unwrap();
        let whole = from_arrow(std::slice::from_ref(&es), std::slice::from_ref(&ev), None).unwrap();
        assert!(whole == pop);
        let rows = ev.num_rows();
        for cuts in [vec![], vec![1, 2, 2, 100], vec![rows / 3, rows / 2]] {
            let batches = cut(&ev, &cuts);
            for piece_rows in [1, 2, 3, 7, 11, 64, rows - 1, rows, rows + 5] {
                let back = from_arrow(std::slice::from_ref(&es), &batches, Some(piece_rows));
                assert!(
                    back.unwrap() == pop,
                    "pieces of {piece_rows}, cuts {cuts:?}"
                );
            }
        }
    }

    #[test]
    fn pieces_regroup_events_out_of_order_as_one_piece_does() {
        let pop = register(40, 6);
        let (es, ev) = population_to_arrow(&pop).unwrap();
        let owners = ev
            .column_by_name("enterprise_id")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        // Two facts of one enterprise swapped (out of date order within its
        // run), and two rows of different enterprises swapped (runs out of the
        // enterprises' order).
        let same = (1..ev.num_rows())
            .find(|&k| owners.value(k) == owners.value(k - 1))
            .unwrap();
        let other = (1..ev.num_rows())
            .find(|&k| owners.value(k) != owners.value(k - 1))
            .unwrap();
        for batch in [swap(&ev, same - 1, same), swap(&ev, other - 1, other)] {
            let one = from_arrow(
                std::slice::from_ref(&es),
                std::slice::from_ref(&batch),
                None,
            )
            .unwrap();
            assert_eq!(one.len(), pop.len());
            for e in 0..pop.len() {
                assert_eq!(one.facts(e), pop.facts(e));
            }
            for piece_rows in [1, 2, same, same + 1, other, other + 1] {
                let back = from_arrow(
                    std::slice::from_ref(&es),
                    std::slice::from_ref(&batch),
                    Some(piece_rows),
                )
                .unwrap();
                assert!(back == one, "pieces of {piece_rows}");
            }
        }
    }

    #[test]
    fn pieces_refuse_what_one_piece_refuses() {
        let pop = register(30, 7);
        let (es, ev) = population_to_arrow(&pop).unwrap();
        let ids = ev
            .column_by_name("id")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        let last = ev.num_rows() - 1;
        let cases = [
            with(&ev, "kind", 5, Some("bogus")),
            with(&ev, "id", 7, Some("")),
            with(&ev, "enterprise_id", 9, Some("nobody")),
            with(&ev, "enterprise_id", 0, Some("nobody")),
            // Duplicates within a piece, across pieces, and twice over: the
            // first row (in row order) whose id an earlier row has is named.
            with(&ev, "id", 2, Some(ids.value(1))),
            with(&ev, "id", last, Some(ids.value(0))),
            with(
                &with(&ev, "id", last, Some(ids.value(3))),
                "id",
                20,
                Some(ids.value(19)),
            ),
        ];
        for batch in cases {
            let one = error(from_arrow(
                std::slice::from_ref(&es),
                std::slice::from_ref(&batch),
                None,
            ));
            assert_ne!(one, "no error");
            for piece_rows in [1, 3, 10, 64] {
                let batches = cut(&batch, &[4, 17]);
                let back = error(from_arrow(
                    std::slice::from_ref(&es),
                    &batches,
                    Some(piece_rows),
                ));
                assert_eq!(back, one, "pieces of {piece_rows}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn any_pieces_and_batches_make_the_same_population(
            n in 1usize..25,
            seed in 0u64..1000,
            piece_rows in 1usize..40,
            cuts in proptest::collection::vec(0usize..300, 0..4),
        ) {
            let pop = register(n, seed);
            let (es, ev) = population_to_arrow(&pop).unwrap();
            let batches = cut(&ev, &cuts);
            let back = from_arrow(std::slice::from_ref(&es), &batches, Some(piece_rows)).unwrap();
            prop_assert!(back == pop);
        }
    }
}
