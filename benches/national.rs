//! Publicity of penalty decisions as of a date, beside the summary grading path, on
//! the same synthetic population (`research::synth`); and the whole national state
//! (publicity and both lists) of a register-like population
//! (`research::register_enterprises`, one million enterprises) beside the summary
//! grading path on the same enterprises.
//!
//! ```text
//! cargo bench --bench national
//! cargo bench --bench national -- register      # the register-like million only
//! CREDITGRADE_BENCH_N=100000 cargo bench --bench national -- register
//! cargo bench --bench national -- register_national/population   # the columnar paths
//! ```
//!
//! Each penalty of the population dated from 2023-05-01 on (the presets' first
//! version of 信用中国) gets decision details derived from its id: a fine of up to
//! ¥60,000, sometimes a warning or a closure, published on its date, duties
//! fulfilled for every second one; earlier penalties stay article-only.

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use creditgrade::national::{
    AbnormalListing, AbnormalRecord, AbnormalRemoval, Decision, Dossier, Fulfilment, Ground,
    Measure, NationalRules, RemovalApplication, SeriousListing, Standing,
};
use creditgrade::population::Population;
use creditgrade::research::{
    REGISTER_AS_OF, SynthConfig, register_enterprises, synth_catalogue, synth_population,
};
use creditgrade::{Assessor, Catalogue, FactKind, History, Policy};
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

fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The national facts of a register enterprise, derived from its id and its
/// penalties: every penalty from 2023-05-01 on is a decision (a fine; one in six
/// heavy, one in ten with production suspended for a year), duties fulfilled for
/// two thirds; one heavy decision in three puts the enterprise on the serious list
/// a month later, with an early-removal application a year and a month after
/// that; 4% of enterprises have a record of the list of abnormal operations (one
/// unreachable listing, removed for half of them), 0.5% of which are escalated on
/// the third anniversary.
fn register_dossier(h: &History, k: u64) -> Dossier {
    let first = NaiveDate::from_ymd_opt(2023, 5, 1).expect("date");
    let mut out = Dossier::new(h.id());
    let mut n = 0u64;
    for f in h.facts() {
        let FactKind::Penalty { article } = &f.kind else {
            continue;
        };
        if f.date < first {
            continue;
        }
        n += 1;
        let r = mix(k ^ (n << 40));
        let mut d = Decision::new(f.id.clone(), f.date, article.clone())
            .with_measure(Measure::fine(i64::try_from(r % 200_000).unwrap_or(0)))
            .with_published_on(f.date);
        let heavy = r % 6 == 0;
        d = d.with_heavy(heavy);
        let suspended = r % 10 == 1;
        if suspended {
            d = d
                .with_measure(Measure::ProductionSuspended)
                .with_restriction_until(f.date + chrono::Months::new(12));
        }
        out = out.decision(d);
        if r % 3 != 0 {
            out = out.fulfilment(Fulfilment::new(
                f.id.clone(),
                f.date + chrono::Days::new(20),
            ));
        }
        if (heavy || suspended) && (r >> 8) % 3 == 0 {
            let on = f.date + chrono::Months::new(1);
            let id = format!("S-{}", f.id);
            out = out.serious_listing(SeriousListing::decision(id.clone(), f.id.clone(), on));
            out = out.serious_removal(RemovalApplication::new(
                format!("A-{}", f.id),
                id,
                on + chrono::Months::new(13),
            ));
        }
    }
    let r = mix(k.wrapping_mul(31));
    if r % 25 == 0 {
        let registered = h.enterprise().registered_on;
        let on = registered.max(NaiveDate::from_ymd_opt(2021, 1, 1).expect("date"))
            + chrono::Days::new(r % 1500);
        let mut record = AbnormalRecord::new(h.id(), registered).listing(AbnormalListing::new(
            "L1",
            Ground::Unreachable,
            on,
        ));
        if (r >> 8) % 2 == 0 {
            record = record.removal(AbnormalRemoval::new("L1", on + chrono::Days::new(90)));
        } else if (r >> 16) % 100 == 0 {
            let due = on + chrono::Months::new(36);
            if due <= REGISTER_AS_OF {
                out = out.serious_listing(SeriousListing::escalation("X1", due));
            }
        }
        out = out.abnormal_record(record);
    }
    out
}

fn register(c: &mut Criterion) {
    let n = std::env::var("CREDITGRADE_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000usize);
    let t = REGISTER_AS_OF;
    let catalogue = Catalogue::from_pairs(synth_catalogue().iter().map(|(a, s)| (a.as_str(), *s)))
        .expect("catalogue");
    let seed = Assessor::new(Policy::seed(), catalogue.clone()).expect("policy");
    let national = Assessor::new(Policy::national_2026(), catalogue).expect("policy");
    let histories: Vec<History> = register_enterprises(n, 42)
        .map(|(e, f)| History::new(e, f).expect("valid"))
        .collect();
    let dossiers: Vec<Dossier> = histories
        .iter()
        .zip(0u64..)
        .map(|(h, k)| register_dossier(h, k))
        .collect();
    let rules = NationalRules::national_2026();
    let standings: Vec<Standing> = dossiers
        .iter()
        .map(|d| rules.standing(d, t).expect("valid dossier"))
        .collect();
    let decisions: usize = dossiers.iter().map(|d| d.decisions().len()).sum();
    let listed = standings
        .iter()
        .filter(|s| s.holds(creditgrade::national::Mark::SeriousList, t))
        .count();
    let abnormal = dossiers
        .iter()
        .filter(|d| d.abnormal_list().is_some())
        .count();
    eprintln!(
        "register: {n} enterprises, {decisions} decisions, {abnormal} abnormal-list records, {listed} on the serious list on {t}"
    );
    let mut g = c.benchmark_group("register_national");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(6))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("summary", |b| {
        b.iter(|| black_box(seed.summarize_batch(&histories, t)));
    });
    g.bench_function("state", |b| {
        b.iter(|| {
            dossiers
                .iter()
                .map(|d| rules.state(d, t).map_or(0, |s| s.publicity.len()))
                .sum::<usize>()
        });
    });
    g.bench_function("standing", |b| {
        b.iter(|| {
            dossiers
                .iter()
                .map(|d| rules.standing(d, t).map_or(0, |s| s.spells.len()))
                .sum::<usize>()
        });
    });
    g.bench_function("summary_national", |b| {
        b.iter(|| black_box(national.summarize_national_batch(&histories, &standings, t)));
    });
    // The columnar population: the summary path beside the same with the
    // national effects (members without an effective mark take the one-pass plan).
    let population = Population::from_histories(&histories).expect("population");
    g.bench_function("population_summary", |b| {
        b.iter(|| black_box(seed.summarize_population(&population, t)));
    });
    g.bench_function("population_summary_national", |b| {
        b.iter(|| black_box(national.summarize_population_national(&population, &standings, t)));
    });
    g.finish();
}

criterion_group!(benches, national, register);
criterion_main!(benches);
