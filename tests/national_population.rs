//! A columnar population graded with the national effects equals the same
//! enterprises graded one history at a time (`summarize_national`,
//! `assess_national`), reasons included; and the Arrow reader of the national
//! columns gives the dossiers the CSV parser gives.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Date32Array, RecordBatch, StringArray};
use chrono::NaiveDate;
use creditgrade::national::arrow::dossiers_from_arrow;
use creditgrade::national::interchange::{self, NationalFacts, extended_header};
use creditgrade::national::{Mark, NationalRules, Standing};
use creditgrade::policy::{MarkEffect, NationalGrading};
use creditgrade::population::{Population, PopulationBuilder};
use creditgrade::{
    Assessor, Catalogue, Enterprise, ErrorKind, Fact, FactKind, Grade, History, Policy, Severity,
};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn day(k: u32) -> NaiveDate {
    d(2018, 1, 1) + chrono::Days::new(u64::from(k))
}

fn catalogue() -> Catalogue {
    Catalogue::from_pairs([
        ("A1", Severity::Minor),
        ("A2", Severity::General),
        ("A3", Severity::Serious),
    ])
    .unwrap()
}

fn fact() -> impl Strategy<Value = (u32, FactKind)> {
    let kind = prop_oneof![
        3 => prop_oneof![Just("A1"), Just("A2"), Just("A3"), Just("ZZ")]
            .prop_map(|a| FactKind::Penalty { article: a.to_owned() }),
        2 => Just(FactKind::Complaint),
        1 => Just(FactKind::Admonition),
        5 => (2017i32..2027).prop_map(|year| FactKind::AnnualReport { year }),
        1 => Just(FactKind::Revocation),
        1 => (0u8..10).prop_map(|k| FactKind::Repair { target: format!("F{k}") }),
    ];
    (0u32..3200, kind)
}

/// An enterprise: registration, legal person, facts; mostly valid, sometimes
/// with two facts of one id (a validation error).
fn enterprise() -> impl Strategy<Value = (u32, bool, Vec<(u32, FactKind)>, bool)> {
    (
        0u32..1500,
        any::<bool>(),
        proptest::collection::vec(fact(), 0..10),
        prop_oneof![9 => Just(false), 1 => Just(true)],
    )
}

/// Spells of every mark around the assessment dates.
fn spells() -> impl Strategy<Value = Vec<(usize, u32, Option<u32>)>> {
    proptest::collection::vec(
        (0usize..4, 1500u32..3200, proptest::option::of(1u32..1200)),
        0..4,
    )
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![
        Just(Policy::national_2026()),
        (0usize..4, 0usize..3, any::<bool>()).prop_map(|(m, g, bars)| {
            let mut n = NationalGrading::national_2026();
            let best = [Some(Grade::B), Some(Grade::C), None][g];
            let effect = MarkEffect::new(best, bars);
            match Mark::ALL[m] {
                Mark::AbnormalList => n.abnormal_list = effect,
                Mark::SeriousList => n.serious_list = effect,
                Mark::PublicitySystem => n.publicity_system = effect,
                _ => n.credit_china = effect,
            }
            let mut p = Policy::national_2026();
            p.national = Some(n);
            p
        }),
    ]
}

type Generated = (u32, bool, Vec<(u32, FactKind)>, bool);

fn build(es: &[Generated]) -> (Population, Vec<Result<History, creditgrade::Error>>) {
    let mut b = PopulationBuilder::new();
    let mut histories = Vec::new();
    for (i, (reg, lp, facts, dup)) in es.iter().enumerate() {
        let e = Enterprise::new(format!("E{i}"), day(*reg)).legal_person(*lp);
        let idx = b.push_enterprise(&e);
        let facts: Vec<Fact> = facts
            .iter()
            .enumerate()
            .map(|(k, (at, kind))| {
                let id = if *dup && k == 1 {
                    "F0".to_owned()
                } else {
                    format!("F{k}")
                };
                Fact::new(id, day(*at), kind.clone())
            })
            .collect();
        for f in &facts {
            b.push_fact(idx, f).unwrap();
        }
        histories.push(History::new(e, facts));
    }
    (b.build().unwrap(), histories)
}

fn standing(i: usize, t: NaiveDate, spells: &[(usize, u32, Option<u32>)]) -> Standing {
    let mut s = Standing::clear(format!("E{i}"), t);
    for (k, (m, from, len)) in spells.iter().enumerate() {
        s = s.with_spell(
            Mark::ALL[*m],
            format!("X{k}"),
            day(*from),
            len.map(|l| day(from + l)),
        );
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn population_national_equals_the_history_path(
        es in proptest::collection::vec(enterprise(), 1..7),
        marks in proptest::collection::vec(spells(), 7),
        t in 1500u32..3200,
        policy in policy(),
    ) {
        let t = day(t);
        let (population, histories) = build(&es);
        let standings: Vec<Standing> =
            (0..es.len()).map(|i| standing(i, t, &marks[i])).collect();
        let national = Assessor::new(policy, catalogue()).unwrap();
        let lean = national.summarize_population_national(&population, &standings, t);
        let full = national.assess_population_national(&population, &standings, t);
        for (k, h) in histories.iter().enumerate() {
            let (expected_full, expected_lean) = match h {
                Ok(h) => (
                    national.assess_national(h, &standings[k], t),
                    national.summarize_national(h, &standings[k], t),
                ),
                Err(e) => (Err(e.clone()), Err(e.clone())),
            };
            prop_assert_eq!(&full[k], &expected_full, "enterprise {}", k);
            prop_assert_eq!(&lean[k], &expected_lean, "enterprise {}", k);
        }
        // Standings given as the rules' answers grade the same.
        let answers: Vec<Result<Standing, creditgrade::Error>> =
            standings.iter().cloned().map(Ok).collect();
        prop_assert_eq!(&national.summarize_population_national(&population, &answers, t), &lean);
        #[cfg(feature = "rayon")]
        {
            prop_assert_eq!(&national.par_summarize_population_national(&population, &standings, t), &lean);
            prop_assert_eq!(&national.par_assess_population_national(&population, &standings, t), &full);
        }
        // Without the national section the standings are not read.
        let seed = Assessor::new(Policy::seed(), catalogue()).unwrap();
        prop_assert_eq!(
            seed.summarize_population_national(&population, &standings[..0], t),
            seed.summarize_population(&population, t)
        );
    }
}

fn two() -> (Population, NaiveDate) {
    let t = d(2025, 1, 1);
    let hs = [
        History::new(
            Enterprise::new("E1", d(2020, 1, 1)).legal_person(true),
            vec![],
        )
        .unwrap(),
        History::new(
            Enterprise::new("E2", d(2020, 1, 1)).legal_person(true),
            vec![],
        )
        .unwrap(),
    ];
    (Population::from_histories(&hs).unwrap(), t)
}

#[test]
fn a_standing_of_another_enterprise_is_refused_naming_both() {
    let (population, t) = two();
    let national = Assessor::new(Policy::national_2026(), catalogue()).unwrap();
    let swapped = [Standing::clear("E2", t), Standing::clear("E1", t)];
    for r in [
        national.summarize_population_national(&population, &swapped, t)[0]
            .clone()
            .map(|_| ()),
        national.assess_population_national(&population, &swapped, t)[0]
            .clone()
            .map(|_| ()),
    ] {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ForeignFact);
        assert_eq!(e.enterprise(), Some("E1"));
        assert_eq!(e.field(), Some("standing"));
        assert!(
            e.message().contains("\"E2\"") && e.message().contains("\"E1\""),
            "{e}"
        );
    }
}

#[test]
fn a_missing_standing_is_an_error_and_an_error_passes_through() {
    let (population, t) = two();
    let national = Assessor::new(Policy::national_2026(), catalogue()).unwrap();
    let one = [Standing::clear("E1", t)];
    let r = national.summarize_population_national(&population, &one, t);
    assert!(r[0].is_ok());
    let e = r[1].clone().unwrap_err();
    assert_eq!(
        (e.kind(), e.enterprise(), e.field()),
        (ErrorKind::InvalidInput, Some("E2"), Some("standing"))
    );
    // A decision before the first version of the rules: the standing's error
    // is the member's result.
    let dossier = creditgrade::national::Dossier::new("E2").decision(
        creditgrade::national::Decision::new("P1", d(2019, 1, 1), "A2")
            .with_measure(creditgrade::national::Measure::fine(5000)),
    );
    let answers = [
        Ok(Standing::clear("E1", t)),
        NationalRules::national_2026().standing(&dossier, t),
    ];
    let expected = answers[1].clone().unwrap_err();
    let r = national.assess_population_national(&population, &answers, t);
    assert_eq!(r[1].clone().unwrap_err(), expected);
    assert_eq!(expected.kind(), ErrorKind::BeforeFirstVersion);
}

// The Arrow reader.

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
