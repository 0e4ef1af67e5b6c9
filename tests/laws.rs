//! The laws of grading, as property tests.

mod common;

use chrono::{Days, NaiveDate};
use common::{assessor, catalogue, d};
use creditgrade::explain::Status;
use creditgrade::model::{AdGrade, Honour, HonourLevel};
use creditgrade::policy::{Band, LockMode, PerSeverity, Rounding, RoundingRule, Scoring};
use creditgrade::quantify::Method;
use creditgrade::rust_decimal::Decimal;
use creditgrade::{Assessor, Enterprise, Fact, FactKind, Grade, History, Policy};
use proptest::prelude::*;

const START: (i32, u32, u32) = (2019, 1, 1);

fn start() -> NaiveDate {
    d(START.0, START.1, START.2)
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
    Repair(usize),
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
        3 => prop_oneof![Just("MIN"), Just("GEN"), Just("SER"), Just("MIN2")].prop_map(K::Penalty),
        1 => Just(K::Breach),
        2 => Just(K::Complaint),
        1 => Just(K::Admonition),
        2 => (honour, proptest::option::of(0u32..2500)).prop_map(|(h, u)| K::Honour(h, u)),
        3 => (2019i32..2026).prop_map(K::Report),
        2 => (0usize..16).prop_map(K::Repair),
        1 => Just(K::Flag),
    ]
}

/// Facts dated from 2019-01-01 on; the enterprise is registered on 2019-01-01.
fn facts() -> impl Strategy<Value = Vec<Fact>> {
    prop::collection::vec((kind(), 0u32..2600), 0..14).prop_map(|raw| {
        let mut out: Vec<Fact> = Vec::new();
        let targets: Vec<(String, NaiveDate)> = raw
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| matches!(k, K::Penalty(_) | K::Breach))
            .map(|(i, (_, n))| (format!("F{i}"), day(*n)))
            .collect();
        for (i, (k, n)) in raw.into_iter().enumerate() {
            let id = format!("F{i}");
            let date = day(n);
            let f = match k {
                K::Penalty(a) => Fact::penalty(id, date, a),
                K::Breach => Fact::breach(id, date, "conduct"),
                K::Complaint => Fact::complaint(id, date),
                K::Admonition => Fact::admonition(id, date),
                K::Honour(h, u) => Fact::honour(id, date, h, u.map(|x| day(n + x))),
                K::Report(y) => Fact::annual_report(id, date, y),
                K::Repair(j) => match targets.get(j % targets.len().max(1)) {
                    // Repairs come after their target, so the target exists whenever
                    // the repair does.
                    Some((t, td)) => Fact::repair(id, (*td).max(date), t.clone()),
                    None => Fact::complaint(id, date),
                },
                K::Flag => Fact::key_person_flag(id, date, "P1"),
            };
            out.push(f);
        }
        out
    })
}

fn enterprise(legal: bool) -> Enterprise {
    Enterprise::new("E", start()).legal_person(legal)
}

fn history(facts: Vec<Fact>, legal: bool) -> History {
    History::new(enterprise(legal), facts).unwrap()
}

fn policies() -> Vec<Policy> {
    let mut w = Policy::seed();
    w.lock.mode = LockMode::Window;
    vec![Policy::seed(), w, Policy::score_preset()]
}

/// A non-negative coefficient with up to two decimal places.
fn coefficient() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        4 => (0i64..400).prop_map(|c| Decimal::new(c, 2)),
    ]
}

/// Score policies over the whole space validation allows: any non-negative
/// coefficients, non-positive severity points falling from minor to serious,
/// non-positive key-person points, any base, descending bands, floors on or off,
/// either lock mode, any rounding.
fn score_policies() -> impl Strategy<Value = Policy> {
    (
        prop::collection::vec(coefficient(), 5),
        (0i64..80, 0i64..80, 0i64..80, 0i64..30),
        -50i64..200,
        prop::collection::btree_set(-100i64..200, 1..6),
        (any::<bool>(), any::<bool>(), 0u32..3, 0usize..5),
    )
        .prop_map(
            |(c, (m, g, s, k), base, mins, (floors, window, dp, rule))| {
                let mut p = Policy::score_preset();
                if window {
                    p.lock.mode = LockMode::Window;
                }
                if let Scoring::Score(r) = &mut p.scoring {
                    for (method, c) in Method::ALL.into_iter().zip(c) {
                        r.coefficients.set(method, c);
                    }
                    let minor = -m;
                    let general = minor - g;
                    let serious = general - s;
                    r.severity_points =
                        PerSeverity::new(minor.into(), general.into(), serious.into());
                    r.key_person_points = (-k).into();
                    r.base = base.into();
                    r.floors = floors;
                    let grades = [
                        Grade::Aaa,
                        Grade::Aa,
                        Grade::A,
                        Grade::B,
                        Grade::C,
                        Grade::D,
                    ];
                    let skip = grades.len() - mins.len();
                    r.bands = mins
                        .iter()
                        .rev()
                        .zip(&grades[skip..])
                        .map(|(&min, &g)| Band::new(min.into(), g))
                        .collect();
                    let rules = [
                        RoundingRule::HalfEven,
                        RoundingRule::HalfUp,
                        RoundingRule::Down,
                        RoundingRule::Floor,
                        RoundingRule::Ceiling,
                    ];
                    r.rounding = Rounding::new(dp, rules[rule]);
                }
                p.validate().unwrap();
                p
            },
        )
}

fn grade(a: &Assessor, h: &History, t: NaiveDate) -> Grade {
    let s = a.summarize(h, t).unwrap();
    assert_eq!(s.status, Status::Active);
    s.grade.unwrap()
}

fn adverse() -> impl Strategy<Value = (K, u32)> {
    (
        prop_oneof![
            prop_oneof![Just("MIN"), Just("GEN"), Just("SER")].prop_map(K::Penalty),
            Just(K::Breach),
            Just(K::Complaint),
            Just(K::Admonition),
            Just(K::Flag),
        ],
        0u32..2600,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A new adverse fact never raises a grade (under every preset and lock mode).
    #[test]
    fn an_adverse_fact_never_raises_a_grade(f in facts(), (k, n) in adverse(), legal: bool, tn in 0u32..2700) {
        let t = day(tn);
        let mut more = f.clone();
        let id = "NEW".to_owned();
        more.push(match k {
            K::Penalty(a) => Fact::penalty(id, day(n), a),
            K::Breach => Fact::breach(id, day(n), "conduct"),
            K::Complaint => Fact::complaint(id, day(n)),
            K::Admonition => Fact::admonition(id, day(n)),
            _ => Fact::key_person_flag(id, day(n), "P2"),
        });
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            let before = grade(&a, &history(f.clone(), legal), t);
            let after = grade(&a, &history(more.clone(), legal), t);
            prop_assert!(after >= before, "{before} became {after}");
        }
    }

    /// In score mode, over every policy validation accepts, a new adverse fact never
    /// raises the score or the grade (floors on or off; cumulative rules fire).
    #[test]
    fn an_adverse_fact_never_raises_a_score(p in score_policies(), f in facts(), (k, n) in adverse(), legal: bool, tn in 0u32..2700) {
        let t = day(tn);
        let mut more = f.clone();
        let id = "NEW".to_owned();
        more.push(match k {
            K::Penalty(a) => Fact::penalty(id, day(n), a),
            K::Breach => Fact::breach(id, day(n), "conduct"),
            K::Complaint => Fact::complaint(id, day(n)),
            K::Admonition => Fact::admonition(id, day(n)),
            _ => Fact::key_person_flag(id, day(n), "P2"),
        });
        let a = Assessor::new(p, catalogue()).unwrap();
        let before = a.summarize(&history(f, legal), t).unwrap();
        let after = a.summarize(&history(more, legal), t).unwrap();
        prop_assert!(after.score.unwrap() <= before.score.unwrap(), "{:?} rose to {:?}", before.score, after.score);
        prop_assert!(after.grade.unwrap() >= before.grade.unwrap(), "{:?} became {:?}", before.grade, after.grade);
    }

    /// Facts dated after the assessment date change nothing, not even the reasons.
    #[test]
    fn facts_after_as_of_change_nothing(f in facts(), extra in facts(), tn in 0u32..2600) {
        let t = day(tn);
        let mut more: Vec<Fact> = f.iter().filter(|x| x.date <= t).cloned().collect();
        let base = more.clone();
        for (i, mut x) in extra.into_iter().enumerate() {
            x.id = format!("LATER{i}");
            x.date = t.checked_add_days(Days::new(1 + (i as u64) * 17)).unwrap();
            if let FactKind::Repair { target } = &mut x.kind {
                *target = format!("LATER{target}");
            }
            more.push(x);
        }
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            prop_assert_eq!(a.assess(&history(base.clone(), true), t), a.assess(&history(more.clone(), true), t));
        }
    }

    /// The order in which facts are given changes nothing.
    #[test]
    fn input_order_changes_nothing(f in facts(), seed: u64, tn in 0u32..2700) {
        let t = day(tn);
        let mut shuffled = f.clone();
        // A deterministic shuffle from the seed.
        let mut s = seed;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(s >> 33).unwrap() % (i + 1);
            shuffled.swap(i, j);
        }
        let a = assessor(Policy::seed());
        prop_assert_eq!(a.assess(&history(f, true), t), a.assess(&history(shuffled, true), t));
    }

    /// During an Episode lock without repairs the tier never rises.
    #[test]
    fn episode_lock_only_falls(f in facts(), tn in 0u32..2600, steps in prop::collection::vec(1u32..400, 1..6)) {
        let f: Vec<Fact> = f.into_iter().filter(|x| !matches!(x.kind, FactKind::Repair { .. })).collect();
        let h = history(f, true);
        let a = assessor(Policy::seed());
        let t0 = day(tn);
        let s0 = a.summarize(&h, t0).unwrap();
        if let Some(until) = s0.locked_until {
            let mut t = t0;
            for step in steps {
                t = t.checked_add_days(Days::new(u64::from(step))).unwrap();
                if t >= until { break; }
                let s = a.summarize(&h, t).unwrap();
                prop_assert!(s.tier() >= s0.tier(), "{:?} rose to {:?} at {}", s0.tier(), s.tier(), t);
                prop_assert!(s.locked_until.unwrap() >= until);
            }
        }
    }

    /// The lean path and the full path agree, and parallel batches equal sequential ones.
    #[test]
    fn summary_full_and_parallel_agree(fs in prop::collection::vec(facts(), 1..8), tn in 0u32..2700) {
        let t = day(tn);
        let hs: Vec<History> = fs.into_iter().enumerate().map(|(i, f)| {
            History::new(Enterprise::new(format!("E{i}"), start()).legal_person(i % 3 != 0), f).unwrap()
        }).collect();
        for p in policies() {
            let a = Assessor::new(p, catalogue()).unwrap();
            let full = a.assess_batch(&hs, t);
            let lean = a.summarize_batch(&hs, t);
            for (x, y) in full.iter().zip(&lean) {
                prop_assert_eq!(x.clone().map(|a| a.summary()), y.clone());
            }
            #[cfg(feature = "rayon")]
            {
                prop_assert_eq!(&a.par_assess_batch(&hs, t), &full);
                prop_assert_eq!(a.par_summarize_batch(&hs, t), lean);
            }
        }
    }

    /// Assessments survive a serde round trip and serialise to the same bytes twice.
    #[test]
    fn assessment_serde_round_trip(f in facts(), tn in 0u32..2700) {
        let a = assessor(Policy::score_preset());
        if let Ok(x) = a.assess(&history(f, true), day(tn)) {
            let json = serde_json::to_string(&x).unwrap();
            let back: creditgrade::Assessment = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &x);
            prop_assert_eq!(serde_json::to_string(&back).unwrap(), json);
        }
    }

    /// Policies survive a serde round trip, fingerprint included.
    #[test]
    fn policy_serde_round_trip(aaa in 30i64..200, months in 1i32..40, window in 1i32..36, threshold in 1u32..9) {
        let mut p = Policy::seed();
        p.refine.aaa_min = aaa.into();
        p.lock.duration_months.general = months;
        p.cumulative[0].window_months = window;
        p.cumulative[0].threshold = threshold;
        for p in [p, Policy::score_preset()] {
            let json = serde_json::to_string(&p).unwrap();
            let back: Policy = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back.fingerprint(), p.fingerprint());
            prop_assert_eq!(back, p);
        }
    }
}

#[test]
fn seed_fingerprint_is_pinned() {
    // A change of this value is a change of the seed policy's canonical form: it
    // must come with a CHANGELOG entry.
    assert_eq!(
        Policy::seed().fingerprint(),
        include_str!("fixtures/seed_fingerprint.txt").trim()
    );
}
