//! Speed of the objective weights: the `f64` fast path on 100,000 × 8, and the
//! `Decimal` path on 10,000 × 8 for comparison.
//!
//! ```text
//! cargo bench --bench weights
//! ```

use std::hint::black_box;
use std::time::Duration;

use creditgrade::research::{
    Indicator, WeightOptions, critic_weights, critic_weights_f64, entropy_weights,
    entropy_weights_f64,
};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::Decimal;

const INDICATORS: usize = 8;

fn indicators() -> Vec<Indicator> {
    (0..INDICATORS)
        .map(|j| {
            if j % 2 == 0 {
                Indicator::cost(format!("cost{j}"))
            } else {
                Indicator::benefit(format!("benefit{j}"))
            }
        })
        .collect()
}

/// A deterministic matrix of small counts (0..1000), row-major.
fn counts(rows: usize) -> Vec<u32> {
    let mut state = 42_u64;
    (0..rows * INDICATORS)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            u32::try_from((state >> 33) % 1000).expect("below 1000")
        })
        .collect()
}

fn weights(c: &mut Criterion) {
    let ind = indicators();
    let o = WeightOptions::default();
    let mut g = c.benchmark_group("weights");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1));

    let rows = 100_000;
    let data: Vec<f64> = counts(rows).into_iter().map(f64::from).collect();
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_with_input(BenchmarkId::new("entropy_f64", rows), &data, |b, d| {
        b.iter(|| black_box(entropy_weights_f64(&ind, d, &o).expect("weights")));
    });
    g.bench_with_input(BenchmarkId::new("critic_f64", rows), &data, |b, d| {
        b.iter(|| black_box(critic_weights_f64(&ind, d, &o).expect("weights")));
    });

    let rows = 10_000;
    let table: Vec<Vec<Decimal>> = counts(rows)
        .chunks_exact(INDICATORS)
        .map(|r| r.iter().map(|v| Decimal::from(*v)).collect())
        .collect();
    g.throughput(Throughput::Elements(rows as u64));
    g.bench_with_input(BenchmarkId::new("entropy_decimal", rows), &table, |b, t| {
        b.iter(|| black_box(entropy_weights(&ind, t, &o).expect("weights")));
    });
    g.bench_with_input(BenchmarkId::new("critic_decimal", rows), &table, |b, t| {
        b.iter(|| black_box(critic_weights(&ind, t, &o).expect("weights")));
    });
    g.finish();
}

criterion_group!(benches, weights);
criterion_main!(benches);
