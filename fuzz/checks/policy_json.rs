//! `policy_json`: a policy file as JSON text. What deserialises and validates
//! must grade fixed histories without panicking, with the lean and full paths
//! agreeing, the first law holding, and the policy surviving a round trip.

use chrono::NaiveDate;
use creditgrade::{Assessor, Enterprise, Fact, History, Policy};

use super::history::catalogue;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

fn histories() -> Vec<History> {
    let e = |id: &str| Enterprise::new(id, d(2015, 1, 1)).legal_person(true);
    vec![
        History::new(e("EMPTY"), vec![]).expect("valid"),
        History::new(
            e("BUSY"),
            vec![
                Fact::penalty("P1", d(2023, 3, 1), "MIN"),
                Fact::penalty("P2", d(2023, 5, 1), "MIN"),
                Fact::penalty("P3", d(2023, 9, 1), "GEN"),
                Fact::repair("R1", d(2023, 12, 1), "P3"),
                Fact::complaint("C1", d(2024, 1, 1)),
                Fact::admonition("A1", d(2024, 2, 1)),
                Fact::annual_report("Y2022", d(2023, 6, 1), 2022),
                Fact::annual_report("Y2023", d(2024, 8, 1), 2023),
                Fact::key_person_flag("K1", d(2024, 4, 1), "P"),
                Fact::honour(
                    "H1",
                    d(2022, 1, 1),
                    creditgrade::model::Honour::ContractAbiding(
                        creditgrade::model::HonourLevel::National,
                    ),
                    None,
                ),
            ],
        )
        .expect("valid"),
    ]
}

pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // `Policy::from_json` accepts exactly what reads and validates, and names
    // the field of what it refuses.
    let checked = Policy::from_json(text);
    if let Err(e) = &checked {
        assert_eq!(e.kind(), creditgrade::ErrorKind::InvalidPolicy, "{e}");
    }
    let Ok(policy) = serde_json::from_str::<Policy>(text) else {
        assert!(checked.is_err());
        return;
    };
    assert_eq!(checked.is_ok(), policy.validate().is_ok());
    if let Ok(p) = &checked {
        assert_eq!(p, &policy);
        let json = p.to_json().expect("a valid policy writes");
        assert_eq!(&Policy::from_json(&json).expect("and reads back"), p);
    }
    // Round trip, fingerprint included.
    let json = serde_json::to_string(&policy).expect("serialises");
    let back: Policy = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, policy);
    assert_eq!(back.fingerprint(), policy.fingerprint());

    let Ok(assessor) = Assessor::new(policy, catalogue()) else {
        return;
    };
    for t in [d(2015, 1, 1), d(2024, 6, 1), d(2026, 1, 1), d(2100, 1, 1)] {
        for h in histories() {
            let full = assessor.assess(&h, t);
            assert_eq!(full.clone().map(|x| x.summary()), assessor.summarize(&h, t));
            // One more minor penalty never raises the grade or the score.
            let (e, mut facts) = h.clone().into_parts();
            facts.push(Fact::penalty("NEW", t, "MIN"));
            let more = History::new(e, facts).expect("unique ids");
            if let (Ok(x), Ok(y)) = (&full, assessor.summarize(&more, t)) {
                assert!(
                    y.grade >= x.grade(),
                    "{:?} rose to {:?}",
                    x.grade(),
                    y.grade
                );
                if let (Some(a), Some(b)) = (x.score(), y.score) {
                    assert!(b <= a, "score {a} rose to {b}");
                }
            }
        }
    }
}
