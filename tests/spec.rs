//! docs/spec.md, line by line: each test names the section and the rule it checks.

mod common;

use common::{assess, assessor, d, ent, seed};
use creditgrade::explain::{Binding, Detail, ReasonCode, Status};
use creditgrade::model::{Department, Honour, HonourLevel};
use creditgrade::policy::{
    Counted, CumulativeRule, DepartmentRule, LockMode, Scoring, UnknownArticle,
};
use creditgrade::{ErrorKind, Fact, Grade, History, Policy, Severity};
use rust_decimal::Decimal;

const REG: (i32, u32, u32) = (2024, 1, 1);

fn reg() -> chrono::NaiveDate {
    d(REG.0, REG.1, REG.2)
}

// ---- Dates ----------------------------------------------------------------

/// "Dates": d + n months is clamped to month end (2024-01-31 + 1 month = 2024-02-29).
#[test]
fn dates_clamp_to_month_end() {
    let mut p = Policy::seed();
    p.lock.duration_months.minor = 1;
    let a = assess(
        p,
        ent(reg()),
        vec![Fact::penalty("P", d(2024, 1, 31), "MIN")],
        d(2024, 2, 15),
    )
    .unwrap();
    assert_eq!(
        (a.grade(), a.locked_until()),
        (Some(Grade::B), Some(d(2024, 2, 29)))
    );
}

/// "Dates": facts dated after `t` are ignored, never an error.
#[test]
fn facts_after_as_of_are_ignored_never_an_error() {
    let facts = vec![
        Fact::penalty("P1", d(2025, 3, 1), "SER"),
        Fact::penalty("P2", d(2025, 3, 1), "NO-SUCH-ARTICLE"),
        Fact::repair("R1", d(2025, 3, 2), "NOWHERE"),
    ];
    assert_eq!(seed(reg(), facts.clone(), d(2025, 2, 1)).0, Some(Grade::A));
    // The same history a month later has the error.
    let e = assess(Policy::seed(), ent(reg()), facts, d(2025, 3, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownArticle);
}

// ---- Adverse events ---------------------------------------------------------

/// "Adverse events": an article missing from the catalogue, or an empty one, is an
/// error for that enterprise, unless the policy says otherwise.
#[test]
fn unknown_or_empty_article() {
    for article in ["XX", ""] {
        let e = assess(
            Policy::seed(),
            ent(reg()),
            vec![Fact::penalty("P", d(2024, 3, 1), article)],
            d(2025, 1, 1),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownArticle);
        assert_eq!(e.subject(), Some(article));
        assert_eq!(e.enterprise(), Some("E1"));
        assert_eq!(e.fact(), Some("P"));
    }
    let e = assess(
        Policy::seed(),
        ent(reg()),
        vec![Fact::penalty("P", d(2024, 3, 1), "XX")],
        d(2025, 1, 1),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": fact \"P\" (article): article \"XX\" is not in the catalogue"
    );
    let mut p = Policy::seed();
    p.penalties.unknown_article = UnknownArticle::Treat(Severity::General);
    let a = assess(
        p,
        ent(reg()),
        vec![Fact::penalty("P", d(2024, 3, 1), "XX")],
        d(2025, 1, 1),
    )
    .unwrap();
    assert_eq!(a.grade(), Some(Grade::C));
}

/// "Adverse events": a breach without a penalty clause is minor in the seed preset;
/// a policy can map breach kinds.
#[test]
fn breaches_are_minor_unless_mapped() {
    let facts = vec![Fact::breach("B", d(2024, 3, 1), "no_supervisors")];
    assert_eq!(seed(reg(), facts.clone(), d(2025, 1, 1)).0, Some(Grade::B));
    let mut p = Policy::seed();
    p.breaches
        .by_kind
        .insert("no_supervisors".into(), Severity::General);
    assert_eq!(
        assess(p, ent(reg()), facts, d(2025, 1, 1)).unwrap().grade(),
        Some(Grade::C)
    );
}

/// "Nothing else is adverse": a complaint or an admonition on its own.
#[test]
fn complaints_and_admonitions_alone_are_not_adverse() {
    let facts = vec![
        Fact::complaint("C", d(2024, 3, 1)),
        Fact::admonition("M", d(2024, 3, 1)),
    ];
    assert_eq!(
        seed(reg(), facts, d(2025, 1, 1)),
        (Some(Grade::A), None, Some(Decimal::ZERO))
    );
}

/// "Natural end": end = d + 12 months for every severity; the lock holds until the
/// end and is gone on it.
#[test]
fn natural_end_is_twelve_months() {
    for (art, g) in [("MIN", Grade::B), ("GEN", Grade::C), ("SER", Grade::D)] {
        let f = vec![Fact::penalty("P", d(2024, 3, 10), art)];
        assert_eq!(
            seed(reg(), f.clone(), d(2025, 3, 9)),
            (Some(g), Some(d(2025, 3, 10)), None)
        );
        assert_eq!(seed(reg(), f, d(2025, 3, 10)).0, Some(Grade::A));
    }
}

// ---- Credit repair ---------------------------------------------------------

/// "Credit repair": M = {minor 0, general 3, serious 12}; a repair before d + M is
/// rejected (RepairTooEarly) and one on d + M accepted, ending the event on its date.
#[test]
fn repair_minimum_periods() {
    let t = d(2024, 12, 1);
    for (art, min_date) in [("GEN", d(2024, 6, 1)), ("SER", d(2025, 3, 1))] {
        let too_early = min_date.pred_opt().unwrap();
        let before = vec![
            Fact::penalty("P", d(2024, 3, 1), art),
            Fact::repair("R", too_early.min(t), "P"),
        ];
        let a = assess(Policy::seed(), ent(reg()), before, t).unwrap();
        assert_eq!(a.rejected_repairs(), ["R"]);
        assert!(
            a.reasons()
                .iter()
                .any(|r| r.code == ReasonCode::REPAIR_TOO_EARLY)
        );
        assert_ne!(a.grade(), Some(Grade::A));
    }
    // General, accepted on d + 3 months exactly.
    let f = vec![
        Fact::penalty("P", d(2024, 3, 1), "GEN"),
        Fact::repair("R", d(2024, 6, 1), "P"),
    ];
    assert_eq!(
        seed(reg(), f.clone(), d(2024, 5, 31)),
        (Some(Grade::C), Some(d(2025, 3, 1)), None)
    );
    let a = assess(Policy::seed(), ent(reg()), f, d(2024, 6, 1)).unwrap();
    assert_eq!(a.grade(), Some(Grade::A));
    assert!(a.rejected_repairs().is_empty());
    assert!(a.reasons().iter().any(|r| matches!(
        &r.detail,
        Detail::RepairAccepted { target, end } if target == "P" && *end == d(2024, 6, 1)
    )));
}

/// "Credit repair": several accepted repairs of one event: the earliest wins.
#[test]
fn earliest_accepted_repair_wins() {
    let f = vec![
        Fact::penalty("P", d(2023, 1, 1), "SER"),
        Fact::penalty("Q", d(2023, 6, 1), "MIN"),
        Fact::repair("R2", d(2024, 3, 1), "P"),
        Fact::repair("R1", d(2024, 1, 5), "P"),
    ];
    // P ends 2024-01-05; Q joined P's episode and ends 2024-06-01: as of 2024-02-01 the
    // episode runs to 2024-06-01 and, P repaired, its worst unrepaired event is Q (B).
    assert_eq!(seed(d(2023, 1, 1), f, d(2024, 2, 1)).0, Some(Grade::B));
}

/// "Credit repair": a repair whose target is not a penalty or breach of the same
/// enterprise dated <= t is UnknownRepairTarget.
#[test]
fn bad_repair_targets() {
    let t = d(2025, 1, 1);
    let cases = [
        vec![
            Fact::complaint("C", d(2024, 3, 1)),
            Fact::repair("R", d(2024, 5, 1), "C"),
        ],
        vec![Fact::repair("R", d(2024, 5, 1), "ELSEWHERE")],
        vec![Fact::repair("R", d(2024, 5, 1), "")],
        // The target exists but only after t.
        vec![
            Fact::repair("R", d(2024, 5, 1), "P"),
            Fact::penalty("P", d(2025, 2, 1), "MIN"),
        ],
    ];
    for f in cases {
        let e = assess(Policy::seed(), ent(reg()), f, t).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownRepairTarget);
        assert_eq!(e.fact(), Some("R"));
        assert_eq!(e.field(), Some("target"));
    }
    // A breach is a valid target.
    let f = vec![
        Fact::breach("B", d(2024, 3, 1), "x"),
        Fact::repair("R", d(2024, 3, 1), "B"),
    ];
    assert_eq!(seed(reg(), f, t).0, Some(Grade::A));
}

/// "Credit repair": an accepted repair on or after the natural end shortens nothing
/// but makes the event repaired: it no longer bars AAA/AA.
#[test]
fn repair_after_natural_end_still_repairs() {
    let honours = |v: &mut Vec<Fact>| {
        v.push(Fact::honour(
            "H1",
            d(2020, 6, 1),
            Honour::ContractAbiding(HonourLevel::National),
            None,
        ));
        v.push(Fact::honour(
            "H2",
            d(2020, 6, 1),
            Honour::Trademark(HonourLevel::Provincial),
            None,
        ));
    };
    let mut f = vec![Fact::penalty("P", d(2022, 1, 10), "SER")];
    honours(&mut f);
    let mut reports: Vec<Fact> = (2020..=2023)
        .map(|y| Fact::annual_report(format!("AR{y}"), d(y + 1, 5, 1), y))
        .collect();
    f.append(&mut reports);
    assert_eq!(
        seed(d(2020, 1, 1), f.clone(), d(2024, 2, 1)),
        (Some(Grade::A), None, Some(60.into()))
    );
    f.push(Fact::repair("R", d(2023, 6, 1), "P"));
    assert_eq!(
        seed(d(2020, 1, 1), f, d(2024, 2, 1)),
        (Some(Grade::Aaa), None, Some(60.into()))
    );
}

/// "Credit repair": with M(minor) = 0 a minor event repaired on its own date has
/// end = d: it never locks and never extends an episode.
#[test]
fn minor_repaired_on_its_date_never_locks_or_extends() {
    let f = vec![
        Fact::penalty("P", d(2024, 3, 1), "MIN"),
        Fact::repair("R", d(2024, 3, 1), "P"),
    ];
    assert_eq!(seed(reg(), f, d(2024, 3, 1)).0, Some(Grade::A));
    // Inside a general episode ending 2025-02-01 it changes nothing.
    let f = vec![
        Fact::penalty("G", d(2024, 2, 1), "GEN"),
        Fact::penalty("P", d(2024, 12, 1), "MIN"),
        Fact::repair("R", d(2024, 12, 1), "P"),
    ];
    assert_eq!(
        seed(reg(), f, d(2025, 1, 15)),
        (Some(Grade::C), Some(d(2025, 2, 1)), None)
    );
}

// ---- Cumulative rules ------------------------------------------------------

/// "Cumulative rules": 3 complaints in 12 months → minor, dated at the third; a
/// fourth in the window yields another.
#[test]
fn complaints_threshold_and_fourth() {
    let mut f = vec![
        Fact::complaint("C1", d(2024, 1, 10)),
        Fact::complaint("C2", d(2024, 4, 10)),
        Fact::complaint("C3", d(2024, 9, 10)),
    ];
    assert_eq!(seed(reg(), f.clone(), d(2024, 9, 9)).0, Some(Grade::A));
    assert_eq!(
        seed(reg(), f.clone(), d(2024, 9, 10)),
        (Some(Grade::B), Some(d(2025, 9, 10)), None)
    );
    f.push(Fact::complaint("C4", d(2024, 11, 1)));
    let a = assess(Policy::seed(), ent(reg()), f, d(2024, 12, 1)).unwrap();
    let derived: Vec<_> = a
        .reasons()
        .iter()
        .filter(|r| r.code == ReasonCode::CUMULATIVE)
        .collect();
    assert_eq!(derived.len(), 2);
    assert_eq!(a.locked_until(), Some(d(2025, 11, 1)));
    assert_eq!(derived[0].rule, "complaints");
    assert_eq!(derived[0].evidence.len(), 3);
}

/// "Cumulative rules": the window is (tᵢ − W, tᵢ], tᵢ − W clamped: for tᵢ =
/// 2025-02-28 a fact on 2024-02-29 is inside; one on 2024-02-28 is not.
#[test]
fn window_bounds_and_clamping() {
    let inside = vec![
        Fact::admonition("M1", d(2024, 2, 29)),
        Fact::admonition("M2", d(2025, 2, 28)),
    ];
    assert_eq!(seed(d(2024, 1, 1), inside, d(2025, 3, 1)).0, Some(Grade::B));
    let outside = vec![
        Fact::admonition("M1", d(2024, 2, 28)),
        Fact::admonition("M2", d(2025, 2, 28)),
    ];
    assert_eq!(
        seed(d(2024, 1, 1), outside, d(2025, 3, 1)).0,
        Some(Grade::A)
    );
}

/// "Cumulative rules": all facts dated tᵢ count, whatever their order: three
/// complaints on one day each reach the threshold.
#[test]
fn same_day_facts_all_count() {
    let f = vec![
        Fact::complaint("Z", d(2024, 5, 1)),
        Fact::complaint("A", d(2024, 5, 1)),
        Fact::complaint("M", d(2024, 5, 1)),
    ];
    let a = assess(Policy::seed(), ent(reg()), f, d(2024, 5, 1)).unwrap();
    assert_eq!(a.grade(), Some(Grade::B));
    assert_eq!(
        a.reasons()
            .iter()
            .filter(|r| r.code == ReasonCode::CUMULATIVE)
            .count(),
        3
    );
}

/// "Cumulative rules": 3 minor-class penalties in 12 months → general; repaired
/// penalties still count; derived events cannot be repaired.
#[test]
fn minor_penalties_add_up_even_when_repaired() {
    let f = vec![
        Fact::penalty("P1", d(2024, 1, 10), "MIN"),
        Fact::penalty("P2", d(2024, 2, 10), "MIN2"),
        Fact::penalty("P3", d(2024, 3, 10), "MIN"),
        Fact::repair("R1", d(2024, 1, 10), "P1"),
        Fact::repair("R2", d(2024, 2, 10), "P2"),
        Fact::repair("R3", d(2024, 3, 10), "P3"),
    ];
    // All three raw events end on their own day; the derived general one does not.
    assert_eq!(
        seed(reg(), f, d(2024, 6, 1)),
        (Some(Grade::C), Some(d(2025, 3, 10)), None)
    );
}

/// "Cumulative rules" are data: a custom rule counting breaches.
#[test]
fn cumulative_rules_are_data() {
    let mut p = Policy::seed();
    p.cumulative.push(CumulativeRule::new(
        "breaches",
        Counted::Breaches,
        6,
        2,
        Severity::Serious,
    ));
    let f = vec![
        Fact::breach("B1", d(2024, 1, 1), "x"),
        Fact::breach("B2", d(2024, 6, 30), "y"),
    ];
    assert_eq!(
        assess(p.clone(), ent(reg()), f, d(2024, 7, 1))
            .unwrap()
            .grade(),
        Some(Grade::D)
    );
    let f = vec![
        Fact::breach("B1", d(2024, 1, 1), "x"),
        Fact::breach("B2", d(2024, 7, 1), "y"),
    ];
    assert_eq!(
        assess(p, ent(reg()), f, d(2024, 7, 1)).unwrap().grade(),
        Some(Grade::B)
    );
}

// ---- Annual reports ----------------------------------------------------------

/// "Annual reports": required for Y ≥ max(registration year, 2013) whose deadline
/// (30 June of Y+1) is strictly before t; missing → minor dated 1 July of Y+1.
#[test]
fn annual_reports_required_years_and_deadline() {
    // Registered in 2012: 2012 is not required (first year 2013).
    let reg12 = d(2012, 5, 1);
    assert_eq!(seed(reg12, vec![], d(2014, 6, 30)).0, Some(Grade::A));
    assert_eq!(
        seed(reg12, vec![], d(2014, 7, 1)),
        (Some(Grade::B), Some(d(2015, 7, 1)), None)
    );
    // Filed on the deadline: on time. Filed the day after: still missing.
    let on_time = vec![Fact::annual_report("R", d(2014, 6, 30), 2013)];
    assert_eq!(seed(reg12, on_time, d(2014, 7, 1)).0, Some(Grade::A));
    let late = vec![Fact::annual_report("R", d(2014, 7, 2), 2013)];
    assert_eq!(seed(reg12, late, d(2014, 8, 1)).0, Some(Grade::B));
    // Registered in 2020: 2020 is required.
    let reg20 = d(2020, 9, 1);
    assert_eq!(seed(reg20, vec![], d(2021, 7, 1)).0, Some(Grade::B));
    // Filings for years that are not required change nothing.
    let extra = vec![Fact::annual_report("R", d(2021, 3, 1), 2019)];
    assert_eq!(seed(reg20, extra, d(2021, 7, 1)).0, Some(Grade::B));
}

// ---- The lock ----------------------------------------------------------------

/// "The lock and recovery", Example: serious 2024-01-10, minor 2024-06-01.
#[test]
fn lock_example_episode_and_window() {
    let f = vec![
        Fact::penalty("S", d(2024, 1, 10), "SER"),
        Fact::penalty("M", d(2024, 6, 1), "MIN"),
    ];
    assert_eq!(
        seed(reg(), f.clone(), d(2025, 2, 1)),
        (Some(Grade::D), Some(d(2025, 6, 1)), None)
    );
    let mut w = Policy::seed();
    w.lock.mode = LockMode::Window;
    let a = assess(w.clone(), ent(reg()), f.clone(), d(2025, 2, 1)).unwrap();
    assert_eq!(
        (a.grade(), a.locked_until()),
        (Some(Grade::B), Some(d(2025, 6, 1)))
    );
    assert_eq!(seed(reg(), f.clone(), d(2025, 6, 1)).0, Some(Grade::A));
    assert_eq!(
        assess(w, ent(reg()), f, d(2025, 6, 1)).unwrap().grade(),
        Some(Grade::A)
    );
}

/// "LockMode::Episode": an event dated exactly on the running end opens a new
/// episode.
#[test]
fn event_on_running_end_opens_new_episode() {
    let f = vec![
        Fact::penalty("S", d(2024, 1, 10), "SER"),
        Fact::penalty("M", d(2025, 1, 10), "MIN"),
    ];
    assert_eq!(
        seed(reg(), f, d(2025, 2, 1)),
        (Some(Grade::B), Some(d(2026, 1, 10)), None)
    );
}

/// "During a lock the grade only falls": a later minor event inside a serious
/// episode does not lift D; only an accepted repair can.
#[test]
fn during_a_lock_the_grade_only_falls() {
    let f = vec![
        Fact::penalty("S", d(2024, 1, 10), "SER"),
        Fact::penalty("M", d(2024, 12, 1), "MIN"),
        Fact::annual_report("AR", d(2025, 3, 1), 2024),
    ];
    for t in [
        d(2024, 6, 1),
        d(2025, 1, 9),
        d(2025, 1, 10),
        d(2025, 11, 30),
    ] {
        assert_eq!(seed(reg(), f.clone(), t).0, Some(Grade::D), "{t}");
    }
    assert_eq!(seed(reg(), f, d(2025, 12, 1)).0, Some(Grade::A));
}

// ---- Status and precedence ----------------------------------------------------

/// "Status and precedence": registered after t → not rated; registered on t → rated.
#[test]
fn registration_day() {
    let a = assess(Policy::seed(), ent(d(2025, 1, 2)), vec![], d(2025, 1, 1)).unwrap();
    assert_eq!((a.status(), a.grade()), (Status::NotRegistered, None));
    let a = assess(Policy::seed(), ent(d(2025, 1, 1)), vec![], d(2025, 1, 1)).unwrap();
    assert_eq!((a.status(), a.grade()), (Status::Active, Some(Grade::A)));
}

/// "Status and precedence": a fact dated before registration is an error; one on the
/// registration day is fine.
#[test]
fn fact_before_registration() {
    let e = assess(
        Policy::seed(),
        ent(reg()),
        vec![Fact::complaint("C", d(2023, 12, 31))],
        d(2025, 1, 1),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::FactBeforeRegistration);
    assert_eq!(e.fact(), Some("C"));
    assert_eq!(e.field(), Some("date"));
    assert_eq!(e.subject(), Some("2023-12-31"));
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": fact \"C\" (date): the complaint is dated 2023-12-31, before registration on 2024-01-01"
    );
    assert!(
        assess(
            Policy::seed(),
            ent(reg()),
            vec![Fact::complaint("C", reg())],
            d(2025, 1, 1)
        )
        .is_ok()
    );
}

/// "Status and precedence": not registered, then closed, then error, then revoked.
#[test]
fn precedence() {
    let bad = Fact::penalty("P", d(2024, 2, 1), "XX");
    let rev = Fact::revocation("V", d(2024, 3, 1));
    let der = Fact::deregistration("D", d(2024, 4, 1));
    let t = d(2025, 1, 1);
    // closed beats error
    let a = assess(
        Policy::seed(),
        ent(reg()),
        vec![bad.clone(), der.clone(), rev.clone()],
        t,
    )
    .unwrap();
    assert_eq!((a.status(), a.grade()), (Status::Closed, None));
    // not registered beats everything
    let a = assess(Policy::seed(), ent(d(2025, 6, 1)), vec![], t).unwrap();
    assert_eq!(a.status(), Status::NotRegistered);
    // error beats revoked
    let e = assess(Policy::seed(), ent(reg()), vec![bad, rev.clone()], t).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownArticle);
    // revoked: D for good, no lock end, no recovery
    let a = assess(Policy::seed(), ent(reg()), vec![rev], d(2040, 1, 1)).unwrap();
    assert_eq!(
        (a.status(), a.grade(), a.locked_until(), a.points()),
        (Status::Revoked, Some(Grade::D), None, None)
    );
    assert_eq!(a.binding(), &Binding::Revocation);
    // deregistration after t: still rated
    let a = assess(Policy::seed(), ent(reg()), vec![der], d(2024, 3, 31)).unwrap();
    assert_eq!(a.grade(), Some(Grade::A));
}

/// "Several errors": the earliest offending fact by date then id; on one fact
/// FactBeforeRegistration before UnknownArticle.
#[test]
fn several_errors() {
    let f = vec![
        Fact::repair("R", d(2024, 2, 1), "NOWHERE"),
        Fact::penalty("B", d(2024, 3, 1), "XX"),
        Fact::penalty("A", d(2024, 3, 1), "YY"),
    ];
    let e = assess(Policy::seed(), ent(reg()), f, d(2025, 1, 1)).unwrap_err();
    assert_eq!(
        (e.kind(), e.fact(), e.subject()),
        (ErrorKind::UnknownRepairTarget, Some("R"), Some("NOWHERE"))
    );
    let f = vec![
        Fact::penalty("B", d(2024, 3, 1), "XX"),
        Fact::penalty("A", d(2024, 3, 1), "YY"),
    ];
    let e = assess(Policy::seed(), ent(reg()), f, d(2025, 1, 1)).unwrap_err();
    assert_eq!(e.subject(), Some("YY"));
    let f = vec![Fact::penalty("A", d(2023, 3, 1), "XX")];
    let e = assess(Policy::seed(), ent(reg()), f, d(2025, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::FactBeforeRegistration);
}

// ---- Refinement ------------------------------------------------------------

fn honour(id: &str, h: Honour) -> Fact {
    Fact::honour(id, d(2024, 2, 1), h, None)
}

/// "Refining A": points per kind, the best active honour of each kind counting once;
/// AAA at 60, AA at 30.
#[test]
fn points_and_thresholds() {
    use HonourLevel::*;
    let t = d(2025, 1, 1);
    let cases: Vec<(Vec<Fact>, Grade, i64)> = vec![
        (
            vec![
                honour("a", Honour::ContractAbiding(National)),
                honour("b", Honour::Trademark(Provincial)),
            ],
            Grade::Aaa,
            60,
        ),
        (
            vec![
                honour("a", Honour::ContractAbiding(National)),
                honour("b", Honour::ContractAbiding(Provincial)),
            ],
            Grade::Aa,
            40,
        ),
        (
            vec![
                honour("a", Honour::Other(Provincial)),
                honour("b", Honour::Advertising(creditgrade::model::AdGrade::B)),
                honour("c", Honour::Trademark(District)),
            ],
            Grade::Aa,
            30,
        ),
        (
            vec![
                honour("a", Honour::Other(Municipal)),
                honour("b", Honour::Advertising(creditgrade::model::AdGrade::C)),
                honour("c", Honour::Trademark(District)),
            ],
            Grade::A,
            20,
        ),
        (
            vec![
                honour("a", Honour::ContractAbiding(District)),
                honour("b", Honour::Advertising(creditgrade::model::AdGrade::A)),
                honour("c", Honour::Trademark(Municipal)),
                honour("d", Honour::Other(District)),
            ],
            Grade::Aa,
            45,
        ),
    ];
    for (f, g, p) in cases {
        assert_eq!(seed(reg(), f, t), (Some(g), None, Some(p.into())));
    }
}

/// "Refining A": honours active at t: granted <= t and t < until.
#[test]
fn honour_activity() {
    use HonourLevel::*;
    let h = |until| {
        vec![
            Fact::honour("a", d(2024, 2, 1), Honour::ContractAbiding(National), until),
            honour("b", Honour::Trademark(Provincial)),
        ]
    };
    assert_eq!(
        seed(reg(), h(Some(d(2025, 1, 1))), d(2024, 12, 31)).0,
        Some(Grade::Aaa)
    );
    assert_eq!(
        seed(reg(), h(Some(d(2025, 1, 1))), d(2025, 1, 1)),
        (Some(Grade::A), None, Some(20.into()))
    );
    assert_eq!(
        seed(reg(), h(None), d(2024, 1, 31)),
        (Some(Grade::A), None, Some(0.into()))
    );
}

/// "Refining A": eligibility needs legal-person status, nothing adverse and no
/// key-person flag in (t − 36 months, t]; points are reported either way.
#[test]
fn eligibility() {
    use HonourLevel::*;
    let reg20 = d(2020, 1, 1);
    let base = || {
        let mut v: Vec<Fact> = (2020..=2023)
            .map(|y| Fact::annual_report(format!("AR{y}"), d(y + 1, 5, 1), y))
            .collect();
        v.push(Fact::honour(
            "H1",
            d(2020, 6, 1),
            Honour::ContractAbiding(National),
            None,
        ));
        v.push(Fact::honour(
            "H2",
            d(2020, 6, 1),
            Honour::Trademark(Provincial),
            None,
        ));
        v
    };
    let t = d(2024, 8, 1);
    assert_eq!(seed(reg20, base(), t).0, Some(Grade::Aaa));
    // Not a legal person.
    let a = assess(Policy::seed(), ent(reg20).legal_person(false), base(), t).unwrap();
    assert_eq!((a.grade(), a.points()), (Some(Grade::A), Some(60.into())));
    assert_eq!(
        a.binding(),
        &Binding::Eligibility {
            bar: creditgrade::explain::Bar::NotLegalPerson
        }
    );
    // A key-person flag on 2021-08-02 is inside (2021-08-01, 2024-08-01]; on 2021-08-01 it is not.
    let mut f = base();
    f.push(Fact::key_person_flag("K", d(2021, 8, 2), "P-9"));
    assert_eq!(seed(reg20, f, t).0, Some(Grade::A));
    let mut f = base();
    f.push(Fact::key_person_flag("K", d(2021, 8, 1), "P-9"));
    assert_eq!(seed(reg20, f, t).0, Some(Grade::Aaa));
    // A serious penalty long recovered but inside 36 months: A, 60 points.
    let mut f = base();
    f.push(Fact::penalty("P", d(2021, 8, 2), "SER"));
    assert_eq!(seed(reg20, f, t), (Some(Grade::A), None, Some(60.into())));
    let mut f = base();
    f.push(Fact::penalty("P", d(2021, 8, 1), "SER"));
    assert_eq!(seed(reg20, f, t).0, Some(Grade::Aaa));
}

// ---- Score mode ------------------------------------------------------------

/// "Score mode": a serious violation can never score its way to A; the assessment
/// names the floor. Without floors, the band decides.
#[test]
fn score_mode_floors_and_bands() {
    use HonourLevel::*;
    let mut f = vec![
        honour("a", Honour::ContractAbiding(National)),
        honour("b", Honour::Trademark(National)),
        honour("c", Honour::Other(National)),
        honour("d", Honour::Advertising(creditgrade::model::AdGrade::A)),
    ];
    let t = d(2025, 1, 1);
    // 110 honour points × 0.25 = 27.5 → 127.5 → AAA band.
    let a = assess(Policy::score_preset(), ent(reg()), f.clone(), t).unwrap();
    assert_eq!(
        (a.grade(), a.score()),
        (Some(Grade::Aaa), Some(Decimal::new(12750, 2)))
    );
    assert!(matches!(a.binding(), Binding::Band { .. }));
    // + an active serious penalty: 127.5 − 65 = 62.5 → C band, capped to D by the floor.
    f.push(Fact::penalty("P", d(2024, 6, 1), "SER"));
    let a = assess(Policy::score_preset(), ent(reg()), f.clone(), t).unwrap();
    assert_eq!(
        (a.grade(), a.score()),
        (Some(Grade::D), Some(Decimal::new(6250, 2)))
    );
    assert_eq!(
        a.binding(),
        &Binding::Lock {
            tier: creditgrade::Tier::D,
            until: d(2025, 6, 1)
        }
    );
    assert!(a.reasons().iter().any(|r| r.code == ReasonCode::FLOOR_CAP));
    let mut p = Policy::score_preset();
    if let Scoring::Score(s) = &mut p.scoring {
        s.floors = false;
    }
    let a = assess(p, ent(reg()), f, t).unwrap();
    assert_eq!(a.grade(), Some(Grade::C));
}

/// "Score mode": coefficients are data; the score is exact and rounded once.
#[test]
fn score_mode_coefficients_and_rounding() {
    let mut p = Policy::score_preset();
    if let Scoring::Score(s) = &mut p.scoring {
        s.coefficients.tiered = Decimal::new(1, 3); // 0.001
        s.rounding =
            creditgrade::policy::Rounding::new(2, creditgrade::policy::RoundingRule::HalfUp);
    }
    // 45 points × 0.001 = 0.045 → 100.045 → 100.05 (half up).
    let f = vec![
        honour("a", Honour::ContractAbiding(HonourLevel::District)),
        honour("b", Honour::Advertising(creditgrade::model::AdGrade::A)),
        honour("c", Honour::Trademark(HonourLevel::Municipal)),
        honour("d", Honour::Other(HonourLevel::District)),
    ];
    let a = assess(p, ent(reg()), f, d(2025, 1, 1)).unwrap();
    assert_eq!(a.score(), Some(Decimal::new(10005, 2)));
    assert_eq!(a.grade(), Some(Grade::A));
}

// ---- Other departments -------------------------------------------------------

/// Other departments' records map to a severity through the policy; an unmapped
/// record is an error unless the policy says to ignore it.
#[test]
fn department_records() {
    let f = vec![Fact::department_record(
        "T",
        d(2024, 5, 1),
        Department::Tax,
        "ARREARS",
    )];
    let e = assess(Policy::seed(), ent(reg()), f.clone(), d(2025, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownDepartmentRecord);
    let mut p = Policy::seed();
    p.departments
        .rules
        .push(DepartmentRule::new("tax", "ARREARS", Severity::General));
    assert_eq!(
        assess(p, ent(reg()), f.clone(), d(2025, 1, 1))
            .unwrap()
            .grade(),
        Some(Grade::C)
    );
    let mut p = Policy::seed();
    p.departments.unknown_is_error = false;
    assert_eq!(
        assess(p, ent(reg()), f, d(2025, 1, 1)).unwrap().grade(),
        Some(Grade::A)
    );
}

// ---- Explanations ------------------------------------------------------------

/// Every grade carries its reasons with evidence and the policy fingerprint.
#[test]
fn reasons_cite_evidence() {
    let f = vec![
        Fact::penalty("S", d(2024, 1, 10), "SER"),
        Fact::penalty("M", d(2024, 6, 1), "MIN"),
    ];
    let a = assess(Policy::seed(), ent(reg()), f, d(2025, 2, 1)).unwrap();
    let codes: Vec<&str> = a.reasons().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["penalty", "penalty", "locked"]);
    let locked = a.reasons().last().unwrap();
    assert_eq!(locked.evidence.len(), 1);
    assert_eq!(locked.evidence[0].fact, "S");
    assert!(matches!(
        a.reasons()[1].detail,
        Detail::Adverse {
            locking: false,
            severity: Severity::Minor,
            ..
        }
    ));
    assert_eq!(a.policy_fingerprint(), Policy::seed().fingerprint());
    // Summary path agrees with the full path.
    let h = History::new(ent(reg()), vec![Fact::penalty("S", d(2024, 1, 10), "SER")]).unwrap();
    let s = assessor(Policy::seed())
        .summarize(&h, d(2025, 2, 1))
        .unwrap();
    assert_eq!(
        s,
        assessor(Policy::seed())
            .assess(&h, d(2025, 2, 1))
            .unwrap()
            .summary()
    );
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<creditgrade::Assessor>();
    check::<creditgrade::Assessment>();
    check::<creditgrade::Error>();
    check::<creditgrade::Policy>();
    check::<creditgrade::History>();
    check::<creditgrade::Catalogue>();
}

/// One workspace shared by assessors of different policies at the same date gives
/// each its own result.
#[test]
fn workspace_shared_between_policies() {
    let mut ws = creditgrade::Workspace::new();
    let mut p = Policy::seed();
    p.refine.lookback_months = 1;
    if let Some(a) = p.annual_reports.as_mut() {
        a.first_year = 2030;
    }
    let strict = assessor(Policy::seed());
    let loose = assessor(p);
    let h = History::new(
        ent(d(2020, 1, 1)),
        vec![
            Fact::penalty("P", d(2022, 1, 1), "MIN"),
            honour("a", Honour::ContractAbiding(HonourLevel::National)),
            honour("b", Honour::Trademark(HonourLevel::Provincial)),
        ],
    )
    .unwrap();
    let t = d(2024, 3, 1);
    for _ in 0..2 {
        // Seed: missing annual reports lock at B.
        assert_eq!(
            strict.summarize_with(&mut ws, &h, t).unwrap().grade,
            Some(Grade::B)
        );
        // No annual reports required, a one-month look-back: AAA.
        assert_eq!(
            loose.summarize_with(&mut ws, &h, t).unwrap().grade,
            Some(Grade::Aaa)
        );
    }
}

/// A custom quantifier citing positions that do not exist does not make the
/// explanation panic: the bad positions are left out.
#[test]
fn custom_evidence_out_of_range_is_skipped() {
    use creditgrade::quantify::{Findings, Input, Quantifier};
    struct Sloppy;
    impl Quantifier for Sloppy {
        fn name(&self) -> &str {
            "sloppy"
        }
        fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
            out.adverse(
                creditgrade::quantify::Method::FactBased,
                ReasonCode::custom("sloppy"),
                "sloppy",
                Severity::Minor,
                input.as_of(),
                &[0, 99],
            );
        }
    }
    let a = creditgrade::Assessor::new(Policy::seed(), common::catalogue())
        .unwrap()
        .with_quantifier(Sloppy);
    let h = History::new(ent(reg()), vec![Fact::complaint("C", d(2024, 3, 1))]).unwrap();
    let x = a.assess(&h, d(2024, 6, 1)).unwrap();
    assert_eq!(x.grade(), Some(Grade::B));
    let r = x
        .reasons()
        .iter()
        .find(|r| r.code.as_str() == "sloppy")
        .unwrap();
    assert_eq!(r.evidence.len(), 1);
    assert_eq!(r.evidence[0].fact, "C");
}
