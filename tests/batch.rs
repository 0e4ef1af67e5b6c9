//! Batches and sources: one enterprise's error stays its own.

mod common;

use common::{assessor, d};
use creditgrade::{
    Enterprise, Error, ErrorKind, Fact, FactSource, Grade, History, MemorySource, Policy,
};

fn population() -> Vec<History> {
    vec![
        History::new(
            Enterprise::new("OK1", d(2024, 1, 1)),
            vec![Fact::penalty("P", d(2024, 2, 1), "SER")],
        )
        .unwrap(),
        History::new(
            Enterprise::new("BAD", d(2024, 1, 1)),
            vec![Fact::penalty("P", d(2024, 2, 1), "NOPE")],
        )
        .unwrap(),
        History::new(Enterprise::new("OK2", d(2024, 1, 1)), vec![]).unwrap(),
    ]
}

#[test]
fn a_bad_enterprise_does_not_spoil_the_batch() {
    let a = assessor(Policy::seed());
    let t = d(2024, 6, 1);
    for results in [
        a.assess_batch(&population(), t)
            .into_iter()
            .map(|r| r.map(|x| x.grade()))
            .collect::<Vec<_>>(),
        a.summarize_batch(&population(), t)
            .into_iter()
            .map(|r| r.map(|x| x.grade))
            .collect(),
        a.par_summarize_batch(&population(), t)
            .into_iter()
            .map(|r| r.map(|x| x.grade))
            .collect(),
    ] {
        assert_eq!(results[0], Ok(Some(Grade::D)));
        let e = results[1].clone().unwrap_err();
        assert_eq!(
            (e.kind(), e.enterprise()),
            (ErrorKind::UnknownArticle, Some("BAD"))
        );
        assert_eq!(results[2], Ok(Some(Grade::A)));
    }
}

#[test]
fn duplicate_fact_ids_are_refused_naming_both() {
    let e = History::new(
        Enterprise::new("E", d(2024, 1, 1)),
        vec![
            Fact::complaint("X", d(2024, 2, 1)),
            Fact::admonition("X", d(2024, 3, 1)),
        ],
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateFactId);
    assert_eq!(
        e.to_string(),
        "enterprise \"E\": fact \"X\" (id): two facts have the id \"X\""
    );
}

#[test]
fn memory_source_in_insertion_order() {
    let mut src = MemorySource::new();
    for h in population() {
        let (e, facts) = h.into_parts();
        let id = e.id.clone();
        src.add_enterprise(e).unwrap();
        for f in facts {
            src.add_fact(&id, f).unwrap();
        }
    }
    assert!(
        src.add_enterprise(Enterprise::new("OK1", d(2024, 1, 1)))
            .is_err()
    );
    assert!(
        src.add_fact("NOBODY", Fact::complaint("C", d(2024, 1, 1)))
            .is_err()
    );
    let out = assessor(Policy::seed())
        .assess_source(&src, d(2024, 6, 1))
        .unwrap();
    let ids: Vec<&str> = out.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["OK1", "BAD", "OK2"]);
    assert!(out[1].1.is_err());
    assert_eq!(out[0].1.as_ref().unwrap().grade(), Some(Grade::D));
}

/// A source whose store fails for one enterprise.
struct Flaky;

impl FactSource for Flaky {
    fn enterprise_ids(&self) -> Result<Vec<String>, Error> {
        Ok(vec!["A".into(), "B".into()])
    }
    fn enterprise(&self, id: &str) -> Result<Enterprise, Error> {
        Ok(Enterprise::new(id, d(2020, 1, 1)))
    }
    fn facts(&self, id: &str) -> Result<Vec<Fact>, Error> {
        if id == "B" {
            Err(Error::data_source("connection reset").with_enterprise(id))
        } else {
            Ok(vec![])
        }
    }
}

#[test]
fn a_failing_source_fails_one_enterprise() {
    let out = assessor(Policy::seed())
        .summarize_source(&Flaky, d(2020, 6, 1))
        .unwrap();
    assert_eq!(out[0].1.as_ref().unwrap().grade, Some(Grade::A));
    let e = out[1].1.as_ref().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Source);
    assert_eq!(e.to_string(), "enterprise \"B\": connection reset");
}
