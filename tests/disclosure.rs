//! Scenario tests for `creditgrade::disclosure` (the source document's third essay:
//! the environmental self-monitoring disclosure platform).

use chrono::{NaiveDate, NaiveDateTime};
use creditgrade::ErrorKind;
use creditgrade::disclosure::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn one(freq: Frequency) -> MonitoringPlan {
    MonitoringPlan::new("E1").point(
        MonitoringPoint::new("DW001", PointKind::WasteWater)
            .pollutant(Pollutant::new("COD", freq).limit(dec("50")).unit("mg/L")),
    )
}

fn count(freq: Frequency, period: Period) -> usize {
    due_records(&one(freq), period).unwrap().len()
}

const ALL: [Frequency; 8] = [
    Frequency::HOURLY,
    Frequency::EVERY_TWO_HOURS,
    Frequency::Daily,
    Frequency::Weekly,
    Frequency::Monthly,
    Frequency::Quarterly,
    Frequency::HalfYearly,
    Frequency::Yearly,
];

fn counts(period: Period) -> Vec<usize> {
    ALL.iter().map(|f| count(*f, period)).collect()
}

// ---------------------------------------------------------------------------
// Record generation (应报监测数据记录)

#[test]
fn february_2024_leap_month() {
    // 29 days; Mondays 5, 12, 19, 26; no quarter, half-year or year starts.
    let p = Period::month(2024, 2).unwrap();
    assert_eq!(counts(p), [696, 348, 29, 4, 1, 0, 0, 0]);
}

#[test]
fn february_2025_with_spring_festival() {
    // 28 days; holidays change nothing about what is due. Mondays 3, 10, 17, 24.
    let p = Period::month(2025, 2).unwrap();
    assert_eq!(counts(p), [672, 336, 28, 4, 1, 0, 0, 0]);
}

#[test]
fn january_2025_quarter_half_and_year_start() {
    // Mondays 6, 13, 20, 27: the ISO week of Monday 30 December 2024 (2025-W01)
    // starts in December and belongs to December.
    let p = Period::month(2025, 1).unwrap();
    assert_eq!(counts(p), [744, 372, 31, 4, 1, 1, 1, 1]);
    let due = due_records(&one(Frequency::Weekly), p).unwrap();
    assert_eq!(due[0].id, "E1/DW001/COD/2025-W02");
}

#[test]
fn december_2024_owns_the_week_that_ends_in_january() {
    // Mondays 2, 9, 16, 23, 30.
    let p = Period::month(2024, 12).unwrap();
    let due = due_records(&one(Frequency::Weekly), p).unwrap();
    assert_eq!(due.len(), 5);
    let last = due.last().unwrap();
    assert_eq!(last.id, "E1/DW001/COD/2025-W01");
    assert_eq!(last.start, t(2024, 12, 30, 0, 0));
    assert_eq!(last.end, t(2025, 1, 6, 0, 0));
}

#[test]
fn month_ends_31_and_30() {
    assert_eq!(
        counts(Period::month(2024, 3).unwrap()),
        [744, 372, 31, 4, 1, 0, 0, 0]
    );
    // April 2025: Mondays 7, 14, 21, 28; a quarter starts.
    assert_eq!(
        counts(Period::month(2025, 4).unwrap()),
        [720, 360, 30, 4, 1, 1, 0, 0]
    );
    // July 2025: Mondays 7, 14, 21, 28; quarter and half-year start.
    assert_eq!(
        counts(Period::month(2025, 7).unwrap()),
        [744, 372, 31, 4, 1, 1, 1, 0]
    );
}

#[test]
fn october_2025_national_day_still_due() {
    // Mondays 6, 13, 20, 27.
    assert_eq!(
        counts(Period::month(2025, 10).unwrap()),
        [744, 372, 31, 4, 1, 1, 0, 0]
    );
}

#[test]
fn quarter_and_leap_year() {
    // Q1 2024: 91 days; 1 January 2024 is a Monday: 5 + 4 + 4 Mondays.
    assert_eq!(
        counts(Period::quarter(2024, 1).unwrap()),
        [2184, 1092, 91, 13, 3, 1, 1, 1]
    );
    // 2024: 366 days; 53 Mondays (1 January … 30 December).
    assert_eq!(
        counts(Period::year(2024).unwrap()),
        [8784, 4392, 366, 53, 12, 4, 2, 1]
    );
}

#[test]
fn arbitrary_range_and_weeks() {
    // 26 February – 5 March 2025: March 1 starts a month, Monday 3 March a week.
    let p = Period::new(d(2025, 2, 26), d(2025, 3, 5)).unwrap();
    assert_eq!(counts(p), [192, 96, 8, 1, 1, 0, 0, 0]);
    let w = Period::iso_week(2025, 6).unwrap();
    assert_eq!((w.start(), w.end()), (d(2025, 2, 3), d(2025, 2, 9)));
    assert_eq!(counts(w), [168, 84, 7, 1, 0, 0, 0, 0]);
    // A single Tuesday contains no week start.
    assert_eq!(count(Frequency::Weekly, Period::day(d(2025, 3, 4))), 0);
    assert_eq!(count(Frequency::Weekly, Period::day(d(2025, 3, 3))), 1);
}

#[test]
fn slot_ids_and_bounds() {
    let due = due_records(&one(Frequency::EVERY_TWO_HOURS), Period::day(d(2025, 2, 5))).unwrap();
    assert_eq!(due[6].id, "E1/DW001/COD/2025-02-05T12");
    assert_eq!(
        (due[6].start, due[6].end),
        (t(2025, 2, 5, 12, 0), t(2025, 2, 5, 14, 0))
    );
    assert_eq!(due[11].end, t(2025, 2, 6, 0, 0));
    let q = due_records(&one(Frequency::Quarterly), Period::year(2025).unwrap()).unwrap();
    let ids: Vec<&str> = q.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "E1/DW001/COD/2025-Q1",
            "E1/DW001/COD/2025-Q2",
            "E1/DW001/COD/2025-Q3",
            "E1/DW001/COD/2025-Q4"
        ]
    );
    assert_eq!(q[3].end, t(2026, 1, 1, 0, 0));
}

// ---------------------------------------------------------------------------
// Bad plans

#[test]
fn missing_limit_names_enterprise_and_point() {
    let plan = MonitoringPlan::new("E1").point(
        MonitoringPoint::new("DW001", PointKind::WasteWater)
            .pollutant(Pollutant::new("COD", Frequency::Daily).limit(dec("50")))
            .pollutant(Pollutant::new("NH3-N", Frequency::Daily)),
    );
    let e = due_records(&plan, Period::month(2025, 2).unwrap()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.enterprise(), Some("E1"));
    assert_eq!(e.subject(), Some("DW001"));
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": `points[0].pollutants[1].limit`: point \"DW001\", pollutant \"NH3-N\": no limit (限值)"
    );
}

#[test]
fn zero_and_uneven_frequency() {
    let e = one(Frequency::Hours(0)).validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": `points[0].pollutants[0].frequency`: point \"DW001\", pollutant \"COD\": zero frequency: automatic monitoring every 0 hours"
    );
    let e = one(Frequency::Hours(5)).validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": `points[0].pollutants[0].frequency`: point \"DW001\", pollutant \"COD\": automatic monitoring every 5 hours: the interval must divide 24"
    );
    assert!(one(Frequency::Hours(24)).validate().is_ok());
}

#[test]
fn empty_pollutant_list_and_duplicate_points() {
    let plan = one(Frequency::Daily).point(MonitoringPoint::new("FQ001", PointKind::WasteGas));
    let e = plan.validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": `points[1].pollutants`: point \"FQ001\" has no pollutants"
    );
    assert_eq!(e.subject(), Some("FQ001"));
    let plan = one(Frequency::Daily).point(
        MonitoringPoint::new("DW001", PointKind::Noise)
            .pollutant(Pollutant::new("Leq", Frequency::Quarterly).limit(dec("65"))),
    );
    let e = plan.validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": `points[1].id`: point \"DW001\" is listed twice"
    );
}

#[test]
fn other_bad_plans() {
    let neg = MonitoringPlan::new("E9").point(
        MonitoringPoint::new("P", PointKind::WasteGas)
            .pollutant(Pollutant::new("SO2", Frequency::Daily).limit(dec("0"))),
    );
    assert_eq!(
        neg.validate().unwrap_err().to_string(),
        "enterprise \"E9\": `points[0].pollutants[0].limit`: point \"P\", pollutant \"SO2\": limit 0 is not positive"
    );
    let dup = MonitoringPlan::new("E9").point(
        MonitoringPoint::new("P", PointKind::WasteGas)
            .pollutant(Pollutant::new("SO2", Frequency::Daily).limit(dec("1")))
            .pollutant(Pollutant::new("SO2", Frequency::Weekly).limit(dec("1"))),
    );
    assert_eq!(
        dup.validate().unwrap_err().to_string(),
        "enterprise \"E9\": `points[0].pollutants[1].code`: point \"P\", pollutant \"SO2\": listed twice"
    );
    let far = MonitoringPlan::new("E9").point(
        MonitoringPoint::new("P", PointKind::WasteGas)
            .location(GeoPoint::new(dec("91"), dec("120")))
            .pollutant(Pollutant::new("SO2", Frequency::Daily).limit(dec("1"))),
    );
    assert_eq!(
        far.validate().unwrap_err().to_string(),
        "enterprise \"E9\": `points[0].location`: point \"P\": latitude 91 is outside -90..=90"
    );
    let e = MonitoringPlan::new("").validate().unwrap_err();
    assert_eq!(
        e.to_string(),
        "`enterprise_id`: the plan has an empty enterprise id"
    );
}

// ---------------------------------------------------------------------------
// Working days and deadlines (国办发明电〔2024〕12号)

#[test]
fn holiday_table_2025() {
    let cal = HolidayCalendar::china_2025();
    // 1 + 8 + 3 + 5 + 3 + 8 holiday dates, 5 adjusted working weekends.
    assert_eq!(cal.holidays().count(), 28);
    let ww: Vec<NaiveDate> = cal.working_weekends().collect();
    assert_eq!(
        ww,
        [
            d(2025, 1, 26),
            d(2025, 2, 8),
            d(2025, 4, 27),
            d(2025, 9, 28),
            d(2025, 10, 11)
        ]
    );
    for day in [
        d(2025, 1, 1),
        d(2025, 1, 28),
        d(2025, 2, 4),
        d(2025, 4, 4),
        d(2025, 5, 5),
        d(2025, 6, 2),
        d(2025, 10, 8),
    ] {
        assert!(!cal.is_working_day(day).unwrap(), "{day} is a holiday");
    }
    for day in ww {
        assert!(
            cal.is_working_day(day).unwrap(),
            "{day} is an adjusted working day"
        );
    }
    assert!(cal.is_working_day(d(2025, 10, 9)).unwrap());
    assert!(!cal.is_working_day(d(2025, 10, 12)).unwrap()); // Sunday after the adjusted Saturday
    assert!(cal.source_text().contains("国办发明电〔2024〕12号"));
}

#[test]
fn monthly_report_february_2025_counts_adjusted_saturday() {
    // February 2025: 1–4 holidays; working days 5 (1), 6 (2), 7 (3), Sat 8 (4),
    // 10 (5), 11 (6), 12 (7).
    let cal = HolidayCalendar::china_2025();
    let policy = DisclosurePolicy::default();
    let jan = Period::month(2025, 1).unwrap();
    assert_eq!(
        report_deadline(&policy, &cal, ReportKind::MonthlyEmission, jan).unwrap(),
        d(2025, 2, 12)
    );
    // Weekends only: 3, 4, 5, 6, 7, 10, 11.
    assert_eq!(
        report_deadline(&policy, &WeekendsOnly, ReportKind::MonthlyEmission, jan).unwrap(),
        d(2025, 2, 11)
    );
}

#[test]
fn monthly_report_october_2025_national_day() {
    // October 2025: 1–8 holidays; 9 (1), 10 (2), Sat 11 (3), 13 (4), 14 (5),
    // 15 (6), 16 (7).
    let cal = HolidayCalendar::china_2025();
    let sep = Period::month(2025, 9).unwrap();
    let p = DisclosurePolicy::default();
    assert_eq!(
        report_deadline(&p, &cal, ReportKind::MonthlyEmission, sep).unwrap(),
        d(2025, 10, 16)
    );
    // Weekends only: 1, 2, 3, 6, 7, 8, 9.
    assert_eq!(
        report_deadline(&p, &WeekendsOnly, ReportKind::MonthlyEmission, sep).unwrap(),
        d(2025, 10, 9)
    );
}

#[test]
fn monthly_report_january_and_may_2025() {
    let cal = HolidayCalendar::china_2025();
    let p = DisclosurePolicy::default();
    // January: 1 holiday; 2, 3, 6, 7, 8, 9, 10.
    let dec24 = Period::month(2024, 12).unwrap();
    assert_eq!(
        report_deadline(&p, &cal, ReportKind::MonthlyEmission, dec24).unwrap(),
        d(2025, 1, 10)
    );
    // May: 1–5 holidays; 6, 7, 8, 9, 12, 13, 14.
    let apr = Period::month(2025, 4).unwrap();
    assert_eq!(
        report_deadline(&p, &cal, ReportKind::MonthlyEmission, apr).unwrap(),
        d(2025, 5, 14)
    );
}

#[test]
fn permit_rule_and_annual_report() {
    let cal = HolidayCalendar::china_2025();
    let jan = Period::month(2025, 1).unwrap();
    let permit = DisclosurePolicy::permit();
    // The 15th, a Saturday, does not move under the permit preset…
    assert_eq!(
        report_deadline(&permit, &cal, ReportKind::MonthlyEmission, jan).unwrap(),
        d(2025, 2, 15)
    );
    // …but does with roll-forward: Monday 17 February.
    let rolled = permit.clone().monthly_report(DeadlineRule::DayOfNextMonth {
        day: 15,
        roll_forward: true,
    });
    assert_eq!(
        report_deadline(&rolled, &cal, ReportKind::MonthlyEmission, jan).unwrap(),
        d(2025, 2, 17)
    );
    // Day 31 of a 28-day month is clamped.
    let late = DisclosurePolicy::default().monthly_report(DeadlineRule::DayOfNextMonth {
        day: 31,
        roll_forward: false,
    });
    assert_eq!(
        report_deadline(&late, &cal, ReportKind::MonthlyEmission, jan).unwrap(),
        d(2025, 2, 28)
    );
    // Annual self-monitoring report: end of January of the next year.
    let y = Period::year(2025).unwrap();
    assert_eq!(
        report_deadline(&permit, &cal, ReportKind::AnnualSelfMonitoring, y).unwrap(),
        d(2026, 1, 31)
    );
}

#[test]
fn working_day_errors() {
    // October 2025: 9–31 is 23 days, less Sundays 12, 19, 26 and Saturdays 18, 25
    // (Saturday 11 is an adjusted working day): 18 working days.
    let e = nth_working_day_of_month(&HolidayCalendar::china_2025(), 2025, 10, 20).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`working_days`: 2025-10 has only 18 working days, fewer than 20"
    );
    assert!(nth_working_day_of_month(&WeekendsOnly, 2025, 10, 0).is_err());
    struct Never;
    impl WorkCalendar for Never {
        fn is_working_day(&self, _: NaiveDate) -> Result<bool, creditgrade::Error> {
            Ok(false)
        }
    }
    let e = next_working_day(&Never, d(2025, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = HolidayCalendar::new([2025], [], [d(2025, 3, 5)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`working_weekends`: 2025-03-05 is a Wed, not a weekend day"
    );
}

#[test]
fn reports_filed_late_or_missing() {
    let cal = HolidayCalendar::china_2025();
    let p = DisclosurePolicy::default();
    let jan = Period::month(2025, 1).unwrap();
    let feb = Period::month(2025, 2).unwrap();
    let filings = [
        ReportFiling::new("F1", "E1", ReportKind::MonthlyEmission, jan, d(2025, 2, 12)),
        ReportFiling::new("F2", "E1", ReportKind::MonthlyEmission, feb, d(2025, 3, 12)),
        ReportFiling::new("F3", "E2", ReportKind::MonthlyEmission, feb, d(2025, 3, 3)),
    ];
    let asof = d(2025, 4, 1);
    let c = check_report(
        &p,
        &cal,
        "E1",
        ReportKind::MonthlyEmission,
        jan,
        &filings,
        asof,
    )
    .unwrap();
    assert_eq!(
        (c.state, c.filing_id.as_deref()),
        (SlotState::OnTime, Some("F1"))
    );
    // March 2025: 3, 4, 5, 6, 7, 10, 11 → due 11 March; filed the 12th.
    let c = check_report(
        &p,
        &cal,
        "E1",
        ReportKind::MonthlyEmission,
        feb,
        &filings,
        asof,
    )
    .unwrap();
    assert_eq!((c.deadline, c.state), (d(2025, 3, 11), SlotState::Late));
    let mar = Period::month(2025, 3).unwrap();
    // April: 1, 2, 3, (4–6 holiday) 7, 8, 9, 10 → due 10 April.
    let c = check_report(
        &p,
        &cal,
        "E1",
        ReportKind::MonthlyEmission,
        mar,
        &filings,
        d(2025, 4, 10),
    )
    .unwrap();
    assert_eq!((c.deadline, c.state), (d(2025, 4, 10), SlotState::Pending));
    let c = check_report(
        &p,
        &cal,
        "E1",
        ReportKind::MonthlyEmission,
        mar,
        &filings,
        d(2025, 4, 11),
    )
    .unwrap();
    assert_eq!(c.state, SlotState::Missing);
    // A filing dated after as_of does not exist yet.
    let c = check_report(
        &p,
        &cal,
        "E1",
        ReportKind::MonthlyEmission,
        feb,
        &filings,
        d(2025, 3, 11),
    )
    .unwrap();
    assert_eq!((c.state, c.filing_id), (SlotState::Pending, None));
}

// ---------------------------------------------------------------------------
// Compliance

#[test]
fn manual_next_working_day_across_the_adjusted_saturday() {
    // Sampled Friday 7 February 2025; the next working day is Saturday the 8th.
    let plan = one(Frequency::Daily);
    let rec = |id: &str, pub_at| {
        MonitoringRecord::value(id, "E1", "DW001", "COD", t(2025, 2, 7, 9, 0), dec("20"))
            .published_at(pub_at)
    };
    let day = Period::day(d(2025, 2, 7));
    let p = DisclosurePolicy::default();
    let asof = d(2025, 3, 1);
    let sunday = [rec("R1", t(2025, 2, 9, 8, 0))];
    let c = compliance(
        &plan,
        &sunday,
        day,
        &p,
        &HolidayCalendar::china_2025(),
        asof,
    )
    .unwrap();
    assert_eq!(c.slots[0].state, SlotState::Late);
    assert_eq!(c.slots[0].deadline.date(), d(2025, 2, 8));
    // Weekends only: the next working day is Monday the 10th.
    let c = compliance(&plan, &sunday, day, &p, &WeekendsOnly, asof).unwrap();
    assert_eq!(c.slots[0].state, SlotState::OnTime);
    // Sampled Monday 27 January: next working day Wednesday 5 February.
    let jan27 =
        [
            MonitoringRecord::value("R2", "E1", "DW001", "COD", t(2025, 1, 27, 9, 0), dec("20"))
                .published_at(t(2025, 2, 5, 23, 59)),
        ];
    let c = compliance(
        &plan,
        &jan27,
        Period::day(d(2025, 1, 27)),
        &p,
        &HolidayCalendar::china_2025(),
        asof,
    )
    .unwrap();
    assert_eq!(c.slots[0].state, SlotState::OnTime);
}

#[test]
fn automatic_within_policy_hours() {
    let plan = one(Frequency::HOURLY);
    let cal = WeekendsOnly;
    let records = [
        MonitoringRecord::value("A1", "E1", "DW001", "COD", t(2025, 2, 5, 10, 0), dec("40"))
            .published_at(t(2025, 2, 5, 12, 0)),
        MonitoringRecord::value("A2", "E1", "DW001", "COD", t(2025, 2, 5, 11, 0), dec("40"))
            .published_at(t(2025, 2, 5, 13, 1)),
    ];
    let day = Period::day(d(2025, 2, 5));
    let c = compliance(
        &plan,
        &records,
        day,
        &DisclosurePolicy::default(),
        &cal,
        d(2025, 2, 6),
    )
    .unwrap();
    assert_eq!(c.slots[10].state, SlotState::OnTime); // 10:00–11:00, due by 12:00
    assert_eq!(c.slots[11].state, SlotState::Late); // 11:00–12:00, due by 13:00
    // As of 6 February the 22:00 and 23:00 slots (due 00:00 and 01:00 on the 6th)
    // are still pending: their deadline's day is not before as_of.
    assert_eq!(
        (c.due, c.published, c.on_time, c.late, c.missing, c.pending),
        (24, 2, 1, 1, 20, 2)
    );
    let lenient = DisclosurePolicy::default().automatic_publish_hours(2);
    let c = compliance(&plan, &records, day, &lenient, &cal, d(2025, 2, 6)).unwrap();
    assert_eq!((c.on_time, c.late), (2, 0));
}

#[test]
fn weekly_compliance_month_with_pending_and_reasons() {
    let plan = one(Frequency::Weekly);
    let cal = HolidayCalendar::china_2025();
    let records = [
        // W06: value over the limit, published on time (Saturday 8 Feb is a working day).
        MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 2, 7, 9, 0), dec("75"))
            .published_at(t(2025, 2, 8, 10, 0)),
        // W07: a reason for not monitoring, published late.
        MonitoringRecord::not_monitored("R2", "E1", "DW001", "COD", t(2025, 2, 10, 0, 0), "停产")
            .published_at(t(2025, 2, 20, 10, 0)),
        // W08: entered, never published.
        MonitoringRecord::value("R3", "E1", "DW001", "COD", t(2025, 2, 18, 9, 0), dec("20")),
        // Another enterprise's record is skipped.
        MonitoringRecord::value("X1", "E2", "NOPE", "COD", t(2025, 2, 18, 9, 0), dec("20")),
    ];
    let feb = Period::month(2025, 2).unwrap();
    let p = DisclosurePolicy::default();
    // W09 (24 Feb – 2 Mar) without a record: due by the working day after Sunday 2
    // March, Monday 3 March.
    let c = compliance(&plan, &records, feb, &p, &cal, d(2025, 3, 3)).unwrap();
    let states: Vec<SlotState> = c.slots.iter().map(|s| s.state).collect();
    assert_eq!(
        states,
        [
            SlotState::OnTime,
            SlotState::Late,
            SlotState::Missing,
            SlotState::Pending
        ]
    );
    assert_eq!(
        (c.due, c.published, c.not_monitored, c.pending),
        (4, 2, 1, 1)
    );
    assert_eq!(c.rate(), Some(dec("0.5")));
    assert_eq!(c.on_time_rate(), Some(dec("0.25")));
    let c = compliance(&plan, &records, feb, &p, &cal, d(2025, 3, 4)).unwrap();
    assert_eq!((c.missing, c.pending), (2, 0));
    // The exceedance: 75 against 50 is 1.5 times the limit, 0.5 times over (超标倍数).
    assert_eq!(c.exceedances.len(), 1);
    let x = &c.exceedances[0];
    assert_eq!(
        (x.record_id.as_str(), x.ratio, x.multiple),
        ("R1", dec("1.5"), dec("0.5"))
    );
    // As of 7 February nothing was published yet: no exceedance exists.
    let c = compliance(&plan, &records, feb, &p, &cal, d(2025, 2, 7)).unwrap();
    assert!(c.exceedances.is_empty());
}

#[test]
fn bad_records_name_enterprise_and_record() {
    let plan = one(Frequency::Daily);
    let cal = WeekendsOnly;
    let p = DisclosurePolicy::default();
    let feb = Period::month(2025, 2).unwrap();
    let unknown = [MonitoringRecord::value(
        "R7",
        "E1",
        "DW009",
        "COD",
        t(2025, 2, 5, 9, 0),
        dec("1"),
    )];
    let e = compliance(&plan, &unknown, feb, &p, &cal, d(2025, 3, 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": fact \"R7\" (records): point \"DW009\" is not in the plan"
    );
    let dup = [
        MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 2, 5, 9, 0), dec("1")),
        MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 2, 6, 9, 0), dec("1")),
    ];
    let e = compliance(&plan, &dup, feb, &p, &cal, d(2025, 3, 1)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": fact \"R1\" (records): record id is used twice"
    );
    let early =
        [
            MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 2, 5, 9, 0), dec("1"))
                .published_at(t(2025, 2, 5, 8, 0)),
        ];
    assert!(compliance(&plan, &early, feb, &p, &cal, d(2025, 3, 1)).is_err());
}

// ---------------------------------------------------------------------------
// Rates, statistics and reports

#[test]
fn nothing_due_gives_no_rate() {
    assert_eq!(disclosure_rate(0, 0), None);
    assert_eq!(disclosure_rate(0, 5), Some(Decimal::ZERO));
    assert_eq!(disclosure_rate(5, 5), Some(Decimal::ONE));
    // A quarterly-only plan has nothing due in February.
    let plan = one(Frequency::Quarterly);
    let feb = Period::month(2025, 2).unwrap();
    let c = compliance(
        &plan,
        &[],
        feb,
        &DisclosurePolicy::default(),
        &WeekendsOnly,
        d(2025, 3, 20),
    )
    .unwrap();
    assert_eq!((c.due, c.rate(), c.on_time_rate()), (0, None, None));
    let ents = [MonitoredEnterprise::new("E1").region("R1").industry("C26")];
    let by = rates_by(Grouping::Region, &ents, std::slice::from_ref(&c)).unwrap();
    assert_eq!((by[0].key.as_str(), by[0].due, by[0].rate), ("R1", 0, None));
    let report = build_report(
        "月报",
        feb,
        d(2025, 3, 20),
        &ents,
        std::slice::from_ref(&c),
        &[],
    )
    .unwrap();
    assert_eq!(report.totals.rate, None);
    assert!(render_markdown(&report).contains("| 公开率 | n/a |"));
    // No finding for a rate that does not exist.
    assert!(
        disclosure_failures(&DisclosureRules::default(), &[c], &[])
            .unwrap()
            .is_empty()
    );
}

fn two_enterprises() -> (Vec<MonitoredEnterprise>, Vec<Compliance>) {
    let ents = vec![
        MonitoredEnterprise::new("E1")
            .name("Alpha")
            .region("330102")
            .industry("C26"),
        MonitoredEnterprise::new("E2")
            .name("Beta")
            .region("330102")
            .industry("D44"),
    ];
    let feb = Period::month(2025, 2).unwrap();
    let p = DisclosurePolicy::default();
    let cal = HolidayCalendar::china_2025();
    let plan1 = one(Frequency::Weekly);
    let mut plan2 = one(Frequency::Monthly);
    plan2.enterprise_id = "E2".to_owned();
    let records = [
        MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 2, 3, 9, 0), dec("10"))
            .published_at(t(2025, 2, 3, 18, 0)),
        MonitoringRecord::value("R2", "E1", "DW001", "COD", t(2025, 2, 10, 9, 0), dec("60"))
            .published_at(t(2025, 2, 10, 18, 0)),
        MonitoringRecord::value("R3", "E1", "DW001", "COD", t(2025, 2, 17, 9, 0), dec("10"))
            .published_at(t(2025, 2, 17, 18, 0)),
        MonitoringRecord::value("S1", "E2", "DW001", "COD", t(2025, 2, 3, 9, 0), dec("100"))
            .published_at(t(2025, 2, 4, 9, 0)),
    ];
    let asof = d(2025, 3, 10);
    let c1 = compliance(&plan1, &records, feb, &p, &cal, asof).unwrap();
    let c2 = compliance(&plan2, &records, feb, &p, &cal, asof).unwrap();
    (ents, vec![c1, c2])
}

#[test]
fn pooled_rates_by_region_industry_enterprise() {
    let (ents, cs) = two_enterprises();
    // E1: 3 of 4 weekly published; E2: 1 of 1 monthly (published 4 Feb, a holiday,
    // before the deadline 5 Feb).
    assert_eq!((cs[0].published, cs[0].missing), (3, 1));
    assert_eq!((cs[1].published, cs[1].on_time), (1, 1));
    let region = rates_by(Grouping::Region, &ents, &cs).unwrap();
    assert_eq!(region.len(), 1);
    // Pooled: 4 of 5 = 0.8, not the mean of 0.75 and 1.
    assert_eq!(
        (region[0].enterprises, region[0].rate),
        (2, Some(dec("0.8")))
    );
    let industry = rates_by(Grouping::Industry, &ents, &cs).unwrap();
    let keys: Vec<&str> = industry.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(keys, ["C26", "D44"]);
    assert_eq!(industry[0].rate, Some(dec("0.75")));
    let np = not_published(&ents, &cs).unwrap();
    assert_eq!(np.len(), 1);
    assert_eq!((np[0].enterprise_id.as_str(), np[0].missing), ("E1", 1));
    let stats = exceedance_stats(&cs);
    assert_eq!(stats.len(), 1);
    // 60 over 50 is 0.2 over; 100 over 50 is 1 over.
    assert_eq!(
        (stats[0].count, stats[0].enterprises, stats[0].max_multiple),
        (2, 2, dec("1"))
    );
    let e = rates_by(Grouping::Region, &ents[..1], &cs).unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E2\": `compliances[1]`: enterprise not in the enterprise list"
    );
}

#[test]
fn report_renders_and_round_trips() {
    let (ents, cs) = two_enterprises();
    let feb = Period::month(2025, 2).unwrap();
    let report = build_report(
        "2025年2月自行监测信息公开月报",
        feb,
        d(2025, 3, 10),
        &ents,
        &cs,
        &[],
    )
    .unwrap();
    let md = render_markdown(&report);
    assert!(md.starts_with("# 2025年2月自行监测信息公开月报\n"));
    assert!(md.contains("| 公开率 | 80.00% |"));
    assert!(md.contains("| E1 | Alpha | 4 | 3 | 3 | 0 | 1 | 1 | 75.00% |"));
    assert!(md.contains("- E1 Alpha: 1 条未公开 / 4 条应报"));
    assert!(md.contains("- COD: 2 次, 2 家企业, 最大超标倍数 1"));
    let text = render_text(&report);
    assert!(
        text.contains("exceedance: E2 DW001 COD 2025-02-03 09:00 100 mg/L (limit 50, x1 over)")
    );
    let json = serde_json::to_string(&report).unwrap();
    let back: DisclosureReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report);
    // Same input, same bytes.
    let again = build_report(
        "2025年2月自行监测信息公开月报",
        feb,
        d(2025, 3, 10),
        &ents,
        &cs,
        &[],
    )
    .unwrap();
    assert_eq!(serde_json::to_string(&again).unwrap(), json);
    // A user template.
    let tpl =
        Template::parse("{{period}}{{#by_enterprise}} {{key}}={{rate}}{{/by_enterprise}}").unwrap();
    assert_eq!(tpl.render(&report), "2025-02 E1=75.00% E2=100.00%");
    // A compliance of another period is refused.
    let jan = Period::month(2025, 1).unwrap();
    assert!(build_report("x", jan, d(2025, 3, 10), &ents, &cs, &[]).is_err());
}

// ---------------------------------------------------------------------------
// Public look-up

#[test]
fn lookup_by_keyword_region_distance_and_box() {
    let at = |la: &str, lo: &str| GeoPoint::new(dec(la), dec(lo));
    let ents = [
        MonitoredEnterprise::new("E1")
            .name("Riverside Chemical")
            .region("330102")
            .industry("C26")
            .location(at("30.00", "120.00")),
        MonitoredEnterprise::new("E2")
            .name("Hill Cement")
            .region("330105")
            .industry("C30")
            .location(at("30.01", "120.00")),
        MonitoredEnterprise::new("E3")
            .name("Far Power")
            .region("330106")
            .industry("D44")
            .location(at("31.00", "120.00")),
        MonitoredEnterprise::new("E4")
            .name("Nowhere Chemical")
            .region("330106")
            .industry("C26"),
    ];
    let asof = d(2025, 3, 1);
    let ids = |q: &Query| -> Vec<String> {
        lookup(&ents, &[], &[], q, asof)
            .into_iter()
            .map(|h| h.enterprise.id)
            .collect()
    };
    assert_eq!(ids(&Query::new().keyword("CHEMICAL")), ["E1", "E4"]);
    assert_eq!(
        ids(&Query::new().industry("C26").region("33010")),
        ["E1", "E4"]
    );
    assert_eq!(ids(&Query::new().region("330106")), ["E3", "E4"]);
    // 0.01° of latitude is 1112 m; 1° is 111195 m.
    assert_eq!(
        distance_m(at("30.00", "120.00"), at("30.01", "120.00")),
        1112
    );
    let near = lookup(
        &ents,
        &[],
        &[],
        &Query::new().near(at("30.02", "120.00"), 5_000),
        asof,
    );
    let got: Vec<(&str, Option<u64>)> = near
        .iter()
        .map(|h| (h.enterprise.id.as_str(), h.distance_m))
        .collect();
    assert_eq!(got, [("E2", Some(1112)), ("E1", Some(2224))]);
    let bbox = BoundingBox::new(at("29.5", "119.5"), at("30.005", "120.5")).unwrap();
    assert_eq!(ids(&Query::new().within(bbox)), ["E1"]);
}

#[test]
fn lookup_returns_latest_published_results() {
    let ents = [MonitoredEnterprise::new("E1").name("Alpha")];
    let plan = one(Frequency::Daily);
    let records = [
        MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 2, 3, 9, 0), dec("10"))
            .published_at(t(2025, 2, 3, 18, 0)),
        MonitoringRecord::value("R2", "E1", "DW001", "COD", t(2025, 2, 4, 9, 0), dec("60"))
            .published_at(t(2025, 2, 4, 18, 0)),
        // Newer but unpublished: not shown.
        MonitoringRecord::value("R3", "E1", "DW001", "COD", t(2025, 2, 5, 9, 0), dec("5")),
    ];
    let hits = lookup(
        &ents,
        std::slice::from_ref(&plan),
        &records,
        &Query::new(),
        d(2025, 3, 1),
    );
    let latest = &hits[0].latest;
    assert_eq!(latest.len(), 1);
    assert_eq!(
        (
            latest[0].record_id.as_str(),
            latest[0].exceeds,
            latest[0].limit
        ),
        ("R2", true, Some(dec("50")))
    );
    // As of 3 February only R1 exists.
    let hits = lookup(&ents, &[plan], &records, &Query::new(), d(2025, 2, 3));
    assert_eq!(hits[0].latest[0].record_id, "R1");
}

// ---------------------------------------------------------------------------
// Findings for grading

#[test]
fn failures_are_dated_and_ordered() {
    let (_, cs) = two_enterprises();
    let cal = HolidayCalendar::china_2025();
    let p = DisclosurePolicy::default();
    let jan = Period::month(2025, 1).unwrap();
    let feb = Period::month(2025, 2).unwrap();
    let mar = Period::month(2025, 3).unwrap();
    let filings = [ReportFiling::new(
        "F1",
        "E1",
        ReportKind::MonthlyEmission,
        jan,
        d(2025, 2, 14),
    )];
    let asof = d(2025, 4, 30);
    let checks: Vec<ReportCheck> = [jan, feb, mar]
        .into_iter()
        .map(|m| {
            check_report(
                &p,
                &cal,
                "E1",
                ReportKind::MonthlyEmission,
                m,
                &filings,
                asof,
            )
            .unwrap()
        })
        .collect();
    let rules = DisclosureRules::default().exceedances(1);
    let found = disclosure_failures(&rules, &cs[..1], &checks).unwrap();
    let summary: Vec<(NaiveDate, DisclosureFailureKind, Vec<String>)> = found
        .iter()
        .map(|f| (f.date, f.kind, f.evidence.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            // R2 (60 > 50) sampled 10 February.
            (
                d(2025, 2, 10),
                DisclosureFailureKind::RepeatedExceedance,
                vec!["R2".to_owned()]
            ),
            // January's report due 12 February, filed the 14th.
            (
                d(2025, 2, 14),
                DisclosureFailureKind::ReportLate,
                vec!["F1".to_owned()]
            ),
            // 3 of 4 = 75% < 90%; the unpublished W09 slot is the evidence.
            (
                d(2025, 2, 28),
                DisclosureFailureKind::LowDisclosureRate,
                vec!["E1/DW001/COD/2025-W09".to_owned()]
            ),
            // February's report due 11 March; missing from the 12th.
            (
                d(2025, 3, 12),
                DisclosureFailureKind::ReportMissing,
                vec!["E1/monthly_emission/2025-02".to_owned()]
            ),
            // March's report due 10 April (4–6 April Qingming).
            (
                d(2025, 4, 11),
                DisclosureFailureKind::ReportMissing,
                vec!["E1/monthly_emission/2025-03".to_owned()]
            ),
        ]
    );
    assert_eq!(
        found[2].detail,
        "2025-02: disclosure rate 75.00% (3 of 4 published) below 90.00%"
    );
    // Thresholds are data: from the 2nd missing report on; 2 exceedances needed.
    let strict = DisclosureRules::default()
        .missing_reports(2)
        .exceedances(2)
        .min_rate(dec("0.75"));
    let found = disclosure_failures(&strict, &cs[..1], &checks).unwrap();
    let kinds: Vec<DisclosureFailureKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(
        kinds,
        [
            DisclosureFailureKind::ReportLate,
            DisclosureFailureKind::ReportMissing
        ]
    );
    assert_eq!(found[1].date, d(2025, 4, 11));
    // Two enterprises at once is an error.
    let e = disclosure_failures(&rules, &cs, &[]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`enterprise_id`: results of two enterprises, \"E1\" and \"E2\""
    );
    let e = disclosure_failures(&DisclosureRules::default().min_rate(dec("1.5")), &[], &[])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
}

#[test]
fn synthetic_month_is_deterministic() {
    let a = synthetic_month(42, 5, 2025, 2).unwrap();
    let b = synthetic_month(42, 5, 2025, 2).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let c = synthetic_month(43, 5, 2025, 2).unwrap();
    assert_ne!(a.records, c.records);
    // Every plan is valid and every record answers its plan.
    for plan in &a.plans {
        let comp = compliance(
            plan,
            &a.records,
            a.period,
            &DisclosurePolicy::default(),
            &HolidayCalendar::china_2025(),
            d(2025, 3, 31),
        )
        .unwrap();
        // 336 (COD every 2 h) + 28 (daily) + 4 (weekly) + 1 (monthly) + 0 (quarterly).
        assert_eq!(comp.due, 369);
    }
}

#[test]
fn error_and_types_are_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<HolidayCalendar>();
    check::<DisclosureReport>();
    check::<Template>();
}

// ---------------------------------------------------------------------------
// Laws

proptest! {
    #[test]
    fn automatic_counts_are_days_times_slots(start in 0i64..3000, len in 0i64..100, idx in 0usize..8) {
        let hours = [1u32, 2, 3, 4, 6, 8, 12, 24][idx];
        let s = d(2023, 1, 1) + chrono::TimeDelta::days(start);
        let e = s + chrono::TimeDelta::days(len);
        let p = Period::new(s, e).unwrap();
        let n = count(Frequency::Hours(hours), p);
        prop_assert_eq!(n as u64, p.days() * u64::from(24 / hours));
    }

    #[test]
    fn slots_start_inside_the_period_and_partition_time(start in 0i64..3000, len in 0i64..400, idx in 2usize..8) {
        let s = d(2023, 1, 1) + chrono::TimeDelta::days(start);
        let p = Period::new(s, s + chrono::TimeDelta::days(len)).unwrap();
        let due = due_records(&one(ALL[idx]), p).unwrap();
        for w in due.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
        }
        for r in &due {
            prop_assert!(p.contains(r.start.date()));
            prop_assert!(r.start < r.end);
        }
        // Splitting a period in two splits its slots.
        if len > 0 {
            let mid = s + chrono::TimeDelta::days(len / 2);
            let a = Period::new(s, mid).unwrap();
            let b = Period::new(mid + chrono::TimeDelta::days(1), p.end()).unwrap();
            prop_assert_eq!(count(ALL[idx], a) + count(ALL[idx], b), due.len());
        }
    }

    #[test]
    fn nth_working_day_is_a_working_day(year in 2024i32..=2026, month in 1u32..=12, n in 1u32..=15) {
        let cal = HolidayCalendar::china();
        let day = nth_working_day_of_month(&cal, year, month, n).unwrap();
        prop_assert!(cal.is_working_day(day).unwrap());
        let first = d(year, month, 1);
        let before = (0..(day - first).num_days())
            .filter(|k| cal.is_working_day(first + chrono::TimeDelta::days(*k)).unwrap())
            .count();
        prop_assert_eq!(before as u32, n - 1);
    }
}

#[test]
fn policy_and_period_limits() {
    let p = DisclosurePolicy::default().manual_publish_working_days(400);
    let e = compliance(
        &one(Frequency::Daily),
        &[],
        Period::month(2025, 2).unwrap(),
        &p,
        &WeekendsOnly,
        d(2025, 3, 1),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy field `manual_publish_working_days`: 400 is more than 366"
    );
    let bad = DisclosurePolicy::default().annual_report(DeadlineRule::DayOfNextMonth {
        day: 0,
        roll_forward: false,
    });
    let e = report_deadline(
        &bad,
        &WeekendsOnly,
        ReportKind::AnnualSelfMonitoring,
        Period::year(2025).unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "policy field `annual_report`: day 0 is not 1..=31"
    );
    let long = Period::new(d(1900, 1, 1), d(2025, 1, 1)).unwrap();
    let e = due_records(&one(Frequency::Yearly), long).unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": `period`: period 1900-01-01..2025-01-01 is longer than 36525 days (100 years)"
    );
}

#[test]
fn last_representable_day_errors_instead_of_panicking() {
    let last = NaiveDate::MAX;
    assert!(due_records(&one(Frequency::HOURLY), Period::day(last)).is_err());
    assert!(due_records(&one(Frequency::Monthly), Period::day(last)).is_err());
    assert!(next_working_day(&WeekendsOnly, last).is_err());
}

#[test]
fn first_published_record_answers_the_slot_whatever_the_order() {
    let plan = one(Frequency::Weekly);
    let mut records = vec![
        // Entered first, never published.
        MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2025, 3, 3, 9, 0), dec("20")),
        // A second sample, published late.
        MonitoringRecord::value("R2", "E1", "DW001", "COD", t(2025, 3, 5, 9, 0), dec("20"))
            .published_at(t(2025, 3, 20, 9, 0)),
        // A third, published on time.
        MonitoringRecord::value("R3", "E1", "DW001", "COD", t(2025, 3, 6, 9, 0), dec("20"))
            .published_at(t(2025, 3, 7, 9, 0)),
    ];
    let week = Period::iso_week(2025, 10).unwrap();
    let p = DisclosurePolicy::default();
    let a = compliance(&plan, &records, week, &p, &WeekendsOnly, d(2025, 4, 1)).unwrap();
    // R3 (published 7 March) was published before R2 (20 March): R3 counts.
    assert_eq!(
        (a.slots[0].record_id.as_deref(), a.slots[0].state),
        (Some("R3"), SlotState::OnTime)
    );
    records.reverse();
    let b = compliance(&plan, &records, week, &p, &WeekendsOnly, d(2025, 4, 1)).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    // As of 6 March nothing is published yet; the first entered record is shown,
    // and the deadline counts from the week's last day, Sunday 9 March: pending
    // until Monday 10 March.
    let c = compliance(&plan, &records, week, &p, &WeekendsOnly, d(2025, 3, 6)).unwrap();
    assert_eq!(
        (c.slots[0].record_id.as_deref(), c.slots[0].state),
        (Some("R1"), SlotState::Pending)
    );
    assert_eq!(c.slots[0].deadline.date(), d(2025, 3, 10));
    // As of 11 March R3 (sampled Thursday 6 March, published Friday 7 March, the
    // next working day) is published and answers the slot on time.
    let c = compliance(&plan, &records, week, &p, &WeekendsOnly, d(2025, 3, 11)).unwrap();
    assert_eq!(
        (c.slots[0].record_id.as_deref(), c.slots[0].state),
        (Some("R3"), SlotState::OnTime)
    );
    assert_eq!(c.slots[0].deadline.date(), d(2025, 3, 7));
}

#[test]
fn a_deserialised_calendar_is_checked_like_a_new_one() {
    use creditgrade::disclosure::HolidayCalendar;
    let cal = HolidayCalendar::china_2025();
    let json = serde_json::to_string(&cal).unwrap();
    let back: HolidayCalendar = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cal);
    // 2025-02-03 is a Monday: not a weekend day, so not an adjusted working weekend.
    let bad = r#"{"name":"x","source":"y","years":[2025],"holidays":[],"working_weekends":["2025-02-03"]}"#;
    let err = serde_json::from_str::<HolidayCalendar>(bad).unwrap_err();
    assert!(err.to_string().contains("not a weekend day"), "{err}");
    let both = r#"{"years":[2025],"holidays":["2025-02-08"],"working_weekends":["2025-02-08"]}"#;
    let err = serde_json::from_str::<HolidayCalendar>(both).unwrap_err();
    assert!(err.to_string().contains("both as a holiday"), "{err}");
}

/// Regression (outside fuzzing run): `{"start":"2025-05-01","end":"2025-02-28"}`
/// deserialised into a period `Period::new` refuses; `label()` then panicked and
/// `due_records` emitted 12 records for the empty period. Reading it is now an
/// error; a period read from JSON behaves as one built with `Period::new`.
#[test]
fn a_reversed_period_is_refused_when_read() {
    let reversed = r#"{"start":"2025-05-01","end":"2025-02-28"}"#;
    let e = serde_json::from_str::<Period>(reversed).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`period`: period ends on 2025-02-28, before it starts on 2025-05-01"
    );
    let plan = MonitoringPlan::new("E1").point(
        MonitoringPoint::new("DW001", PointKind::WasteWater).pollutant(
            Pollutant::new("COD", Frequency::EVERY_TWO_HOURS).limit("50".parse().unwrap()),
        ),
    );
    let day: Period = serde_json::from_str(r#"{"start":"2025-02-28","end":"2025-02-28"}"#).unwrap();
    assert_eq!(day.label(), "2025-02-28");
    assert_eq!(due_records(&plan, day).unwrap().len(), 12);
    let month: Period =
        serde_json::from_str(r#"{"start":"2025-02-01","end":"2025-02-28"}"#).unwrap();
    assert_eq!(month.label(), "2025-02");
    assert_eq!(due_records(&plan, month).unwrap().len(), 28 * 12);
}

/// 国办发明电〔2023〕7号 (2024) and the notice of 2025-11-04 (2026), day by day
/// at the edges of each holiday.
#[test]
fn holiday_tables_2024_and_2026() {
    let cal = HolidayCalendar::china();
    let work = |y, m, day| cal.is_working_day(d(y, m, day)).unwrap();
    // 2024: Spring Festival 10–17 Feb, Sunday 4 and 18 Feb worked.
    assert!(work(2024, 2, 4) && !work(2024, 2, 10) && !work(2024, 2, 17) && work(2024, 2, 18));
    assert!(!work(2024, 6, 10) && work(2024, 6, 11));
    assert!(work(2024, 9, 14) && !work(2024, 9, 17) && work(2024, 9, 29) && work(2024, 10, 12));
    // 2026: New Year 1–3 Jan with Sunday 4 Jan worked; Spring Festival 15–23 Feb.
    assert!(!work(2026, 1, 1) && !work(2026, 1, 2) && !work(2026, 1, 3) && work(2026, 1, 4));
    assert!(work(2026, 2, 14) && !work(2026, 2, 15) && !work(2026, 2, 23) && work(2026, 2, 24));
    assert!(work(2026, 2, 28) && work(2026, 5, 9) && !work(2026, 6, 19) && !work(2026, 9, 25));
    assert!(work(2026, 9, 20) && !work(2026, 10, 7) && work(2026, 10, 10));
    assert_eq!(
        HolidayCalendar::china_2024().holidays().count(),
        1 + 8 + 3 + 5 + 1 + 3 + 7
    );
    assert_eq!(
        HolidayCalendar::china_2026().holidays().count(),
        3 + 9 + 3 + 5 + 3 + 3 + 7
    );
    assert_eq!(cal.years().collect::<Vec<_>>(), [2024, 2025, 2026]);
    // The 10th working day after 30 June 2026 (a Tuesday): no holiday in between.
    assert_eq!(
        add_working_days(&cal, d(2026, 6, 30), 10).unwrap(),
        d(2026, 7, 14)
    );
    // Across the 2025 Dragon Boat holiday (31 May – 2 June): the 3rd working day
    // after Friday 30 May is Thursday 5 June.
    assert_eq!(
        add_working_days(&cal, d(2025, 5, 30), 3).unwrap(),
        d(2025, 6, 5)
    );
}

#[test]
fn a_year_without_its_holiday_table_is_an_error_not_a_guess() {
    let cal = HolidayCalendar::china_2025();
    // 2026-01-01 is a holiday: a 2025-only calendar must not call it a working day.
    let e = cal.is_working_day(d(2026, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
    assert_eq!(e.subject(), Some("2026-01-01"));
    assert!(
        e.to_string()
            .contains("outside the years the calendar covers (2025)"),
        "{e}"
    );
    // A deadline that runs into the uncovered year fails the same way.
    let e = add_working_days(&cal, d(2025, 12, 30), 3).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
    // Weekends only, chosen explicitly, answers every year.
    assert!(WeekendsOnly.is_working_day(d(2026, 1, 1)).unwrap());
    // Merging covers both; overlapping years are refused.
    let both = HolidayCalendar::china_2025()
        .merge(HolidayCalendar::china_2026())
        .unwrap();
    assert!(!both.is_working_day(d(2026, 1, 1)).unwrap());
    assert!(
        HolidayCalendar::china_2025()
            .merge(HolidayCalendar::china())
            .is_err()
    );
    // A table must say which years it covers, and its dates must lie in them.
    assert!(
        serde_json::from_str::<HolidayCalendar>(r#"{"holidays":[],"working_weekends":[]}"#)
            .is_err()
    );
    let e = HolidayCalendar::new([2025], [d(2026, 1, 1)], []).unwrap_err();
    assert_eq!(e.field(), Some("holidays"));
}
