//! Add a quantification method of your own to the pipeline.
//!
//! Here: environmental records from another department (生态环境) count double when
//! two fall within six months — a cumulative rule over department records that the
//! seed policy does not have.
//!
//! ```text
//! cargo run --example custom_quantifier
//! ```

use chrono::{Months, NaiveDate};
use creditgrade::explain::ReasonCode;
use creditgrade::model::Department;
use creditgrade::policy::DepartmentRule;
use creditgrade::quantify::Method;
use creditgrade::quantify::{Findings, Input, Quantifier};
use creditgrade::{Assessor, Catalogue, Enterprise, Fact, FactKind, History, Policy, Severity};

/// Two environmental records within six months make a general event.
struct RepeatedPollution;

impl Quantifier for RepeatedPollution {
    fn name(&self) -> &str {
        "repeated_pollution"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        let env: Vec<(usize, NaiveDate)> = input
            .facts()
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                matches!(
                    &f.kind,
                    FactKind::DepartmentRecord {
                        department: Department::Environment,
                        ..
                    }
                )
            })
            .map(|(i, f)| (i, f.date))
            .collect();
        for w in env.windows(2) {
            let (a, b) = (w[0], w[1]);
            if a.1
                .checked_add_months(Months::new(6))
                .is_some_and(|end| b.1 < end)
            {
                out.adverse(
                    Method::Cumulative,
                    ReasonCode::custom("repeated_pollution"),
                    "repeated_pollution",
                    Severity::General,
                    b.1,
                    &[a.0, b.0],
                );
            }
        }
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

fn main() -> Result<(), creditgrade::Error> {
    let mut policy = Policy::seed();
    policy.departments.rules.push(DepartmentRule::new(
        "environment",
        "EXCEED",
        Severity::Minor,
    ));
    let assessor = Assessor::new(policy, Catalogue::new())?.with_quantifier(RepeatedPollution);
    println!("pipeline: {}", assessor.quantifier_names().join(" → "));

    let history = History::new(
        Enterprise::new("E-42", d(2024, 1, 1)).legal_person(true),
        vec![
            Fact::department_record("ENV1", d(2024, 3, 1), Department::Environment, "EXCEED"),
            Fact::department_record("ENV2", d(2024, 7, 15), Department::Environment, "EXCEED"),
        ],
    )?;
    let a = assessor.assess(&history, d(2024, 8, 1))?;
    println!(
        "grade {} locked until {}",
        a.grade().map_or("-".into(), |g| g.to_string()),
        a.locked_until().map_or("-".into(), |d| d.to_string())
    );
    for r in a.reasons() {
        println!("    {r}");
    }
    Ok(())
}
