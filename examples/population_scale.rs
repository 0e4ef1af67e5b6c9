//! How fast and how lean a columnar population is on a register-like
//! population: builds Arrow batches of `research::register_enterprises`, then
//! times building the population from them, the summary path (one core and
//! rayon) and the Arrow output, and reports the peak memory of the build
//! against the Arrow input.
//!
//! ```text
//! cargo run --release --example population_scale --features arrow -- 1000000
//! cargo run --release --example population_scale --features arrow -- 1000000 5
//! ```
//!
//! The second argument builds the population that many times (default once)
//! and also reports the fastest and the median build. Prints `key=value`
//! lines. `build_s` is the first build's wall-clock time and `build_cpu_s` the
//! processor time all threads spent on it (read from `/proc/self/task/*/schedstat`;
//! on a busy machine it shows the work where the wall clock shows the wait).
//! `peak_rss_mib` is the process's peak resident
//! memory while building (read from `/proc/self/status` after resetting it
//! through `/proc/self/clear_refs`; Linux only): `build_added_mib` is how far
//! the build raised it, and `input_plus_build_over_input` the Arrow input's
//! `get_array_memory_size()` plus that, over the input.

use std::sync::Arc;
use std::time::Instant;

use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use chrono::Datelike;
use creditgrade::population::arrow::{population_from_arrow, summaries_to_arrow};
use creditgrade::research::{REGISTER_AS_OF, register_enterprises, synth_catalogue};
use creditgrade::{Assessor, Catalogue, FactKind, Policy};

fn days(d: chrono::NaiveDate) -> i32 {
    d.num_days_from_ce() - 719_163
}

/// Processor time of every thread of the process so far, in seconds (Linux).
fn cpu_s() -> Option<f64> {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let s = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        ns += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    #[allow(clippy::cast_precision_loss)]
    Some(ns as f64 / 1e9)
}

fn status_kb(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Arrow batches of `count` register-like enterprises, `chunk` enterprises a batch.
fn batches(count: usize, chunk: usize) -> (Vec<RecordBatch>, Vec<RecordBatch>) {
    let mut es = Vec::new();
    let mut evs = Vec::new();
    let mut it = register_enterprises(count, 42);
    let s = |name: &str, nullable| Field::new(name, DataType::Utf8, nullable);
    loop {
        let part: Vec<_> = it.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        let nf: usize = part.iter().map(|(_, f)| f.len()).sum();
        let mut id = StringBuilder::with_capacity(part.len(), part.len() * 9);
        let mut reg = Date32Builder::with_capacity(part.len());
        let mut lp = BooleanBuilder::with_capacity(part.len());
        let mut eid = StringBuilder::with_capacity(nf, nf * 13);
        let mut owner = StringBuilder::with_capacity(nf, nf * 9);
        let mut date = Date32Builder::with_capacity(nf);
        let mut kind = StringBuilder::with_capacity(nf, nf * 13);
        let mut code = StringBuilder::with_capacity(nf, nf * 4);
        let mut level = StringBuilder::with_capacity(nf, 0);
        let mut until = Date32Builder::with_capacity(nf);
        let mut target = StringBuilder::with_capacity(nf, 0);
        for (e, facts) in &part {
            id.append_value(&e.id);
            reg.append_value(days(e.registered_on));
            lp.append_value(e.legal_person);
            for f in facts {
                eid.append_value(&f.id);
                owner.append_value(&e.id);
                date.append_value(days(f.date));
                let (k, c, l, u, t): (&str, String, &str, Option<i32>, &str) = match &f.kind {
                    FactKind::Penalty { article } => ("penalty", article.clone(), "", None, ""),
                    FactKind::Breach { breach } => ("breach", breach.clone(), "", None, ""),
                    FactKind::Complaint => ("complaint", String::new(), "", None, ""),
                    FactKind::Admonition => ("admonition", String::new(), "", None, ""),
                    FactKind::Revocation => ("revocation", String::new(), "", None, ""),
                    FactKind::Deregistration => ("deregistration", String::new(), "", None, ""),
                    FactKind::Honour { honour, until } => (
                        "honour",
                        honour.kind_str().to_owned(),
                        honour.level_str(),
                        until.map(days),
                        "",
                    ),
                    FactKind::AnnualReport { year } => {
                        ("annual_report", format!("{year:04}"), "", None, "")
                    }
                    FactKind::Repair { target } => ("repair", String::new(), "", None, target),
                    FactKind::KeyPersonFlag { person } => {
                        ("principal", person.clone(), "", None, "")
                    }
                    _ => unreachable!("not in a register population"),
                };
                kind.append_value(k);
                for (b, v) in [(&mut code, c.as_str()), (&mut level, l), (&mut target, t)] {
                    if v.is_empty() {
                        b.append_null();
                    } else {
                        b.append_value(v);
                    }
                }
                until.append_option(u);
            }
        }
        let ecols: Vec<ArrayRef> = vec![
            Arc::new(id.finish()),
            Arc::new(reg.finish()),
            Arc::new(lp.finish()),
        ];
        es.push(
            RecordBatch::try_new(
                Arc::new(Schema::new(vec![
                    s("id", false),
                    Field::new("registered_on", DataType::Date32, false),
                    Field::new("legal_person", DataType::Boolean, false),
                ])),
                ecols,
            )
            .expect("enterprises batch"),
        );
        let cols: Vec<ArrayRef> = vec![
            Arc::new(eid.finish()),
            Arc::new(owner.finish()),
            Arc::new(date.finish()),
            Arc::new(kind.finish()),
            Arc::new(code.finish()),
            Arc::new(level.finish()),
            Arc::new(until.finish()),
            Arc::new(target.finish()),
        ];
        evs.push(
            RecordBatch::try_new(
                Arc::new(Schema::new(vec![
                    s("id", false),
                    s("enterprise_id", false),
                    Field::new("date", DataType::Date32, false),
                    s("kind", false),
                    s("code", true),
                    s("level", true),
                    Field::new("until", DataType::Date32, true),
                    s("target", true),
                ])),
                cols,
            )
            .expect("events batch"),
        );
    }
    (es, evs)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let builds: usize = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1)
        .max(1);
    // Batches of 20,000 enterprises (about 210,000 event rows): what generating
    // them leaves behind stays small beside the input.
    let (es, evs) = batches(n, 20_000);
    let input: usize = es
        .iter()
        .chain(&evs)
        .map(RecordBatch::get_array_memory_size)
        .sum();
    let rows: usize = evs.iter().map(RecordBatch::num_rows).sum();
    println!("enterprises={n}");
    println!("events={rows}");
    #[allow(clippy::cast_precision_loss)]
    let mib = |b: usize| b as f64 / (1024.0 * 1024.0);
    println!("arrow_input_mib={:.1}", mib(input));
    let before = status_kb("VmRSS:").unwrap_or(0);
    // Reset the peak so that it measures the build alone (with the input held).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let cpu0 = cpu_s();
    let t0 = Instant::now();
    let population = population_from_arrow(&es, &evs).expect("valid batches");
    let build = t0.elapsed().as_secs_f64();
    let cpu = cpu_s().zip(cpu0).map(|(b, a)| b - a);
    let peak = status_kb("VmHWM:").unwrap_or(0);
    println!("build_s={build:.3}");
    if let Some(c) = cpu {
        println!("build_cpu_s={c:.3}");
    }
    println!("rss_before_build_mib={:.1}", before as f64 / 1024.0);
    if reset {
        // The process also holds what generating the input left behind (freed
        // but not returned to the system), so the build's own share is the
        // growth of the peak over the resident size before it.
        let added = peak.saturating_sub(before);
        #[allow(clippy::cast_precision_loss)]
        let ratio = (input as f64 + added as f64 * 1024.0) / input as f64;
        println!("peak_rss_mib={:.1}", peak as f64 / 1024.0);
        println!("build_added_mib={:.1}", added as f64 / 1024.0);
        println!("input_plus_build_over_input={ratio:.2}");
    }
    if builds > 1 {
        let mut walls = vec![build];
        let mut cpus: Vec<f64> = cpu.into_iter().collect();
        for _ in 1..builds {
            let cpu0 = cpu_s();
            let t0 = Instant::now();
            let again = population_from_arrow(&es, &evs).expect("valid batches");
            walls.push(t0.elapsed().as_secs_f64());
            if let Some(c) = cpu_s().zip(cpu0).map(|(b, a)| b - a) {
                cpus.push(c);
            }
            assert!(again == population, "every build is the same");
        }
        let sorted = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v
        };
        let walls = sorted(walls);
        let cpus = sorted(cpus);
        println!("build_runs={builds}");
        println!("build_min_s={:.3}", walls[0]);
        println!("build_median_s={:.3}", walls[walls.len() / 2]);
        if !cpus.is_empty() {
            println!("build_cpu_min_s={:.3}", cpus[0]);
        }
    }
    let catalogue = Catalogue::from_pairs(synth_catalogue().iter().map(|(a, s)| (a.as_str(), *s)))
        .expect("catalogue");
    let assessor = Assessor::new(Policy::seed(), catalogue).expect("policy");
    let t = REGISTER_AS_OF;
    for round in 0..3 {
        let t0 = Instant::now();
        let seq = assessor.summarize_population(&population, t);
        let s = t0.elapsed().as_secs_f64();
        let t0 = Instant::now();
        let par = assessor.par_summarize_population(&population, t);
        let p = t0.elapsed().as_secs_f64();
        assert_eq!(seq, par);
        println!("round={round} summary_s={s:.3} summary_par_s={p:.3}");
        if round == 2 {
            let t0 = Instant::now();
            let out = summaries_to_arrow(&population, &seq).expect("batch");
            println!("summaries_to_arrow_s={:.3}", t0.elapsed().as_secs_f64());
            std::hint::black_box(out);
        }
    }
}
