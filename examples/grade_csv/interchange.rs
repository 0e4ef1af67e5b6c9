//! The CSV interchange format of `docs/spec.md`: `enterprises.csv`, `events.csv`,
//! `catalogue.csv` in, `grades.csv` out.
//!
//! Parsing is all-or-nothing: input that does not parse is refused as a whole with
//! the file, the line and the reason. What parses but breaks a grading rule
//! (unknown article, fact before registration, bad repair target) becomes an
//! `error` row for that enterprise only.
//!
//! The files are read straight into the columnar [`PopulationBuilder`]: each cell
//! is a slice of the file's text (copied only when quotes must be undone), and
//! nothing is allocated per row. The two large files are cut into pieces at line
//! ends and the pieces are parsed side by side (with the `rayon` feature), while
//! the pieces before them are added to the builder in file order. A piece is
//! only taken as parsed when the piece before it ended exactly where it begins;
//! when a quoted field carried a line break across the cut, the piece is read
//! again from where the record really ended. So every piece is read exactly as a
//! reader from the start of the file would read it, and the first bad line in
//! file order is the one reported.

// The fuzz targets include this file in a crate of their own, which has no
// `rayon` feature: there the pieces are read one after another.
#![allow(unexpected_cfgs)]

use std::borrow::Cow;
use std::collections::HashSet;
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

/// The enterprises of `enterprises.csv` by id: the ids in file order (events
/// usually come grouped by enterprise in the same order, so most look-ups are a
/// comparison with the enterprise of the row before or the one after it), and
/// their hashes grouped by bucket for the others.
struct Index<'a> {
    ids: Vec<Cow<'a, str>>,
    /// The builder's index of each enterprise, in file order.
    numbers: Vec<u32>,
    /// `(hash, position in ids)`, in buckets by the hash's top bits.
    table: Buckets<(u64, u32)>,
}

impl<'a> Index<'a> {
    /// The index of `ids` (in file order, with the builder's numbers), and
    /// whether two of their hashes are equal (a possible duplicate).
    fn new(ids: Vec<Cow<'a, str>>, numbers: Vec<u32>, hashes: &[u64]) -> (Index<'a>, bool) {
        let pairs: Vec<(u64, u32)> = hashes.iter().zip(0..).map(|(&h, k)| (h, k)).collect();
        let table = Buckets::sort(pairs, |&(h, _)| h);
        let equal = table.any_adjacent(|a, b| a.0 == b.0);
        (
            Index {
                ids,
                numbers,
                table,
            },
            equal,
        )
    }

    /// The builder's index of enterprise `id`; `near` is the file position of
    /// the enterprise found last, and becomes this one's.
    #[inline]
    fn find(&self, id: &str, near: &mut Option<u32>) -> Option<u32> {
        if let Some(p) = *near {
            let p = p as usize;
            if self.ids.get(p).is_some_and(|x| x == id) {
                return Some(self.numbers[p]);
            }
            if self.ids.get(p + 1).is_some_and(|x| x == id) {
                *near = u32::try_from(p + 1).ok();
                return Some(self.numbers[p + 1]);
            }
        }
        let h = fnv(id);
        let run = self.table.bucket(h);
        let from = run.partition_point(|&(x, _)| x < h);
        let (_, p) = run[from..]
            .iter()
            .take_while(|&&(x, _)| x == h)
            .find(|&&(_, p)| self.ids[p as usize] == id)?;
        *near = Some(*p);
        Some(self.numbers[*p as usize])
    }
}

/// Values grouped into 2^16 buckets by the top 16 bits of a 64-bit key, each
/// bucket sorted: a hash table built by one counting pass and many small sorts.
struct Buckets<T> {
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy + Ord + Default> Buckets<T> {
    fn sort(items: Vec<T>, key: impl Fn(&T) -> u64) -> Buckets<T> {
        #[allow(clippy::cast_possible_truncation)]
        let bucket = |t: &T| (key(t) >> 48) as usize;
        let mut starts = vec![0usize; (1 << 16) + 1];
        for t in &items {
            starts[bucket(t) + 1] += 1;
        }
        for k in 0..1 << 16 {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut placed = vec![T::default(); items.len()];
        for t in items {
            let b = bucket(&t);
            placed[next[b]] = t;
            next[b] += 1;
        }
        for w in starts.windows(2) {
            placed[w[0]..w[1]].sort_unstable();
        }
        Buckets {
            starts,
            items: placed,
        }
    }

    /// The bucket of key `h`.
    fn bucket(&self, h: u64) -> &[T] {
        #[allow(clippy::cast_possible_truncation)]
        let b = (h >> 48) as usize;
        &self.items[self.starts[b]..self.starts[b + 1]]
    }

    /// Whether two neighbours in a bucket are `same`.
    fn any_adjacent(&self, same: impl Fn(&T, &T) -> bool) -> bool {
        self.starts.windows(2).any(|w| {
            self.items[w[0]..w[1]]
                .windows(2)
                .any(|p| same(&p[0], &p[1]))
        })
    }
}

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

/// The size the large files are cut into (the cut moves on to the next line end).
const PIECE: usize = 1 << 22;
/// How many pieces are parsed side by side while the ones before are added.
const BATCH: usize = 8;

/// Whether a byte ends a record outside quotes: `\n`, `\r` (and so `\r\n`), as
/// the csv crate reads records.
#[inline]
fn ends_record(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}

/// Whether a byte ends an unquoted field.
#[inline]
fn ends_field(c: u8) -> bool {
    c == b',' || ends_record(c)
}

/// The first position from `pos` (below `end`) that is not a line end: empty
/// lines are not records.
#[inline]
fn skip_line_ends(b: &[u8], mut pos: usize, end: usize) -> usize {
    while pos < end && ends_record(b[pos]) {
        pos += 1;
    }
    pos
}

/// Reads the record that starts at `pos` (not a line end) into `fields`, and
/// returns the position after the byte that ended it (or the end of the text).
///
/// RFC 4180 as the csv crate (`csv-core`) reads it, byte for byte: a field that
/// starts with `"` is quoted — commas and line ends inside are literal, `""` is
/// one `"`, and text after the closing quote is kept up to the next comma or line
/// end; a `"` later in an unquoted field is literal; an unclosed quote runs to the
/// end of the text; a `,` at the very end of the text is followed by an empty
/// field. Cuts fall on ASCII bytes only, so every slice is valid UTF-8.
///
/// Eight bytes at a time while no quote or `\r` comes (the common case): the
/// commas before the first `"`, `\r` or `\n` of a word end fields, and a `\n`
/// ends the record; anything else is read by the general rules from the start
/// of the field it falls in.
fn read_record<'a>(text: &'a str, pos: usize, fields: &mut Vec<Cow<'a, str>>) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    /// The top bit of each byte of `w` that equals `c`, exactly.
    #[inline]
    fn equal(w: u64, c: u8) -> u64 {
        let x = w ^ (ONES * u64::from(c));
        !(((x & LOW7) + LOW7) | x | LOW7)
    }
    /// The top bit of each byte of `w` below `,`, exactly: `"`, `\r` and `\n`
    /// are among them, and most words have none but commas.
    #[inline]
    fn below_comma(w: u64) -> u64 {
        !(((w & LOW7) + ONES * u64::from(0x80 - b',')) | w) & !LOW7
    }
    let b = text.as_bytes();
    fields.clear();
    let mut start = pos;
    let mut i = pos;
    while let Some(word) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_le_bytes(w);
        let commas = equal(w, b',');
        let stops = if below_comma(w) & !commas == 0 {
            0
        } else {
            equal(w, b'\n') | equal(w, b'\r') | equal(w, b'"')
        };
        // The commas before the first stop (all of them if there is none).
        let mut commas = commas & stops.wrapping_sub(1) & !stops;
        while commas != 0 {
            let k = i + (commas.trailing_zeros() / 8) as usize;
            fields.push(Cow::Borrowed(&text[start..k]));
            start = k + 1;
            commas &= commas - 1;
        }
        if stops != 0 {
            let k = i + (stops.trailing_zeros() / 8) as usize;
            if b[k] == b'\n' {
                fields.push(Cow::Borrowed(&text[start..k]));
                return k + 1;
            }
            break;
        }
        i += 8;
    }
    read_fields(text, start, fields)
}

/// The general rules of [`read_record`], from the start of a field at `pos`.
fn read_fields<'a>(text: &'a str, mut pos: usize, fields: &mut Vec<Cow<'a, str>>) -> usize {
    let b = text.as_bytes();
    loop {
        if b.get(pos) == Some(&b'"') {
            let (field, next) = quoted(text, pos + 1);
            fields.push(field);
            pos = next;
        } else {
            let start = pos;
            while pos < b.len() && !ends_field(b[pos]) {
                pos += 1;
            }
            fields.push(Cow::Borrowed(&text[start..pos]));
        }
        match b.get(pos) {
            None => return pos,
            Some(b',') => pos += 1,
            Some(_) => return pos + 1,
        }
    }
}

/// A quoted field whose text starts at `pos` (after the opening quote): its value
/// and the position of the byte that ends it (a comma, a line end, or the end of
/// the text).
fn quoted(text: &str, mut pos: usize) -> (Cow<'_, str>, usize) {
    let b = text.as_bytes();
    let mut owned: Option<String> = None;
    let mut from = pos;
    fn value(owned: Option<String>, rest: &str) -> Cow<'_, str> {
        match owned {
            None => Cow::Borrowed(rest),
            Some(mut s) => {
                s.push_str(rest);
                Cow::Owned(s)
            }
        }
    }
    loop {
        let Some(k) = b[pos..].iter().position(|&c| c == b'"') else {
            // Never closed: the field runs to the end of the text.
            return (value(owned, &text[from..]), b.len());
        };
        let q = pos + k;
        if b.get(q + 1) == Some(&b'"') {
            // `""`: one literal quote.
            owned
                .get_or_insert_with(String::new)
                .push_str(&text[from..=q]);
            pos = q + 2;
            from = pos;
            continue;
        }
        let mut field = value(owned, &text[from..q]);
        // Text after the closing quote belongs to the field, quotes and all.
        let start = q + 1;
        let mut end = start;
        while end < b.len() && !ends_field(b[end]) {
            end += 1;
        }
        if end > start {
            field.to_mut().push_str(&text[start..end]);
        }
        return (field, end);
    }
}

/// One file's text (after a byte order mark), for reading and for naming lines.
#[derive(Clone, Copy)]
struct File<'a> {
    name: &'static str,
    text: &'a str,
}

impl File<'_> {
    /// The physical line (1-based) of the record at byte `at`; line ends at `at`
    /// are skipped first (a record is placed at its first byte, and the header
    /// at 0 before any empty lines).
    fn line(&self, at: usize) -> u64 {
        let b = self.text.as_bytes();
        let i = skip_line_ends(b, at.min(b.len()), b.len());
        let breaks = b[..i].iter().filter(|&&c| c == b'\n').count();
        u64::try_from(breaks).map_or(u64::MAX, |n| n + 1)
    }

    /// An error on the record at byte `at`.
    fn error(&self, at: usize, reason: impl Into<String>) -> LoadError {
        LoadError {
            file: self.name.to_owned(),
            line: self.line(at),
            reason: reason.into(),
        }
    }

    fn date(&self, at: usize, column: &str, value: &str) -> Result<NaiveDate, LoadError> {
        parse_date(value).ok_or_else(|| {
            self.error(
                at,
                format!("bad date {value:?} in column {column} (expected YYYY-MM-DD)"),
            )
        })
    }
}

/// The dates read last, by their text: a register's events fall on a few
/// thousand days, so most dates are found here instead of being parsed again.
/// Only dates that parsed are kept, under their exact ten bytes.
struct Dates {
    slots: Vec<(u64, u16, NaiveDate)>,
}

impl Default for Dates {
    fn default() -> Dates {
        Dates {
            slots: vec![(0, 0, NaiveDate::MIN); 1 << 13],
        }
    }
}

impl Dates {
    #[inline]
    fn get(&mut self, value: &str) -> Option<NaiveDate> {
        let b = value.as_bytes();
        if b.len() != 10 {
            return parse_date(value);
        }
        let mut head = [0u8; 8];
        head.copy_from_slice(&b[..8]);
        let (head, tail) = (u64::from_le_bytes(head), u16::from_le_bytes([b[8], b[9]]));
        // No valid date starts with eight zero bytes: an empty slot never matches.
        let k = ((head ^ u64::from(tail)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 51) as usize;
        let slot = &mut self.slots[k];
        if slot.0 == head && slot.1 == tail {
            return Some(slot.2);
        }
        let date = parse_date(value)?;
        *slot = (head, tail, date);
        Some(date)
    }
}

/// A file whose header has been checked.
#[derive(Clone, Copy)]
struct Opened<'a> {
    file: File<'a>,
    /// Where the records after the header start.
    body: usize,
    /// The number of fields of every record: the header's.
    width: usize,
    /// `events.csv` with the national columns after today's header.
    extended: bool,
    /// The size of the pieces read side by side.
    piece: usize,
    /// Whether a record of the wrong width comes after a duplicate id on an
    /// earlier line (`enterprises.csv`, whose ids are checked as they are read)
    /// or before it (`events.csv`, whose ids are checked at the end).
    width_after_duplicates: bool,
}

fn open<'a>(name: &'static str, text: &'a str, header: &[&str]) -> Result<Opened<'a>, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file = File { name, text };
    let start = skip_line_ends(text.as_bytes(), 0, text.len());
    if start == text.len() {
        return Err(file.error(
            0,
            format!("empty file: the header must be {}", header.join(",")),
        ));
    }
    let mut first = Vec::new();
    let body = read_record(text, start, &mut first);
    let events = header == EVENTS_HEADER;
    let same = |h: &[&str]| first.len() == h.len() && first.iter().zip(h).all(|(a, b)| a == b);
    let extended = events && same(&national::extended_header());
    if !same(header) && !extended {
        return Err(file.error(
            0,
            format!(
                "bad header {:?}: it must be exactly {}{}",
                first.join(","),
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
    Ok(Opened {
        file,
        body,
        width: first.len(),
        extended,
        piece: PIECE,
        width_after_duplicates: false,
    })
}

/// Why reading a piece stopped before its end.
struct Stop {
    /// The record at fault.
    at: usize,
    err: LoadError,
    /// Whether a duplicate id on an earlier line is reported instead (`Some`),
    /// and then the row's own id, checked for a duplicate first (a duplicate id
    /// is a row's first fault after an empty id; empty when not checked).
    id: Option<String>,
}

/// The rows of one piece of a file, parsed.
struct Piece<T> {
    start: usize,
    end: usize,
    rows: Vec<T>,
    /// The first fault, where reading stopped.
    stop: Option<Stop>,
    /// Where reading ended: after the last record's line end. The next piece is
    /// read correctly only if it starts here.
    next: usize,
}

/// Reads the records that start in `start..end` (the last one may run past
/// `end`), turning each into a row with `row` (into `rows`, emptied first);
/// `state` is per piece (a cache).
fn scan<'a, T, S: Default>(
    file: &Opened<'a>,
    (start, end): (usize, usize),
    mut rows: Vec<T>,
    row: &(impl Fn(&mut S, usize, &[Cow<'a, str>]) -> Result<T, Stop> + Sync),
) -> Piece<T> {
    let b = file.file.text.as_bytes();
    rows.clear();
    let mut fields = Vec::with_capacity(file.width);
    let mut state = S::default();
    let mut pos = start;
    let mut stop = None;
    loop {
        pos = skip_line_ends(b, pos, end);
        if pos >= end {
            break;
        }
        let at = pos;
        pos = read_record(file.file.text, pos, &mut fields);
        if fields.len() != file.width {
            stop = Some(Stop {
                at,
                err: file.file.error(
                    at,
                    format!(
                        "{} fields where the header has {}",
                        fields.len(),
                        file.width
                    ),
                ),
                id: file.width_after_duplicates.then(String::new),
            });
            break;
        }
        match row(&mut state, at, &fields) {
            Ok(r) => rows.push(r),
            Err(s) => {
                stop = Some(s);
                break;
            }
        }
    }
    Piece {
        start,
        end,
        rows,
        stop,
        next: pos,
    }
}

/// The pieces of `text` from `from`: about `size` bytes each, cut after a `\n`.
fn pieces(text: &str, from: usize, size: usize) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let size = size.max(1);
    let mut out = Vec::with_capacity(b.len() / size + 1);
    let mut start = from;
    while start < b.len() {
        let target = start.saturating_add(size);
        let end = if target >= b.len() {
            b.len()
        } else {
            b[target..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |k| target + k + 1)
        };
        out.push((start, end));
        start = end;
    }
    out
}

#[cfg(feature = "rayon")]
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    rayon::join(a, b)
}

#[cfg(not(feature = "rayon"))]
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    (a(), b())
}

#[cfg(feature = "rayon")]
fn parse_all<T: Send + Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    use rayon::prelude::*;
    items.par_iter().map(f).collect()
}

#[cfg(feature = "rayon")]
fn any_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) -> bool + Sync + Send) -> bool {
    use rayon::prelude::*;
    items.par_iter_mut().any(f)
}

#[cfg(not(feature = "rayon"))]
fn any_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) -> bool + Sync + Send) -> bool {
    items.iter_mut().any(f)
}

#[cfg(not(feature = "rayon"))]
fn parse_all<T: Send + Sync, U: Send>(items: &[T], f: impl Fn(&T) -> U + Sync + Send) -> Vec<U> {
    items.iter().map(f).collect()
}

/// Reads every record after the header: pieces are parsed with `row` side by
/// side, and handed to `take` in file order, each read exactly as a reader from
/// the start of the file would (a piece that does not start where the one before
/// it ended is read again from there). `take` drains a piece's rows, and gives
/// back the error of a piece that stopped; reading ends there. The rows' vectors
/// are used again for later pieces.
fn read_all<'a, T: Send, S: Default>(
    file: &Opened<'a>,
    per_row: usize,
    row: impl Fn(&mut S, usize, &[Cow<'a, str>]) -> Result<T, Stop> + Sync,
    mut take: impl FnMut(&mut Piece<T>) -> Result<(), LoadError> + Send,
) -> Result<(), LoadError> {
    let cuts = pieces(file.file.text, file.body, file.piece);
    let batches: Vec<&[(usize, usize)]> = cuts.chunks(BATCH).collect();
    let row = &row;
    let spare: std::sync::Mutex<Vec<Vec<T>>> = std::sync::Mutex::default();
    let rows = || {
        spare
            .lock()
            .ok()
            .and_then(|mut s| s.pop())
            .unwrap_or_else(|| Vec::with_capacity(file.piece.min(file.file.text.len()) / per_row))
    };
    let parse = |batch: Option<&&[(usize, usize)]>| -> Vec<Piece<T>> {
        batch.map_or_else(Vec::new, |cuts| {
            parse_all(cuts, |&cut| scan(file, cut, rows(), row))
        })
    };
    let mut cursor = file.body;
    let mut parsed = parse(batches.first());
    for k in 0..batches.len() {
        let (next, taken) = both(
            || parse(batches.get(k + 1)),
            || -> Result<(), LoadError> {
                for piece in std::mem::take(&mut parsed) {
                    let mut piece = if piece.start == cursor {
                        piece
                    } else {
                        // The record before the cut ran past it (a quoted line
                        // break): read on from where it ended.
                        scan(file, (cursor, piece.end.max(cursor)), piece.rows, row)
                    };
                    cursor = piece.next;
                    take(&mut piece)?;
                    if let Ok(mut s) = spare.lock() {
                        s.push(piece.rows);
                    }
                }
                Ok(())
            },
        );
        taken?;
        parsed = next;
    }
    Ok(())
}

/// The start of the `k`-th record (0-based) from `from` (an error path).
fn nth_record(file: &File<'_>, from: usize, k: usize) -> usize {
    let b = file.text.as_bytes();
    let mut fields = Vec::new();
    let mut pos = skip_line_ends(b, from, b.len());
    for _ in 0..k {
        pos = read_record(file.text, pos, &mut fields);
        pos = skip_line_ends(b, pos, b.len());
    }
    pos
}

/// One `enterprises.csv` row.
struct EnterpriseRow<'a> {
    id: Cow<'a, str>,
    hash: u64,
    registered_on: NaiveDate,
    legal_person: bool,
    /// Name, industry, region, district, route.
    attrs: [Cow<'a, str>; 5],
}

/// Reads `enterprises.csv`, calling `add` with each row's id, registration date,
/// legal-person status and name, industry, region, district, route; `add`
/// returns the enterprise's index. Gives back the index of each id.
fn read_enterprises<'a>(
    text: &'a str,
    piece: usize,
    mut add: impl FnMut(&str, NaiveDate, bool, [&str; 5]) -> u32 + Send,
) -> Result<Index<'a>, LoadError> {
    let opened = Opened {
        piece,
        width_after_duplicates: true,
        ..open("enterprises.csv", text, ENTERPRISES_HEADER)?
    };
    let file = opened.file;
    let guess = text.len() / 64;
    let (mut ids, mut numbers, mut hashes) = (
        Vec::with_capacity(guess),
        Vec::with_capacity(guess),
        Vec::with_capacity(guess),
    );
    let row = |(): &mut (), at: usize, r: &[Cow<'a, str>]| -> Result<EnterpriseRow<'a>, Stop> {
        let id = &r[0];
        if id.is_empty() {
            return Err(Stop {
                at,
                err: file.error(at, "empty id"),
                id: Some(String::new()),
            });
        }
        let fail = |err: LoadError| Stop {
            at,
            err,
            id: Some(id.to_string()),
        };
        let registered_on = file.date(at, "registered_on", &r[2]).map_err(fail)?;
        let legal_person = match &*r[3] {
            "true" => true,
            "false" => false,
            other => {
                return Err(fail(file.error(
                    at,
                    format!("bad legal_person {other:?} (expected true or false)"),
                )));
            }
        };
        Ok(EnterpriseRow {
            id: id.clone(),
            hash: fnv(id),
            registered_on,
            legal_person,
            attrs: [
                r[1].clone(),
                r[4].clone(),
                r[5].clone(),
                r[6].clone(),
                r[7].clone(),
            ],
        })
    };
    read_all(&opened, 64, row, |piece: &mut Piece<EnterpriseRow<'a>>| {
        for e in piece.rows.drain(..) {
            let [name, industry, region, district, route] = &e.attrs;
            numbers.push(add(
                &e.id,
                e.registered_on,
                e.legal_person,
                [name, industry, region, district, route],
            ));
            ids.push(e.id);
            hashes.push(e.hash);
        }
        stopped(&opened, "enterprise", piece.stop.take())
    })?;
    let (index, equal) = Index::new(ids, numbers, &hashes);
    if equal {
        if let Some(dup) = duplicate(&opened, "enterprise", None) {
            return Err(dup);
        }
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
        PIECE,
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
    let opened = open("catalogue.csv", text, CATALOGUE_HEADER)?;
    let file = opened.file;
    let mut c = Catalogue::new();
    let mut fields = Vec::with_capacity(opened.width);
    let b = file.text.as_bytes();
    let mut pos = opened.body;
    loop {
        pos = skip_line_ends(b, pos, b.len());
        if pos >= b.len() {
            return Ok(c);
        }
        let at = pos;
        pos = read_record(file.text, pos, &mut fields);
        if fields.len() != opened.width {
            return Err(file.error(
                at,
                format!(
                    "{} fields where the header has {}",
                    fields.len(),
                    opened.width
                ),
            ));
        }
        let (article, severity) = (&*fields[0], &*fields[1]);
        if article.is_empty() {
            return Err(file.error(at, "empty article"));
        }
        // Exact values only: the format is case-sensitive (`Severity::from_str`
        // is lenient for people, not for files).
        let Some(s) = Severity::ALL.into_iter().find(|s| s.as_str() == severity) else {
            return Err(file.error(
                at,
                format!("unknown severity {severity:?} (expected minor, general or serious)"),
            ));
        };
        c.insert(article, s)
            .map_err(|e| file.error(at, e.message().to_owned()))?;
    }
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
    // The last bytes as a little-endian word, without a call to `memcpy`.
    let rest = chunks
        .remainder()
        .iter()
        .rev()
        .fold(0u64, |w, &b| (w << 8) | u64::from(b));
    mix(h ^ rest, 0x8ebc_6af0_9c88_c6e3)
}

/// A fact's kind and payload as read from a row, its text borrowed from the file.
enum Payload<'a> {
    Penalty(Cow<'a, str>),
    Breach(Cow<'a, str>),
    Complaint,
    Admonition,
    Honour(Honour, Option<NaiveDate>),
    AnnualReport(i32),
    Repair(Cow<'a, str>),
    Principal(Cow<'a, str>),
    Revocation,
    Deregistration,
    /// A national kind of the extended header: no fact for grading.
    National,
}

impl Payload<'_> {
    fn fact(&self) -> Option<FactRef<'_>> {
        Some(match self {
            Payload::Penalty(article) => FactRef::Penalty { article },
            Payload::Breach(breach) => FactRef::Breach { breach },
            Payload::Complaint => FactRef::Complaint,
            Payload::Admonition => FactRef::Admonition,
            Payload::Honour(honour, until) => FactRef::Honour {
                honour: *honour,
                until: *until,
            },
            Payload::AnnualReport(year) => FactRef::AnnualReport { year: *year },
            Payload::Repair(target) => FactRef::Repair { target },
            Payload::Principal(person) => FactRef::KeyPersonFlag { person },
            Payload::Revocation => FactRef::Revocation,
            Payload::Deregistration => FactRef::Deregistration,
            Payload::National => return None,
        })
    }
}

/// One `events.csv` row, checked.
struct EventRow<'a> {
    enterprise: u32,
    date: NaiveDate,
    hash: u64,
    id: Cow<'a, str>,
    payload: Payload<'a>,
    /// The row's national facts (extended header only): its enterprise id and
    /// what the national columns say.
    national: Option<Box<(Cow<'a, str>, national::Row)>>,
}

/// The last enterprise id looked up in a piece (events come grouped by
/// enterprise, so most rows skip the hash probe).
#[derive(Default)]
struct EventState {
    /// The file position of the enterprise found last.
    last: Option<u32>,
    dates: Dates,
}

/// Checks one `events.csv` record in the order of `docs/spec.md` (empty id,
/// unknown enterprise, `date`, `until`, then the kind and its columns).
fn event_row<'a>(
    opened: &Opened<'a>,
    index: &Index<'_>,
    state: &mut EventState,
    at: usize,
    r: &[Cow<'a, str>],
) -> Result<EventRow<'a>, Stop> {
    let file = &opened.file;
    let fail = |err: LoadError| Stop {
        at,
        err,
        id: Some(r[0].to_string()),
    };
    let (id, eid, kind, code, level, until, target) =
        (&r[0], &r[1], &*r[3], &r[4], &*r[5], &*r[6], &r[7]);
    if id.is_empty() {
        return Err(fail(file.error(at, "empty id")));
    }
    let Some(enterprise) = index.find(eid, &mut state.last) else {
        return Err(fail(file.error(
            at,
            format!("event {id:?}: enterprise {eid:?} is not in enterprises.csv"),
        )));
    };
    let bad_date = |column: &str, value: &str| {
        fail(file.error(
            at,
            format!("bad date {value:?} in column {column} (expected YYYY-MM-DD)"),
        ))
    };
    let date = state
        .dates
        .get(&r[2])
        .ok_or_else(|| bad_date("date", &r[2]))?;
    // `until` is meaningful on honours only, but a bad date is refused anywhere.
    let until = if until.is_empty() {
        None
    } else {
        Some(
            state
                .dates
                .get(until)
                .ok_or_else(|| bad_date("until", until))?,
        )
    };
    let national_only = opened.extended && national::is_national_kind(kind);
    let payload = if national_only {
        Payload::National
    } else {
        match kind {
            "penalty" => Payload::Penalty(code.clone()),
            "breach" => Payload::Breach(code.clone()),
            "complaint" => Payload::Complaint,
            "admonition" => Payload::Admonition,
            "revocation" => Payload::Revocation,
            "deregistration" => Payload::Deregistration,
            "honour" => {
                let honour = Honour::parse(code, level)
                    .map_err(|err| fail(file.error(at, err.message().to_owned())))?;
                Payload::Honour(honour, until)
            }
            "annual_report" => {
                let digits = code.as_bytes();
                if digits.len() != 4 || !digits.iter().all(u8::is_ascii_digit) {
                    return Err(fail(file.error(
                        at,
                        format!("bad annual report year {code:?} (expected four digits)"),
                    )));
                }
                Payload::AnnualReport(digits.iter().fold(0, |y, &d| y * 10 + i32::from(d - b'0')))
            }
            "repair" => Payload::Repair(target.clone()),
            "principal" => Payload::Principal(code.clone()),
            other => {
                return Err(fail(file.error(at, format!("unknown kind {other:?}"))));
            }
        }
    };
    let national = if opened.extended {
        let cells: [&str; 16] = std::array::from_fn(|i| r.get(i).map_or("", |c| &**c));
        match national::parse_row(&cells) {
            Ok(Some(row)) => Some(Box::new((eid.clone(), row))),
            Ok(None) => None,
            Err(err) => return Err(fail(file.error(at, err.to_string()))),
        }
    } else {
        None
    };
    Ok(EventRow {
        enterprise,
        date,
        hash: fnv(id),
        id: id.clone(),
        payload,
        national,
    })
}

/// Parses `events.csv` into the builder, whose enterprises are indexed by id.
///
/// Event ids must be unique across the file. They are checked by hash while
/// reading, and only when two hashes agree is the file read again, exactly,
/// to name the first duplicate in file order.
fn load_events<'a>(
    text: &'a str,
    piece: usize,
    index: &Index<'_>,
    b: &mut PopulationBuilder,
    nat: &mut NationalFacts,
) -> Result<EventIds<'a>, LoadError> {
    let opened = Opened {
        piece,
        ..open("events.csv", text, EVENTS_HEADER)?
    };
    let file = opened.file;
    // The hashes in 256 parts by their top byte, each sorted on its own later.
    let mut hashes: Vec<Vec<u64>> = (0..256)
        .map(|_| Vec::with_capacity(text.len() / 50 / 256))
        .collect();
    read_all(
        &opened,
        48,
        |state: &mut EventState, at, r: &[Cow<'_, str>]| event_row(&opened, index, state, at, r),
        |piece: &mut Piece<EventRow<'_>>| {
            for (k, row) in piece.rows.drain(..).enumerate() {
                if let Some(fact) = row.payload.fact() {
                    if let Err(err) = b.fact(row.enterprise, &row.id, row.date, fact) {
                        let at = nth_record(&file, piece.start, k);
                        return Err(first_error(
                            &opened,
                            "event",
                            at,
                            &row.id,
                            file.error(at, err.to_string()),
                        ));
                    }
                }
                if let Some(national) = row.national {
                    let (eid, r) = *national;
                    nat.add(&eid, r);
                }
                hashes[(row.hash >> 56) as usize].push(row.hash);
            }
            stopped(&opened, "event", piece.stop.take())
        },
    )?;
    Ok(EventIds { opened, hashes })
}

/// The hashes of the event ids of a file read whole, for the duplicate check.
struct EventIds<'a> {
    opened: Opened<'a>,
    hashes: Vec<Vec<u64>>,
}

impl EventIds<'_> {
    /// The first duplicate event id in file order, if any: by hash (the parts
    /// sorted side by side), and only when two hashes agree is the file read again, exactly.
    fn check(self) -> Result<(), LoadError> {
        let mut parts = self.hashes;
        let equal = any_mut(&mut parts, |part| {
            part.sort_unstable();
            part.windows(2).any(|p| p[0] == p[1])
        });
        if equal {
            if let Some(dup) = duplicate(&self.opened, "event", None) {
                return Err(dup);
            }
        }
        Ok(())
    }
}

/// The first duplicate id (`what`: enterprise or event) in file order among the
/// rows before `failed`'s row, then `failed`'s own id; read again from the text
/// (an error path).
fn duplicate(opened: &Opened<'_>, what: &str, failed: Option<(usize, &str)>) -> Option<LoadError> {
    let file = &opened.file;
    let b = file.text.as_bytes();
    let mut seen: FastSet<Cow<'_, str>> = FastSet::default();
    let mut fields = Vec::with_capacity(opened.width);
    let mut pos = opened.body;
    loop {
        pos = skip_line_ends(b, pos, b.len());
        if pos >= b.len() || failed.is_some_and(|(l, _)| pos >= l) {
            break;
        }
        let at = pos;
        pos = read_record(file.text, pos, &mut fields);
        if fields.len() != opened.width {
            break;
        }
        let id = fields.swap_remove(0);
        if seen.contains(&*id) {
            return Some(file.error(at, format!("duplicate {what} id {id:?}")));
        }
        seen.insert(id);
    }
    let (at, id) = failed?;
    (!id.is_empty() && seen.contains(id))
        .then(|| file.error(at, format!("duplicate {what} id {id:?}")))
}

/// The error to report when the row at `at` with id `id` failed with `err`: a
/// duplicate id on an earlier line (or on this one, checked first on a row) comes
/// before it.
fn first_error(opened: &Opened<'_>, what: &str, at: usize, id: &str, err: LoadError) -> LoadError {
    duplicate(opened, what, Some((at, id))).unwrap_or(err)
}

/// Where a piece stopped, if it did: its error, or a duplicate id on an earlier
/// line where one is to be reported first.
fn stopped(opened: &Opened<'_>, what: &str, stop: Option<Stop>) -> Result<(), LoadError> {
    match stop {
        None => Ok(()),
        Some(Stop { err, id: None, .. }) => Err(err),
        Some(Stop {
            at,
            err,
            id: Some(id),
        }) => Err(first_error(opened, what, at, &id, err)),
    }
}

/// Parses `events.csv` for these enterprises into a columnar population (the
/// tests read it; grading goes through [`parse`]).
#[allow(dead_code)]
pub fn parse_events(text: &str, enterprises: &[Enterprise]) -> Result<Population, LoadError> {
    let mut b = PopulationBuilder::with_capacity(enterprises.len(), text.len() / 50);
    let numbers = enterprises.iter().map(|e| b.push_enterprise(e)).collect();
    let ids = enterprises
        .iter()
        .map(|e| Cow::Borrowed(e.id.as_str()))
        .collect();
    let hashes: Vec<u64> = enterprises.iter().map(|e| fnv(&e.id)).collect();
    let (index, _) = Index::new(ids, numbers, &hashes);
    load_events(text, PIECE, &index, &mut b, &mut NationalFacts::default())?.check()?;
    b.build().map_err(|err| LoadError {
        file: "events.csv".to_owned(),
        line: 0,
        reason: err.to_string(),
    })
}

/// `enterprises.csv` read into a population builder, with the index of its ids:
/// the first half of [`parse`], which can run while `events.csv` is being read.
pub struct Enterprises<'a> {
    builder: PopulationBuilder,
    index: Index<'a>,
    piece: usize,
}

/// Reads `enterprises.csv` into a builder with room for the facts of about
/// `events_bytes` of `events.csv`.
pub fn parse_population_enterprises(
    text: &str,
    events_bytes: usize,
) -> Result<Enterprises<'_>, LoadError> {
    enterprises_in_pieces(text, events_bytes, PIECE)
}

fn enterprises_in_pieces(
    text: &str,
    events_bytes: usize,
    piece: usize,
) -> Result<Enterprises<'_>, LoadError> {
    let mut builder = PopulationBuilder::with_capacity(text.len() / 64, events_bytes / 50);
    let index = read_enterprises(text, piece, |id, registered_on, legal_person, attrs| {
        builder.enterprise_with(id, registered_on, legal_person, attrs)
    })?;
    Ok(Enterprises {
        builder,
        index,
        piece,
    })
}

/// Parses the three files' contents into a columnar population.
#[allow(dead_code)]
pub fn parse(enterprises: &str, events: &str, catalogue: &str) -> Result<Loaded, LoadError> {
    parse_in_pieces(enterprises, events, catalogue, PIECE)
}

/// [`parse`], the large files cut into pieces of about `piece` bytes (any size
/// reads the same; the tests cut them small).
#[allow(dead_code)]
pub fn parse_in_pieces(
    enterprises: &str,
    events: &str,
    catalogue: &str,
    piece: usize,
) -> Result<Loaded, LoadError> {
    finish(
        enterprises_in_pieces(enterprises, events.len(), piece)?,
        events,
        catalogue,
    )
}

/// Parses `catalogue.csv` and `events.csv` after `enterprises.csv`: the second
/// half of [`parse`].
pub fn finish(
    enterprises: Enterprises<'_>,
    events: &str,
    catalogue: &str,
) -> Result<Loaded, LoadError> {
    let Enterprises {
        mut builder,
        index,
        piece,
    } = enterprises;
    let catalogue = parse_catalogue(catalogue)?;
    let mut national = NationalFacts::default();
    let ids = load_events(events, piece, &index, &mut builder, &mut national)?;
    drop(index);
    // The duplicate check of the event ids and the grouping of the facts share
    // nothing: they run side by side.
    let (checked, built) = both(|| ids.check(), || builder.build());
    checked?;
    let population = built.map_err(|err| LoadError {
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
