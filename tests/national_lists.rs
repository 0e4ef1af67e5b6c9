//! The serious list, the lists as the library derives them, and their effects on
//! grading and supervision (docs/national.md): case tables with every boundary,
//! and the laws as property tests.
#![allow(clippy::type_complexity)]

use chrono::{Days, NaiveDate};
use creditgrade::explain::{Bar, Binding, Detail, ReasonCode};
use creditgrade::model::{Honour, HonourLevel};
use creditgrade::national::{
    AbnormalListing, AbnormalRecord, AbnormalRemoval, Channel, Class, Cure, Decision, Dossier,
    Exit, Fulfilment, Ground, Mark, Measure, MeasureKind, NationalRules, RemovalApplication,
    RemovalFailure, RepairApplication, RepairFailure, ReportFiled, SeriousBasis, SeriousExit,
    SeriousListing, SeriousState, Standing,
};
use creditgrade::policy::{MarkEffect, NationalGrading};
use creditgrade::supervise::{
    DrawCandidate, NationalSupervision, RiskClass, SamplingPolicy, SupervisionPolicy, draw,
};
use creditgrade::{
    Assessor, Catalogue, Enterprise, ErrorKind, Fact, Grade, History, Policy, Severity, Tier,
};
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn rules() -> NationalRules {
    NationalRules::national_2026()
}

fn heavy(id: &str, on: NaiveDate) -> Decision {
    Decision::new(id, on, "art-9").with_measure(Measure::ProductionSuspended)
}

fn state(dossier: &Dossier, as_of: NaiveDate) -> SeriousState {
    rules().serious_state(dossier, as_of).unwrap()
}

// ---------------------------------------------------------------------------
// §5 The serious list: listing, publicity, automatic removal.

#[test]
fn publicity_three_years_or_the_restriction_end_case_table() {
    let l = d(2024, 4, 1);
    let base = |restriction: Option<NaiveDate>| {
        let mut p = heavy("P1", d(2024, 3, 1));
        if let Some(r) = restriction {
            p = p.with_restriction_until(r);
        }
        Dossier::new("E1")
            .decision(p)
            .serious_listing(SeriousListing::decision("S1", "P1", l))
    };
    // (case, restriction, as_of, on the list, exit)
    let cases: &[(
        &str,
        Option<NaiveDate>,
        NaiveDate,
        bool,
        Option<SeriousExit>,
    )] = &[
        ("day before the listing", None, d(2024, 3, 31), false, None),
        ("on the listing day", None, l, true, None),
        ("day before 3 years", None, d(2027, 3, 31), true, None),
        (
            "on 3 years",
            None,
            d(2027, 4, 1),
            false,
            Some(SeriousExit::Automatic),
        ),
        (
            "day after 3 years",
            None,
            d(2027, 4, 2),
            false,
            Some(SeriousExit::Automatic),
        ),
        (
            "restriction ends earlier: 3 years",
            Some(d(2026, 1, 1)),
            d(2027, 3, 31),
            true,
            None,
        ),
        (
            "restriction ends earlier: off on 3 years",
            Some(d(2026, 1, 1)),
            d(2027, 4, 1),
            false,
            Some(SeriousExit::Automatic),
        ),
        (
            "restriction later: on at 3 years",
            Some(d(2027, 6, 15)),
            d(2027, 4, 1),
            true,
            None,
        ),
        (
            "restriction later: day before its end",
            Some(d(2027, 6, 15)),
            d(2027, 6, 14),
            true,
            None,
        ),
        (
            "restriction later: on its end",
            Some(d(2027, 6, 15)),
            d(2027, 6, 15),
            false,
            Some(SeriousExit::Automatic),
        ),
        (
            "restriction later: day after its end",
            Some(d(2027, 6, 15)),
            d(2027, 6, 16),
            false,
            Some(SeriousExit::Automatic),
        ),
    ];
    for (case, restriction, as_of, on, exit) in cases {
        let s = state(&base(*restriction), *as_of);
        assert_eq!(s.on_list, *on, "{case}");
        assert_eq!(s.listed_since, on.then_some(l), "{case}");
        if *as_of < l {
            assert!(s.entries.is_empty(), "{case}");
            continue;
        }
        let e = &s.entries[0];
        assert_eq!(&e.exit, exit, "{case}");
        let expected_end = match restriction {
            Some(r) if *r > d(2027, 4, 1) => *r,
            _ => d(2027, 4, 1),
        };
        assert_eq!(e.scheduled_until, expected_end, "{case}");
        assert_eq!(e.until, expected_end, "{case}");
        assert_eq!(
            e.extended_by_restriction,
            expected_end != d(2027, 4, 1),
            "{case}"
        );
        assert_eq!(e.versions[0].name, "SAMR Order 44", "{case}");
    }
}

#[test]
fn listed_since_is_the_earliest_open_listing() {
    let dossier = Dossier::new("E1")
        .decision(heavy("P1", d(2021, 10, 1)))
        .decision(heavy("P2", d(2023, 1, 1)))
        .serious_listing(SeriousListing::decision("S1", "P1", d(2021, 10, 1)))
        .serious_listing(SeriousListing::decision("S2", "P2", d(2023, 2, 1)));
    let s = state(&dossier, d(2024, 1, 1));
    assert_eq!(s.listed_since, Some(d(2021, 10, 1)));
    // S1 ends on 2024-10-01: S2 (until 2026-02-01) is the earliest open one.
    let s = state(&dossier, d(2024, 10, 1));
    assert_eq!(s.listed_since, Some(d(2023, 2, 1)));
    assert_eq!(s.entries[0].exit, Some(SeriousExit::Automatic));
    let s = state(&dossier, d(2026, 2, 1));
    assert!(!s.on_list);
    assert_eq!(s.entries.len(), 2);
}

#[test]
fn a_listing_must_cite_a_heavy_decision_of_the_enterprise() {
    let on = d(2024, 4, 1);
    let as_of = d(2024, 6, 1);
    let with = |p: Decision| {
        Dossier::new("E1")
            .decision(p)
            .serious_listing(SeriousListing::decision("S1", "P1", on))
    };
    let p = || Decision::new("P1", d(2024, 3, 1), "art-9");
    // Heavy: a heavy fine, or one of the seven measures.
    let mut ok = vec![p().with_measure(Measure::fine(200_000)).with_heavy(true)];
    for m in [
        Measure::QualificationLowered,
        Measure::LicenceRevoked,
        Measure::BusinessLicenceRevoked,
        Measure::BusinessRestricted,
        Measure::ProductionSuspended,
        Measure::Closure,
        Measure::PracticeBanned,
    ] {
        ok.push(p().with_measure(Measure::Warning).with_measure(m));
    }
    for x in ok {
        assert!(
            rules().serious_state(&with(x.clone()), as_of).is_ok(),
            "{x:?}"
        );
    }
    // Not heavy: a fine not marked heavy, the heavy mark without a fine,
    // licence suspended, confiscation, no measures at all.
    for x in [
        p().with_measure(Measure::fine(200_000)),
        p().with_measure(Measure::Warning).with_heavy(true),
        p().with_measure(Measure::LicenceSuspended),
        p().with_measure(Measure::confiscation(9_000_000)),
        p(),
    ] {
        let e = rules().serious_state(&with(x.clone()), as_of).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{x:?}");
        assert_eq!(e.enterprise(), Some("E1"));
        assert_eq!(e.fact(), Some("S1"));
        assert_eq!(e.field(), Some("basis"));
        assert!(e.message().contains("no heavy measure"), "{}", e.message());
    }
    // Unknown decision, or one decided after the listing.
    let e = rules()
        .serious_state(
            &Dossier::new("E1").serious_listing(SeriousListing::decision("S1", "P9", on)),
            as_of,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownDecision);
    assert_eq!((e.fact(), e.subject()), (Some("S1"), Some("P9")));
    let late = Dossier::new("E1")
        .decision(heavy("P1", d(2024, 5, 1)))
        .serious_listing(SeriousListing::decision("S1", "P1", on));
    let e = rules().serious_state(&late, as_of).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownDecision);
    // A bad listing dated after the as-of date is not read.
    let future = Dossier::new("E1").serious_listing(SeriousListing::decision(
        "S1",
        "P9",
        as_of + Days::new(1),
    ));
    assert!(rules().serious_state(&future, as_of).is_ok());
    // The other serious-list answers refuse the same input.
    let bad = with(p().with_measure(Measure::fine(1)));
    assert!(rules().publicity(&bad, as_of).is_err());
    assert!(rules().standing(&bad, as_of).is_err());
    // Duplicate ids.
    let dup = Dossier::new("E1")
        .decision(heavy("P1", d(2024, 3, 1)))
        .serious_listing(SeriousListing::decision("S1", "P1", on))
        .serious_listing(SeriousListing::decision("S1", "P1", on));
    assert_eq!(
        rules().serious_state(&dup, as_of).unwrap_err().kind(),
        ErrorKind::DuplicateFactId
    );
}

// ---------------------------------------------------------------------------
// §8 Early removal.

#[test]
fn early_removal_case_table() {
    let l = d(2024, 4, 1);
    let r_end = d(2025, 6, 1);
    #[derive(Clone, Copy)]
    struct Case {
        restriction: bool,
        fulfilled: Option<NaiveDate>,
        further: Option<NaiveDate>,
        on: NaiveDate,
    }
    let build = |c: Case| {
        let mut p = heavy("P1", d(2024, 3, 1));
        if c.restriction {
            p = p.with_restriction_until(r_end);
        }
        let mut x = Dossier::new("E1")
            .decision(p)
            .serious_listing(SeriousListing::decision("S1", "P1", l))
            .serious_removal(RemovalApplication::new("A1", "S1", c.on));
        if let Some(f) = c.fulfilled {
            x = x.fulfilment(Fulfilment::new("P1", f));
        }
        if let Some(f) = c.further {
            x = x.decision(heavy("P2", f));
        }
        x
    };
    let ok = Case {
        restriction: false,
        fulfilled: Some(d(2024, 5, 1)),
        further: None,
        on: d(2025, 4, 1),
    };
    use RemovalFailure as F;
    // (case, input, failed, earliest)
    let cases: Vec<(&str, Case, Vec<F>, Option<NaiveDate>)> = vec![
        ("one year: granted", ok, vec![], None),
        (
            "day before one year",
            Case {
                on: d(2025, 3, 31),
                ..ok
            },
            vec![F::TooEarly {
                from: d(2025, 4, 1),
            }],
            Some(d(2025, 4, 1)),
        ),
        (
            "day after one year",
            Case {
                on: d(2025, 4, 2),
                ..ok
            },
            vec![],
            None,
        ),
        (
            "restriction running, before one year",
            Case {
                restriction: true,
                on: d(2025, 3, 31),
                ..ok
            },
            vec![
                F::TooEarly {
                    from: d(2025, 4, 1),
                },
                F::Restricted { until: r_end },
            ],
            Some(r_end),
        ),
        (
            "restriction: day before its end",
            Case {
                restriction: true,
                on: d(2025, 5, 31),
                ..ok
            },
            vec![F::Restricted { until: r_end }],
            Some(r_end),
        ),
        (
            "restriction: on its end",
            Case {
                restriction: true,
                on: r_end,
                ..ok
            },
            vec![],
            None,
        ),
        (
            "unfulfilled",
            Case {
                fulfilled: None,
                ..ok
            },
            vec![F::Unfulfilled {
                decision: "P1".into(),
            }],
            None,
        ),
        (
            "fulfilled on the day",
            Case {
                fulfilled: Some(d(2025, 4, 1)),
                ..ok
            },
            vec![],
            None,
        ),
        (
            "fulfilled the day after",
            Case {
                fulfilled: Some(d(2025, 4, 2)),
                ..ok
            },
            vec![F::Unfulfilled {
                decision: "P1".into(),
            }],
            None,
        ),
        (
            "heavy penalty after the listing",
            Case {
                further: Some(d(2024, 12, 1)),
                ..ok
            },
            vec![F::FurtherHeavyPenalty {
                facts: vec!["P2".into()],
            }],
            None,
        ),
        (
            "heavy penalty on the listing day: not after it",
            Case {
                further: Some(l),
                ..ok
            },
            vec![],
            None,
        ),
        (
            "heavy penalty on the application day",
            Case {
                further: Some(d(2025, 4, 1)),
                ..ok
            },
            vec![F::FurtherHeavyPenalty {
                facts: vec!["P2".into()],
            }],
            None,
        ),
        (
            "everything fails",
            Case {
                restriction: true,
                fulfilled: None,
                further: Some(d(2024, 6, 1)),
                on: d(2024, 12, 1),
            },
            vec![
                F::TooEarly {
                    from: d(2025, 4, 1),
                },
                F::Unfulfilled {
                    decision: "P1".into(),
                },
                F::FurtherHeavyPenalty {
                    facts: vec!["P2".into()],
                },
                F::Restricted { until: r_end },
            ],
            None,
        ),
        (
            "after the automatic removal",
            Case {
                on: d(2027, 4, 1),
                ..ok
            },
            vec![F::Ended {
                until: d(2027, 4, 1),
            }],
            None,
        ),
        (
            "the day before the automatic removal",
            Case {
                on: d(2027, 3, 31),
                ..ok
            },
            vec![],
            None,
        ),
    ];
    for (case, c, failed, earliest) in cases {
        let s = state(&build(c), d(2027, 12, 31));
        let e = &s.entries[0];
        let out = &e.removals[0];
        assert_eq!(out.failed, failed, "{case}");
        assert_eq!(out.granted, failed.is_empty(), "{case}");
        assert_eq!(out.earliest, earliest, "{case}");
        if out.granted {
            assert_eq!(e.until, c.on, "{case}");
            assert_eq!(
                e.exit,
                Some(SeriousExit::EarlyRemoval {
                    application: "A1".into()
                }),
                "{case}"
            );
            // Off the list on the day it is granted, on it the day before.
            assert!(!state(&build(c), c.on).on_list, "{case}");
            assert!(state(&build(c), c.on - Days::new(1)).on_list, "{case}");
        } else {
            assert_eq!(e.until, e.scheduled_until, "{case}");
        }
    }
}

#[test]
fn a_second_application_after_removal_is_rejected_alone() {
    let x = Dossier::new("E1")
        .decision(heavy("P1", d(2024, 3, 1)))
        .fulfilment(Fulfilment::new("P1", d(2024, 3, 1)))
        .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 4, 1)))
        .serious_removal(RemovalApplication::new("A2", "S1", d(2025, 5, 1)))
        .serious_removal(RemovalApplication::new("A1", "S1", d(2025, 4, 1)));
    let s = state(&x, d(2025, 6, 1));
    let r = &s.entries[0].removals;
    assert_eq!((r[0].id.as_str(), r[0].granted), ("A1", true));
    assert_eq!(
        r[1].failed,
        vec![RemovalFailure::AlreadyRemoved { on: d(2025, 4, 1) }]
    );
    // An application for an unknown listing, or before its listing.
    let bad = x
        .clone()
        .serious_removal(RemovalApplication::new("A3", "S9", d(2025, 5, 1)));
    let e = rules().serious_state(&bad, d(2025, 6, 1)).unwrap_err();
    assert_eq!(
        (e.kind(), e.fact()),
        (ErrorKind::UnknownDecision, Some("A3"))
    );
    let early = x.serious_removal(RemovalApplication::new("A3", "S1", d(2024, 3, 31)));
    let e = rules().serious_state(&early, d(2025, 6, 1)).unwrap_err();
    assert_eq!(
        (e.kind(), e.fact()),
        (ErrorKind::UnknownDecision, Some("A3"))
    );
}

// ---------------------------------------------------------------------------
// §4/§8 Escalation from the list of abnormal operations.

fn unreachable_record() -> AbnormalRecord {
    AbnormalRecord::new("E1", d(2019, 1, 1)).listing(AbnormalListing::new(
        "A1",
        Ground::Unreachable,
        d(2022, 5, 10),
    ))
}

fn escalated(record: AbnormalRecord, on: NaiveDate) -> Dossier {
    Dossier::new("E1")
        .abnormal_record(record)
        .serious_listing(SeriousListing::escalation("S1", on))
}

#[test]
fn escalation_case_table() {
    let anniversary = d(2025, 5, 10);
    // (case, record, listing day, valid)
    let cases: Vec<(&str, AbnormalRecord, NaiveDate, bool)> = vec![
        (
            "on the anniversary",
            unreachable_record(),
            anniversary,
            true,
        ),
        ("the day before", unreachable_record(), d(2025, 5, 9), false),
        (
            "the day after (recorded late)",
            unreachable_record(),
            d(2025, 5, 11),
            true,
        ),
        (
            "cured on the anniversary",
            unreachable_record().cure(Cure::new(Ground::Unreachable, anniversary)),
            anniversary,
            false,
        ),
        (
            "cured the day before",
            unreachable_record().cure(Cure::new(Ground::Unreachable, d(2025, 5, 9))),
            anniversary,
            false,
        ),
        (
            "cured the day after",
            unreachable_record().cure(Cure::new(Ground::Unreachable, d(2025, 5, 11))),
            d(2025, 5, 12),
            true,
        ),
        (
            "removed before",
            unreachable_record().removal(AbnormalRemoval::new("A1", d(2025, 5, 1))),
            anniversary,
            false,
        ),
        (
            "removed on the anniversary",
            unreachable_record().removal(AbnormalRemoval::new("A1", anniversary)),
            anniversary,
            false,
        ),
        (
            "removed after: still listed on the day",
            unreachable_record().removal(AbnormalRemoval::new("A1", d(2025, 6, 1))),
            anniversary,
            true,
        ),
        (
            "no record",
            AbnormalRecord::new("E1", d(2019, 1, 1)),
            anniversary,
            false,
        ),
    ];
    for (case, record, on, valid) in cases {
        let x = escalated(record, on);
        let t = d(2025, 12, 31);
        match rules().serious_state(&x, t) {
            Ok(s) => {
                assert!(valid, "{case}: accepted");
                let e = &s.entries[0];
                assert_eq!(e.basis, SeriousBasis::Escalation, "{case}");
                assert_eq!(e.moved, vec!["A1".to_owned()], "{case}");
                assert_eq!(
                    e.scheduled_until,
                    on.checked_add_months(chrono::Months::new(36)).unwrap()
                );
                // The moved entry leaves the abnormal list that day.
                let cal = creditgrade::disclosure::HolidayCalendar::china();
                let a = rules().abnormal_state(&x, &cal, t).unwrap().unwrap();
                assert_eq!(a.entries[0].until, Some(on), "{case}");
                assert_eq!(
                    a.entries[0].exit,
                    Some(Exit::Escalated {
                        listing: "S1".into()
                    }),
                    "{case}"
                );
                assert!(!a.on_list, "{case}");
                let before = rules()
                    .abnormal_state(&x, &cal, on - Days::new(1))
                    .unwrap()
                    .unwrap();
                assert!(before.on_list, "{case}");
                let st = rules().standing(&x, on).unwrap();
                assert!(
                    st.holds(Mark::SeriousList, on) && !st.holds(Mark::AbnormalList, on),
                    "{case}"
                );
            }
            Err(e) => {
                assert!(!valid, "{case}: refused: {e}");
                assert_eq!(e.kind(), ErrorKind::InvalidInput, "{case}");
                assert_eq!(
                    (e.enterprise(), e.fact(), e.field()),
                    (Some("E1"), Some("S1"), Some("basis"))
                );
            }
        }
    }
}

#[test]
fn an_escalation_is_removed_early_once_every_moved_entry_is_cured() {
    let on = d(2025, 5, 10);
    let x = |cure: Option<NaiveDate>| {
        let mut r = unreachable_record();
        if let Some(c) = cure {
            r = r.cure(Cure::new(Ground::Unreachable, c));
        }
        escalated(r, on).serious_removal(RemovalApplication::new("A1", "S1", d(2026, 5, 10)))
    };
    let s = state(&x(None), d(2026, 6, 1));
    assert_eq!(
        s.entries[0].removals[0].failed,
        vec![RemovalFailure::Uncured {
            entries: vec!["A1".into()]
        }]
    );
    assert_eq!(s.entries[0].removals[0].earliest, None);
    let s = state(&x(Some(d(2026, 1, 5))), d(2026, 6, 1));
    assert!(s.entries[0].removals[0].granted);
    // Cured the day after the application: not yet.
    let s = state(&x(Some(d(2026, 5, 11))), d(2026, 6, 1));
    assert!(!s.entries[0].removals[0].granted);
}

// ---------------------------------------------------------------------------
// The derived lists feed credit repair and the 信用中国 class.

#[test]
fn derived_lists_feed_the_repair_conditions() {
    let p1 = Decision::new("P1", d(2025, 1, 10), "art-1")
        .with_measure(Measure::fine(50_000))
        .with_published_on(d(2025, 1, 10));
    let base = || {
        Dossier::new("E1")
            .decision(p1.clone())
            .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
            .repair(RepairApplication::new(
                "R1",
                "P1",
                d(2025, 8, 1),
                Channel::PublicitySystem,
            ))
    };
    let repair = |x: &Dossier| {
        let v = rules().publicity(x, d(2025, 12, 1)).unwrap();
        v.into_iter()
            .find(|p| p.fact == "P1")
            .unwrap()
            .system
            .repairs[0]
            .clone()
    };
    assert!(repair(&base()).accepted);
    let record = || {
        AbnormalRecord::new("E1", d(2020, 1, 1)).listing(AbnormalListing::new(
            "A1",
            Ground::Unreachable,
            d(2025, 5, 1),
        ))
    };
    // Open on the repair day: its end is not known then.
    let r = repair(&base().abnormal_record(record()));
    assert_eq!(r.failed, vec![RepairFailure::AbnormalList { until: None }]);
    assert_eq!(r.earliest, None);
    // Removed after the repair day: still listed on it; the removal was not known.
    let r = repair(
        &base().abnormal_record(record().removal(AbnormalRemoval::new("A1", d(2025, 9, 1)))),
    );
    assert_eq!(r.failed, vec![RepairFailure::AbnormalList { until: None }]);
    // Removed on the repair day: off the list.
    assert!(
        repair(
            &base().abnormal_record(record().removal(AbnormalRemoval::new("A1", d(2025, 8, 1))))
        )
        .accepted
    );
    // Listed the day after: not on the list on the day.
    let later = AbnormalRecord::new("E1", d(2020, 1, 1)).listing(AbnormalListing::new(
        "A1",
        Ground::Unreachable,
        d(2025, 8, 2),
    ));
    assert!(repair(&base().abnormal_record(later)).accepted);
    // On the serious list (for another decision): named with its scheduled end.
    let serious = base()
        .decision(heavy("P0", d(2024, 12, 1)).with_restriction_until(d(2025, 10, 1)))
        .serious_listing(SeriousListing::decision("S1", "P0", d(2025, 2, 1)));
    let r = repair(&serious);
    assert_eq!(
        r.failed,
        vec![RepairFailure::SeriousList {
            until: Some(d(2028, 2, 1))
        }]
    );
    assert_eq!(r.earliest, None); // the listing outlasts publicity (2028-01-10)
    // A record of another enterprise is refused.
    let foreign = base().abnormal_record(AbnormalRecord::new("E2", d(2020, 1, 1)));
    assert_eq!(
        rules()
            .publicity(&foreign, d(2025, 12, 1))
            .unwrap_err()
            .kind(),
        ErrorKind::ForeignFact
    );
}

#[test]
fn a_derived_serious_listing_makes_its_decision_serious_on_credit_china() {
    let x = Dossier::new("E1")
        .decision(
            Decision::new("P1", d(2026, 5, 1), "art-1")
                .with_measure(Measure::fine(500_000))
                .with_heavy(true),
        )
        .serious_listing(SeriousListing::decision("S1", "P1", d(2026, 6, 1)));
    let class = |t| rules().publicity(&x, t).unwrap()[0].credit_china.class;
    assert_eq!(class(d(2026, 5, 31)), Some(Class::General));
    assert_eq!(class(d(2026, 6, 1)), Some(Class::Serious));
}

// ---------------------------------------------------------------------------
// Effects on grading.

fn catalogue() -> Catalogue {
    Catalogue::from_pairs([("art-1", Severity::Minor)]).unwrap()
}

/// A legal person with 70 honour points: AAA under the seed.
fn aaa_history() -> History {
    History::new(
        Enterprise::new("E1", d(2023, 1, 1)).legal_person(true),
        vec![
            Fact::annual_report("R2023", d(2024, 3, 1), 2023),
            Fact::honour(
                "H1",
                d(2024, 1, 1),
                Honour::ContractAbiding(HonourLevel::National),
                None,
            ),
            Fact::honour(
                "H2",
                d(2024, 1, 1),
                Honour::Trademark(HonourLevel::National),
                None,
            ),
        ],
    )
    .unwrap()
}

fn spell(mark: Mark, from: NaiveDate, until: Option<NaiveDate>) -> Standing {
    Standing::clear("E1", from).with_spell(mark, "X1", from, until)
}

#[test]
fn grading_effects_case_table() {
    let t = d(2025, 1, 1);
    let seed = Assessor::new(Policy::seed(), catalogue()).unwrap();
    let national = Assessor::new(Policy::national_2026(), catalogue()).unwrap();
    let h = aaa_history();
    assert_eq!(seed.assess(&h, t).unwrap().grade(), Some(Grade::Aaa));
    let year = Some(d(2026, 1, 1));
    // (case, standing, grade, binding)
    let cases: Vec<(&str, Standing, Grade, Binding)> = vec![
        (
            "nothing",
            Standing::clear("E1", t),
            Grade::Aaa,
            Binding::Points {
                points: 70.into(),
                threshold: Some(60.into()),
            },
        ),
        (
            "serious list",
            spell(Mark::SeriousList, d(2024, 6, 1), year),
            Grade::D,
            Binding::NationalCap {
                mark: Mark::SeriousList,
                best_grade: Grade::D,
                id: "X1".into(),
            },
        ),
        (
            "serious list from the day",
            spell(Mark::SeriousList, t, year),
            Grade::D,
            Binding::NationalCap {
                mark: Mark::SeriousList,
                best_grade: Grade::D,
                id: "X1".into(),
            },
        ),
        (
            "serious list from the day after",
            spell(Mark::SeriousList, t + Days::new(1), year),
            Grade::Aaa,
            Binding::Points {
                points: 70.into(),
                threshold: Some(60.into()),
            },
        ),
        (
            "serious list ended on the day",
            spell(Mark::SeriousList, d(2022, 1, 1), Some(t)),
            Grade::Aaa,
            Binding::Points {
                points: 70.into(),
                threshold: Some(60.into()),
            },
        ),
        (
            "abnormal list bars refinement",
            spell(Mark::AbnormalList, d(2024, 6, 1), None),
            Grade::A,
            Binding::Eligibility {
                bar: Bar::AbnormalList,
            },
        ),
        (
            "penalty public bars refinement",
            spell(Mark::PublicitySystem, d(2024, 6, 1), year),
            Grade::A,
            Binding::Eligibility {
                bar: Bar::PublicitySystem,
            },
        ),
        (
            "credit china: no effect in the preset",
            spell(Mark::CreditChina, d(2024, 6, 1), year),
            Grade::Aaa,
            Binding::Points {
                points: 70.into(),
                threshold: Some(60.into()),
            },
        ),
    ];
    for (case, standing, grade, binding) in cases {
        let a = national.assess_national(&h, &standing, t).unwrap();
        assert_eq!(a.grade(), Some(grade), "{case}");
        assert_eq!(a.binding(), &binding, "{case}");
        let s = national.summarize_national(&h, &standing, t).unwrap();
        assert_eq!(s, a.summary(), "{case}");
        // Off: the standing is not read, byte for byte.
        let off = seed.assess_national(&h, &standing, t).unwrap();
        assert_eq!(
            serde_json::to_string(&off).unwrap(),
            serde_json::to_string(&seed.assess(&h, t).unwrap()).unwrap(),
            "{case}"
        );
    }
    // The reason names the list, the listing and the rule.
    let a = national
        .assess_national(&h, &spell(Mark::SeriousList, d(2024, 6, 1), year), t)
        .unwrap();
    let r = a
        .reasons()
        .iter()
        .find(|r| r.code == ReasonCode::SERIOUS_LIST)
        .unwrap();
    assert_eq!(r.rule, "national.serious_list");
    assert_eq!(r.evidence[0].fact, "X1");
    assert!(matches!(
        r.detail,
        Detail::National {
            mark: Mark::SeriousList,
            best_grade: Some(Grade::D),
            capped: true,
            ..
        }
    ));
    assert_eq!(
        r.to_string(),
        "[serious_list] national.serious_list: serious_list since 2024-06-01 until 2026-01-01, best grade D (capped), bars AAA/AA; evidence X1 (2024-06-01)"
    );
    assert_eq!(a.binding().to_string(), "capped at D: serious_list X1");
    // A lock worse than the cap: the cap does not bind, but the reason is there.
    let locked = History::new(
        Enterprise::new("E1", d(2023, 1, 1)).legal_person(true),
        vec![Fact::penalty("P1", d(2024, 10, 1), "art-1")],
    )
    .unwrap();
    let mut p = Policy::national_2026();
    let mut g = NationalGrading::none();
    g.serious_list = MarkEffect::new(Some(Grade::A), false);
    p.national = Some(g);
    let capped_a = Assessor::new(p, catalogue()).unwrap();
    let a = capped_a
        .assess_national(&locked, &spell(Mark::SeriousList, d(2024, 6, 1), year), t)
        .unwrap();
    assert_eq!(a.grade(), Some(Grade::B));
    assert!(matches!(a.binding(), Binding::Lock { tier: Tier::B, .. }));
    assert!(
        a.reasons()
            .iter()
            .any(|r| matches!(r.detail, Detail::National { capped: false, .. }))
    );
    // Another enterprise's standing is refused when the section is on.
    let e = national
        .assess_national(&h, &Standing::clear("E2", t), t)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ForeignFact);
}

#[test]
fn fingerprints_of_the_presets_are_unchanged() {
    assert_eq!(
        Policy::seed().fingerprint(),
        include_str!("fixtures/seed_fingerprint.txt").trim()
    );
    let json = Policy::seed().to_json().unwrap();
    assert!(json.contains("\"national\": null"));
    assert_eq!(Policy::from_json(&json).unwrap(), Policy::seed());
    let n = Policy::national_2026();
    assert_eq!(Policy::from_json(&n.to_json().unwrap()).unwrap(), n);
    // The supervision policy writes nothing new while the section is off.
    let s = SupervisionPolicy::source();
    assert!(!s.to_json().unwrap().contains("national"));
    let on = s
        .clone()
        .with_national(Some(NationalSupervision::national_2026()));
    assert_eq!(
        SupervisionPolicy::from_json(&on.to_json().unwrap()).unwrap(),
        on
    );
}

// ---------------------------------------------------------------------------
// Effects on supervision.

#[test]
fn supervision_effects() {
    let t = d(2025, 1, 1);
    let s = spell(Mark::SeriousList, d(2024, 6, 1), Some(d(2026, 1, 1)));
    let ab = spell(Mark::AbnormalList, d(2024, 6, 1), None);
    let off = SupervisionPolicy::source();
    let on = off
        .clone()
        .with_national(Some(NationalSupervision::national_2026()));
    // (case, policy, standing, risk class, grade, interval, always drawn)
    let cases: Vec<(
        &str,
        &SupervisionPolicy,
        &Standing,
        RiskClass,
        Option<Grade>,
        Option<u32>,
        bool,
    )> = vec![
        (
            "off",
            &off,
            &s,
            RiskClass::C,
            Some(Grade::A),
            Some(12),
            false,
        ),
        (
            "serious: monthly",
            &on,
            &s,
            RiskClass::C,
            Some(Grade::A),
            Some(1),
            true,
        ),
        (
            "abnormal: 6 months at most",
            &on,
            &ab,
            RiskClass::C,
            Some(Grade::A),
            Some(6),
            false,
        ),
        (
            "abnormal: a shorter usual interval stays",
            &on,
            &ab,
            RiskClass::A,
            Some(Grade::A),
            Some(3),
            false,
        ),
        (
            "not rated: no patrol",
            &on,
            &s,
            RiskClass::C,
            None,
            None,
            true,
        ),
    ];
    for (case, p, st, class, grade, months, drawn) in cases {
        assert_eq!(p.patrol_interval(class, grade, st, t), months, "{case}");
        assert_eq!(p.always_drawn(st, t), drawn, "{case}");
    }
    assert!(!on.always_drawn(&s, d(2026, 1, 1)));
    // The due date: registration + the interval (no inspection yet).
    let rec =
        creditgrade::supervise::Record::new(Enterprise::new("E1", d(2024, 11, 15)), Some(Grade::A))
            .risk_class(RiskClass::C);
    assert_eq!(off.patrol_due(&rec, &s, t).unwrap(), Some(d(2025, 11, 15)));
    assert_eq!(on.patrol_due(&rec, &s, t).unwrap(), Some(d(2024, 12, 15)));
    assert_eq!(
        off.patrol_due(&rec, &s, t).unwrap(),
        off.patrol().due_date(&rec, t).unwrap()
    );
    // Forced candidates are drawn beside the random share of their tier.
    let mut cands: Vec<DrawCandidate> = (0..40)
        .map(|i| DrawCandidate::new(format!("E{i:02}"), Tier::A))
        .collect();
    let plain = draw(&cands, &SamplingPolicy::source(), 7).unwrap();
    assert!(plain.classes[0].forced.is_empty());
    assert_eq!(plain.classes[0].count, 2);
    let unlucky = cands
        .iter()
        .map(|c| c.id.clone())
        .find(|id| !plain.classes[0].selected.contains(id))
        .unwrap();
    for c in &mut cands {
        if c.id == unlucky {
            *c = c.clone().forced(true);
        }
    }
    let forced = draw(&cands, &SamplingPolicy::source(), 7).unwrap();
    assert_eq!(forced.classes[0].forced, vec![unlucky.clone()]);
    assert!(forced.classes[0].selected.contains(&unlucky));
    assert_eq!(forced.classes[0].selected.len(), 3);
    assert_eq!(
        forced.classes[0].selected[..2],
        plain.classes[0].selected[..]
    );
    // The JSON of a draw without forced candidates is as before.
    assert!(!serde_json::to_string(&plain).unwrap().contains("forced"));
}

// ---------------------------------------------------------------------------
// Laws.

const IDS: [&str; 4] = ["P1", "P2", "P3", "P4"];

#[derive(Clone, Debug)]
struct Spec {
    decisions: Vec<(u32, u8, bool, Option<u32>)>,
    fulfil: Vec<(usize, u32)>,
    listings: Vec<(usize, u32)>,
    removals: Vec<(usize, u32)>,
    abnormal: Vec<(u32, Option<u32>, Option<u32>)>,
    escalate: Vec<usize>,
}

fn day(n: u32) -> NaiveDate {
    d(2023, 5, 1) + Days::new(u64::from(n))
}

fn build(s: &Spec, rev: bool) -> Dossier {
    build_with(s, rev, None)
}

/// The dossier of a spec; with `later`, list facts dated then are added too.
fn build_with(s: &Spec, rev: bool, later: Option<NaiveDate>) -> Dossier {
    let kinds = [
        Measure::fine(5_000),
        Measure::ProductionSuspended,
        Measure::LicenceRevoked,
        Measure::Warning,
        Measure::Closure,
    ];
    let n = s.decisions.len();
    let mut decisions = Vec::new();
    let mut parts: Vec<Box<dyn Fn(Dossier) -> Dossier>> = Vec::new();
    for (i, (on, k, h, r)) in s.decisions.iter().enumerate() {
        let mut p = Decision::new(IDS[i], day(*on), "art-1")
            .with_measure(kinds[usize::from(*k) % kinds.len()])
            .with_heavy(*h);
        if let Some(r) = r {
            p = p.with_restriction_until(day(*on + 1 + *r));
        }
        decisions.push(p);
    }
    for p in decisions.clone() {
        parts.push(Box::new(move |x: Dossier| x.decision(p.clone())));
    }
    for (i, after) in s.fulfil.clone() {
        if n == 0 {
            break;
        }
        let p = decisions[i % n].clone();
        parts.push(Box::new(move |x: Dossier| {
            x.fulfilment(Fulfilment::new(
                p.fact(),
                p.decided_on() + Days::new(u64::from(after)),
            ))
        }));
    }
    for (k, (i, after)) in s.listings.iter().enumerate() {
        if n == 0 {
            break;
        }
        let p = decisions[i % n].clone();
        let on = p.decided_on() + Days::new(u64::from(*after));
        parts.push(Box::new(move |x: Dossier| {
            x.serious_listing(SeriousListing::decision(format!("S{k}"), p.fact(), on))
        }));
    }
    for (k, (i, after)) in s.removals.iter().enumerate() {
        let listing = format!("S{}", i % s.listings.len().max(1));
        let on = day(*after);
        parts.push(Box::new(move |x: Dossier| {
            x.serious_removal(RemovalApplication::new(
                format!("A{k}"),
                listing.clone(),
                on,
            ))
        }));
    }
    let mut record = AbnormalRecord::new("E1", d(2020, 1, 1));
    let mut abnormal = s.abnormal.clone();
    if rev {
        abnormal.reverse();
    }
    for (k, (from, removal, cure)) in abnormal.iter().enumerate() {
        let id = format!("L{from}");
        let _ = k;
        record = record.listing(AbnormalListing::new(
            id.clone(),
            Ground::Unreachable,
            day(*from),
        ));
        if let Some(r) = removal {
            record = record.removal(AbnormalRemoval::new(id, day(*from + 1 + *r)));
        }
        if let Some(c) = cure {
            record = record.cure(Cure::new(Ground::Unreachable, day(*from + *c)));
        }
    }
    if let Some(l) = later {
        record = record
            .listing(AbnormalListing::new("LATER", Ground::FalseInformation, l))
            .cure(Cure::new(Ground::Unreachable, l))
            .report(ReportFiled::new(2024, l));
        if let Some((from, _, _)) = s.abnormal.first() {
            record = record.removal(AbnormalRemoval::new(format!("L{from}"), l));
        }
    }
    for (k, i) in s.escalate.iter().enumerate() {
        if s.abnormal.is_empty() {
            break;
        }
        let from = day(s.abnormal[i % s.abnormal.len()].0);
        let on = from.checked_add_months(chrono::Months::new(36)).unwrap();
        parts.push(Box::new(move |x: Dossier| {
            x.serious_listing(SeriousListing::escalation(format!("X{k}"), on))
        }));
    }
    if rev {
        parts.reverse();
    }
    let mut x = Dossier::new("E1").abnormal_record(record);
    for f in parts {
        x = f(x);
    }
    x
}

fn arb_spec() -> impl Strategy<Value = Spec> {
    (
        proptest::collection::vec(
            (
                0_u32..1500,
                0_u8..5,
                any::<bool>(),
                proptest::option::of(0_u32..1500),
            ),
            0..4,
        ),
        proptest::collection::vec((0_usize..4, 0_u32..800), 0..4),
        proptest::collection::vec((0_usize..4, 0_u32..200), 0..3),
        proptest::collection::vec((0_usize..3, 0_u32..2500), 0..3),
        proptest::collection::vec(
            (
                0_u32..1200,
                proptest::option::of(0_u32..1500),
                proptest::option::of(0_u32..1500),
            ),
            0..3,
        ),
        proptest::collection::vec(0_usize..3, 0..2),
    )
        .prop_map(
            |(decisions, fulfil, listings, removals, mut abnormal, escalate)| {
                abnormal.sort_by_key(|a| a.0);
                abnormal.dedup_by_key(|a| a.0);
                Spec {
                    decisions,
                    fulfil,
                    listings,
                    removals,
                    abnormal,
                    escalate,
                }
            },
        )
}

fn grade_of(a: &Assessor, s: &Standing, t: NaiveDate) -> Grade {
    a.summarize_national(&aaa_history(), s, t)
        .unwrap()
        .grade
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_panic_and_input_order_changes_nothing(s in arb_spec(), t in 0_u32..3000) {
        let t = day(t);
        let a = rules().state(&build(&s, false), t);
        let b = rules().state(&build(&s, true), t);
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (&a, &b) {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn facts_after_the_date_change_nothing(s in arb_spec(), t in 0_u32..3000) {
        let t = day(t);
        let x = build(&s, false);
        let later = t + Days::new(1);
        let y = build_with(&s, false, Some(later))
            .decision(heavy("Q9", later))
            .serious_listing(SeriousListing::decision("S9", "Q9", later))
            .serious_listing(SeriousListing::decision("S8", "nothing", later))
            .serious_removal(RemovalApplication::new("A9", "S0", later))
            .serious_listing(SeriousListing::escalation("X9", later));
        let a = rules().standing(&x, t);
        let b = rules().standing(&y, t);
        prop_assert_eq!(a.is_ok(), b.is_ok());
        if let (Ok(a), Ok(b)) = (a, b) {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn an_added_mark_never_raises_the_grade(
        marks in proptest::collection::vec((0_usize..4, 0_u32..1200, proptest::option::of(1_u32..800)), 0..4),
        extra in (0_usize..4, 0_u32..1200, proptest::option::of(1_u32..800)),
        t in 500_u32..1500,
    ) {
        let t = day(t);
        let national = Assessor::new(Policy::national_2026(), catalogue()).unwrap();
        let seed = Assessor::new(Policy::seed(), catalogue()).unwrap();
        let mut s = Standing::clear("E1", t);
        for (k, (m, from, len)) in marks.iter().enumerate() {
            s = s.with_spell(Mark::ALL[*m], format!("M{k}"), day(*from), len.map(|l| day(*from + l)));
        }
        let more = s.clone().with_spell(
            Mark::ALL[extra.0], "EXTRA", day(extra.1), extra.2.map(|l| day(extra.1 + l)));
        let plain = grade_of(&seed, &s, t);
        let g = grade_of(&national, &s, t);
        prop_assert!(g >= plain);
        prop_assert!(grade_of(&national, &more, t) >= g);
        // The lean and the full path agree.
        let full = national.assess_national(&aaa_history(), &more, t).unwrap();
        prop_assert_eq!(full.summary(), national.summarize_national(&aaa_history(), &more, t).unwrap());
    }

    #[test]
    fn an_added_listing_never_raises_the_grade(s in arb_spec(), t in 0_u32..3000, k in 0_usize..4) {
        let t = day(t);
        let x = build(&s, false);
        let Ok(before) = rules().standing(&x, t) else { return Ok(()); };
        let on = day(0).max(t - Days::new(30));
        let y = x.decision(heavy("Q9", on)).serious_listing(SeriousListing::decision(format!("S9{k}"), "Q9", on));
        let after = rules().standing(&y, t).unwrap();
        let national = Assessor::new(Policy::national_2026(), catalogue()).unwrap();
        prop_assert!(grade_of(&national, &after, t) >= grade_of(&national, &before, t));
    }
}

#[test]
fn the_standing_names_every_spell_and_its_changes() {
    let x =
        Dossier::new("E1")
            .decision(
                Decision::new("P1", d(2025, 1, 10), "art-1")
                    .with_measure(Measure::fine(2_000))
                    .with_measure(Measure::LicenceRevoked)
                    .with_published_on(d(2025, 1, 20)),
            )
            .serious_listing(SeriousListing::decision("S1", "P1", d(2025, 2, 1)))
            .abnormal_record(AbnormalRecord::new("E1", d(2020, 1, 1)).listing(
                AbnormalListing::new("A1", Ground::NotPublished, d(2025, 3, 1)),
            ));
    let s = rules().standing(&x, d(2025, 6, 1)).unwrap();
    let marks: Vec<(Mark, &str, NaiveDate, Option<NaiveDate>)> = s
        .spells
        .iter()
        .map(|x| (x.mark, x.id.as_str(), x.from, x.until))
        .collect();
    assert_eq!(
        marks,
        vec![
            (Mark::AbnormalList, "A1", d(2025, 3, 1), None),
            (Mark::SeriousList, "S1", d(2025, 2, 1), Some(d(2028, 2, 1))),
            (
                Mark::PublicitySystem,
                "P1",
                d(2025, 1, 20),
                Some(d(2028, 1, 20))
            ),
            (
                Mark::CreditChina,
                "P1",
                d(2025, 1, 10),
                Some(d(2028, 1, 10))
            ),
        ]
    );
    assert_eq!(
        s.changes_after(d(2025, 6, 1)),
        vec![d(2028, 1, 10), d(2028, 1, 20), d(2028, 2, 1)]
    );
    let _ = MeasureKind::Fine;
}

#[test]
fn off_is_byte_identical_on_a_synthetic_population() {
    use creditgrade::research::{SynthConfig, synth_population};
    let p = synth_population(&SynthConfig::default().seed(7).enterprises(400));
    let catalogue = p.catalogue().unwrap();
    let histories = p.histories().unwrap();
    let t = p.as_of;
    let standings: Vec<Standing> = histories
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let m = Mark::ALL[i % 4];
            let from = t - Days::new(30 + (i as u64 % 500));
            Standing::clear(h.id(), t).with_spell(m, "X", from, Some(t + Days::new(90)))
        })
        .collect();
    let seed = Assessor::new(Policy::seed(), catalogue.clone()).unwrap();
    let plain = seed.summarize_batch(&histories, t);
    assert_eq!(
        seed.summarize_national_batch(&histories, &standings, t),
        plain
    );
    for (h, s) in histories.iter().zip(&standings).take(100) {
        match (seed.assess_national(h, s, t), seed.assess(h, t)) {
            (Ok(a), Ok(b)) => assert_eq!(
                serde_json::to_string(&a).unwrap(),
                serde_json::to_string(&b).unwrap()
            ),
            (a, b) => assert_eq!(a.err(), b.err()),
        }
    }
    // On: never better than off, and the marks do bite somewhere.
    let national = Assessor::new(Policy::national_2026(), catalogue).unwrap();
    let on = national.summarize_national_batch(&histories, &standings, t);
    let mut changed = 0;
    for (a, b) in on.iter().zip(&plain) {
        if let (Ok(a), Ok(b)) = (a, b) {
            assert!(a.grade >= b.grade);
            changed += usize::from(a.grade != b.grade);
        }
    }
    assert!(changed > 0);
}

#[test]
fn the_national_outlook_names_list_exits_and_national_bars() {
    use creditgrade::outlook::Trigger;
    let t = d(2025, 1, 1);
    let mut p = Policy::national_2026();
    p.annual_reports = None;
    let a = Assessor::new(p, catalogue()).unwrap();
    let s = Standing::clear("E1", t)
        .with_spell(Mark::SeriousList, "S1", d(2024, 6, 1), Some(d(2026, 1, 1)))
        .with_spell(Mark::AbnormalList, "A1", d(2024, 9, 1), None);
    let o = a
        .outlook_national(&aaa_history(), &s, t, d(2027, 12, 31))
        .unwrap();
    assert_eq!(o.now().grade, Some(Grade::D));
    let c = &o.changes()[0];
    assert_eq!((c.date, c.summary.grade), (d(2026, 1, 1), Some(Grade::A)));
    assert_eq!(c.causes[0].trigger, Trigger::MarkEnds);
    assert_eq!(c.causes[0].code, ReasonCode::SERIOUS_LIST);
    assert_eq!(c.causes[0].evidence[0].fact, "S1");
    assert_eq!(o.changes().len(), 1); // the abnormal entry stays open
    let bars: Vec<(Bar, Option<NaiveDate>)> = o.bars().iter().map(|b| (b.bar, b.lapses)).collect();
    assert_eq!(
        bars,
        vec![
            (Bar::SeriousList, Some(d(2026, 1, 1))),
            (Bar::AbnormalList, None)
        ]
    );
    assert_eq!(o.eligible_from(), None);
    // The direct assessment agrees on the day of the change.
    assert_eq!(
        o.at(d(2026, 1, 1)),
        Some(
            &a.summarize_national(&aaa_history(), &s, d(2026, 1, 1))
                .unwrap()
        )
    );
}

#[test]
fn the_plain_paths_refuse_a_policy_with_national_effects() {
    use creditgrade::Summary;
    use creditgrade::population::Population;
    let t = d(2025, 1, 1);
    let a = Assessor::new(Policy::national_2026(), catalogue()).unwrap();
    let h = aaa_history();
    let refused = |e: &creditgrade::Error| {
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy, "{e}");
        assert_eq!((e.enterprise(), e.field()), (Some("E1"), Some("national")));
    };
    refused(&a.assess(&h, t).unwrap_err());
    refused(&a.summarize(&h, t).unwrap_err());
    refused(&a.outlook(&h, t, d(2026, 1, 1)).unwrap_err());
    let population = Population::from_histories(std::slice::from_ref(&h)).unwrap();
    #[allow(unused_mut)]
    let mut batches: Vec<Vec<Result<Summary, creditgrade::Error>>> = vec![
        a.summarize_batch(std::slice::from_ref(&h), t),
        a.summarize_population(&population, t),
        a.assess_population(&population, t)
            .into_iter()
            .map(|r| r.map(|x| x.summary()))
            .collect(),
    ];
    #[cfg(feature = "rayon")]
    batches.push(a.par_summarize_population(&population, t));
    for b in &batches {
        assert_eq!(b.len(), 1);
        refused(b[0].as_ref().unwrap_err());
    }
    // The national paths grade; with a clear standing they give the local grade.
    let clear = Standing::clear("E1", t);
    let seed = Assessor::new(Policy::seed(), catalogue()).unwrap();
    assert_eq!(
        a.summarize_national(&h, &clear, t).unwrap(),
        seed.summarize(&h, t).unwrap()
    );
}
