//! Grading speed on synthetic populations (`research::synth`).
//!
//! ```text
//! cargo bench --bench grading
//! ```
//!
//! Populations of 100,000 and 1,000,000 enterprises (about six facts each), graded
//! as of the population's date: the summary path (no reasons), the full-reasons
//! path, and the parallel batch (feature `rayon`, on by default).

use std::hint::black_box;
use std::time::Duration;

use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::{Assessor, History, Policy};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn population(n: usize) -> (Assessor, Vec<History>, chrono::NaiveDate) {
    let p = synth_population(&SynthConfig::default().seed(42).enterprises(n));
    let assessor =
        Assessor::new(Policy::seed(), p.catalogue().expect("catalogue")).expect("policy");
    let histories = p.histories().expect("histories");
    (assessor, histories, p.as_of)
}

fn grading(c: &mut Criterion) {
    let mut g = c.benchmark_group("grading");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    for n in [100_000usize, 1_000_000] {
        let (assessor, histories, t) = population(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("summary", n), &histories, |b, hs| {
            b.iter(|| black_box(assessor.summarize_batch(hs, t)));
        });
        g.bench_with_input(BenchmarkId::new("full_reasons", n), &histories, |b, hs| {
            b.iter(|| black_box(assessor.assess_batch(hs, t)));
        });
        g.bench_with_input(
            BenchmarkId::new("summary_parallel", n),
            &histories,
            |b, hs| {
                b.iter(|| black_box(assessor.par_summarize_batch(hs, t)));
            },
        );
    }
    g.finish();
}

criterion_group!(benches, grading);
criterion_main!(benches);
