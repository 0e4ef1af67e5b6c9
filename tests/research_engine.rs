//! Scenario tests of the research toolkit on the grading engine: comparison,
//! calibration, replays over time and knob sweeps, on small synthetic populations.

use chrono::NaiveDate;
use creditgrade::model::{Honour, HonourLevel};
use creditgrade::policy::Coefficients;
use creditgrade::quantify::Method;
use creditgrade::research::{
    CalibrationTargets, GradeDistribution, Knob, KnobSweep, MonthDay, Outcome, PsiOptions,
    SynthConfig, Weights, apply_band_calibration, apply_calibration, calibrate_bands,
    calibrate_population, coefficients_from_weights, compare_policies, explain_movers,
    monthly_dates, move_counts, outcome_of, replay, score_policy, sweep_knob, synth_population,
    tier_a_candidates,
};
use creditgrade::{
    Assessor, Catalogue, Enterprise, ErrorKind, Fact, Grade, History, Policy, Severity,
};
use rust_decimal::Decimal;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

struct Fixture {
    histories: Vec<History>,
    catalogue: Catalogue,
    as_of: NaiveDate,
}

fn fixture(n: usize, seed: u64) -> Fixture {
    let p = synth_population(&SynthConfig::default().seed(seed).enterprises(n));
    Fixture {
        histories: p.histories().unwrap(),
        catalogue: p.catalogue().unwrap(),
        as_of: p.as_of,
    }
}

fn direct_outcomes(a: &Assessor, histories: &[History], as_of: NaiveDate) -> Vec<Outcome> {
    histories
        .iter()
        .map(|h| outcome_of(&a.summarize(h, as_of)))
        .collect()
}

// ---------------------------------------------------------------- weights → policy

/// Weights 0.4 / 0.1 / 0.2 / 0.2 / 0.1 × scale 5 = 2 / 0.5 / 1 / 1 / 0.5.
#[test]
fn weights_become_coefficients_by_method_name() {
    let w = Weights::new([
        ("reference", dec("0.1")),
        ("penalty_based", dec("0.4")),
        ("tiered", dec("0.1")),
        ("fact_based", dec("0.2")),
        ("cumulative", dec("0.2")),
    ])
    .unwrap();
    let c = coefficients_from_weights(&w, Decimal::from(5)).unwrap();
    let got: Vec<Decimal> = Method::ALL.iter().map(|m| c.get(*m)).collect();
    assert_eq!(got, [dec("2"), dec("0.5"), dec("1"), dec("1"), dec("0.5")]);
    let p = score_policy("w", c).unwrap();
    assert_eq!(p.name, "w");
}

#[test]
fn a_missing_or_unknown_indicator_is_named() {
    let four = Weights::new([
        ("penalty_based", dec("0.4")),
        ("tiered", dec("0.2")),
        ("fact_based", dec("0.2")),
        ("cumulative", dec("0.2")),
    ])
    .unwrap();
    let e = coefficients_from_weights(&four, Decimal::ONE).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.subject(), Some("reference"));
    assert!(e.message().contains("missing"), "{e}");

    let odd = Weights::new([
        ("penalty_based", dec("0.5")),
        ("tiered", dec("0.1")),
        ("fact_based", dec("0.1")),
        ("cumulative", dec("0.1")),
        ("reference", dec("0.1")),
        ("honesty", dec("0.1")),
    ])
    .unwrap();
    let e = coefficients_from_weights(&odd, Decimal::ONE).unwrap_err();
    assert_eq!(e.field(), Some("weights[5]"));
    assert_eq!(e.subject(), Some("honesty"));

    let e = coefficients_from_weights(&four, Decimal::from(-1)).unwrap_err();
    assert_eq!(e.field(), Some("scale"));
}

// ---------------------------------------------------------------- side by side

#[test]
fn distributions_and_transitions_match_direct_counts() {
    let f = fixture(1500, 3);
    let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
    let score = Assessor::new(Policy::score_preset(), f.catalogue.clone()).unwrap();
    let c = compare_policies(&[&seed, &score], &f.histories, f.as_of).unwrap();

    for (i, a) in [&seed, &score].into_iter().enumerate() {
        let direct = direct_outcomes(a, &f.histories, f.as_of);
        assert_eq!(c.outcomes(i).unwrap(), direct.as_slice());
        assert_eq!(
            c.distributions()[i],
            GradeDistribution::from_outcomes(direct.iter().copied())
        );
    }
    let m = c.transitions(0, 1).unwrap();
    assert_eq!(m.total(), 1500);
    assert_eq!(m.cells().iter().flatten().sum::<u64>(), 1500);
    assert_eq!(m.before(), c.distributions()[0]);
    assert_eq!(m.after(), c.distributions()[1]);
    // Status is the same under both policies: nobody changes status.
    assert_eq!(m.status_changes(), 0);
    assert_eq!(
        m.unchanged() + m.upgrades() + m.downgrades(),
        1500,
        "every enterprise is counted once"
    );
    assert!(!m.movers().is_empty(), "the two policies differ on someone");
    assert_eq!(
        c.transitions(0, 2).unwrap_err().field(),
        Some("to"),
        "no third policy"
    );
}

#[test]
fn a_comparison_needs_two_policies_and_distinct_ids() {
    let f = fixture(10, 1);
    let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
    let e = compare_policies(&[&seed], &f.histories, f.as_of).unwrap_err();
    assert_eq!(e.field(), Some("assessors"));
    let mut twice = f.histories.clone();
    twice.push(f.histories[3].clone());
    let e = compare_policies(&[&seed, &seed], &twice, f.as_of).unwrap_err();
    assert_eq!(e.field(), Some("histories[10]"));
    assert_eq!(e.enterprise(), Some(f.histories[3].id()));
}

/// A legal person with a provincial contract-abiding honour (30 points), nothing
/// adverse: AA under the seed (30 ≥ 30); under a score policy with every
/// coefficient 1 the score is 100 + 30 = 130 ≥ 115: AAA.
#[test]
fn a_movers_reasons_show_the_refinement_and_the_score() {
    let h = History::new(
        Enterprise::new("E1", d(2024, 1, 1)).legal_person(true),
        vec![Fact::honour(
            "H1",
            d(2024, 3, 1),
            Honour::ContractAbiding(HonourLevel::Provincial),
            None,
        )],
    )
    .unwrap();
    let histories = vec![h];
    let cat = Catalogue::from_pairs([("art", Severity::Serious)]).unwrap();
    let seed = Assessor::new(Policy::seed(), cat.clone()).unwrap();
    let flat = Assessor::new(
        score_policy("flat", Coefficients::uniform(Decimal::ONE)).unwrap(),
        cat,
    )
    .unwrap();
    let as_of = d(2024, 12, 31);
    let c = compare_policies(&[&seed, &flat], &histories, as_of).unwrap();
    let m = c.transitions(0, 1).unwrap();
    assert_eq!(m.upgrades(), 1);
    let why = explain_movers(&seed, &flat, &histories, as_of, m.movers(), 5).unwrap();
    assert_eq!(why.len(), 1);
    let w = &why[0];
    assert_eq!(
        (w.before, w.after),
        (Outcome::Graded(Grade::Aa), Outcome::Graded(Grade::Aaa))
    );
    let before: Vec<String> = w.only_before.iter().map(ToString::to_string).collect();
    let after: Vec<String> = w.only_after.iter().map(ToString::to_string).collect();
    assert_eq!(
        before,
        ["[refined] refine.points: AA with 30 points (threshold 30)"]
    );
    assert_eq!(
        after,
        ["[score] scoring.bands: score 130 in band AAA (from 115)"]
    );
    let codes: Vec<String> = w.changed_codes().iter().map(ToString::to_string).collect();
    assert_eq!(codes, ["refined", "score"]);
    // The limit bounds the work.
    assert!(
        explain_movers(&seed, &flat, &histories, as_of, m.movers(), 0)
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------- calibration

#[test]
fn calibration_reaches_the_targets_within_the_tie_limit() {
    let f = fixture(4000, 11);
    let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
    let (aaa, aa) = (dec("0.05"), dec("0.15"));
    let candidates = tier_a_candidates(&seed, &f.histories, f.as_of);
    let pop = u64::try_from(candidates.len()).unwrap();
    let c = calibrate_population(
        &seed,
        &f.histories,
        f.as_of,
        &CalibrationTargets::new(aaa, aa),
    )
    .unwrap();
    assert_eq!(c.population(), pop);
    for (choice, target) in [(c.aaa(), aaa), (c.aa(), aa)] {
        assert!(choice.share() <= target);
        if let Some(above) = choice.share_above() {
            assert!(above > target, "the next threshold down overshoots");
        }
        if !choice.is_tie_limited() && choice.share_above().is_some() {
            // No whole number of enterprises comes closer from below.
            let best = (target * Decimal::from(pop)).floor();
            assert_eq!(Decimal::from(choice.count()), best);
        }
    }
    // Applying the thresholds gives exactly the counts the calibration reports.
    let tuned = apply_calibration(&Policy::seed(), &c).unwrap();
    let t = Assessor::new(tuned, f.catalogue.clone()).unwrap();
    let dist = GradeDistribution::from_outcomes(direct_outcomes(&t, &f.histories, f.as_of));
    assert_eq!(dist.count(Outcome::Graded(Grade::Aaa)), c.aaa().count());
    assert_eq!(dist.count(Outcome::Graded(Grade::Aa)), c.aa().count());
    // A score-mode policy is refused: its AAA / AA come from bands.
    let e = apply_calibration(&Policy::score_preset(), &c).unwrap_err();
    assert_eq!(e.field(), Some("scoring"));
}

#[test]
fn band_calibration_bounds_the_score_shares() {
    let f = fixture(3000, 5);
    let score = Assessor::new(Policy::score_preset(), f.catalogue.clone()).unwrap();
    let targets = [(Grade::Aaa, dec("0.05")), (Grade::Aa, dec("0.15"))];
    let c = calibrate_bands(&score, &f.histories, f.as_of, &targets).unwrap();
    let scores: Vec<Decimal> = f
        .histories
        .iter()
        .filter_map(|h| score.summarize(h, f.as_of).ok().and_then(|s| s.score))
        .collect();
    assert_eq!(c.population(), u64::try_from(scores.len()).unwrap());
    let (g0, aaa) = &c.choices()[0];
    assert_eq!(*g0, Grade::Aaa);
    assert!(aaa.share() <= dec("0.05"));
    if let Some(t) = aaa.threshold() {
        let n = scores.iter().filter(|s| **s >= t).count();
        assert_eq!(u64::try_from(n).unwrap(), aaa.count());
    }
    let tuned = apply_band_calibration(&Policy::score_preset(), &c).unwrap();
    tuned.validate().unwrap();
    // Grades strictly worsening, else an error naming the target.
    let e = calibrate_bands(
        &score,
        &f.histories,
        f.as_of,
        &[(Grade::Aa, dec("0.1")), (Grade::Aaa, dec("0.1"))],
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("targets[1]"));
    // Under the seed nobody has a score.
    let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
    assert!(calibrate_bands(&seed, &f.histories, f.as_of, &targets).is_err());
}

// ---------------------------------------------------------------- over time

#[test]
fn monthly_dates_clamp_and_bound() {
    assert_eq!(
        monthly_dates(d(2025, 1, 31), d(2025, 4, 15), MonthDay::Day(31)).unwrap(),
        [d(2025, 1, 31), d(2025, 2, 28), d(2025, 3, 31)]
    );
    assert_eq!(
        monthly_dates(d(2024, 11, 15), d(2025, 1, 31), MonthDay::Day(10)).unwrap(),
        [d(2024, 12, 10), d(2025, 1, 10)]
    );
    assert_eq!(
        monthly_dates(d(2025, 2, 1), d(2025, 2, 1), MonthDay::End).unwrap(),
        Vec::<NaiveDate>::new()
    );
    let e = monthly_dates(d(2025, 2, 1), d(2025, 1, 1), MonthDay::End).unwrap_err();
    assert_eq!(e.field(), Some("from"));
    let e = monthly_dates(d(2025, 1, 1), d(2025, 2, 1), MonthDay::Day(0)).unwrap_err();
    assert_eq!(e.field(), Some("rule"));
}

#[test]
fn replay_moves_are_consistent_with_the_distributions() {
    let f = fixture(2000, 9);
    let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
    let dates = monthly_dates(d(2025, 1, 1), f.as_of, MonthDay::End).unwrap();
    assert_eq!(dates.len(), 12);
    let r = replay(&seed, &f.histories, &dates).unwrap();
    assert_eq!(r.moves().len(), 11);
    for (i, date) in dates.iter().enumerate() {
        let direct = direct_outcomes(&seed, &f.histories, *date);
        assert_eq!(r.outcomes(i).unwrap(), direct.as_slice());
        assert_eq!(
            r.distributions()[i],
            GradeDistribution::from_outcomes(direct.iter().copied())
        );
    }
    for (i, mv) in r.moves().iter().enumerate() {
        assert_eq!(
            mv.unchanged + mv.upgrades + mv.downgrades + mv.status_changes,
            2000
        );
        let m = r.transitions(dates[i], dates[i + 1]).unwrap();
        assert_eq!(m.before(), r.distributions()[i]);
        assert_eq!(m.after(), r.distributions()[i + 1]);
        assert_eq!(
            (m.upgrades(), m.downgrades(), m.status_changes()),
            (mv.upgrades, mv.downgrades, mv.status_changes)
        );
        let ids = r.ids().iter().map(String::as_str);
        let again = move_counts(
            ids.clone().zip(r.outcomes(i).unwrap().iter().copied()),
            ids.zip(r.outcomes(i + 1).unwrap().iter().copied()),
        )
        .unwrap();
        assert_eq!(&again, mv);
        // Net flow: each outcome's count changes by (arrivals − departures).
        for o in Outcome::ALL {
            let arrivals: u64 = Outcome::ALL
                .iter()
                .filter(|x| **x != o)
                .map(|x| m.count(*x, o))
                .sum();
            let departures: u64 = Outcome::ALL
                .iter()
                .filter(|x| **x != o)
                .map(|x| m.count(o, *x))
                .sum();
            assert_eq!(
                r.distributions()[i + 1].count(o) + departures,
                r.distributions()[i].count(o) + arrivals
            );
        }
    }
    // PSI of a date against itself is 0; a date not replayed is named.
    let same = r.psi(dates[3], dates[3], &PsiOptions::default()).unwrap();
    assert_eq!(same.value(), Decimal::ZERO);
    let e = r
        .psi(dates[0], d(2025, 6, 15), &PsiOptions::default())
        .unwrap_err();
    assert_eq!(e.field(), Some("to"));
    assert!(r.distribution_at(dates[5]).is_some());
    let e = replay(&seed, &f.histories, &[dates[1], dates[0]]).unwrap_err();
    assert_eq!(e.field(), Some("dates[1]"));
}

// ---------------------------------------------------------------- sensitivity

#[test]
fn a_step_of_zero_changes_nothing() {
    let f = fixture(1000, 2);
    for (policy, knob, start) in [
        (Policy::seed(), Knob::AaaMin, dec("50")),
        (
            Policy::seed(),
            Knob::LockMonths {
                severity: Severity::General,
            },
            dec("12"),
        ),
        (
            Policy::score_preset(),
            Knob::Coefficient {
                method: Method::Tiered,
            },
            dec("0.5"),
        ),
    ] {
        let sweep = KnobSweep::new(knob, start, Decimal::ZERO, 3);
        let s = sweep_knob(&policy, &f.catalogue, &f.histories, f.as_of, &sweep).unwrap();
        assert_eq!(s.values(), [start, start, start]);
        assert_eq!(s.sensitivity().population(), 1000);
        for step in s.sensitivity().steps() {
            assert_eq!(step.changed_from_previous(), 0);
            assert_eq!(step.changed_from_first(), 0);
        }
    }
}

#[test]
fn a_sweep_counts_the_enterprises_that_change() {
    let f = fixture(1500, 4);
    let sweep = KnobSweep::new(Knob::AaaMin, dec("30"), dec("30"), 2);
    let s = sweep_knob(&Policy::seed(), &f.catalogue, &f.histories, f.as_of, &sweep).unwrap();
    // Direct: AAA at 30 vs at 60 — the enterprises with 30 ≤ points < 60, eligible.
    let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
    let expected = f
        .histories
        .iter()
        .filter_map(|h| seed.summarize(h, f.as_of).ok())
        .filter(|s| {
            s.eligible == Some(true) && s.points.is_some_and(|p| p >= dec("30") && p < dec("60"))
        })
        .count();
    assert!(expected > 0);
    let step = &s.sensitivity().steps()[0];
    assert_eq!(
        step.changed_from_previous(),
        u64::try_from(expected).unwrap()
    );
    assert_eq!(
        step.transitions().downgrades(),
        step.changed_from_previous()
    );
}

#[test]
fn an_invalid_step_names_the_knob() {
    let f = fixture(50, 1);
    // AA above AAA (60) at the second value.
    let sweep = KnobSweep::new(Knob::AaMin, dec("50"), dec("20"), 2);
    let e = sweep_knob(&Policy::seed(), &f.catalogue, &f.histories, f.as_of, &sweep).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(e.field(), Some("refine.aa_min"));
    assert!(e.message().contains("70"), "{e}");
    // A lock of 12.5 months.
    let knob = Knob::LockMonths {
        severity: Severity::Minor,
    };
    let sweep = KnobSweep::new(knob, dec("12"), dec("0.5"), 2);
    let e = sweep_knob(&Policy::seed(), &f.catalogue, &f.histories, f.as_of, &sweep).unwrap_err();
    assert_eq!(e.field(), Some("lock.duration_months.minor"));
    // A score knob on a floor-mode policy.
    let knob = Knob::Coefficient {
        method: Method::Cumulative,
    };
    let e = knob.set(&Policy::seed(), Decimal::ONE).unwrap_err();
    assert_eq!(e.field(), Some("scoring.coefficients.cumulative"));
    // No fourth cumulative rule.
    let e = Knob::CumulativeThreshold { index: 3 }
        .get(&Policy::seed())
        .unwrap_err();
    assert_eq!(e.field(), Some("cumulative[3].threshold"));
}

// ---------------------------------------------------------------- determinism

#[test]
fn two_runs_are_equal_byte_for_byte() {
    let run = || {
        let f = fixture(800, 21);
        let seed = Assessor::new(Policy::seed(), f.catalogue.clone()).unwrap();
        let score = Assessor::new(Policy::score_preset(), f.catalogue.clone()).unwrap();
        let c = compare_policies(&[&seed, &score], &f.histories, f.as_of).unwrap();
        let m = c.transitions(0, 1).unwrap();
        let why = explain_movers(&seed, &score, &f.histories, f.as_of, m.movers(), 5).unwrap();
        let dates = monthly_dates(d(2025, 6, 1), f.as_of, MonthDay::Day(15)).unwrap();
        let r = replay(&seed, &f.histories, &dates).unwrap();
        let sweep = KnobSweep::new(Knob::AaaMin, dec("40"), dec("10"), 3);
        let s = sweep_knob(&Policy::seed(), &f.catalogue, &f.histories, f.as_of, &sweep).unwrap();
        serde_json::to_string(&(c, m, why, r, s)).unwrap()
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert!(a.len() > 1000);
}
