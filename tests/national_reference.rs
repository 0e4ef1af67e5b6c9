//! The national rules checked bullet by bullet against their reference text
//! (`docs/national.md`), each boundary on the day before, on and after.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use creditgrade::disclosure::{HolidayCalendar, WorkCalendar, add_working_days};
use creditgrade::national::{
    AbnormalListing, AbnormalRecord, AbnormalRemoval, AbnormalRules, Channel, Class, ClassCause,
    Cure, Decision, Dossier, Exit, Field, Fulfilment, Ground, Listed, Measure, MeasureKind,
    NationalRules, NotPublished, Procedure, Publicity, RemovalApplication, RemovalFailure,
    RepairApplication, RepairFailure, ReportFiled, SeriousExit, SeriousListing,
};
use creditgrade::timeline::Governing;
use creditgrade::{Error, ErrorKind};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn prev(x: NaiveDate) -> NaiveDate {
    x.pred_opt().unwrap()
}

fn next(x: NaiveDate) -> NaiveDate {
    x.succ_opt().unwrap()
}

fn rules() -> NationalRules {
    NationalRules::national_2026()
}

fn one(dossier: &Dossier, as_of: NaiveDate) -> Publicity {
    rules().publicity(dossier, as_of).unwrap().remove(0)
}

fn fine(n: i64) -> Measure {
    Measure::fine(n)
}

fn p(decided: NaiveDate) -> Decision {
    Decision::new("P1", decided, "art-1")
}

fn sys(id: &str, on: NaiveDate) -> RepairApplication {
    RepairApplication::new(id, "P1", on, Channel::PublicitySystem)
}

fn cc(id: &str, on: NaiveDate) -> RepairApplication {
    RepairApplication::new(id, "P1", on, Channel::CreditChina)
}

// ---- §8: d + n months keeps the day, clamped to the month's end ----

#[test]
fn months_clamp_to_the_month_end() {
    // 2024-02-29 + 3 years (a long decision): 2027-02-28.
    let x = one(
        &Dossier::new("E").decision(p(d(2024, 2, 29)).with_measure(fine(50_000))),
        d(2024, 3, 1),
    );
    assert_eq!(x.system.scheduled_until, Some(d(2027, 2, 28)));
    // 2024-08-31 + 3 months: 2024-11-30 (criticism only).
    let x = one(
        &Dossier::new("E").decision(p(d(2024, 8, 31)).with_measure(Measure::Criticism)),
        d(2024, 9, 1),
    );
    assert_eq!(x.system.scheduled_until, Some(d(2024, 11, 30)));
    // 2024-08-31 + 6 months (the repair wait): 2025-02-28.
    let base = Dossier::new("E")
        .decision(p(d(2024, 8, 31)).with_measure(fine(50_000)))
        .fulfilment(Fulfilment::new("P1", d(2024, 9, 1)));
    for (on, ok) in [
        (d(2025, 2, 27), false),
        (d(2025, 2, 28), true),
        (d(2025, 3, 1), true),
    ] {
        let x = one(&base.clone().repair(sys("R", on)), on);
        assert_eq!(x.system.repairs[0].accepted, ok, "{on}");
        if !ok {
            assert_eq!(
                x.system.repairs[0].failed,
                vec![RepairFailure::TooEarly {
                    from: d(2025, 2, 28)
                }]
            );
            assert_eq!(x.system.repairs[0].earliest, Some(d(2025, 2, 28)));
        }
    }
    // 信用中国: 2025-01-31 + 3 months = 2025-04-30; + 1 year = 2026-01-31.
    let x = one(
        &Dossier::new("E").decision(p(d(2025, 1, 31)).with_measure(fine(50_000))),
        d(2025, 2, 1),
    );
    assert_eq!(x.credit_china.repairable_from, Some(d(2025, 4, 30)));
    assert_eq!(x.credit_china.until, Some(d(2026, 1, 31)));
}

// ---- §2: which decisions are published, and for how long ----

#[test]
fn order45_period_case_table() {
    type Case = (Option<Procedure>, Vec<Measure>, Result<u32, NotPublished>);
    let cases: Vec<Case> = vec![
        (None, vec![], Err(NotPublished::NoMeasures)),
        (None, vec![Measure::Warning], Err(NotPublished::WarningOnly)),
        (
            None,
            vec![Measure::Warning, Measure::Warning],
            Err(NotPublished::WarningOnly),
        ),
        (
            Some(Procedure::Simple),
            vec![fine(50_000)],
            Err(NotPublished::SimpleProcedure),
        ),
        (
            Some(Procedure::Simple),
            vec![Measure::Warning],
            Err(NotPublished::SimpleProcedure),
        ),
        (Some(Procedure::Ordinary), vec![Measure::Criticism], Ok(3)),
        (None, vec![Measure::Criticism], Ok(3)),
        (None, vec![Measure::Warning, Measure::Criticism], Ok(3)),
        (None, vec![fine(10_000)], Ok(3)),
        (None, vec![fine(0)], Ok(3)),
        (None, vec![fine(10_001)], Ok(36)),
        (None, vec![Measure::Warning, fine(9_999)], Ok(3)),
        (None, vec![Measure::Criticism, fine(10_000)], Ok(3)),
        (
            None,
            vec![Measure::Warning, Measure::Criticism, fine(5_000)],
            Ok(3),
        ),
        // Several fines add up against the low amount.
        (None, vec![fine(6_000), fine(4_000)], Ok(3)),
        (None, vec![fine(6_000), fine(4_001)], Ok(36)),
        // A fine without an amount is not low.
        (None, vec![Measure::Fine { amount: None }], Ok(36)),
        (
            None,
            vec![Measure::Criticism, fine(1), Measure::Fine { amount: None }],
            Ok(36),
        ),
        (None, vec![Measure::confiscation(1)], Ok(36)),
        (None, vec![fine(100), Measure::confiscation(1)], Ok(36)),
        (
            None,
            vec![Measure::Warning, Measure::LicenceSuspended],
            Ok(36),
        ),
        (None, vec![Measure::Closure], Ok(36)),
        (None, vec![Measure::PracticeBanned], Ok(36)),
    ];
    for (proc_, measures, want) in cases {
        let mut dec = p(d(2025, 1, 15));
        if let Some(x) = proc_ {
            dec = dec.with_procedure(x);
        }
        for m in &measures {
            dec = dec.with_measure(*m);
        }
        let x = one(&Dossier::new("E").decision(dec), d(2025, 1, 15));
        match want {
            Err(reason) => {
                assert_eq!(x.system.not_published, Some(reason), "{measures:?}");
                assert!(!x.system.public);
                assert_eq!(x.system.until, None);
            }
            Ok(m) => {
                assert_eq!(x.system.not_published, None, "{measures:?}");
                assert_eq!(x.system.months, Some(m), "{measures:?}");
                let until = if m == 3 {
                    d(2025, 4, 15)
                } else {
                    d(2028, 1, 15)
                };
                assert_eq!(x.system.until, Some(until), "{measures:?}");
            }
        }
    }
}

#[test]
fn order45_public_from_publication_or_decision_on_half_open_interval() {
    // Publication date given: publicity starts then, not on the decision date.
    let dec = p(d(2025, 1, 10))
        .with_measure(Measure::Criticism)
        .with_published_on(d(2025, 1, 20));
    let dossier = Dossier::new("E").decision(dec);
    for (on, public) in [
        (d(2025, 1, 19), false),
        (d(2025, 1, 20), true),
        (d(2025, 1, 21), true),
        (d(2025, 4, 19), true),
        (d(2025, 4, 20), false),
        (d(2025, 4, 21), false),
    ] {
        let x = one(&dossier, on);
        assert_eq!(x.system.from, Some(d(2025, 1, 20)));
        assert_eq!(x.system.until, Some(d(2025, 4, 20)));
        assert_eq!(x.system.public, public, "{on}");
    }
    // Unknown publication: from the decision date.
    let x = one(
        &Dossier::new("E").decision(p(d(2025, 1, 10)).with_measure(Measure::Criticism)),
        d(2025, 1, 10),
    );
    assert_eq!(x.system.from, Some(d(2025, 1, 10)));
    assert!(x.system.public);
}

#[test]
fn a_later_restriction_extends_publicity_for_any_decision() {
    // A 3-month decision: restriction on the day before / on / after the period's end.
    for (r, until, extended) in [
        (d(2025, 4, 9), d(2025, 4, 10), false),
        (d(2025, 4, 10), d(2025, 4, 10), false),
        (d(2025, 4, 11), d(2025, 4, 11), true),
        (d(2027, 1, 1), d(2027, 1, 1), true),
    ] {
        let x = one(
            &Dossier::new("E").decision(
                p(d(2025, 1, 10))
                    .with_measure(Measure::Criticism)
                    .with_restriction_until(r),
            ),
            d(2025, 1, 10),
        );
        assert_eq!(x.system.months, Some(3));
        assert_eq!(x.system.scheduled_until, Some(until), "{r}");
        assert_eq!(x.system.extended_by_restriction, extended, "{r}");
    }
    // A 3-year decision extended to the restriction's end; public the day before it.
    let dossier = Dossier::new("E").decision(
        p(d(2025, 1, 10))
            .with_measure(Measure::BusinessRestricted)
            .with_restriction_until(d(2030, 6, 1)),
    );
    assert_eq!(
        one(&dossier, d(2025, 2, 1)).system.scheduled_until,
        Some(d(2030, 6, 1))
    );
    assert!(one(&dossier, d(2030, 5, 31)).system.public);
    assert!(!one(&dossier, d(2030, 6, 1)).system.public);
    // 信用中国 periods are not extended by a restriction.
    assert_eq!(
        one(&dossier, d(2025, 2, 1)).credit_china.until,
        Some(d(2028, 1, 10))
    );
}

// ---- §2: early stop by credit repair ----

/// A long decision published 2025-01-10, duties fulfilled on 2025-02-01.
fn long(measure: Measure) -> Dossier {
    Dossier::new("E")
        .decision(
            p(d(2025, 1, 10))
                .with_measure(fine(50_000))
                .with_measure(measure)
                .with_published_on(d(2025, 1, 10)),
        )
        .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
}

#[test]
fn never_early_is_exactly_the_six_measures() {
    let on = d(2025, 8, 1);
    let six = [
        Measure::ProductionSuspended,
        Measure::BusinessRestricted,
        Measure::PracticeBanned,
        Measure::QualificationLowered,
        Measure::LicenceRevoked,
        Measure::BusinessLicenceRevoked,
    ];
    for m in six {
        let x = one(&long(m).repair(sys("R", on)), on);
        let r = &x.system.repairs[0];
        assert!(!r.accepted, "{m:?}");
        assert_eq!(
            r.failed,
            vec![RepairFailure::NeverEarly {
                measures: vec![m.kind()]
            }]
        );
        assert_eq!(r.earliest, None);
        assert_eq!(x.system.never_early, vec![m.kind()]);
        assert_eq!(x.system.repairable_from, None);
    }
    for m in [
        Measure::Closure,
        Measure::LicenceSuspended,
        Measure::confiscation(5),
        Measure::Warning,
    ] {
        let x = one(&long(m).repair(sys("R", on)), on);
        assert!(x.system.repairs[0].accepted, "{m:?}");
        assert_eq!(x.system.until, Some(on));
        assert!(!x.system.public);
        assert!(one(&long(m).repair(sys("R", on)), prev(on)).system.public);
    }
}

#[test]
fn repair_wait_is_six_months_or_a_year_for_three_fields() {
    for (field, wait_end) in [
        (Field::Other, d(2025, 7, 10)),
        (Field::Food, d(2026, 1, 10)),
        (Field::Drugs, d(2026, 1, 10)),
        (Field::SpecialEquipment, d(2026, 1, 10)),
    ] {
        let base = Dossier::new("E")
            .decision(
                p(d(2025, 1, 5))
                    .with_measure(fine(50_000))
                    .with_field(field)
                    .with_published_on(d(2025, 1, 10)),
            )
            .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)));
        for (on, ok) in [
            (prev(wait_end), false),
            (wait_end, true),
            (next(wait_end), true),
        ] {
            let x = one(&base.clone().repair(sys("R", on)), on);
            assert_eq!(x.system.repairable_from, Some(wait_end));
            let r = &x.system.repairs[0];
            assert_eq!(r.accepted, ok, "{field:?} {on}");
            if !ok {
                assert_eq!(r.failed, vec![RepairFailure::TooEarly { from: wait_end }]);
                assert_eq!(r.earliest, Some(wait_end));
            }
        }
    }
}

#[test]
fn repair_needs_duties_fulfilled_on_or_before_r() {
    let on = d(2025, 8, 1);
    let dec = p(d(2025, 1, 10)).with_measure(fine(50_000));
    for (f, ok) in [(prev(on), true), (on, true), (next(on), false)] {
        let dossier = Dossier::new("E")
            .decision(dec.clone())
            .fulfilment(Fulfilment::new("P1", f))
            .repair(sys("R", on));
        let x = one(&dossier, next(on));
        let r = &x.system.repairs[0];
        assert_eq!(r.accepted, ok, "{f}");
        if !ok {
            assert_eq!(r.failed, vec![RepairFailure::Unfulfilled]);
            assert_eq!(r.earliest, None);
        }
    }
}

#[test]
fn a_later_same_article_penalty_decided_after_and_on_or_before_r() {
    let on = d(2025, 8, 1);
    let base = || {
        Dossier::new("E")
            .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
            .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
            .repair(sys("R", on))
    };
    for (decided, article, fails) in [
        (d(2025, 1, 10), "art-1", false), // the same day: not later
        (d(2025, 1, 11), "art-1", true),
        (prev(on), "art-1", true),
        (on, "art-1", true),
        (next(on), "art-1", false),
        (d(2025, 3, 1), "art-2", false),
    ] {
        let dossier =
            base().decision(Decision::new("P2", decided, article).with_measure(Measure::Criticism));
        let x = rules()
            .publicity(&dossier, d(2025, 9, 1))
            .unwrap()
            .into_iter()
            .find(|x| x.fact == "P1")
            .unwrap();
        let r = &x.system.repairs[0];
        assert_eq!(!r.accepted, fails, "{decided} {article}");
        if fails {
            assert_eq!(
                r.failed,
                vec![RepairFailure::LaterPenalty {
                    facts: vec!["P2".into()]
                }]
            );
            assert_eq!(r.earliest, None);
        }
    }
}

#[test]
fn repair_fails_on_either_list_at_r() {
    let on = d(2025, 8, 1);
    let base = || {
        Dossier::new("E")
            .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
            .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
            .repair(sys("R", on))
    };
    // Given list intervals: [from, until).
    for (from, until, fails) in [
        (next(on), d(2025, 12, 1), false),
        (on, d(2025, 12, 1), true),
        (d(2025, 6, 1), next(on), true),
        (d(2025, 6, 1), on, false),
    ] {
        for serious in [false, true] {
            let l = Listed::from(from).until(until);
            let dossier = if serious {
                base().serious(l)
            } else {
                base().abnormal(l)
            };
            let x = one(&dossier, on);
            let r = &x.system.repairs[0];
            assert_eq!(!r.accepted, fails, "{from} {until} {serious}");
            if fails {
                let want = if serious {
                    RepairFailure::SeriousList { until: Some(until) }
                } else {
                    RepairFailure::AbnormalList { until: Some(until) }
                };
                assert_eq!(r.failed, vec![want]);
                assert_eq!(r.earliest, Some(until));
            }
        }
    }
    // An open entry of the derived list of abnormal operations: no earliest date.
    let dossier = base().abnormal_record(AbnormalRecord::new("E", d(2020, 1, 1)).listing(
        AbnormalListing::new("L1", Ground::Unreachable, d(2025, 3, 1)),
    ));
    let x = one(&dossier, on);
    assert_eq!(
        x.system.repairs[0].failed,
        vec![RepairFailure::AbnormalList { until: None }]
    );
    assert_eq!(x.system.repairs[0].earliest, None);
}

#[test]
fn a_repair_when_not_public_names_that_reason_alone() {
    let on = d(2025, 3, 1);
    // Never published: warning only, simple procedure (also unfulfilled and early).
    for (dec, reason) in [
        (
            p(d(2025, 1, 10)).with_measure(Measure::Warning),
            NotPublished::WarningOnly,
        ),
        (
            p(d(2025, 1, 10))
                .with_procedure(Procedure::Simple)
                .with_measure(fine(50_000)),
            NotPublished::SimpleProcedure,
        ),
        (p(d(2025, 1, 10)), NotPublished::NoMeasures),
    ] {
        let x = one(&Dossier::new("E").decision(dec).repair(sys("R", on)), on);
        assert_eq!(
            x.system.repairs[0].failed,
            vec![RepairFailure::NotPublished { reason }]
        );
        assert_eq!(x.system.repairs[0].earliest, None);
    }
    // A 3-month decision (also unfulfilled, with a later same-article penalty).
    let x = one(
        &Dossier::new("E")
            .decision(p(d(2025, 1, 10)).with_measure(Measure::Criticism))
            .decision(Decision::new("P2", d(2025, 2, 1), "art-1").with_measure(fine(1)))
            .repair(sys("R", on)),
        on,
    );
    assert_eq!(x.system.repairs[0].failed, vec![RepairFailure::ShortPeriod]);
    assert_eq!(x.system.repairable_from, None);
    // Not yet public (published later), unfulfilled.
    let x = one(
        &Dossier::new("E")
            .decision(
                p(d(2025, 1, 10))
                    .with_measure(fine(50_000))
                    .with_published_on(d(2025, 3, 2)),
            )
            .repair(sys("R", on)),
        on,
    );
    assert_eq!(
        x.system.repairs[0].failed,
        vec![RepairFailure::NotYetPublic {
            from: d(2025, 3, 2)
        }]
    );
    // Ended: on the first day no longer shown (unfulfilled).
    let end = d(2028, 1, 10);
    let x = one(
        &Dossier::new("E")
            .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
            .repair(sys("R", end)),
        end,
    );
    assert_eq!(
        x.system.repairs[0].failed,
        vec![RepairFailure::Ended { until: end }]
    );
    // The day before it ends: judged on every condition.
    let x = one(
        &Dossier::new("E")
            .decision(p(d(2025, 1, 10)).with_measure(fine(50_000)))
            .repair(sys("R", prev(end))),
        prev(end),
    );
    assert_eq!(x.system.repairs[0].failed, vec![RepairFailure::Unfulfilled]);
    // Already stopped by an earlier repair.
    let x = one(
        &long(Measure::Warning)
            .repair(sys("R1", d(2025, 8, 1)))
            .repair(sys("R2", d(2025, 8, 2))),
        d(2025, 9, 1),
    );
    assert!(x.system.repairs[0].accepted);
    assert_eq!(
        x.system.repairs[1].failed,
        vec![RepairFailure::AlreadyStopped { on: d(2025, 8, 1) }]
    );
}

#[test]
fn otherwise_every_failing_condition_is_listed() {
    let on = d(2025, 3, 1);
    let dossier = Dossier::new("E")
        .decision(
            p(d(2025, 1, 10))
                .with_measure(fine(50_000))
                .with_measure(Measure::LicenceRevoked)
                .with_measure(Measure::ProductionSuspended),
        )
        .decision(Decision::new("P2", d(2025, 2, 1), "art-1").with_measure(Measure::Criticism))
        .abnormal(Listed::from(d(2025, 2, 1)).until(d(2025, 6, 1)))
        .serious(Listed::from(d(2025, 2, 1)).until(d(2025, 7, 1)))
        .repair(sys("R", on));
    let x = rules()
        .publicity(&dossier, on)
        .unwrap()
        .into_iter()
        .find(|x| x.fact == "P1")
        .unwrap();
    let r = &x.system.repairs[0];
    assert_eq!(
        r.failed,
        vec![
            RepairFailure::NeverEarly {
                measures: vec![
                    MeasureKind::LicenceRevoked,
                    MeasureKind::ProductionSuspended
                ]
            },
            RepairFailure::TooEarly {
                from: d(2025, 7, 10)
            },
            RepairFailure::Unfulfilled,
            RepairFailure::LaterPenalty {
                facts: vec!["P2".into()]
            },
            RepairFailure::AbnormalList {
                until: Some(d(2025, 6, 1))
            },
            RepairFailure::SeriousList {
                until: Some(d(2025, 7, 1))
            },
        ]
    );
    assert_eq!(r.earliest, None);
    // Only known ends: the latest of them.
    let dossier = long(Measure::Warning)
        .serious(Listed::from(d(2025, 2, 1)).until(d(2025, 9, 1)))
        .repair(sys("R", on));
    let r = &one(&dossier, on).system.repairs[0];
    assert_eq!(r.earliest, Some(d(2025, 9, 1)));
}

// ---- §3: 信用中国 classes, periods and repair ----

fn class_of(dec: Decision, on: NaiveDate) -> (Option<Class>, Vec<ClassCause>, bool) {
    let x = one(&Dossier::new("E").decision(dec), on);
    (
        x.credit_china.class,
        x.credit_china.set_by,
        x.credit_china.published,
    )
}

#[test]
fn credit_china_class_case_table() {
    // Decided under Order 36 (from 2026-04-01).
    let at = d(2026, 4, 1);
    let q = |proc_: Option<Procedure>, ms: Vec<Measure>| {
        let mut x = p(at);
        if let Some(pr) = proc_ {
            x = x.with_procedure(pr);
        }
        for m in ms {
            x = x.with_measure(m);
        }
        class_of(x, at).0.unwrap()
    };
    use Class::{General, Minor, Serious};
    let cases: Vec<(Option<Procedure>, Vec<Measure>, Class)> = vec![
        (Some(Procedure::Simple), vec![Measure::Warning], Minor),
        (Some(Procedure::Simple), vec![fine(200)], Minor),
        (Some(Procedure::Simple), vec![fine(50_000)], General),
        (
            Some(Procedure::Simple),
            vec![Measure::Fine { amount: None }],
            General,
        ),
        (Some(Procedure::Ordinary), vec![Measure::Warning], Minor),
        (None, vec![Measure::Criticism], Minor),
        (None, vec![Measure::Warning, Measure::Criticism], Minor),
        (None, vec![fine(10_000)], Minor),
        (None, vec![fine(10_001)], General),
        (None, vec![fine(6_000), fine(4_000)], Minor),
        (None, vec![fine(6_000), fine(4_001)], General),
        (None, vec![Measure::Fine { amount: None }], General),
        (None, vec![Measure::LicenceSuspended], General),
        (None, vec![Measure::QualificationLowered], General),
        (None, vec![Measure::confiscation(1)], General),
        (None, vec![fine(1), Measure::confiscation(1)], General),
        (None, vec![Measure::LicenceRevoked], Serious),
        (None, vec![Measure::BusinessLicenceRevoked], Serious),
        (None, vec![Measure::BusinessRestricted], Serious),
        (None, vec![Measure::ProductionSuspended], Serious),
        (None, vec![Measure::Closure], Serious),
        (None, vec![Measure::PracticeBanned], Serious),
        (
            Some(Procedure::Simple),
            vec![Measure::Warning, Measure::Closure],
            Serious,
        ),
    ];
    for (proc_, ms, want) in cases {
        assert_eq!(q(proc_, ms.clone()), want, "{proc_:?} {ms:?}");
    }
    // Under Order 58, 轻微 counts as 一般.
    let (c, set_by, published) = class_of(
        p(d(2026, 3, 31)).with_measure(Measure::Warning),
        d(2026, 3, 31),
    );
    assert_eq!(c, Some(General));
    assert!(set_by.contains(&ClassCause::MinorCountsAsGeneral));
    assert!(published);
    // A penalty without measures has no class.
    assert_eq!(class_of(p(at), at).0, None);
}

#[test]
fn credit_china_periods_from_the_decision_date() {
    // 一般 (Order 58): from 3 months to 1 year; publication date does not matter.
    let dossier = Dossier::new("E").decision(
        p(d(2025, 5, 20))
            .with_measure(fine(50_000))
            .with_published_on(d(2025, 6, 30)),
    );
    let x = one(&dossier, d(2025, 6, 1));
    assert_eq!(x.credit_china.repairable_from, Some(d(2025, 8, 20)));
    assert_eq!(x.credit_china.until, Some(d(2026, 5, 20)));
    assert!(one(&dossier, d(2026, 5, 19)).credit_china.public);
    assert!(!one(&dossier, d(2026, 5, 20)).credit_china.public);
    // 严重: from 1 year to 3 years.
    let x = one(
        &Dossier::new("E").decision(p(d(2025, 5, 20)).with_measure(Measure::Closure)),
        d(2025, 6, 1),
    );
    assert_eq!(x.credit_china.repairable_from, Some(d(2026, 5, 20)));
    assert_eq!(x.credit_china.until, Some(d(2028, 5, 20)));
    // 轻微 under Order 36: not published; repairable at once, at most 3 months.
    let x = one(
        &Dossier::new("E").decision(p(d(2026, 4, 30)).with_measure(Measure::Criticism)),
        d(2026, 5, 1),
    );
    assert_eq!(x.credit_china.class, Some(Class::Minor));
    assert!(!x.credit_china.published);
    assert!(!x.credit_china.public);
    assert_eq!(x.credit_china.repairable_from, Some(d(2026, 4, 30)));
    assert_eq!(x.credit_china.until, Some(d(2026, 7, 30)));
}

#[test]
fn credit_china_repair_case_table() {
    // 一般 (Order 58), decided 2025-05-20: [2025-08-20, 2026-05-20).
    let dec = || p(d(2025, 5, 20)).with_measure(fine(50_000));
    for (on, want, earliest) in [
        (
            d(2025, 8, 19),
            vec![RepairFailure::TooEarly {
                from: d(2025, 8, 20),
            }],
            Some(d(2025, 8, 20)),
        ),
        (d(2025, 8, 20), vec![], None),
        (d(2026, 5, 19), vec![], None),
        (
            d(2026, 5, 20),
            vec![RepairFailure::Ended {
                until: d(2026, 5, 20),
            }],
            None,
        ),
    ] {
        // No fulfilment: not needed for 一般.
        let x = one(&Dossier::new("E").decision(dec()).repair(cc("R", on)), on);
        let r = &x.credit_china.repairs[0];
        assert_eq!(r.failed, want, "{on}");
        assert_eq!(r.accepted, want.is_empty());
        assert_eq!(r.earliest, earliest, "{on}");
        if r.accepted {
            assert_eq!(x.credit_china.until, Some(on));
            assert!(!x.credit_china.public);
        }
    }
    // 轻微 under Order 36 needs the duties fulfilled.
    let dec = || p(d(2026, 4, 30)).with_measure(Measure::Criticism);
    let on = d(2026, 5, 10);
    let x = one(&Dossier::new("E").decision(dec()).repair(cc("R", on)), on);
    assert_eq!(
        x.credit_china.repairs[0].failed,
        vec![RepairFailure::Unfulfilled]
    );
    assert_eq!(x.credit_china.repairs[0].earliest, None);
    let x = one(
        &Dossier::new("E")
            .decision(dec())
            .fulfilment(Fulfilment::new("P1", on))
            .repair(cc("R", on)),
        on,
    );
    assert!(x.credit_china.repairs[0].accepted);
    // On its end: ended, that reason alone (unfulfilled as well).
    let end = d(2026, 7, 30);
    let x = one(&Dossier::new("E").decision(dec()).repair(cc("R", end)), end);
    assert_eq!(
        x.credit_china.repairs[0].failed,
        vec![RepairFailure::Ended { until: end }]
    );
    let x = one(
        &Dossier::new("E").decision(dec()).repair(cc("R", prev(end))),
        prev(end),
    );
    assert_eq!(
        x.credit_china.repairs[0].failed,
        vec![RepairFailure::Unfulfilled]
    );
    // Stopped by a repair, then asked again: already stopped, or ended once the
    // period is over (the order of the publicity system).
    let dossier = Dossier::new("E")
        .decision(dec())
        .fulfilment(Fulfilment::new("P1", on))
        .repair(cc("R1", on))
        .repair(cc("R2", prev(end)))
        .repair(cc("R3", end));
    let x = one(&dossier, end);
    assert_eq!(
        x.credit_china.repairs[1].failed,
        vec![RepairFailure::AlreadyStopped { on }]
    );
    assert_eq!(
        x.credit_china.repairs[2].failed,
        vec![RepairFailure::Ended { until: end }]
    );
    let dossier = long(Measure::Warning)
        .repair(sys("R1", d(2025, 8, 1)))
        .repair(sys("R2", d(2028, 1, 10)));
    assert_eq!(
        one(&dossier, d(2028, 2, 1)).system.repairs[1].failed,
        vec![RepairFailure::Ended {
            until: d(2028, 1, 10)
        }]
    );
}

#[test]
fn credit_china_repair_is_judged_with_the_class_at_r() {
    // A heavy fine: 一般 until the serious listing makes it 严重.
    let listing = d(2025, 9, 1);
    let base = Dossier::new("E")
        .decision(
            p(d(2025, 5, 20))
                .with_measure(fine(50_000))
                .with_heavy(true),
        )
        .serious_listing(SeriousListing::decision("S1", "P1", listing));
    for (on, want) in [
        (prev(listing), vec![]),
        (
            listing,
            vec![RepairFailure::TooEarly {
                from: d(2026, 5, 20),
            }],
        ),
    ] {
        let x = one(&base.clone().repair(cc("R", on)), on);
        assert_eq!(x.credit_china.repairs[0].failed, want, "{on}");
    }
    assert_eq!(
        one(&base, prev(listing)).credit_china.class,
        Some(Class::General)
    );
    let x = one(&base, listing);
    assert_eq!(x.credit_china.class, Some(Class::Serious));
    assert!(
        x.credit_china
            .set_by
            .contains(&ClassCause::SeriousListing { from: listing })
    );
    assert_eq!(x.credit_china.until, Some(d(2028, 5, 20)));
}

// ---- §3 and §6: which version governs ----

#[test]
fn the_version_boundary_and_the_governing_choice() {
    let minor = |on| {
        p(on)
            .with_measure(Measure::Warning)
            .with_measure(Measure::Criticism)
    };
    // Decided 2026-03-31: Order 58, 一般, shown for a year.
    let x = one(
        &Dossier::new("E").decision(minor(d(2026, 3, 31))),
        d(2026, 4, 15),
    );
    assert_eq!(x.credit_china.versions[0].name, "NDRC Order 58");
    assert_eq!(x.credit_china.class, Some(Class::General));
    assert_eq!(x.credit_china.until, Some(d(2027, 3, 31)));
    assert!(x.credit_china.public);
    // Decided 2026-04-01: Order 36, 轻微, not shown.
    let x = one(
        &Dossier::new("E").decision(minor(d(2026, 4, 1))),
        d(2026, 4, 15),
    );
    assert_eq!(x.credit_china.versions[0].name, "NDRC Order 36");
    assert_eq!(x.credit_china.class, Some(Class::Minor));
    assert!(!x.credit_china.public);

    let dossier = Dossier::new("E").decision(minor(d(2026, 3, 31)));
    let names = |g: Governing, on| {
        let x = rules()
            .with_governing(g)
            .publicity(&dossier, on)
            .unwrap()
            .remove(0);
        (
            x.credit_china
                .versions
                .iter()
                .map(|v| v.name.clone())
                .collect::<Vec<_>>(),
            x.credit_china.class,
        )
    };
    assert_eq!(
        names(Governing::AssessmentDate, d(2026, 3, 31)),
        (vec!["NDRC Order 58".to_owned()], Some(Class::General))
    );
    assert_eq!(
        names(Governing::AssessmentDate, d(2026, 4, 1)),
        (vec!["NDRC Order 36".to_owned()], Some(Class::Minor))
    );
    assert_eq!(
        names(Governing::Lighter, d(2026, 3, 31)),
        (vec!["NDRC Order 58".to_owned()], Some(Class::General))
    );
    assert_eq!(
        names(Governing::Lighter, d(2026, 4, 1)),
        (
            vec!["NDRC Order 36".to_owned(), "NDRC Order 58".to_owned()],
            Some(Class::Minor)
        )
    );
    // Equal weight under both: the decision date's version, both named.
    let dossier = Dossier::new("E").decision(p(d(2026, 3, 31)).with_measure(Measure::Closure));
    let x = rules()
        .with_governing(Governing::Lighter)
        .publicity(&dossier, d(2026, 4, 1))
        .unwrap()
        .remove(0);
    let v: Vec<_> = x
        .credit_china
        .versions
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(v, ["NDRC Order 58", "NDRC Order 36"]);
}

#[test]
fn asking_before_the_first_version_is_an_error() {
    let err = |dec: Decision, on| -> Error {
        rules()
            .publicity(&Dossier::new("E").decision(dec), on)
            .unwrap_err()
    };
    // 信用中国 starts 2023-05-01.
    let e = err(p(d(2023, 4, 30)).with_measure(fine(50_000)), d(2023, 6, 1));
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
    assert_eq!(e.enterprise(), Some("E"));
    assert_eq!(e.fact(), Some("P1"));
    assert!(
        rules()
            .publicity(
                &Dossier::new("E").decision(p(d(2023, 5, 1)).with_measure(fine(50_000))),
                d(2023, 6, 1)
            )
            .is_ok()
    );
    // The publicity system starts 2021-09-01.
    let e = err(p(d(2021, 8, 31)).with_measure(fine(50_000)), d(2023, 6, 1));
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
    // The list of abnormal operations starts 2014-10-01.
    let rec = AbnormalRecord::new("E", d(2010, 1, 1));
    let dossier = Dossier::new("E").abnormal_record(rec);
    let e = rules().state(&dossier, d(2014, 9, 30)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::BeforeFirstVersion);
    assert!(rules().state(&dossier, d(2014, 10, 1)).is_ok());
}

// ---- §4: the list of abnormal operations ----

fn cal() -> HolidayCalendar {
    HolidayCalendar::china()
}

#[test]
fn worklist_listable_from_1_july_list_by_the_10th_working_day() {
    let rules = AbnormalRules::national().derived(true);
    let rec =
        AbnormalRecord::new("E", d(2023, 12, 31)).report(ReportFiled::new(2023, d(2024, 5, 1)));
    for (as_of, n) in [(d(2025, 6, 30), 0), (d(2025, 7, 1), 1)] {
        let s = rec.state(&rules, &cal(), as_of).unwrap();
        assert_eq!(s.worklist.len(), n, "{as_of}");
    }
    for (as_of, overdue) in [
        (d(2025, 7, 13), false),
        (d(2025, 7, 14), false),
        (d(2025, 7, 15), true),
    ] {
        let w = rec.state(&rules, &cal(), as_of).unwrap().worklist[0];
        assert_eq!(w.year, 2024);
        assert_eq!(w.listable_from, d(2025, 7, 1));
        assert_eq!(w.list_by, d(2025, 7, 14));
        assert_eq!(w.overdue, overdue, "{as_of}");
    }
    // Reports are due from the registration year: the 2023 report of an
    // enterprise registered on 2023-12-31.
    let rec = AbnormalRecord::new("E", d(2023, 12, 31));
    let w = rec.state(&rules, &cal(), d(2024, 7, 1)).unwrap().worklist;
    assert_eq!(w.len(), 1);
    assert_eq!((w[0].year, w[0].list_by), (2023, d(2024, 7, 12)));
    // Off by default; the worklist never lists anyone.
    let s = rec
        .state(&AbnormalRules::national(), &cal(), d(2024, 7, 20))
        .unwrap();
    assert!(s.worklist.is_empty());
    assert!(!s.on_list);
    let s = rec.state(&rules, &cal(), d(2024, 7, 20)).unwrap();
    assert!(!s.on_list);
    // 2026: the 10th working day after 2026-06-30.
    let rec = AbnormalRecord::new("E", d(2025, 1, 1));
    let w = rec.state(&rules, &cal(), d(2026, 7, 1)).unwrap().worklist;
    assert_eq!(w[0].list_by, d(2026, 7, 14));
}

#[test]
fn list_by_counts_working_days_strictly_after_30_june_across_a_holiday() {
    // A table for 2027 with a holiday on 1–2 July and a working Saturday, 10 July.
    let cal =
        HolidayCalendar::new([2027], [d(2027, 7, 1), d(2027, 7, 2)], [d(2027, 7, 10)]).unwrap();
    // 30 June 2027 is a Wednesday: working days 5–9, 10 (Sat), 12–15 July.
    assert_eq!(
        add_working_days(&cal, d(2027, 6, 30), 1).unwrap(),
        d(2027, 7, 5)
    );
    assert_eq!(
        add_working_days(&cal, d(2027, 6, 30), 10).unwrap(),
        d(2027, 7, 15)
    );
    let rules = AbnormalRules::national().derived(true);
    let rec = AbnormalRecord::new("E", d(2026, 3, 1));
    let w = rec.state(&rules, &cal, d(2027, 7, 1)).unwrap().worklist;
    assert_eq!(w[0].list_by, d(2027, 7, 15));
    // A year without a table: an error, not a guess.
    let e = rec
        .state(&rules, &HolidayCalendar::china(), d(2027, 7, 1))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
}

#[test]
fn ground_1_is_cured_when_y_and_every_overdue_report_are_filed() {
    let rules = AbnormalRules::national().derived(true);
    let base = || {
        AbnormalRecord::new("E", d(2023, 3, 1)).listing(AbnormalListing::new(
            "L1",
            Ground::AnnualReport { year: 2023 },
            d(2024, 7, 10),
        ))
    };
    // Filed on 30 June 2025: the 2024 deadline has not passed.
    let s = base()
        .report(ReportFiled::new(2023, d(2025, 6, 30)))
        .state(&rules, &cal(), d(2025, 8, 1))
        .unwrap();
    assert_eq!(s.entries[0].cured_on, Some(d(2025, 6, 30)));
    assert_eq!(s.entries[0].until, Some(d(2025, 6, 30)));
    assert_eq!(s.entries[0].exit, Some(Exit::Cured));
    // Filed on 1 July 2025: the 2024 report is overdue too.
    let late = base().report(ReportFiled::new(2023, d(2025, 7, 1)));
    let s = late.state(&rules, &cal(), d(2025, 8, 1)).unwrap();
    assert_eq!(s.entries[0].cured_on, None);
    assert!(s.on_list);
    let s = late
        .clone()
        .report(ReportFiled::new(2024, d(2025, 9, 1)))
        .state(&rules, &cal(), d(2025, 9, 1))
        .unwrap();
    assert_eq!(s.entries[0].cured_on, Some(d(2025, 9, 1)));
    assert!(!s.on_list);
    assert!(
        late.report(ReportFiled::new(2024, d(2025, 9, 1)))
            .state(&rules, &cal(), d(2025, 8, 31))
            .unwrap()
            .on_list
    );
    // Not derived: a cure does not close the entry; a recorded removal does.
    let nd = AbnormalRules::national();
    let rec = base().report(ReportFiled::new(2023, d(2025, 6, 30)));
    let s = rec.state(&nd, &cal(), d(2025, 8, 1)).unwrap();
    assert_eq!(s.entries[0].cured_on, Some(d(2025, 6, 30)));
    assert!(s.on_list);
    let rec = rec.removal(AbnormalRemoval::new("L1", d(2025, 7, 3)));
    assert!(rec.state(&nd, &cal(), d(2025, 7, 2)).unwrap().on_list);
    let s = rec.state(&nd, &cal(), d(2025, 7, 3)).unwrap();
    assert!(!s.on_list);
    assert_eq!(s.entries[0].exit, Some(Exit::Removal));
}

#[test]
fn grounds_2_to_4_cure_on_or_after_the_listing_and_several_grounds() {
    let rules = AbnormalRules::national().derived(true);
    let l = d(2025, 3, 10);
    for (cure, cured) in [(prev(l), None), (l, Some(l)), (next(l), Some(next(l)))] {
        for g in [
            Ground::NotPublished,
            Ground::FalseInformation,
            Ground::Unreachable,
        ] {
            let s = AbnormalRecord::new("E", d(2024, 1, 1))
                .listing(AbnormalListing::new("L1", g, l))
                .cure(Cure::new(g, cure))
                .state(&rules, &cal(), d(2025, 4, 1))
                .unwrap();
            assert_eq!(s.entries[0].cured_on, cured, "{g:?} {cure}");
        }
    }
    // A cure of another ground does nothing.
    let s = AbnormalRecord::new("E", d(2024, 1, 1))
        .listing(AbnormalListing::new("L1", Ground::Unreachable, l))
        .cure(Cure::new(Ground::FalseInformation, l))
        .state(&rules, &cal(), d(2025, 4, 1))
        .unwrap();
    assert_eq!(s.entries[0].cured_on, None);
    // Several grounds: off the list when every entry is closed.
    let rec = AbnormalRecord::new("E", d(2024, 1, 1))
        .listing(AbnormalListing::new("L1", Ground::Unreachable, l))
        .listing(AbnormalListing::new(
            "L2",
            Ground::FalseInformation,
            d(2025, 4, 1),
        ))
        .cure(Cure::new(Ground::Unreachable, d(2025, 5, 1)))
        .cure(Cure::new(Ground::FalseInformation, d(2025, 6, 1)));
    for (on, listed, since) in [
        (prev(l), false, None),
        (l, true, Some(l)),
        (d(2025, 4, 30), true, Some(l)),
        (d(2025, 5, 1), true, Some(d(2025, 4, 1))),
        (d(2025, 5, 31), true, Some(d(2025, 4, 1))),
        (d(2025, 6, 1), false, None),
    ] {
        let s = rec.state(&rules, &cal(), on).unwrap();
        assert_eq!((s.on_list, s.listed_since), (listed, since), "{on}");
    }
}

#[test]
fn escalation_on_the_third_anniversary_with_notice_60_days_before() {
    let nd = AbnormalRules::national();
    let l = d(2023, 2, 1);
    let e = d(2026, 2, 1);
    let base = || {
        AbnormalRecord::new("E", d(2020, 1, 1)).listing(AbnormalListing::new(
            "L1",
            Ground::Unreachable,
            l,
        ))
    };
    let s = base().state(&nd, &cal(), d(2025, 1, 1)).unwrap();
    assert_eq!(s.entries[0].escalation_on, Some(e));
    assert_eq!(s.entries[0].notice_on, Some(d(2025, 12, 3)));
    // Cured or removed the day before / on / after the anniversary.
    for (on, due) in [(prev(e), false), (e, false), (next(e), true)] {
        let s = base()
            .cure(Cure::new(Ground::Unreachable, on))
            .state(&nd, &cal(), d(2026, 3, 1))
            .unwrap();
        assert_eq!(s.entries[0].escalation_on.is_some(), due, "cure {on}");
        let s = base()
            .removal(AbnormalRemoval::new("L1", on))
            .state(&nd, &cal(), d(2026, 3, 1))
            .unwrap();
        assert_eq!(s.entries[0].escalation_on.is_some(), due, "removal {on}");
    }
    // 2024-02-29 + 3 years: 2027-02-28.
    let s = AbnormalRecord::new("E", d(2020, 1, 1))
        .listing(AbnormalListing::new(
            "L1",
            Ground::Unreachable,
            d(2024, 2, 29),
        ))
        .state(&nd, &cal(), d(2024, 3, 1))
        .unwrap();
    assert_eq!(s.entries[0].escalation_on, Some(d(2027, 2, 28)));
    assert_eq!(s.entries[0].notice_on, Some(d(2026, 12, 30)));

    // The move: a recorded escalation listing, valid from the anniversary.
    let dossier = |on| {
        Dossier::new("E")
            .abnormal_record(base())
            .serious_listing(SeriousListing::escalation("S1", on))
    };
    let err = rules().state(&dossier(prev(e)), e).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.fact(), Some("S1"));
    for on in [e, next(e)] {
        let s = rules().state(&dossier(on), d(2026, 6, 1)).unwrap();
        assert!(!s.abnormal.on_list);
        assert_eq!(s.abnormal.entries[0].until, Some(on));
        assert_eq!(
            s.abnormal.entries[0].exit,
            Some(Exit::Escalated {
                listing: "S1".into()
            })
        );
        assert!(s.serious.on_list);
        assert_eq!(s.serious.entries[0].moved, vec!["L1".to_owned()]);
        let s = rules().state(&dossier(on), prev(on)).unwrap();
        assert!(s.abnormal.on_list);
        assert!(!s.serious.on_list);
    }
}

// ---- §5: the serious list ----

#[test]
fn a_serious_listing_must_cite_a_heavy_decision() {
    let l = d(2025, 3, 1);
    let with = |dec: Decision| {
        rules().serious_state(
            &Dossier::new("E")
                .decision(dec)
                .serious_listing(SeriousListing::decision("S1", "P1", l)),
            l,
        )
    };
    let base = || p(d(2025, 2, 1));
    for m in [
        Measure::QualificationLowered,
        Measure::LicenceRevoked,
        Measure::BusinessLicenceRevoked,
        Measure::BusinessRestricted,
        Measure::ProductionSuspended,
        Measure::Closure,
        Measure::PracticeBanned,
    ] {
        assert!(with(base().with_measure(m)).unwrap().on_list, "{m:?}");
    }
    assert!(
        with(base().with_measure(fine(1)).with_heavy(true))
            .unwrap()
            .on_list
    );
    for dec in [
        base().with_measure(fine(1_000_000)),
        base().with_measure(Measure::Warning).with_heavy(true),
        base()
            .with_measure(Measure::LicenceSuspended)
            .with_heavy(true),
        base().with_measure(Measure::confiscation(1_000_000)),
    ] {
        let e = with(dec).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.enterprise(), Some("E"));
        assert_eq!(e.fact(), Some("S1"));
    }
    let e = rules()
        .serious_state(
            &Dossier::new("E").serious_listing(SeriousListing::decision("S1", "P9", l)),
            l,
        )
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownDecision);
}

#[test]
fn serious_publicity_three_years_or_the_restriction() {
    let l = d(2024, 2, 29);
    let dossier = |r: Option<NaiveDate>| {
        let mut dec = p(d(2024, 2, 1)).with_measure(Measure::ProductionSuspended);
        if let Some(r) = r {
            dec = dec.with_restriction_until(r);
        }
        Dossier::new("E")
            .decision(dec)
            .serious_listing(SeriousListing::decision("S1", "P1", l))
    };
    let end = d(2027, 2, 28);
    for (on, listed) in [(prev(l), false), (l, true), (prev(end), true), (end, false)] {
        let s = rules().serious_state(&dossier(None), on).unwrap();
        assert_eq!(s.on_list, listed, "{on}");
    }
    let s = rules().serious_state(&dossier(None), end).unwrap();
    assert_eq!(s.entries[0].exit, Some(SeriousExit::Automatic));
    assert_eq!(s.entries[0].scheduled_until, end);
    for (r, until, ext) in [
        (prev(end), end, false),
        (end, end, false),
        (next(end), next(end), true),
    ] {
        let s = rules().serious_state(&dossier(Some(r)), l).unwrap();
        assert_eq!(
            (
                s.entries[0].scheduled_until,
                s.entries[0].extended_by_restriction
            ),
            (until, ext),
            "{r}"
        );
    }
}

#[test]
fn serious_early_removal_case_table() {
    let l = d(2024, 3, 1);
    let year = d(2025, 3, 1);
    let dossier = |restriction: NaiveDate, fulfilled: NaiveDate, later: Option<Decision>, on| {
        let mut x = Dossier::new("E")
            .decision(
                p(d(2024, 2, 1))
                    .with_measure(Measure::ProductionSuspended)
                    .with_restriction_until(restriction),
            )
            .fulfilment(Fulfilment::new("P1", fulfilled))
            .serious_listing(SeriousListing::decision("S1", "P1", l))
            .serious_removal(RemovalApplication::new("A1", "S1", on));
        if let Some(dec) = later {
            x = x.decision(dec);
        }
        rules()
            .serious_state(&x, on)
            .unwrap()
            .entries
            .remove(0)
            .removals
            .remove(0)
    };
    let r0 = d(2024, 9, 1);
    let f0 = d(2024, 4, 1);
    // The year on the list.
    for (on, want) in [
        (prev(year), vec![RemovalFailure::TooEarly { from: year }]),
        (year, vec![]),
        (next(year), vec![]),
    ] {
        let o = dossier(r0, f0, None, on);
        assert_eq!(o.failed, want, "{on}");
        assert_eq!(o.granted, want.is_empty());
        if !o.granted {
            assert_eq!(o.earliest, Some(year));
        }
    }
    // The restriction ended at r: restriction_until is the first day without it.
    let rr = d(2025, 6, 1);
    let o = dossier(rr, f0, None, prev(rr));
    assert_eq!(o.failed, vec![RemovalFailure::Restricted { until: rr }]);
    assert_eq!(o.earliest, Some(rr));
    assert!(dossier(rr, f0, None, rr).granted);
    // Too early and restricted: the later of the two.
    let o = dossier(rr, f0, None, d(2025, 1, 1));
    assert_eq!(o.earliest, Some(rr));
    // Duties fulfilled on or before r.
    assert!(dossier(r0, year, None, year).granted);
    let o = dossier(r0, next(year), None, year);
    assert_eq!(
        o.failed,
        vec![RemovalFailure::Unfulfilled {
            decision: "P1".into()
        }]
    );
    assert_eq!(o.earliest, None);
    // A further heavy penalty decided after the listing and on or before r.
    let heavy = |on| Decision::new("P2", on, "art-9").with_measure(Measure::Closure);
    assert!(dossier(r0, f0, Some(heavy(l)), year).granted);
    let o = dossier(r0, f0, Some(heavy(next(l))), year);
    assert_eq!(
        o.failed,
        vec![RemovalFailure::FurtherHeavyPenalty {
            facts: vec!["P2".into()]
        }]
    );
    assert_eq!(o.earliest, None);
    let o = dossier(r0, f0, Some(heavy(year)), year);
    assert!(!o.granted);
    // A later penalty that is not heavy does not count.
    let light = Decision::new("P2", d(2024, 6, 1), "art-9").with_measure(fine(1));
    assert!(dossier(r0, f0, Some(light), year).granted);
}

// ---- §7: the holiday tables ----

fn span(y: i32, from: (u32, u32), to: (u32, u32)) -> Vec<NaiveDate> {
    let (a, b) = (d(y, from.0, from.1), d(y, to.0, to.1));
    a.iter_days().take_while(|x| *x <= b).collect()
}

#[test]
fn holiday_tables_match_the_notices_day_by_day() {
    type Table = (
        i32,
        HolidayCalendar,
        Vec<((u32, u32), (u32, u32))>,
        Vec<(u32, u32)>,
    );
    let tables: Vec<Table> = vec![
        (
            2024,
            HolidayCalendar::china_2024(),
            vec![
                ((1, 1), (1, 1)),
                ((2, 10), (2, 17)),
                ((4, 4), (4, 6)),
                ((5, 1), (5, 5)),
                ((6, 10), (6, 10)),
                ((9, 15), (9, 17)),
                ((10, 1), (10, 7)),
            ],
            vec![
                (2, 4),
                (2, 18),
                (4, 7),
                (4, 28),
                (5, 11),
                (9, 14),
                (9, 29),
                (10, 12),
            ],
        ),
        (
            2025,
            HolidayCalendar::china_2025(),
            vec![
                ((1, 1), (1, 1)),
                ((1, 28), (2, 4)),
                ((4, 4), (4, 6)),
                ((5, 1), (5, 5)),
                ((5, 31), (6, 2)),
                ((10, 1), (10, 8)),
            ],
            vec![(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
        ),
        (
            2026,
            HolidayCalendar::china_2026(),
            vec![
                ((1, 1), (1, 3)),
                ((2, 15), (2, 23)),
                ((4, 4), (4, 6)),
                ((5, 1), (5, 5)),
                ((6, 19), (6, 21)),
                ((9, 25), (9, 27)),
                ((10, 1), (10, 7)),
            ],
            vec![(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
        ),
    ];
    let all = HolidayCalendar::china();
    for (y, cal, hol, work) in tables {
        let hol: BTreeSet<NaiveDate> = hol.iter().flat_map(|(a, b)| span(y, *a, *b)).collect();
        let work: BTreeSet<NaiveDate> = work.iter().map(|(m, x)| d(y, *m, *x)).collect();
        assert_eq!(cal.holidays().collect::<BTreeSet<_>>(), hol, "{y}");
        assert_eq!(cal.working_weekends().collect::<BTreeSet<_>>(), work, "{y}");
        for day in span(y, (1, 1), (12, 31)) {
            let weekend = day.weekday().number_from_monday() >= 6;
            let want = work.contains(&day) || (!weekend && !hol.contains(&day));
            assert_eq!(cal.is_working_day(day).unwrap(), want, "{day}");
            assert_eq!(all.is_working_day(day).unwrap(), want, "{day}");
        }
        // Outside its year: an error.
        let e = cal.is_working_day(d(y + 1, 1, 5)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
        let e = cal.is_working_day(d(y - 1, 12, 31)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
    }
    assert!(!all.is_working_day(d(2026, 1, 1)).unwrap());
    assert_eq!(
        all.is_working_day(d(2027, 1, 4)).unwrap_err().kind(),
        ErrorKind::OutsideCalendar
    );
}

#[test]
fn n_working_days_after_d_is_strictly_after() {
    let cal = HolidayCalendar::china_2025();
    // Friday 2025-09-26: the next working day is Sunday 28 September (worked).
    assert_eq!(
        add_working_days(&cal, d(2025, 9, 26), 1).unwrap(),
        d(2025, 9, 28)
    );
    // 2025-09-30 + 1 working day: 9 October (1–8 October holidays).
    assert_eq!(
        add_working_days(&cal, d(2025, 9, 30), 1).unwrap(),
        d(2025, 10, 9)
    );
    // A working day itself is not counted.
    assert_eq!(
        add_working_days(&cal, d(2025, 3, 3), 1).unwrap(),
        d(2025, 3, 4)
    );
}

// ---- §2 and §5 together: lists derived from the recorded facts ----

#[test]
fn a_derived_serious_listing_blocks_a_repair_until_its_scheduled_end() {
    let l = d(2025, 2, 1);
    let on = d(2025, 8, 1);
    let dossier = long(Measure::Warning)
        .decision(Decision::new("P2", d(2025, 1, 20), "art-2").with_measure(Measure::Closure))
        .serious_listing(SeriousListing::decision("S1", "P2", l))
        .repair(sys("R", on));
    let x = rules()
        .publicity(&dossier, on)
        .unwrap()
        .into_iter()
        .find(|x| x.fact == "P1")
        .unwrap();
    let r = &x.system.repairs[0];
    assert_eq!(
        r.failed,
        vec![RepairFailure::SeriousList {
            until: Some(d(2028, 2, 1))
        }]
    );
    // The list ends after the publicity does: no day it could succeed.
    assert_eq!(x.system.scheduled_until, Some(d(2028, 1, 10)));
    assert_eq!(r.earliest, None);
}

#[test]
fn an_escalation_is_removed_early_once_every_moved_entry_is_cured() {
    let l = d(2022, 1, 10);
    let e = d(2025, 1, 10);
    let year = d(2026, 1, 10);
    let dossier = |cure: Option<NaiveDate>, apply: NaiveDate| {
        let mut rec = AbnormalRecord::new("E", d(2020, 1, 1)).listing(AbnormalListing::new(
            "L1",
            Ground::Unreachable,
            l,
        ));
        if let Some(c) = cure {
            rec = rec.cure(Cure::new(Ground::Unreachable, c));
        }
        Dossier::new("E")
            .abnormal_record(rec)
            .serious_listing(SeriousListing::escalation("S1", e))
            .serious_removal(RemovalApplication::new("A1", "S1", apply))
    };
    let get = |cure, apply| {
        rules()
            .serious_state(&dossier(cure, apply), apply)
            .unwrap()
            .entries
            .remove(0)
    };
    let s = get(None, year);
    assert_eq!(
        s.removals[0].failed,
        vec![RemovalFailure::Uncured {
            entries: vec!["L1".into()]
        }]
    );
    assert_eq!(s.removals[0].earliest, None);
    assert!(get(Some(year), year).removals[0].granted);
    let s = get(Some(next(year)), year);
    assert!(!s.removals[0].granted);
    let s = get(Some(d(2025, 6, 1)), prev(year));
    assert_eq!(
        s.removals[0].failed,
        vec![RemovalFailure::TooEarly { from: year }]
    );
    assert_eq!(s.removals[0].earliest, Some(year));
    // An entry cured on its anniversary is not due: the escalation is refused.
    let err = rules()
        .serious_state(&dossier(Some(e), year), year)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.fact(), Some("S1"));
}

#[test]
fn facts_that_target_an_unknown_decision_are_typed_errors() {
    let on = d(2025, 8, 1);
    let base = || Dossier::new("E").decision(p(d(2025, 1, 10)).with_measure(fine(50_000)));
    for dossier in [
        base().repair(RepairApplication::new(
            "R",
            "P9",
            on,
            Channel::PublicitySystem,
        )),
        base().fulfilment(Fulfilment::new("P9", on)),
        base().repair(RepairApplication::new(
            "R",
            "P1",
            d(2025, 1, 9),
            Channel::CreditChina,
        )),
    ] {
        let e = rules().publicity(&dossier, on).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownDecision);
        assert_eq!(e.enterprise(), Some("E"));
    }
}

#[test]
fn the_class_stays_serious_after_the_listing_ends() {
    let listing = d(2025, 9, 1);
    let dossier = Dossier::new("E")
        .decision(
            p(d(2025, 5, 20))
                .with_measure(fine(50_000))
                .with_heavy(true),
        )
        .fulfilment(Fulfilment::new("P1", d(2025, 6, 1)))
        .serious_listing(SeriousListing::decision("S1", "P1", listing))
        .serious_removal(RemovalApplication::new("A1", "S1", d(2026, 9, 1)));
    let on = d(2026, 9, 2);
    assert!(!rules().serious_state(&dossier, on).unwrap().on_list);
    let x = one(&dossier, on);
    assert_eq!(x.credit_china.class, Some(Class::Serious));
    assert_eq!(x.credit_china.until, Some(d(2028, 5, 20)));
    assert!(x.credit_china.public);
    // 轻微 under Order 36 is never public on 信用中国, not even in its window.
    let x = one(
        &Dossier::new("E").decision(p(d(2026, 4, 1)).with_measure(Measure::Criticism)),
        d(2026, 4, 1),
    );
    assert!(!x.credit_china.public);
    let standing = rules()
        .standing(
            &Dossier::new("E").decision(p(d(2026, 4, 1)).with_measure(Measure::Criticism)),
            d(2026, 4, 1),
        )
        .unwrap();
    assert!(!standing.holds(creditgrade::national::Mark::CreditChina, d(2026, 4, 1)));
    assert!(standing.holds(creditgrade::national::Mark::PublicitySystem, d(2026, 4, 1)));
}

#[test]
fn one_year_from_29_february_is_28_february() {
    // 信用中国 严重: repairable from decision + 1 year.
    let x = one(
        &Dossier::new("E").decision(p(d(2024, 2, 29)).with_measure(Measure::Closure)),
        d(2024, 3, 1),
    );
    assert_eq!(x.credit_china.repairable_from, Some(d(2025, 2, 28)));
    assert_eq!(x.credit_china.until, Some(d(2027, 2, 28)));
    // Food: the repair wait of a year on the publicity system.
    let base = Dossier::new("E")
        .decision(
            p(d(2024, 2, 29))
                .with_measure(fine(50_000))
                .with_field(Field::Food),
        )
        .fulfilment(Fulfilment::new("P1", d(2024, 3, 1)));
    for (on, ok) in [
        (d(2025, 2, 27), false),
        (d(2025, 2, 28), true),
        (d(2025, 3, 1), true),
    ] {
        let x = one(&base.clone().repair(sys("R", on)), on);
        assert_eq!(x.system.repairs[0].accepted, ok, "{on}");
    }
    // The serious list: early removal from listing + 1 year.
    let dossier = |on| {
        Dossier::new("E")
            .decision(p(d(2024, 2, 1)).with_measure(Measure::Closure))
            .fulfilment(Fulfilment::new("P1", d(2024, 2, 2)))
            .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 2, 29)))
            .serious_removal(RemovalApplication::new("A1", "S1", on))
    };
    for (on, ok) in [
        (d(2025, 2, 27), false),
        (d(2025, 2, 28), true),
        (d(2025, 3, 1), true),
    ] {
        let s = rules().serious_state(&dossier(on), on).unwrap();
        assert_eq!(s.entries[0].removals[0].granted, ok, "{on}");
    }
}
