//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use creditgrade::{
    Assessment, Assessor, Catalogue, Enterprise, Error, Fact, Grade, History, Policy, Severity,
};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The test catalogue: `MIN`, `GEN`, `SER` and a few numbered articles.
pub fn catalogue() -> Catalogue {
    Catalogue::from_pairs([
        ("MIN", Severity::Minor),
        ("GEN", Severity::General),
        ("SER", Severity::Serious),
        ("MIN2", Severity::Minor),
    ])
    .unwrap()
}

/// The catalogue of the population tests: `A1` minor, `A2` general, `A3` serious.
pub fn catalogue_a() -> Catalogue {
    Catalogue::from_pairs([
        ("A1", Severity::Minor),
        ("A2", Severity::General),
        ("A3", Severity::Serious),
    ])
    .unwrap()
}

pub fn assessor(policy: Policy) -> Assessor {
    Assessor::new(policy, catalogue()).unwrap()
}

/// A legal-person enterprise registered on `reg`.
pub fn ent(reg: NaiveDate) -> Enterprise {
    Enterprise::new("E1", reg).legal_person(true)
}

pub fn assess(
    policy: Policy,
    e: Enterprise,
    facts: Vec<Fact>,
    t: NaiveDate,
) -> Result<Assessment, Error> {
    let h = History::new(e, facts).unwrap();
    assessor(policy).assess(&h, t)
}

/// Grade, locked_until and points under the seed policy.
pub fn seed(
    reg: NaiveDate,
    facts: Vec<Fact>,
    t: NaiveDate,
) -> (
    Option<Grade>,
    Option<NaiveDate>,
    Option<rust_decimal::Decimal>,
) {
    let a = assess(Policy::seed(), ent(reg), facts, t).unwrap();
    (a.grade(), a.locked_until(), a.points())
}
