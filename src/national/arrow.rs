//! The national columns and rows of the interchange format in Arrow record
//! batches (feature `arrow`): [`dossiers_from_arrow`] reads the enterprises and
//! events batches into the graded [`Population`] and, beside it, the national
//! facts of each enterprise, from which [`Dossiers::dossier`] builds its
//! [`Dossier`] and [`Dossiers::standings`] the [`Standing`]s that
//! [`Assessor::summarize_population_national`](crate::Assessor::summarize_population_national)
//! reads.
//!
//! The events batches have the columns that
//! [`population_from_arrow`] reads, and may have any of the eight national
//! columns of the extended `events.csv` header (`docs/spec.md`, section 13.10;
//! [`NATIONAL_COLUMNS`](super::interchange::NATIONAL_COLUMNS)); an absent one is
//! empty on every row:
//!
//! | column | type | on |
//! |---|---|---|
//! | `procedure` | string (`simple`, `ordinary`) | `penalty` |
//! | `measures` | string (`warning;fine:5000`, as in the CSV file) | `penalty` |
//! | `restriction_until` | `Date32` or `YYYY-MM-DD` string | `penalty` |
//! | `field` | string (`food`, `drugs`, `special_equipment`, `other`) | `penalty` |
//! | `published_on` | `Date32` or `YYYY-MM-DD` string | `penalty` |
//! | `heavy` | `Boolean` or `true` / `false` string | `penalty` |
//! | `ground` | string | `abnormal_listing`, `abnormal_cure`, `serious_listing` |
//! | `channel` | string (`publicity_system`, `credit_china`) | `repair_application` |
//!
//! and, beside today's kinds, rows of the national kinds
//! ([`NATIONAL_KINDS`](super::interchange::NATIONAL_KINDS): `fulfilment`,
//! `repair_application`, `abnormal_listing`, `abnormal_removal`,
//! `abnormal_cure`, `serious_listing`, `serious_removal`). A null cell is an
//! empty one. Each row means what the same record of the CSV file means, and is
//! refused for the same reasons: its cells are handed to
//! [`interchange::parse_row`], the parser of the
//! CSV path. The rows of the national kinds never reach grading; a `penalty`
//! row with details is graded as before and gives its decision.
//!
//! A refusal is an error whose [`field`](crate::Error::field) names the batch and
//! column (`events.measures`) and whose message names the row (counted from 0
//! across the events batches, as [`population_from_arrow`] counts them), with
//! the enterprise and the fact. The national cells are read first: when both
//! they and a column of grading are wrong, the national cell's refusal is the
//! one reported. A national row naming an enterprise that is not in the
//! enterprises batches, or with an id that another event row has, is refused.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use arrow_array::{
    Array, BooleanArray, Date32Array, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::DataType;
use chrono::NaiveDate;

use super::interchange::{self, NationalFacts, extended_header, is_national_kind};
use super::{Dossier, NationalRules, Standing};
use crate::Error;
use crate::population::Population;
use crate::population::arrow::population_from_arrow;

/// Days from 0001-01-01 (day 1 of the common era) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

/// A population read from Arrow with the national facts of its enterprises.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Dossiers {
    /// The graded population: the rows of today's kinds, as
    /// [`population_from_arrow`] reads them.
    pub population: Population,
    /// The national facts, per enterprise.
    pub facts: NationalFacts,
}

impl Dossiers {
    /// The dossier of member `e` of the population
    /// ([`NationalFacts::dossier`] of its history).
    ///
    /// # Errors
    ///
    /// The member's validation error; the errors of
    /// [`NationalFacts::dossier`].
    pub fn dossier(&self, e: usize) -> Result<Dossier, Error> {
        self.facts.dossier(&self.population.history(e)?)
    }

    /// The standing of every member as of `as_of` under `rules`, in the
    /// population's order: one member's error is its own entry (for
    /// [`Assessor::summarize_population_national`](crate::Assessor::summarize_population_national),
    /// which gives it as that member's result).
    #[must_use]
    pub fn standings(
        &self,
        rules: &NationalRules,
        as_of: NaiveDate,
    ) -> Vec<Result<Standing, Error>> {
        (0..self.population.len())
            .map(|e| rules.standing(&self.dossier(e)?, as_of))
            .collect()
    }

    /// [`standings`](Dossiers::standings) in parallel (feature `rayon`): the same
    /// results, in the population's order.
    #[cfg(feature = "rayon")]
    #[must_use]
    pub fn par_standings(
        &self,
        rules: &NationalRules,
        as_of: NaiveDate,
    ) -> Vec<Result<Standing, Error>> {
        use rayon::prelude::*;
        (0..self.population.len())
            .into_par_iter()
            .with_min_len(1024)
            .map(|e| rules.standing(&self.dossier(e)?, as_of))
            .collect()
    }
}

/// Reads enterprises and events batches with the national columns and rows into
/// the graded population and the national facts of its enterprises; see the
/// [module](self) documentation for the columns.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{ArrayRef, BooleanArray, RecordBatch, StringArray};
/// use creditgrade::national::arrow::dossiers_from_arrow;
///
/// let strings = |v: &[&str]| Arc::new(StringArray::from(v.to_vec())) as ArrayRef;
/// let enterprises = RecordBatch::try_from_iter([
///     ("id", strings(&["E1"])),
///     ("registered_on", strings(&["2020-01-01"])),
///     ("legal_person", Arc::new(BooleanArray::from(vec![true])) as ArrayRef),
/// ])?;
/// let events = RecordBatch::try_from_iter([
///     ("id", strings(&["P1", "F1"])),
///     ("enterprise_id", strings(&["E1", "E1"])),
///     ("date", strings(&["2025-03-10", "2025-04-01"])),
///     ("kind", strings(&["penalty", "fulfilment"])),
///     ("code", strings(&["art-1", ""])),
///     ("target", strings(&["", "P1"])),
///     ("measures", strings(&["fine:50000", ""])),
/// ])?;
/// let read = dossiers_from_arrow(&[enterprises], &[events])?;
/// assert_eq!(read.population.fact_count(), 1); // the fulfilment is not graded
/// let dossier = read.dossier(0)?;
/// assert_eq!(dossier.decisions()[0].measures().len(), 1);
/// assert_eq!(dossier.fulfilments().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// The errors of [`population_from_arrow`] (with the rows counted in the
/// batches as given); [`ErrorKind::Parse`](crate::ErrorKind::Parse) for a
/// national cell [`interchange::parse_row`]
/// refuses, a national row naming an unknown enterprise or repeating an event
/// id, a null or empty id, enterprise or date on a national row, a date out of
/// range; [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a
/// national column of the wrong type. The field names the batch and column, the
/// message the row.
pub fn dossiers_from_arrow(
    enterprises: &[RecordBatch],
    events: &[RecordBatch],
) -> Result<Dossiers, Error> {
    let split = split(events)?;
    let population =
        population_from_arrow(enterprises, &split.graded).map_err(|e| split.remap(&e))?;
    if !split.national.is_empty() {
        let known: HashSet<&str> = (0..population.len()).map(|e| population.id(e)).collect();
        for n in &split.national {
            if !known.contains(n.enterprise.as_str()) {
                return Err(refuse(
                    "events.enterprise_id",
                    n.row,
                    format!(
                        "event {:?} names enterprise {:?}, which is not in the enterprises batch",
                        n.id, n.enterprise
                    ),
                )
                .with_enterprise(n.enterprise.as_str())
                .with_fact(n.id.as_str()));
            }
        }
        duplicate_ids(events, &split)?;
    }
    Ok(Dossiers {
        population,
        facts: split.facts,
    })
}

/// A row of a national kind, kept for the checks against the population.
struct NationalRow {
    row: usize,
    id: String,
    enterprise: String,
}

/// The events batches split into what grading reads and the national facts.
struct Split {
    /// The batches without the rows of the national kinds (slices, not copies).
    graded: Vec<RecordBatch>,
    /// `(first graded row, its row in the batches as given)` of each slice.
    runs: Vec<(usize, usize)>,
    national: Vec<NationalRow>,
    facts: NationalFacts,
}

impl Split {
    /// The row in the batches as given of graded row `k`.
    fn original(&self, k: usize) -> usize {
        let i = self.runs.partition_point(|&(start, _)| start <= k);
        match i.checked_sub(1) {
            Some(i) => self.runs[i].1 + (k - self.runs[i].0),
            None => k,
        }
    }

    /// `err` of the graded batches with its row counted in the batches as given.
    fn remap(&self, err: &Error) -> Error {
        if self.national.is_empty() {
            return err.clone();
        }
        let m = err.message();
        let Some(at) = m.find(" row ") else {
            return err.clone();
        };
        let start = at + " row ".len();
        let digits = m[start..].bytes().take_while(u8::is_ascii_digit).count();
        let Ok(k) = m[start..start + digits].parse::<usize>() else {
            return err.clone();
        };
        let message = format!(
            "{}{}{}",
            &m[..start],
            self.original(k),
            &m[start + digits..]
        );
        let mut out = Error::new(err.kind(), message);
        if let Some(x) = err.enterprise() {
            out = out.with_enterprise(x);
        }
        if let Some(x) = err.fact() {
            out = out.with_fact(x);
        }
        if let Some(x) = err.field() {
            out = out.with_field(x);
        }
        if let Some(x) = err.subject() {
            out = out.with_subject(x);
        }
        out
    }
}

fn refuse(column: &str, row: usize, message: impl std::fmt::Display) -> Error {
    Error::parse(format!("{column} row {row}: {message}")).with_field(column)
}

/// A column read as text cells: strings as they are, dates and booleans
/// written as the CSV file writes them.
enum Cells<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
    Days(&'a Date32Array),
    Bools(&'a BooleanArray),
    Absent,
}

impl<'a> Cells<'a> {
    fn of(batch: &'a RecordBatch, column: &str) -> Result<Cells<'a>, Error> {
        let Some(a) = batch.column_by_name(column) else {
            return Ok(Cells::Absent);
        };
        let any = a.as_any();
        let dates = matches!(
            column,
            "date" | "until" | "restriction_until" | "published_on"
        );
        let cells = match a.data_type() {
            DataType::Utf8 => any.downcast_ref().map(Cells::Utf8),
            DataType::LargeUtf8 => any.downcast_ref().map(Cells::Large),
            DataType::Utf8View => any.downcast_ref().map(Cells::View),
            DataType::Date32 if dates => any.downcast_ref().map(Cells::Days),
            DataType::Boolean if column == "heavy" => any.downcast_ref().map(Cells::Bools),
            _ => None,
        };
        cells.ok_or_else(|| {
            let expected = if dates {
                "Date32 or YYYY-MM-DD strings"
            } else if column == "heavy" {
                "Boolean or true / false strings"
            } else {
                "Utf8, LargeUtf8 or Utf8View"
            };
            Error::invalid_input(
                format!("events.{column}"),
                format!(
                    "column {column:?} of the events batch is {}, expected {expected}",
                    a.data_type()
                ),
            )
        })
    }

    /// Whether the cell is null or empty.
    fn is_empty(&self, row: usize) -> bool {
        match self {
            Cells::Utf8(a) => a.is_null(row) || a.value(row).is_empty(),
            Cells::Large(a) => a.is_null(row) || a.value(row).is_empty(),
            Cells::View(a) => a.is_null(row) || a.value(row).is_empty(),
            Cells::Days(a) => a.is_null(row),
            Cells::Bools(a) => a.is_null(row),
            Cells::Absent => true,
        }
    }

    /// The string cell, if the column holds strings.
    fn str(&self, row: usize) -> Option<&'a str> {
        match self {
            Cells::Utf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Cells::Large(a) => (!a.is_null(row)).then(|| a.value(row)),
            Cells::View(a) => (!a.is_null(row)).then(|| a.value(row)),
            _ => None,
        }
    }

    /// The cell as the CSV file writes it (empty for a null).
    fn text(&self, row: usize, column: &str, at: usize) -> Result<Cow<'a, str>, Error> {
        Ok(match self {
            Cells::Days(a) => {
                if a.is_null(row) {
                    Cow::Borrowed("")
                } else {
                    let days = a.value(row);
                    let date = days
                        .checked_add(EPOCH_FROM_CE)
                        .and_then(NaiveDate::from_num_days_from_ce_opt)
                        .ok_or_else(|| {
                            refuse(
                                &format!("events.{column}"),
                                at,
                                format!("day {days} is out of range"),
                            )
                        })?;
                    Cow::Owned(date.to_string())
                }
            }
            Cells::Bools(a) => Cow::Borrowed(if a.is_null(row) {
                ""
            } else if a.value(row) {
                "true"
            } else {
                "false"
            }),
            _ => Cow::Borrowed(self.str(row).unwrap_or("")),
        })
    }
}

/// Reads the national cells of every row; keeps the rows of today's kinds
/// for grading.
fn split(events: &[RecordBatch]) -> Result<Split, Error> {
    let header = extended_header();
    let national_columns = &header[8..];
    let mut out = Split {
        graded: Vec::with_capacity(events.len()),
        runs: Vec::new(),
        national: Vec::new(),
        facts: NationalFacts::default(),
    };
    let (mut at, mut graded_rows) = (0usize, 0usize);
    for batch in events {
        let cells = header
            .iter()
            .map(|c| Cells::of(batch, c))
            .collect::<Result<Vec<_>, _>>()?;
        let kinds = &cells[3];
        let extra = &cells[8..];
        let mut run: Option<usize> = None;
        for row in 0..batch.num_rows() {
            let kind = kinds.str(row).unwrap_or("");
            let national = is_national_kind(kind);
            if national || extra.iter().any(|c| !c.is_empty(row)) {
                let text = cells
                    .iter()
                    .zip(header)
                    .map(|(c, name)| c.text(row, name, at))
                    .collect::<Result<Vec<_>, _>>()?;
                let values: Vec<&str> = text.iter().map(AsRef::as_ref).collect();
                let (id, enterprise) = (values[0], values[1]);
                if national {
                    for (column, v) in [("id", id), ("enterprise_id", enterprise)] {
                        if v.is_empty() {
                            return Err(refuse(&format!("events.{column}"), at, "empty value")
                                .with_enterprise(enterprise)
                                .with_fact(id));
                        }
                    }
                }
                match interchange::parse_row(&values) {
                    Ok(Some(r)) => out.facts.add(enterprise, r),
                    Ok(None) => {}
                    Err(e) => {
                        let column = e
                            .field()
                            .filter(|f| national_columns.contains(f) || header.contains(f))
                            .unwrap_or("kind");
                        let mut err = refuse(&format!("events.{column}"), at, e.message());
                        if let Some(x) = e.enterprise() {
                            err = err.with_enterprise(x);
                        }
                        if let Some(x) = e.fact() {
                            err = err.with_fact(x);
                        }
                        return Err(err);
                    }
                }
                if national {
                    out.national.push(NationalRow {
                        row: at,
                        id: id.to_owned(),
                        enterprise: enterprise.to_owned(),
                    });
                    if let Some(start) = run.take() {
                        out.graded.push(batch.slice(start, row - start));
                    }
                    at += 1;
                    continue;
                }
            }
            if run.is_none() {
                run = Some(row);
                out.runs.push((graded_rows, at));
            }
            graded_rows += 1;
            at += 1;
        }
        if let Some(start) = run {
            out.graded.push(if start == 0 {
                batch.clone()
            } else {
                batch.slice(start, batch.num_rows() - start)
            });
        }
    }
    Ok(out)
}

/// Refuses a national row whose id another event row has, at the later row.
fn duplicate_ids(events: &[RecordBatch], split: &Split) -> Result<(), Error> {
    let mut national: HashMap<&str, usize> = HashMap::with_capacity(split.national.len());
    let mut worst: Option<(usize, String)> = None;
    let mut note = |row: usize, id: &str| {
        if worst.as_ref().is_none_or(|(r, _)| row < *r) {
            worst = Some((row, id.to_owned()));
        }
    };
    for n in &split.national {
        if national.insert(n.id.as_str(), n.row).is_some() {
            note(n.row, &n.id);
        }
    }
    let mut at = 0usize;
    for batch in events {
        let ids = Cells::of(batch, "id")?;
        for row in 0..batch.num_rows() {
            if let Some(id) = ids.str(row) {
                if let Some(&first) = national.get(id) {
                    if first != at {
                        note(first.max(at), id);
                    }
                }
            }
            at += 1;
        }
    }
    match worst {
        None => Ok(()),
        Some((row, id)) => {
            Err(refuse("events.id", row, format!("duplicate event id {id:?}")).with_fact(id))
        }
    }
}
