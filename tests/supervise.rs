//! Scenario tests of `creditgrade::supervise`, each naming the line of `docs/spec.md`
//! or the essay of the source document it checks.

use chrono::NaiveDate;
use creditgrade::supervise::{
    Action, Boundary, Check, Colour, Complaint, DrawCandidate, ExportClass, ExportLot,
    ExportPolicy, Fee, Filter, Inspection, Ladder, Licence, Measure, MeasurePolicy, Mechanism,
    Method, Offset, PatrolPolicy, Payment, ProductRisk, Record, Rectification, Renewal,
    RiskCatalogue, RiskClass, SamplingPolicy, Status, Step, SupervisionPolicy, WarningKind,
    WarningPolicy, assign_inspectors, count, daily_tasks, draw, draw_key, efficiency, entry_delays,
    export_statistics, fee_totals, next_due, open_warnings, query, select_lots,
};
use creditgrade::{Enterprise, ErrorKind, Grade, Tier};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn ent(id: &str) -> Enterprise {
    Enterprise::new(id, d(2010, 1, 1))
}

fn colour_at(ladder: &Ladder, anchor: NaiveDate, t: NaiveDate) -> Option<Colour> {
    ladder
        .step_at(anchor, t)
        .expect("dates in range")
        .map(|s| s.colour)
}

fn step_at(ladder: &Ladder, anchor: NaiveDate, t: NaiveDate) -> Option<(Colour, Action)> {
    ladder
        .step_at(anchor, t)
        .expect("dates in range")
        .map(|s| (s.colour, s.action))
}

// ---------------------------------------------------------------- measures

/// SPEC "Supervision that follows from a grade": AAA, AA → incentive; A → normal;
/// B → warning; C → punishment (key supervision); D → elimination.
#[test]
fn measures_follow_the_spec_table() {
    let p = MeasurePolicy::source();
    let expect = [
        (Grade::Aaa, Mechanism::Incentive),
        (Grade::Aa, Mechanism::Incentive),
        (Grade::A, Mechanism::Normal),
        (Grade::B, Mechanism::Warning),
        (Grade::C, Mechanism::Punishment),
        (Grade::D, Mechanism::Elimination),
    ];
    for (g, m) in expect {
        assert_eq!(p.mechanism(Some(g)), Some(m), "grade {g}");
    }
    for g in [Grade::Aaa, Grade::Aa] {
        let ms = p.measures(Some(g));
        assert!(ms.contains(&Measure::AnnualReportReviewExemption));
        assert!(ms.contains(&Measure::PatrolExemption));
        assert!(ms.contains(&Measure::GreenChannel));
    }
    assert!(
        !p.measures(Some(Grade::A))
            .contains(&Measure::PatrolExemption)
    );
    assert!(
        p.measures(Some(Grade::C))
            .contains(&Measure::KeySupervision)
    );
    assert!(p.measures(Some(Grade::D)).contains(&Measure::MarketExit));
    assert_eq!(p.mechanism(None), None);
    assert_eq!(Mechanism::Elimination.label_zh(), "淘汰");
}

// ---------------------------------------------------------------- patrols

/// SPEC: grades AAA/AA/A none, B 6, C 3, D 1; risk classes A 3, B 6, C 12, D none;
/// the shortest of those that apply.
#[test]
fn patrol_interval_is_the_shortest_that_applies() {
    let p = PatrolPolicy::source();
    let table = [
        (RiskClass::A, Grade::Aaa, Some(3)),
        (RiskClass::B, Grade::A, Some(6)),
        (RiskClass::C, Grade::Aa, Some(12)),
        (RiskClass::D, Grade::A, None),
        (RiskClass::D, Grade::B, Some(6)),
        (RiskClass::C, Grade::B, Some(6)),
        (RiskClass::C, Grade::C, Some(3)),
        (RiskClass::A, Grade::D, Some(1)),
        (RiskClass::D, Grade::D, Some(1)),
    ];
    for (c, g, want) in table {
        assert_eq!(p.interval(c, Some(g)), want, "class {c:?} grade {g}");
    }
    assert_eq!(p.interval(RiskClass::A, None), None);
}

#[test]
fn next_due_clamps_to_month_end() {
    assert_eq!(next_due(d(2024, 1, 31), 1).unwrap(), d(2024, 2, 29));
    assert_eq!(next_due(d(2023, 1, 31), 1).unwrap(), d(2023, 2, 28));
    assert_eq!(next_due(d(2024, 8, 31), 6).unwrap(), d(2025, 2, 28));
    assert_eq!(next_due(d(2024, 3, 15), 12).unwrap(), d(2025, 3, 15));
}

#[test]
fn catalogue_takes_the_riskiest_of_industry_and_licences() {
    let c = RiskCatalogue::source();
    assert_eq!(c.classify("H6210", std::iter::empty()), RiskClass::B);
    assert_eq!(c.classify("H6210", ["food_production"]), RiskClass::A);
    assert_eq!(c.classify("F5211", ["second_hand_goods"]), RiskClass::C);
    assert_eq!(c.classify("F5211", ["unlisted"]), RiskClass::C);
    assert_eq!(c.classify("F5211", std::iter::empty()), RiskClass::D);
    // The longest prefix wins.
    let c = RiskCatalogue::empty()
        .industry("C2", RiskClass::C)
        .industry("C27", RiskClass::B);
    assert_eq!(c.classify("C2710", std::iter::empty()), RiskClass::B);
    assert_eq!(c.classify("C2610", std::iter::empty()), RiskClass::C);
}

/// Jianghai essay: "巡哪里、查什么、采用什么样的巡查方式" — the day's list per
/// inspector, district and route, most overdue and riskiest first.
#[test]
fn daily_tasks_are_ordered_and_say_what_and_how() {
    let t = d(2024, 6, 15);
    let r1 = Record::new(
        ent("E1").district("D1").route("R1").industry("F5211"),
        Some(Grade::C),
    )
    .inspector("I1")
    .inspection(Inspection::new(d(2024, 3, 1), "I1"));
    let r2 = Record::new(ent("E2").district("D1").route("R1"), Some(Grade::A))
        .inspector("I1")
        .licence(Licence::new("L1", "food_production", d(2025, 1, 1)))
        .inspection(Inspection::new(d(2024, 3, 10), "I9"));
    let r3 = Record::new(ent("E3").district("D1").route("R1"), Some(Grade::B))
        .inspector("I1")
        .inspection(Inspection::new(d(2024, 1, 5), "I1"))
        .fee(Fee::new(
            "F1",
            d(2024, 5, 1),
            d(2024, 5, 31),
            Decimal::new(100, 0),
        ));
    let r4 = Record::new(
        Enterprise::new("E4", d(2024, 5, 1))
            .district("D1")
            .route("R1"),
        Some(Grade::D),
    )
    .inspector("I2");
    let r5 = Record::new(ent("E5").district("D1").route("R0"), Some(Grade::Aaa))
        .inspector("I1")
        .risk_class(RiskClass::A)
        .inspection(Inspection::new(d(2024, 2, 1), "I1"))
        // An inspection after the as-of date is ignored.
        .inspection(Inspection::new(d(2024, 6, 20), "I1"));
    let r6 = Record::new(ent("E6").district("D1").route("R1"), None)
        .inspector("I1")
        .status(Status::Deregistered)
        .fee(Fee::new(
            "F1",
            d(2024, 1, 1),
            d(2024, 1, 31),
            Decimal::new(100, 0),
        ));
    let r7 = Record::new(ent("E7").district("D1").route("R1"), None).inspector("I1");
    let records = vec![r7, r6, r4, r3, r2, r1, r5];
    let tasks = daily_tasks(&records, &SupervisionPolicy::source(), t).unwrap();
    let order: Vec<(&str, i64)> = tasks
        .iter()
        .map(|t| (t.enterprise.as_str(), t.days_overdue))
        .collect();
    // E3's arrears count from the fee's due date 2024-05-31: 15 days, so E3 comes
    // before E1 (patrol due 2024-06-01, 14 days).
    assert_eq!(
        order,
        vec![("E5", 45), ("E3", 15), ("E1", 14), ("E2", 5), ("E4", 14)]
    );
    let e1 = &tasks[2];
    let checks: Vec<(Check, Method)> = e1.items.iter().map(|i| (i.check, i.method)).collect();
    assert_eq!(
        checks,
        vec![
            (Check::Premises, Method::OnSite),
            (Check::Lock, Method::OnSite)
        ]
    );
    assert_eq!(e1.items[0].due_on, d(2024, 6, 1));
    assert_eq!(e1.items[0].anchor, None);
    assert_eq!(e1.items[0].step_since, None);
    let e3 = &tasks[1];
    assert_eq!(e3.items.len(), 1);
    assert_eq!(e3.items[0].check, Check::Arrears);
    assert_eq!(e3.items[0].method, Method::Phone);
    assert_eq!(e3.items[0].colour, Some(Colour::Black));
    // Opened the day after the due date; overdue from the due date itself.
    assert_eq!(e3.items[0].due_on, d(2024, 6, 1));
    assert_eq!(e3.items[0].anchor, Some(d(2024, 5, 31)));
    assert_eq!(e3.items[0].step_since, Some(d(2024, 6, 1)));
    assert_eq!(e3.items[0].days_overdue, 15);
    let e2 = &tasks[3];
    assert_eq!(e2.risk_class, RiskClass::A);
    assert_eq!(
        e2.items.iter().map(|i| i.check).collect::<Vec<_>>(),
        vec![Check::Premises, Check::LicenceExpiry]
    );
    assert_eq!(tasks[0].items.len(), 1);
    assert_eq!(tasks[4].inspector, "I2");
    // Same records in another order: the same list.
    let mut rev = records.clone();
    rev.reverse();
    assert_eq!(
        daily_tasks(&rev, &SupervisionPolicy::source(), t).unwrap(),
        tasks
    );
}

#[test]
fn daily_tasks_on_the_due_date_and_the_day_before() {
    let r =
        Record::new(ent("E1"), Some(Grade::B)).inspection(Inspection::new(d(2023, 8, 31), "I1"));
    let p = SupervisionPolicy::source();
    // Due 2023-08-31 + 6 months = 2024-02-29.
    assert!(
        daily_tasks(std::slice::from_ref(&r), &p, d(2024, 2, 28))
            .unwrap()
            .is_empty()
    );
    let on = daily_tasks(std::slice::from_ref(&r), &p, d(2024, 2, 29)).unwrap();
    assert_eq!(on.len(), 1);
    assert_eq!(on[0].days_overdue, 0);
}

/// SPEC "Early warnings", licence ladder: the notice step runs while
/// x − 1 month ≤ t < x. The licence is still valid then, so the task item is 0
/// days overdue although the warning opened weeks before; it counts from x after.
#[test]
fn licence_warning_in_the_notice_step_is_not_overdue() {
    let x = d(2024, 6, 30);
    let r = Record::new(ent("E1").district("D1").route("R1"), Some(Grade::A))
        .risk_class(RiskClass::D)
        .licence(Licence::new("L1", "drugs", x));
    let p = SupervisionPolicy::source();
    let item_at = |t| {
        let tasks = daily_tasks(std::slice::from_ref(&r), &p, t).unwrap();
        assert_eq!(tasks.len(), 1, "{t}");
        assert_eq!(tasks[0].items.len(), 1, "{t}");
        (tasks[0].days_overdue, tasks[0].items[0].clone())
    };
    // x − 1 month = 2024-05-30: the first day of the notice step.
    assert!(
        daily_tasks(std::slice::from_ref(&r), &p, d(2024, 5, 29))
            .unwrap()
            .is_empty()
    );
    for t in [d(2024, 5, 30), d(2024, 6, 21), d(2024, 6, 29)] {
        let (task_overdue, i) = item_at(t);
        assert_eq!(i.check, Check::LicenceExpiry);
        assert_eq!(i.colour, Some(Colour::Notice));
        assert_eq!(i.method, Method::Phone);
        assert_eq!(i.due_on, d(2024, 5, 30));
        assert_eq!(i.anchor, Some(x));
        assert_eq!(i.step_since, Some(d(2024, 5, 30)));
        assert_eq!((i.days_overdue, task_overdue), (0, 0), "{t}");
    }
    // On x the yellow step begins, still 0 days overdue; then one a day.
    let (_, i) = item_at(x);
    assert_eq!((i.colour, i.days_overdue), (Some(Colour::Yellow), 0));
    assert_eq!(i.step_since, Some(x));
    let (_, i) = item_at(d(2024, 7, 9));
    assert_eq!((i.colour, i.days_overdue), (Some(Colour::Yellow), 9));
    assert_eq!(i.due_on, d(2024, 5, 30));
}

/// SPEC "Early warnings", fee arrears with due date u: the task item is
/// t − u days overdue in every step (black, green, red).
#[test]
fn fee_arrears_are_overdue_from_the_due_date() {
    let u = d(2024, 5, 31);
    let r = Record::new(ent("E1"), Some(Grade::A))
        .risk_class(RiskClass::D)
        .fee(Fee::new("F1", d(2024, 5, 1), u, Decimal::new(100, 0)));
    let p = SupervisionPolicy::source();
    // 2024-06-01: 1 day; 2024-06-21: 21 days; 2024-08-15: 30 + 31 + 15 = 76 days.
    for (t, colour, step_since, days) in [
        (d(2024, 6, 1), Colour::Black, d(2024, 6, 1), 1),
        (d(2024, 6, 21), Colour::Black, d(2024, 6, 1), 21),
        (d(2024, 8, 15), Colour::Red, d(2024, 8, 1), 76),
    ] {
        let tasks = daily_tasks(std::slice::from_ref(&r), &p, t).unwrap();
        let i = &tasks[0].items[0];
        assert_eq!(i.check, Check::Arrears);
        assert_eq!(i.colour, Some(colour), "{t}");
        assert_eq!(i.anchor, Some(u));
        assert_eq!(i.due_on, d(2024, 6, 1));
        assert_eq!(i.step_since, Some(step_since), "{t}");
        assert_eq!(i.days_overdue, days, "{t}");
        assert_eq!(tasks[0].days_overdue, days, "{t}");
    }
}

/// The order within a route uses the corrected days overdue: a patrol one day
/// late comes before a licence in its notice step (opened 22 days ago, not yet
/// expired); at equal days, the riskier class first.
#[test]
fn task_order_uses_days_overdue_from_the_anchor() {
    let t = d(2024, 6, 21);
    let at = |id: &str| ent(id).district("D1").route("R1");
    // Grade D: monthly; due 2024-06-20, 1 day overdue.
    let late = Record::new(at("E-P"), Some(Grade::D))
        .risk_class(RiskClass::D)
        .inspection(Inspection::new(d(2024, 5, 20), "I1"));
    // Class A: every 3 months, next patrol 2024-07-01; the licence expires in 9 days.
    let licence = Record::new(at("E-L"), Some(Grade::A))
        .risk_class(RiskClass::A)
        .inspection(Inspection::new(d(2024, 4, 1), "I1"))
        .licence(Licence::new("L1", "drugs", d(2024, 6, 30)));
    // Grade C: every 3 months; due today, 0 days overdue.
    let today = Record::new(at("E-Q"), Some(Grade::C))
        .risk_class(RiskClass::D)
        .inspection(Inspection::new(d(2024, 3, 21), "I1"));
    let tasks = daily_tasks(&[today, licence, late], &SupervisionPolicy::source(), t).unwrap();
    let order: Vec<(&str, i64)> = tasks
        .iter()
        .map(|t| (t.enterprise.as_str(), t.days_overdue))
        .collect();
    assert_eq!(order, vec![("E-P", 1), ("E-L", 0), ("E-Q", 0)]);
    assert_eq!(tasks[1].items[0].due_on, d(2024, 5, 30));
}

/// Equally overdue in the same risk class: the worse grade comes first, whatever
/// the ids.
#[test]
fn task_order_breaks_ties_by_grade() {
    let t = d(2024, 6, 21);
    let at = |id: &str| ent(id).district("D1").route("R1");
    // Grade B: every 6 months, due 2024-06-16. Grade C: every 3 months, due 2024-06-16.
    let b = Record::new(at("E-A"), Some(Grade::B))
        .risk_class(RiskClass::D)
        .inspection(Inspection::new(d(2023, 12, 16), "I1"));
    let c = Record::new(at("E-Z"), Some(Grade::C))
        .risk_class(RiskClass::D)
        .inspection(Inspection::new(d(2024, 3, 16), "I1"));
    let tasks = daily_tasks(&[b, c], &SupervisionPolicy::source(), t).unwrap();
    let order: Vec<(&str, i64)> = tasks
        .iter()
        .map(|t| (t.enterprise.as_str(), t.days_overdue))
        .collect();
    assert_eq!(order, vec![("E-Z", 5), ("E-A", 5)]);
}

/// A task and a warning carry the enterprise's name and office from the record.
#[test]
fn tasks_and_warnings_carry_name_and_office() {
    let t = d(2024, 6, 15);
    let r = Record::new(
        ent("E1").name("Jianghai Bamboo Co.").district("D1"),
        Some(Grade::D),
    )
    .office("江海一所")
    .inspector("I1")
    .fee(Fee::new(
        "F1",
        d(2024, 5, 1),
        d(2024, 5, 31),
        Decimal::new(100, 0),
    ));
    let unnamed = Record::new(ent("E2"), Some(Grade::D));
    let rs = [r, unnamed];
    let tasks = daily_tasks(&rs, &SupervisionPolicy::source(), t).unwrap();
    let named: Vec<(&str, &str, &str)> = tasks
        .iter()
        .map(|t| (t.enterprise.as_str(), t.name.as_str(), t.office.as_str()))
        .collect();
    assert_eq!(
        named,
        vec![("E2", "", ""), ("E1", "Jianghai Bamboo Co.", "江海一所")]
    );
    let w = open_warnings(&rs, &WarningPolicy::source(), t).unwrap();
    assert_eq!(w.len(), 1);
    assert_eq!(
        (w[0].name.as_str(), w[0].office.as_str()),
        ("Jianghai Bamboo Co.", "江海一所")
    );
}

// ---------------------------------------------------------------- warnings

/// SPEC "Early warnings", fee arrears, with u = 2024-01-31 (month-end clamping):
/// t < u + 1 month (2024-02-29) black, phone; t ≤ u + 2 months (2024-03-31) green,
/// visit; later red, deadline notice. No warning on or before u.
#[test]
fn fee_arrears_ladder_boundaries_at_month_end() {
    let l = Ladder::fee_arrears();
    let u = d(2024, 1, 31);
    let cases = [
        (d(2024, 1, 30), None),
        (d(2024, 1, 31), None),
        (d(2024, 2, 1), Some((Colour::Black, Action::Phone))),
        (d(2024, 2, 28), Some((Colour::Black, Action::Phone))),
        (d(2024, 2, 29), Some((Colour::Green, Action::Visit))),
        (d(2024, 3, 1), Some((Colour::Green, Action::Visit))),
        (d(2024, 3, 30), Some((Colour::Green, Action::Visit))),
        (d(2024, 3, 31), Some((Colour::Green, Action::Visit))),
        (d(2024, 4, 1), Some((Colour::Red, Action::DeadlineNotice))),
        (d(2030, 1, 1), Some((Colour::Red, Action::DeadlineNotice))),
    ];
    for (t, want) in cases {
        assert_eq!(step_at(&l, u, t), want, "t = {t}");
    }
}

#[test]
fn fee_arrears_ladder_boundaries_mid_month() {
    let l = Ladder::fee_arrears();
    let u = d(2024, 3, 15);
    let cases = [
        (d(2024, 3, 15), None),
        (d(2024, 3, 16), Some(Colour::Black)),
        (d(2024, 4, 14), Some(Colour::Black)),
        (d(2024, 4, 15), Some(Colour::Green)),
        (d(2024, 4, 16), Some(Colour::Green)),
        (d(2024, 5, 14), Some(Colour::Green)),
        (d(2024, 5, 15), Some(Colour::Green)),
        (d(2024, 5, 16), Some(Colour::Red)),
    ];
    for (t, want) in cases {
        assert_eq!(colour_at(&l, u, t), want, "t = {t}");
    }
}

/// SPEC: licence expiring on x: x − 1 month ≤ t < x notice, phone; x ≤ t ≤ x + 3
/// months yellow, phone; ≤ x + 6 months red, rectification notice; later black,
/// visit. x = 2024-03-31: x − 1 month = 2024-02-29, x + 3 = 06-30, x + 6 = 09-30.
#[test]
fn licence_ladder_boundaries_at_month_end() {
    let l = Ladder::licence_expiry();
    let x = d(2024, 3, 31);
    let n = Some((Colour::Notice, Action::Phone));
    let y = Some((Colour::Yellow, Action::Phone));
    let r = Some((Colour::Red, Action::RectificationNotice));
    let b = Some((Colour::Black, Action::Visit));
    let cases = [
        (d(2024, 2, 28), None),
        (d(2024, 2, 29), n),
        (d(2024, 3, 1), n),
        (d(2024, 3, 30), n),
        (d(2024, 3, 31), y),
        (d(2024, 4, 1), y),
        (d(2024, 6, 29), y),
        (d(2024, 6, 30), y),
        (d(2024, 7, 1), r),
        (d(2024, 9, 29), r),
        (d(2024, 9, 30), r),
        (d(2024, 10, 1), b),
    ];
    for (t, want) in cases {
        assert_eq!(step_at(&l, x, t), want, "t = {t}");
    }
}

#[test]
fn licence_ladder_boundaries_clamped_the_other_way() {
    // x = 2024-05-31: x − 1 month = 2024-04-30; x + 3 = 08-31; x + 6 = 11-30.
    let l = Ladder::licence_expiry();
    let x = d(2024, 5, 31);
    let cases = [
        (d(2024, 4, 29), None),
        (d(2024, 4, 30), Some(Colour::Notice)),
        (d(2024, 5, 30), Some(Colour::Notice)),
        (d(2024, 5, 31), Some(Colour::Yellow)),
        (d(2024, 8, 31), Some(Colour::Yellow)),
        (d(2024, 9, 1), Some(Colour::Red)),
        (d(2024, 11, 30), Some(Colour::Red)),
        (d(2024, 12, 1), Some(Colour::Black)),
    ];
    for (t, want) in cases {
        assert_eq!(colour_at(&l, x, t), want, "t = {t}");
    }
}

#[test]
fn complaint_and_rectification_ladder_boundaries() {
    let c = Ladder::complaint_reply();
    let due = d(2024, 2, 10);
    assert_eq!(step_at(&c, due, d(2024, 2, 10)), None);
    assert_eq!(
        step_at(&c, due, d(2024, 2, 11)),
        Some((Colour::Yellow, Action::Phone))
    );
    assert_eq!(
        step_at(&c, due, d(2024, 2, 25)),
        Some((Colour::Yellow, Action::Phone))
    );
    assert_eq!(
        step_at(&c, due, d(2024, 2, 26)),
        Some((Colour::Red, Action::Visit))
    );
    let r = Ladder::rectification();
    let dl = d(2024, 1, 31);
    assert_eq!(step_at(&r, dl, d(2024, 1, 31)), None);
    assert_eq!(
        step_at(&r, dl, d(2024, 2, 1)),
        Some((Colour::Red, Action::Visit))
    );
    assert_eq!(
        step_at(&r, dl, d(2024, 2, 29)),
        Some((Colour::Red, Action::Visit))
    );
    assert_eq!(
        step_at(&r, dl, d(2024, 3, 1)),
        Some((Colour::Black, Action::OpenCase))
    );
}

#[test]
fn warnings_open_and_clear_with_the_resolving_fact() {
    let p = WarningPolicy::source();
    let fee = Fee::new("F1", d(2024, 1, 1), d(2024, 1, 31), Decimal::new(300, 0))
        .payment(Payment::new(d(2024, 2, 5), Decimal::new(100, 0)))
        .payment(Payment::new(d(2024, 3, 10), Decimal::new(200, 0)));
    let r = Record::new(ent("E1").district("D1"), Some(Grade::A))
        .inspector("I1")
        .fee(fee)
        .licence(
            Licence::new("L1", "drugs", d(2024, 3, 31))
                .renewed(Renewal::new(d(2024, 4, 1), d(2024, 4, 5))),
        )
        .complaint(Complaint::new("C1", d(2024, 2, 1), d(2024, 2, 10)).replied(d(2024, 2, 12)))
        .rectification(Rectification::new("N1", d(2024, 1, 1), d(2024, 1, 31)));
    let rs = [r];
    let at = |t| open_warnings(&rs, &p, t).unwrap();
    // Partial payment does not clear the arrears; the full payment does, on its day.
    let w = at(d(2024, 3, 9));
    let kinds: Vec<(WarningKind, &str, Colour)> = w
        .iter()
        .map(|w| (w.kind, w.subject.as_str(), w.colour))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (WarningKind::FeeArrears, "F1", Colour::Green),
            (WarningKind::LicenceExpiry, "L1", Colour::Notice),
            (WarningKind::Rectification, "N1", Colour::Black),
        ]
    );
    let fee_w = &w[0];
    assert_eq!(fee_w.opened_on, d(2024, 2, 1));
    assert_eq!(fee_w.step, 1);
    assert_eq!(fee_w.step_since, d(2024, 2, 29));
    assert_eq!(
        (fee_w.district.as_str(), fee_w.inspector.as_str()),
        ("D1", "I1")
    );
    let w = at(d(2024, 3, 10));
    assert!(w.iter().all(|w| w.kind != WarningKind::FeeArrears));
    // Complaint: yellow on 02-11, cleared by the reply on 02-12.
    assert!(
        at(d(2024, 2, 11))
            .iter()
            .any(|w| w.kind == WarningKind::ComplaintReply)
    );
    assert!(
        at(d(2024, 2, 12))
            .iter()
            .all(|w| w.kind != WarningKind::ComplaintReply)
    );
    // Licence: yellow from 03-31 until the renewal is recorded on 04-05.
    let w = at(d(2024, 4, 4));
    assert!(
        w.iter()
            .any(|w| w.kind == WarningKind::LicenceExpiry && w.colour == Colour::Yellow)
    );
    assert!(
        at(d(2024, 4, 5))
            .iter()
            .all(|w| w.kind != WarningKind::LicenceExpiry)
    );
    // Recorded 4 days after submission: a data-entry delay.
    let late = entry_delays(&rs, &p, d(2024, 1, 1), d(2024, 12, 31)).unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].days, 4);
}

#[test]
fn renewal_recorded_exactly_two_days_later_is_not_a_delay() {
    let r = Record::new(ent("E1"), None)
        .licence(
            Licence::new("L1", "drugs", d(2024, 3, 31))
                .renewed(Renewal::new(d(2024, 3, 1), d(2024, 3, 3))),
        )
        .licence(
            Licence::new("L2", "drugs", d(2024, 3, 31))
                .renewed(Renewal::new(d(2024, 3, 1), d(2024, 3, 4))),
        );
    let late = entry_delays(
        &[r],
        &WarningPolicy::source(),
        d(2024, 1, 1),
        d(2024, 12, 31),
    )
    .unwrap();
    assert_eq!(
        late.iter().map(|x| x.licence.as_str()).collect::<Vec<_>>(),
        vec!["L2"]
    );
}

#[test]
fn open_warnings_are_ordered_by_enterprise_kind_subject() {
    let mk = |id: &str| {
        Record::new(ent(id), None)
            .rectification(Rectification::new("N2", d(2024, 1, 1), d(2024, 1, 10)))
            .fee(Fee::new("F2", d(2024, 1, 1), d(2024, 1, 10), Decimal::ONE))
            .fee(Fee::new("F1", d(2024, 1, 1), d(2024, 1, 10), Decimal::ONE))
    };
    let rs = vec![mk("E2"), mk("E1")];
    let w = open_warnings(&rs, &WarningPolicy::source(), d(2024, 2, 1)).unwrap();
    let keys: Vec<(&str, &str)> = w
        .iter()
        .map(|w| (w.enterprise.as_str(), w.subject.as_str()))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("E1", "F1"),
            ("E1", "F2"),
            ("E1", "N2"),
            ("E2", "F1"),
            ("E2", "F2"),
            ("E2", "N2")
        ]
    );
}

#[test]
fn ladders_are_validated() {
    let bad = Ladder::new(
        Boundary::through(Offset::months(0)),
        vec![
            Step::new(
                Colour::Black,
                Action::Phone,
                Some(Boundary::through(Offset::months(2))),
            ),
            Step::new(
                Colour::Green,
                Action::Visit,
                Some(Boundary::before(Offset::months(2))),
            ),
            Step::new(Colour::Red, Action::Visit, None),
        ],
    )
    .unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(
        bad.to_string(),
        "policy field `ladder.steps[1].until`: step boundaries must strictly increase"
    );
    let open_end = Ladder::new(
        Boundary::through(Offset::months(0)),
        vec![Step::new(
            Colour::Black,
            Action::Phone,
            Some(Boundary::before(Offset::months(1))),
        )],
    )
    .unwrap_err();
    assert_eq!(open_end.field(), Some("ladder.steps[0].until"));
    assert!(Ladder::new(Boundary::through(Offset::days(0)), vec![]).is_err());
}

// ---------------------------------------------------------------- fees

#[test]
fn fee_totals_per_enterprise_district_and_inspector() {
    let t = d(2024, 3, 1);
    let a = Record::new(ent("E1").district("D1"), None)
        .inspector("I1")
        .fee(
            Fee::new("F1", d(2024, 1, 1), d(2024, 1, 31), Decimal::new(1000, 2))
                .payment(Payment::new(d(2024, 2, 1), Decimal::new(250, 2))),
        );
    let b = Record::new(ent("E2").district("D1"), None)
        .inspector("I2")
        .fee(Fee::new(
            "F1",
            d(2024, 2, 1),
            d(2024, 3, 1),
            Decimal::new(500, 2),
        ))
        .fee(Fee::new(
            "F2",
            d(2024, 4, 1),
            d(2024, 4, 30),
            Decimal::new(999, 0),
        ));
    let rep = fee_totals(&[a, b], t).unwrap();
    let e1 = rep.enterprises["E1"];
    assert_eq!(
        (e1.assessed, e1.paid, e1.outstanding, e1.arrears),
        (
            Decimal::new(1000, 2),
            Decimal::new(250, 2),
            Decimal::new(750, 2),
            Decimal::new(750, 2)
        )
    );
    // Due on the as-of date: outstanding, not yet in arrears.
    let e2 = rep.enterprises["E2"];
    assert_eq!(
        (e2.assessed, e2.outstanding, e2.arrears),
        (Decimal::new(500, 2), Decimal::new(500, 2), Decimal::ZERO)
    );
    assert_eq!(rep.districts["D1"].assessed, Decimal::new(1500, 2));
    assert_eq!(rep.inspectors["I2"].paid, Decimal::ZERO);
    assert_eq!(rep.total.arrears, Decimal::new(750, 2));
}

#[test]
fn overpayment_is_refused_with_its_place() {
    let r = Record::new(ent("E9"), None).fee(
        Fee::new("F1", d(2024, 1, 1), d(2024, 1, 31), Decimal::new(10, 0))
            .payment(Payment::new(d(2024, 1, 5), Decimal::new(11, 0))),
    );
    let e = fee_totals(&[r], d(2024, 2, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        e.to_string(),
        "enterprise \"E9\": `fees[0].payments`: payments of fee \"F1\" add up to 11, more than the 10 assessed"
    );
}

#[test]
fn duplicate_enterprise_ids_are_refused() {
    let rs = vec![Record::new(ent("E1"), None), Record::new(ent("E1"), None)];
    let e = open_warnings(&rs, &WarningPolicy::source(), d(2024, 1, 1)).unwrap_err();
    assert_eq!(e.enterprise(), Some("E1"));
    assert_eq!(e.field(), Some("records[1]"));
}

// ---------------------------------------------------------------- random draw

fn cands(prefix: &str, n: usize, class: Tier) -> Vec<DrawCandidate> {
    (0..n)
        .map(|i| DrawCandidate::new(format!("{prefix}{i:02}"), class))
        .collect()
}

/// Local ratios A 5%, B 20%, C 60%, D 100%, counts `ceil(ratio × n)`.
#[test]
fn draw_counts_are_exact() {
    let mut all = cands("A", 21, Tier::A);
    all.extend(cands("B", 10, Tier::B));
    all.extend(cands("C", 7, Tier::C));
    all.extend(cands("D", 3, Tier::D));
    let dr = draw(&all, &SamplingPolicy::source(), 77).unwrap();
    let counts: Vec<(usize, usize)> = dr.classes.iter().map(|c| (c.population, c.count)).collect();
    assert_eq!(counts, vec![(21, 2), (10, 2), (7, 5), (3, 3)]);
    for c in &dr.classes {
        assert_eq!(c.selected.len(), c.count);
    }
    assert_eq!(dr.ids().len(), 12);
    // The drawn are exactly the lowest keys of each class.
    let a = &dr.classes[0];
    let mut keys: Vec<(u64, String)> = (0..21)
        .map(|i| format!("A{i:02}"))
        .map(|id| (draw_key(77, &id), id))
        .collect();
    keys.sort();
    let want: Vec<String> = keys.into_iter().take(2).map(|(_, id)| id).collect();
    assert_eq!(a.selected, want);
}

/// Test vector computed with an independent implementation of the algorithm in
/// docs/supervision.md (FNV-1a 64, SplitMix64).
#[test]
fn draw_matches_the_documented_test_vector() {
    let dr = draw(&cands("E", 10, Tier::B), &SamplingPolicy::source(), 2024).unwrap();
    assert_eq!(dr.classes[1].selected, vec!["E06", "E01"]);
    let dr = draw(&cands("A", 7, Tier::A), &SamplingPolicy::source(), 2024).unwrap();
    assert_eq!(dr.classes[0].selected, vec!["A04"]); // ceil(5% of 7) = 1
    assert_eq!(
        creditgrade::supervise::pair_key(42, "E1", "I1"),
        0xf4ae_5964_917b_7653
    );
}

/// The strata are credit tiers with the national credit-risk ratios (A ≤5% … D
/// 61–100%, A being the lowest risk): with 40
/// candidates in each tier, tier A (守信) gets ceil(5% × 40) = 2, B 8, C 24 and
/// tier D (严重失信) all 40.
#[test]
fn draw_inspects_the_worst_credit_most() {
    let mut all = Vec::new();
    for t in Tier::ALL {
        all.extend(cands(t.as_str(), 40, t));
    }
    let dr = draw(&all, &SamplingPolicy::source(), 20_260_630).unwrap();
    let got: Vec<(Tier, usize, usize)> = dr
        .classes
        .iter()
        .map(|c| (c.class, c.population, c.count))
        .collect();
    assert_eq!(
        got,
        vec![
            (Tier::A, 40, 2),
            (Tier::B, 40, 8),
            (Tier::C, 40, 24),
            (Tier::D, 40, 40)
        ]
    );
    assert_eq!(dr.classes[0].ratio, Decimal::new(5, 2));
    assert_eq!(dr.classes[3].ratio, Decimal::ONE);
    // Every tier-D candidate is drawn; only tier-A ids are in tier A's draw.
    let mut d: Vec<&str> = dr.classes[3].selected.iter().map(String::as_str).collect();
    d.sort_unstable();
    let want: Vec<String> = (0..40).map(|i| format!("D{i:02}")).collect();
    assert_eq!(d, want.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(dr.classes[0].selected.iter().all(|id| id.starts_with('A')));
}

/// Candidates from records: the tier of the grade (AAA, AA and A are tier A);
/// operating and suspended records only; not rated records are not candidates.
#[test]
fn candidates_are_stratified_by_the_credit_tier_of_the_grade() {
    let t = d(2024, 6, 1);
    // The industry risk class plays no part: E1 is industry class A (food
    // production) with an AAA grade, E4 industry class D with grade D.
    let records = vec![
        Record::new(ent("E1").industry("C1411"), Some(Grade::Aaa)),
        Record::new(ent("E2"), Some(Grade::Aa)).risk_class(RiskClass::A),
        Record::new(ent("E3"), Some(Grade::B)).status(Status::Suspended),
        Record::new(ent("E4").industry("F5211"), Some(Grade::D)),
        Record::new(ent("E5"), Some(Grade::C)),
        Record::new(ent("E6"), None),
        Record::new(ent("E7"), Some(Grade::D)).status(Status::Revoked),
        Record::new(ent("E8"), Some(Grade::A)).status(Status::Deregistered),
        Record::new(ent("E9"), Some(Grade::A))
            .inspection(Inspection::new(d(2024, 5, 1), "I1"))
            .inspection(Inspection::new(d(2024, 7, 1), "I2"))
            .conflict("I3"),
    ];
    let cs = DrawCandidate::from_records(&records, t);
    let got: Vec<(&str, Tier)> = cs.iter().map(|c| (c.id.as_str(), c.class)).collect();
    assert_eq!(
        got,
        vec![
            ("E1", Tier::A),
            ("E2", Tier::A),
            ("E3", Tier::B),
            ("E4", Tier::D),
            ("E5", Tier::C),
            ("E9", Tier::A)
        ]
    );
    // The last inspector on or before t, then the declared conflicts.
    assert_eq!(cs[5].excluded, vec!["I1".to_owned(), "I3".to_owned()]);
    let dr = draw(&cs, &SamplingPolicy::source(), 1).unwrap();
    let pops: Vec<usize> = dr.classes.iter().map(|c| c.population).collect();
    assert_eq!(pops, vec![3, 1, 1, 1]);
}

#[test]
fn draw_refuses_duplicates_and_bad_ratios() {
    let c = vec![
        DrawCandidate::new("E1", Tier::A),
        DrawCandidate::new("E1", Tier::B),
    ];
    let e = draw(&c, &SamplingPolicy::source(), 1).unwrap_err();
    assert_eq!(e.to_string(), "`candidates[1]`: duplicate id \"E1\"");
    let p = SamplingPolicy::source().ratio_of(Tier::B, Decimal::new(11, 1));
    let e = draw(&[], &p, 1).unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy field `sampling.ratios.B`: ratio 1.1 is outside [0, 1]"
    );
}

#[test]
fn inspectors_are_matched_with_exclusions_and_balance() {
    let t = d(2024, 6, 1);
    let records = vec![
        Record::new(ent("E1"), Some(Grade::D)).inspection(Inspection::new(d(2024, 1, 1), "I1")),
        Record::new(ent("E2"), Some(Grade::D)).conflict("I2"),
        Record::new(ent("E3"), Some(Grade::D)),
        Record::new(ent("E4"), Some(Grade::D)),
        Record::new(ent("E5"), None).status(Status::Deregistered),
    ];
    let cs = DrawCandidate::from_records(&records, t);
    assert_eq!(cs.len(), 4);
    assert_eq!(cs[0].excluded, vec!["I1".to_owned()]);
    let policy = SamplingPolicy::source().inspectors_per_enterprise(1);
    let dr = draw(&cs, &policy, 5).unwrap();
    assert_eq!(dr.classes[3].class, Tier::D);
    assert_eq!(dr.classes[3].count, 4); // tier D: 100%
    let inspectors: Vec<String> = ["I4", "I3", "I2", "I1"].map(String::from).to_vec();
    let a = assign_inspectors(&dr, &cs, &inspectors, &policy).unwrap();
    assert_eq!(a.len(), 4);
    assert_ne!(a[0].inspectors, vec!["I1".to_owned()]);
    assert_ne!(a[1].inspectors, vec!["I2".to_owned()]);
    // Four enterprises, four inspectors, one each: every inspector once.
    let mut used: Vec<&str> = a.iter().map(|x| x.inspectors[0].as_str()).collect();
    used.sort_unstable();
    assert_eq!(used, vec!["I1", "I2", "I3", "I4"]);
    // Input order does not matter.
    let mut cs2 = cs.clone();
    cs2.reverse();
    let mut ins2 = inspectors.clone();
    ins2.sort();
    let dr2 = draw(&cs2, &policy, 5).unwrap();
    assert_eq!(assign_inspectors(&dr2, &cs2, &ins2, &policy).unwrap(), a);
    // Two per enterprise out of one eligible: an error naming the enterprise.
    let e = assign_inspectors(
        &dr,
        &cs,
        &["I1".to_owned(), "I9".to_owned()],
        &SamplingPolicy::source(),
    )
    .unwrap_err();
    assert_eq!(e.enterprise(), Some("E1"));
    assert_eq!(e.message(), "1 eligible inspectors, 2 needed");
}

// ---------------------------------------------------------------- export

/// Longgang essay: class 1 credit release (合格假定、即报即放); class 2 and below
/// conformity assessment and sampling inspection; inspection ratio by class.
#[test]
fn export_lots_and_statistics() {
    let day = d(2016, 5, 1);
    let mut lots = Vec::new();
    for i in 0..100 {
        lots.push(ExportLot::new(
            format!("A{i:03}"),
            "X1",
            day,
            Decimal::new(10, 0),
            ProductRisk::Low,
            Some(Grade::Aaa),
        ));
    }
    for i in 0..10 {
        lots.push(ExportLot::new(
            format!("B{i:03}"),
            "X2",
            day,
            Decimal::new(20, 0),
            ProductRisk::Medium,
            Some(Grade::B),
        ));
    }
    for i in 0..4 {
        lots.push(ExportLot::new(
            format!("C{i:03}"),
            "X3",
            day,
            Decimal::new(30, 0),
            ProductRisk::High,
            None,
        ));
    }
    lots.push(ExportLot::new(
        "Z",
        "X3",
        d(2016, 7, 1),
        Decimal::new(5, 0),
        ProductRisk::High,
        None,
    ));
    let p = ExportPolicy::source();
    let s = export_statistics(&lots, &p, 3, d(2016, 1, 1), d(2016, 6, 30)).unwrap();
    assert_eq!(s.lots, 114);
    assert_eq!(s.value, Decimal::new(1320, 0));
    let per: Vec<(ExportClass, usize, usize)> = s
        .classes
        .iter()
        .map(|c| (c.class, c.lots, c.inspected))
        .collect();
    assert_eq!(
        per,
        vec![
            (ExportClass::One, 100, 5),
            (ExportClass::Two, 10, 3),
            (ExportClass::Three, 4, 4)
        ]
    );
    assert_eq!(s.classes[1].inspected_share, Decimal::new(3000, 4));
    assert_eq!(s.released_at_once, 95);
    assert_eq!(s.released_at_once_share, Decimal::new(8333, 4)); // 95/114 = 0.83333…
    // The lot draw does not depend on input order.
    let mut rev = lots.clone();
    rev.reverse();
    assert_eq!(
        select_lots(&rev, &p, 3).unwrap(),
        select_lots(&lots, &p, 3).unwrap()
    );
}

// ---------------------------------------------------------------- efficiency

#[test]
fn efficiency_counts_tasks_warnings_fees_and_entry_delays() {
    let from = d(2024, 1, 1);
    let to = d(2024, 3, 31);
    let r1 = Record::new(
        Enterprise::new("E1", d(2023, 12, 1)).district("D1"),
        Some(Grade::C),
    )
    .inspector("I1")
    // Grade C: every 3 months. Due 2024-03-01; not done by 03-31: 30 days late.
    .fee(
        Fee::new("F1", d(2024, 1, 1), d(2024, 1, 31), Decimal::new(100, 0))
            .payment(Payment::new(d(2024, 2, 10), Decimal::new(100, 0))),
    )
    .fee(
        Fee::new("F2", d(2024, 1, 1), d(2024, 1, 31), Decimal::new(50, 0))
            .payment(Payment::new(d(2024, 3, 5), Decimal::new(50, 0))),
    )
    .licence(
        Licence::new("L1", "drugs", d(2024, 6, 30))
            .renewed(Renewal::new(d(2024, 3, 1), d(2024, 3, 6))),
    );
    let r2 = Record::new(
        Enterprise::new("E2", d(2023, 12, 1)).district("D2"),
        Some(Grade::D),
    )
    .inspector("I1")
    // Monthly: due 01-01 done 01-01 (on time), due 02-01 done 02-03 (2 late),
    // due 03-03 done 03-03 (on time).
    .inspection(Inspection::new(d(2024, 1, 1), "I1"))
    .inspection(Inspection::new(d(2024, 2, 3), "I1"))
    .inspection(Inspection::new(d(2024, 3, 3), "I1"));
    let rep = efficiency(&[r1, r2], &SupervisionPolicy::source(), from, to).unwrap();
    assert_eq!(rep.inspectors.len(), 1);
    let i1 = &rep.inspectors[0];
    assert_eq!(i1.key, "I1");
    assert_eq!((i1.tasks_due, i1.done_on_time, i1.overdue), (4, 2, 2));
    assert_eq!(i1.average_delay_days, Some(Decimal::new(1600, 2))); // (30 + 2) / 2
    // Both fees opened 02-01; F1 paid in the black step (by 02-28), F2 not.
    assert_eq!((i1.warnings_raised, i1.warnings_handled_on_time), (2, 1));
    assert_eq!(i1.fees_assessed, Decimal::new(150, 0));
    assert_eq!(i1.fees_collected, Decimal::new(150, 0));
    assert_eq!(i1.entry_delays, 1);
    let keys: Vec<&str> = rep.districts.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, vec!["D1", "D2"]);
    assert_eq!(
        rep.districts[1].average_delay_days,
        Some(Decimal::new(200, 2))
    );
}

// ---------------------------------------------------------------- queries

#[test]
fn queries_filter_and_count() {
    let patrol = PatrolPolicy::source();
    let rs = vec![
        Record::new(
            ent("E1").district("D1").route("R1").industry("C2710"),
            Some(Grade::B),
        )
        .office("O1"),
        Record::new(
            ent("E2").district("D1").route("R2").industry("F5211"),
            Some(Grade::B),
        )
        .office("O1"),
        Record::new(ent("E3").district("D2").industry("C2720"), None)
            .office("O2")
            .status(Status::Revoked),
        Record::new(ent("E4").district("D2").industry("H6210"), Some(Grade::Aaa)).office("O2"),
    ];
    let ids = |f: Filter| -> Vec<String> {
        query(&rs, &f, &patrol)
            .iter()
            .map(|r| r.id().to_owned())
            .collect()
    };
    assert_eq!(ids(Filter::new().office("O1")), vec!["E1", "E2"]);
    assert_eq!(ids(Filter::new().district("D1").route("R2")), vec!["E2"]);
    assert_eq!(ids(Filter::new().industry("C27")), vec!["E1", "E3"]);
    assert_eq!(
        ids(Filter::new().risk_class(RiskClass::A)),
        vec!["E1", "E3"]
    );
    assert_eq!(ids(Filter::new().risk_class(RiskClass::B)), vec!["E4"]);
    assert_eq!(ids(Filter::new().grade(None)), vec!["E3"]);
    assert_eq!(
        ids(Filter::new().grade(Some(Grade::B)).office("O1")),
        vec!["E1", "E2"]
    );
    assert_eq!(ids(Filter::new().status(Status::Revoked)), vec!["E3"]);
    let c = count(&rs, &Filter::new(), &patrol);
    assert_eq!(c.total, 4);
    assert_eq!(c.by_grade.get("B"), Some(&2));
    assert_eq!(c.by_risk_class.get("A"), Some(&2));
    assert_eq!(c.by_risk_class.get("D"), Some(&1));
    assert_eq!(c.by_status.get("operating"), Some(&3));
    assert_eq!(c.by_district.get("D2"), Some(&2));
}

// ---------------------------------------------------------------- serde

#[test]
fn presets_round_trip_through_serde() {
    let p = SupervisionPolicy::source();
    p.validate().unwrap();
    let json = serde_json::to_string(&p).unwrap();
    let back: SupervisionPolicy = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    let w: WarningPolicy =
        serde_json::from_str(&serde_json::to_string(&WarningPolicy::source()).unwrap()).unwrap();
    assert_eq!(w, WarningPolicy::source());
    let e: ExportPolicy =
        serde_json::from_str(&serde_json::to_string(&ExportPolicy::source()).unwrap()).unwrap();
    assert_eq!(e, ExportPolicy::source());
    let r = Record::new(ent("E1"), Some(Grade::Aa))
        .fee(Fee::new(
            "F1",
            d(2024, 1, 1),
            d(2024, 1, 31),
            Decimal::new(1234, 2),
        ))
        .licence(Licence::new("L1", "drugs", d(2024, 6, 1)));
    let back: Record = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}

#[test]
fn types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<SupervisionPolicy>();
    check::<Record>();
    check::<creditgrade::supervise::Task>();
    check::<creditgrade::supervise::Warning>();
}

// ---------------------------------------------------------------- properties

/// The report's total is the sum of the rows, with the exact average delay over
/// all overdue patrols: (1 + 2 + 4) / 3 = 2.33, not the mean of the inspectors'
/// averages (1 and 3 → 2).
#[test]
fn efficiency_total_is_exact() {
    let rec = |id: &str, district: &str, inspector: &str, done: NaiveDate| {
        // Grade D: monthly; registered 2023-12-01, so due 2024-01-01.
        Record::new(
            Enterprise::new(id, d(2023, 12, 1)).district(district),
            Some(Grade::D),
        )
        .inspector(inspector)
        .inspection(Inspection::new(done, inspector))
        .fee(
            Fee::new(
                format!("{id}-F"),
                d(2024, 1, 5),
                d(2024, 2, 4),
                Decimal::new(100, 0),
            )
            .payment(Payment::new(d(2024, 1, 10), Decimal::new(40, 0))),
        )
    };
    let records = [
        rec("E1", "D1", "I1", d(2024, 1, 2)),
        rec("E2", "D1", "I2", d(2024, 1, 3)),
        rec("E3", "D2", "I2", d(2024, 1, 5)),
    ];
    let rep = efficiency(
        &records,
        &SupervisionPolicy::source(),
        d(2024, 1, 1),
        d(2024, 1, 31),
    )
    .unwrap();
    let avg: Vec<Option<Decimal>> = rep
        .inspectors
        .iter()
        .map(|r| r.average_delay_days)
        .collect();
    assert_eq!(
        avg,
        vec![Some(Decimal::new(100, 2)), Some(Decimal::new(300, 2))]
    );
    let t = &rep.total;
    assert_eq!(t.key, "all");
    assert_eq!((t.tasks_due, t.done_on_time, t.overdue), (3, 0, 3));
    assert_eq!(t.average_delay_days, Some(Decimal::new(233, 2)));
    assert_eq!(t.fees_assessed, Decimal::new(300, 0));
    assert_eq!(t.fees_collected, Decimal::new(120, 0));
    // Every count and amount is the sum of the inspector rows and of the district rows.
    for rows in [&rep.inspectors, &rep.districts] {
        let sum = |f: fn(&creditgrade::supervise::EfficiencyRow) -> usize| {
            rows.iter().map(f).sum::<usize>()
        };
        assert_eq!(sum(|r| r.tasks_due), t.tasks_due);
        assert_eq!(sum(|r| r.overdue), t.overdue);
        assert_eq!(sum(|r| r.warnings_raised), t.warnings_raised);
        assert_eq!(sum(|r| r.entry_delays), t.entry_delays);
        let fees: Decimal = rows.iter().map(|r| r.fees_collected).sum();
        assert_eq!(fees, t.fees_collected);
    }
    // No patrol due in the period (next ones due 02-02, 02-03, 02-05): no average.
    let rep = efficiency(
        &records,
        &SupervisionPolicy::source(),
        d(2024, 2, 6),
        d(2024, 2, 10),
    )
    .unwrap();
    assert_eq!(rep.total.overdue, 0);
    assert_eq!(rep.total.average_delay_days, None);
}

fn interval_le(a: Option<u32>, b: Option<u32>) -> bool {
    // a ≤ b with None as infinity.
    match (a, b) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(x), Some(y)) => x <= y,
    }
}

fn arb_class() -> impl Strategy<Value = RiskClass> {
    prop::sample::select(RiskClass::ALL.to_vec())
}

fn arb_tier() -> impl Strategy<Value = Tier> {
    prop::sample::select(Tier::ALL.to_vec())
}

proptest! {
    /// A worse grade never gets a longer patrol interval, under any valid policy.
    #[test]
    fn worse_grade_never_longer_interval(
        raw in prop::collection::vec(prop::option::of(1u32..40), 6),
        risk in prop::collection::vec(prop::option::of(1u32..40), 4),
        class in arb_class(),
    ) {
        // Sort so that the policy is valid: grades from longest (None first) to
        // shortest; classes from shortest to longest.
        let mut g = raw.clone();
        g.sort_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Less,
            (_, None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(x),
        });
        let mut rk = risk.clone();
        rk.sort_by(|a, b| match (a, b) {
            (None, None) => std::cmp::Ordering::Equal,
            (None, _) => std::cmp::Ordering::Greater,
            (_, None) => std::cmp::Ordering::Less,
            (Some(x), Some(y)) => x.cmp(y),
        });
        let mut p = PatrolPolicy::source();
        for (grade, v) in Grade::ALL.iter().zip(&g) {
            p = p.grade_interval(*grade, *v);
        }
        for (c, v) in RiskClass::ALL.iter().zip(&rk) {
            p = p.risk_interval(*c, *v);
        }
        prop_assert!(p.validate().is_ok());
        for w in Grade::ALL.windows(2) {
            prop_assert!(interval_le(p.interval(class, Some(w[1])), p.interval(class, Some(w[0]))));
        }
        // The raw, unsorted intervals: either valid with the same law, or refused.
        let mut q = PatrolPolicy::source();
        for (grade, v) in Grade::ALL.iter().zip(&raw) {
            q = q.grade_interval(*grade, *v);
        }
        if q.validate().is_ok() {
            for w in Grade::ALL.windows(2) {
                prop_assert!(interval_le(q.interval(class, Some(w[1])), q.interval(class, Some(w[0]))));
            }
        }
    }

    /// A resolved warning never stays open: once the resolving fact is dated on or
    /// before t, no warning of that subject is open at t.
    #[test]
    fn resolved_warning_never_stays_open(
        anchor_off in 0i64..400,
        resolve_off in 0i64..400,
        t_off in 0i64..800,
    ) {
        let base = d(2023, 1, 1);
        let anchor = base + chrono::Days::new(anchor_off.unsigned_abs());
        let resolved = anchor + chrono::Days::new(resolve_off.unsigned_abs());
        let t = base + chrono::Days::new(t_off.unsigned_abs());
        let r = Record::new(Enterprise::new("E1", d(2000, 1, 1)), Some(Grade::B))
            .fee(Fee::new("F", base, anchor, Decimal::new(10, 0)).payment(Payment::new(resolved, Decimal::new(10, 0))))
            .licence(Licence::new("L", "drugs", anchor).renewed(Renewal::new(resolved, resolved)))
            .complaint(Complaint::new("C", base, anchor).replied(resolved))
            .rectification(Rectification::new("N", base, anchor).rectified(resolved));
        let w = open_warnings(std::slice::from_ref(&r), &WarningPolicy::source(), t).unwrap();
        if resolved <= t {
            prop_assert!(w.is_empty());
        }
        let tasks = daily_tasks(&[r], &SupervisionPolicy::source(), t).unwrap();
        if resolved <= t {
            prop_assert!(tasks.iter().all(|t| t.items.iter().all(|i| i.warning.is_none())));
        }
    }

    /// The draw is exact in its counts and does not depend on input order.
    #[test]
    fn draw_is_exact_and_order_free(
        classes in prop::collection::vec(arb_tier(), 0..80),
        seed in any::<u64>(),
        perm_seed in any::<u64>(),
    ) {
        let cs: Vec<DrawCandidate> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| DrawCandidate::new(format!("E{i}"), *c))
            .collect();
        let p = SamplingPolicy::source();
        let dr = draw(&cs, &p, seed).unwrap();
        for cd in &dr.classes {
            let n = classes.iter().filter(|c| **c == cd.class).count();
            prop_assert_eq!(cd.population, n);
            prop_assert_eq!(cd.count, p.count(cd.class, n));
            prop_assert_eq!(cd.selected.len(), cd.count);
        }
        // A permutation of the input: rotate and reverse by perm_seed.
        let mut shuffled = cs.clone();
        if !shuffled.is_empty() {
            let k = usize::try_from(perm_seed % shuffled.len() as u64).unwrap();
            shuffled.rotate_left(k);
        }
        if perm_seed % 2 == 0 {
            shuffled.reverse();
        }
        prop_assert_eq!(draw(&shuffled, &p, seed).unwrap(), dr);
    }
}
