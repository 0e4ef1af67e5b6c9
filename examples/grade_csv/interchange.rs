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
use creditgrade::national::interchange::{self as national, NationalFacts};
use creditgrade::population::{FactRef, Population, PopulationBuilder};
use creditgrade::{Assessment, Catalogue, Enterprise, Error, ErrorKind, Severity};

/// A fast hash for the id sets, eight bytes at a time (multiply-rotate, as in
/// the Rust compiler's "Fx" hash, with a final mix so that the low bits used by
/// the tables depend on every byte); the input is the caller's own files.
#[derive(Default)]
pub struct Fnv(u64);

impl Fnv {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fnv {
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

    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
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

/// A parsed population: enterprises in `enterprises.csv` order with their facts,
/// as columns.
#[derive(Debug)]
pub struct Loaded {
    pub population: Population,
    pub catalogue: Catalogue,
    /// The national facts of an `events.csv` with the extended header (empty
    /// for today's header).
    pub national: NationalFacts,
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

/// A strict `YYYY-MM-DD` date: the library's own reader of interchange dates.
pub use creditgrade::national::interchange::parse_date;

/// The records of one file. Records are located by their byte offset (`at`) and
/// the line is counted only for an error: the csv crate's own line numbers are
/// wrong after empty lines and in files with CRLF line ends
/// (BurntSushi/rust-csv#208, #395).
struct Rows<'a> {
    file: &'a str,
    text: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    /// `events.csv` with the national columns after today's header.
    extended: bool,
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
            extended: false,
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
        let events = header == EVENTS_HEADER;
        rows.extended = events && first.iter().eq(national::extended_header());
        if first.iter().ne(header.iter().copied()) && !rows.extended {
            return Err(rows.error(
                0,
                format!(
                    "bad header {:?}: it must be exactly {}{}",
                    first.iter().collect::<Vec<_>>().join(","),
                    header.join(","),
                    if events {
                        format!(
                            " (or that header followed by ,{})",
                            national::NATIONAL_COLUMNS.join(",")
                        )
                    } else {
                        String::new()
                    }
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

/// Reads `enterprises.csv`, calling `add` with each row's id, registration date,
/// legal-person status and name, industry, region, district, route; `add`
/// returns the enterprise's index. Gives back the index of each id.
fn read_enterprises(
    text: &str,
    mut add: impl FnMut(&str, NaiveDate, bool, [&str; 5]) -> u32,
) -> Result<FastMap<Box<str>, u32>, LoadError> {
    let mut rows = Rows::open("enterprises.csv", text, ENTERPRISES_HEADER)?;
    let guess = text.len() / 64;
    let mut index: FastMap<Box<str>, u32> =
        FastMap::with_capacity_and_hasher(guess, BuildHasherDefault::default());
    let mut r = csv::StringRecord::new();
    while let Some(at) = rows.next(&mut r)? {
        let id = &r[0];
        if id.is_empty() {
            return Err(rows.error(at, "empty id"));
        }
        if index.contains_key(id) {
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
        let i = add(
            id,
            registered_on,
            legal_person,
            [&r[1], &r[4], &r[5], &r[6], &r[7]],
        );
        index.insert(id.into(), i);
    }
    Ok(index)
}

/// Parses `enterprises.csv` into rows (the tests read it; grading goes through
/// [`parse`]).
#[allow(dead_code)]
pub fn parse_enterprises(text: &str) -> Result<Vec<Enterprise>, LoadError> {
    let mut out = Vec::with_capacity(text.len() / 64);
    read_enterprises(
        text,
        |id, registered_on, legal_person, [name, industry, region, district, route]| {
            out.push(
                Enterprise::new(id, registered_on)
                    .name(name)
                    .legal_person(legal_person)
                    .industry(industry)
                    .region(region)
                    .district(district)
                    .route(route),
            );
            u32::try_from(out.len() - 1).unwrap_or(u32::MAX)
        },
    )?;
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

/// The 64-bit hash of an event id for the duplicate check: eight bytes at a
/// time through a folded 128-bit multiply, so that structured ids (`R00000001-F9`)
/// do not collide as they do under the table hash above, which would send every
/// load down the exact (slow) path.
fn fnv(s: &str) -> u64 {
    fn mix(a: u64, b: u64) -> u64 {
        let r = u128::from(a) * u128::from(b);
        #[allow(clippy::cast_possible_truncation)]
        let (lo, hi) = (r as u64, (r >> 64) as u64);
        lo ^ hi
    }
    let mut h = (s.len() as u64) ^ 0xa076_1d64_78bd_642f;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix(h ^ u64::from_le_bytes(w), 0xe703_7ed1_a0b4_28db);
    }
    let rest = chunks.remainder();
    let mut w = [0u8; 8];
    w[..rest.len()].copy_from_slice(rest);
    mix(h ^ u64::from_le_bytes(w), 0x8ebc_6af0_9c88_c6e3)
}

/// Parses `events.csv` into the builder, whose enterprises are indexed by id.
///
/// Event ids must be unique across the file. They are checked by hash while
/// reading, and only when two hashes agree is the file read again, exactly,
/// to name the first duplicate in file order.
fn load_events(
    text: &str,
    index: &FastMap<Box<str>, u32>,
    b: &mut PopulationBuilder,
    nat: &mut NationalFacts,
) -> Result<(), LoadError> {
    let mut rows = Rows::open("events.csv", text, EVENTS_HEADER)?;
    let mut hashes: Vec<u64> = Vec::with_capacity(text.len() / 50);
    let mut r = csv::StringRecord::new();
    while let Some(at) = rows.next(&mut r)? {
        if let Err(err) = event_row(&rows, at, &r, index, b, nat) {
            return Err(first_error(text, (at, &r[0], err)));
        }
        hashes.push(fnv(&r[0]));
    }
    if any_equal(hashes) {
        if let Some(dup) = duplicate(text, None) {
            return Err(dup);
        }
    }
    Ok(())
}

/// Whether two hashes are equal: placed into 2^16 buckets by their top bits,
/// then each bucket sorted (much cheaper than sorting them all).
fn any_equal(hashes: Vec<u64>) -> bool {
    let bucket = |h: u64| (h >> 48) as usize;
    let mut starts = vec![0usize; (1 << 16) + 1];
    for &h in &hashes {
        starts[bucket(h) + 1] += 1;
    }
    for k in 0..1 << 16 {
        starts[k + 1] += starts[k];
    }
    let mut next = starts.clone();
    let mut placed = vec![0u64; hashes.len()];
    for h in hashes {
        placed[next[bucket(h)]] = h;
        next[bucket(h)] += 1;
    }
    starts.windows(2).any(|w| {
        let b = &mut placed[w[0]..w[1]];
        b.sort_unstable();
        b.windows(2).any(|p| p[0] == p[1])
    })
}

/// The first duplicate event id in file order among the rows before `failed`'s
/// row, then `failed`'s own id; read again from the text (an error path).
fn duplicate(text: &str, failed: Option<(u64, &str)>) -> Option<LoadError> {
    let mut rows = Rows::open("events.csv", text, EVENTS_HEADER).ok()?;
    let mut seen: FastSet<String> = FastSet::default();
    let mut r = csv::StringRecord::new();
    while let Ok(Some(at)) = rows.next(&mut r) {
        if failed.is_some_and(|(l, _)| at >= l) {
            break;
        }
        if !seen.insert(r[0].to_owned()) {
            return Some(rows.error(at, format!("duplicate event id {:?}", &r[0])));
        }
    }
    let (at, id) = failed?;
    (!id.is_empty() && seen.contains(id))
        .then(|| rows.error(at, format!("duplicate event id {id:?}")))
}

/// The error to report when the row at `at` with id `id` failed with `err`: a
/// duplicate id on an earlier line (or on this one, checked first on a row) comes
/// before it.
fn first_error(text: &str, (at, id, err): (u64, &str, LoadError)) -> LoadError {
    duplicate(text, Some((at, id))).unwrap_or(err)
}

/// One `events.csv` row, into the builder.
fn event_row(
    rows: &Rows<'_>,
    at: u64,
    r: &csv::StringRecord,
    index: &FastMap<Box<str>, u32>,
    b: &mut PopulationBuilder,
    nat: &mut NationalFacts,
) -> Result<(), LoadError> {
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
    if rows.extended && national::is_national_kind(kind) {
        return national_row(rows, at, r, nat);
    }
    let kind = match kind {
        "penalty" => FactRef::Penalty { article: code },
        "breach" => FactRef::Breach { breach: code },
        "complaint" => FactRef::Complaint,
        "admonition" => FactRef::Admonition,
        "revocation" => FactRef::Revocation,
        "deregistration" => FactRef::Deregistration,
        "honour" => {
            let honour = Honour::parse(code, level)
                .map_err(|err| rows.error(at, err.message().to_owned()))?;
            FactRef::Honour { honour, until }
        }
        "annual_report" => {
            if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                return Err(rows.error(
                    at,
                    format!("bad annual report year {code:?} (expected four digits)"),
                ));
            }
            FactRef::AnnualReport {
                year: code.parse().unwrap_or_default(),
            }
        }
        "repair" => FactRef::Repair { target },
        "principal" => FactRef::KeyPersonFlag { person: code },
        other => {
            return Err(rows.error(at, format!("unknown kind {other:?}")));
        }
    };
    b.fact(e, id, date, kind)
        .map_err(|err| rows.error(at, err.to_string()))?;
    if rows.extended {
        national_row(rows, at, r, nat)?;
    }
    Ok(())
}

/// The national columns of a record of an extended `events.csv`
/// (`creditgrade::national::interchange`), into `nat`.
fn national_row(
    rows: &Rows<'_>,
    at: u64,
    r: &csv::StringRecord,
    nat: &mut NationalFacts,
) -> Result<(), LoadError> {
    let cells: Vec<&str> = r.iter().collect();
    match national::parse_row(&cells) {
        Ok(Some(row)) => nat.add(&r[1], row),
        Ok(None) => {}
        Err(err) => return Err(rows.error(at, err.to_string())),
    }
    Ok(())
}

/// Parses `events.csv` for these enterprises into a columnar population (the
/// tests read it; grading goes through [`parse`]).
#[allow(dead_code)]
pub fn parse_events(text: &str, enterprises: &[Enterprise]) -> Result<Population, LoadError> {
    let mut b = PopulationBuilder::with_capacity(enterprises.len(), text.len() / 50);
    let mut index: FastMap<Box<str>, u32> = FastMap::default();
    for e in enterprises {
        index.insert(e.id.as_str().into(), b.push_enterprise(e));
    }
    load_events(text, &index, &mut b, &mut NationalFacts::default())?;
    b.build().map_err(|err| LoadError {
        file: "events.csv".to_owned(),
        line: 0,
        reason: err.to_string(),
    })
}

/// Parses the three files' contents into a columnar population.
pub fn parse(enterprises: &str, events: &str, catalogue: &str) -> Result<Loaded, LoadError> {
    let mut b = PopulationBuilder::with_capacity(enterprises.len() / 64, events.len() / 50);
    let index = read_enterprises(enterprises, |id, registered_on, legal_person, attrs| {
        b.enterprise_with(id, registered_on, legal_person, attrs)
    })?;
    let catalogue = parse_catalogue(catalogue)?;
    let mut national = NationalFacts::default();
    load_events(events, &index, &mut b, &mut national)?;
    drop(index);
    let population = b.build().map_err(|err| LoadError {
        file: "events.csv".to_owned(),
        line: 0,
        reason: err.to_string(),
    })?;
    // The loader refuses empty and duplicate ids, so no enterprise fails
    // validation; should one, it is refused as a whole like any bad input.
    if let Some(err) = (0..population.len()).find_map(|e| population.error(e)) {
        return Err(LoadError {
            file: "events.csv".to_owned(),
            line: 0,
            reason: err.to_string(),
        });
    }
    Ok(Loaded {
        population,
        catalogue,
        national,
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
