//! The national rules (docs/national.md): case tables per section, with every
//! boundary, and the laws as property tests.

use chrono::{Days, NaiveDate};
use creditgrade::ErrorKind;
use creditgrade::national::{
    Channel, Class, ClassCause, Decision, Dossier, Field, Fulfilment, Listed, Measure, MeasureKind,
    NationalRules, NdrcRules, NotPublished, Procedure, Publicity, RepairApplication, RepairFailure,
};
use creditgrade::timeline::{Governing, Version};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn rules() -> NationalRules {
    NationalRules::national_2026()
}

fn one(dossier: &Dossier, as_of: NaiveDate) -> Publicity {
    let v = rules().publicity(dossier, as_of).unwrap();
    v.into_iter().find(|p| p.fact == "P1").unwrap()
}

fn fine(n: i64) -> Measure {
    Measure::fine(n)
}

fn p(decided: NaiveDate) -> Decision {
    Decision::new("P1", decided, "art-1")
}

// ---------------------------------------------------------------------------
// §2 Publicity on the enterprise credit publicity system: periods.

#[test]
fn order45_periods_case_table() {
    let jan10 = d(2025, 1, 10);
    // (case, decision, expected: Err(reason) or Ok((from, months, until, extended)))
    #[allow(clippy::type_complexity)]
    let cases: Vec<(
        &str,
        Decision,
        Result<(NaiveDate, u32, NaiveDate, bool), NotPublished>,
    )> = vec![
        (
            "large fine: 3 years from the decision",
            p(jan10).with_measure(fine(50_000)),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "published later: from publication",
            p(jan10)
                .with_measure(fine(50_000))
                .with_published_on(d(2025, 1, 20)),
            Ok((d(2025, 1, 20), 36, d(2028, 1, 20), false)),
        ),
        (
            "warning only: never",
            p(jan10).with_measure(Measure::Warning),
            Err(NotPublished::WarningOnly),
        ),
        (
            "two warnings only: never",
            p(jan10)
                .with_measure(Measure::Warning)
                .with_measure(Measure::Warning),
            Err(NotPublished::WarningOnly),
        ),
        (
            "warning + low fine: 3 months",
            p(jan10)
                .with_measure(Measure::Warning)
                .with_measure(fine(2_000)),
            Ok((jan10, 3, d(2025, 4, 10), false)),
        ),
        (
            "criticism only: 3 months",
            p(jan10).with_measure(Measure::Criticism),
            Ok((jan10, 3, d(2025, 4, 10), false)),
        ),
        (
            "criticism + low fine: 3 months",
            p(jan10)
                .with_measure(Measure::Criticism)
                .with_measure(fine(500)),
            Ok((jan10, 3, d(2025, 4, 10), false)),
        ),
        (
            "fine of exactly the low amount: 3 months",
            p(jan10).with_measure(fine(10_000)),
            Ok((jan10, 3, d(2025, 4, 10), false)),
        ),
        (
            "fine just above: 3 years",
            p(jan10).with_measure(Measure::fine(rust_decimal::Decimal::new(1_000_001, 2))),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "several fines add up",
            p(jan10).with_measure(fine(6_000)).with_measure(fine(5_000)),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "fine without amount is not low",
            p(jan10).with_measure(Measure::Fine { amount: None }),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "low fine + confiscation: 3 years",
            p(jan10)
                .with_measure(fine(100))
                .with_measure(Measure::confiscation(100)),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "heavy flag does not change the period",
            p(jan10).with_measure(fine(100)).with_heavy(true),
            Ok((jan10, 3, d(2025, 4, 10), false)),
        ),
        (
            "simple procedure: never",
            p(jan10)
                .with_procedure(Procedure::Simple)
                .with_measure(fine(50_000)),
            Err(NotPublished::SimpleProcedure),
        ),
        (
            "unknown procedure: ordinary",
            p(jan10).with_measure(Measure::LicenceSuspended),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "no measures: no answer",
            p(jan10),
            Err(NotPublished::NoMeasures),
        ),
        (
            "month end clamps (3 months)",
            p(d(2025, 11, 30)).with_measure(Measure::Criticism),
            Ok((d(2025, 11, 30), 3, d(2026, 2, 28), false)),
        ),
        (
            "29 February clamps (3 years)",
            p(d(2024, 2, 29)).with_measure(Measure::Closure),
            Ok((d(2024, 2, 29), 36, d(2027, 2, 28), false)),
        ),
        (
            "restriction later than 3 months extends",
            p(jan10)
                .with_measure(Measure::Criticism)
                .with_restriction_until(d(2026, 1, 1)),
            Ok((jan10, 3, d(2026, 1, 1), true)),
        ),
        (
            "restriction later than 3 years extends",
            p(jan10)
                .with_measure(Measure::ProductionSuspended)
                .with_restriction_until(d(2029, 6, 1)),
            Ok((jan10, 36, d(2029, 6, 1), true)),
        ),
        (
            "restriction ending on the period's end does not",
            p(jan10)
                .with_measure(Measure::ProductionSuspended)
                .with_restriction_until(d(2028, 1, 10)),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
        (
            "restriction earlier does not",
            p(jan10)
                .with_measure(Measure::ProductionSuspended)
                .with_restriction_until(d(2025, 6, 1)),
            Ok((jan10, 36, d(2028, 1, 10), false)),
        ),
    ];
    for (case, decision, want) in cases {
        let got = one(&Dossier::new("E1").decision(decision), d(2026, 1, 1)).system;
        match want {
            Err(reason) => {
                assert_eq!(got.not_published, Some(reason), "{case}");
                assert_eq!(
                    (got.from, got.until, got.public),
                    (None, None, false),
                    "{case}"
                );
            }
            Ok((from, months, until, extended)) => {
                assert_eq!(got.not_published, None, "{case}");
                assert_eq!(got.from, Some(from), "{case}");
                assert_eq!(got.months, Some(months), "{case}");
                assert_eq!(got.until, Some(until), "{case}");
                assert_eq!(got.scheduled_until, Some(until), "{case}");
                assert_eq!(got.extended_by_restriction, extended, "{case}");
                assert_eq!(got.versions[0].name, "SAMR Order 45", "{case}");
            }
        }
    }
}

#[test]
fn order45_public_the_day_before_on_and_after_the_end() {
    let jan10 = d(2025, 1, 10);
    for (decision, end) in [
        (p(jan10).with_measure(Measure::Criticism), d(2025, 4, 10)),
        (p(jan10).with_measure(fine(50_000)), d(2028, 1, 10)),
    ] {
        let dossier = Dossier::new("E1").decision(decision);
        assert!(one(&dossier, jan10).system.public, "on the first day");
        assert!(one(&dossier, end.pred_opt().unwrap()).system.public);
        assert!(!one(&dossier, end).system.public);
        assert!(!one(&dossier, end.succ_opt().unwrap()).system.public);
    }
    // Not public before its publication date.
    let dossier = Dossier::new("E1").decision(
        p(jan10)
            .with_measure(fine(50_000))
            .with_published_on(d(2025, 2, 1)),
    );
    assert!(!one(&dossier, d(2025, 1, 31)).system.public);
    assert!(one(&dossier, d(2025, 2, 1)).system.public);
    // Before the decision date: no answer at all.
    assert!(
        rules()
            .publicity(&dossier, d(2025, 1, 9))
            .unwrap()
            .is_empty()
    );
}

// ---------------------------------------------------------------------------
// §2 and §8: credit repair on the publicity system.

fn sys_repair(on: NaiveDate) -> RepairApplication {
    RepairApplication::new("R1", "P1", on, Channel::PublicitySystem)
}

#[test]
fn order45_repair_case_table() {
    let jan10 = d(2025, 1, 10);
    let base = || p(jan10).with_measure(fine(50_000));
    let paid = || Fulfilment::new("P1", d(2025, 2, 1));
    let std = |dec: Decision| Dossier::new("E1").decision(dec).fulfilment(paid());
    let other =
        |id: &str, on: NaiveDate, art: &str| Decision::new(id, on, art).with_measure(fine(50_000));
    // (case, dossier, repair date, failed, earliest)
    #[allow(clippy::type_complexity)]
    let cases: Vec<(
        &str,
        Dossier,
        NaiveDate,
        Vec<RepairFailure>,
        Option<NaiveDate>,
    )> = vec![
        (
            "the day before 6 months",
            std(base()),
            d(2025, 7, 9),
            vec![RepairFailure::TooEarly {
                from: d(2025, 7, 10),
            }],
            Some(d(2025, 7, 10)),
        ),
        ("on 6 months", std(base()), d(2025, 7, 10), vec![], None),
        ("after 6 months", std(base()), d(2025, 7, 11), vec![], None),
        (
            "food: the day before 1 year",
            std(base().with_field(Field::Food)),
            d(2026, 1, 9),
            vec![RepairFailure::TooEarly {
                from: d(2026, 1, 10),
            }],
            Some(d(2026, 1, 10)),
        ),
        (
            "food: on 1 year",
            std(base().with_field(Field::Food)),
            d(2026, 1, 10),
            vec![],
            None,
        ),
        (
            "drugs wait 1 year",
            std(base().with_field(Field::Drugs)),
            d(2025, 7, 10),
            vec![RepairFailure::TooEarly {
                from: d(2026, 1, 10),
            }],
            Some(d(2026, 1, 10)),
        ),
        (
            "special equipment waits 1 year",
            std(base().with_field(Field::SpecialEquipment)),
            d(2025, 7, 10),
            vec![RepairFailure::TooEarly {
                from: d(2026, 1, 10),
            }],
            Some(d(2026, 1, 10)),
        ),
        (
            "wait counts from publication",
            std(base().with_published_on(d(2025, 1, 31))),
            d(2025, 7, 30),
            vec![RepairFailure::TooEarly {
                from: d(2025, 7, 31),
            }],
            Some(d(2025, 7, 31)),
        ),
        (
            "unfulfilled: no known end",
            Dossier::new("E1").decision(base()),
            d(2025, 8, 1),
            vec![RepairFailure::Unfulfilled],
            None,
        ),
        (
            "fulfilled after the repair date",
            Dossier::new("E1")
                .decision(base())
                .fulfilment(Fulfilment::new("P1", d(2025, 8, 2))),
            d(2025, 8, 1),
            vec![RepairFailure::Unfulfilled],
            None,
        ),
        (
            "too early and unfulfilled: both, no date",
            Dossier::new("E1").decision(base()),
            d(2025, 3, 1),
            vec![
                RepairFailure::TooEarly {
                    from: d(2025, 7, 10),
                },
                RepairFailure::Unfulfilled,
            ],
            None,
        ),
        (
            "licence revoked: never early",
            std(base().with_measure(Measure::LicenceRevoked)),
            d(2025, 8, 1),
            vec![RepairFailure::NeverEarly {
                measures: vec![MeasureKind::LicenceRevoked],
            }],
            None,
        ),
        (
            "qualification lowered: never early",
            std(base().with_measure(Measure::QualificationLowered)),
            d(2025, 8, 1),
            vec![RepairFailure::NeverEarly {
                measures: vec![MeasureKind::QualificationLowered],
            }],
            None,
        ),
        (
            "closure is not on the never-early list",
            std(base().with_measure(Measure::Closure)),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "licence suspended is not either",
            std(base().with_measure(Measure::LicenceSuspended)),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "a later same-article penalty",
            std(base()).decision(other("P2", d(2025, 3, 1), "art-1")),
            d(2025, 8, 1),
            vec![RepairFailure::LaterPenalty {
                facts: vec!["P2".into()],
            }],
            None,
        ),
        (
            "a later penalty under another article",
            std(base()).decision(other("P2", d(2025, 3, 1), "art-2")),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "a same-article penalty on the decision day",
            std(base()).decision(other("P2", jan10, "art-1")),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "a same-article penalty on the repair day counts",
            std(base()).decision(other("P2", d(2025, 8, 1), "art-1")),
            d(2025, 8, 1),
            vec![RepairFailure::LaterPenalty {
                facts: vec!["P2".into()],
            }],
            None,
        ),
        (
            "a same-article penalty after the repair day",
            std(base()).decision(other("P2", d(2025, 8, 2), "art-1")),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "on the abnormal list with a known end",
            std(base()).abnormal(Listed::from(d(2025, 5, 1)).until(d(2025, 9, 1))),
            d(2025, 8, 1),
            vec![RepairFailure::AbnormalList {
                until: Some(d(2025, 9, 1)),
            }],
            Some(d(2025, 9, 1)),
        ),
        (
            "abnormal list: the interval's end day is off",
            std(base()).abnormal(Listed::from(d(2025, 5, 1)).until(d(2025, 8, 1))),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "on the abnormal list, open",
            std(base()).abnormal(Listed::from(d(2025, 5, 1))),
            d(2025, 8, 1),
            vec![RepairFailure::AbnormalList { until: None }],
            None,
        ),
        (
            "listed after the repair date: not read",
            std(base()).abnormal(Listed::from(d(2025, 8, 2))),
            d(2025, 8, 1),
            vec![],
            None,
        ),
        (
            "on the serious list",
            std(base()).serious(Listed::from(d(2025, 5, 1)).until(d(2025, 10, 1))),
            d(2025, 8, 1),
            vec![RepairFailure::SeriousList {
                until: Some(d(2025, 10, 1)),
            }],
            Some(d(2025, 10, 1)),
        ),
        (
            "too early and listed: the later date",
            std(base()).abnormal(Listed::from(d(2025, 5, 1)).until(d(2025, 9, 1))),
            d(2025, 6, 1),
            vec![
                RepairFailure::TooEarly {
                    from: d(2025, 7, 10),
                },
                RepairFailure::AbnormalList {
                    until: Some(d(2025, 9, 1)),
                },
            ],
            Some(d(2025, 9, 1)),
        ),
        (
            "earliest beyond the end: none",
            std(base()).abnormal(Listed::from(d(2025, 5, 1)).until(d(2029, 1, 1))),
            d(2025, 8, 1),
            vec![RepairFailure::AbnormalList {
                until: Some(d(2029, 1, 1)),
            }],
            None,
        ),
        (
            "3-month decision: reason alone",
            Dossier::new("E1").decision(p(jan10).with_measure(fine(2_000))),
            d(2025, 2, 1),
            vec![RepairFailure::ShortPeriod],
            None,
        ),
        (
            "3-month decision after its end: short, alone",
            Dossier::new("E1").decision(p(jan10).with_measure(fine(2_000))),
            d(2025, 5, 1),
            vec![RepairFailure::ShortPeriod],
            None,
        ),
        (
            "3-month decision extended by a restriction: still short",
            Dossier::new("E1").decision(
                p(jan10)
                    .with_measure(Measure::Criticism)
                    .with_restriction_until(d(2027, 1, 1)),
            ),
            d(2026, 1, 1),
            vec![RepairFailure::ShortPeriod],
            None,
        ),
        (
            "warning only: reason alone",
            Dossier::new("E1").decision(p(jan10).with_measure(Measure::Warning)),
            d(2025, 8, 1),
            vec![RepairFailure::NotPublished {
                reason: NotPublished::WarningOnly,
            }],
            None,
        ),
        (
            "simple procedure: reason alone",
            Dossier::new("E1").decision(base().with_procedure(Procedure::Simple)),
            d(2025, 8, 1),
            vec![RepairFailure::NotPublished {
                reason: NotPublished::SimpleProcedure,
            }],
            None,
        ),
        (
            "no measures: reason alone",
            Dossier::new("E1").decision(p(jan10)),
            d(2025, 8, 1),
            vec![RepairFailure::NotPublished {
                reason: NotPublished::NoMeasures,
            }],
            None,
        ),
        (
            "ended: reason alone",
            Dossier::new("E1").decision(base()),
            d(2028, 1, 10),
            vec![RepairFailure::Ended {
                until: d(2028, 1, 10),
            }],
            None,
        ),
        (
            "the day before the end",
            std(base()),
            d(2028, 1, 9),
            vec![],
            None,
        ),
        (
            "before publication: reason alone",
            Dossier::new("E1").decision(base().with_published_on(d(2025, 3, 1))),
            d(2025, 2, 1),
            vec![RepairFailure::NotYetPublic {
                from: d(2025, 3, 1),
            }],
            None,
        ),
    ];
    for (case, dossier, on, failed, earliest) in cases {
        let dossier = dossier.repair(sys_repair(on));
        let got = one(&dossier, d(2030, 1, 1)).system;
        let r = &got.repairs[0];
        assert_eq!(r.failed, failed, "{case}");
        assert_eq!(r.accepted, failed.is_empty(), "{case}");
        assert_eq!(r.earliest, earliest, "{case}");
        if r.accepted {
            assert_eq!(got.until, Some(on), "{case}");
            assert_eq!(got.stopped_by.as_deref(), Some("R1"), "{case}");
        } else {
            assert_eq!(got.until, got.scheduled_until, "{case}");
        }
        // A failed repair's earliest date, when given, succeeds with the same facts.
        if let Some(e) = earliest {
            let retry = dossier.repair(RepairApplication::new(
                "R2",
                "P1",
                e,
                Channel::PublicitySystem,
            ));
            let got = one(&retry, d(2030, 1, 1)).system;
            assert!(got.repairs[1].accepted, "{case}: retry on {e}");
        }
    }
}

#[test]
fn a_stopped_decision_rejects_later_repairs_and_leaves_the_other_channel() {
    let dossier = Dossier::new("E1")
        .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
        .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
        .repair(sys_repair(d(2025, 7, 10)))
        .repair(RepairApplication::new(
            "R0",
            "P1",
            d(2025, 8, 1),
            Channel::PublicitySystem,
        ));
    let got = one(&dossier, d(2025, 9, 1));
    assert!(got.system.repairs[0].accepted);
    assert_eq!(
        got.system.repairs[1].failed,
        vec![RepairFailure::AlreadyStopped { on: d(2025, 7, 10) }]
    );
    assert!(!got.system.public);
    // After the scheduled end, a repair of a stopped decision reads "ended".
    let late = dossier.clone().repair(RepairApplication::new(
        "R9",
        "P1",
        d(2028, 2, 1),
        Channel::PublicitySystem,
    ));
    assert_eq!(
        one(&late, d(2028, 3, 1)).system.repairs[2].failed,
        vec![RepairFailure::Ended {
            until: d(2028, 1, 10)
        }]
    );
    // As of the day before the repair: still public; the repair is not read.
    let before = one(&dossier, d(2025, 7, 9));
    assert!(before.system.public && before.system.repairs.is_empty());
    // 信用中国 is another channel: still public there.
    assert!(got.credit_china.public);
    assert!(got.credit_china.repairs.is_empty());
}

// ---------------------------------------------------------------------------
// §3 信用中国: classes, periods and versions.

#[test]
fn credit_china_case_table() {
    // (case, decision, as of, version, class, repairable_from, until, published)
    let mar31 = d(2026, 3, 31);
    let apr1 = d(2026, 4, 1);
    #[allow(clippy::type_complexity)]
    let cases: Vec<(&str, Decision, &str, Class, NaiveDate, NaiveDate, bool)> = vec![
        (
            "large fine on 2026-03-31: Order 58, 一般",
            p(mar31).with_measure(fine(50_000)),
            "NDRC Order 58",
            Class::General,
            d(2026, 6, 30),
            d(2027, 3, 31),
            true,
        ),
        (
            "large fine on 2026-04-01: Order 36, 一般",
            p(apr1).with_measure(fine(50_000)),
            "NDRC Order 36",
            Class::General,
            d(2026, 7, 1),
            d(2027, 4, 1),
            true,
        ),
        (
            "warning + low fine on 2026-03-31: 轻微 counts as 一般",
            p(mar31)
                .with_measure(Measure::Warning)
                .with_measure(fine(2_000)),
            "NDRC Order 58",
            Class::General,
            d(2026, 6, 30),
            d(2027, 3, 31),
            true,
        ),
        (
            "warning + low fine on 2026-04-01: 轻微, not published",
            p(apr1)
                .with_measure(Measure::Warning)
                .with_measure(fine(2_000)),
            "NDRC Order 36",
            Class::Minor,
            apr1,
            d(2026, 7, 1),
            false,
        ),
        (
            "warning only: 轻微",
            p(apr1).with_measure(Measure::Warning),
            "NDRC Order 36",
            Class::Minor,
            apr1,
            d(2026, 7, 1),
            false,
        ),
        (
            "simple procedure: 轻微",
            p(apr1)
                .with_procedure(Procedure::Simple)
                .with_measure(fine(200)),
            "NDRC Order 36",
            Class::Minor,
            apr1,
            d(2026, 7, 1),
            false,
        ),
        (
            "simple procedure raised by a measure",
            p(apr1)
                .with_procedure(Procedure::Simple)
                .with_measure(Measure::LicenceRevoked),
            "NDRC Order 36",
            Class::Serious,
            d(2027, 4, 1),
            d(2029, 4, 1),
            true,
        ),
        (
            "fine without amount: 一般",
            p(apr1).with_measure(Measure::Fine { amount: None }),
            "NDRC Order 36",
            Class::General,
            d(2026, 7, 1),
            d(2027, 4, 1),
            true,
        ),
        (
            "confiscation: 一般",
            p(apr1).with_measure(Measure::confiscation(10)),
            "NDRC Order 36",
            Class::General,
            d(2026, 7, 1),
            d(2027, 4, 1),
            true,
        ),
        (
            "licence suspended: 一般",
            p(apr1).with_measure(Measure::LicenceSuspended),
            "NDRC Order 36",
            Class::General,
            d(2026, 7, 1),
            d(2027, 4, 1),
            true,
        ),
        (
            "qualification lowered: 一般",
            p(apr1).with_measure(Measure::QualificationLowered),
            "NDRC Order 36",
            Class::General,
            d(2026, 7, 1),
            d(2027, 4, 1),
            true,
        ),
        (
            "closure: 严重",
            p(apr1).with_measure(Measure::Closure),
            "NDRC Order 36",
            Class::Serious,
            d(2027, 4, 1),
            d(2029, 4, 1),
            true,
        ),
        (
            "practice banned: 严重 under 58",
            p(mar31).with_measure(Measure::PracticeBanned),
            "NDRC Order 58",
            Class::Serious,
            d(2027, 3, 31),
            d(2029, 3, 31),
            true,
        ),
        (
            "month end: 2025-11-30 + 3 months",
            p(d(2025, 11, 30)).with_measure(fine(50_000)),
            "NDRC Order 58",
            Class::General,
            d(2026, 2, 28),
            d(2026, 11, 30),
            true,
        ),
    ];
    for (case, decision, version, class, from, until, published) in cases {
        let got = one(&Dossier::new("E1").decision(decision), d(2026, 5, 1)).credit_china;
        assert_eq!(got.versions[0].name, version, "{case}");
        assert_eq!(got.versions.len(), 1, "{case}");
        assert_eq!(got.class, Some(class), "{case}");
        assert_eq!(got.repairable_from, Some(from), "{case}");
        assert_eq!(got.until, Some(until), "{case}");
        assert_eq!(got.published, published, "{case}");
        assert_eq!(got.public, published, "{case}");
    }
}

#[test]
fn credit_china_names_what_set_the_class() {
    let got = one(
        &Dossier::new("E1").decision(
            p(d(2026, 4, 1))
                .with_measure(Measure::Warning)
                .with_measure(fine(20_000))
                .with_measure(Measure::LicenceSuspended),
        ),
        d(2026, 5, 1),
    )
    .credit_china;
    assert_eq!(
        got.set_by,
        vec![
            ClassCause::Fine,
            ClassCause::Measure {
                measure: MeasureKind::LicenceSuspended
            }
        ]
    );
    let got = one(
        &Dossier::new("E1").decision(p(d(2026, 3, 1)).with_measure(Measure::Criticism)),
        d(2026, 5, 1),
    )
    .credit_china;
    assert_eq!(
        got.set_by,
        vec![
            ClassCause::Measure {
                measure: MeasureKind::Criticism
            },
            ClassCause::MinorCountsAsGeneral
        ]
    );
    // No measures: no class, no answer.
    let got = one(
        &Dossier::new("E1").decision(p(d(2026, 3, 1))),
        d(2026, 5, 1),
    )
    .credit_china;
    assert_eq!((got.class, got.until, got.public), (None, None, false));
}

#[test]
fn a_serious_listing_for_the_decision_makes_it_serious_from_its_date() {
    let dossier = Dossier::new("E1")
        .decision(p(d(2026, 4, 1)).with_measure(fine(50_000)).with_heavy(true))
        .serious(Listed::from(d(2026, 6, 1)).basis("P1"));
    let before = one(&dossier, d(2026, 5, 31)).credit_china;
    assert_eq!(before.class, Some(Class::General));
    let after = one(&dossier, d(2026, 6, 1)).credit_china;
    assert_eq!(after.class, Some(Class::Serious));
    assert_eq!(after.until, Some(d(2029, 4, 1)));
    assert!(after.set_by.contains(&ClassCause::SeriousListing {
        from: d(2026, 6, 1)
    }));
    // A repair judged with the class at its date: 一般 on 2026-07-01, 严重 later.
    let repaired = |on| {
        let dossier =
            dossier
                .clone()
                .repair(RepairApplication::new("R1", "P1", on, Channel::CreditChina));
        one(&dossier, d(2026, 12, 1)).credit_china.repairs[0].clone()
    };
    assert_eq!(
        repaired(d(2026, 5, 30)).failed,
        vec![RepairFailure::TooEarly {
            from: d(2026, 7, 1)
        }]
    );
    let late = repaired(d(2026, 7, 1));
    assert_eq!(
        late.failed,
        vec![RepairFailure::TooEarly {
            from: d(2027, 4, 1)
        }]
    );
    assert_eq!(late.earliest, Some(d(2027, 4, 1)));
    // A listing citing a decision the enterprise does not have is an input error.
    let bad = Dossier::new("E1")
        .decision(p(d(2026, 4, 1)).with_measure(fine(50_000)))
        .serious(Listed::from(d(2026, 6, 1)).basis("P9"));
    let e = rules().publicity(&bad, d(2026, 7, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownDecision);
    assert_eq!(e.enterprise(), Some("E1"));
    assert_eq!(e.field(), Some("listings.serious[0].basis"));
}

#[test]
fn credit_china_repair_case_table() {
    let apr1 = d(2026, 4, 1);
    let general = || p(apr1).with_measure(fine(50_000));
    let minor = || {
        p(apr1)
            .with_measure(Measure::Warning)
            .with_measure(fine(2_000))
    };
    let cc = |on| RepairApplication::new("R1", "P1", on, Channel::CreditChina);
    #[allow(clippy::type_complexity)]
    let cases: Vec<(
        &str,
        Dossier,
        NaiveDate,
        Vec<RepairFailure>,
        Option<NaiveDate>,
    )> = vec![
        (
            "一般: the day before 3 months",
            Dossier::new("E1").decision(general()),
            d(2026, 6, 30),
            vec![RepairFailure::TooEarly {
                from: d(2026, 7, 1),
            }],
            Some(d(2026, 7, 1)),
        ),
        (
            "一般: on 3 months, no fulfilment needed",
            Dossier::new("E1").decision(general()),
            d(2026, 7, 1),
            vec![],
            None,
        ),
        (
            "一般: the day before 1 year",
            Dossier::new("E1").decision(general()),
            d(2027, 3, 31),
            vec![],
            None,
        ),
        (
            "一般: on 1 year, ended",
            Dossier::new("E1").decision(general()),
            d(2027, 4, 1),
            vec![RepairFailure::Ended {
                until: d(2027, 4, 1),
            }],
            None,
        ),
        (
            "轻微 (Order 36): unfulfilled",
            Dossier::new("E1").decision(minor()),
            apr1,
            vec![RepairFailure::Unfulfilled],
            None,
        ),
        (
            "轻微 (Order 36): fulfilled, at once",
            Dossier::new("E1")
                .decision(minor())
                .fulfilment(Fulfilment::new("P1", apr1)),
            apr1,
            vec![],
            None,
        ),
        (
            "轻微 (Order 36): after 3 months, ended",
            Dossier::new("E1")
                .decision(minor())
                .fulfilment(Fulfilment::new("P1", apr1)),
            d(2026, 7, 1),
            vec![RepairFailure::Ended {
                until: d(2026, 7, 1),
            }],
            None,
        ),
        (
            "严重: the day before 1 year",
            Dossier::new("E1").decision(p(apr1).with_measure(Measure::Closure)),
            d(2027, 3, 31),
            vec![RepairFailure::TooEarly {
                from: d(2027, 4, 1),
            }],
            Some(d(2027, 4, 1)),
        ),
        (
            "严重: on 1 year",
            Dossier::new("E1").decision(p(apr1).with_measure(Measure::Closure)),
            d(2027, 4, 1),
            vec![],
            None,
        ),
        (
            "严重: the day before 3 years",
            Dossier::new("E1").decision(p(apr1).with_measure(Measure::Closure)),
            d(2029, 3, 31),
            vec![],
            None,
        ),
        (
            "严重: on 3 years, ended",
            Dossier::new("E1").decision(p(apr1).with_measure(Measure::Closure)),
            d(2029, 4, 1),
            vec![RepairFailure::Ended {
                until: d(2029, 4, 1),
            }],
            None,
        ),
    ];
    for (case, dossier, on, failed, earliest) in cases {
        let got = one(&dossier.repair(cc(on)), d(2030, 1, 1)).credit_china;
        let r = &got.repairs[0];
        assert_eq!(r.failed, failed, "{case}");
        assert_eq!(r.accepted, failed.is_empty(), "{case}");
        assert_eq!(r.earliest, earliest, "{case}");
        if r.accepted {
            assert_eq!(got.until, Some(on), "{case}");
        }
    }
}

#[test]
fn the_governing_version_is_a_policy_choice() {
    let jan5 = d(2026, 1, 5);
    let minor = Dossier::new("E1").decision(
        p(jan5)
            .with_measure(Measure::Warning)
            .with_measure(fine(2_000)),
    );
    let as_of = d(2026, 5, 1);
    let by = |g: Governing, dossier: &Dossier| {
        rules().with_governing(g).publicity(dossier, as_of).unwrap()[0]
            .credit_china
            .clone()
    };
    let old = by(Governing::DecisionDate, &minor);
    assert_eq!(
        (old.versions[0].name.as_str(), old.class),
        ("NDRC Order 58", Some(Class::General))
    );
    assert_eq!(old.until, Some(d(2027, 1, 5)));
    assert!(old.public);
    let new = by(Governing::AssessmentDate, &minor);
    assert_eq!(
        (new.versions[0].name.as_str(), new.class),
        ("NDRC Order 36", Some(Class::Minor))
    );
    assert_eq!(new.until, Some(d(2026, 4, 5)));
    assert!(!new.public);
    let lighter = by(Governing::Lighter, &minor);
    assert_eq!(lighter.versions[0].name, "NDRC Order 36");
    assert_eq!(lighter.versions[1].name, "NDRC Order 58");
    assert_eq!(lighter.class, Some(Class::Minor));
    // Equal weight under both: the decision date's version, both named.
    let general = Dossier::new("E1").decision(p(jan5).with_measure(fine(50_000)));
    let lighter = by(Governing::Lighter, &general);
    let names: Vec<_> = lighter.versions.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["NDRC Order 58", "NDRC Order 36"]);
    // Fingerprints are named and distinct.
    assert!(lighter.versions[0].fingerprint.starts_with("sha256:"));
    assert_ne!(
        lighter.versions[0].fingerprint,
        lighter.versions[1].fingerprint
    );
}

#[test]
fn a_day_before_the_first_version_is_an_error() {
    // Order 45 from 2021-09-01.
    let dossier = Dossier::new("E1").decision(p(d(2021, 8, 31)).with_measure(fine(50_000)));
    let e = rules().publicity(&dossier, d(2025, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
    assert_eq!(e.enterprise(), Some("E1"));
    assert_eq!(e.fact(), Some("P1"));
    // NDRC Order 58 from 2023-05-01.
    let dossier = Dossier::new("E1").decision(p(d(2023, 4, 30)).with_measure(fine(50_000)));
    let e = rules().publicity(&dossier, d(2025, 1, 1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
    assert!(e.to_string().contains("NDRC Order 58"), "{e}");
    let dossier = Dossier::new("E1").decision(p(d(2023, 5, 1)).with_measure(fine(50_000)));
    assert!(rules().publicity(&dossier, d(2025, 1, 1)).is_ok());
}

// ---------------------------------------------------------------------------
// Input errors (§8).

#[test]
fn input_errors_name_the_enterprise_and_the_fact() {
    let base = || Dossier::new("E1").decision(p(d(2025, 1, 10)).with_measure(fine(50_000)));
    let cases: Vec<(&str, Dossier, ErrorKind, Option<&str>)> = vec![
        (
            "fulfilment of an unknown decision",
            base().fulfilment(Fulfilment::new("P9", d(2025, 2, 1))),
            ErrorKind::UnknownDecision,
            Some("P9"),
        ),
        (
            "fulfilment before the decision",
            base().fulfilment(Fulfilment::new("P1", d(2025, 1, 9))),
            ErrorKind::UnknownDecision,
            Some("P1"),
        ),
        (
            "repair of an unknown decision",
            base().repair(RepairApplication::new(
                "R1",
                "P9",
                d(2025, 8, 1),
                Channel::CreditChina,
            )),
            ErrorKind::UnknownDecision,
            Some("R1"),
        ),
        (
            "two decisions with one id",
            base().decision(p(d(2025, 2, 1)).with_measure(Measure::Warning)),
            ErrorKind::DuplicateFactId,
            Some("P1"),
        ),
        (
            "a negative fine",
            Dossier::new("E1").decision(p(d(2025, 1, 10)).with_measure(fine(-5))),
            ErrorKind::InvalidInput,
            Some("P1"),
        ),
        (
            "an interval ending before it starts",
            base().abnormal(Listed::from(d(2025, 5, 1)).until(d(2025, 5, 1))),
            ErrorKind::InvalidInput,
            None,
        ),
    ];
    for (case, dossier, kind, fact) in cases {
        let e = rules().publicity(&dossier, d(2026, 1, 1)).unwrap_err();
        assert_eq!(e.kind(), kind, "{case}");
        assert_eq!(e.enterprise(), Some("E1"), "{case}");
        assert_eq!(e.fact(), fact, "{case}");
    }
    let e = rules()
        .publicity(
            &base().fulfilment(Fulfilment::new("P9", d(2025, 2, 1))),
            d(2026, 1, 1),
        )
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"E1\": fact \"P9\": a fulfilment targets \"P9\", which is not a decision of the enterprise"
    );
}

// ---------------------------------------------------------------------------
// Rules as data.

#[test]
fn rules_round_trip_through_serde_and_refuse_unknown_fields() {
    let r = rules();
    let json = serde_json::to_string(&r).unwrap();
    let back: NationalRules = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    assert_eq!(back.fingerprint(), r.fingerprint());
    let bad = json.replacen("\"governing\"", "\"governance\"", 1);
    assert!(serde_json::from_str::<NationalRules>(&bad).is_err());
    let bad = json.replacen("\"long_months\":36", "\"long_months\":36,\"x\":1", 1);
    assert!(serde_json::from_str::<NationalRules>(&bad).is_err());
    // Editing a number without its fingerprint: refused.
    let bad = json.replacen("\"long_months\":36", "\"long_months\":24", 1);
    assert!(serde_json::from_str::<NationalRules>(&bad).is_err());
}

#[test]
fn validation_names_the_versioned_field() {
    let mut r = rules();
    let mut v58 = NdrcRules::ndrc_order_58();
    v58.general.min_months = 13;
    r.credit_china = creditgrade::timeline::Timeline::new(vec![Version::fingerprinted(
        "bad",
        d(2023, 5, 1),
        v58,
    )])
    .unwrap();
    let e = r.validate().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
    assert_eq!(
        e.field(),
        Some("credit_china.versions[0].rules.general.min_months")
    );
    assert!(rules().validate().is_ok());
}

// ---------------------------------------------------------------------------
// The laws.

const IDS: [&str; 5] = ["P0", "P1", "P2", "P3", "P4"];

fn day(n: u32) -> NaiveDate {
    d(2023, 6, 1)
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap()
}

fn arb_measure() -> impl Strategy<Value = Measure> {
    prop_oneof![
        Just(Measure::Warning),
        Just(Measure::Criticism),
        (0_i64..30_000).prop_map(Measure::fine),
        Just(Measure::Fine { amount: None }),
        (0_i64..30_000).prop_map(Measure::confiscation),
        Just(Measure::LicenceSuspended),
        Just(Measure::QualificationLowered),
        Just(Measure::LicenceRevoked),
        Just(Measure::BusinessLicenceRevoked),
        Just(Measure::BusinessRestricted),
        Just(Measure::ProductionSuspended),
        Just(Measure::Closure),
        Just(Measure::PracticeBanned),
    ]
}

fn arb_decision(id: &'static str) -> impl Strategy<Value = Decision> {
    (
        0_u32..1400,
        0_u8..3,
        proptest::option::of(prop_oneof![
            Just(Procedure::Simple),
            Just(Procedure::Ordinary)
        ]),
        proptest::collection::vec(arb_measure(), 0..4),
        proptest::option::of(1_u32..1500),
        prop_oneof![
            Just(Field::Food),
            Just(Field::Drugs),
            Just(Field::SpecialEquipment),
            Just(Field::Other)
        ],
        proptest::option::of(0_u32..30),
        any::<bool>(),
    )
        .prop_map(
            move |(on, art, proc, measures, restr, field, publ, heavy)| {
                let mut dec = Decision::new(id, day(on), format!("art-{art}"))
                    .with_field(field)
                    .with_heavy(heavy);
                if let Some(pr) = proc {
                    dec = dec.with_procedure(pr);
                }
                for m in measures {
                    dec = dec.with_measure(m);
                }
                if let Some(r) = restr {
                    dec = dec.with_restriction_until(day(on + r));
                }
                if let Some(x) = publ {
                    dec = dec.with_published_on(day(on + x));
                }
                dec
            },
        )
}

/// A dossier whose fulfilments, repairs and listings point at its decisions and
/// follow them.
fn arb_dossier() -> impl Strategy<Value = Dossier> {
    (
        1_usize..5,
        proptest::collection::vec(arb_decision("X"), 5),
        proptest::collection::vec((0_usize..5, 0_u32..400), 0..5),
        proptest::collection::vec((0_usize..5, 0_u32..1200, any::<bool>()), 0..6),
        proptest::collection::vec((0_u32..1500, proptest::option::of(1_u32..600)), 0..3),
        proptest::collection::vec(
            (0_usize..5, 0_u32..600, proptest::option::of(1_u32..1200)),
            0..2,
        ),
    )
        .prop_map(|(n, decisions, fulfil, repairs, abnormal, serious)| {
            let decisions: Vec<Decision> = decisions
                .into_iter()
                .take(n)
                .enumerate()
                .map(|(i, x)| {
                    let mut y = Decision::new(IDS[i], x.decided_on(), x.article())
                        .with_field(x.field())
                        .with_heavy(x.heavy());
                    if let Some(pr) = x.procedure() {
                        y = y.with_procedure(pr);
                    }
                    for m in x.measures() {
                        y = y.with_measure(*m);
                    }
                    if let Some(r) = x.restriction_until() {
                        y = y.with_restriction_until(r);
                    }
                    if let Some(pb) = x.published_on() {
                        y = y.with_published_on(pb);
                    }
                    y
                })
                .collect();
            let on = |i: usize, after: u32| {
                decisions[i % n]
                    .decided_on()
                    .checked_add_days(Days::new(u64::from(after)))
                    .unwrap()
            };
            let mut dossier = Dossier::new("E1");
            for (i, after) in fulfil {
                dossier = dossier.fulfilment(Fulfilment::new(IDS[i % n], on(i, after)));
            }
            for (k, (i, after, cc)) in repairs.into_iter().enumerate() {
                let channel = if cc {
                    Channel::CreditChina
                } else {
                    Channel::PublicitySystem
                };
                dossier = dossier.repair(RepairApplication::new(
                    format!("R{k}"),
                    IDS[i % n],
                    on(i, after),
                    channel,
                ));
            }
            for (from, len) in abnormal {
                let mut l = Listed::from(day(from));
                if let Some(len) = len {
                    l = l.until(day(from + len));
                }
                dossier = dossier.abnormal(l);
            }
            for (i, after, len) in serious {
                let from = on(i, after);
                let mut l = Listed::from(from).basis(IDS[i % n]);
                if let Some(len) = len {
                    l = l.until(from.checked_add_days(Days::new(u64::from(len))).unwrap());
                }
                dossier = dossier.serious(l);
            }
            for dec in decisions {
                dossier = dossier.decision(dec);
            }
            dossier
        })
}

/// The same dossier with its facts in reverse order.
fn reversed(x: &Dossier) -> Dossier {
    let mut out = Dossier::new(x.enterprise());
    for dec in x.decisions().iter().rev() {
        out = out.decision(dec.clone());
    }
    for f in x.fulfilments().iter().rev() {
        out = out.fulfilment(f.clone());
    }
    for r in x.repairs().iter().rev() {
        out = out.repair(r.clone());
    }
    for l in x.listings().abnormal.iter().rev() {
        out = out.abnormal(l.clone());
    }
    for l in x.listings().serious.iter().rev() {
        out = out.serious(l.clone());
    }
    out
}

/// The same dossier without repair applications.
fn without_repairs(x: &Dossier) -> Dossier {
    let mut out = Dossier::new(x.enterprise());
    for dec in x.decisions() {
        out = out.decision(dec.clone());
    }
    for f in x.fulfilments() {
        out = out.fulfilment(f.clone());
    }
    for l in &x.listings().abnormal {
        out = out.abnormal(l.clone());
    }
    for l in &x.listings().serious {
        out = out.serious(l.clone());
    }
    out
}

fn arb_governing() -> impl Strategy<Value = Governing> {
    prop_oneof![
        Just(Governing::DecisionDate),
        Just(Governing::AssessmentDate),
        Just(Governing::Lighter),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Input order changes nothing.
    #[test]
    fn input_order_changes_nothing(x in arb_dossier(), t in 0_u32..2000, g in arb_governing()) {
        let r = rules().with_governing(g);
        prop_assert_eq!(r.publicity(&x, day(t)), r.publicity(&reversed(&x), day(t)));
        prop_assert_eq!(r.standing(&x, day(t)), r.standing(&reversed(&x), day(t)));
    }

    /// A repair never lengthens publicity, on either channel.
    #[test]
    fn a_repair_never_lengthens_publicity(x in arb_dossier(), t in 0_u32..2000, g in arb_governing()) {
        let r = rules().with_governing(g);
        let with = r.publicity(&x, day(t));
        let without = r.publicity(&without_repairs(&x), day(t));
        if let (Ok(with), Ok(without)) = (with, without) {
            for (a, b) in with.iter().zip(&without) {
                prop_assert!(a.system.until <= b.system.until);
                prop_assert!(!a.system.public || b.system.public);
                prop_assert!(a.credit_china.until <= b.credit_china.until);
                prop_assert!(!a.credit_china.public || b.credit_china.public);
                prop_assert_eq!(a.system.scheduled_until, b.system.scheduled_until);
            }
        }
    }

    /// Facts dated after the as-of date change nothing.
    #[test]
    fn facts_after_the_date_change_nothing(
        x in arb_dossier(),
        t in 0_u32..1500,
        later in arb_decision("Q9"),
        g in arb_governing(),
    ) {
        let r = rules().with_governing(g);
        let as_of = day(t);
        let before = r.publicity(&x, as_of);
        let after_day = as_of.succ_opt().unwrap();
        let target = x.decisions()[0].fact().to_owned();
        let on_or_after = |dt: NaiveDate| dt.max(after_day);
        let mut y = x.clone()
            .fulfilment(Fulfilment::new(target.clone(), on_or_after(x.decisions()[0].decided_on())))
            .repair(RepairApplication::new("RZ", target.clone(), after_day, Channel::PublicitySystem))
            .repair(RepairApplication::new("RY", target.clone(), after_day, Channel::CreditChina))
            .abnormal(Listed::from(after_day))
            .serious(Listed::from(after_day).basis(target));
        // A later decision, dated after the as-of date.
        let shift = u64::try_from((after_day - later.decided_on()).num_days().max(0)).unwrap();
        let mut q = Decision::new("Q9", later.decided_on().checked_add_days(Days::new(shift)).unwrap(), later.article());
        for m in later.measures() {
            q = q.with_measure(*m);
        }
        y = y.decision(q);
        prop_assert_eq!(before, r.publicity(&y, as_of));
    }

    /// A later version never changes an answer about a day before it took effect.
    #[test]
    fn a_later_version_never_changes_the_past(
        x in arb_dossier(),
        t in 0_u32..2000,
        gap in 1_u64..800,
        g in arb_governing(),
        general_max in 1_u32..60,
    ) {
        let r = rules().with_governing(g);
        let as_of = day(t);
        let mut r2 = r.clone();
        let mut v = NdrcRules::ndrc_order_36();
        v.general.max_months = general_max;
        v.general.min_months = general_max.min(v.general.min_months);
        v.minor = None;
        let eff = as_of.checked_add_days(Days::new(gap)).unwrap().max(d(2026, 4, 2));
        r2.credit_china.push(Version::fingerprinted("later", eff, v)).unwrap();
        let mut o = r2.order45.versions()[0].rules().clone();
        o.long_months = 12;
        r2.order45.push(Version::fingerprinted("later", eff, o)).unwrap();
        prop_assert_eq!(r.publicity(&x, as_of), r2.publicity(&x, as_of));
    }

    /// No panic on arbitrary input: an answer or a typed error.
    #[test]
    fn no_panic_on_arbitrary_input(
        decisions in proptest::collection::vec(
            (
                0_usize..4,
                -800_000_i32..800_000,
                proptest::collection::vec(
                    prop_oneof![
                        arb_measure(),
                        any::<i64>().prop_map(|n| Measure::fine(rust_decimal::Decimal::new(n, 2))),
                    ],
                    0..3,
                ),
                proptest::option::of(-800_000_i32..800_000),
                proptest::option::of(-800_000_i32..800_000),
            ),
            0..4,
        ),
        repairs in proptest::collection::vec((0_usize..4, -800_000_i32..800_000, any::<bool>()), 0..4),
        fulfil in proptest::collection::vec((0_usize..4, -800_000_i32..800_000), 0..3),
        lists in proptest::collection::vec((-800_000_i32..800_000, proptest::option::of(-800_000_i32..800_000), proptest::option::of(0_usize..4)), 0..3),
        t in -800_000_i32..800_000,
        g in arb_governing(),
    ) {
        let at = |n: i32| NaiveDate::from_num_days_from_ce_opt(739_000 + n).unwrap_or(NaiveDate::MAX);
        let mut x = Dossier::new("E");
        for (i, on, measures, restr, publ) in decisions {
            let mut dec = Decision::new(IDS[i], at(on), "a");
            for m in measures {
                dec = dec.with_measure(m);
            }
            if let Some(r) = restr {
                dec = dec.with_restriction_until(at(r));
            }
            if let Some(p) = publ {
                dec = dec.with_published_on(at(p));
            }
            x = x.decision(dec);
        }
        for (k, (i, on, cc)) in repairs.into_iter().enumerate() {
            let ch = if cc { Channel::CreditChina } else { Channel::PublicitySystem };
            x = x.repair(RepairApplication::new(format!("R{k}"), IDS[i], at(on), ch));
        }
        for (i, on) in fulfil {
            x = x.fulfilment(Fulfilment::new(IDS[i], at(on)));
        }
        for (k, (from, until, basis)) in lists.into_iter().enumerate() {
            let mut l = Listed::from(at(from));
            if let Some(u) = until {
                l = l.until(at(u));
            }
            if let Some(b) = basis {
                l = l.basis(IDS[b]);
            }
            x = if k % 2 == 0 { x.abnormal(l) } else { x.serious(l) };
        }
        let _ = rules().with_governing(g).publicity(&x, at(t));
    }
}

// ---------------------------------------------------------------------------
// §4 The list of abnormal operations.

mod abnormal {
    use super::*;
    use creditgrade::disclosure::{HolidayCalendar, WeekendsOnly};
    use creditgrade::national::{
        AbnormalListing, AbnormalRecord, AbnormalRemoval, AbnormalRules, AbnormalState, Cure, Exit,
        Ground, ReportFiled,
    };

    fn state(record: &AbnormalRecord, derived: bool, as_of: NaiveDate) -> AbnormalState {
        record
            .state(
                &AbnormalRules::national().derived(derived),
                &HolidayCalendar::china(),
                as_of,
            )
            .unwrap()
    }

    fn all_reports(record: AbnormalRecord, years: std::ops::Range<i32>) -> AbnormalRecord {
        years.fold(record, |r, y| r.report(ReportFiled::new(y, d(y + 1, 5, 1))))
    }

    #[test]
    fn recorded_listings_and_removals_are_the_truth() {
        let record = AbnormalRecord::new("E1", d(2023, 1, 1))
            .listing(AbnormalListing::new(
                "L1",
                Ground::Unreachable,
                d(2024, 3, 1),
            ))
            .removal(AbnormalRemoval::new("L1", d(2024, 9, 1)));
        for derived in [false, true] {
            assert!(!state(&record, derived, d(2024, 2, 29)).on_list);
            let s = state(&record, derived, d(2024, 3, 1));
            assert!(s.on_list);
            assert_eq!(s.listed_since, Some(d(2024, 3, 1)));
            let s = state(&record, derived, d(2024, 8, 31));
            assert!(s.on_list);
            assert_eq!(s.entries[0].until, None, "the removal is after the date");
            let s = state(&record, derived, d(2024, 9, 1));
            assert!(!s.on_list);
            assert_eq!(s.entries[0].until, Some(d(2024, 9, 1)));
            assert_eq!(s.entries[0].exit, Some(Exit::Removal));
            assert_eq!(s.entries[0].escalation_on, None);
        }
    }

    #[test]
    fn cures_close_entries_only_in_derived_mode() {
        let record = AbnormalRecord::new("E1", d(2023, 1, 1))
            .listing(AbnormalListing::new(
                "L1",
                Ground::NotPublished,
                d(2024, 3, 1),
            ))
            .cure(Cure::new(Ground::NotPublished, d(2024, 2, 1))) // before: not a cure
            .cure(Cure::new(Ground::FalseInformation, d(2024, 4, 1))) // another ground
            .cure(Cure::new(Ground::NotPublished, d(2024, 5, 1)));
        let s = state(&record, false, d(2024, 6, 1));
        assert_eq!(s.entries[0].cured_on, Some(d(2024, 5, 1)));
        assert!(s.on_list, "a cure is not a removal");
        assert_eq!(
            s.entries[0].escalation_on, None,
            "cured before the anniversary"
        );
        let s = state(&record, true, d(2024, 6, 1));
        assert!(!s.on_list);
        assert_eq!(s.entries[0].until, Some(d(2024, 5, 1)));
        assert_eq!(s.entries[0].exit, Some(Exit::Cured));
        assert!(state(&record, true, d(2024, 4, 30)).on_list);
    }

    #[test]
    fn ground_one_is_cured_when_every_due_report_is_filed() {
        let record = AbnormalRecord::new("E1", d(2021, 1, 10))
            .report(ReportFiled::new(2021, d(2022, 5, 1)))
            .listing(AbnormalListing::new(
                "L1",
                Ground::AnnualReport { year: 2022 },
                d(2023, 7, 10),
            ))
            // 2022 filed after the 2023 deadline: the 2023 report is also due.
            .report(ReportFiled::new(2022, d(2024, 8, 1)))
            .report(ReportFiled::new(2023, d(2024, 9, 1)));
        let s = state(&record, true, d(2024, 8, 15));
        assert_eq!(s.entries[0].cured_on, None);
        assert!(s.on_list);
        let s = state(&record, true, d(2024, 9, 1));
        assert_eq!(s.entries[0].cured_on, Some(d(2024, 9, 1)));
        assert!(!s.on_list);
        // Filed before the next deadline: cured on the filing day.
        let quick = AbnormalRecord::new("E1", d(2021, 1, 10))
            .report(ReportFiled::new(2021, d(2022, 5, 1)))
            .listing(AbnormalListing::new(
                "L1",
                Ground::AnnualReport { year: 2022 },
                d(2023, 7, 10),
            ))
            .report(ReportFiled::new(2022, d(2023, 8, 1)));
        assert_eq!(
            state(&quick, true, d(2023, 9, 1)).entries[0].cured_on,
            Some(d(2023, 8, 1))
        );
    }

    #[test]
    fn several_grounds_leave_when_every_entry_is_closed() {
        let record = AbnormalRecord::new("E1", d(2020, 1, 1))
            .listing(AbnormalListing::new(
                "L1",
                Ground::Unreachable,
                d(2024, 3, 1),
            ))
            .listing(AbnormalListing::new(
                "L2",
                Ground::FalseInformation,
                d(2024, 4, 1),
            ))
            .removal(AbnormalRemoval::new("L1", d(2024, 5, 1)))
            .removal(AbnormalRemoval::new("L2", d(2024, 7, 1)));
        let s = state(&record, false, d(2024, 6, 1));
        assert!(s.on_list);
        assert_eq!(s.listed_since, Some(d(2024, 4, 1)));
        assert!(!state(&record, false, d(2024, 7, 1)).on_list);
        let intervals = state(&record, false, d(2024, 7, 1)).intervals();
        assert_eq!(intervals.len(), 2);
        assert!(intervals[0].holds_on(d(2024, 4, 30)));
        assert!(!intervals[0].holds_on(d(2024, 5, 1)));
    }

    #[test]
    fn escalation_on_the_third_anniversary_with_notice_60_days_before() {
        let listed = AbnormalRecord::new("E1", d(2020, 1, 1)).listing(AbnormalListing::new(
            "L1",
            Ground::Unreachable,
            d(2023, 2, 1),
        ));
        let s = state(&listed, false, d(2025, 1, 1));
        assert_eq!(s.entries[0].escalation_on, Some(d(2026, 2, 1)));
        assert_eq!(s.entries[0].notice_on, Some(d(2025, 12, 3)));
        // Cured on the anniversary: not due. Cured the day after: it was due.
        let on = listed
            .clone()
            .cure(Cure::new(Ground::Unreachable, d(2026, 2, 1)));
        assert_eq!(
            state(&on, false, d(2026, 3, 1)).entries[0].escalation_on,
            None
        );
        let after = listed.cure(Cure::new(Ground::Unreachable, d(2026, 2, 2)));
        assert_eq!(
            state(&after, false, d(2026, 3, 1)).entries[0].escalation_on,
            Some(d(2026, 2, 1))
        );
        // Month-end clamping: listed on 29 February.
        let leap = AbnormalRecord::new("E1", d(2020, 1, 1)).listing(AbnormalListing::new(
            "L1",
            Ground::Unreachable,
            d(2024, 2, 29),
        ));
        let s = state(&leap, false, d(2025, 1, 1));
        assert_eq!(s.entries[0].escalation_on, Some(d(2027, 2, 28)));
        assert_eq!(s.entries[0].notice_on, Some(d(2026, 12, 30)));
    }

    #[test]
    fn the_worklist_of_missing_reports() {
        let record = all_reports(AbnormalRecord::new("E1", d(2022, 5, 1)), 2022..2024);
        // The 2024 report is missing.
        assert!(state(&record, true, d(2025, 6, 30)).worklist.is_empty());
        let s = state(&record, true, d(2025, 7, 1));
        assert_eq!(s.worklist.len(), 1);
        let w = s.worklist[0];
        assert_eq!(
            (w.year, w.listable_from, w.list_by),
            (2024, d(2025, 7, 1), d(2025, 7, 14))
        );
        assert!(!w.overdue);
        assert!(!state(&record, true, d(2025, 7, 14)).worklist[0].overdue);
        assert!(state(&record, true, d(2025, 7, 15)).worklist[0].overdue);
        // Off by default; the worklist never lists anyone.
        assert!(state(&record, false, d(2025, 7, 15)).worklist.is_empty());
        assert!(!state(&record, true, d(2025, 7, 15)).on_list);
        // Filed late, or listed: no longer on the worklist.
        let late = record.clone().report(ReportFiled::new(2024, d(2025, 7, 5)));
        assert!(state(&late, true, d(2025, 7, 10)).worklist.is_empty());
        assert_eq!(state(&late, true, d(2025, 7, 4)).worklist.len(), 1);
        let listed = record.clone().listing(AbnormalListing::new(
            "L1",
            Ground::AnnualReport { year: 2024 },
            d(2025, 7, 8),
        ));
        assert!(state(&listed, true, d(2025, 7, 10)).worklist.is_empty());
        // 2026 and 2024 deadlines.
        let r26 = all_reports(AbnormalRecord::new("E1", d(2023, 5, 1)), 2023..2025);
        assert_eq!(
            state(&r26, true, d(2026, 7, 1)).worklist[0].list_by,
            d(2026, 7, 14)
        );
        let r24 = AbnormalRecord::new("E1", d(2023, 5, 1));
        assert_eq!(
            state(&r24, true, d(2024, 7, 1)).worklist[0].list_by,
            d(2024, 7, 12)
        );
        // A deadline in a year without a holiday table is an error, unless the
        // caller chose weekends only.
        let old = AbnormalRecord::new("E1", d(2021, 5, 1));
        let e = old
            .state(
                &AbnormalRules::national().derived(true),
                &HolidayCalendar::china(),
                d(2024, 7, 1),
            )
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
        assert_eq!(e.enterprise(), Some("E1"));
        let s = old
            .state(
                &AbnormalRules::national().derived(true),
                &WeekendsOnly,
                d(2024, 7, 1),
            )
            .unwrap();
        assert_eq!(s.worklist.len(), 3);
    }

    #[test]
    fn list_intervals_feed_the_repair_conditions() {
        let record = AbnormalRecord::new("E1", d(2020, 1, 1))
            .listing(AbnormalListing::new(
                "L1",
                Ground::Unreachable,
                d(2025, 5, 1),
            ))
            .removal(AbnormalRemoval::new("L1", d(2025, 9, 1)));
        let mut dossier = Dossier::new("E1")
            .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
            .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
            .repair(sys_repair(d(2025, 8, 1)));
        for l in state(&record, false, d(2025, 8, 1)).intervals() {
            dossier = dossier.abnormal(l);
        }
        let r = &one(&dossier, d(2025, 8, 1)).system.repairs[0];
        assert_eq!(r.failed, vec![RepairFailure::AbnormalList { until: None }]);
    }

    #[test]
    fn input_errors() {
        let base = || AbnormalRecord::new("E1", d(2020, 1, 1));
        let cases: Vec<(&str, AbnormalRecord, ErrorKind)> = vec![
            (
                "removal of an unknown listing",
                base().removal(AbnormalRemoval::new("L9", d(2024, 1, 1))),
                ErrorKind::UnknownDecision,
            ),
            (
                "removal on the listing day",
                base()
                    .listing(AbnormalListing::new(
                        "L1",
                        Ground::Unreachable,
                        d(2024, 1, 1),
                    ))
                    .removal(AbnormalRemoval::new("L1", d(2024, 1, 1))),
                ErrorKind::UnknownDecision,
            ),
            (
                "two listings with one id",
                base()
                    .listing(AbnormalListing::new(
                        "L1",
                        Ground::Unreachable,
                        d(2024, 1, 1),
                    ))
                    .listing(AbnormalListing::new(
                        "L1",
                        Ground::NotPublished,
                        d(2024, 2, 1),
                    )),
                ErrorKind::DuplicateFactId,
            ),
            (
                "a cure of ground 1",
                base().cure(Cure::new(
                    Ground::AnnualReport { year: 2021 },
                    d(2024, 1, 1),
                )),
                ErrorKind::InvalidInput,
            ),
            (
                "a listing before registration",
                base().listing(AbnormalListing::new(
                    "L1",
                    Ground::Unreachable,
                    d(2019, 1, 1),
                )),
                ErrorKind::InvalidInput,
            ),
            (
                "a report before the registration year",
                base().report(ReportFiled::new(2019, d(2020, 5, 1))),
                ErrorKind::InvalidInput,
            ),
        ];
        for (case, record, kind) in cases {
            let e = record
                .state(
                    &AbnormalRules::national(),
                    &HolidayCalendar::china(),
                    d(2025, 1, 1),
                )
                .unwrap_err();
            assert_eq!(e.kind(), kind, "{case}");
            assert_eq!(e.enterprise(), Some("E1"), "{case}");
        }
    }

    fn arb_record() -> impl Strategy<Value = AbnormalRecord> {
        let ground = prop_oneof![
            (2023_i32..2026).prop_map(|year| Ground::AnnualReport { year }),
            Just(Ground::NotPublished),
            Just(Ground::FalseInformation),
            Just(Ground::Unreachable),
        ];
        let cure_ground = prop_oneof![
            Just(Ground::NotPublished),
            Just(Ground::FalseInformation),
            Just(Ground::Unreachable),
        ];
        (
            proptest::collection::vec((ground, 0_u32..900), 0..4),
            proptest::collection::vec((0_usize..4, 1_u32..600), 0..3),
            proptest::collection::vec((cure_ground, 0_u32..1200), 0..3),
            proptest::collection::vec((2023_i32..2026, 0_u32..1200), 0..4),
        )
            .prop_map(|(listings, removals, cures, reports)| {
                let start = d(2023, 1, 1);
                let at = |n: u32| start.checked_add_days(Days::new(u64::from(n))).unwrap();
                let mut r = AbnormalRecord::new("E1", start);
                let mut ons = Vec::new();
                for (i, (g, on)) in listings.iter().enumerate() {
                    r = r.listing(AbnormalListing::new(format!("L{i}"), *g, at(*on)));
                    ons.push(*on);
                }
                if !ons.is_empty() {
                    for (i, after) in removals {
                        let i = i % ons.len();
                        r = r.removal(AbnormalRemoval::new(format!("L{i}"), at(ons[i] + after)));
                    }
                }
                for (g, on) in cures {
                    r = r.cure(Cure::new(g, at(on)));
                }
                for (y, on) in reports {
                    r = r.report(ReportFiled::new(y, at(on)));
                }
                r
            })
    }

    proptest! {
        /// No panic on arbitrary input: a state or a typed error.
        #[test]
        fn abnormal_no_panic(
            reg in -800_000_i32..800_000,
            listings in proptest::collection::vec((0_usize..3, -800_000_i32..800_000, any::<i32>()), 0..4),
            removals in proptest::collection::vec((0_usize..4, -800_000_i32..800_000), 0..3),
            reports in proptest::collection::vec((any::<i32>(), -800_000_i32..800_000), 0..3),
            t in -800_000_i32..800_000,
            derived in any::<bool>(),
            weekends in any::<bool>(),
        ) {
            let at = |n: i32| NaiveDate::from_num_days_from_ce_opt(739_000 + n).unwrap_or(NaiveDate::MAX);
            let mut r = AbnormalRecord::new("E", at(reg));
            for (k, (g, on, year)) in listings.into_iter().enumerate() {
                let ground = match g {
                    0 => Ground::AnnualReport { year },
                    1 => Ground::Unreachable,
                    _ => Ground::NotPublished,
                };
                r = r.listing(AbnormalListing::new(format!("L{k}"), ground, at(on)));
            }
            for (i, on) in removals {
                r = r.removal(AbnormalRemoval::new(format!("L{i}"), at(on)));
            }
            for (year, on) in reports {
                r = r.report(ReportFiled::new(year, at(on)));
            }
            let rules = AbnormalRules::national().derived(derived);
            let _ = if weekends {
                r.state(&rules, &WeekendsOnly, at(t))
            } else {
                r.state(&rules, &HolidayCalendar::china(), at(t))
            };
        }

        /// Facts after the date change nothing; the worklist only covers what is due.
        #[test]
        fn abnormal_state_ignores_later_facts(
            record in arb_record(),
            t in 0_u32..1300,
            derived in any::<bool>(),
        ) {
            let as_of = d(2023, 1, 1).checked_add_days(Days::new(u64::from(t))).unwrap();
            let later = as_of.succ_opt().unwrap();
            let rules = AbnormalRules::national().derived(derived);
            let cal = HolidayCalendar::china();
            let before = record.state(&rules, &cal, as_of);
            let more = record
                .clone()
                .listing(AbnormalListing::new("LZ", Ground::Unreachable, later))
                .removal(AbnormalRemoval::new("LZ", later.succ_opt().unwrap()))
                .cure(Cure::new(Ground::Unreachable, later))
                .report(ReportFiled::new(2024, later));
            prop_assert_eq!(&before, &more.state(&rules, &cal, as_of));
            if let Ok(s) = before {
                for w in &s.worklist {
                    prop_assert!(w.listable_from <= as_of);
                }
                prop_assert_eq!(s.on_list, s.entries.iter().any(|e| e.until.is_none()));
            }
        }
    }
}

#[test]
fn types_are_send_sync_and_answers_serialise() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<NationalRules>();
    send_sync::<Dossier>();
    send_sync::<Publicity>();
    send_sync::<creditgrade::national::AbnormalState>();
    send_sync::<creditgrade::timeline::Timeline<NdrcRules>>();
    let dossier = Dossier::new("E1")
        .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
        .repair(sys_repair(d(2025, 3, 1)));
    let answer = rules().publicity(&dossier, d(2025, 4, 1)).unwrap();
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(
        json[0]["system"]["repairs"][0]["failed"][0]["code"],
        "too_early"
    );
    assert_eq!(json[0]["credit_china"]["class"], "general");
    assert_eq!(
        json[0]["credit_china"]["versions"][0]["name"],
        "NDRC Order 58"
    );
    let back: Vec<Publicity> = serde_json::from_value(json).unwrap();
    assert_eq!(back, answer);
    // A dossier reads from JSON, strictly.
    let dossier: Dossier = serde_json::from_str(
        r#"{"enterprise":"E1","decisions":[{"fact":"P1","decided_on":"2025-01-10","article":"a","measures":[{"kind":"fine","amount":"50000"}]}],"listings":{"abnormal":[{"from":"2025-05-01"}]}}"#,
    )
    .unwrap();
    assert_eq!(dossier.decisions()[0].fines_total(), Some(50_000.into()));
    assert!(serde_json::from_str::<Dossier>(r#"{"enterprise":"E1","extra":[]}"#).is_err());
}

#[test]
fn order45_repairable_from_case_table() {
    let jan31 = d(2025, 1, 31);
    let published = |x: Decision| x.with_published_on(jan31);
    // (case, decision, expected repairable_from)
    let cases: Vec<(&str, Decision, Option<NaiveDate>)> = vec![
        (
            "3-year period: 6 months from publication, clamped to the month's end",
            published(p(d(2025, 1, 20)).with_measure(fine(50_000))),
            Some(d(2025, 7, 31)),
        ),
        (
            "food: 1 year from publication",
            published(
                p(d(2025, 1, 20))
                    .with_measure(fine(50_000))
                    .with_field(Field::Food),
            ),
            Some(d(2026, 1, 31)),
        ),
        (
            "no publication date: from the decision date",
            p(d(2024, 8, 31)).with_measure(fine(50_000)),
            Some(d(2025, 2, 28)),
        ),
        (
            "3-month period: no repair stops it early",
            published(p(d(2025, 1, 20)).with_measure(fine(1_000))),
            None,
        ),
        (
            "never-early measure",
            published(
                p(d(2025, 1, 20))
                    .with_measure(fine(50_000))
                    .with_measure(Measure::LicenceRevoked),
            ),
            None,
        ),
        (
            "not published (warning only)",
            p(d(2025, 1, 20)).with_measure(Measure::Warning),
            None,
        ),
    ];
    for (case, decision, want) in cases {
        let got = one(&Dossier::new("E1").decision(decision), d(2025, 3, 1));
        assert_eq!(got.system.repairable_from, want, "{case}");
    }
}
