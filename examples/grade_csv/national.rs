//! `--national`: the national view of each enterprise as of the date, as two CSV
//! files beside `grades.csv` (docs/spec.md, section 13.11): `publicity.csv`, one
//! row per penalty decision, and `lists.csv`, one row per enterprise.

use chrono::NaiveDate;
use creditgrade::Error;
use creditgrade::national::interchange::NationalFacts;
use creditgrade::national::{
    AbnormalState, Entry, NationalRules, NationalState, Publicity, RepairOutcome, SeriousBasis,
    SeriousState,
};
use creditgrade::population::Population;
use creditgrade::timeline::VersionId;
use rayon::prelude::*;

/// The columns of `publicity.csv`.
pub const PUBLICITY_HEADER: [&str; 18] = [
    "enterprise_id",
    "fact_id",
    "decided_on",
    "system_public",
    "system_from",
    "system_until",
    "system_repairable_from",
    "system_not_published",
    "system_stopped_by",
    "system_repairs",
    "credit_china_class",
    "credit_china_public",
    "credit_china_repairable_from",
    "credit_china_until",
    "credit_china_stopped_by",
    "credit_china_repairs",
    "versions",
    "note",
];

/// The columns of `lists.csv`.
pub const LISTS_HEADER: [&str; 11] = [
    "id",
    "abnormal",
    "abnormal_since",
    "abnormal_open",
    "escalation_on",
    "notice_on",
    "serious",
    "serious_since",
    "serious_open",
    "serious_until",
    "note",
];

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_owned()
}

/// `<Kind>(<fact id>): <message>`.
fn note(e: &Error) -> String {
    format!("{}({}): {}", e.kind(), e.fact().unwrap_or(""), e.message())
}

/// `R1:accepted;R2:too_early+unfulfilled`, in the answer's order (date, id).
fn repairs(r: &[RepairOutcome]) -> String {
    r.iter()
        .map(|o| {
            if o.accepted {
                format!("{}:accepted", o.id)
            } else {
                let codes: Vec<&str> = o.failed.iter().map(|f| f.as_str()).collect();
                format!("{}:{}", o.id, codes.join("+"))
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn versions(v: &[&[VersionId]]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for list in v {
        for id in *list {
            if !names.contains(&id.name.as_str()) {
                names.push(&id.name);
            }
        }
    }
    names.join(";")
}

fn publicity_row(enterprise: &str, p: &Publicity) -> Vec<String> {
    let (s, c) = (&p.system, &p.credit_china);
    vec![
        enterprise.to_owned(),
        p.fact.clone(),
        p.decided_on.to_string(),
        flag(s.public),
        date(s.from),
        date(s.until),
        date(s.repairable_from),
        s.not_published
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        s.stopped_by.clone().unwrap_or_default(),
        repairs(&s.repairs),
        c.class.map(|k| k.as_str().to_owned()).unwrap_or_default(),
        flag(c.public),
        date(c.repairable_from),
        date(c.until),
        c.stopped_by.clone().unwrap_or_default(),
        repairs(&c.repairs),
        versions(&[&s.versions, &c.versions]),
        String::new(),
    ]
}

fn ground(e: &Entry) -> String {
    match e.ground {
        creditgrade::national::Ground::AnnualReport { year } => format!("annual_report {year}"),
        g => g.as_str().to_owned(),
    }
}

fn lists_row(id: &str, a: &AbnormalState, s: &SeriousState) -> Vec<String> {
    let open: Vec<&Entry> = a.entries.iter().filter(|e| e.until.is_none()).collect();
    let names: Vec<String> = open
        .iter()
        .map(|e| format!("{}:{}", e.listing, ground(e)))
        .collect();
    let next = open
        .iter()
        .filter_map(|e| e.escalation_on.zip(e.notice_on))
        .min();
    let serious: Vec<_> = s.entries.iter().filter(|e| e.open).collect();
    let serious_open: Vec<String> = serious
        .iter()
        .map(|e| match &e.basis {
            SeriousBasis::Decision { decision } => format!("{}:{decision}", e.listing),
            _ => format!("{}:escalation", e.listing),
        })
        .collect();
    vec![
        id.to_owned(),
        flag(!open.is_empty()),
        date(open.iter().map(|e| e.from).min()),
        names.join(";"),
        date(next.map(|n| n.0)),
        date(next.map(|n| n.1)),
        flag(s.on_list),
        date(s.listed_since),
        serious_open.join(";"),
        date(serious.iter().map(|e| e.until).max()),
        String::new(),
    ]
}

/// The rows of one enterprise: its publicity rows and its lists row.
fn enterprise(
    pop: &Population,
    nat: &NationalFacts,
    rules: &NationalRules,
    e: usize,
    as_of: NaiveDate,
) -> (Vec<Vec<String>>, Vec<String>) {
    let id = pop.id(e);
    let fail = |err: &Error| {
        let mut p = vec![String::new(); PUBLICITY_HEADER.len()];
        p[0] = id.to_owned();
        p[PUBLICITY_HEADER.len() - 1] = note(err);
        let mut l = vec![String::new(); LISTS_HEADER.len()];
        l[0] = id.to_owned();
        l[LISTS_HEADER.len() - 1] = note(err);
        (vec![p], l)
    };
    let view = || -> Result<NationalState, Error> {
        let history = pop.history(e)?;
        rules.state(&nat.dossier(&history)?, as_of)
    };
    match view() {
        Ok(s) => (
            s.publicity.iter().map(|x| publicity_row(id, x)).collect(),
            lists_row(id, &s.abnormal, &s.serious),
        ),
        Err(err) => fail(&err),
    }
}

fn write(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for r in rows {
        let _ = w.write_record(&r);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `publicity.csv` and `lists.csv` as of `as_of`, under the national preset
/// (`NationalRules::national_2026`: the list of abnormal operations from its
/// recorded facts only, escalation moves applied).
pub fn files(pop: &Population, nat: &NationalFacts, as_of: NaiveDate) -> (String, String) {
    let rules = NationalRules::national_2026();
    let rows: Vec<_> = (0..pop.len())
        .into_par_iter()
        .map(|e| enterprise(pop, nat, &rules, e, as_of))
        .collect();
    let publicity = write(
        &PUBLICITY_HEADER,
        rows.iter().flat_map(|(p, _)| p.iter().cloned()),
    );
    let lists = write(&LISTS_HEADER, rows.into_iter().map(|(_, l)| l));
    (publicity, lists)
}
