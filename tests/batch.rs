//! Batches and sources: one enterprise's error stays its own.

mod common;

use common::{assessor, d};
use std::borrow::Cow;

use creditgrade::{
    Enterprise, EnterpriseIds, Error, ErrorKind, Fact, FactSource, Grade, History, MemorySource,
    Policy,
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
    #[cfg_attr(not(feature = "rayon"), allow(unused_mut))]
    let mut runs: Vec<Vec<Result<Option<Grade>, Error>>> = vec![
        a.assess_batch(&population(), t)
            .into_iter()
            .map(|r| r.map(|x| x.grade()))
            .collect(),
        a.summarize_batch(&population(), t)
            .into_iter()
            .map(|r| r.map(|x| x.grade))
            .collect(),
    ];
    #[cfg(feature = "rayon")]
    runs.push(
        a.par_summarize_batch(&population(), t)
            .into_iter()
            .map(|r| r.map(|x| x.grade))
            .collect(),
    );
    for results in runs {
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

/// A source whose store fails for one enterprise, and hands over owned values.
struct Flaky;

impl FactSource for Flaky {
    fn enterprise_ids(&self) -> Result<EnterpriseIds<'_>, Error> {
        Ok(Box::new(["A", "B", "C"].into_iter().map(Cow::Borrowed)))
    }
    fn enterprise(&self, id: &str) -> Result<Cow<'_, Enterprise>, Error> {
        Ok(Cow::Owned(Enterprise::new(id, d(2020, 1, 1))))
    }
    fn facts(&self, id: &str) -> Result<Cow<'_, [Fact]>, Error> {
        match id {
            "B" => Err(Error::data_source("connection reset")
                .with_enterprise(id)
                .with_cause(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "peer went away",
                ))),
            "C" => Ok(Cow::Owned(vec![Fact::penalty("P", d(2020, 2, 1), "SER")])),
            _ => Ok(Cow::Borrowed(&[])),
        }
    }
}

#[test]
fn a_failing_source_fails_one_enterprise() {
    use std::error::Error as _;
    let a = assessor(Policy::seed());
    let t = d(2020, 6, 1);
    let out = a.summarize_source(&Flaky, t).unwrap();
    let ids: Vec<&str> = out.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["A", "B", "C"]);
    assert_eq!(out[0].1.as_ref().unwrap().grade, Some(Grade::A));
    assert_eq!(out[2].1.as_ref().unwrap().grade, Some(Grade::D));
    let e = out[1].1.as_ref().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Source);
    assert_eq!(e.to_string(), "enterprise \"B\": connection reset");
    assert_eq!(e.source().unwrap().to_string(), "peer went away");

    // The parallel versions keep each id with its own result, in order.
    #[cfg(feature = "rayon")]
    {
        assert_eq!(a.par_summarize_source(&Flaky, t).unwrap(), out);
        let full = a.par_assess_source(&Flaky, t).unwrap();
        assert_eq!(full, a.assess_source(&Flaky, t).unwrap());
        let ids: Vec<&str> = full.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["A", "B", "C"]);
        assert!(full[1].1.is_err());
        assert_eq!(full[2].1.as_ref().unwrap().grade(), Some(Grade::D));
    }
}

#[test]
fn memory_source_lends_histories_and_refuses_duplicates() {
    let mut src = MemorySource::new();
    src.add_enterprise(Enterprise::new("E1", d(2020, 1, 1)))
        .unwrap();
    src.add_fact("E1", Fact::complaint("C1", d(2024, 1, 1)))
        .unwrap();
    let e = src
        .add_fact("E1", Fact::complaint("C1", d(2024, 2, 1)))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateFactId);
    assert_eq!((e.enterprise(), e.fact()), (Some("E1"), Some("C1")));
    assert!(matches!(src.history("E1").unwrap(), Cow::Borrowed(_)));
    assert_eq!(src.history("E1").unwrap().facts().len(), 1);
    assert_eq!(
        src.add_enterprise(Enterprise::new("E1", d(2020, 1, 1)))
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}
