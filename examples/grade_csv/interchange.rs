//! The CSV interchange format of `docs/spec.md`: `enterprises.csv`, `events.csv`,
//! `catalogue.csv` in, `grades.csv` out.
//!
//! Parsing is all-or-nothing: input that does not parse is refused as a whole with
//! the file, the line and the reason. What parses but breaks a grading rule
//! (unknown article, fact before registration, bad repair target) becomes an
//! `error` row for that enterprise only.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use creditgrade::explain::Status;
use creditgrade::model::Honour;
use creditgrade::{
    Assessment, Catalogue, Enterprise, Error, ErrorKind, Fact, FactKind, History, Severity,
};

/// FNV-1a: a fast hash for the id sets (the input is the caller's own files).
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Input that does not parse: the file, the line (1-based; 0 for the whole file)
/// and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.reason)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.reason)
        }
    }
}

impl std::error::Error for LoadError {}

/// A parsed population: enterprises in input order with their histories.
#[derive(Debug)]
pub struct Loaded {
    /// One entry per enterprise, in `enterprises.csv` order.
    pub histories: Vec<History>,
    pub catalogue: Catalogue,
}

pub const ENTERPRISES_HEADER: &[&str] = &[
    "id",
    "name",
    "registered_on",
    "legal_person",
    "industry",
    "region",
    "district",
    "route",
];
pub const EVENTS_HEADER: &[&str] = &[
    "id",
    "enterprise_id",
    "date",
    "kind",
    "code",
    "level",
    "until",
    "target",
];
pub const CATALOGUE_HEADER: &[&str] = &["article", "severity"];

/// A strict `YYYY-MM-DD` date.
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

/// The records of one file. Records are located by their byte offset (`at`) and
/// the line is counted only for an error: the csv crate's own line numbers are
/// wrong after empty lines and in files with CRLF line ends
/// (BurntSushi/rust-csv#208, #395).
struct Rows<'a> {
    file: &'a str,
    text: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
}

impl<'a> Rows<'a> {
    fn open(file: &'a str, text: &'a str, header: &[&str]) -> Result<Rows<'a>, LoadError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(text.as_bytes());
        let mut rows = Rows {
            file,
            text: text.as_bytes(),
            reader: csv::Reader::from_reader(&[][..]),
        };
        let mut first = csv::StringRecord::new();
        let got = reader
            .read_record(&mut first)
            .map_err(|e| rows.csv_error(&e))?;
        if !got {
            return Err(rows.error(
                0,
                format!("empty file: the header must be {}", header.join(",")),
            ));
        }
        if first.iter().ne(header.iter().copied()) {
            return Err(rows.error(
                0,
                format!(
                    "bad header {:?}: it must be exactly {}",
                    first.iter().collect::<Vec<_>>().join(","),
                    header.join(",")
                ),
            ));
        }
        rows.reader = reader;
        Ok(rows)
    }

    /// The physical line (1-based) of the record at byte `at`. The csv crate may
    /// place a record at the line ends before it (an empty line, the `\n` of a
    /// CRLF), so those are skipped first.
    fn line(&self, at: u64) -> u64 {
        let mut i = usize::try_from(at).map_or(self.text.len(), |i| i.min(self.text.len()));
        while i < self.text.len() && matches!(self.text[i], b'\r' | b'\n') {
            i += 1;
        }
        let breaks = self.text[..i].iter().filter(|&&b| b == b'\n').count();
        u64::try_from(breaks).map_or(u64::MAX, |n| n + 1)
    }

    /// An error on the record at byte `at`.
    fn error(&self, at: u64, reason: impl Into<String>) -> LoadError {
        LoadError {
            file: self.file.to_owned(),
            line: self.line(at),
            reason: reason.into(),
        }
    }

    fn csv_error(&self, e: &csv::Error) -> LoadError {
        let reason = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("{len} fields where the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "invalid UTF-8".to_owned(),
            _ => e.to_string(),
        };
        match e.position() {
            Some(p) => self.error(p.byte(), reason),
            None => LoadError {
                file: self.file.to_owned(),
                line: 0,
                reason,
            },
        }
    }

    /// Reads the next record into `rec`; returns its byte offset, or `None` at the
    /// end.
    fn next(&mut self, rec: &mut csv::StringRecord) -> Result<Option<u64>, LoadError> {
        match self.reader.read_record(rec) {
            Ok(true) => Ok(Some(rec.position().map_or(0, csv::Position::byte))),
            Ok(false) => Ok(None),
            Err(e) => Err(self.csv_error(&e)),
        }
    }
}

fn date_field(rows: &Rows<'_>, at: u64, column: &str, value: &str) -> Result<NaiveDate, LoadError> {
    parse_date(value).ok_or_else(|| {
        rows.error(
            at,
            format!("bad date {value:?} in column {column} (expected YYYY-MM-DD)"),
        )
    })
}

/// Parses `enterprises.csv`.
pub fn parse_enterprises(text: &str) -> Result<Vec<Enterprise>, LoadError> {
    let mut rows = Rows::open("enterprises.csv", text, ENTERPRISES_HEADER)?;
    let rows_guess = text.len() / 64;
    let mut out = Vec::with_capacity(rows_guess);
    let mut seen = FastSet::with_capacity_and_hasher(rows_guess, BuildHasherDefault::default());
    let mut r = csv::StringRecord::new();
    while let Some(at) = rows.next(&mut r)? {
        let id = &r[0];
        if id.is_empty() {
            return Err(rows.error(at, "empty id"));
        }
        if !seen.insert(id.to_owned()) {
            return Err(rows.error(at, format!("duplicate enterprise id {id:?}")));
        }
        let registered_on = date_field(&rows, at, "registered_on", &r[2])?;
        let legal_person = match &r[3] {
            "true" => true,
            "false" => false,
            other => {
                return Err(rows.error(
                    at,
                    format!("bad legal_person {other:?} (expected true or false)"),
                ));
            }
        };
        out.push(
            Enterprise::new(id, registered_on)
                .name(&r[1])
                .legal_person(legal_person)
                .industry(&r[4])
                .region(&r[5])
                .district(&r[6])
                .route(&r[7]),
        );
    }
    Ok(out)
}

/// Parses `catalogue.csv`.
pub fn parse_catalogue(text: &str) -> Result<Catalogue, LoadError> {
    let mut rows = Rows::open("catalogue.csv", text, CATALOGUE_HEADER)?;
    let mut c = Catalogue::new();
    let mut r = csv::StringRecord::new();
    while let Some(at) = rows.next(&mut r)? {
        if r[0].is_empty() {
            return Err(rows.error(at, "empty article"));
        }
        // Exact values only: the format is case-sensitive (`Severity::from_str`
        // is lenient for people, not for files).
        let Some(s) = Severity::ALL.into_iter().find(|s| s.as_str() == &r[1]) else {
            return Err(rows.error(
                at,
                format!(
                    "unknown severity {:?} (expected minor, general or serious)",
                    &r[1]
                ),
            ));
        };
        c.insert(&r[0], s)
            .map_err(|e| rows.error(at, e.message().to_owned()))?;
    }
    Ok(c)
}

/// Parses `events.csv` into facts per enterprise (by position in `enterprises`).
pub fn parse_events(text: &str, enterprises: &[Enterprise]) -> Result<Vec<Vec<Fact>>, LoadError> {
    let index: FastMap<&str, usize> = enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut rows = Rows::open("events.csv", text, EVENTS_HEADER)?;
    // Rows in file order: (enterprise, byte offset, fact). Duplicate ids are found after
    // the fact, without copying ids, and reported in file order with the other
    // errors (see `first_error`).
    let mut flat: Vec<(usize, u64, Fact)> = Vec::with_capacity(text.len() / 50);
    let mut r = csv::StringRecord::new();
    while let Some(at) = rows.next(&mut r)? {
        match event_row(&rows, at, &r, &index) {
            Ok((e, fact)) => flat.push((e, at, fact)),
            Err(err) => return Err(first_error(&rows, &flat, (at, &r[0], err))),
        }
    }
    if let Some(dup) = duplicate(&rows, &flat, None) {
        return Err(dup);
    }
    // Bucket by enterprise with exact capacities.
    let mut counts = vec![0usize; enterprises.len()];
    for (e, _, _) in &flat {
        counts[*e] += 1;
    }
    let mut facts: Vec<Vec<Fact>> = counts.into_iter().map(Vec::with_capacity).collect();
    for (e, _, f) in flat {
        facts[e].push(f);
    }
    Ok(facts)
}

/// The first duplicate event id in file order, among the rows parsed and, if
/// given, the id of the row at `at` that failed.
fn duplicate(
    rows: &Rows<'_>,
    flat: &[(usize, u64, Fact)],
    failed: Option<(u64, &str)>,
) -> Option<LoadError> {
    let mut seen: FastSet<&str> =
        FastSet::with_capacity_and_hasher(flat.len(), BuildHasherDefault::default());
    for (_, at, f) in flat {
        if !seen.insert(f.id.as_str()) {
            return Some(rows.error(*at, format!("duplicate event id {:?}", f.id)));
        }
    }
    let (at, id) = failed?;
    (!id.is_empty() && seen.contains(id))
        .then(|| rows.error(at, format!("duplicate event id {id:?}")))
}

/// The error to report when the row at `at` with id `id` failed with `err`: a
/// duplicate id on an earlier line (or on this one, checked first on a row) comes
/// before it.
fn first_error(
    rows: &Rows<'_>,
    flat: &[(usize, u64, Fact)],
    (at, id, err): (u64, &str, LoadError),
) -> LoadError {
    duplicate(rows, flat, Some((at, id))).unwrap_or(err)
}

/// One `events.csv` row.
fn event_row(
    rows: &Rows<'_>,
    at: u64,
    r: &csv::StringRecord,
    index: &FastMap<&str, usize>,
) -> Result<(usize, Fact), LoadError> {
    let (id, eid, kind, code, level, until, target) =
        (&r[0], &r[1], &r[3], &r[4], &r[5], &r[6], &r[7]);
    if id.is_empty() {
        return Err(rows.error(at, "empty id"));
    }
    let Some(&e) = index.get(eid) else {
        return Err(rows.error(
            at,
            format!("event {id:?}: enterprise {eid:?} is not in enterprises.csv"),
        ));
    };
    let date = date_field(rows, at, "date", &r[2])?;
    // `until` is meaningful on honours only, but a bad date is refused anywhere.
    let until = if until.is_empty() {
        None
    } else {
        Some(date_field(rows, at, "until", until)?)
    };
    let kind = match kind {
        "penalty" => FactKind::Penalty {
            article: code.to_owned(),
        },
        "breach" => FactKind::Breach {
            breach: code.to_owned(),
        },
        "complaint" => FactKind::Complaint,
        "admonition" => FactKind::Admonition,
        "revocation" => FactKind::Revocation,
        "deregistration" => FactKind::Deregistration,
        "honour" => {
            let honour = Honour::parse(code, level)
                .map_err(|err| rows.error(at, err.message().to_owned()))?;
            FactKind::Honour { honour, until }
        }
        "annual_report" => {
            if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(rows.error(
                    at,
                    format!("bad annual report year {code:?} (expected four digits)"),
                ));
            }
            FactKind::AnnualReport {
                year: code.parse().unwrap_or_default(),
            }
        }
        "repair" => FactKind::Repair {
            target: target.to_owned(),
        },
        "principal" => FactKind::KeyPersonFlag {
            person: code.to_owned(),
        },
        other => {
            return Err(rows.error(at, format!("unknown kind {other:?}")));
        }
    };
    Ok((e, Fact::new(id, date, kind)))
}

/// Parses the three files' contents.
pub fn parse(enterprises: &str, events: &str, catalogue: &str) -> Result<Loaded, LoadError> {
    let es = parse_enterprises(enterprises)?;
    let catalogue = parse_catalogue(catalogue)?;
    let facts = parse_events(events, &es)?;
    let histories = es
        .into_iter()
        .zip(facts)
        .map(|(e, f)| {
            History::new(e, f).map_err(|err| LoadError {
                file: "events.csv".to_owned(),
                line: 0,
                reason: err.to_string(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Loaded {
        histories,
        catalogue,
    })
}

/// The `note` of an error row: `UnknownArticle(<article>)`,
/// `FactBeforeRegistration(<fact id>)`, `UnknownRepairTarget(<repair id>)`.
pub fn error_note(e: &Error) -> String {
    match e.kind() {
        ErrorKind::UnknownArticle => format!("{}({})", e.kind(), e.subject().unwrap_or("")),
        ErrorKind::FactBeforeRegistration | ErrorKind::UnknownRepairTarget => {
            format!("{}({})", e.kind(), e.fact().unwrap_or(""))
        }
        other => format!("{other}({})", e.message()),
    }
}

/// One `grades.csv` row.
pub fn row(id: &str, result: &Result<Assessment, Error>) -> [String; 5] {
    match result {
        Err(e) => [
            id.to_owned(),
            "error".into(),
            String::new(),
            String::new(),
            error_note(e),
        ],
        Ok(a) => {
            let grade = match (a.status(), a.grade()) {
                (Status::Closed, _) => "closed".to_owned(),
                (Status::NotRegistered, _) => "not_registered".to_owned(),
                (_, Some(g)) => g.to_string(),
                (_, None) => "error".to_owned(),
            };
            let graded = a.status() == Status::Active;
            let locked = a.locked_until().map(|d| d.to_string()).unwrap_or_default();
            let points = a
                .points()
                .map(|p| p.normalize().to_string())
                .unwrap_or_default();
            let note = if graded {
                a.rejected_repairs()
                    .iter()
                    .map(|r| format!("RepairTooEarly({r})"))
                    .collect::<Vec<_>>()
                    .join(";")
            } else {
                String::new()
            };
            [id.to_owned(), grade, locked, points, note]
        }
    }
}

/// Writes `grades.csv`.
pub fn write_grades(rows: &[[String; 5]]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header = ["id", "grade", "locked_until", "points", "note"];
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(r);
    }
    if let Ok(bytes) = w.into_inner() {
        out = bytes;
    }
    String::from_utf8(out).unwrap_or_default()
}
