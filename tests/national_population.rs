//! A columnar population graded with the national effects equals the same
//! enterprises graded one history at a time (`summarize_national`,
//! `assess_national`), reasons included.

mod common;

use chrono::NaiveDate;
use creditgrade::national::{Mark, NationalRules, Standing};
use creditgrade::policy::{MarkEffect, NationalGrading};
use creditgrade::population::{Population, PopulationBuilder};
use creditgrade::{
    Assessor, Catalogue, Enterprise, ErrorKind, Fact, FactKind, Grade, History, Policy,
};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn day(k: u32) -> NaiveDate {
    d(2018, 1, 1) + chrono::Days::new(u64::from(k))
}

fn catalogue() -> Catalogue {
    common::catalogue_a()
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
