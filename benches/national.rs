//! Publicity of penalty decisions as of a date, beside the summary grading path, on
//! the same synthetic population (`research::synth`).
//!
//! ```text
//! cargo bench --bench national
//! ```
//!
//! Each penalty of the population dated from 2023-05-01 on (the presets' first
//! version of 信用中国) gets decision details derived from its id: a fine of up to
//! ¥60,000, sometimes a warning or a closure, published on its date, duties
//! fulfilled for every second one; earlier penalties stay article-only.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use creditgrade::national::{Decision, Dossier, Fulfilment, Measure, NationalRules};
use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::{Assessor, FactKind, History, Policy};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn dossier(h: &History) -> Dossier {
    let first = NaiveDate::from_ymd_opt(2023, 5, 1).expect("date");
    let mut out = Dossier::new(h.id());
    for f in h.facts() {
        let FactKind::Penalty { article } = &f.kind else {
            continue;
        };
        if f.date < first {
            continue;
        }
        let seed: u32 =
            f.id.bytes()
                .map(u32::from)
                .sum::<u32>()
                .wrapping_mul(2_654_435_761);
        let mut d = Decision::new(f.id.clone(), f.date, article.clone())
            .with_measure(Measure::fine(i64::from(seed % 60_000)))
            .with_published_on(f.date);
        if seed % 5 == 0 {
            d = d.with_measure(Measure::Warning);
        }
        if seed % 17 == 0 {
            d = d.with_measure(Measure::Closure);
        }
        out = out.decision(d);
        if seed % 2 == 0 {
            out = out.fulfilment(Fulfilment::new(f.id.clone(), f.date));
        }
    }
    out
}

fn national(c: &mut Criterion) {
    let mut g = c.benchmark_group("national");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(8))
        .warm_up_time(Duration::from_secs(1));
    for n in [100_000usize, 1_000_000] {
        let p = synth_population(&SynthConfig::default().seed(42).enterprises(n));
        let assessor =
            Assessor::new(Policy::seed(), p.catalogue().expect("catalogue")).expect("policy");
        let histories = p.histories().expect("histories");
        let dossiers: Vec<Dossier> = histories.iter().map(dossier).collect();
        let rules = NationalRules::national_2026();
        let t = p.as_of;
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("summary", n), &histories, |b, hs| {
            b.iter(|| black_box(assessor.summarize_batch(hs, t)));
        });
        g.bench_with_input(BenchmarkId::new("publicity", n), &dossiers, |b, ds| {
            b.iter(|| {
                ds.iter()
                    .map(|d| rules.publicity(d, t).map_or(0, |v| v.len()))
                    .sum::<usize>()
            });
        });
    }
    g.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
