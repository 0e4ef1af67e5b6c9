//! A penalty fact linked to its decision details (docs/national.md, "Penalty
//! decisions"), and rule sets in force in practice: the grading policy and the
//! working-day calendar as timeline versions (docs/national.md, "Versions in
//! force").

mod common;

use common::{catalogue, d};
use creditgrade::disclosure::{HolidayCalendar, WorkCalendar};
use creditgrade::national::{
    Decision, Dossier, Fulfilment, Measure, NationalRules, NotPublished, Procedure,
};
use creditgrade::timeline::{AssessorTimeline, Timeline, Version};
use creditgrade::{Assessor, Enterprise, ErrorKind, Fact, Grade, History, Policy};
use proptest::prelude::*;

fn history() -> History {
    History::new(
        Enterprise::new("E1", d(2025, 1, 1)).legal_person(true),
        vec![
            Fact::penalty("P1", d(2025, 3, 10), "GEN"),
            Fact::penalty("P2", d(2025, 6, 1), "MIN"),
            Fact::complaint("C1", d(2025, 2, 1)),
        ],
    )
    .unwrap()
}

#[test]
fn every_penalty_gets_a_decision_and_details_fill_it_in() {
    let details = [Decision::new("P1", d(2025, 3, 10), "GEN")
        .with_procedure(Procedure::Ordinary)
        .with_measure(Measure::fine(50_000))];
    let dossier = Dossier::from_history(&history(), details).unwrap();
    assert_eq!(dossier.enterprise(), "E1");
    let facts: Vec<_> = dossier.decisions().iter().map(Decision::fact).collect();
    assert_eq!(facts, ["P1", "P2"]);
    assert_eq!(
        dossier.decisions()[1],
        Decision::new("P2", d(2025, 6, 1), "MIN")
    );
    let p = NationalRules::national_2026()
        .publicity(
            &dossier.fulfilment(Fulfilment::new("P1", d(2025, 4, 1))),
            d(2025, 7, 1),
        )
        .unwrap();
    assert!(p[0].system.public);
    assert_eq!(p[0].system.scheduled_until, Some(d(2028, 3, 10)));
    // No details: no publicity answer, only the reason.
    assert_eq!(p[1].system.not_published, Some(NotPublished::NoMeasures));
    assert!(!p[1].system.public);
    assert_eq!(p[1].credit_china.class, None);
    assert!(!p[1].credit_china.public);
}

#[test]
fn details_do_not_change_the_grade() {
    let a = Assessor::new(Policy::seed(), catalogue()).unwrap();
    let h = history();
    let before = a.assess(&h, d(2025, 7, 1)).unwrap();
    let _ = Dossier::from_history(
        &h,
        [Decision::new("P1", d(2025, 3, 10), "GEN").with_measure(Measure::LicenceRevoked)],
    )
    .unwrap();
    assert_eq!(a.assess(&h, d(2025, 7, 1)).unwrap(), before);
    assert_eq!(before.grade(), Some(Grade::C));
}

#[test]
fn details_that_do_not_match_a_penalty_are_refused_naming_enterprise_fact_and_field() {
    let h = history();
    let cases = [
        (
            Decision::new("P9", d(2025, 3, 10), "GEN"),
            ErrorKind::UnknownDecision,
            "P9",
            "fact",
            "enterprise \"E1\": fact \"P9\" (fact): decision details for \"P9\", which is not a fact of the enterprise",
        ),
        (
            Decision::new("C1", d(2025, 2, 1), "GEN"),
            ErrorKind::UnknownDecision,
            "C1",
            "fact",
            "enterprise \"E1\": fact \"C1\" (fact): decision details for \"C1\", which is a complaint fact, not a penalty",
        ),
        (
            Decision::new("P1", d(2025, 3, 11), "GEN"),
            ErrorKind::InvalidInput,
            "P1",
            "decided_on",
            "enterprise \"E1\": fact \"P1\" (decided_on): the details are dated 2025-03-11, the penalty 2025-03-10",
        ),
        (
            Decision::new("P1", d(2025, 3, 10), "SER"),
            ErrorKind::InvalidInput,
            "P1",
            "article",
            "enterprise \"E1\": fact \"P1\" (article): the details cite article \"SER\", the penalty \"GEN\"",
        ),
    ];
    for (detail, kind, fact, field, msg) in cases {
        let e = Dossier::from_history(&h, [detail]).unwrap_err();
        assert_eq!(e.kind(), kind, "{e}");
        assert_eq!(e.enterprise(), Some("E1"));
        assert_eq!(e.fact(), Some(fact));
        assert_eq!(e.field(), Some(field));
        assert_eq!(e.to_string(), msg);
    }
    let twice = [
        Decision::new("P1", d(2025, 3, 10), "GEN"),
        Decision::new("P1", d(2025, 3, 10), "GEN").with_measure(Measure::Warning),
    ];
    let e = Dossier::from_history(&h, twice).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DuplicateFactId);
    assert_eq!(e.fact(), Some("P1"));
}

fn policies() -> Timeline<Policy> {
    let seed = Policy::seed();
    let mut stricter = Policy::seed();
    stricter.name = "stricter".into();
    stricter.lock.duration_months.general = 24;
    stricter.lock.duration_months.minor = 18;
    Timeline::new(vec![
        Version::new("seed", seed.fingerprint(), d(2024, 1, 1), seed),
        Version::new("stricter", stricter.fingerprint(), d(2026, 1, 1), stricter),
    ])
    .unwrap()
}

#[test]
fn the_policy_in_force_grades_and_is_named() {
    let t = AssessorTimeline::new(&policies(), catalogue()).unwrap();
    let h = history();
    for (as_of, name, grade, locked) in [
        (d(2025, 12, 31), "seed", Grade::C, Some(d(2026, 6, 1))),
        (d(2026, 1, 1), "stricter", Grade::C, Some(d(2027, 3, 10))),
        (d(2026, 3, 10), "stricter", Grade::C, Some(d(2027, 3, 10))),
    ] {
        let a = t.assess(&h, as_of).unwrap();
        assert_eq!(a.version.name, name, "{as_of}");
        assert_eq!(a.version.fingerprint, a.value.policy_fingerprint());
        assert_eq!(a.value.grade(), Some(grade), "{as_of}");
        assert_eq!(a.value.locked_until(), locked, "{as_of}");
        let s = t.summarize(&h, as_of).unwrap();
        assert_eq!(s.version, a.version);
        assert_eq!(s.value, a.value.summary());
    }
    assert_eq!(
        t.versions()[0].fingerprint(),
        Policy::seed().fingerprint(),
        "the seed's fingerprint is unchanged"
    );
    let e = t.assess(&h, d(2023, 12, 31)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
    assert_eq!(e.enterprise(), Some("E1"));
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": no version was in force on 2023-12-31: the first, \"seed\", takes effect on 2024-01-01"
    );
}

#[test]
fn an_invalid_policy_version_is_named() {
    let mut bad = Policy::seed();
    bad.lock.duration_months.general = -1;
    let t = Timeline::new(vec![
        Version::new("seed", "x", d(2024, 1, 1), Policy::seed()),
        Version::new("broken", "y", d(2025, 1, 1), bad),
    ])
    .unwrap();
    let e = AssessorTimeline::new(&t, catalogue()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(e.subject(), Some("broken"));
}

/// Holiday tables as versions: each notice, on the day it was issued, adds its
/// year to what a bureau knows.
fn calendars() -> Timeline<HolidayCalendar> {
    let y24 = HolidayCalendar::china_2024();
    let y25 = y24.clone().merge(HolidayCalendar::china_2025()).unwrap();
    let y26 = y25.clone().merge(HolidayCalendar::china_2026()).unwrap();
    Timeline::new(vec![
        Version::new("notice 2024", "国办发明电〔2023〕7号", d(2023, 10, 25), y24),
        Version::new(
            "notice 2025",
            "国办发明电〔2024〕12号",
            d(2024, 11, 12),
            y25,
        ),
        Version::new("notice 2026", "notice of 2025-11-04", d(2025, 11, 4), y26),
    ])
    .unwrap()
}

#[test]
fn a_calendar_as_known_on_a_day() {
    let t = calendars();
    // 2026-01-01 asked on 2025-06-01: the 2026 table is not known yet.
    let known = t.in_force(d(2025, 6, 1)).unwrap();
    assert_eq!(known.name(), "notice 2025");
    let e = known.rules().is_working_day(d(2026, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
    // Asked on 2025-11-04: a holiday.
    let known = t.in_force(d(2025, 11, 4)).unwrap();
    assert_eq!(known.fingerprint(), "notice of 2025-11-04");
    assert!(!known.rules().is_working_day(d(2026, 1, 1)).unwrap());
    let e = t.in_force(d(2023, 10, 24)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
}

fn arb_facts() -> impl Strategy<Value = Vec<Fact>> {
    let fact = (0_u64..2200, 0_usize..5).prop_map(|(day, k)| {
        let date = d(2020, 1, 1) + chrono::Days::new(day);
        (date, k)
    });
    proptest::collection::vec(fact, 0..8).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (date, k))| {
                let id = format!("F{i}");
                match k {
                    0 => Fact::penalty(id, date, "MIN"),
                    1 => Fact::penalty(id, date, "GEN"),
                    2 => Fact::penalty(id, date, "SER"),
                    3 => Fact::complaint(id, date),
                    _ => Fact::new(
                        id,
                        date,
                        creditgrade::FactKind::AnnualReport {
                            year: date.format("%Y").to_string().parse::<i32>().unwrap() - 1,
                        },
                    ),
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A later version of the grading policy never changes an answer about a day
    /// before it takes effect; the answer names the version in force.
    #[test]
    fn a_later_policy_never_changes_the_past(
        facts in arb_facts(),
        as_of in 0_u64..2600,
        later in 1_u64..1500,
        general in 1_i32..40,
    ) {
        let h = History::new(Enterprise::new("E1", d(2020, 1, 1)).legal_person(true), facts).unwrap();
        let base = policies();
        let last = base.versions().last().unwrap().effective();
        let eff = last + chrono::Days::new(later);
        let mut p = Policy::seed();
        p.name = "later".into();
        p.lock.duration_months.general = general;
        let mut extended = base.clone();
        extended.push(Version::new("later", p.fingerprint(), eff, p)).unwrap();
        let a = AssessorTimeline::new(&base, catalogue()).unwrap();
        let b = AssessorTimeline::new(&extended, catalogue()).unwrap();
        let as_of = d(2023, 6, 1) + chrono::Days::new(as_of);
        let x = a.assess(&h, as_of);
        let y = b.assess(&h, as_of);
        if as_of < eff {
            prop_assert_eq!(&x, &y);
        } else {
            prop_assert_eq!(y.as_ref().map(|v| v.version.name.as_str()).ok(), Some("later"));
        }
        if let Ok(v) = &y {
            prop_assert!(v.version.effective <= as_of);
            prop_assert_eq!(&v.version.fingerprint, v.value.policy_fingerprint());
        }
    }
}
