//! `serde_inputs`: configuration and data types read through serde from JSON. The
//! first byte picks the type; the rest is the JSON text. What deserialises must
//! survive a round trip and, once validated, be usable by the functions that take
//! it without panicking.

use chrono::NaiveDate;
use creditgrade::Grade;
use creditgrade::disclosure::{
    self, DisclosurePolicy, DisclosureRules, HolidayCalendar, MonitoringPlan, Period, ReportKind,
    WorkCalendar,
};
use creditgrade::research::{self, PairwiseMatrix, SynthConfig, WeightOptions, Weights};
use creditgrade::supervise::{
    self, DrawCandidate, ExportPolicy, Ladder, MeasurePolicy, Offset, PatrolPolicy, Record,
    RiskCatalogue, SamplingPolicy, SupervisionPolicy, WarningPolicy,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

const DATES: [(i32, u32, u32); 5] = [
    (1, 1, 1),
    (2024, 2, 29),
    (2025, 1, 31),
    (2025, 12, 31),
    (9999, 12, 31),
];

fn dates() -> impl Iterator<Item = NaiveDate> {
    DATES.iter().map(|&(y, m, day)| d(y, m, day))
}

/// Reads a value; when it reads, checks that it writes and reads back the same.
fn read<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(text: &str) -> Option<T> {
    let x: T = serde_json::from_str(text).ok()?;
    let json = serde_json::to_string(&x).expect("serialises");
    let back: T =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not read back: {e}"));
    assert_eq!(back, x, "{json}");
    Some(x)
}

fn record() -> Record {
    let e = creditgrade::Enterprise::new("E1", d(2015, 1, 1)).legal_person(true);
    Record::new(e, Some(Grade::B))
        .fee(supervise::Fee::new(
            "F1",
            d(2024, 1, 1),
            d(2024, 1, 31),
            100.into(),
        ))
        .complaint(supervise::Complaint::new(
            "C1",
            d(2024, 3, 1),
            d(2024, 3, 15),
        ))
        .licence(supervise::Licence::new("L1", "food", d(2025, 6, 30)))
}

pub fn check(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 20 {
        0 => {
            if let Some(cal) = read::<HolidayCalendar>(text) {
                // Read through serde like one built with `new`.
                let again =
                    HolidayCalendar::new(cal.years(), cal.holidays(), cal.working_weekends())
                        .expect("a calendar that reads is a valid one");
                for t in dates() {
                    assert_eq!(cal.is_working_day(t), again.is_working_day(t));
                    let _ = disclosure::next_working_day(&cal, t);
                    let _ = disclosure::add_working_days(&cal, t, 10);
                }
                let _ = disclosure::nth_working_day_of_month(&cal, 2025, 2, 15);
            }
        }
        1 => {
            if let Some(l) = read::<Ladder>(text) {
                if l.validate("ladder").is_ok() {
                    for a in dates() {
                        for t in dates() {
                            let _ = l.step_at(a, t);
                            let _ = l.locate(a, t);
                        }
                        let _ = l.opens_on(a);
                    }
                }
            }
        }
        2 => {
            if let Some(p) = read::<WarningPolicy>(text) {
                if p.validate().is_ok() {
                    for t in dates() {
                        let _ = supervise::open_warnings(&[record()], &p, t);
                    }
                    let _ = supervise::entry_delays(&[record()], &p, d(2024, 1, 1), d(2025, 1, 1));
                }
            }
        }
        3 => {
            if let Some(p) = read::<SupervisionPolicy>(text) {
                if p.validate().is_ok() {
                    for t in dates() {
                        let _ = supervise::daily_tasks(&[record()], &p, t);
                    }
                }
            }
        }
        4 => {
            if let Some(p) = read::<SamplingPolicy>(text) {
                if p.validate().is_ok() {
                    let cands: Vec<DrawCandidate> = ["A", "B", "C", "D", "E"]
                        .iter()
                        .zip(creditgrade::Tier::ALL.iter().cycle())
                        .map(|(id, &tier)| DrawCandidate::new(*id, tier).exclude("I1"))
                        .collect();
                    let draw = supervise::draw(&cands, &p, 7).expect("a valid draw");
                    let inspectors = ["I1", "I2", "I3", "I4"].map(String::from);
                    let _ = supervise::assign_inspectors(&draw, &cands, &inspectors, &p);
                }
            }
        }
        5 => {
            if let Some(p) = read::<PatrolPolicy>(text) {
                let _ = p.validate();
            }
        }
        6 => {
            if let Some(p) = read::<ExportPolicy>(text) {
                let _ = p.validate();
            }
        }
        7 => {
            if let Some(p) = read::<RiskCatalogue>(text) {
                let _ = p.validate();
            }
        }
        8 => {
            if let Some(p) = read::<MeasurePolicy>(text) {
                if p.validate().is_ok() {
                    for g in Grade::ALL {
                        let _ = p.measures(Some(g));
                    }
                    let _ = p.measures(None);
                }
            }
        }
        9 => {
            if let Some(o) = read::<Offset>(text) {
                for t in dates() {
                    let _ = o.apply(t);
                }
            }
        }
        10 => {
            if let Some(r) = read::<Record>(text) {
                if r.validate().is_ok() {
                    for t in dates() {
                        let _ = supervise::fee_totals(std::slice::from_ref(&r), t);
                        let _ = supervise::daily_tasks(
                            std::slice::from_ref(&r),
                            &SupervisionPolicy::default(),
                            t,
                        );
                        let _ = supervise::open_warnings(
                            std::slice::from_ref(&r),
                            &WarningPolicy::default(),
                            t,
                        );
                    }
                }
            }
        }
        11 => {
            if let Some(p) = read::<DisclosurePolicy>(text) {
                if p.validate().is_ok() {
                    let cal = HolidayCalendar::china_2025();
                    for period in [Period::month(2025, 2), Period::year(2024)] {
                        let period = period.expect("a period");
                        let _ = disclosure::report_deadline(
                            &p,
                            &cal,
                            ReportKind::MonthlyEmission,
                            period,
                        );
                        let _ = disclosure::report_deadline(
                            &p,
                            &cal,
                            ReportKind::AnnualSelfMonitoring,
                            period,
                        );
                    }
                }
            }
        }
        12 => {
            if let Some(plan) = read::<MonitoringPlan>(text) {
                if plan.validate().is_ok() {
                    let cal = HolidayCalendar::china_2025();
                    let period = Period::month(2025, 2).expect("a month");
                    let _ = disclosure::compliance(
                        &plan,
                        &[],
                        period,
                        &DisclosurePolicy::default(),
                        &cal,
                        d(2025, 3, 20),
                    );
                }
            }
        }
        13 => {
            if let Some(r) = read::<DisclosureRules>(text) {
                let _ = r.validate();
            }
        }
        14 => {
            if let Some(m) = read::<PairwiseMatrix>(text) {
                if let Ok(a) = research::ahp(&m, &WeightOptions::default()) {
                    super::research::check_weights(a.weights(), m.len());
                }
            }
        }
        15 => {
            if let Some(w) = read::<Weights>(text) {
                assert!(!w.is_empty());
                for (_, x) in w.iter() {
                    assert!(!x.is_sign_negative() || x.is_zero(), "{w:?}");
                }
            }
        }
        16 => {
            if let Some(c) = read::<SynthConfig>(text) {
                let _ = research::synth_enterprises(&c).take(3).count();
            }
        }
        17 => {
            // Any type a user may hand in as data, read without panicking.
            let _ = serde_json::from_str::<creditgrade::History>(text);
            let _ = serde_json::from_str::<creditgrade::Fact>(text);
            let _ = serde_json::from_str::<creditgrade::Enterprise>(text);
            let _ = serde_json::from_str::<DrawCandidate>(text);
        }
        18 => {
            // A period read through serde is one `Period::new` accepts.
            if let Some(p) = read::<Period>(text) {
                assert_eq!(Period::new(p.start(), p.end()).expect("valid"), p);
                let _ = p.label();
                assert!(p.days() >= 1);
            }
        }
        _ => {
            let _ = read::<creditgrade::Assessment>(text);
        }
    }
    // The weekends-only calendar agrees with itself.
    let _ = disclosure::WeekendsOnly.is_working_day(d(2025, 1, 4));
}
