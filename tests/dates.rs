//! The supported date range (0001-01-01 to 9999-12-31) and assessments far beyond
//! the last fact.

mod common;

use chrono::{Datelike, Days, NaiveDate};
use common::{assessor, catalogue, d};
use creditgrade::explain::{Detail, ReasonCode};
use creditgrade::model::{FIRST_DATE, Honour, HonourLevel, LAST_DATE};
use creditgrade::policy::{LockMode, PerSeverity};
use creditgrade::quantify::{Findings, Input, Quantifier};
use creditgrade::{
    Assessment, Assessor, Enterprise, ErrorKind, Fact, Grade, History, Policy, Severity,
};
use proptest::prelude::*;

fn ent() -> Enterprise {
    Enterprise::new("E1", d(2015, 1, 1)).legal_person(true)
}

#[test]
fn dates_outside_the_range_are_refused_where_they_enter() {
    let after = LAST_DATE.succ_opt().unwrap();
    let before = FIRST_DATE.pred_opt().unwrap();

    let e = History::new(ent(), vec![Fact::complaint("C1", after)]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        (e.enterprise(), e.fact(), e.field()),
        (Some("E1"), Some("C1"), Some("date"))
    );
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": fact \"C1\" (date): +10000-01-01 is outside the supported dates (0001-01-01 to 9999-12-31)"
    );

    let honour = Fact::honour(
        "H1",
        d(2020, 1, 1),
        Honour::Trademark(HonourLevel::National),
        Some(NaiveDate::MAX),
    );
    let e = History::new(ent(), vec![honour]).unwrap_err();
    assert_eq!((e.fact(), e.field()), (Some("H1"), Some("until")));

    let e = History::new(Enterprise::new("E2", before), vec![]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        (e.enterprise(), e.field()),
        (Some("E2"), Some("enterprise.registered_on"))
    );

    // The interchange format's own bounds are accepted.
    let h = History::new(
        Enterprise::new("E3", FIRST_DATE),
        vec![
            Fact::complaint("C1", FIRST_DATE),
            Fact::complaint("C2", LAST_DATE),
        ],
    )
    .unwrap();
    let a = assessor(Policy::seed());
    a.assess(&h, FIRST_DATE).unwrap();
    a.assess(&h, LAST_DATE).unwrap();

    for t in [after, before, NaiveDate::MAX, NaiveDate::MIN] {
        let e = a.assess(&h, t).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!((e.enterprise(), e.field()), (Some("E3"), Some("as_of")));
        assert_eq!(a.summarize(&h, t).unwrap_err(), e);
        let hs = [h.clone(), h.clone()];
        for r in a.assess_batch(&hs, t) {
            assert_eq!(r.unwrap_err(), e);
        }
        for r in a.summarize_batch(&hs, t) {
            assert_eq!(r.unwrap_err(), e);
        }
    }
}

#[test]
fn a_lock_running_past_the_last_date_reads_locked_on_it() {
    let h = History::new(ent(), vec![Fact::penalty("P1", d(9999, 6, 1), "SER")]).unwrap();
    for mut policy in [Policy::seed(), Policy::score_preset()] {
        policy.annual_reports = None;
        let a = assessor(policy).assess(&h, LAST_DATE).unwrap();
        assert_eq!(a.grade(), Some(Grade::D));
        let until = a.locked_until().unwrap();
        assert!(until > LAST_DATE);
        assert_eq!((until.year(), until.month(), until.day()), (10000, 6, 1));
        // It serialises and reads back.
        let json = serde_json::to_string(&a).unwrap();
        let back: Assessment = serde_json::from_str(&json).unwrap();
        assert_eq!(back, a);
    }
}

#[test]
fn reports_missed_for_eight_thousand_years_still_grade_exactly() {
    // The last report is for 2023; at 9999-12-31 every report since is missing:
    // the last one (for 9998, due 9999-06-30) locks the grade at B.
    let h = History::new(
        ent(),
        vec![Fact::annual_report("R2023", d(2024, 3, 1), 2023)],
    )
    .unwrap();
    let a = assessor(Policy::seed()).assess(&h, LAST_DATE).unwrap();
    assert_eq!(a.grade(), Some(Grade::B));
    assert_eq!(a.locked_until(), Some(d(10000, 7, 1)));
    let missing: Vec<NaiveDate> = a
        .reasons()
        .iter()
        .filter(|r| r.code == ReasonCode::ANNUAL_REPORT_MISSING)
        .filter_map(|r| match r.detail {
            Detail::Adverse { date, .. } => Some(date),
            _ => None,
        })
        .collect();
    // The years missed before the last report are listed, then those of the
    // 36-month look-back.
    assert_eq!(missing.len(), 8 + 3, "{missing:?}");
    assert_eq!(missing[0], d(2016, 7, 1));
    assert_eq!(missing[7], d(2023, 7, 1));
    assert_eq!(missing[8..], [d(9997, 7, 1), d(9998, 7, 1), d(9999, 7, 1)]);
    // Without pruning (a custom quantifier turns it off) the verdict is the same.
    let full = unpruned(Policy::seed()).assess(&h, LAST_DATE).unwrap();
    assert_eq!(full.summary(), a.summary());
    assert_eq!(
        full.reasons()
            .iter()
            .filter(|r| r.code == ReasonCode::ANNUAL_REPORT_MISSING)
            .count(),
        8 + (9998 - 2024 + 1)
    );
}

/// A quantifier that finds nothing; with it the assessor leaves nothing out.
struct Nothing;

impl Quantifier for Nothing {
    fn name(&self) -> &str {
        "nothing"
    }
    fn quantify(&self, _: &Input<'_>, _: &mut Findings) {}
}

fn unpruned(policy: Policy) -> Assessor {
    Assessor::new(policy, catalogue())
        .unwrap()
        .with_quantifier(Nothing)
}

fn facts() -> impl Strategy<Value = Vec<Fact>> {
    let fact = (0u8..8, 0u32..4000, 2014i32..2030).prop_map(|(k, n, y)| {
        let date = d(2015, 1, 1)
            .checked_add_days(Days::new(u64::from(n)))
            .unwrap();
        (k, date, y)
    });
    prop::collection::vec(fact, 0..12).prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (k, date, y))| {
                let id = format!("F{i}");
                match k {
                    0 => Fact::penalty(id, date, "MIN"),
                    1 => Fact::penalty(id, date, "GEN"),
                    2 => Fact::penalty(id, date, "SER"),
                    3 => Fact::complaint(id, date),
                    4 => Fact::key_person_flag(id, date, "P1"),
                    5 => Fact::honour(id, date, Honour::Trademark(HonourLevel::National), None),
                    // A report filed far ahead (once in a while) leaves a gap.
                    6 if y == 2029 => Fact::annual_report(id, date, 3000),
                    _ => Fact::annual_report(id, date, y),
                }
            })
            .collect()
    })
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        (1i32..40, 1i32..40, 1i32..40),
        0u8..3,
        0i32..200,
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just((6, 30)), Just((2, 28)), Just((12, 31)), Just((1, 31))],
    )
        .prop_map(|((m, g, s), sev, lookback, window, score, (month, day))| {
            let mut p = if score {
                Policy::score_preset()
            } else {
                Policy::seed()
            };
            p.lock.duration_months = PerSeverity::new(m, g, s);
            p.refine.lookback_months = lookback;
            if window {
                p.lock.mode = LockMode::Window;
            }
            if let Some(a) = p.annual_reports.as_mut() {
                a.severity = [Severity::Minor, Severity::General, Severity::Serious][sev as usize];
                a.deadline_month = month;
                a.deadline_day = day;
            }
            p.validate().unwrap();
            p
        })
}

fn as_of() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        Just(LAST_DATE),
        (2030i32..9999, 1u32..13, 1u32..29).prop_map(|(y, m, day)| d(y, m, day)),
        (2030i32..2300, 1u32..13, 1u32..29).prop_map(|(y, m, day)| d(y, m, day)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Far beyond the last fact, the assessment equals the one that lists every
    /// missed report, except that the reasons leave out a run of missed reports
    /// that cite no fact, are not active at the date, are outside the look-back
    /// and do not set the lock.
    #[test]
    fn leaving_out_old_missed_reports_changes_nothing_but_their_reasons(
        p in policy(), f in facts(), t in as_of(),
    ) {
        let h = History::new(ent(), f).unwrap();
        let lean = Assessor::new(p.clone(), catalogue()).unwrap();
        let full = unpruned(p.clone());
        let (a, b) = match (lean.assess(&h, t), full.assess(&h, t)) {
            (Ok(a), Ok(b)) => (a, b),
            (x, y) => {
                prop_assert_eq!(x, y);
                return Ok(());
            }
        };
        prop_assert_eq!(a.summary(), b.summary());
        prop_assert_eq!(lean.summarize(&h, t).unwrap(), b.summary());
        prop_assert_eq!(a.binding(), b.binding());
        prop_assert_eq!(a.rejected_repairs(), b.rejected_repairs());
        // The lean reasons are the full ones less some missed reports.
        let lookback = t.checked_sub_months(chrono::Months::new(p.refine.lookback_months as u32)).unwrap();
        let mut rest = a.reasons().iter().peekable();
        for r in b.reasons() {
            if rest.peek() == Some(&r) {
                rest.next();
                continue;
            }
            prop_assert_eq!(&r.code, &ReasonCode::ANNUAL_REPORT_MISSING, "{:?} left out", r);
            prop_assert!(r.evidence.is_empty());
            let Detail::Adverse { date, end, repaired, locking, .. } = r.detail else {
                panic!("{r:?}");
            };
            prop_assert!(end <= t && date <= lookback && !repaired);
            if p.lock.mode == LockMode::Window {
                prop_assert!(!locking);
            }
        }
        prop_assert!(rest.next().is_none(), "the lean reasons are not a subsequence");
        // Everything but the reasons serialises alike.
        let strip = |x: &Assessment| {
            let mut v = serde_json::to_value(x).unwrap();
            v.as_object_mut().unwrap().remove("reasons");
            v
        };
        prop_assert_eq!(strip(&a), strip(&b));
    }
}

#[test]
fn supervision_and_disclosure_refuse_dates_outside_the_range() {
    use creditgrade::disclosure::{self, HolidayCalendar, Period, WeekendsOnly, next_working_day};
    use creditgrade::supervise::{
        Fee, Offset, Record, SupervisionPolicy, daily_tasks, fee_totals, next_due,
    };
    let after = LAST_DATE.succ_opt().unwrap();
    fn field<T: std::fmt::Debug>(r: Result<T, creditgrade::Error>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        e.field().unwrap().to_owned()
    }
    assert_eq!(field(Period::new(d(2025, 1, 1), after)), "period.end");
    assert_eq!(field(Period::month(10_000, 1)), "month");
    assert_eq!(field(Period::year(0)), "year");
    assert_eq!(
        field(HolidayCalendar::new([2025], [NaiveDate::MAX], [])),
        "holidays"
    );
    assert_eq!(field(next_working_day(&WeekendsOnly, after)), "date");
    assert_eq!(
        field(disclosure::nth_working_day_of_month(
            &WeekendsOnly,
            10_000,
            1,
            1
        )),
        "year"
    );
    assert_eq!(field(next_due(NaiveDate::MIN, 1)), "last");
    assert_eq!(field(Offset::months(1).apply(after)), "anchor");
    let record = Record::new(ent(), Some(Grade::A));
    let policy = SupervisionPolicy::source();
    assert_eq!(
        field(daily_tasks(std::slice::from_ref(&record), &policy, after)),
        "as_of"
    );
    assert_eq!(
        field(fee_totals(std::slice::from_ref(&record), after)),
        "as_of"
    );
    let bad = record.fee(Fee::new("F1", d(2024, 1, 1), after, 10.into()));
    let e = fee_totals(&[bad], d(2024, 6, 1)).unwrap_err();
    assert_eq!(
        (e.enterprise(), e.field()),
        (Some("E1"), Some("fees[0].due_on"))
    );
    // The last supported day itself is fine.
    next_working_day(&WeekendsOnly, d(9999, 12, 30)).unwrap();
    Period::year(9999).unwrap();
}
