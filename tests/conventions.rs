//! Conventions an integrator relies on: parsing and printing of the domain's
//! values, the order of reasons, the re-exported date and decimal crates.

mod common;

use common::{assess, d, ent};
use creditgrade::explain::{Bar, Binding, ReasonCode, Status};
use creditgrade::model::{Honour, HonourLevel};
use creditgrade::quantify::Method;
use creditgrade::rust_decimal::Decimal;
use creditgrade::{ErrorKind, Fact, Grade, Policy, Severity, Tier};

#[test]
fn grades_parse_letters_in_any_case_and_chinese_labels() {
    for g in Grade::ALL {
        assert_eq!(g.as_str().parse::<Grade>().unwrap(), g);
        assert_eq!(g.as_str().to_lowercase().parse::<Grade>().unwrap(), g);
        assert_eq!(format!("{g} {}", g.label_zh()).parse::<Grade>().unwrap(), g);
        assert_eq!(format!("{} {g}", g.label_zh()).parse::<Grade>().unwrap(), g);
    }
    assert_eq!("守信".parse::<Grade>().unwrap(), Grade::A);
    assert_eq!("警示".parse::<Grade>().unwrap(), Grade::B);
    assert_eq!("失信".parse::<Grade>().unwrap(), Grade::C);
    assert_eq!("严重失信".parse::<Grade>().unwrap(), Grade::D);
    for bad in ["", "E", "AAAA", "C 守信", "守信 D", "A A"] {
        let e = bad.parse::<Grade>().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Parse, "{bad:?}");
    }
}

#[test]
fn severities_and_tiers_parse_in_any_case_and_chinese() {
    let cases = [
        ("minor", Severity::Minor),
        ("MINOR", Severity::Minor),
        ("轻微", Severity::Minor),
        ("General", Severity::General),
        ("一般", Severity::General),
        ("serious", Severity::Serious),
        ("严重", Severity::Serious),
    ];
    for (s, want) in cases {
        assert_eq!(s.parse::<Severity>().unwrap(), want, "{s}");
    }
    assert_eq!(
        "grave".parse::<Severity>().unwrap_err().to_string(),
        "unknown severity \"grave\" (expected minor, general or serious, or 轻微, 一般, 严重)"
    );
    assert_eq!("d".parse::<Tier>().unwrap(), Tier::D);
    assert_eq!("警示".parse::<Tier>().unwrap(), Tier::B);
    assert!("AA".parse::<Tier>().is_err());
}

#[test]
fn display_honours_width_and_alignment() {
    assert_eq!(format!("[{:<6}]", Grade::Aa), "[AA    ]");
    assert_eq!(format!("[{:>5}]", Grade::B), "[    B]");
    assert_eq!(format!("[{:^9}]", Severity::Minor), "[  minor  ]");
    assert_eq!(format!("[{:<3}]", Tier::C), "[C  ]");
    assert_eq!(format!("[{:<8}]", Status::Closed), "[closed  ]");
    assert_eq!(format!("[{:>10}]", Method::Tiered), "[    tiered]");
    assert_eq!(format!("[{:<9}]", ReasonCode::LOCKED), "[locked   ]");
    assert_eq!(format!("[{:<9}]", ErrorKind::Parse), "[Parse    ]");
    assert_eq!(format!("[{:<10}]", HonourLevel::National), "[national  ]");
    assert_eq!(
        format!("[{:<40}]", Bar::AdverseEvent),
        "[an adverse event in the look-back       ]"
    );
    let b = Binding::Lock {
        tier: Tier::D,
        until: d(2025, 6, 1),
    };
    assert_eq!(format!("{b:>30}"), "  locked at D until 2025-06-01");
}

#[test]
fn bindings_read_as_sentences() {
    let cases = [
        (Binding::NotRated, "not rated"),
        (Binding::Revocation, "revoked: D for good"),
        (
            Binding::Points {
                points: Decimal::from(40),
                threshold: Some(Decimal::from(30)),
            },
            "40 points, at or above the threshold 30",
        ),
        (
            Binding::Points {
                points: Decimal::new(150, 1),
                threshold: None,
            },
            "15 points, below every threshold",
        ),
        (
            Binding::Eligibility {
                bar: Bar::NotLegalPerson,
            },
            "held at A: not a legal person",
        ),
        (
            Binding::Band {
                score: Decimal::from(85),
                min: Decimal::from(70),
            },
            "score 85 in the band from 70",
        ),
    ];
    for (b, want) in cases {
        assert_eq!(b.to_string(), want);
    }
}

#[test]
fn reasons_are_listed_in_date_order_then_the_verdict() {
    // The pipeline finds the penalty before the honour, the complaints' rule after
    // both; the reasons read in date order all the same.
    let facts = vec![
        Fact::penalty("P", d(2024, 5, 1), "MIN"),
        Fact::honour(
            "H",
            d(2023, 1, 1),
            Honour::ContractAbiding(HonourLevel::National),
            None,
        ),
        Fact::complaint("C1", d(2024, 6, 1)),
        Fact::complaint("C2", d(2024, 6, 2)),
        Fact::complaint("C3", d(2024, 6, 3)),
        Fact::repair("R", d(2024, 5, 20), "P"),
        Fact::annual_report("R2023", d(2024, 3, 1), 2023),
    ];
    let a = assess(Policy::seed(), ent(d(2023, 1, 1)), facts, d(2024, 7, 1)).unwrap();
    let codes: Vec<&str> = a.reasons().iter().map(|r| r.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "honour",
            "penalty",
            "repair_accepted",
            "cumulative",
            "locked"
        ]
    );
    let dates: Vec<_> = a.reasons().iter().filter_map(|r| r.date()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
}

#[test]
fn a_late_annual_report_reads_filed_late() {
    let facts = vec![Fact::annual_report("R2023", d(2024, 8, 1), 2023)];
    let before = assess(
        Policy::seed(),
        ent(d(2023, 1, 1)),
        facts.clone(),
        d(2024, 7, 15),
    )
    .unwrap();
    let missing = before.reasons()[0].to_string();
    assert!(
        missing.starts_with("[annual_report_missing] annual_reports: report missing: minor"),
        "{missing}"
    );
    let after = assess(Policy::seed(), ent(d(2023, 1, 1)), facts, d(2024, 8, 1)).unwrap();
    let late = after.reasons()[0].to_string();
    assert_eq!(
        late,
        "[annual_report_late] annual_reports: report filed late: minor adverse event on 2024-07-01, ends 2025-07-01, sets the lock; evidence R2023 (2024-08-01)"
    );
    assert_eq!(after.grade(), Some(Grade::B));
}

#[test]
fn the_demo_labels_do_not_repeat_the_letters() {
    for g in Grade::ALL {
        assert!(!g.label_zh().contains(g.as_str()), "{g}");
    }
}

#[test]
fn signatures_use_the_re_exported_crates() {
    // A caller needs no direct dependency on chrono or rust_decimal.
    let t: creditgrade::chrono::NaiveDate = d(2024, 1, 1);
    let p: creditgrade::rust_decimal::Decimal = Policy::seed().refine.aaa_min;
    assert_eq!(p, Decimal::from(60));
    assert_eq!(t.to_string(), "2024-01-01");
}
