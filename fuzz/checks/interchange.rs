//! `interchange_csv`: the CSV interchange loader of the `grade_csv` example
//! (`enterprises.csv`, `events.csv`, `catalogue.csv`), the three files separated
//! by a `0xFF` byte (which UTF-8 text never holds). Input that loads grades
//! without panicking; every grade row is well formed; the loader's date reader
//! accepts exactly the `YYYY-MM-DD` dates it writes.

#[path = "../../examples/grade_csv/interchange.rs"]
#[allow(dead_code, unused_imports, clippy::all, clippy::pedantic)]
mod loader;

use chrono::NaiveDate;
use creditgrade::{Assessor, Policy};

pub fn check(data: &[u8]) {
    let mut parts = data.split(|&b| b == 0xFF);
    let (Some(e), Some(ev), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
        // One part only: the date reader.
        if let Ok(s) = std::str::from_utf8(data) {
            if let Some(d) = loader::parse_date(s) {
                assert_eq!(d.format("%Y-%m-%d").to_string(), s);
            }
        }
        return;
    };
    let (Ok(e), Ok(ev), Ok(c)) = (
        std::str::from_utf8(e),
        std::str::from_utf8(ev),
        std::str::from_utf8(c),
    ) else {
        return;
    };
    let Ok(loaded) = loader::parse(e, ev, c) else {
        return;
    };
    let assessor = Assessor::new(Policy::seed(), loaded.catalogue).expect("the seed is valid");
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date");
    let population = &loaded.population;
    let results = assessor.assess_population(population, as_of);
    // The columnar population grades as the same enterprises as histories.
    for (e, r) in results.iter().enumerate() {
        let row = population
            .history(e)
            .and_then(|h| assessor.assess(&h, as_of));
        assert_eq!(r, &row, "enterprise {}", population.id(e));
    }
    let rows: Vec<[String; 5]> = results
        .iter()
        .enumerate()
        .map(|(e, r)| loader::row(population.id(e), r))
        .collect();
    let text = loader::write_grades(&rows);
    let back: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .from_reader(text.as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .expect("grades.csv is well formed");
    assert_eq!(back.len(), rows.len(), "{text}");
    for (e, (r, b)) in rows.iter().zip(&back).enumerate() {
        assert_eq!(r[0], population.id(e));
        assert_eq!(
            b.iter().collect::<Vec<_>>(),
            r.iter().map(String::as_str).collect::<Vec<_>>()
        );
        if !r[2].is_empty() {
            assert!(loader::parse_date(&r[2]).is_some(), "{r:?}");
        }
    }
}
