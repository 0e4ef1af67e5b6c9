//! Grading a register-like population (`research::register_enterprises`): one
//! million enterprises, about ten facts each, three quarters of them annual
//! reports since 2013.
//!
//! ```text
//! cargo bench --bench population --features arrow
//! CREDITGRADE_BENCH_N=100000 cargo bench --bench population --features arrow
//! ```
//!
//! Row-based histories against the columnar population: the summary path
//! sequential and parallel, the full-reasons path; with feature `arrow`, the
//! population built from Arrow record batches and the results written as one.

use std::hint::black_box;
use std::time::Duration;

use creditgrade::population::{Population, PopulationBuilder};
use creditgrade::research::{REGISTER_AS_OF, register_enterprises, synth_catalogue};
use creditgrade::{Assessor, Catalogue, History, Policy};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn size() -> usize {
    std::env::var("CREDITGRADE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn assessor() -> Assessor {
    let catalogue = Catalogue::from_pairs(synth_catalogue().iter().map(|(a, s)| (a.as_str(), *s)))
        .expect("catalogue");
    Assessor::new(Policy::seed(), catalogue).expect("policy")
}

fn grading(c: &mut Criterion) {
    let n = size();
    let t = REGISTER_AS_OF;
    let assessor = assessor();
    let rows: Vec<_> = register_enterprises(n, 42).collect();
    let histories: Vec<History> = rows
        .iter()
        .map(|(e, f)| History::new(e.clone(), f.clone()).expect("valid"))
        .collect();
    let population = {
        let facts = rows.iter().map(|(_, f)| f.len()).sum();
        let mut b = PopulationBuilder::with_capacity(n, facts);
        for (e, fs) in &rows {
            let i = b.push_enterprise(e);
            for f in fs {
                b.push_fact(i, f).expect("fact");
            }
        }
        b.build().expect("population")
    };
    drop(rows);

    let mut g = c.benchmark_group("register");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("history_summary", |b| {
        b.iter(|| black_box(assessor.summarize_batch(&histories, t)));
    });
    g.bench_function("population_summary", |b| {
        b.iter(|| black_box(assessor.summarize_population(&population, t)));
    });
    g.bench_function("population_summary_parallel", |b| {
        b.iter(|| black_box(assessor.par_summarize_population(&population, t)));
    });
    g.bench_function("history_summary_parallel", |b| {
        b.iter(|| black_box(assessor.par_summarize_batch(&histories, t)));
    });
    g.bench_function("population_full_reasons", |b| {
        b.iter(|| black_box(assessor.assess_population(&population, t)));
    });
    arrow_benches(&mut g, &assessor, &population);
    g.finish();
}

#[cfg(feature = "arrow")]
fn arrow_benches(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    assessor: &Assessor,
    population: &Population,
) {
    use creditgrade::population::arrow::{
        population_from_arrow, population_to_arrow, summaries_to_arrow,
    };
    let (es, ev) = population_to_arrow(population).expect("to arrow");
    let input_bytes = es.get_array_memory_size() + ev.get_array_memory_size();
    eprintln!("arrow input: {:.1} MB", input_bytes as f64 / 1e6);
    g.bench_function("population_from_arrow", |b| {
        b.iter(|| {
            black_box(
                population_from_arrow(std::slice::from_ref(&es), std::slice::from_ref(&ev))
                    .expect("valid"),
            )
        });
    });
    let summaries = assessor.summarize_population(population, REGISTER_AS_OF);
    g.bench_function("summaries_to_arrow", |b| {
        b.iter(|| black_box(summaries_to_arrow(population, &summaries).expect("batch")));
    });
}

#[cfg(not(feature = "arrow"))]
fn arrow_benches(
    _: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    _: &Assessor,
    _: &Population,
) {
}

criterion_group!(benches, grading);
criterion_main!(benches);
