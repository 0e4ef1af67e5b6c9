//! The national columns and rows of the CSV interchange format (`docs/spec.md`,
//! section 13.10): the cells of one `events.csv` record in, typed values out. No
//! I/O: a reader of the files (the `grade_csv` example) splits records and
//! reports the file and line; this module says what a record means, or why it
//! is refused.
//!
//! `events.csv` has two accepted headers: exactly [`EVENTS_HEADER`] (today's
//! files, read exactly as before), or [`EVENTS_HEADER`] followed by
//! [`NATIONAL_COLUMNS`] ([`extended_header`]). Only the extended header carries
//! the decision details of a penalty and the national kinds ([`NATIONAL_KINDS`]).
//!
//! ```
//! use creditgrade::chrono::NaiveDate;
//! use creditgrade::national::interchange::{self, Row};
//! use creditgrade::national::{Field, Measure};
//!
//! let cells = [
//!     "P1", "E1", "2025-03-10", "penalty", "art-1", "", "", "",
//!     "ordinary", "warning;fine:50000", "", "food", "2025-03-20", "true", "", "",
//! ];
//! let Some(Row::Decision(p)) = interchange::parse_row(&cells)? else { panic!() };
//! assert_eq!(p.measures(), [Measure::Warning, Measure::fine(50_000)]);
//! assert_eq!(p.field(), Field::Food);
//! assert!(p.heavy_fine());
//!
//! let bad = ["P1", "E1", "2025-03-10", "penalty", "art-1", "", "", "",
//!     "", "fine:5k", "", "", "", "", "", ""];
//! let e = interchange::parse_row(&bad).unwrap_err();
//! assert_eq!(e.field(), Some("measures"));
//! assert_eq!(
//!     e.to_string(),
//!     "enterprise \"E1\": fact \"P1\" (measures): bad amount \"5k\" of a fine \
//!      (expected digits, optionally with a decimal point: 5000, 5000.50)",
//! );
//! # Ok::<(), creditgrade::Error>(())
//! ```

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::abnormal::{
    AbnormalListing, AbnormalRecord, AbnormalRemoval, Cure, Ground, ReportFiled,
};
use super::decision::{Decision, Field, Measure, Procedure};
use super::dossier::{Channel, Dossier, Fulfilment, RepairApplication};
use super::serious::{RemovalApplication, SeriousListing};
use crate::{Error, FactKind, History};

/// Today's `events.csv` header: a file with exactly this header is read exactly
/// as before.
pub const EVENTS_HEADER: [&str; 8] = [
    "id",
    "enterprise_id",
    "date",
    "kind",
    "code",
    "level",
    "until",
    "target",
];

/// The national columns that may follow [`EVENTS_HEADER`], in this order.
pub const NATIONAL_COLUMNS: [&str; 8] = [
    "procedure",
    "measures",
    "restriction_until",
    "field",
    "published_on",
    "heavy",
    "ground",
    "channel",
];

/// The kinds a file with the extended header may carry beyond today's kinds;
/// they are national facts only and never reach grading.
pub const NATIONAL_KINDS: [&str; 7] = [
    "fulfilment",
    "repair_application",
    "abnormal_listing",
    "abnormal_removal",
    "abnormal_cure",
    "serious_listing",
    "serious_removal",
];

/// The extended `events.csv` header: [`EVENTS_HEADER`] then [`NATIONAL_COLUMNS`].
///
/// ```
/// assert_eq!(
///     creditgrade::national::interchange::extended_header().join(","),
///     "id,enterprise_id,date,kind,code,level,until,target,\
///      procedure,measures,restriction_until,field,published_on,heavy,ground,channel"
/// );
/// ```
#[must_use]
pub fn extended_header() -> [&'static str; 16] {
    let mut h = [""; 16];
    h[..8].copy_from_slice(&EVENTS_HEADER);
    h[8..].copy_from_slice(&NATIONAL_COLUMNS);
    h
}

/// Whether `kind` is one of the [`NATIONAL_KINDS`].
#[must_use]
pub fn is_national_kind(kind: &str) -> bool {
    NATIONAL_KINDS.contains(&kind)
}

/// What one record of the extended format means beyond grading.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Row {
    /// A `penalty` record with details in the decision columns.
    Decision(Decision),
    /// `fulfilment`: the duties of the decision `target` fulfilled on `date`.
    Fulfilment(Fulfilment),
    /// `repair_application`: an application to repair `target` on `channel`.
    Repair(RepairApplication),
    /// `abnormal_listing`: put on the list of abnormal operations on `ground`.
    AbnormalListing(AbnormalListing),
    /// `abnormal_removal`: the listing `target` closed on `date`.
    AbnormalRemoval(AbnormalRemoval),
    /// `abnormal_cure`: a ground 2–4 cured on `date`.
    AbnormalCure(Cure),
    /// `serious_listing`: put on the serious list on `date`, citing the penalty
    /// `target` or the escalation.
    SeriousListing(SeriousListing),
    /// `serious_removal`: an application for early removal of the serious
    /// listing `target`, judged on `date`.
    SeriousRemoval(RemovalApplication),
}

/// A strict `YYYY-MM-DD` date (four-digit year, real calendar date).
///
/// ```
/// use creditgrade::national::interchange::parse_date;
/// assert!(parse_date("2024-02-29").is_some());
/// assert!(parse_date("2023-02-29").is_none());
/// assert!(parse_date("2024-1-05").is_none());
/// ```
#[must_use]
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let mut v = 0u32;
        for &c in &b[r] {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    };
    let y = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(y, digits(5..7)?, digits(8..10)?)
}

/// The measures cell: `;`-separated measures, each `kind` or, for a fine or a
/// confiscation, `kind:amount` in yuan (`warning;fine:5000;confiscation:800.50`).
/// A fine without an amount has an unknown amount.
///
/// ```
/// use creditgrade::national::interchange::parse_measures;
/// use creditgrade::national::Measure;
/// assert_eq!(
///     parse_measures("warning;fine:5000;fine")?,
///     [Measure::Warning, Measure::fine(5000), Measure::Fine { amount: None }],
/// );
/// assert!(parse_measures("warning:5").is_err());
/// assert!(parse_measures("warning;").is_err());
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) naming the field `measures`: an empty item, an unknown
/// kind, an amount on a kind without one, an amount that is not plain digits
/// with an optional decimal point.
pub fn parse_measures(cell: &str) -> Result<Vec<Measure>, Error> {
    let bad = |msg: String| Error::parse(msg).with_field("measures");
    let mut out = Vec::new();
    for item in cell.split(';') {
        let (kind, amount) = match item.split_once(':') {
            Some((k, a)) => (k, Some(a)),
            None => (item, None),
        };
        if kind.is_empty() {
            return Err(bad(format!(
                "empty measure in {cell:?} (expected measures separated by ;)"
            )));
        }
        let amount = match amount {
            None => None,
            Some(a) => Some(parse_amount(a).ok_or_else(|| {
                bad(format!(
                    "bad amount {a:?} of a {kind} (expected digits, optionally with a decimal point: 5000, 5000.50)"
                ))
            })?),
        };
        let m = match kind {
            "fine" => Measure::Fine { amount },
            "confiscation" => Measure::Confiscation { amount },
            _ => {
                let m = match kind {
                    "warning" => Measure::Warning,
                    "criticism" => Measure::Criticism,
                    "licence_suspended" => Measure::LicenceSuspended,
                    "qualification_lowered" => Measure::QualificationLowered,
                    "licence_revoked" => Measure::LicenceRevoked,
                    "business_licence_revoked" => Measure::BusinessLicenceRevoked,
                    "business_restricted" => Measure::BusinessRestricted,
                    "production_suspended" => Measure::ProductionSuspended,
                    "closure" => Measure::Closure,
                    "practice_banned" => Measure::PracticeBanned,
                    other => return Err(bad(format!("unknown measure {other:?}"))),
                };
                if amount.is_some() {
                    return Err(bad(format!(
                        "a {kind} has no amount (only fine and confiscation do)"
                    )));
                }
                m
            }
        };
        out.push(m);
    }
    Ok(out)
}

/// The measures cell of `measures`: the inverse of [`parse_measures`] (amounts
/// written as they are held, `fine` alone for a fine of unknown amount; empty for
/// no measures).
///
/// ```
/// use creditgrade::national::interchange::{measures_cell, parse_measures};
/// use creditgrade::national::Measure;
/// let m = [Measure::Warning, Measure::fine(5000), Measure::Confiscation { amount: None }];
/// assert_eq!(measures_cell(&m), "warning;fine:5000;confiscation");
/// assert_eq!(parse_measures(&measures_cell(&m))?, m);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[must_use]
pub fn measures_cell(measures: &[Measure]) -> String {
    let mut out = String::new();
    for (i, m) in measures.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(m.kind().as_str());
        if let Some(a) = m.amount() {
            out.push(':');
            out.push_str(&a.to_string());
        }
    }
    out
}

/// The six decision cells of a penalty record (`procedure`, `measures`,
/// `restriction_until`, `field`, `published_on`, `heavy`) for `decision`: the
/// inverse of [`parse_row`] on a penalty record. `field` is written `other` and
/// `heavy` `false` when so, so that a decision always has a non-empty cell.
///
/// ```
/// use creditgrade::chrono::NaiveDate;
/// use creditgrade::national::interchange::decision_cells;
/// use creditgrade::national::{Decision, Field, Measure};
/// let p = Decision::new("P1", NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(), "art-1")
///     .with_measure(Measure::fine(50_000))
///     .with_field(Field::Food);
/// assert_eq!(decision_cells(&p), ["", "fine:50000", "", "food", "", "false"]);
/// ```
#[must_use]
pub fn decision_cells(decision: &Decision) -> [String; 6] {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        decision
            .procedure()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        measures_cell(decision.measures()),
        date(decision.restriction_until()),
        decision.field().as_str().to_owned(),
        date(decision.published_on()),
        decision.heavy().to_string(),
    ]
}

/// Plain digits with an optional decimal point and fraction.
fn parse_amount(a: &str) -> Option<Decimal> {
    let (int, frac) = match a.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (a, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    Decimal::from_str(a).ok()
}

/// The cells of one record, by column name.
struct Cells<'a>(&'a [&'a str; 16]);

impl<'a> Cells<'a> {
    fn get(&self, column: &str) -> &'a str {
        let i = extended_header()
            .iter()
            .position(|c| *c == column)
            .unwrap_or(0);
        self.0[i]
    }
}

/// Parses one record of a file with the extended header: the 16 cells in
/// [`extended_header`] order. Gives what it means beyond grading: `None` for a
/// record of today's kinds without details; the decision for a `penalty` with
/// details (any decision column non-empty); the national fact for a record of
/// [`NATIONAL_KINDS`].
///
/// Rules (section 13.10 of `docs/spec.md`): the decision columns (`procedure`,
/// `measures`, `restriction_until`, `field`, `published_on`, `heavy`) are for
/// `penalty` records; `ground` and `channel` for the national kinds that use
/// them; on a national kind every cell it does not use must be empty. Today's
/// columns are checked as before by the reader (`id`, `enterprise_id`, `date`,
/// `until`, `kind`); this function checks `id` and `date` again.
///
/// # Errors
///
/// [`ErrorKind::Parse`](crate::ErrorKind::Parse) naming the enterprise, the fact (the record's id) and
/// the column at fault: a record that does not have 16 cells; an empty id; a bad
/// date; a value outside a column's values; a bad measures cell
/// ([`parse_measures`]); a cell that must be empty and is not; a missing
/// `target`, `ground` or `channel` where the kind needs one; a year that is not
/// four digits.
pub fn parse_row(cells: &[&str]) -> Result<Option<Row>, Error> {
    let Ok(cells) = <&[&str; 16]>::try_from(cells) else {
        return Err(Error::parse(format!(
            "{} cells where the extended header has 16",
            cells.len()
        )));
    };
    let c = Cells(cells);
    let (id, enterprise, kind) = (c.get("id"), c.get("enterprise_id"), c.get("kind"));
    let fail = |column: &str, msg: String| {
        Error::parse(msg)
            .with_enterprise(enterprise)
            .with_fact(id)
            .with_field(column)
    };
    if id.is_empty() {
        return Err(Error::parse("empty id")
            .with_enterprise(enterprise)
            .with_field("id"));
    }
    let date_of = |column: &str| -> Result<Option<NaiveDate>, Error> {
        let v = c.get(column);
        if v.is_empty() {
            return Ok(None);
        }
        parse_date(v)
            .map(Some)
            .ok_or_else(|| fail(column, format!("bad date {v:?} (expected YYYY-MM-DD)")))
    };
    let date = date_of("date")?.ok_or_else(|| fail("date", "empty date".to_owned()))?;
    let national = is_national_kind(kind);
    // The decision columns: on penalty records only.
    let decision_cells = &NATIONAL_COLUMNS[..6];
    if kind != "penalty" {
        if let Some(col) = decision_cells.iter().find(|col| !c.get(col).is_empty()) {
            return Err(fail(
                col,
                format!("{col} is a column of penalty records, not of {kind}"),
            ));
        }
    }
    let uses = |col: &str| -> bool {
        matches!(
            (kind, col),
            (
                "fulfilment" | "abnormal_removal" | "serious_removal",
                "target"
            ) | ("repair_application", "target" | "channel")
                | ("abnormal_listing", "ground" | "code")
                | ("abnormal_cure", "ground")
                | ("serious_listing", "target" | "ground")
        )
    };
    for col in ["code", "level", "until", "target", "ground", "channel"] {
        let v = c.get(col);
        let old = EVENTS_HEADER.contains(&col);
        // Today's kinds keep today's rules for today's columns (ignored cells).
        if v.is_empty() || (!national && old) || uses(col) {
            continue;
        }
        return Err(fail(
            col,
            format!("{col} must be empty on a {kind} record (it holds {v:?})"),
        ));
    }
    let target = || -> Result<String, Error> {
        let t = c.get("target");
        if t.is_empty() {
            Err(fail("target", format!("a {kind} record needs a target")))
        } else {
            Ok(t.to_owned())
        }
    };
    let row = match kind {
        "penalty" => {
            if decision_cells.iter().all(|col| c.get(col).is_empty()) {
                return Ok(None);
            }
            let mut p = Decision::new(id, date, c.get("code"));
            match c.get("procedure") {
                "" => {}
                "simple" => p = p.with_procedure(Procedure::Simple),
                "ordinary" => p = p.with_procedure(Procedure::Ordinary),
                v => {
                    return Err(fail(
                        "procedure",
                        format!("unknown procedure {v:?} (expected simple or ordinary)"),
                    ));
                }
            }
            let m = c.get("measures");
            if !m.is_empty() {
                for x in parse_measures(m).map_err(|e| fail("measures", e.message().to_owned()))? {
                    p = p.with_measure(x);
                }
            }
            if let Some(r) = date_of("restriction_until")? {
                p = p.with_restriction_until(r);
            }
            let field = match c.get("field") {
                "" | "other" => Field::Other,
                "food" => Field::Food,
                "drugs" => Field::Drugs,
                "special_equipment" => Field::SpecialEquipment,
                v => {
                    return Err(fail(
                        "field",
                        format!(
                            "unknown field {v:?} (expected food, drugs, special_equipment or other)"
                        ),
                    ));
                }
            };
            p = p.with_field(field);
            if let Some(on) = date_of("published_on")? {
                p = p.with_published_on(on);
            }
            match c.get("heavy") {
                "" | "false" => {}
                "true" => p = p.with_heavy(true),
                v => {
                    return Err(fail(
                        "heavy",
                        format!("bad heavy {v:?} (expected true, false or empty)"),
                    ));
                }
            }
            Row::Decision(p)
        }
        "fulfilment" => Row::Fulfilment(Fulfilment::new(target()?, date)),
        "repair_application" => {
            let channel = match c.get("channel") {
                "publicity_system" => Channel::PublicitySystem,
                "credit_china" => Channel::CreditChina,
                "" => {
                    return Err(fail(
                        "channel",
                        "a repair_application record needs a channel (publicity_system or credit_china)"
                            .to_owned(),
                    ));
                }
                v => {
                    return Err(fail(
                        "channel",
                        format!(
                            "unknown channel {v:?} (expected publicity_system or credit_china)"
                        ),
                    ));
                }
            };
            Row::Repair(RepairApplication::new(id, target()?, date, channel))
        }
        "abnormal_listing" | "abnormal_cure" => {
            let ground = match c.get("ground") {
                "annual_report" if kind == "abnormal_listing" => {
                    let y = c.get("code");
                    if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(fail(
                            "code",
                            format!(
                                "bad annual report year {y:?} of an annual_report listing (expected four digits)"
                            ),
                        ));
                    }
                    Ground::AnnualReport {
                        year: y.parse().unwrap_or_default(),
                    }
                }
                "not_published" => Ground::NotPublished,
                "false_information" => Ground::FalseInformation,
                "unreachable" => Ground::Unreachable,
                "" => {
                    return Err(fail("ground", format!("a {kind} record needs a ground")));
                }
                v => {
                    let expected = if kind == "abnormal_listing" {
                        "annual_report, not_published, false_information or unreachable"
                    } else {
                        "not_published, false_information or unreachable: annual reports cure ground 1"
                    };
                    return Err(fail(
                        "ground",
                        format!("unknown ground {v:?} (expected {expected})"),
                    ));
                }
            };
            if !matches!(ground, Ground::AnnualReport { .. }) && !c.get("code").is_empty() {
                return Err(fail(
                    "code",
                    format!(
                        "code must be empty on a {} listing (the year is for annual_report)",
                        ground.as_str()
                    ),
                ));
            }
            if kind == "abnormal_listing" {
                Row::AbnormalListing(AbnormalListing::new(id, ground, date))
            } else {
                Row::AbnormalCure(Cure::new(ground, date))
            }
        }
        "abnormal_removal" => Row::AbnormalRemoval(AbnormalRemoval::new(target()?, date)),
        "serious_listing" => {
            let listing = match (c.get("ground"), c.get("target")) {
                ("escalation", "") => SeriousListing::escalation(id, date),
                ("escalation", t) => {
                    return Err(fail(
                        "target",
                        format!("an escalation listing cites no decision (target holds {t:?})"),
                    ));
                }
                ("", "") => {
                    return Err(fail(
                        "target",
                        "a serious_listing record cites a penalty decision (target) or the escalation (ground escalation)"
                            .to_owned(),
                    ));
                }
                ("", t) => SeriousListing::decision(id, t, date),
                (v, _) => {
                    return Err(fail(
                        "ground",
                        format!(
                            "unknown ground {v:?} of a serious listing (expected escalation or empty)"
                        ),
                    ));
                }
            };
            Row::SeriousListing(listing)
        }
        "serious_removal" => Row::SeriousRemoval(RemovalApplication::new(id, target()?, date)),
        _ => return Ok(None),
    };
    Ok(Some(row))
}

/// The national facts of one enterprise, gathered from the records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Facts {
    decisions: Vec<Decision>,
    fulfilments: Vec<Fulfilment>,
    repairs: Vec<RepairApplication>,
    abnormal_listings: Vec<AbnormalListing>,
    abnormal_removals: Vec<AbnormalRemoval>,
    cures: Vec<Cure>,
    serious: Vec<SeriousListing>,
    serious_removals: Vec<RemovalApplication>,
}

/// The national facts of a file, per enterprise: what [`parse_row`] gave,
/// gathered so that each enterprise's [`Dossier`] and [`AbnormalRecord`] can be
/// built beside its graded [`History`].
///
/// ```
/// use creditgrade::chrono::NaiveDate;
/// use creditgrade::national::interchange::{parse_row, NationalFacts};
/// use creditgrade::{Enterprise, Fact, History};
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let mut facts = NationalFacts::default();
/// for cells in [
///     ["P1", "E1", "2025-03-10", "penalty", "art-1", "", "", "", "", "fine:50000", "", "", "", "", "", ""],
///     ["F1", "E1", "2025-04-01", "fulfilment", "", "", "", "P1", "", "", "", "", "", "", "", ""],
/// ] {
///     if let Some(row) = parse_row(&cells)? {
///         facts.add("E1", row);
///     }
/// }
/// let history = History::new(
///     Enterprise::new("E1", d(2020, 1, 1)),
///     vec![Fact::penalty("P1", d(2025, 3, 10), "art-1")],
/// )?;
/// let dossier = facts.dossier(&history)?;
/// assert_eq!(dossier.decisions()[0].measures().len(), 1);
/// assert_eq!(dossier.fulfilments().len(), 1);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NationalFacts {
    by_enterprise: BTreeMap<String, Facts>,
}

impl NationalFacts {
    /// Adds a row of `enterprise`.
    pub fn add(&mut self, enterprise: &str, row: Row) {
        let f = self.by_enterprise.entry(enterprise.to_owned()).or_default();
        match row {
            Row::Decision(x) => f.decisions.push(x),
            Row::Fulfilment(x) => f.fulfilments.push(x),
            Row::Repair(x) => f.repairs.push(x),
            Row::AbnormalListing(x) => f.abnormal_listings.push(x),
            Row::AbnormalRemoval(x) => f.abnormal_removals.push(x),
            Row::AbnormalCure(x) => f.cures.push(x),
            Row::SeriousListing(x) => f.serious.push(x),
            Row::SeriousRemoval(x) => f.serious_removals.push(x),
        }
    }

    /// Whether no row was added.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.by_enterprise.is_empty()
    }

    /// The enterprises with national facts, in id order.
    pub fn enterprises(&self) -> impl Iterator<Item = &str> {
        self.by_enterprise.keys().map(String::as_str)
    }

    /// The dossier of `history`'s enterprise: [`Dossier::from_history`] with its
    /// decision details, then its fulfilments, repair applications, the record of
    /// the list of abnormal operations ([`abnormal_record`](Self::abnormal_record)),
    /// its serious listings and its applications for early removal.
    ///
    /// # Errors
    ///
    /// The errors of [`Dossier::from_history`].
    pub fn dossier(&self, history: &History) -> Result<Dossier, Error> {
        let empty = Facts::default();
        let f = self.by_enterprise.get(history.id()).unwrap_or(&empty);
        let mut d = Dossier::from_history(history, f.decisions.iter().cloned())?
            .abnormal_record(self.abnormal_record(history));
        for x in &f.fulfilments {
            d = d.fulfilment(x.clone());
        }
        for x in &f.repairs {
            d = d.repair(x.clone());
        }
        for x in &f.serious {
            d = d.serious_listing(x.clone());
        }
        for x in &f.serious_removals {
            d = d.serious_removal(x.clone());
        }
        Ok(d)
    }

    /// The record of `history`'s enterprise on the list of abnormal operations:
    /// its registration date, its annual reports (from the history), listings,
    /// removals and cures. Reports for a year before the registration year are
    /// left out: no report is due for them, and grading ignores them too.
    #[must_use]
    pub fn abnormal_record(&self, history: &History) -> AbnormalRecord {
        let registered_on = history.enterprise().registered_on;
        let mut r = AbnormalRecord::new(history.id(), registered_on);
        for f in history.facts() {
            if let FactKind::AnnualReport { year } = f.kind {
                if year >= registered_on.year() {
                    r = r.report(ReportFiled::new(year, f.date));
                }
            }
        }
        if let Some(f) = self.by_enterprise.get(history.id()) {
            for x in &f.abnormal_listings {
                r = r.listing(x.clone());
            }
            for x in &f.abnormal_removals {
                r = r.removal(x.clone());
            }
            for x in &f.cures {
                r = r.cure(x.clone());
            }
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn row(kind: &str, set: &[(&str, &str)]) -> Result<Option<Row>, Error> {
        let mut cells: [&str; 16] = [""; 16];
        cells[0] = "X1";
        cells[1] = "E1";
        cells[2] = "2025-03-10";
        cells[3] = kind;
        for (col, v) in set {
            let i = extended_header().iter().position(|c| c == col).unwrap();
            cells[i] = v;
        }
        parse_row(&cells)
    }

    #[test]
    fn reports_before_the_registration_year_are_left_out() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let h = History::new(
            crate::Enterprise::new("E1", d(2024, 3, 1)),
            vec![
                crate::Fact::annual_report("R1", d(2024, 3, 1), 2023),
                crate::Fact::annual_report("R2", d(2025, 5, 1), 2024),
            ],
        )
        .unwrap();
        let facts = NationalFacts::default();
        let rules = crate::national::NationalRules::national_2026();
        let s = rules
            .state(&facts.dossier(&h).unwrap(), d(2025, 7, 1))
            .unwrap();
        assert!(!s.abnormal.on_list);
        let record = facts.abnormal_record(&h);
        let state = record
            .state(
                &crate::national::AbnormalRules::national().derived(true),
                &crate::disclosure::WeekendsOnly,
                d(2025, 7, 2),
            )
            .unwrap();
        assert!(state.worklist.is_empty());
    }

    #[test]
    fn amounts_are_plain_digits() {
        assert_eq!(parse_amount("5000"), Some(Decimal::from(5000)));
        assert_eq!(parse_amount("0.50"), Some(Decimal::new(50, 2)));
        for bad in ["", "-1", "+1", "1e3", " 1", "1.", ".5", "1,000", "¥1"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn todays_kinds_without_details_mean_nothing_more() {
        assert_eq!(row("penalty", &[("code", "a")]).unwrap(), None);
        assert_eq!(row("complaint", &[("code", "ignored")]).unwrap(), None);
        let e = row("complaint", &[("ground", "unreachable")]).unwrap_err();
        assert_eq!(e.field(), Some("ground"));
        let e = row("breach", &[("measures", "warning")]).unwrap_err();
        assert_eq!(e.field(), Some("measures"));
        assert_eq!(e.kind(), ErrorKind::Parse);
        assert_eq!(e.fact(), Some("X1"));
        assert_eq!(e.enterprise(), Some("E1"));
    }

    #[test]
    fn national_kinds_need_their_cells_and_nothing_else() {
        let e = row("fulfilment", &[]).unwrap_err();
        assert_eq!(e.field(), Some("target"));
        let e = row("fulfilment", &[("target", "P"), ("code", "x")]).unwrap_err();
        assert_eq!(e.field(), Some("code"));
        let e = row("repair_application", &[("target", "P")]).unwrap_err();
        assert_eq!(e.field(), Some("channel"));
        let e = row("abnormal_listing", &[("ground", "annual_report")]).unwrap_err();
        assert_eq!(e.field(), Some("code"));
        let e = row("abnormal_cure", &[("ground", "annual_report")]).unwrap_err();
        assert_eq!(e.field(), Some("ground"));
        let e = row(
            "serious_listing",
            &[("ground", "escalation"), ("target", "P")],
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("target"));
        assert_eq!(
            row("serious_listing", &[("ground", "escalation")]).unwrap(),
            Some(Row::SeriousListing(SeriousListing::escalation(
                "X1",
                NaiveDate::from_ymd_opt(2025, 3, 10).unwrap()
            )))
        );
        let e = row(
            "abnormal_removal",
            &[("target", "L"), ("until", "2025-01-01")],
        )
        .unwrap_err();
        assert_eq!(e.field(), Some("until"));
    }
}
