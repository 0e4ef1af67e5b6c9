//! The seed policy against a score-mode policy whose coefficients come from an AHP
//! pairwise matrix over the quantification methods, on a synthetic population of
//! 100,000 enterprises: distributions, transitions, movers with their reasons,
//! calibration, stability over a year and a small sensitivity table.
//!
//! `cargo run --release --example compare_policies [enterprises]`

use std::time::Instant;

use chrono::{Months, NaiveDate};
use creditgrade::quantify::Method;
use creditgrade::research::{
    CalibrationTargets, GradeDistribution, Knob, KnobSweep, MonthDay, Outcome, PairwiseMatrix,
    PsiOptions, SynthConfig, TransitionMatrix, WeightOptions, ahp, apply_calibration,
    calibrate_population, coefficients_from_weights, compare_policies, explain_movers,
    monthly_dates, replay, score_policy, sweep_knob, synth_population,
};
use creditgrade::{Assessor, Error, Grade, Policy};
use rust_decimal::Decimal;

fn main() -> Result<(), Error> {
    let started = Instant::now();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);

    // 1. The population.
    let population = synth_population(&SynthConfig::default().seed(7).enterprises(n));
    let histories = population.histories()?;
    let catalogue = population.catalogue()?;
    let as_of = population.as_of;
    println!("population: {n} synthetic enterprises, graded as of {as_of}");

    // 2. Weights between the methods by AHP (Saaty's 1–9 scale), upper triangle of
    //    penalty_based, tiered, fact_based, cumulative, reference.
    let names: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
    let third = Decimal::ONE / Decimal::from(3);
    let half = Decimal::new(5, 1);
    let upper = [
        // penalty_based vs tiered, fact_based, cumulative, reference
        Decimal::from(5),
        Decimal::from(2),
        Decimal::from(3),
        Decimal::from(5),
        // tiered vs fact_based, cumulative, reference
        third,
        half,
        Decimal::ONE,
        // fact_based vs cumulative, reference
        Decimal::from(2),
        Decimal::from(3),
        // cumulative vs reference
        Decimal::from(2),
    ];
    let matrix = PairwiseMatrix::from_upper(names.clone(), &upper)?;
    let result = ahp(&matrix, &WeightOptions::default())?;
    println!(
        "\nAHP over the methods: λmax {}, CI {}, CR {} ({})",
        result.lambda_max(),
        result.consistency_index(),
        result
            .consistency_ratio()
            .map_or_else(|| "-".to_owned(), |c| c.to_string()),
        if result.consistency().is_consistent() {
            "consistent"
        } else {
            "inconsistent"
        }
    );
    // Scale 2.5: the penalty-based coefficient stays close to 1.
    let coefficients = coefficients_from_weights(result.weights(), Decimal::new(25, 1))?;
    println!("{:<14} {:>9} {:>12}", "method", "weight", "coefficient");
    for m in Method::ALL {
        println!(
            "{:<14} {:>9} {:>12}",
            m.as_str(),
            result.weights().get_named(m.as_str()).unwrap_or_default(),
            coefficients.get(m)
        );
    }

    // 3. Both policies side by side.
    let seed = Assessor::new(Policy::seed(), catalogue.clone())?;
    let score = Assessor::new(score_policy("ahp", coefficients)?, catalogue.clone())?;
    let comparison = compare_policies(&[&seed, &score], &histories, as_of)?;
    println!("\ndistributions");
    print_distributions(
        &["seed", "ahp"],
        &[comparison.distributions()[0], comparison.distributions()[1]],
    );
    let matrix = comparison.transitions(0, 1)?;
    println!("\ntransitions seed → ahp (rows seed, columns ahp)");
    print_matrix(&matrix);
    println!(
        "unchanged {}, upgraded {}, downgraded {}, status changes {}",
        matrix.unchanged(),
        matrix.upgrades(),
        matrix.downgrades(),
        matrix.status_changes()
    );

    // 4. A few movers and the reasons that moved them.
    println!("\nmovers (first 3) and the reasons that differ");
    for m in explain_movers(&seed, &score, &histories, as_of, matrix.movers(), 3)? {
        println!("{}: {} → {}", m.id, m.before, m.after);
        for r in &m.only_before {
            println!("  seed only: {r}");
        }
        for r in &m.only_after {
            println!("  ahp only:  {r}");
        }
    }

    // 5. Calibrate the seed policy to AAA 5% / AA 15% of the rated enterprises.
    let rated = comparison.distributions()[0]
        .counts()
        .iter()
        .take(6)
        .sum::<u64>();
    let targets =
        CalibrationTargets::new(Decimal::new(5, 2), Decimal::new(15, 2)).population(rated);
    let calibration = calibrate_population(&seed, &histories, as_of, &targets)?;
    println!("\ncalibration of the seed policy over {rated} rated enterprises");
    for (label, c) in [("AAA", calibration.aaa()), ("AA", calibration.aa())] {
        println!(
            "{label:>4}: at least {} points → {} enterprises, share {} (target {}{})",
            c.threshold()
                .map_or_else(|| "-".to_owned(), |t| t.to_string()),
            c.count(),
            c.share().round_dp(4),
            c.target(),
            if c.is_tie_limited() {
                format!(
                    "; tie-limited, next {} at {}",
                    c.share_above().unwrap_or_default().round_dp(4),
                    c.threshold_above().unwrap_or_default()
                )
            } else {
                String::new()
            }
        );
    }
    let tuned = apply_calibration(&Policy::seed(), &calibration)?;
    let (aaa_min, aa_min) = (tuned.refine.aaa_min, tuned.refine.aa_min);
    let check = compare_policies(
        &[&seed, &Assessor::new(tuned, catalogue.clone())?],
        &histories,
        as_of,
    )?;
    let d = check.distributions()[1];
    println!(
        "re-graded with AAA ≥ {aaa_min} and AA ≥ {aa_min}: AAA {}, AA {}",
        d.count(Outcome::Graded(Grade::Aaa)),
        d.count(Outcome::Graded(Grade::Aa))
    );

    // 6. The seed grades month by month over a year, and the PSI across it.
    let from = as_of.checked_sub_months(Months::new(12)).unwrap_or(as_of);
    let dates = monthly_dates(from, as_of, MonthDay::End)?;
    let r = replay(&seed, &histories, &dates)?;
    println!("\nseed grades month by month (month ends)");
    println!(
        "{:<10} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9}",
        "date", "AAA", "AA", "A", "B", "C", "D", "not_reg", "upgrades", "downgr."
    );
    for (i, (date, dist)) in r.dates().iter().zip(r.distributions()).enumerate() {
        let moves = i.checked_sub(1).and_then(|k| r.moves().get(k));
        let c = dist.counts();
        println!(
            "{date} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9}",
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            c[5],
            c[7],
            moves.map_or_else(|| "-".to_owned(), |m| m.upgrades.to_string()),
            moves.map_or_else(|| "-".to_owned(), |m| m.downgrades.to_string()),
        );
    }
    let (first, last) = first_last(&dates);
    let shift = r.psi(first, last, &PsiOptions::default())?;
    // Enterprises registered during the year move out of `not_registered`: part
    // of the shift is the population growing.
    println!(
        "PSI {first} → {last}: {} ({:?})",
        shift.value().round_dp(6),
        shift.reading()
    );

    // 7. Sensitivity: one knob at a time.
    println!("\nsensitivity (enterprises changing grade per step)");
    let sweeps = [
        (
            Policy::seed(),
            KnobSweep::new(Knob::AaaMin, Decimal::from(40), Decimal::from(10), 4),
        ),
        (
            Policy::seed(),
            KnobSweep::new(
                Knob::CumulativeThreshold { index: 0 },
                Decimal::from(2),
                Decimal::ONE,
                3,
            ),
        ),
        (
            score_policy("ahp", coefficients)?,
            KnobSweep::new(
                Knob::Coefficient {
                    method: Method::Tiered,
                },
                Decimal::new(15, 2),
                Decimal::new(5, 2),
                4,
            ),
        ),
    ];
    for (policy, sweep) in &sweeps {
        let s = sweep_knob(policy, &catalogue, &histories, as_of, sweep)?;
        let values: Vec<String> = s.values().iter().map(ToString::to_string).collect();
        let changed: Vec<String> = s
            .sensitivity()
            .steps()
            .iter()
            .map(|x| x.changed_from_previous().to_string())
            .collect();
        println!(
            "{:<32} values {:<16} changed {}",
            sweep.knob().name(),
            values.join(", "),
            changed.join(", ")
        );
    }

    println!("\ndone in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn first_last(dates: &[NaiveDate]) -> (NaiveDate, NaiveDate) {
    let first = dates.first().copied().unwrap_or_default();
    (first, dates.last().copied().unwrap_or(first))
}

fn print_distributions(names: &[&str], dists: &[GradeDistribution]) {
    print!("{:<15}", "outcome");
    for n in names {
        print!(" {n:>8} {:>8}", "share");
    }
    println!();
    for o in Outcome::ALL {
        print!("{:<15}", o.as_str());
        for d in dists {
            print!(
                " {:>8} {:>8}",
                d.count(o),
                d.share(o).unwrap_or_default().round_dp(4)
            );
        }
        println!();
    }
}

fn print_matrix(m: &TransitionMatrix) {
    print!("{:<15}", "");
    for o in Outcome::ALL {
        print!("{:>8}", short(o));
    }
    println!();
    for (o, row) in Outcome::ALL.iter().zip(m.cells()) {
        print!("{:<15}", o.as_str());
        for c in row {
            print!("{c:>8}");
        }
        println!();
    }
}

fn short(o: Outcome) -> &'static str {
    match o {
        Outcome::Closed => "closed",
        Outcome::NotRegistered => "not_reg",
        other => other.as_str(),
    }
}
