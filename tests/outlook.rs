//! The outlook's law: on every day of its horizon it equals a direct assessment,
//! and it never lists a date on which nothing changes.

mod common;

use chrono::{Days, NaiveDate};
use common::{catalogue, d};
use creditgrade::explain::{Detail, ReasonCode};
use creditgrade::model::{AdGrade, Honour, HonourLevel};
use creditgrade::outlook::{Action, Outlook, Risk, Trigger};
use creditgrade::policy::LockMode;
use creditgrade::{Assessor, Enterprise, Fact, Grade, History, Policy, Severity};
use proptest::prelude::*;

fn start() -> NaiveDate {
    d(2019, 1, 1)
}

fn day(n: u32) -> NaiveDate {
    start().checked_add_days(Days::new(u64::from(n))).unwrap()
}

/// A fact kind without ids resolved (repairs point at an index).
#[derive(Clone, Debug)]
enum K {
    Penalty(&'static str),
    Breach,
    Complaint,
    Admonition,
    Honour(Honour, Option<u32>),
    Report(i32),
    Repair(usize, u32),
    Flag,
}

fn kind() -> impl Strategy<Value = K> {
    let honour = prop_oneof![
        Just(Honour::ContractAbiding(HonourLevel::National)),
        Just(Honour::ContractAbiding(HonourLevel::Municipal)),
        Just(Honour::Trademark(HonourLevel::Provincial)),
        Just(Honour::Advertising(AdGrade::A)),
        Just(Honour::Other(HonourLevel::District)),
    ];
    prop_oneof![
        3 => prop_oneof![Just("MIN"), Just("GEN"), Just("SER")].prop_map(K::Penalty),
        1 => Just(K::Breach),
        2 => Just(K::Complaint),
        1 => Just(K::Admonition),
        3 => (honour, proptest::option::of(1u32..1500)).prop_map(|(h, u)| K::Honour(h, u)),
        3 => (2018i32..2026).prop_map(K::Report),
        2 => (0usize..16, 0u32..500).prop_map(|(j, lag)| K::Repair(j, lag)),
        1 => Just(K::Flag),
    ]
}

/// An enterprise registered `reg` days after 2019-01-01 and facts dated from its
/// registration on.
fn history() -> impl Strategy<Value = History> {
    (
        0u32..800,
        any::<bool>(),
        prop::collection::vec((kind(), 0u32..2400), 0..14),
    )
        .prop_map(|(reg, legal, raw)| {
            let targets: Vec<(String, NaiveDate)> = raw
                .iter()
                .enumerate()
                .filter(|(_, (k, _))| matches!(k, K::Penalty(_) | K::Breach))
                .map(|(i, (_, n))| (format!("F{i}"), day(reg + n)))
                .collect();
            let mut out = Vec::new();
            for (i, (k, n)) in raw.into_iter().enumerate() {
                let id = format!("F{i}");
                let date = day(reg + n);
                out.push(match k {
                    K::Penalty(a) => Fact::penalty(id, date, a),
                    K::Breach => Fact::breach(id, date, "conduct"),
                    K::Complaint => Fact::complaint(id, date),
                    K::Admonition => Fact::admonition(id, date),
                    K::Honour(h, u) => Fact::honour(id, date, h, u.map(|x| day(reg + n + x))),
                    K::Report(y) => Fact::annual_report(id, date, y),
                    K::Repair(j, lag) => match targets.get(j % targets.len().max(1)) {
                        Some((t, td)) => Fact::repair(
                            id,
                            td.checked_add_days(Days::new(u64::from(lag))).unwrap(),
                            t.clone(),
                        ),
                        None => Fact::complaint(id, date),
                    },
                    K::Flag => Fact::key_person_flag(id, date, "P1"),
                });
            }
            History::new(Enterprise::new("E", day(reg)).legal_person(legal), out).unwrap()
        })
}

fn policies() -> Vec<Policy> {
    let mut window = Policy::seed();
    window.lock.mode = LockMode::Window;
    // Lock durations, repair periods and a look-back that differ per severity, so
    // that ends and lapses fall on different days.
    let mut varied = Policy::seed();
    varied.lock.duration_months.general = 24;
    varied.lock.duration_months.serious = 36;
    varied.lock.duration_months.minor = 6;
    varied.refine.lookback_months = 13;
    let mut score_window = Policy::score_preset();
    score_window.lock.mode = LockMode::Window;
    vec![
        Policy::seed(),
        window,
        varied,
        Policy::score_preset(),
        score_window,
    ]
}

/// The history without its facts dated after `as_of`.
fn known(h: &History, as_of: NaiveDate) -> History {
    History::new(h.enterprise().clone(), h.facts_as_of(as_of).to_vec()).unwrap()
}

/// Checks the law for one outlook: every day equals the direct assessment of the
/// known history, and every listed change is a real change.
fn check_law(a: &Assessor, h: &History, o: &Outlook) -> Result<(), TestCaseError> {
    let k = known(h, o.as_of());
    let mut x = o.as_of();
    while x <= o.until() {
        let direct = a.summarize(&k, x).unwrap();
        prop_assert_eq!(o.at(x), Some(&direct), "day {}", x);
        x = x.succ_opt().unwrap();
    }
    for c in o.changes() {
        let before = o.at(c.date.pred_opt().unwrap()).unwrap();
        prop_assert_ne!(before, &c.summary, "no change on {}", c.date);
        prop_assert!(!c.causes.is_empty());
    }
    prop_assert!(o.changes().windows(2).all(|w| w[0].date < w[1].date));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// On every day of the next three years the outlook equals a direct assessment
    /// (seed, Window, varied durations, score mode with Episode and Window locks).
    #[test]
    fn the_outlook_equals_the_direct_assessment_on_every_day(h in history(), tn in 0u32..2900) {
        let as_of = day(tn);
        let until = as_of.checked_add_days(Days::new(3 * 366)).unwrap();
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            match a.outlook(&h, as_of, until) {
                Ok(o) => check_law(&a, &h, &o)?,
                Err(e) => {
                    // The error is the enterprise's data error on some day.
                    let k = known(&h, as_of);
                    let mut x = as_of;
                    let mut found = false;
                    while x <= until && !found {
                        found = a.summarize(&k, x).as_ref().err() == Some(&e);
                        x = x.succ_opt().unwrap();
                    }
                    prop_assert!(found, "{e}");
                }
            }
        }
    }
}

fn with(h: &History, extra: Vec<Fact>) -> History {
    let mut f = h.facts().to_vec();
    f.extend(extra);
    History::new(h.enterprise().clone(), f).unwrap()
}

/// Every action, applied as a fact, has exactly the effect it promised.
fn check_actions(a: &Assessor, h: &History, o: &Outlook) -> Result<(), TestCaseError> {
    let k = known(h, o.as_of());
    let actions = a.actions(h, o).unwrap();
    let mut all: Vec<Action> = actions.repairs().to_vec();
    all.extend(actions.reports().iter().cloned());
    for g in actions.gaps() {
        prop_assert_eq!(g.missing, g.threshold - g.points);
        for opt in &g.options {
            all.push(opt.action.clone());
            let Some((_, grade)) = opt.action.effect().grade else {
                return Err(TestCaseError::fail(
                    "an honour option without a grade effect",
                ));
            };
            prop_assert!(opt.gain >= g.missing);
            let _ = grade;
        }
    }
    for (i, action) in all.iter().enumerate() {
        let fact = action.fact(&format!("NEW{i}"));
        let from = fact.date;
        let w = with(&k, vec![fact]);
        let e = action.effect();
        let mut x = from;
        while x < e.date {
            prop_assert_eq!(
                &a.summarize(&w, x).unwrap(),
                o.at(x).unwrap(),
                "{} on {}",
                action,
                x
            );
            x = x.succ_opt().unwrap();
        }
        prop_assert_eq!(a.summarize(&w, e.date).unwrap(), e.after, "{}", action);
        prop_assert_eq!(o.at(e.date).unwrap(), &e.before, "{}", action);
        prop_assert_ne!(e.after, e.before);
        if let Some((gd, g)) = e.grade {
            let s = a.summarize(&w, gd).unwrap();
            prop_assert_eq!(s.grade, g);
            prop_assert_ne!(o.at(gd).unwrap().grade, g);
        }
        prop_assert!(!action.to_string().is_empty());
    }
    // The plan: each step's summary with all repairs up to it filed.
    let mut filed = Vec::new();
    for (i, (date, target, s)) in actions.plan().iter().enumerate() {
        filed.push(Fact::repair(format!("PLAN{i}"), *date, target.as_str()));
        prop_assert_eq!(&a.summarize(&with(&k, filed.clone()), *date).unwrap(), s);
    }
    // Risks: the counts and the least severity, checked by adding the facts.
    let as_of = o.as_of();
    for r in actions.risks() {
        match r {
            Risk::Cumulative {
                rule,
                counted,
                threshold,
                needed,
                ..
            } => {
                let make = |n: u32| -> Vec<Fact> {
                    (0..n)
                        .map(|j| {
                            let id = format!("CNT{j}");
                            match rule.as_str() {
                                "complaints" => Fact::complaint(id, as_of),
                                "admonitions" => Fact::admonition(id, as_of),
                                _ => Fact::penalty(id, as_of, "MIN"),
                            }
                        })
                        .collect()
                };
                let fires =
                    |n: u32| {
                        a.assess(&with(&k, make(n)), as_of).unwrap().reasons().iter().any(|x| {
                        x.code == ReasonCode::CUMULATIVE
                            && x.rule == rule.as_str()
                            && x.evidence.iter().any(|e| e.fact.starts_with("CNT"))
                            && matches!(x.detail, Detail::Adverse { date, .. } if date == as_of)
                    })
                    };
                prop_assert!(fires(*needed), "{}", r);
                if counted < threshold {
                    prop_assert!(!fires(needed - 1), "{}", r);
                }
            }
            Risk::NewEvent { severity, after } => {
                let now = o.now();
                for (art, s) in [
                    ("MIN", Severity::Minor),
                    ("GEN", Severity::General),
                    ("SER", Severity::Serious),
                ] {
                    let got = a
                        .summarize(&with(&k, vec![Fact::penalty("NEWP", as_of, art)]), as_of)
                        .unwrap();
                    match severity {
                        Some(least) if s == *least => prop_assert_eq!(Some(got), *after),
                        Some(least) if s < *least => prop_assert_eq!(got.grade, now.grade),
                        None => prop_assert_eq!(got.grade, now.grade),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every repair, honour and risk does exactly what it says.
    #[test]
    fn every_action_has_the_effect_it_promised(h in history(), tn in 0u32..2900) {
        let as_of = day(tn);
        let until = as_of.checked_add_days(Days::new(3 * 366)).unwrap();
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            if let Ok(o) = a.outlook(&h, as_of, until) {
                check_actions(&a, &h, &o)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The law on the long horizon of `next_grade_change` (years past the last
    /// fact, where the engine sums up long runs of missed reports).
    #[test]
    fn the_outlook_equals_the_direct_assessment_up_to_the_settled_horizon(h in history(), tn in 0u32..2900) {
        let as_of = day(tn);
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            let until = a.settled_horizon(&h, as_of);
            if let Ok(o) = a.outlook(&h, as_of, until) {
                check_law(&a, &h, &o)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// "Never" means never: with no grade change up to the settled horizon, none
    /// comes in the three years after it either; a change found is the first.
    #[test]
    fn no_grade_change_by_the_settled_horizon_means_none_later(h in history(), tn in 0u32..2900) {
        let as_of = day(tn);
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            let Ok(next) = a.next_grade_change(&h, as_of) else { continue };
            let k = known(&h, as_of);
            let now = a.summarize(&k, as_of).unwrap();
            let horizon = a.settled_horizon(&h, as_of);
            match next {
                None => {
                    let mut x = horizon;
                    let end = horizon.checked_add_days(Days::new(3 * 366)).unwrap();
                    while x <= end {
                        let s = a.summarize(&k, x).unwrap();
                        prop_assert_eq!((s.status, s.grade), (now.status, now.grade), "on {}", x);
                        x = x.succ_opt().unwrap();
                    }
                }
                Some(c) => {
                    let s = a.summarize(&k, c.date).unwrap();
                    prop_assert_eq!(s, c.summary);
                    prop_assert_ne!((s.status, s.grade), (now.status, now.grade));
                    let before = a.summarize(&k, c.date.pred_opt().unwrap()).unwrap();
                    prop_assert_eq!((before.status, before.grade), (now.status, now.grade));
                }
            }
        }
    }

    /// Sequential and parallel batches give the same outlooks, in input order.
    #[test]
    fn batches_sequential_and_parallel_agree(hs in prop::collection::vec(history(), 1..8), tn in 0u32..2900) {
        let as_of = day(tn);
        let until = as_of.checked_add_days(Days::new(1000)).unwrap();
        let hs: Vec<History> = hs.into_iter().enumerate().map(|(i, h)| {
            let (mut e, f) = h.into_parts();
            e.id = format!("E{i}");
            History::new(e, f).unwrap()
        }).collect();
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            let seq = a.outlook_batch(&hs, as_of, until);
            for (h, o) in hs.iter().zip(&seq) {
                prop_assert_eq!(o, &a.outlook(h, as_of, until));
            }
            #[cfg(feature = "rayon")]
            prop_assert_eq!(&a.par_outlook_batch(&hs, as_of, until), &seq);
        }
    }
}

#[test]
fn an_until_before_as_of_is_refused() {
    let a = Assessor::new(Policy::seed(), catalogue()).unwrap();
    let h = History::new(Enterprise::new("E9", d(2020, 1, 1)), vec![]).unwrap();
    let e = a.outlook(&h, d(2025, 1, 1), d(2024, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), creditgrade::ErrorKind::InvalidInput);
    assert!(e.to_string().contains("E9"), "{e}");
    assert!(e.to_string().contains("2024-01-01"), "{e}");
}

#[test]
fn a_serious_penalty_on_a_leap_day_leaves_the_look_back_a_day_late() {
    // 2024-02-29 + 36 months = 2027-02-28, whose look-back (2024-02-28, 2027-02-28]
    // still holds the penalty: AA comes on 2027-03-01.
    let a = Assessor::new(Policy::seed(), catalogue()).unwrap();
    let mut facts = vec![
        Fact::penalty("P1", d(2024, 2, 29), "SER"),
        Fact::honour(
            "H1",
            d(2024, 3, 1),
            Honour::ContractAbiding(HonourLevel::National),
            None,
        ),
    ];
    for y in 2020..2028 {
        // Early filings count as on time; all are known on 2024-03-01.
        facts.push(Fact::annual_report(
            format!("R{y}"),
            d(y.min(2023) + 1, 3, 1),
            y,
        ));
    }
    let h = History::new(
        Enterprise::new("E1", d(2020, 1, 1)).legal_person(true),
        facts,
    )
    .unwrap();
    let o = a.outlook(&h, d(2024, 3, 1), d(2027, 12, 31)).unwrap();
    let dates: Vec<(NaiveDate, Option<Grade>)> = o
        .changes()
        .iter()
        .map(|c| (c.date, c.summary.grade))
        .collect();
    assert_eq!(
        dates,
        vec![
            (d(2025, 2, 28), Some(Grade::A)),
            (d(2027, 3, 1), Some(Grade::Aa)),
        ]
    );
    assert_eq!(o.eligible_from(), Some(d(2027, 3, 1)));
    assert_eq!(o.bars().len(), 1);
    assert_eq!(o.bars()[0].lapses, Some(d(2027, 3, 1)));
    assert_eq!(o.changes()[0].causes[0].trigger, Trigger::LockEnds);
    assert_eq!(o.changes()[1].causes[0].trigger, Trigger::LeavesLookBack);
    assert_eq!(o.changes()[1].causes[0].evidence[0].fact, "P1");
}

/// The demo district (examples/district.rs): every day of three years, for every
/// `step`-th enterprise.
fn district_law(step: usize) {
    use creditgrade::research::{SynthConfig, synth_population};
    let as_of = d(2026, 6, 30);
    let until = d(2029, 6, 30);
    let population = synth_population(
        &SynthConfig::default()
            .seed(7_229)
            .enterprises(7_229)
            .as_of(as_of),
    );
    let histories = population.histories().unwrap();
    let mut window = Policy::seed();
    window.lock.mode = LockMode::Window;
    for p in [Policy::seed(), window, Policy::score_preset()] {
        let a = Assessor::new(p, population.catalogue().unwrap()).unwrap();
        let mut changes = 0;
        for h in histories.iter().step_by(step) {
            match a.outlook(h, as_of, until) {
                Ok(o) => {
                    check_law(&a, h, &o).unwrap();
                    changes += o.changes().len();
                }
                Err(e) => assert_eq!(a.summarize(&known(h, as_of), as_of).unwrap_err(), e),
            }
        }
        assert!(changes > 0);
    }
}

#[test]
fn the_demo_district_every_day_of_three_years() {
    district_law(23);
}

/// Every enterprise of the district (`cargo test --release --test outlook -- --ignored`).
#[test]
#[ignore = "every enterprise: run with --release"]
fn the_whole_demo_district_every_day_of_three_years() {
    district_law(1);
}

/// Standings of marks around the outlook's date: each spell starts up to two
/// years before it and ends (if it does) up to three years after its start.
fn standing(
    as_of: NaiveDate,
    raw: &[(usize, u32, Option<u32>)],
) -> creditgrade::national::Standing {
    use creditgrade::national::{Mark, Standing};
    let mut s = Standing::clear("E", as_of);
    for (k, (m, back, len)) in raw.iter().enumerate() {
        let from = as_of
            .checked_sub_days(Days::new(u64::from(*back)))
            .unwrap()
            .checked_add_days(Days::new(365))
            .unwrap();
        let until = len.map(|l| from.checked_add_days(Days::new(u64::from(l))).unwrap());
        s = s.with_spell(Mark::ALL[*m % 4], format!("M{k}"), from, until);
    }
    s
}

fn national_policies() -> Vec<Policy> {
    use creditgrade::policy::{MarkEffect, NationalGrading};
    let mut capped = NationalGrading::national_2026();
    capped.abnormal_list = MarkEffect::new(Some(Grade::B), true);
    capped.credit_china = MarkEffect::new(Some(Grade::A), false);
    let mut a = Policy::national_2026();
    a.national = Some(capped);
    let mut score = Policy::score_preset();
    score.national = Some(capped);
    vec![Policy::national_2026(), a, score]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// With national effects, on every day of the next three years the outlook
    /// equals the direct assessment with the same standing.
    #[test]
    fn the_national_outlook_equals_the_direct_assessment_on_every_day(
        h in history(),
        tn in 0u32..2900,
        raw in prop::collection::vec((0usize..4, 0u32..1095, proptest::option::of(1u32..1100)), 0..4),
    ) {
        let as_of = day(tn);
        let until = as_of.checked_add_days(Days::new(3 * 366)).unwrap();
        let s = standing(as_of, &raw);
        for p in national_policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            let Ok(o) = a.outlook_national(&h, &s, as_of, until) else { continue };
            let k = known(&h, as_of);
            let mut x = as_of;
            while x <= until {
                let direct = a.summarize_national(&k, &s, x).unwrap();
                prop_assert_eq!(o.at(x), Some(&direct), "day {}", x);
                x = x.succ_opt().unwrap();
            }
            for c in o.changes() {
                let before = o.at(c.date.pred_opt().unwrap()).unwrap();
                prop_assert_ne!(before, &c.summary, "no change on {}", c.date);
                prop_assert!(!c.causes.is_empty());
            }
        }
        // Off: the outlook of the seed is the plain one.
        let seed = Assessor::new(Policy::seed(), catalogue()).unwrap();
        if let Ok(o) = seed.outlook(&h, as_of, until) {
            prop_assert_eq!(seed.outlook_national(&h, &s, as_of, until).unwrap(), o);
        }
    }
}
