//! A columnar population grades exactly as the same enterprises as histories:
//! summaries, full assessments with every reason, and errors.

mod common;

use chrono::NaiveDate;
use creditgrade::explain::ReasonCode;
use creditgrade::model::{AdGrade, Department, DisclosureFailureKind, Honour, HonourLevel};
use creditgrade::policy::{
    Counted, CumulativeRule, DepartmentRule, DisclosureGrading, LockMode, PerSeverity,
    UnknownArticle,
};
use creditgrade::population::{Population, PopulationBuilder};
use creditgrade::quantify::{Findings, Input, Method, Quantifier};
use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::{Assessor, Catalogue, Enterprise, Fact, FactKind, History, Policy, Severity};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn catalogue() -> Catalogue {
    common::catalogue_a()
}

/// Every complaint is also a minor event of its own: exercises custom
/// quantifiers, which read rows.
struct ComplaintsBite;

impl Quantifier for ComplaintsBite {
    fn name(&self) -> &str {
        "complaints_bite"
    }
    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        for (i, f) in input.facts().iter().enumerate() {
            if matches!(f.kind, FactKind::Complaint) && input.enterprise().legal_person {
                out.adverse(
                    Method::FactBased,
                    ReasonCode::custom("complaint"),
                    "complaints_bite",
                    Severity::Minor,
                    f.date,
                    &[i],
                );
            }
        }
    }
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(14 * 365)).prop_map(|k| d(2013, 1, 1) + chrono::Days::new(k.unsigned_abs()))
}

fn fact() -> impl Strategy<Value = Fact> {
    let id = prop_oneof![9 => (0u8..14).prop_map(|k| format!("F{k}")), 1 => Just(String::new())];
    let target = (0u8..14).prop_map(|k| format!("F{k}"));
    let article = prop_oneof![Just("A1"), Just("A2"), Just("A3"), Just("ZZ"), Just("")];
    let level = prop_oneof![
        Just(HonourLevel::National),
        Just(HonourLevel::Provincial),
        Just(HonourLevel::Municipal),
        Just(HonourLevel::District)
    ];
    let honour = prop_oneof![
        level.clone().prop_map(Honour::ContractAbiding),
        level.clone().prop_map(Honour::Trademark),
        level.prop_map(Honour::Other),
        Just(Honour::Advertising(AdGrade::A)),
        Just(Honour::Advertising(AdGrade::C)),
    ];
    let kind = prop_oneof![
        3 => article.prop_map(|a| FactKind::Penalty { article: a.to_owned() }),
        1 => prop_oneof![Just("no_supervisory_board"), Just("other")]
            .prop_map(|b| FactKind::Breach { breach: b.to_owned() }),
        3 => Just(FactKind::Complaint),
        1 => Just(FactKind::Admonition),
        2 => (honour, proptest::option::of(date()))
            .prop_map(|(honour, until)| FactKind::Honour { honour, until }),
        6 => (2012i32..2027).prop_map(|year| FactKind::AnnualReport { year }),
        1 => Just(FactKind::Revocation),
        1 => Just(FactKind::Deregistration),
        2 => target.prop_map(|target| FactKind::Repair { target }),
        1 => Just(FactKind::KeyPersonFlag { person: "P1".to_owned() }),
        1 => prop_oneof![Just("T1"), Just("T9")].prop_map(|code| FactKind::DepartmentRecord {
            department: Department::Tax,
            code: code.to_owned(),
        }),
        1 => proptest::sample::select(DisclosureFailureKind::ALL.to_vec())
            .prop_map(|failure| FactKind::DisclosureFailure { failure }),
    ];
    (id, date(), kind).prop_map(|(id, date, kind)| Fact::new(id, date, kind))
}

fn enterprise() -> impl Strategy<Value = (Enterprise, Vec<Fact>)> {
    (
        prop_oneof![19 => Just("E"), 1 => Just("")],
        date(),
        any::<bool>(),
        proptest::collection::vec(fact(), 0..14),
        prop_oneof![1 => Just(false), 3 => Just(true)],
    )
        .prop_map(|(id, reg, lp, mut facts, unique)| {
            // Mostly distinct ids, so that repairs find their targets and the
            // enterprise is graded rather than refused.
            if unique {
                for (k, f) in facts.iter_mut().enumerate() {
                    f.id = format!("F{k}");
                }
            }
            (
                Enterprise::new(id, reg)
                    .legal_person(lp)
                    .name("n")
                    .route("R1"),
                facts,
            )
        })
}

/// Builds the population pushing the facts in reverse order, interleaved across
/// enterprises, so that grouping and sorting are exercised.
fn columnar(es: &[(Enterprise, Vec<Fact>)]) -> Population {
    let mut b = PopulationBuilder::new();
    let idx: Vec<u32> = es.iter().map(|(e, _)| b.push_enterprise(e)).collect();
    let longest = es.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
    for k in (0..longest).rev() {
        for (i, (_, facts)) in es.iter().enumerate().rev() {
            if let Some(f) = facts.get(k) {
                b.push_fact(idx[i], f).unwrap();
            }
        }
    }
    b.build().unwrap()
}

/// The histories, their facts given in the order `columnar` pushes them (which
/// only decides which of several facts with an empty id is reported).
fn rows(es: &[(Enterprise, Vec<Fact>)]) -> Vec<Result<History, creditgrade::Error>> {
    es.iter()
        .map(|(e, f)| History::new(e.clone(), f.iter().rev().cloned().collect()))
        .collect()
}

fn check_same(assessor: &Assessor, es: &[(Enterprise, Vec<Fact>)], t: NaiveDate) {
    let pop = columnar(es);
    let hs = rows(es);
    let full = assessor.assess_population(&pop, t);
    let lean = assessor.summarize_population(&pop, t);
    assert_eq!(full.len(), hs.len());
    for (k, h) in hs.iter().enumerate() {
        let (expected_full, expected_lean) = match h {
            Ok(h) => (assessor.assess(h, t), assessor.summarize(h, t)),
            Err(e) => (Err(e.clone()), Err(e.clone())),
        };
        assert_eq!(full[k], expected_full, "enterprise {k}");
        assert_eq!(lean[k], expected_lean, "enterprise {k}");
        if let Ok(h) = h {
            // Key persons are not part of a population.
            assert_eq!(pop.history(k).unwrap().facts(), h.facts());
            assert_eq!(pop.id(k), h.id());
        }
    }
    #[cfg(feature = "rayon")]
    {
        assert_eq!(assessor.par_assess_population(&pop, t), full);
        assert_eq!(assessor.par_summarize_population(&pop, t), lean);
    }
}

/// Policies that differ from the seed in every section the one-pass summary
/// reads: lock mode, unknown articles, breach kinds, department records,
/// disclosure failures, cumulative rules, annual reports, refinement; and score
/// mode, which the general engine grades.
fn policy() -> impl Strategy<Value = Policy> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u8..5,
        0u8..3,
        (any::<bool>(), any::<bool>(), any::<bool>(), 0u8..8),
    )
        .prop_map(|(window, treat, breaches, cumulative, annual, refine)| {
            let mut p = Policy::seed();
            if window {
                p.lock.mode = LockMode::Window;
                p.lock.duration_months = PerSeverity::new(6, 13, 30);
            }
            if treat {
                p.penalties.unknown_article = UnknownArticle::Treat(Severity::General);
                p.departments.unknown_is_error = false;
                p.disclosure = Some(DisclosureGrading::source());
            }
            if breaches {
                p.breaches.default_severity = Severity::Serious;
                p.breaches
                    .by_kind
                    .insert("other".to_owned(), Severity::Minor);
            }
            p.departments
                .rules
                .push(DepartmentRule::new("tax", "T1", Severity::General));
            match cumulative {
                0 => p.cumulative.clear(),
                1 => p.cumulative.push(CumulativeRule::new(
                    "minor_penalties_2y",
                    Counted::Penalties(Severity::Minor),
                    24,
                    2,
                    Severity::General,
                )),
                2 => p.cumulative.push(CumulativeRule::new(
                    "any_breach",
                    Counted::Breaches,
                    12,
                    1,
                    Severity::Minor,
                )),
                3 => p.cumulative.push(CumulativeRule::new(
                    "complaints_6m",
                    Counted::Complaints,
                    6,
                    2,
                    Severity::Serious,
                )),
                _ => {}
            }
            match annual {
                0 => p.annual_reports = None,
                1 => {
                    if let Some(a) = &mut p.annual_reports {
                        a.first_year = 2016;
                        a.deadline_month = 2;
                        a.deadline_day = 28;
                        a.severity = Severity::General;
                    }
                }
                _ => {}
            }
            let (lp, kp, lookback, score) = refine;
            p.refine.require_legal_person = lp;
            p.refine.key_person_flags_bar = kp;
            if lookback {
                p.refine.lookback_months = 36;
                p.refine.aa_min = 5.into();
            }
            if score == 0 {
                p.scoring = Policy::score_preset().scoring;
            }
            p
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn columnar_grades_as_rows_under_varied_policies(
        es in proptest::collection::vec(enterprise(), 1..8),
        t in date(),
        policy in policy(),
    ) {
        let assessor = Assessor::new(policy, catalogue()).unwrap();
        check_same(&assessor, &es, t);
    }

    #[test]
    fn columnar_grades_as_rows(
        es in proptest::collection::vec(enterprise(), 1..8),
        t in date(),
    ) {
        let assessor = Assessor::new(Policy::seed(), catalogue()).unwrap();
        check_same(&assessor, &es, t);
        let custom = Assessor::new(Policy::seed(), catalogue())
            .unwrap()
            .with_quantifier(ComplaintsBite);
        check_same(&custom, &es, t);
    }
}

#[test]
fn synthetic_population_with_faults_grades_as_rows() {
    let p = synth_population(
        &SynthConfig::default()
            .seed(11)
            .enterprises(3000)
            .error_rate(rust_decimal::Decimal::new(5, 2)),
    );
    let assessor = Assessor::new(Policy::seed(), p.catalogue().unwrap()).unwrap();
    check_same(&assessor, &p.enterprises, p.as_of);
    let score = Policy::score_preset();
    let assessor = Assessor::new(score, p.catalogue().unwrap()).unwrap();
    check_same(&assessor, &p.enterprises, d(2023, 3, 31));
}

#[test]
fn validation_matches_history_new() {
    let e = Enterprise::new("E1", d(2020, 1, 1));
    let cases = vec![
        (
            e.clone(),
            vec![
                Fact::complaint("C1", d(2021, 1, 1)),
                Fact::complaint("C1", d(2022, 1, 1)),
            ],
        ),
        (e.clone(), vec![Fact::complaint("", d(2021, 1, 1))]),
        (Enterprise::new("", d(2020, 1, 1)), vec![]),
        (
            e,
            vec![
                Fact::complaint("B", d(2021, 1, 1)),
                Fact::complaint("A", d(2022, 1, 1)),
                Fact::complaint("B", d(2023, 1, 1)),
                Fact::complaint("A", d(2024, 1, 1)),
            ],
        ),
    ];
    let pop = columnar(&cases);
    for (k, h) in rows(&cases).into_iter().enumerate() {
        let err = h.unwrap_err();
        assert_eq!(pop.error(k), Some(&err), "case {k}");
        assert_eq!(pop.history(k), Err(err));
    }
}
