//! `history_assess`: a small history and a policy from bytes, and the laws of
//! grading on them.
//!
//! - the lean summary equals the full assessment's summary;
//! - the order facts are given in changes nothing;
//! - facts dated after the assessment date change nothing;
//! - an added adverse fact never raises the grade (nor, in score mode, the score);
//! - far beyond the last fact, leaving out old missed annual reports changes
//!   nothing but their reasons;
//! - assessments survive a serde round trip.

use chrono::{Datelike, Days, NaiveDate};
use creditgrade::explain::{Detail, ReasonCode};
use creditgrade::model::{AdGrade, Honour, HonourLevel, LAST_DATE};
use creditgrade::policy::{LockMode, PerSeverity, Scoring};
use creditgrade::quantify::{Findings, Input, Method, Quantifier};
use creditgrade::rust_decimal::Decimal;
use creditgrade::{
    Assessment, Assessor, Catalogue, Enterprise, Error, Fact, History, Policy, Severity,
};

use super::bytes::Bytes;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

/// Day `n` after 2015-01-01.
fn day(n: u32) -> NaiveDate {
    d(2015, 1, 1)
        .checked_add_days(Days::new(u64::from(n)))
        .expect("in range")
}

pub fn catalogue() -> Catalogue {
    Catalogue::from_pairs([
        ("MIN", Severity::Minor),
        ("GEN", Severity::General),
        ("SER", Severity::Serious),
        ("MIN2", Severity::Minor),
    ])
    .expect("a valid catalogue")
}

/// A quantifier that finds nothing: with it the assessor leaves nothing out.
struct Nothing;

impl Quantifier for Nothing {
    fn name(&self) -> &str {
        "nothing"
    }
    fn quantify(&self, _: &Input<'_>, _: &mut Findings) {}
}

/// A policy from bytes: the presets, or the seed or score preset with knobs moved
/// within what validation accepts.
pub fn policy(b: &mut Bytes<'_>) -> Policy {
    let mut p = match b.u8() % 4 {
        0 => Policy::seed(),
        1 => {
            let mut p = Policy::seed();
            p.lock.mode = LockMode::Window;
            p
        }
        2 => Policy::score_preset(),
        _ => {
            let mut p = Policy::score_preset();
            if let Scoring::Score(s) = &mut p.scoring {
                for m in Method::ALL {
                    s.coefficients.set(m, Decimal::new(i64::from(b.u8()), 2));
                }
                let minor = -i64::from(b.u8() % 80);
                let general = minor - i64::from(b.u8() % 80);
                let serious = general - i64::from(b.u8() % 80);
                s.severity_points = PerSeverity::new(minor.into(), general.into(), serious.into());
                s.key_person_points = (-i64::from(b.u8() % 30)).into();
                s.base = (i64::from(b.u8()) - 50).into();
                s.floors = b.bool();
            }
            if b.bool() {
                p.lock.mode = LockMode::Window;
            }
            p
        }
    };
    if b.bool() {
        let months = |b: &mut Bytes<'_>| 1 + i32::from(b.u8() % 40);
        p.lock.duration_months = PerSeverity::new(months(b), months(b), months(b));
        p.refine.lookback_months = i32::from(b.u8() % 150);
        if let Some(a) = p.annual_reports.as_mut() {
            a.severity =
                [Severity::Minor, Severity::General, Severity::Serious][usize::from(b.u8() % 3)];
            (a.deadline_month, a.deadline_day) =
                [(6, 30), (2, 28), (12, 31), (1, 31)][usize::from(b.u8() % 4)];
        }
    }
    p.validate().expect("generated policies are valid");
    p
}

fn honour(x: u8) -> Honour {
    let level = [
        HonourLevel::National,
        HonourLevel::Provincial,
        HonourLevel::Municipal,
        HonourLevel::District,
    ][usize::from(x % 4)];
    match (x / 4) % 4 {
        0 => Honour::ContractAbiding(level),
        1 => Honour::Trademark(level),
        2 => Honour::Other(level),
        _ => Honour::Advertising([AdGrade::A, AdGrade::B, AdGrade::C][usize::from(x % 3)]),
    }
}

/// An adverse fact (penalty, breach, complaint, admonition, key-person flag).
fn adverse(id: String, date: NaiveDate, x: u8) -> Fact {
    match x % 7 {
        0 => Fact::penalty(id, date, "MIN"),
        1 => Fact::penalty(id, date, "GEN"),
        2 => Fact::penalty(id, date, "SER"),
        3 => Fact::breach(id, date, "conduct"),
        4 => Fact::complaint(id, date),
        5 => Fact::admonition(id, date),
        _ => Fact::key_person_flag(id, date, "P9"),
    }
}

fn facts(b: &mut Bytes<'_>) -> Vec<Fact> {
    let n = b.below(16);
    let mut out: Vec<Fact> = Vec::with_capacity(n);
    for i in 0..n {
        let id = format!("F{i}");
        let kind = b.u8();
        let date = day(u32::from(b.u16()) % 4000);
        let x = b.u8();
        out.push(match kind % 12 {
            0..=4 => adverse(id, date, x),
            5 => Fact::penalty(id, date, if x % 8 == 0 { "UNKNOWN" } else { "MIN2" }),
            6 => Fact::honour(
                id,
                date,
                honour(x),
                (x % 2 == 0).then(|| day(u32::from(b.u16()) % 4000)),
            ),
            7 | 8 => Fact::annual_report(id, date, 2014 + i32::from(x % 14)),
            9 => {
                // Repairs target an earlier penalty or breach, dated after it.
                match out.iter().rev().find(|f| {
                    matches!(
                        f.kind,
                        creditgrade::FactKind::Penalty { .. }
                            | creditgrade::FactKind::Breach { .. }
                    )
                }) {
                    Some(t) => Fact::repair(id, t.date.max(date), t.id.clone()),
                    None => Fact::complaint(id, date),
                }
            }
            10 if x % 16 == 0 => Fact::revocation(id, date),
            10 if x % 16 == 1 => Fact::deregistration(id, date),
            _ => Fact::annual_report(id, date, 2014 + i32::from(x % 14)),
        });
    }
    out
}

/// Mostly 2015 to 2027; sometimes decades or centuries later, up to the last day.
fn as_of(b: &mut Bytes<'_>) -> NaiveDate {
    let (year, m, day_of) = match b.u8() % 16 {
        0 => return LAST_DATE,
        1 | 2 => (2030 + i32::from(b.u16() % 370), b.u8(), b.u8()),
        3 => (2030 + i32::from(b.u16() % 7970), b.u8(), b.u8()),
        _ => return day(u32::from(b.u16()) % 4400),
    };
    d(year, 1 + u32::from(m % 12), 1 + u32::from(day_of % 28))
}

/// Assessments equal but for the reasons, which are the full ones less old
/// missed annual reports that cite nothing and cannot bear on the verdict.
fn equal_but_left_out_reports(lean: &Assessment, full: &Assessment, p: &Policy, t: NaiveDate) {
    assert_eq!(lean.summary(), full.summary());
    assert_eq!(lean.binding(), full.binding());
    assert_eq!(lean.rejected_repairs(), full.rejected_repairs());
    let lookback = t
        .checked_sub_months(chrono::Months::new(
            u32::try_from(p.refine.lookback_months).expect("validated"),
        ))
        .unwrap_or(NaiveDate::MIN);
    let mut rest = lean.reasons().iter().peekable();
    for r in full.reasons() {
        if rest.peek() == Some(&r) {
            rest.next();
            continue;
        }
        assert_eq!(r.code, ReasonCode::ANNUAL_REPORT_MISSING, "{r:?} left out");
        assert!(r.evidence.is_empty(), "{r:?} left out");
        match r.detail {
            Detail::Adverse {
                date,
                end,
                repaired,
                ..
            } => assert!(end <= t && date <= lookback && !repaired, "{r:?} left out"),
            _ => panic!("{r:?} left out"),
        }
    }
    assert!(
        rest.next().is_none(),
        "the lean reasons are not a subsequence"
    );
}

fn graded(r: &Result<creditgrade::Summary, Error>) -> Option<creditgrade::Summary> {
    r.as_ref()
        .ok()
        .filter(|s| s.status == creditgrade::explain::Status::Active)
        .copied()
}

pub fn check(data: &[u8]) {
    let mut b = Bytes::new(data);
    let p = policy(&mut b);
    let legal = b.bool();
    let registered = if b.u8() % 8 == 0 {
        day(u32::from(b.u16()) % 4000)
    } else {
        d(2015, 1, 1)
    };
    let e = Enterprise::new("E", registered).legal_person(legal);
    let fs = facts(&mut b);
    let t = as_of(&mut b);
    let h = History::new(e.clone(), fs.clone()).expect("unique ids, dates in range");
    let a = Assessor::new(p.clone(), catalogue()).expect("valid");

    // Lean and full agree.
    let full = a.assess(&h, t);
    let lean = a.summarize(&h, t);
    assert_eq!(full.clone().map(|x| x.summary()), lean.clone());

    // Serde round trip.
    if let Ok(x) = &full {
        let json = serde_json::to_string(x).expect("serialises");
        let back: Assessment = serde_json::from_str(&json).expect("reads back");
        assert_eq!(&back, x);
    }

    // Input order.
    let mut reversed = fs.clone();
    reversed.reverse();
    let k = b.below(reversed.len().max(1));
    reversed.rotate_left(k);
    let h2 = History::new(e.clone(), reversed).expect("same facts");
    assert_eq!(a.assess(&h2, t), full);

    // Facts after the date.
    if t < LAST_DATE {
        let mut more = fs.clone();
        for k in 0..=b.below(3) {
            let later = t
                .checked_add_days(Days::new(1 + u64::from(b.u16())))
                .filter(|x| *x <= LAST_DATE)
                .unwrap_or(LAST_DATE);
            more.push(adverse(format!("LATER{k}"), later, b.u8()));
        }
        let h3 = History::new(e.clone(), more).expect("unique ids");
        assert_eq!(a.assess(&h3, t), full);
    }

    // An added adverse fact never raises the grade or the score.
    let when = if b.bool() {
        t
    } else {
        day(u32::from(b.u16()) % 4000).min(t)
    };
    let mut more = fs.clone();
    more.push(adverse("NEW".to_owned(), when, b.u8()));
    let h4 = History::new(e.clone(), more).expect("unique ids");
    if let (Some(before), Some(after)) = (graded(&lean), graded(&a.summarize(&h4, t))) {
        assert!(
            after.grade >= before.grade,
            "an adverse fact raised {:?} to {:?}",
            before.grade,
            after.grade
        );
        if let (Some(x), Some(y)) = (before.score, after.score) {
            assert!(y <= x, "an adverse fact raised the score {x} to {y}");
        }
    }

    // Far dates: the same verdict as the computation that leaves nothing out
    // (up to 2400, where pruning already applies: beyond, the full computation
    // costs thousands of events per run; tests/dates.rs covers the last day).
    if (2040..=2400).contains(&t.year()) {
        let unpruned = Assessor::new(p.clone(), catalogue())
            .expect("valid")
            .with_quantifier(Nothing);
        match (&full, unpruned.assess(&h, t)) {
            (Ok(x), Ok(y)) => equal_but_left_out_reports(x, &y, &p, t),
            (x, y) => assert_eq!(x, &y),
        }
    }
}
