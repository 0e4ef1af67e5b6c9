//! Grade one enterprise and print why.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use chrono::NaiveDate;
use creditgrade::model::{Honour, HonourLevel, KeyPerson, Role};
use creditgrade::{Assessor, Catalogue, Enterprise, Fact, History, Policy, Severity};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

fn main() -> Result<(), creditgrade::Error> {
    // 罚则量化: each legal article is catalogued as minor, general or serious.
    let catalogue = Catalogue::from_pairs([
        ("广告法-55", Severity::General),
        ("产品质量法-49", Severity::Serious),
        ("公司法-211", Severity::Minor),
    ])?;
    let assessor = Assessor::new(Policy::seed(), catalogue)?;

    let enterprise = Enterprise::new("91350100M000100Y43", d(2019, 4, 1))
        .name("Jianghai Bamboo Products Co.")
        .legal_person(true)
        .industry("C2041")
        .district("D03")
        .route("R2")
        .key_person(KeyPerson::new("P-1", Role::LegalRepresentative));
    let facts = vec![
        Fact::annual_report("AR2019", d(2020, 5, 10), 2019),
        Fact::annual_report("AR2020", d(2021, 6, 1), 2020),
        Fact::annual_report("AR2021", d(2022, 4, 20), 2021),
        Fact::annual_report("AR2022", d(2023, 6, 30), 2022),
        Fact::annual_report("AR2023", d(2024, 3, 15), 2023),
        Fact::honour(
            "H1",
            d(2022, 1, 5),
            Honour::ContractAbiding(HonourLevel::Provincial),
            None,
        ),
        Fact::penalty("P1", d(2024, 3, 1), "广告法-55"),
        Fact::repair("R1", d(2024, 5, 1), "P1"),
        Fact::complaint("C1", d(2024, 8, 2)),
    ];
    let history = History::new(enterprise, facts)?;

    for as_of in [d(2024, 2, 1), d(2024, 9, 1), d(2025, 3, 1), d(2025, 3, 2)] {
        let a = assessor.assess(&history, as_of)?;
        let grade = a.grade().map_or("not rated".to_owned(), |g| g.to_string());
        print!("{} as of {as_of}: {grade}", a.enterprise());
        if let Some(until) = a.locked_until() {
            print!(", locked until {until}");
        }
        if let Some(p) = a.points() {
            print!(", {p} points");
        }
        println!();
        for r in a.reasons() {
            println!("    {r}");
        }
    }
    println!("policy {}", assessor.fingerprint());
    Ok(())
}
