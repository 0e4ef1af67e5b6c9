//! The main demo: a synthetic district of 7,229 enterprises (the Jianghai branch's
//! figure in the source document) graded as of a date.
//!
//! ```text
//! cargo run --release --example district [-- --as-of YYYY-MM-DD] [--seed N]
//! ```
//!
//! Prints the grade distribution, how many enterprises are locked and until when,
//! and the full explanation of a few enterprises.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use creditgrade::explain::Status;
use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::{Assessor, Grade, History, Policy};

const ENTERPRISES: usize = 7_229;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut as_of = NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("date")?;
    let mut seed = 7_229u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--as-of" => as_of = args.next().ok_or("--as-of needs a date")?.parse()?,
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }

    let population = synth_population(
        &SynthConfig::default()
            .seed(seed)
            .enterprises(ENTERPRISES)
            .as_of(as_of),
    );
    let histories: Vec<History> = population.histories()?;
    let assessor = Assessor::new(Policy::seed(), population.catalogue()?)?;

    let started = Instant::now();
    let assessments = assessor.assess_batch(&histories, as_of);
    let elapsed = started.elapsed();

    println!("Jianghai district (synthetic, seed {seed}): {ENTERPRISES} enterprises as of {as_of}");
    println!(
        "policy {} ({})",
        assessor.policy().name,
        assessor.fingerprint()
    );
    println!(
        "graded with full reasons in {:.1} ms\n",
        elapsed.as_secs_f64() * 1e3
    );

    let mut by_grade: BTreeMap<Grade, usize> = BTreeMap::new();
    let (mut closed, mut not_registered, mut errors, mut revoked) = (0, 0, 0, 0);
    let mut lock_ends: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    for a in &assessments {
        match a {
            Err(_) => errors += 1,
            Ok(a) => match (a.status(), a.grade()) {
                (Status::Closed, _) => closed += 1,
                (Status::NotRegistered, _) => not_registered += 1,
                (status, Some(g)) => {
                    *by_grade.entry(g).or_default() += 1;
                    if status == Status::Revoked {
                        revoked += 1;
                    }
                    if let Some(u) = a.locked_until() {
                        *lock_ends.entry((u.year(), u.month())).or_default() += 1;
                    }
                }
                _ => {}
            },
        }
    }
    let rated: usize = by_grade.values().sum();
    println!("grade  class        enterprises   share of rated");
    for g in Grade::ALL {
        let n = by_grade.get(&g).copied().unwrap_or(0);
        let share = if rated == 0 {
            0.0
        } else {
            100.0 * n as f64 / rated as f64
        };
        println!(
            "{:<6} {:<12} {:>11}   {:>6.2} %",
            g.as_str(),
            g.label_zh(),
            n,
            share
        );
    }
    let tier_a: usize = Grade::ALL
        .iter()
        .filter(|g| g.tier() == creditgrade::Tier::A)
        .map(|g| by_grade.get(g).copied().unwrap_or(0))
        .sum();
    println!(
        "tier A (守信): {:.1} % of {rated} rated; {revoked} of the D are revoked (吊销); {closed} closed (注销), {not_registered} not registered yet, {errors} with data errors\n",
        100.0 * tier_a as f64 / rated.max(1) as f64
    );

    let locked: usize = lock_ends.values().sum();
    println!("{locked} enterprises are locked (锁定); their locks end:");
    for ((y, m), n) in &lock_ends {
        println!("  {y}-{m:02}  {n:>4}  {}", "#".repeat((*n).div_ceil(4)));
    }

    // A few full explanations: one of each of D (locked), C, B, AAA, and one with a
    // rejected repair.
    println!("\nExplanations:");
    let mut shown = Vec::new();
    type Pick = fn(&creditgrade::Assessment) -> bool;
    let wanted: [(&str, Pick); 5] = [
        ("D from a lock", |a| {
            a.grade() == Some(Grade::D) && a.locked_until().is_some()
        }),
        ("C", |a| a.grade() == Some(Grade::C)),
        ("B", |a| a.grade() == Some(Grade::B)),
        ("AAA", |a| a.grade() == Some(Grade::Aaa)),
        ("a rejected repair", |a| !a.rejected_repairs().is_empty()),
    ];
    for (label, pick) in wanted {
        let Some(a) = assessments
            .iter()
            .flatten()
            .find(|a| pick(a) && !shown.contains(&a.enterprise().to_owned()))
        else {
            continue;
        };
        shown.push(a.enterprise().to_owned());
        let h = histories
            .iter()
            .find(|h| h.id() == a.enterprise())
            .ok_or("history")?;
        println!(
            "\n{} ({}, {}; {label}): {}{}{}",
            a.enterprise(),
            h.enterprise().name,
            h.enterprise().industry,
            a.grade()
                .map_or("-".into(), |g| format!("{g} {}", g.label_zh())),
            a.locked_until()
                .map_or(String::new(), |u| format!(", locked until {u}")),
            a.points()
                .map_or(String::new(), |p| format!(", {p} points")),
        );
        for r in a.reasons() {
            println!("    {r}");
        }
    }
    Ok(())
}
