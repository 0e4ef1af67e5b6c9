//! No input makes the library panic: extreme dates, extreme policies, odd ids.

mod common;

use chrono::NaiveDate;
use common::catalogue;
use creditgrade::model::{AdGrade, FIRST_DATE, Honour, HonourLevel, LAST_DATE};
use creditgrade::policy::{LockMode, Scoring};
use creditgrade::{Assessor, Enterprise, Fact, History, Policy};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Mostly dates in the supported range (its ends included); now and then one
/// outside it, which must be refused with a typed error.
fn date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        1 => Just(NaiveDate::MIN),
        1 => Just(NaiveDate::MAX),
        3 => Just(FIRST_DATE),
        3 => Just(LAST_DATE),
        3 => Just(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
        20 => (1i32..=9999, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
        1 => (-5000i32..12000, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap()),
    ]
}

fn fact(i: usize) -> impl Strategy<Value = Fact> {
    let id = format!("F{i}");
    (
        date(),
        0u8..11,
        any::<i32>(),
        "[A-Z]{0,3}",
        proptest::option::of(date()),
    )
        .prop_map(move |(d, k, n, s, until)| match k {
            0 => Fact::penalty(
                id.clone(),
                d,
                if s.is_empty() { "MIN".to_owned() } else { s },
            ),
            1 => Fact::breach(id.clone(), d, s),
            2 => Fact::complaint(id.clone(), d),
            3 => Fact::admonition(id.clone(), d),
            4 => Fact::honour(id.clone(), d, Honour::Advertising(AdGrade::B), until),
            5 => Fact::honour(id.clone(), d, Honour::Other(HonourLevel::National), until),
            6 => Fact::annual_report(id.clone(), d, n),
            7 => Fact::repair(id.clone(), d, format!("F{}", n.rem_euclid(8))),
            8 => Fact::key_person_flag(id.clone(), d, s),
            9 => Fact::revocation(id.clone(), d),
            _ => Fact::deregistration(id.clone(), d),
        })
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        1i32..=1200,
        0i32..=1200,
        1i32..=1200,
        1u32..50,
        0i32..=1200,
        any::<bool>(),
        0u8..3,
    )
        .prop_map(
            |(len, min, window, threshold, lookback, window_mode, preset)| {
                let mut p = match preset {
                    0 => Policy::seed(),
                    1 => Policy::score_preset(),
                    _ => {
                        let mut p = Policy::score_preset();
                        if let Scoring::Score(s) = &mut p.scoring {
                            s.floors = false;
                            s.base = Decimal::MAX;
                            s.coefficients.tiered = Decimal::MAX;
                        }
                        p
                    }
                };
                p.lock.duration_months.minor = len;
                p.lock.repair_min_months.general = min;
                p.cumulative[0].window_months = window;
                p.cumulative[0].threshold = threshold;
                p.refine.lookback_months = lookback;
                if window_mode {
                    p.lock.mode = LockMode::Window;
                }
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn never_panics(
        reg in date(),
        facts in (0usize..8).prop_flat_map(|n| (0..n).map(fact).collect::<Vec<_>>()),
        t in date(),
        p in policy(),
    ) {
        let a = Assessor::new(p, catalogue()).unwrap();
        // Dates outside 0001-01-01..=9999-12-31 are refused, with a typed error.
        let h = match History::new(Enterprise::new("E", reg).legal_person(true), facts) {
            Ok(h) => h,
            Err(e) => {
                prop_assert_eq!(e.kind(), creditgrade::ErrorKind::InvalidInput);
                return Ok(());
            }
        };
        // Any result is fine; a panic is not. Both paths must agree.
        let full = a.assess(&h, t);
        let lean = a.summarize(&h, t);
        prop_assert_eq!(full.map(|x| x.summary()), lean);
    }
}
