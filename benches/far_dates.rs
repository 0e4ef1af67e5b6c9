//! Assessments far beyond the last fact.
//!
//! ```text
//! cargo bench --bench far_dates
//! ```
//!
//! One enterprise with 5,000 facts from 2015 to 2024, assessed in 2025 and on
//! 9999-12-31, when every annual report since 2024 is missing: the cost must not
//! grow with the distance to the date.

use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use creditgrade::model::LAST_DATE;
use creditgrade::{Assessor, Catalogue, Enterprise, Fact, History, Policy, Severity};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn far_dates(c: &mut Criterion) {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("a date");
    let start = d(2015, 1, 1);
    let facts: Vec<Fact> = (0..5_000u32)
        .map(|i| {
            let date = start + Days::new(u64::from(i * 7 % 3_650));
            let id = format!("F{i}");
            match i % 10 {
                0 => Fact::penalty(id, date, "MIN"),
                1 => Fact::penalty(id, date, "GEN"),
                2 => Fact::annual_report(id, date, 2014 + i32::try_from(i % 10).unwrap_or(0)),
                _ => Fact::complaint(id, date),
            }
        })
        .collect();
    let h = History::new(Enterprise::new("E1", start).legal_person(true), facts).expect("history");
    let catalogue = Catalogue::from_pairs([("MIN", Severity::Minor), ("GEN", Severity::General)])
        .expect("catalogue");
    let assessor = Assessor::new(Policy::seed(), catalogue).expect("policy");
    let mut g = c.benchmark_group("far_dates");
    g.sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for (name, t) in [("2025-06-30", d(2025, 6, 30)), ("9999-12-31", LAST_DATE)] {
        g.bench_function(BenchmarkId::new("summary_5000_facts", name), |b| {
            b.iter(|| black_box(assessor.summarize(&h, t)));
        });
        g.bench_function(BenchmarkId::new("full_reasons_5000_facts", name), |b| {
            b.iter(|| black_box(assessor.assess(&h, t)));
        });
    }
    g.finish();
}

criterion_group!(benches, far_dates);
criterion_main!(benches);
