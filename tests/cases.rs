//! Case tables: every `tests/cases/*.case` file is replayed here.
//!
//! Format (one directive a line, `#` starts a comment):
//!
//! ```text
//! case <name>
//! policy seed|window|score          (default seed)
//! enterprise <registered_on> legal|natural
//! fact <id> <date> <kind> [key=value ...]
//!     kinds: penalty article=A | breach kind=K | complaint | admonition
//!            | honour honour=<kind>:<level> [until=D] | report year=Y
//!            | repair target=ID | revocation | deregistration | flag person=P
//! expect <as_of> grade=G [locked=D|-] [points=N|-] [rejected=ID;ID|-] [reasons=code,code]
//! expect <as_of> error=Kind(subject)
//! end
//! ```

mod common;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use common::catalogue;
use creditgrade::explain::Status;
use creditgrade::model::Honour;
use creditgrade::policy::LockMode;
use creditgrade::{Assessor, Enterprise, ErrorKind, Fact, History, Policy};

#[derive(Default)]
struct Case {
    name: String,
    policy: String,
    registered: Option<(NaiveDate, bool)>,
    facts: Vec<Fact>,
    expects: Vec<(NaiveDate, BTreeMap<String, String>, usize)>,
}

fn date(s: &str, at: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| panic!("{at}: bad date {s:?}"))
}

fn kv(words: &[&str], at: &str) -> BTreeMap<String, String> {
    words
        .iter()
        .map(|w| {
            let (k, v) = w
                .split_once('=')
                .unwrap_or_else(|| panic!("{at}: expected key=value, got {w:?}"));
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn fact(words: &[&str], at: &str) -> Fact {
    let [id, d, kind, rest @ ..] = words else {
        panic!("{at}: fact needs id, date, kind")
    };
    let d = date(d, at);
    let m = kv(rest, at);
    let get = |k: &str| {
        m.get(k)
            .cloned()
            .unwrap_or_else(|| panic!("{at}: {kind} needs {k}="))
    };
    match *kind {
        "penalty" => Fact::penalty(*id, d, get("article")),
        "breach" => Fact::breach(*id, d, get("kind")),
        "complaint" => Fact::complaint(*id, d),
        "admonition" => Fact::admonition(*id, d),
        "honour" => {
            let h = get("honour");
            let (k, l) = h
                .split_once(':')
                .unwrap_or_else(|| panic!("{at}: honour=kind:level"));
            let until = m.get("until").map(|u| date(u, at));
            Fact::honour(*id, d, Honour::parse(k, l).unwrap(), until)
        }
        "report" => Fact::annual_report(*id, d, get("year").parse().unwrap()),
        "repair" => Fact::repair(*id, d, get("target")),
        "revocation" => Fact::revocation(*id, d),
        "deregistration" => Fact::deregistration(*id, d),
        "flag" => Fact::key_person_flag(*id, d, get("person")),
        other => panic!("{at}: unknown fact kind {other}"),
    }
}

fn parse(file: &str, text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut cur: Option<Case> = None;
    for (n, line) in text.lines().enumerate() {
        let at = format!("{file}:{}", n + 1);
        let line = line.split('#').next().unwrap().trim();
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some((&head, rest)) = words.split_first() else {
            continue;
        };
        match head {
            "case" => {
                assert!(cur.is_none(), "{at}: case inside a case");
                cur = Some(Case {
                    name: format!("{file}: {}", rest.join(" ")),
                    policy: "seed".into(),
                    ..Case::default()
                });
            }
            "end" => cases.push(
                cur.take()
                    .unwrap_or_else(|| panic!("{at}: end without case")),
            ),
            _ => {
                let c = cur
                    .as_mut()
                    .unwrap_or_else(|| panic!("{at}: directive outside a case"));
                match head {
                    "policy" => c.policy = rest[0].to_owned(),
                    "enterprise" => {
                        c.registered = Some((date(rest[0], &at), rest.get(1) != Some(&"natural")))
                    }
                    "fact" => c.facts.push(fact(rest, &at)),
                    "expect" => c
                        .expects
                        .push((date(rest[0], &at), kv(&rest[1..], &at), n + 1)),
                    other => panic!("{at}: unknown directive {other}"),
                }
            }
        }
    }
    assert!(cur.is_none(), "{file}: last case has no end");
    cases
}

fn policy(name: &str) -> Policy {
    match name {
        "seed" => Policy::seed(),
        "window" => {
            let mut p = Policy::seed();
            p.lock.mode = LockMode::Window;
            p
        }
        "score" => Policy::score_preset(),
        other => panic!("unknown policy {other}"),
    }
}

fn run(case: &Case, file: &str) -> usize {
    let (reg, legal) = case
        .registered
        .unwrap_or_else(|| panic!("{}: no enterprise", case.name));
    let h = History::new(
        Enterprise::new("E", reg).legal_person(legal),
        case.facts.clone(),
    )
    .unwrap();
    let a = Assessor::new(policy(&case.policy), catalogue()).unwrap();
    for (t, want, line) in &case.expects {
        let at = format!("{file}:{line} ({})", case.name);
        match a.assess(&h, *t) {
            Err(e) => {
                // The interchange format's note: the article, else the fact at fault.
                let at_fault = match e.kind() {
                    ErrorKind::UnknownArticle => e.subject(),
                    _ => e.fact(),
                };
                let got = format!("{}({})", e.kind(), at_fault.unwrap_or(""));
                assert_eq!(Some(&got), want.get("error"), "{at}: unexpected error {e}");
            }
            Ok(x) => {
                assert!(
                    !want.contains_key("error"),
                    "{at}: expected an error, got {:?}",
                    x.grade()
                );
                let grade = match x.status() {
                    Status::Closed => "closed".to_owned(),
                    Status::NotRegistered => "not_registered".to_owned(),
                    _ => x.grade().map(|g| g.to_string()).unwrap_or_default(),
                };
                assert_eq!(Some(&grade), want.get("grade"), "{at}: grade");
                let dash = |s: Option<String>| s.unwrap_or_else(|| "-".to_owned());
                if let Some(l) = want.get("locked") {
                    assert_eq!(
                        &dash(x.locked_until().map(|d| d.to_string())),
                        l,
                        "{at}: locked"
                    );
                }
                if let Some(p) = want.get("points") {
                    assert_eq!(
                        &dash(x.points().map(|p| p.normalize().to_string())),
                        p,
                        "{at}: points"
                    );
                }
                if let Some(r) = want.get("rejected") {
                    let got = if x.rejected_repairs().is_empty() {
                        "-".to_owned()
                    } else {
                        x.rejected_repairs().join(";")
                    };
                    assert_eq!(&got, r, "{at}: rejected repairs");
                }
                if let Some(r) = want.get("reasons") {
                    let got: Vec<&str> = x.reasons().iter().map(|r| r.code.as_str()).collect();
                    assert_eq!(got.join(","), *r, "{at}: reasons");
                }
                if let Some(s) = want.get("score") {
                    assert_eq!(
                        &dash(x.score().map(|s| s.normalize().to_string())),
                        s,
                        "{at}: score"
                    );
                }
            }
        }
    }
    case.expects.len()
}

#[test]
fn replay_case_tables() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut checked = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "case"))
    {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for case in parse(&name, &std::fs::read_to_string(path).unwrap()) {
            assert!(!case.expects.is_empty(), "{}: no expectation", case.name);
            checked += run(&case, &name);
        }
    }
    assert!(checked >= 40, "only {checked} expectations were replayed");
}
