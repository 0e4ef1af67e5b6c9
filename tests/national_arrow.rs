//! The Arrow reader of the national columns and rows (feature `arrow`) gives the
//! dossiers the CSV parser gives, refuses what it refuses, and the population it
//! reads grades with the national effects as the histories do.
#![cfg(feature = "arrow")]

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Date32Array, RecordBatch, StringArray};
use chrono::NaiveDate;
use creditgrade::national::NationalRules;
use creditgrade::national::arrow::dossiers_from_arrow;
use creditgrade::national::interchange::{self, NationalFacts, extended_header};
use creditgrade::{
    Assessor, Catalogue, Enterprise, ErrorKind, Fact, FactKind, History, Policy, Severity,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/interchange/national/{name}.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn records(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// Every column as strings, empty cells as nulls (as pyarrow reads the CSV).
fn batch(header: &[String], rows: &[Vec<String>]) -> RecordBatch {
    RecordBatch::try_from_iter(header.iter().enumerate().map(|(c, name)| {
        let values: Vec<Option<&str>> = rows
            .iter()
            .map(|r| Some(r[c].as_str()).filter(|v| !v.is_empty()))
            .collect();
        (
            name.clone(),
            Arc::new(StringArray::from(values)) as ArrayRef,
        )
    }))
    .unwrap()
}

/// The histories and national facts of the fixture, read as the CSV path does.
fn csv_view() -> (Vec<History>, NationalFacts) {
    let (_, es) = records(&fixture("enterprises"));
    let (_, ev) = records(&fixture("events"));
    let mut facts = NationalFacts::default();
    let mut histories = Vec::new();
    for e in &es {
        let ent = Enterprise::new(e[0].clone(), interchange::parse_date(&e[2]).unwrap())
            .legal_person(e[3] == "true");
        let mut fs = Vec::new();
        for r in ev.iter().filter(|r| r[1] == e[0]) {
            let cells: Vec<&str> = r.iter().map(String::as_str).collect();
            if let Some(row) = interchange::parse_row(&cells).unwrap() {
                facts.add(&r[1], row);
            }
            let date = interchange::parse_date(&r[2]).unwrap();
            let kind = match r[3].as_str() {
                "penalty" => FactKind::Penalty {
                    article: r[4].clone(),
                },
                "annual_report" => FactKind::AnnualReport {
                    year: r[4].parse().unwrap(),
                },
                "complaint" => FactKind::Complaint,
                k if interchange::is_national_kind(k) => continue,
                k => panic!("kind {k} not in this test"),
            };
            fs.push(Fact::new(r[0].clone(), date, kind));
        }
        histories.push(History::new(ent, fs).unwrap());
    }
    (histories, facts)
}

fn arrow_fixture() -> (Vec<RecordBatch>, Vec<RecordBatch>) {
    let (eh, es) = records(&fixture("enterprises"));
    let (vh, ev) = records(&fixture("events"));
    // Two events batches, split in the middle of the national rows.
    let half = ev.len() / 2;
    (
        vec![batch(&eh, &es)],
        vec![batch(&vh, &ev[..half]), batch(&vh, &ev[half..])],
    )
}

#[test]
fn arrow_gives_the_csv_dossiers_and_the_history_grades() {
    let (histories, facts) = csv_view();
    let (es, ev) = arrow_fixture();
    let read = dossiers_from_arrow(&es, &ev).unwrap();
    assert_eq!(read.facts, facts);
    assert_eq!(read.population.len(), histories.len());
    let t = d(2026, 5, 15);
    let rules = NationalRules::national_2026();
    let standings = read.standings(&rules, t);
    let national = Assessor::new(Policy::national_2026(), catalogue_of_fixture()).unwrap();
    let lean = national.summarize_population_national(&read.population, &standings, t);
    let full = national.assess_population_national(&read.population, &standings, t);
    let mut lines = vec!["id,grade,locked_until,error".to_owned()];
    for (k, h) in histories.iter().enumerate() {
        let from_arrow = read.population.history(k).unwrap();
        assert_eq!((from_arrow.id(), from_arrow.facts()), (h.id(), h.facts()));
        let dossier = facts.dossier(h).unwrap();
        assert_eq!(read.dossier(k).unwrap(), dossier);
        let s = rules.standing(&dossier, t);
        assert_eq!(standings[k], s);
        match s {
            Ok(s) => {
                assert_eq!(full[k], national.assess_national(h, &s, t));
                assert_eq!(lean[k], national.summarize_national(h, &s, t));
            }
            Err(e) => {
                assert_eq!(full[k], Err(e.clone()));
                assert_eq!(lean[k], Err(e));
            }
        }
        lines.push(match &lean[k] {
            Ok(x) => format!(
                "{},{},{},",
                h.id(),
                x.grade.map(|g| g.to_string()).unwrap_or_default(),
                x.locked_until.map(|g| g.to_string()).unwrap_or_default()
            ),
            Err(e) => format!("{},,,{}", h.id(), e.kind()),
        });
    }
    #[cfg(feature = "rayon")]
    assert_eq!(read.par_standings(&rules, t), standings);
    // The grades the Python tests compare with.
    let expected = fixture("expected_national_grades");
    assert_eq!(
        expected.lines().collect::<Vec<_>>(),
        lines,
        "{}",
        lines.join("\n")
    );
    // The national preset changed some grades.
    let seed = Assessor::new(Policy::seed(), catalogue_of_fixture()).unwrap();
    assert_ne!(seed.summarize_population(&read.population, t), lean);
}

fn catalogue_of_fixture() -> Catalogue {
    let (_, rows) = records(&fixture("catalogue"));
    Catalogue::from_pairs(rows.iter().map(|r| {
        let s = match r[1].as_str() {
            "minor" => Severity::Minor,
            "general" => Severity::General,
            _ => Severity::Serious,
        };
        (r[0].clone(), s)
    }))
    .unwrap()
}

/// The fixture's events with one cell changed.
fn events_with(row: usize, column: &str, value: &str) -> Vec<RecordBatch> {
    let (vh, mut ev) = records(&fixture("events"));
    let c = vh.iter().position(|h| h == column).unwrap();
    ev[row][c] = value.to_owned();
    vec![batch(&vh, &ev)]
}

#[test]
fn arrow_refuses_what_the_csv_path_refuses_naming_column_and_row() {
    let (es, _) = arrow_fixture();
    let (_, ev) = records(&fixture("events"));
    let fulfilment = ev.iter().position(|r| r[3] == "fulfilment").unwrap();
    let penalty = ev.iter().position(|r| r[3] == "penalty").unwrap();
    let cases = [
        (penalty, "measures", "fine:5k", "events.measures"),
        (penalty, "heavy", "yes", "events.heavy"),
        (penalty, "published_on", "2025-13-01", "events.published_on"),
        (fulfilment, "target", "", "events.target"),
        (fulfilment, "code", "x", "events.code"),
        (fulfilment, "enterprise_id", "NOPE", "events.enterprise_id"),
        (fulfilment, "id", ev[penalty][0].as_str(), "events.id"),
        (fulfilment, "date", "2025-02-30", "events.date"),
    ];
    for (row, column, value, field) in cases {
        let e = dossiers_from_arrow(&es, &events_with(row, column, value)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "{column}: {e}");
        assert_eq!(e.field(), Some(field), "{e}");
        let at = if column == "id" {
            row.max(penalty)
        } else {
            row
        };
        assert!(
            e.message().starts_with(&format!("{field} row {at}:")),
            "{e}"
        );
    }
    // A grading column's refusal after removed national rows names the row as given.
    let last = ev
        .iter()
        .rposition(|r| !interchange::is_national_kind(&r[3]))
        .unwrap();
    assert!(
        ev[..last]
            .iter()
            .any(|r| interchange::is_national_kind(&r[3]))
    );
    let e = dossiers_from_arrow(&es, &events_with(last, "kind", "bogus")).unwrap_err();
    assert_eq!(e.field(), Some("events.kind"));
    assert!(
        e.message().starts_with(&format!("events.kind row {last}:")),
        "{e}"
    );
    // A national column of the wrong type.
    let (vh, ev) = records(&fixture("events"));
    let b = batch(&vh, &ev);
    let typed = RecordBatch::try_from_iter(vh.iter().enumerate().map(|(k, name)| {
        let col: ArrayRef = if name == "heavy" {
            Arc::new(Date32Array::from(vec![0; ev.len()]))
        } else {
            b.column(k).clone()
        };
        (name.clone(), col)
    }))
    .unwrap();
    let e = dossiers_from_arrow(&es, &[typed]).unwrap_err();
    assert_eq!(
        (e.kind(), e.field()),
        (ErrorKind::InvalidInput, Some("events.heavy"))
    );
}

#[test]
fn arrow_reads_typed_national_columns_and_ignores_absent_ones() {
    let (es, _) = arrow_fixture();
    let (vh, ev) = records(&fixture("events"));
    let strings = batch(&vh, &ev);
    // heavy as Boolean, published_on as Date32.
    let mut fields = Vec::new();
    let mut cols: Vec<ArrayRef> = Vec::new();
    for (k, name) in vh.iter().enumerate() {
        let col: ArrayRef = match name.as_str() {
            "heavy" => Arc::new(BooleanArray::from(
                ev.iter()
                    .map(|r| (!r[k].is_empty()).then(|| r[k] == "true"))
                    .collect::<Vec<_>>(),
            )),
            "published_on" => Arc::new(Date32Array::from(
                ev.iter()
                    .map(|r| {
                        interchange::parse_date(&r[k])
                            .map(|x| i32::try_from((x - d(1970, 1, 1)).num_days()).unwrap())
                    })
                    .collect::<Vec<_>>(),
            )),
            _ => strings.column(k).clone(),
        };
        fields.push((name.clone(), col));
        cols.push(fields.last().unwrap().1.clone());
    }
    let typed = RecordBatch::try_from_iter(fields).unwrap();
    let a = dossiers_from_arrow(&es, &[strings]).unwrap();
    let b = dossiers_from_arrow(&es, &[typed]).unwrap();
    assert_eq!(a.facts, b.facts);
    // Today's columns only, no national rows: nothing national, graded as before.
    let (_, rows) = records(&fixture("events"));
    let today: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|r| !interchange::is_national_kind(&r[3]))
        .map(|r| r[..8].to_vec())
        .collect();
    let header: Vec<String> = extended_header()[..8]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let plain = dossiers_from_arrow(&es, &[batch(&header, &today)]).unwrap();
    assert!(plain.facts.is_empty());
    assert_eq!(plain.population.fact_count(), a.population.fact_count());
}
