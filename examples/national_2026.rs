//! One district's national view on a date: penalties in publicity per channel
//! with their end and repair dates, the worklist of the list of abnormal
//! operations, escalations due in the next 60 days, the serious list's entries
//! and exits, and how each changed the grade: the seed policy beside the
//! national preset (`Policy::national_2026`, which reads the national standing),
//! with the patrol interval and the random draw under the national supervision
//! preset.
//!
//! ```text
//! cargo run --example national_2026 [-- --as-of YYYY-MM-DD]
//! ```
//!
//! The district's records are built in: thirteen enterprises in the extended
//! interchange format of `docs/spec.md` (section 13.10), read with
//! `creditgrade::national::interchange`. The default date is 2026-07-01, the
//! first day the 2025 annual reports are missing.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use creditgrade::disclosure::HolidayCalendar;
use creditgrade::model::Honour;
use creditgrade::national::interchange::{self, NationalFacts};
use creditgrade::national::{
    AbnormalRules, Ground, Mark, NationalRules, SeriousBasis, SeriousExit, SeriousState,
};
use creditgrade::policy::NationalGrading;
use creditgrade::supervise::{NationalSupervision, RiskClass, SupervisionPolicy};
use creditgrade::{
    Assessor, Catalogue, Enterprise, Error, Fact, FactKind, History, Policy, Severity,
};

const ENTERPRISES: &str = "\
D01,Hangzhou Fresh Foods,2020-03-01
D02,Lakeside Pharmacy,2021-01-01
D03,West Gate Builders,2019-05-01
D04,Canal Logistics,2022-02-01
D05,Jade Tea House,2023-03-01
D06,North Star Trading,2020-01-01
D07,Riverbank Hotel,2020-01-01
D08,Old Mill Chemicals,2018-01-01
D09,Summit Elevators,2019-01-01
D10,Bright Print,2020-01-01
D11,East Market Grocer,2021-06-01
D12,Quiet Books,2020-01-01
D13,Corner Kiosk,2022-01-01
";

/// `events.csv` rows with the extended header (docs/spec.md, section 13.10).
const EVENTS: &str = "\
P1,D01,2025-09-10,penalty,A-GEN,,,,ordinary,fine:80000,,food,2025-09-20,,,
F1,D01,2025-10-01,fulfilment,,,,P1,,,,,,,,
P2,D02,2026-04-15,penalty,A-MIN,,,,ordinary,warning;fine:3000,,drugs,2026-04-25,,,
P3,D03,2024-06-01,penalty,A-SER,,,,ordinary,fine:500000;qualification_lowered,,,2024-06-10,true,,
SL3,D03,2024-07-01,serious_listing,,,,P3,,,,,,,,
AL4,D04,2025-07-10,abnormal_listing,2024,,,,,,,,,,annual_report,
AL6,D06,2023-08-20,abnormal_listing,,,,,,,,,,,unreachable,
AL7,D07,2023-07-15,abnormal_listing,,,,,,,,,,,not_published,
AL8,D08,2023-03-01,abnormal_listing,,,,,,,,,,,unreachable,
SL8,D08,2026-03-01,serious_listing,,,,,,,,,,,escalation,
P9,D09,2023-05-10,penalty,A-SER,,,,ordinary,production_suspended,2026-11-10,special_equipment,2023-05-20,,,
SL9,D09,2023-06-01,serious_listing,,,,P9,,,,,,,,
P10,D10,2024-01-15,penalty,A-SER,,,,ordinary,licence_revoked,,,,,,
F10,D10,2024-02-01,fulfilment,,,,P10,,,,,,,,
SL10,D10,2024-02-01,serious_listing,,,,P10,,,,,,,,
RA10,D10,2025-03-01,serious_removal,,,,SL10,,,,,,,,
P11,D11,2025-11-05,penalty,A-GEN,,,,ordinary,fine:20000,,,2025-11-15,,,
F11,D11,2025-12-01,fulfilment,,,,P11,,,,,,,,
RA11,D11,2026-05-20,repair_application,,,,P11,,,,,,,,publicity_system
RB11,D11,2026-06-01,repair_application,,,,P11,,,,,,,,credit_china
P13,D13,2026-05-10,penalty,A-MIN,,,,simple,warning,,,,,,
";

/// Honours (守合同重信用 national, 40 points; a provincial trademark, 20): 60
/// points, AAA for an eligible enterprise.
const HONOURED: &[&str] = &["D06", "D12"];

/// The annual reports: every enterprise files each year by 30 June, except the
/// years listed here.
const MISSING_REPORTS: &[(&str, i32)] = &[("D04", 2024), ("D04", 2025), ("D05", 2025)];

fn d(s: &str) -> NaiveDate {
    interchange::parse_date(s).expect("the built-in dates are valid")
}

struct District {
    histories: Vec<History>,
    national: NationalFacts,
}

fn load(as_of: NaiveDate) -> Result<District, Error> {
    let mut facts: BTreeMap<&str, Vec<Fact>> = BTreeMap::new();
    let mut national = NationalFacts::default();
    for line in EVENTS.lines() {
        let cells: Vec<&str> = line.split(',').collect();
        if cells[3] == "penalty" {
            facts
                .entry(cells[1])
                .or_default()
                .push(Fact::penalty(cells[0], d(cells[2]), cells[4]));
        }
        if let Some(row) = interchange::parse_row(&cells)? {
            national.add(cells[1], row);
        }
    }
    let mut histories = Vec::new();
    for line in ENTERPRISES.lines() {
        let [id, name, reg] = line.split(',').collect::<Vec<_>>()[..] else {
            unreachable!("three columns")
        };
        let reg = d(reg);
        let mut f = facts.remove(id).unwrap_or_default();
        for year in reg.year()..as_of.year() {
            let due = NaiveDate::from_ymd_opt(year + 1, 6, 30).unwrap_or(reg);
            if due < as_of && !MISSING_REPORTS.contains(&(id, year)) {
                let filed = NaiveDate::from_ymd_opt(year + 1, 5, 20).unwrap_or(due);
                f.push(Fact::new(
                    format!("Y{year}-{id}"),
                    filed,
                    FactKind::AnnualReport { year },
                ));
            }
        }
        if HONOURED.contains(&id) {
            for (i, (kind, level)) in [
                ("contract_abiding", "national"),
                ("trademark", "provincial"),
            ]
            .into_iter()
            .enumerate()
            {
                f.push(Fact::honour(
                    format!("H{i}-{id}"),
                    d("2024-01-10"),
                    Honour::parse(kind, level)?,
                    None,
                ));
            }
        }
        let e = Enterprise::new(id, reg)
            .name(name)
            .legal_person(true)
            .district("Gongshu");
        histories.push(History::new(e, f)?);
    }
    Ok(District {
        histories,
        national,
    })
}

fn ground(g: Ground) -> String {
    match g {
        Ground::AnnualReport { year } => format!("annual report {year} missing"),
        g => g.as_str().replace('_', " "),
    }
}

fn main() -> Result<(), Error> {
    let mut as_of = d("2026-07-01");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--as-of", Some(v)) => {
                as_of = interchange::parse_date(&v)
                    .ok_or_else(|| Error::data_source(format!("bad --as-of date {v:?}")))?;
            }
            _ => {
                return Err(Error::data_source(
                    "usage: national_2026 [--as-of YYYY-MM-DD]",
                ));
            }
        }
    }
    let district = load(as_of)?;
    let rules = NationalRules::national_2026();
    let calendar = HolidayCalendar::china();
    let catalogue = Catalogue::from_pairs([
        ("A-MIN", Severity::Minor),
        ("A-GEN", Severity::General),
        ("A-SER", Severity::Serious),
    ])?;
    let seed = Assessor::new(Policy::seed(), catalogue.clone())?;
    let national = Assessor::new(Policy::national_2026(), catalogue)?;
    let effects = NationalGrading::national_2026();
    let supervision =
        SupervisionPolicy::source().with_national(Some(NationalSupervision::national_2026()));

    let weekday = as_of.weekday();
    let week_start = as_of - Days::new(u64::from(weekday.num_days_from_monday()));
    let week_end = week_start + Days::new(6);
    let horizon = as_of + Days::new(60);
    println!("District Gongshu as of {as_of} ({weekday})");
    println!("Rules in force:");
    let v45 = rules.order45.in_force(as_of)?;
    let vcc = rules.credit_china.in_force(as_of)?;
    let vab = rules.abnormal.in_force(as_of)?;
    let vse = rules.serious.in_force(as_of)?;
    for (name, fp) in [
        (v45.name(), v45.fingerprint()),
        (vcc.name(), vcc.fingerprint()),
        (vab.name(), vab.fingerprint()),
        (vse.name(), vse.fingerprint()),
    ] {
        println!("  {name} ({})", &fp[..19]);
    }
    println!(
        "  holiday tables {:?}",
        calendar.years().collect::<Vec<_>>()
    );

    let mut system = Vec::new();
    let mut china = Vec::new();
    let mut listable = Vec::new();
    let mut list_by = Vec::new();
    let mut escalations = Vec::new();
    let mut serious = Vec::new();
    let mut grades = Vec::new();
    let worklist_rules = AbnormalRules::national().derived(true);
    for h in &district.histories {
        let id = h.id();
        let dossier = district.national.dossier(h)?;
        let o45 = v45.rules();
        for p in rules.publicity(&dossier, as_of)? {
            let s = &p.system;
            if s.public {
                let repair = if !s.never_early.is_empty() {
                    "never stopped early".to_owned()
                } else if s.months == Some(o45.short_months) {
                    "3 months: no repair needed".to_owned()
                } else {
                    format!(
                        "repair from {}",
                        s.repairable_from.map(|f| f.to_string()).unwrap_or_default()
                    )
                };
                let extended = if s.extended_by_restriction {
                    " (restriction)"
                } else {
                    ""
                };
                system.push(format!(
                    "  {id} {:<4} decided {}  public {} – {}{extended}  {repair}",
                    p.fact,
                    p.decided_on,
                    s.from.map(|f| f.to_string()).unwrap_or_default(),
                    s.until.map(|f| f.to_string()).unwrap_or_default(),
                ));
            } else if let Some(stop) = &s.stopped_by {
                system.push(format!(
                    "  {id} {:<4} decided {}  stopped by repair {stop} on {}",
                    p.fact,
                    p.decided_on,
                    s.until.map(|f| f.to_string()).unwrap_or_default()
                ));
            }
            let c = &p.credit_china;
            if c.public || c.stopped_by.is_some() {
                let class = c.class.map(|k| k.label_zh()).unwrap_or("");
                let state = match &c.stopped_by {
                    Some(r) => format!("repaired by {r}"),
                    None => format!(
                        "until {}  repairable from {}",
                        c.until.map(|f| f.to_string()).unwrap_or_default(),
                        c.repairable_from.map(|f| f.to_string()).unwrap_or_default()
                    ),
                };
                china.push(format!(
                    "  {id} {:<4} {class} ({})  {state}",
                    p.fact, c.versions[0].name
                ));
            }
        }

        let record = district.national.abnormal_record(h);
        let state = record.state(&worklist_rules, &calendar, as_of)?;
        for w in &state.worklist {
            if (week_start..=week_end).contains(&w.listable_from) {
                listable.push(format!(
                    "  {id} annual report {}: listable from {}, list by {}",
                    w.year, w.listable_from, w.list_by
                ));
            }
            list_by.push((
                w.list_by,
                format!(
                    "  {id} annual report {}: list by {}{}",
                    w.year,
                    w.list_by,
                    if w.overdue { " (overdue)" } else { "" }
                ),
            ));
        }
        let ss: SeriousState = rules.serious_state(&dossier, as_of)?;
        for e in state.entries.iter().filter(|e| e.until.is_none()) {
            if ss.entries.iter().any(|s| s.moved.contains(&e.listing)) {
                continue;
            }
            if let (Some(on), Some(notice)) = (e.escalation_on, e.notice_on) {
                if on >= as_of && on <= horizon {
                    let past = if notice < as_of { ", past" } else { "" };
                    escalations.push((
                        on,
                        format!(
                            "  {id} {} ({}) listed {} -> serious list on {on} (notice due {notice}{past})",
                            e.listing,
                            ground(e.ground),
                            e.from
                        ),
                    ));
                }
            }
        }
        for e in &ss.entries {
            let basis = match &e.basis {
                SeriousBasis::Decision { decision } => decision.clone(),
                _ => format!("escalation of {}", e.moved.join(", ")),
            };
            let line = match (&e.exit, e.open) {
                (_, true) => format!(
                    "  {id} {:<4} on the list since {} ({basis}), until {}{}",
                    e.listing,
                    e.from,
                    e.until,
                    if e.extended_by_restriction {
                        " (restriction)"
                    } else {
                        ""
                    }
                ),
                (Some(SeriousExit::EarlyRemoval { application }), false) => format!(
                    "  {id} {:<4} entered {} ({basis}), left {} by early removal {application}",
                    e.listing, e.from, e.until
                ),
                (_, false) => format!(
                    "  {id} {:<4} entered {} ({basis}), left {} automatically",
                    e.listing, e.from, e.until
                ),
            };
            serious.push(line);
        }
        let standing = rules.standing(&dossier, as_of)?;
        let before = seed.summarize(h, as_of)?.grade;
        let after = national.assess_national(h, &standing, as_of)?;
        let grade =
            |g: Option<creditgrade::Grade>| g.map_or_else(|| "-".to_owned(), |g| g.to_string());
        let mut why = Vec::new();
        for m in Mark::ALL {
            let e = effects.effect(m);
            let ids: Vec<&str> = standing.holding(m, as_of).map(|s| s.id.as_str()).collect();
            if ids.is_empty() || !e.any() {
                continue;
            }
            let mut what = Vec::new();
            if let Some(b) = e.best_grade {
                what.push(format!("caps at {b}"));
            }
            if e.bars_refinement {
                what.push("bars refinement".to_owned());
            }
            why.push(format!("{m} {} ({})", ids.join(","), what.join(", ")));
        }
        let patrol = supervision
            .patrol_interval(RiskClass::C, after.grade(), &standing, as_of)
            .map_or_else(
                || "no patrol".to_owned(),
                |n| format!("patrol every {n} month{}", if n == 1 { "" } else { "s" }),
            );
        let drawn = if supervision.always_drawn(&standing, as_of) {
            ", always drawn"
        } else {
            ""
        };
        let change = if before == after.grade() { "  " } else { "->" };
        grades.push(format!(
            "  {id} {:<22} {:<3} {change} {:<3} {patrol}{drawn}{}",
            h.enterprise().name,
            grade(before),
            grade(after.grade()),
            if why.is_empty() {
                String::new()
            } else {
                format!("; {}", why.join("; "))
            }
        ));
    }
    list_by.sort();
    escalations.sort();

    println!("\nPenalties in publicity, enterprise credit publicity system (SAMR Order 45):");
    for l in &system {
        println!("{l}");
    }
    println!("\nPenalties on 信用中国:");
    for l in &china {
        println!("{l}");
    }
    println!("\nAbnormal list worklist: listable this week ({week_start} – {week_end}):");
    for l in &listable {
        println!("{l}");
    }
    println!("Abnormal list worklist: to be listed, by date:");
    for (_, l) in &list_by {
        println!("{l}");
    }
    println!("\nEscalations due by {horizon}:");
    for (_, l) in &escalations {
        println!("{l}");
    }
    println!("\nSerious list, entries and exits:");
    for l in &serious {
        println!("{l}");
    }
    println!("\nGrades: seed policy -> national preset (risk class C; the marks that hold):");
    for l in &grades {
        println!("{l}");
    }
    Ok(())
}
