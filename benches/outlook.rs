//! Outlooks against the full-reasons path on synthetic populations.
//!
//! ```text
//! cargo bench --bench outlook
//! ```
//!
//! 1,000,000 enterprises of `research::synth` (about six facts each) as known on
//! the population's date (the generator also dates facts after it; they are
//! dropped once, before timing, as a store returns the record up to today): the
//! full-reasons assessment (`assess_batch`) and the outlook over three years
//! (`outlook_batch`), on one core; and on 100,000 of them the next change of the
//! grade up to the settled horizon (what `grade_csv --outlook` computes).

use std::hint::black_box;
use std::time::Duration;

use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::{Assessor, History, Policy, Workspace};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn population(n: usize) -> (Assessor, Vec<History>, chrono::NaiveDate) {
    let p = synth_population(&SynthConfig::default().seed(42).enterprises(n));
    let assessor =
        Assessor::new(Policy::seed(), p.catalogue().expect("catalogue")).expect("policy");
    let t = p.as_of;
    let histories = p
        .histories()
        .expect("histories")
        .into_iter()
        .map(|h| History::new(h.enterprise().clone(), h.facts_as_of(t).to_vec()).expect("history"))
        .collect();
    (assessor, histories, t)
}

fn outlook(c: &mut Criterion) {
    let n: usize = std::env::var("OUTLOOK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut g = c.benchmark_group("outlook");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(1));
    let (assessor, histories, t) = population(n);
    let until = t.checked_add_months(chrono::Months::new(36)).expect("date");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_with_input(BenchmarkId::new("full_reasons", n), &histories, |b, hs| {
        b.iter(|| black_box(assessor.assess_batch(hs, t)));
    });
    g.bench_with_input(BenchmarkId::new("outlook_3y", n), &histories, |b, hs| {
        b.iter(|| black_box(assessor.outlook_batch(hs, t, until)));
    });
    g.bench_with_input(
        BenchmarkId::new("next_grade_change", n),
        &histories,
        |b, hs| {
            b.iter(|| {
                let mut ws = Workspace::new();
                black_box(
                    hs.iter()
                        .map(|h| assessor.next_grade_change_with(&mut ws, h, t))
                        .collect::<Vec<_>>(),
                )
            });
        },
    );
    g.finish();
}

criterion_group!(benches, outlook);
criterion_main!(benches);
