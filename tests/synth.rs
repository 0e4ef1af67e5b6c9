//! Synthetic populations (`research::synth_*`): determinism, clean data, the mix of
//! facts, faulty data on request, and calibration against the source document's
//! 94.2 % tier A.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use creditgrade::model::{AdGrade, Honour, HonourLevel};
use creditgrade::research::{SynthConfig, synth_catalogue, synth_enterprises, synth_population};
use creditgrade::{Enterprise, Fact, FactKind, Grade, Severity};
use rust_decimal::Decimal;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn catalogue_map(catalogue: &[(String, Severity)]) -> BTreeMap<&str, Severity> {
    catalogue.iter().map(|(a, s)| (a.as_str(), *s)).collect()
}

// ---------------------------------------------------------------------------
// Reference approximation of docs/spec.md's seed policy, for the fact kinds the
// generator produces. Test code only: it is not the crate's grading engine and
// exists to calibrate and check the generator.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Rated(Grade),
    NotRegistered,
    Closed,
    Error,
}

struct Event<'a> {
    date: NaiveDate,
    severity: Severity,
    end: NaiveDate,
    repaired: bool,
    id: Option<&'a str>,
}

fn months_after(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap()
}

fn months_before(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(n)).unwrap()
}

fn minimum_publicity(s: Severity) -> u32 {
    match s {
        Severity::Minor => 0,
        Severity::General => 3,
        Severity::Serious => 12,
    }
}

/// docs/spec.md "Cumulative rules": derived events at each counted fact whose 12-month
/// count reaches the threshold.
fn cumulative(dates: &[NaiveDate], threshold: usize, severity: Severity, out: &mut Vec<Event<'_>>) {
    for &ti in dates {
        let from = months_before(ti, 12);
        let count = dates.iter().filter(|&&d| from < d && d <= ti).count();
        if count >= threshold {
            out.push(Event {
                date: ti,
                severity,
                end: months_after(ti, 12),
                repaired: false,
                id: None,
            });
        }
    }
}

fn honour_points(h: Honour) -> (u8, u32) {
    let admin = |l: HonourLevel, p: [u32; 4]| match l {
        HonourLevel::National => p[0],
        HonourLevel::Provincial => p[1],
        HonourLevel::Municipal => p[2],
        HonourLevel::District => p[3],
    };
    match h {
        Honour::ContractAbiding(l) => (0, admin(l, [40, 30, 20, 10])),
        Honour::Trademark(l) => (1, admin(l, [30, 20, 10, 5])),
        Honour::Other(l) => (2, admin(l, [20, 15, 10, 5])),
        Honour::Advertising(g) => (
            3,
            match g {
                AdGrade::A => 20,
                AdGrade::B => 10,
                AdGrade::C => 5,
            },
        ),
    }
}

/// The grade docs/spec.md's seed policy gives (Episode lock), as of `t`.
fn reference_grade(
    catalogue: &BTreeMap<&str, Severity>,
    e: &Enterprise,
    facts: &[Fact],
    t: NaiveDate,
) -> Outcome {
    if e.registered_on > t {
        return Outcome::NotRegistered;
    }
    let live: Vec<&Fact> = facts.iter().filter(|f| f.date <= t).collect();
    if live.iter().any(|f| f.kind == FactKind::Deregistration) {
        return Outcome::Closed;
    }
    let targets: BTreeSet<&str> = live
        .iter()
        .filter(|f| matches!(f.kind, FactKind::Penalty { .. } | FactKind::Breach { .. }))
        .map(|f| f.id.as_str())
        .collect();
    for f in &live {
        let bad = f.date < e.registered_on
            || matches!(&f.kind, FactKind::Penalty { article } if !catalogue.contains_key(article.as_str()))
            || matches!(&f.kind, FactKind::Repair { target } if !targets.contains(target.as_str()));
        if bad {
            return Outcome::Error;
        }
    }
    if live.iter().any(|f| f.kind == FactKind::Revocation) {
        return Outcome::Rated(Grade::D);
    }

    let mut events: Vec<Event> = Vec::new();
    let (mut complaints, mut admonitions, mut minor_penalties) = (vec![], vec![], vec![]);
    for f in &live {
        match &f.kind {
            FactKind::Penalty { article } => {
                let severity = catalogue[article.as_str()];
                if severity == Severity::Minor {
                    minor_penalties.push(f.date);
                }
                events.push(Event {
                    date: f.date,
                    severity,
                    end: months_after(f.date, 12),
                    repaired: false,
                    id: Some(&f.id),
                });
            }
            FactKind::Breach { .. } => events.push(Event {
                date: f.date,
                severity: Severity::Minor,
                end: months_after(f.date, 12),
                repaired: false,
                id: Some(&f.id),
            }),
            FactKind::Complaint => complaints.push(f.date),
            FactKind::Admonition => admonitions.push(f.date),
            _ => {}
        }
    }
    // Repairs: accepted on or after d + M(s); the earliest accepted wins.
    let mut repairs: Vec<(&Fact, &str)> = live
        .iter()
        .filter_map(|f| match &f.kind {
            FactKind::Repair { target } => Some((*f, target.as_str())),
            _ => None,
        })
        .collect();
    repairs.sort_by_key(|(f, _)| f.date);
    for (r, target) in repairs {
        if let Some(ev) = events.iter_mut().find(|ev| ev.id == Some(target)) {
            if !ev.repaired && r.date >= months_after(ev.date, minimum_publicity(ev.severity)) {
                ev.repaired = true;
                ev.end = ev.end.min(r.date);
            }
        }
    }
    cumulative(&complaints, 3, Severity::Minor, &mut events);
    cumulative(&admonitions, 2, Severity::Minor, &mut events);
    cumulative(&minor_penalties, 3, Severity::General, &mut events);
    // Annual reports.
    let mut year = e.registered_on.year().max(2013);
    while date(year + 1, 6, 30) < t {
        let deadline = date(year + 1, 6, 30);
        let on_time = live.iter().any(|f| {
            matches!(f.kind, FactKind::AnnualReport { year: y } if y == year) && f.date <= deadline
        });
        if !on_time {
            let d = date(year + 1, 7, 1);
            events.push(Event {
                date: d,
                severity: Severity::Minor,
                end: months_after(d, 12),
                repaired: false,
                id: None,
            });
        }
        year += 1;
    }

    // The Episode lock.
    events.sort_by_key(|ev| ev.date);
    let mut episode_start = 0;
    let mut running_end: Option<NaiveDate> = None;
    for (i, ev) in events.iter().enumerate() {
        match running_end {
            Some(end) if ev.date < end => running_end = Some(end.max(ev.end)),
            _ => {
                episode_start = i;
                running_end = Some(ev.end);
            }
        }
    }
    if running_end.is_some_and(|end| end > t) {
        let worst = events[episode_start..]
            .iter()
            .filter(|ev| !ev.repaired)
            .map(|ev| ev.severity)
            .max()
            .expect("a locking episode has an unrepaired event");
        return Outcome::Rated(worst.tier().grade());
    }

    // Refining A.
    let since = months_before(t, 36);
    let eligible = e.legal_person
        && !events
            .iter()
            .any(|ev| !ev.repaired && since < ev.date && ev.date <= t)
        && !live
            .iter()
            .any(|f| matches!(f.kind, FactKind::KeyPersonFlag { .. }) && since < f.date);
    let mut best = [0u32; 4];
    for f in &live {
        if let FactKind::Honour { honour, until } = f.kind {
            if until.is_none_or(|u| t < u) {
                let (kind, points) = honour_points(honour);
                best[kind as usize] = best[kind as usize].max(points);
            }
        }
    }
    let points: u32 = best.iter().sum();
    Outcome::Rated(match points {
        p if eligible && p >= 60 => Grade::Aaa,
        p if eligible && p >= 30 => Grade::Aa,
        _ => Grade::A,
    })
}

#[test]
fn reference_grade_follows_the_spec_example() {
    // docs/spec.md "The lock and recovery", example: serious on 2024-01-10, minor on
    // 2024-06-01; as of 2025-02-01 the grade is D; as of 2025-06-01 it is A.
    let catalogue = synth_catalogue();
    let map = catalogue_map(&catalogue);
    let e = Enterprise::new("E1", date(2024, 1, 1)).legal_person(true);
    let facts = vec![
        Fact::penalty("F1", date(2024, 1, 10), "A1000"),
        Fact::breach("F2", date(2024, 6, 1), "board_not_elected"),
        Fact::annual_report("F3", date(2025, 3, 1), 2024),
    ];
    assert_eq!(map["A1000"], Severity::Serious);
    assert_eq!(
        reference_grade(&map, &e, &facts, date(2025, 2, 1)),
        Outcome::Rated(Grade::D)
    );
    assert_eq!(
        reference_grade(&map, &e, &facts, date(2025, 6, 1)),
        Outcome::Rated(Grade::A)
    );
    // Three complaints within 12 months: minor (B); two are not enough.
    let complaints = [
        Fact::complaint("C1", date(2024, 2, 1)),
        Fact::complaint("C2", date(2024, 9, 1)),
        Fact::complaint("C3", date(2025, 1, 31)),
    ];
    assert_eq!(
        reference_grade(&map, &e, &complaints[..2], date(2025, 2, 1)),
        Outcome::Rated(Grade::A)
    );
    assert_eq!(
        reference_grade(&map, &e, &complaints, date(2025, 2, 1)),
        Outcome::Rated(Grade::B)
    );
    // A missing 2024 report is an event on 2025-07-01.
    assert_eq!(
        reference_grade(&map, &e, &[], date(2025, 7, 1)),
        Outcome::Rated(Grade::B)
    );
    assert_eq!(
        reference_grade(&map, &e, &[], date(2025, 6, 30)),
        Outcome::Rated(Grade::A)
    );
}

// ---------------------------------------------------------------------------
// Determinism.

#[test]
fn same_config_same_population_byte_for_byte() {
    let config = SynthConfig::default().seed(42).enterprises(300);
    let a = synth_population(&config);
    let b = synth_population(&config);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let c = synth_population(&config.clone().seed(43));
    assert_ne!(a.enterprises, c.enterprises);
    // The ids and the catalogue do not depend on the seed; the records do.
    assert_eq!(a.catalogue, c.catalogue);
    assert_eq!(a.enterprises[5].0.id, c.enterprises[5].0.id);
    let differing = a
        .enterprises
        .iter()
        .zip(&c.enterprises)
        .filter(|(x, y)| x != y)
        .count();
    assert_eq!(differing, 300);
}

#[test]
fn stream_equals_population_and_prefixes_agree() {
    let config = SynthConfig::default().seed(3).enterprises(200);
    let population = synth_population(&config);
    let streamed: Vec<_> = synth_enterprises(&config).collect();
    assert_eq!(streamed, population.enterprises);
    let small = synth_population(&config.clone().enterprises(50));
    assert_eq!(small.enterprises[..], population.enterprises[..50]);
    let mut it = synth_enterprises(&config);
    assert_eq!(it.len(), 200);
    assert_eq!(it.nth(120).unwrap(), population.enterprises[120]);
    assert_eq!(it.next_back().unwrap(), population.enterprises[199]);
    assert_eq!(it.len(), 78);
    let reversed: Vec<_> = synth_enterprises(&config).rev().take(3).collect();
    assert_eq!(reversed[2], population.enterprises[197]);
    assert!(synth_enterprises(&config).nth(200).is_none());
}

#[test]
fn config_serde_round_trips_and_fills_defaults() {
    let config = SynthConfig::default()
        .seed(9)
        .enterprises(12)
        .as_of(date(2024, 6, 30))
        .penalty_rate(Decimal::new(5, 2))
        .error_rate(Decimal::new(1, 1));
    let json = serde_json::to_string(&config).unwrap();
    let back: SynthConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, config);
    let partial: SynthConfig = serde_json::from_str(r#"{"seed": 9, "enterprises": 12}"#).unwrap();
    assert_eq!(partial, SynthConfig::default().seed(9).enterprises(12));
    assert!(serde_json::from_str::<SynthConfig>(r#"{"sed": 9}"#).is_err());
    let population = synth_population(&config);
    let json = serde_json::to_string(&population).unwrap();
    assert_eq!(
        serde_json::from_str::<creditgrade::research::Population>(&json).unwrap(),
        population
    );
}

// ---------------------------------------------------------------------------
// Clean data.

#[test]
fn catalogue_has_the_shenhe_proportions() {
    let catalogue = synth_catalogue();
    assert_eq!(catalogue.len(), 1643);
    let count = |s| catalogue.iter().filter(|(_, x)| *x == s).count();
    assert_eq!(count(Severity::Minor), 17);
    assert_eq!(count(Severity::General), 905);
    assert_eq!(count(Severity::Serious), 721);
    let ids: BTreeSet<&str> = catalogue.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(ids.len(), 1643);
    assert_eq!(catalogue[16], ("A0017".to_string(), Severity::Minor));
    assert_eq!(catalogue[921], ("A0922".to_string(), Severity::General));
    assert_eq!(catalogue[922], ("A0923".to_string(), Severity::Serious));
}

#[test]
fn default_population_is_clean() {
    let config = SynthConfig::default().seed(11).enterprises(3000);
    let population = synth_population(&config);
    let catalogue = catalogue_map(&population.catalogue);
    let window_end = months_after(config.get_as_of(), 12);
    for (i, (e, facts)) in population.enterprises.iter().enumerate() {
        assert_eq!(e.id, format!("E{i:07}"));
        assert!(!e.name.is_empty() && !e.industry.is_empty() && !e.region.is_empty());
        assert!(e.district.starts_with('D') && e.route.starts_with('R'));
        assert_eq!(e.key_persons[0].id, format!("{}-P1", e.id));
        let persons: BTreeSet<&str> = e.key_persons.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(persons.len(), e.key_persons.len());
        // Ids F1..Fn in date order.
        for (k, f) in facts.iter().enumerate() {
            assert_eq!(f.id, format!("{}-F{}", e.id, k + 1));
        }
        assert!(facts.windows(2).all(|w| w[0].date <= w[1].date), "{}", e.id);
        let by_id: BTreeMap<&str, &Fact> = facts.iter().map(|f| (f.id.as_str(), f)).collect();
        assert_eq!(by_id.len(), facts.len());
        let closures = facts
            .iter()
            .filter(|f| matches!(f.kind, FactKind::Revocation | FactKind::Deregistration))
            .count();
        assert!(closures <= 1);
        if closures == 1 {
            assert!(matches!(
                facts.last().unwrap().kind,
                FactKind::Revocation | FactKind::Deregistration
            ));
        }
        for f in facts {
            assert!(f.date >= e.registered_on, "{} before registration", f.id);
            assert!(f.date <= window_end, "{} after the window", f.id);
            match &f.kind {
                FactKind::Penalty { article } => {
                    assert!(catalogue.contains_key(article.as_str()), "{}", f.id);
                }
                FactKind::Repair { target } => {
                    let t = by_id[target.as_str()];
                    assert!(matches!(
                        t.kind,
                        FactKind::Penalty { .. } | FactKind::Breach { .. }
                    ));
                    assert!(t.date <= f.date);
                }
                FactKind::KeyPersonFlag { person } => {
                    assert!(persons.contains(person.as_str()));
                }
                FactKind::AnnualReport { year } => {
                    assert!(*year >= 2013 && *year >= e.registered_on.year());
                    assert!(f.date > date(*year, 12, 31));
                }
                FactKind::Honour { until: Some(u), .. } => assert!(*u > f.date),
                _ => {}
            }
        }
        // Every enterprise rated at as-of has a grade, never an error.
        let outcome = reference_grade(&catalogue, e, facts, config.get_as_of());
        assert_ne!(outcome, Outcome::Error, "{}", e.id);
    }
}

#[test]
fn the_mix_has_every_kind_of_fact() {
    let config = SynthConfig::default().seed(5).enterprises(5000);
    let as_of = config.get_as_of();
    let population = synth_population(&config);
    let catalogue = catalogue_map(&population.catalogue);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    let mut honours: BTreeSet<(&str, &str)> = BTreeSet::new();
    let (mut after, mut total, mut late_reports, mut early_repairs) = (0, 0, 0, 0);
    let mut expiring = (0, 0);
    let mut classes: BTreeMap<Severity, usize> = BTreeMap::new();
    for (_, facts) in &population.enterprises {
        total += facts.len();
        for f in facts {
            *kinds.entry(f.kind.as_str()).or_default() += 1;
            after += usize::from(f.date > as_of);
            match &f.kind {
                FactKind::Honour { honour, until } => {
                    honours.insert((honour.kind_str(), honour.level_str()));
                    if until.is_some() {
                        expiring.0 += 1;
                    } else {
                        expiring.1 += 1;
                    }
                }
                FactKind::AnnualReport { year } => {
                    late_reports += usize::from(f.date > date(year + 1, 6, 30));
                }
                FactKind::Penalty { article } => {
                    *classes.entry(catalogue[article.as_str()]).or_default() += 1;
                }
                FactKind::Repair { target } => {
                    let t = facts.iter().find(|x| &x.id == target).unwrap();
                    let severity = match &t.kind {
                        FactKind::Penalty { article } => catalogue[article.as_str()],
                        _ => Severity::Minor,
                    };
                    early_repairs +=
                        usize::from(f.date < months_after(t.date, minimum_publicity(severity)));
                }
                _ => {}
            }
        }
    }
    let registered_later = population
        .enterprises
        .iter()
        .filter(|(e, _)| e.registered_on > as_of)
        .count();
    let non_legal = population
        .enterprises
        .iter()
        .filter(|(e, _)| !e.legal_person)
        .count();
    eprintln!("facts by kind: {kinds:?}; total {total}; after as-of {after}");
    // About five facts per enterprise.
    assert!((4 * 5000..=7 * 5000).contains(&total), "{total}");
    for kind in [
        "annual_report",
        "complaint",
        "admonition",
        "penalty",
        "breach",
        "honour",
        "repair",
        "principal",
        "revocation",
        "deregistration",
    ] {
        assert!(kinds.get(kind).copied().unwrap_or(0) > 0, "no {kind}");
    }
    // Annual reports are most of the record; complaints the commonest event.
    assert!(kinds["annual_report"] > total / 2);
    assert!(kinds["complaint"] > kinds["penalty"]);
    assert!(kinds["penalty"] > kinds["breach"]);
    assert!(kinds["revocation"] < kinds["deregistration"]);
    // Every honour kind at every level it has: 3 × 4 + 3.
    assert_eq!(honours.len(), 15, "{honours:?}");
    assert!(expiring.0 > 0 && expiring.1 > 0);
    assert!(late_reports > 0 && early_repairs > 0);
    assert!(after > 0 && registered_later > 0 && non_legal > 0);
    assert!(classes[&Severity::Minor] > 0);
    assert!(classes[&Severity::General] > classes[&Severity::Serious]);
}

// ---------------------------------------------------------------------------
// Faulty data.

#[test]
fn error_rate_injects_faults_the_grader_must_report() {
    let config = SynthConfig::default()
        .seed(8)
        .enterprises(600)
        .error_rate(Decimal::ONE);
    let as_of = config.get_as_of();
    let population = synth_population(&config);
    let catalogue = catalogue_map(&population.catalogue);
    let mut seen = [0usize; 3];
    for (e, facts) in &population.enterprises {
        let ids: BTreeSet<&str> = facts.iter().map(|f| f.id.as_str()).collect();
        let before = facts.iter().filter(|f| f.date < e.registered_on).count();
        let unknown = facts
            .iter()
            .filter(|f| matches!(&f.kind, FactKind::Penalty { article } if !catalogue.contains_key(article.as_str())))
            .count();
        let dangling = facts
            .iter()
            .filter(|f| matches!(&f.kind, FactKind::Repair { target } if !ids.contains(target.as_str())))
            .count();
        assert_eq!(before + unknown + dangling, 1, "{}", e.id);
        seen[0] += before;
        seen[1] += unknown;
        seen[2] += dangling;
        match reference_grade(&catalogue, e, facts, as_of) {
            Outcome::NotRegistered | Outcome::Closed | Outcome::Error => {}
            other @ Outcome::Rated(_) => panic!("{}: {other:?} despite a fault", e.id),
        }
    }
    assert!(seen.iter().all(|&n| n > 150), "{seen:?}");

    // A share of 10 %: about 60 of 600.
    let some = synth_population(&config.clone().error_rate(Decimal::new(1, 1)));
    let faulty = some
        .enterprises
        .iter()
        .filter(|(e, facts)| reference_grade(&catalogue, e, facts, as_of) == Outcome::Error)
        .count();
    assert!((35..=90).contains(&faulty), "{faulty}");
}

// ---------------------------------------------------------------------------
// Calibration.

fn distribution(config: &SynthConfig) -> BTreeMap<Outcome, usize> {
    let catalogue = synth_catalogue();
    let map = catalogue_map(&catalogue);
    let mut out = BTreeMap::new();
    for (e, facts) in synth_enterprises(config) {
        *out.entry(reference_grade(&map, &e, &facts, config.get_as_of()))
            .or_default() += 1;
    }
    out
}

#[test]
fn default_rates_give_about_94_percent_tier_a() {
    // The default as-of date (31 December) and a mid-year one, just before the
    // 30 June annual-report deadline.
    for (seed, as_of) in [(0, date(2025, 12, 31)), (1, date(2024, 6, 15))] {
        let config = SynthConfig::default()
            .seed(seed)
            .enterprises(20_000)
            .as_of(as_of);
        let d = distribution(&config);
        let n = |g| d.get(&Outcome::Rated(g)).copied().unwrap_or(0);
        let rated: usize = Grade::ALL.iter().map(|&g| n(g)).sum();
        let tier_a = n(Grade::Aaa) + n(Grade::Aa) + n(Grade::A);
        eprintln!("seed {seed}: {d:?}; tier A {tier_a} of {rated}");
        // 94.2 % in the source document; allow ±1 point.
        assert!(
            tier_a * 1000 >= rated * 932 && tier_a * 1000 <= rated * 952,
            "{tier_a}/{rated}"
        );
        assert!(n(Grade::B) > n(Grade::C) && n(Grade::C) > n(Grade::D) && n(Grade::D) > 0);
        assert!(n(Grade::Aa) > n(Grade::Aaa) && n(Grade::Aaa) > 0);
        assert!(d[&Outcome::Closed] > 0 && d[&Outcome::NotRegistered] > 0);
        assert!(!d.contains_key(&Outcome::Error));
    }
}

#[test]
fn a_hundred_thousand_enterprises_can_be_generated() {
    let config = SynthConfig::default().seed(2).enterprises(100_000);
    let mut count = 0usize;
    let mut facts = 0usize;
    let mut last = String::new();
    for (e, f) in synth_enterprises(&config) {
        count += 1;
        facts += f.len();
        last = e.id;
    }
    assert_eq!(count, 100_000);
    assert_eq!(last, "E0099999");
    assert!(facts > 400_000, "{facts}");
}
