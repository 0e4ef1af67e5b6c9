//! `--outlook`: two more columns, `next_change` and `next_grade`.

use creditgrade::explain::Status;
use creditgrade::outlook::Change;
use creditgrade::{Error, Grade};

/// The `grade` field of a status and a grade.
pub fn grade_field(status: Status, grade: Option<Grade>) -> String {
    match (status, grade) {
        (Status::Closed, _) => "closed".to_owned(),
        (Status::NotRegistered, _) => "not_registered".to_owned(),
        (_, Some(g)) => g.to_string(),
        (_, None) => "error".to_owned(),
    }
}

/// `next_change` and `next_grade` of one row: the first day after the as-of date
/// on which the row's `grade` field differs if nothing new happens, and the field
/// from that day; both empty when it never does (or on an `error` row).
pub fn columns(next: &Result<Option<Change>, Error>) -> [String; 2] {
    match next {
        Ok(Some(c)) => [
            c.date.to_string(),
            grade_field(c.summary.status, c.summary.grade),
        ],
        _ => [String::new(), String::new()],
    }
}

/// Writes `grades.csv` with the two outlook columns after the others.
pub fn write(rows: &[[String; 5]], next: &[[String; 2]]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = w.write_record([
        "id",
        "grade",
        "locked_until",
        "points",
        "note",
        "next_change",
        "next_grade",
    ]);
    for (r, n) in rows.iter().zip(next) {
        let _ = w.write_record(r.iter().chain(n));
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}
