//! The summary path over a population takes shortcuts on large batches and
//! long histories: dates moved by months are looked up in tables (batches of
//! 4096 enterprises or more) and facts are read 64 at a time. Each shortcut
//! must give what the general engine gives on the same enterprises as
//! histories.

mod common;

use chrono::{Days, NaiveDate};
use creditgrade::model::{Honour, HonourLevel};
use creditgrade::policy::{LockMode, PerSeverity, UnknownArticle};
use creditgrade::population::{Population, PopulationBuilder};
use creditgrade::research::{REGISTER_AS_OF, register_enterprises, synth_catalogue};
use creditgrade::{Assessor, Catalogue, Enterprise, Fact, FactKind, History, Policy, Severity};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn population(es: &[(Enterprise, Vec<Fact>)]) -> Population {
    let mut b = PopulationBuilder::new();
    for (e, facts) in es {
        let i = b.push_enterprise(e);
        for f in facts {
            b.push_fact(i, f).unwrap();
        }
    }
    b.build().unwrap()
}

/// Summaries of the population, sequential and parallel, against summaries of
/// the same enterprises as histories.
fn check_summaries(assessor: &Assessor, es: &[(Enterprise, Vec<Fact>)], t: NaiveDate) {
    let pop = population(es);
    let lean = assessor.summarize_population(&pop, t);
    assert_eq!(lean.len(), es.len());
    for (k, (e, f)) in es.iter().enumerate() {
        let expected = History::new(e.clone(), f.clone()).and_then(|h| assessor.summarize(&h, t));
        assert_eq!(lean[k], expected, "enterprise {k} ({})", e.id);
    }
    #[cfg(feature = "rayon")]
    assert_eq!(assessor.par_summarize_population(&pop, t), lean);
}

/// Policies whose month arithmetic differs from the seed's: lock lengths that
/// end on month ends and in leap years, windows of other lengths.
fn policies() -> Vec<Policy> {
    let mut window = Policy::seed();
    window.lock.mode = LockMode::Window;
    window.lock.duration_months = PerSeverity::new(1, 13, 30);
    window.lock.repair_min_months = PerSeverity::new(1, 2, 5);
    let mut short = Policy::seed();
    short.lock.duration_months = PerSeverity::new(1, 2, 7);
    for r in &mut short.cumulative {
        r.window_months = 1;
    }
    short.penalties.unknown_article = UnknownArticle::Treat(Severity::Minor);
    vec![Policy::seed(), window, short]
}

/// A register-like batch large enough for the month tables, graded at dates
/// that put facts on both sides of the date and both ends of the tables.
#[test]
fn register_batch_grades_as_histories() {
    let es: Vec<_> = register_enterprises(5000, 3).collect();
    let catalogue =
        Catalogue::from_pairs(synth_catalogue().iter().map(|(a, s)| (a.as_str(), *s))).unwrap();
    for policy in policies() {
        let assessor = Assessor::new(policy, catalogue.clone()).unwrap();
        for t in [
            REGISTER_AS_OF,
            d(2024, 2, 29),
            d(2019, 12, 31),
            d(2050, 1, 31),
        ] {
            check_summaries(&assessor, &es, t);
        }
    }
}

fn fact(k: usize, reg: NaiveDate) -> impl Strategy<Value = Fact> {
    let kind = prop_oneof![
        8 => (2012i32..2030).prop_map(|year| FactKind::AnnualReport { year }),
        2 => Just(FactKind::Complaint),
        1 => Just(FactKind::Admonition),
        1 => prop_oneof![Just("A1"), Just("A2"), Just("A3")]
            .prop_map(|a| FactKind::Penalty { article: a.to_owned() }),
        1 => Just(FactKind::Breach { breach: "no_supervisory_board".to_owned() }),
        1 => (0u8..4, proptest::option::of(0u64..2000)).prop_map(move |(l, until)| {
            FactKind::Honour {
                honour: Honour::ContractAbiding(HonourLevel::ALL[usize::from(l)]),
                until: until.map(|u| reg + Days::new(u)),
            }
        }),
        1 => (0usize..200).prop_map(|j| FactKind::Repair { target: format!("F{j}") }),
    ];
    (0u64..(16 * 365), kind)
        .prop_map(move |(day, kind)| Fact::new(format!("F{k}"), reg + Days::new(day), kind))
}

/// An enterprise with up to 200 facts, none before its registration.
fn long_enterprise() -> impl Strategy<Value = (Enterprise, Vec<Fact>)> {
    (0u64..(8 * 365), 0usize..200, any::<bool>()).prop_flat_map(|(r, n, lp)| {
        let reg = d(2010, 1, 1) + Days::new(r);
        let facts: Vec<_> = (0..n).map(|k| fact(k, reg)).collect();
        facts.prop_map(move |facts| (Enterprise::new("E", reg).legal_person(lp), facts))
    })
}

fn catalogue() -> Catalogue {
    common::catalogue_a()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Histories longer than the 64 facts read at a time.
    #[test]
    fn long_histories_grade_as_histories(
        es in proptest::collection::vec(long_enterprise(), 1..4),
        t in (0u64..(20 * 365)).prop_map(|k| d(2012, 1, 1) + Days::new(k)),
        p in 0usize..3,
    ) {
        let assessor = Assessor::new(policies().swap_remove(p), catalogue()).unwrap();
        check_summaries(&assessor, &es, t);
    }
}
