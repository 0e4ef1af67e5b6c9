//! Arrow record batches in and out (feature `arrow`).
#![cfg(feature = "arrow")]

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Int32Array, LargeStringArray, ListArray,
    RecordBatch, StringArray, StructArray,
};
use arrow_schema::{DataType, Field, Schema};
use creditgrade::population::Population;
use creditgrade::population::arrow::{
    assessments_to_arrow, catalogue_from_arrow, population_from_arrow, population_to_arrow,
    summaries_to_arrow,
};
use creditgrade::research::{REGISTER_AS_OF, register_enterprises, synth_catalogue};
use creditgrade::{Assessor, Catalogue, ErrorKind, History, Policy};

fn assessor() -> Assessor {
    let c = Catalogue::from_pairs(synth_catalogue().iter().map(|(a, s)| (a.as_str(), *s))).unwrap();
    Assessor::new(Policy::seed(), c).unwrap()
}

fn register(n: usize) -> (Vec<History>, Population) {
    let hs: Vec<History> = register_enterprises(n, 3)
        .map(|(e, f)| History::new(e, f).unwrap())
        .collect();
    let pop = Population::from_histories(&hs).unwrap();
    (hs, pop)
}

#[test]
fn round_trip_grades_as_rows() {
    let (hs, pop) = register(500);
    let (es, ev) = population_to_arrow(&pop).unwrap();
    assert_eq!(es.num_rows(), 500);
    let back = population_from_arrow(
        &[es.slice(0, 200), es.slice(200, 300)],
        &[ev.slice(0, 10), ev.slice(10, ev.num_rows() - 10)],
    )
    .unwrap();
    assert_eq!(back.len(), pop.len());
    for e in 0..pop.len() {
        assert_eq!(back.facts(e), pop.facts(e));
        assert_eq!(back.enterprise(e), pop.enterprise(e));
    }
    let a = assessor();
    let t = REGISTER_AS_OF;
    let rows = a.assess_batch(&hs, t);
    assert_eq!(a.assess_population(&back, t), rows);
    // Results out.
    let summaries = a.summarize_population(&back, t);
    let out = summaries_to_arrow(&back, &summaries).unwrap();
    assert_eq!(out.num_rows(), 500);
    let grade = out
        .column_by_name("grade")
        .unwrap()
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    let status = out
        .column_by_name("status")
        .unwrap()
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap();
    for (k, r) in rows.iter().enumerate() {
        let r = r.as_ref().unwrap();
        assert_eq!(status.value(k), r.status().as_str());
        match r.grade() {
            Some(g) => assert_eq!(grade.value(k), g.to_string()),
            None => assert!(grade.is_null(k)),
        }
    }
    let full = assessments_to_arrow(&back, &a.assess_population(&back, t), true).unwrap();
    let reasons = full
        .column_by_name("reasons")
        .unwrap()
        .as_any()
        .downcast_ref::<ListArray>()
        .unwrap();
    for (k, r) in rows.iter().enumerate() {
        let r = r.as_ref().unwrap();
        let list = reasons.value(k);
        let items = list.as_any().downcast_ref::<StructArray>().unwrap();
        assert_eq!(items.len(), r.reasons().len());
        let codes = items
            .column_by_name("code")
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        for (j, reason) in r.reasons().iter().enumerate() {
            assert_eq!(codes.value(j), reason.code.as_str());
        }
    }
}

#[test]
fn events_in_any_order_make_the_same_population() {
    let (_, pop) = register(300);
    let (es, ev) = population_to_arrow(&pop).unwrap();
    let grouped =
        population_from_arrow(std::slice::from_ref(&es), std::slice::from_ref(&ev)).unwrap();
    assert!(grouped == pop, "the grouped export reads back as it was");
    // Every event row its own batch, last row first: nothing grouped, nothing
    // sorted.
    let reversed: Vec<RecordBatch> = (0..ev.num_rows()).rev().map(|k| ev.slice(k, 1)).collect();
    let back = population_from_arrow(std::slice::from_ref(&es), &reversed).unwrap();
    // Codes are interned in row order, so compare what the population holds.
    assert_eq!(back.len(), pop.len());
    for e in 0..pop.len() {
        assert_eq!(back.facts(e), pop.facts(e), "enterprise {e}");
        assert_eq!(back.enterprise(e), pop.enterprise(e));
    }
    // Grouped by enterprise, but the enterprises batch in another order.
    let half = es.num_rows() / 2;
    let swapped = [es.slice(half, es.num_rows() - half), es.slice(0, half)];
    let back = population_from_arrow(&swapped, std::slice::from_ref(&ev)).unwrap();
    for e in 0..pop.len() {
        let k = if e < half {
            e + es.num_rows() - half
        } else {
            e - half
        };
        assert_eq!(back.facts(k), pop.facts(e));
        assert_eq!(back.id(k), pop.id(e));
    }
    let a = assessor();
    let t = REGISTER_AS_OF;
    let mut expected = a.summarize_population(&pop, t);
    expected.rotate_left(half);
    assert_eq!(a.summarize_population(&back, t), expected);
}

fn s(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn enterprises() -> RecordBatch {
    RecordBatch::try_from_iter([
        ("id", s(&[Some("E1"), Some("E2")])),
        (
            "registered_on",
            s(&[Some("2020-01-01"), Some("2021-05-06")]),
        ),
        (
            "legal_person",
            Arc::new(BooleanArray::from(vec![true, false])) as ArrayRef,
        ),
    ])
    .unwrap()
}

fn events(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    RecordBatch::try_from_iter(cols).unwrap()
}

fn good_events() -> Vec<(&'static str, ArrayRef)> {
    vec![
        ("id", s(&[Some("F1"), Some("F2"), Some("F3")])),
        ("enterprise_id", s(&[Some("E1"), Some("E2"), Some("E1")])),
        (
            "date",
            Arc::new(Date32Array::from(vec![19000, 19100, 19200])) as ArrayRef,
        ),
        (
            "kind",
            s(&[Some("complaint"), Some("annual_report"), Some("honour")]),
        ),
        ("code", s(&[None, Some("2021"), Some("trademark")])),
        ("level", s(&[None, None, Some("national")])),
        ("until", s(&[None, None, Some("2030-01-01")])),
    ]
}

#[test]
fn string_dates_large_strings_and_missing_optional_columns_are_accepted() {
    let pop = population_from_arrow(&[enterprises()], &[events(good_events())]).unwrap();
    assert_eq!(pop.fact_count(), 3);
    assert_eq!(pop.facts(0).len(), 2);
    let large = RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(LargeStringArray::from(vec!["E1"])) as ArrayRef,
        ),
        (
            "registered_on",
            Arc::new(Date32Array::from(vec![18000])) as ArrayRef,
        ),
        ("legal_person", s(&[Some("true")])),
    ])
    .unwrap();
    let pop = population_from_arrow(&[large], &[]).unwrap();
    assert_eq!(pop.id(0), "E1");
    let cat = RecordBatch::try_from_iter([
        ("article", s(&[Some("A1")])),
        ("severity", s(&[Some("serious")])),
    ])
    .unwrap();
    assert!(catalogue_from_arrow(&[cat]).is_ok());
}

/// Replaces (or with `None` removes) one events column and expects a refusal
/// naming `field` and `row`.
fn refused(column: &str, value: Option<ArrayRef>, field: &str, needle: &str) {
    let mut cols = good_events();
    let k = cols.iter().position(|(n, _)| *n == column).unwrap();
    match value {
        Some(v) => cols[k].1 = v,
        None => {
            cols.remove(k);
        }
    }
    let err = population_from_arrow(&[enterprises()], &[events(cols)]).unwrap_err();
    assert_eq!(err.field(), Some(field), "{err}");
    assert!(err.message().contains(needle), "{err} should say {needle}");
}

#[test]
fn malformed_event_batches_are_refused_with_column_and_row() {
    refused("kind", None, "events.kind", "no column");
    refused("id", None, "events.id", "no column");
    refused(
        "date",
        Some(Arc::new(Int32Array::from(vec![1, 2, 3]))),
        "events.date",
        "Int32",
    );
    refused(
        "id",
        Some(s(&[Some("F1"), None, Some("F3")])),
        "events.id",
        "row 1: null",
    );
    refused(
        "id",
        Some(s(&[Some("F1"), Some(""), Some("F3")])),
        "events.id",
        "row 1: empty",
    );
    refused(
        "id",
        Some(s(&[Some("F1"), Some("F2"), Some("F1")])),
        "events.id",
        "row 2: duplicate event id",
    );
    refused(
        "kind",
        Some(s(&[Some("complaint"), Some("audit"), Some("honour")])),
        "events.kind",
        "row 1: unknown kind",
    );
    refused(
        "code",
        Some(s(&[None, Some("21"), Some("trademark")])),
        "events.code",
        "row 1: bad annual report year",
    );
    refused(
        "level",
        Some(s(&[None, None, Some("galactic")])),
        "events.level",
        "row 2:",
    );
    refused(
        "enterprise_id",
        Some(s(&[Some("E1"), Some("E9"), Some("E1")])),
        "events.enterprise_id",
        "row 1:",
    );
    refused(
        "until",
        Some(s(&[None, None, Some("2030-02-30")])),
        "events.until",
        "row 2: bad date",
    );
    refused(
        "date",
        Some(s(&[Some("2024-01-01"), None, Some("2024-01-01")])),
        "events.date",
        "row 1: null",
    );
}

#[test]
fn malformed_enterprise_batches_are_refused_with_column_and_row() {
    let bad = |cols: Vec<(&str, ArrayRef)>, field: &str, needle: &str| {
        let b = RecordBatch::try_from_iter(cols).unwrap();
        let err = population_from_arrow(&[b], &[]).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.message().contains(needle), "{err} should say {needle}");
        err
    };
    let lp = || Arc::new(BooleanArray::from(vec![true, false])) as ArrayRef;
    let err = bad(
        vec![
            ("id", s(&[Some("E1"), Some("E1")])),
            (
                "registered_on",
                s(&[Some("2020-01-01"), Some("2020-01-01")]),
            ),
            ("legal_person", lp()),
        ],
        "enterprises.id",
        "row 1: duplicate enterprise id",
    );
    assert_eq!(err.kind(), ErrorKind::Parse);
    bad(
        vec![
            ("id", s(&[Some("E1"), Some("E2")])),
            (
                "registered_on",
                s(&[Some("2020-01-01"), Some("2020-13-01")]),
            ),
            ("legal_person", lp()),
        ],
        "enterprises.registered_on",
        "row 1: bad date",
    );
    let err = bad(
        vec![("id", s(&[Some("E1"), Some("E2")])), ("legal_person", lp())],
        "enterprises.registered_on",
        "no column",
    );
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    bad(
        vec![
            ("id", s(&[Some("E1"), Some("E2")])),
            (
                "registered_on",
                s(&[Some("2020-01-01"), Some("2020-01-01")]),
            ),
            ("legal_person", s(&[Some("true"), Some("yes")])),
        ],
        "enterprises.legal_person",
        "row 1: bad legal_person",
    );
    bad(
        vec![
            ("id", s(&[Some("E1"), Some("E2")])),
            (
                "registered_on",
                s(&[Some("2020-01-01"), Some("2020-01-01")]),
            ),
            (
                "legal_person",
                Arc::new(BooleanArray::from(vec![Some(true), None])) as ArrayRef,
            ),
        ],
        "enterprises.legal_person",
        "row 1: null",
    );
    let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::Int32, false)]));
    let b = RecordBatch::try_new(schema, vec![Arc::new(Int32Array::from(vec![1]))]).unwrap();
    let err = population_from_arrow(&[b], &[]).unwrap_err();
    assert_eq!(err.field(), Some("enterprises.id"));
}

/// The usual layout (`Utf8`, `Date32`, as `population_to_arrow` writes it) is
/// read on a faster path; a bad value there is refused as on any other layout.
#[test]
fn bad_values_in_the_usual_layout_are_refused_with_column_and_row() {
    let (_, pop) = register(4);
    let (es, ev) = population_to_arrow(&pop).unwrap();
    let strings = |name: &str| -> Vec<Option<String>> {
        let a = ev
            .column_by_name(name)
            .unwrap()
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        (0..a.len())
            .map(|k| (!a.is_null(k)).then(|| a.value(k).to_owned()))
            .collect()
    };
    let with = |name: &str, row: usize, value: Option<&str>| {
        let mut v = strings(name);
        v[row] = value.map(str::to_owned);
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
    };
    let annual = strings("kind")
        .iter()
        .position(|k| k.as_deref() == Some("annual_report"))
        .unwrap();
    let cases = [
        (
            with("kind", 5, Some("bogus")),
            "events.kind",
            "row 5: unknown kind",
        ),
        (with("id", 7, Some("")), "events.id", "row 7: empty value"),
        (with("id", 3, None), "events.id", "row 3: null"),
        (
            with("enterprise_id", 9, Some("nobody")),
            "events.enterprise_id",
            "row 9: event",
        ),
        (
            with("code", annual, Some("20x1")),
            "events.code",
            &format!("row {annual}: bad annual report year") as &str,
        ),
        (
            with("id", 2, strings("id")[1].as_deref()),
            "events.id",
            "row 2: duplicate event id",
        ),
    ];
    for (batch, field, needle) in cases {
        let err = population_from_arrow(std::slice::from_ref(&es), &[batch]).unwrap_err();
        assert_eq!(err.field(), Some(field), "{err}");
        assert!(err.to_string().contains(needle), "{err} lacks {needle:?}");
    }
}
