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

use super::IdHasher;
use super::{FactRef, Population, PopulationBuilder};
use crate::explain::{Binding, Status};
use crate::model::Honour;
use crate::{Assessment, Catalogue, Error, FactKind, Severity, Summary};

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

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
    #[inline]
    fn get(&self, row: usize) -> Option<&'a str> {
        match self {
            Strs::Utf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Strs::Large(a) => (!a.is_null(row)).then(|| a.value(row)),
            Strs::View(a) => (!a.is_null(row)).then(|| a.value(row)),
            Strs::Absent => None,
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

/// A strict `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let mut v = [0u32; 3];
    for (k, r) in [(0, 0..4), (1, 5..7), (2, 8..10)] {
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v[k] = v[k] * 10 + u32::from(c - b'0');
        }
    }
    NaiveDate::from_ymd_opt(i32::try_from(v[0]).ok()?, v[1], v[2])
}

impl Dates<'_> {
    /// The date at `row`: `Ok(None)` for a null, an error for a bad value.
    fn get(&self, row: usize, column: &str, at: usize) -> Result<Option<NaiveDate>, Error> {
        match self {
            Dates::Days(a) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                let days = a.value(row);
                days.checked_add(EPOCH_FROM_CE)
                    .and_then(NaiveDate::from_num_days_from_ce_opt)
                    .map(Some)
                    .ok_or_else(|| {
                        refuse(
                            column,
                            format!("{column} row {at}: day {days} is out of range"),
                        )
                    })
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

fn required<T>(value: Option<T>, column: &str, at: usize) -> Result<T, Error> {
    value.ok_or_else(|| {
        refuse(
            column,
            format!("{column} row {at}: null in a required column"),
        )
    })
}

fn non_empty<'s>(value: Option<&'s str>, column: &str, at: usize) -> Result<&'s str, Error> {
    match required(value, column, at)? {
        "" => Err(refuse(column, format!("{column} row {at}: empty value"))),
        v => Ok(v),
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

fn hash(s: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<IdHasher>::default().hash_one(s)
}

/// Reads enterprises and events batches into a population; see the
/// [module](self) documentation for the columns.
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
    let mut b = PopulationBuilder::with_capacity(n, facts);
    let mut index: FastMap<&str, u32> =
        FastMap::with_capacity_and_hasher(n, BuildHasherDefault::default());
    let mut at = 0usize;
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
        for row in 0..batch.num_rows() {
            let id = non_empty(ids.get(row), "enterprises.id", at)?;
            if index.contains_key(id) {
                return Err(refuse(
                    "enterprises.id",
                    format!("enterprises.id row {at}: duplicate enterprise id {id:?}"),
                ));
            }
            let registered_on = required(
                dates.get(row, "enterprises.registered_on", at)?,
                "enterprises.registered_on",
                at,
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
                                "enterprises.legal_person row {at}: bad legal_person {other:?} (expected true or false)"
                            ),
                        ));
                    }
                },
            };
            let legal_person = required(legal_person, "enterprises.legal_person", at)?;
            let a = |k: usize| attrs[k].get(row).unwrap_or("");
            let i = b.enterprise_with(
                id,
                registered_on,
                legal_person,
                [a(0), a(1), a(2), a(3), a(4)],
            );
            index.insert(id, i);
            at += 1;
        }
    }
    let mut hashes: Vec<u64> = Vec::with_capacity(facts);
    let mut at = 0usize;
    for batch in events {
        let c = Columns {
            label: "events",
            batch,
        };
        let ids = c.strings("id", true)?;
        let owners = c.strings("enterprise_id", true)?;
        let dates = c.dates("date", true)?;
        let kinds = c.strings("kind", true)?;
        let codes = c.strings("code", false)?;
        let levels = c.strings("level", false)?;
        let untils = c.dates("until", false)?;
        let targets = c.strings("target", false)?;
        for row in 0..batch.num_rows() {
            let id = non_empty(ids.get(row), "events.id", at)?;
            let eid = non_empty(owners.get(row), "events.enterprise_id", at)?;
            let Some(&e) = index.get(eid) else {
                return Err(refuse(
                    "events.enterprise_id",
                    format!(
                        "events.enterprise_id row {at}: event {id:?} names enterprise {eid:?}, which is not in the enterprises batch"
                    ),
                ));
            };
            let date = required(dates.get(row, "events.date", at)?, "events.date", at)?;
            let until = untils.get(row, "events.until", at)?;
            let code = codes.get(row).unwrap_or("");
            let kind = match non_empty(kinds.get(row), "events.kind", at)? {
                "penalty" => FactRef::Penalty { article: code },
                "breach" => FactRef::Breach { breach: code },
                "complaint" => FactRef::Complaint,
                "admonition" => FactRef::Admonition,
                "revocation" => FactRef::Revocation,
                "deregistration" => FactRef::Deregistration,
                "honour" => {
                    let level = levels.get(row).unwrap_or("");
                    let honour = Honour::parse(code, level).map_err(|err| {
                        refuse(
                            "events.level",
                            format!("events.level row {at}: {}", err.message()),
                        )
                    })?;
                    FactRef::Honour { honour, until }
                }
                "annual_report" => {
                    if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(refuse(
                            "events.code",
                            format!(
                                "events.code row {at}: bad annual report year {code:?} (expected four digits)"
                            ),
                        ));
                    }
                    FactRef::AnnualReport {
                        year: code.parse().unwrap_or_default(),
                    }
                }
                "repair" => FactRef::Repair {
                    target: targets.get(row).unwrap_or(""),
                },
                "principal" => FactRef::KeyPersonFlag { person: code },
                other => {
                    return Err(refuse(
                        "events.kind",
                        format!("events.kind row {at}: unknown kind {other:?}"),
                    ));
                }
            };
            b.fact(e, id, date, kind)?;
            hashes.push(hash(id));
            at += 1;
        }
    }
    hashes.sort_unstable();
    if hashes.windows(2).any(|w| w[0] == w[1]) {
        duplicate_event(events)?;
    }
    drop(index);
    b.build()
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
