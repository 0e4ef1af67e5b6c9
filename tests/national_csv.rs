//! The national columns and rows of the interchange format and `grade_csv
//! --national` (docs/spec.md, sections 13.10 and 13.11), end to end on
//! `tests/fixtures/interchange/national`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().unwrap().parent().unwrap();
    profile
        .join("examples")
        .join(format!("grade_csv{}", std::env::consts::EXE_SUFFIX))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/interchange")
        .join(name)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn temp(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("creditgrade-natcsv-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the example on `dir` as of `as_of` with `args`, writing into `out`;
/// returns (status, stderr).
fn run(dir: &Path, as_of: &str, out: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(example())
        .args(["--as-of", as_of])
        .arg(dir)
        .arg("--out")
        .arg(out.join("grades.csv"))
        .args(args)
        .output()
        .expect("the grade_csv example is built by cargo test");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn the_national_fixture_as_worked_out_by_hand() {
    let out = temp("fixture");
    let (code, err) = run(&fixture("national"), "2026-05-15", &out, &["--national"]);
    assert_eq!(code, 0, "{err}");
    for (got, want) in [
        ("grades.csv", "expected_grades.csv"),
        ("publicity.csv", "expected_publicity.csv"),
        ("lists.csv", "expected_lists.csv"),
    ] {
        assert_eq!(
            read(&out.join(got)),
            read(&fixture("national").join(want)),
            "{got}"
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn the_worked_example_in_the_spec_is_the_fixture_byte_for_byte() {
    let spec = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/spec.md"));
    for f in [
        "enterprises.csv",
        "catalogue.csv",
        "events.csv",
        "expected_grades.csv",
        "expected_publicity.csv",
        "expected_lists.csv",
    ] {
        let block = format!("```text\n{}```\n", read(&fixture("national").join(f)));
        assert!(
            spec.contains(&block),
            "docs/spec.md lacks {f} as a text block"
        );
    }
}

/// Today's format: the extended file without its national rows and columns.
fn strip(events: &str) -> String {
    let mut out = String::new();
    for (i, line) in events.lines().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        if i > 0 && creditgrade::national::interchange::is_national_kind(cells[3]) {
            continue;
        }
        out.push_str(&cells[..8].join(","));
        out.push('\n');
    }
    out
}

#[test]
fn the_national_columns_change_no_grade() {
    let dir = temp("stripped");
    for f in ["enterprises.csv", "catalogue.csv"] {
        std::fs::copy(fixture("national").join(f), dir.join(f)).unwrap();
    }
    let events = read(&fixture("national").join("events.csv"));
    let stripped = strip(&events);
    assert!(stripped.starts_with("id,enterprise_id,date,kind,code,level,until,target\n"));
    std::fs::write(dir.join("events.csv"), &stripped).unwrap();
    let out = temp("stripped-out");
    let (code, err) = run(&dir, "2026-05-15", &out, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(&out.join("grades.csv")),
        read(&fixture("national").join("expected_grades.csv"))
    );
    assert!(!out.join("publicity.csv").exists(), "only with --national");
    // A file of today's format gets a national view too: no details, so no
    // publicity answer, only the reason.
    let (code, err) = run(&dir, "2026-05-15", &out, &["--national"]);
    assert_eq!(code, 0, "{err}");
    let p = read(&out.join("publicity.csv"));
    assert!(
        p.contains(
            "\nN01,P01,2025-03-10,false,,,,no_measures,,,,false,,,,,SAMR Order 45;NDRC Order 58,\n"
        ),
        "{p}"
    );
    for d in [dir, out] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn grades_are_byte_identical_with_and_without_national() {
    let out = temp("spec");
    let (code, err) = run(&fixture("spec"), "2025-02-01", &out, &["--national"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(&out.join("grades.csv")),
        read(&fixture("spec/expected.csv"))
    );
    assert!(read(&out.join("lists.csv")).starts_with(
        "id,abnormal,abnormal_since,abnormal_open,escalation_on,notice_on,serious,serious_since,serious_open,serious_until,note\nE01,false,,,,,false,,,,\n"
    ));
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn national_needs_an_out_file() {
    let o = Command::new(example())
        .args(["--as-of", "2025-02-01", "--national"])
        .arg(fixture("spec"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("--national needs --out FILE")
    );
}

const HEADER: &str = "id,enterprise_id,date,kind,code,level,until,target,procedure,measures,restriction_until,field,published_on,heavy,ground,channel\n";
const OK: &str = "P1,E01,2024-03-01,penalty,A-GEN,,,,ordinary,fine:5000,,,,,,\n";

#[test]
fn malformed_national_columns_are_refused_whole_with_file_line_and_reason() {
    let cases: &[(&str, &str)] = &[
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,quick,,,,,,,",
            "events.csv:3: enterprise \"E01\": fact \"P2\" (procedure): unknown procedure \"quick\" (expected simple or ordinary)",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,spanking,,,,,,",
            "events.csv:3: enterprise \"E01\": fact \"P2\" (measures): unknown measure \"spanking\"",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,fine:-5,,,,,,",
            "(measures): bad amount \"-5\" of a fine",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,warning:5,,,,,,",
            "(measures): a warning has no amount",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,warning;,,,,,,",
            "(measures): empty measure in \"warning;\"",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,,2025-02-30,,,,,",
            "(restriction_until): bad date \"2025-02-30\"",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,,,fish,,,,",
            "(field): unknown field \"fish\"",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,,,,2024-3-01,,,",
            "(published_on): bad date \"2024-3-01\"",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,,,,,yes,,",
            "(heavy): bad heavy \"yes\" (expected true, false or empty)",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,,,,,,,unreachable,",
            "(ground): ground must be empty on a penalty record",
        ),
        (
            "C2,E01,2024-03-01,complaint,,,,,,warning,,,,,,",
            "fact \"C2\" (measures): measures is a column of penalty records, not of complaint",
        ),
        (
            "F2,E01,2024-03-01,fulfilment,,,,,,,,,,,,",
            "fact \"F2\" (target): a fulfilment record needs a target",
        ),
        (
            "R2,E01,2024-03-01,repair_application,,,,P1,,,,,,,,",
            "(channel): a repair_application record needs a channel",
        ),
        (
            "R2,E01,2024-03-01,repair_application,,,,P1,,,,,,,,wechat",
            "(channel): unknown channel \"wechat\"",
        ),
        (
            "R2,E01,2024-03-01,repair,,,,P1,,,,,,,,credit_china",
            "fact \"R2\" (channel): channel must be empty on a repair record",
        ),
        (
            "L2,E01,2024-03-01,abnormal_listing,,,,,,,,,,,,",
            "(ground): a abnormal_listing record needs a ground",
        ),
        (
            "L2,E01,2024-03-01,abnormal_listing,,,,,,,,,,,lost,",
            "(ground): unknown ground \"lost\"",
        ),
        (
            "L2,E01,2024-03-01,abnormal_listing,23,,,,,,,,,,annual_report,",
            "(code): bad annual report year \"23\"",
        ),
        (
            "L2,E01,2024-03-01,abnormal_listing,2023,,,,,,,,,,unreachable,",
            "(code): code must be empty on a unreachable listing",
        ),
        (
            "L2,E01,2024-03-01,abnormal_removal,,,,,,,,,,,,",
            "(target): a abnormal_removal record needs a target",
        ),
        (
            "L2,E01,2024-03-01,abnormal_cure,,,,,,,,,,,annual_report,",
            "(ground): unknown ground \"annual_report\"",
        ),
        (
            "S2,E01,2024-03-01,serious_listing,,,,,,,,,,,,",
            "(target): a serious_listing record cites a penalty decision",
        ),
        (
            "S2,E01,2024-03-01,serious_listing,,,,P1,,,,,,,escalation,",
            "(target): an escalation listing cites no decision",
        ),
        (
            "S2,E01,2024-03-01,serious_listing,,,,,,,,,,,moved,",
            "(ground): unknown ground \"moved\"",
        ),
        (
            "S2,E01,2024-03-01,serious_removal,,,,S1,,,,,,,,publicity_system",
            "(channel): channel must be empty on a serious_removal record",
        ),
        (
            "S2,E01,2024-03-01,serious_removal,,,2025-01-01,S1,,,,,,,,",
            "(until): until must be empty on a serious_removal record",
        ),
        // Today's checks come first, and today's rules still hold.
        (
            "S2,E99,2024-03-01,serious_removal,,,,S1,,,,,,,,",
            "events.csv:3: event \"S2\": enterprise \"E99\" is not in enterprises.csv",
        ),
        (
            "P1,E01,2024-03-02,fulfilment,,,,P1,,,,,,,,",
            "events.csv:3: duplicate event id \"P1\"",
        ),
        (
            "P2,E01,2024-03-01,penalty,A-GEN,,,,ordinary,fine:5000,,,,",
            "events.csv:3: 14 fields where the header has 16",
        ),
    ];
    let dir = temp("broken");
    for f in ["enterprises.csv", "catalogue.csv"] {
        std::fs::copy(fixture("spec").join(f), dir.join(f)).unwrap();
    }
    let out = temp("broken-out");
    for (row, message) in cases {
        std::fs::write(dir.join("events.csv"), format!("{HEADER}{OK}{row}\n")).unwrap();
        let (code, stderr) = run(&dir, "2025-02-01", &out, &["--national"]);
        assert_eq!(code, 2, "{row}");
        assert!(
            stderr.contains(message),
            "{row}: {stderr:?} should contain {message:?}"
        );
        assert!(stderr.starts_with("grade_csv: events.csv:"), "{stderr}");
        for f in ["grades.csv", "publicity.csv", "lists.csv"] {
            assert!(!out.join(f).exists(), "nothing written for {row}");
        }
    }
    // Today's kinds cannot use the national kinds without the extended header.
    std::fs::write(
        dir.join("events.csv"),
        "id,enterprise_id,date,kind,code,level,until,target\nF1,E01,2024-03-01,fulfilment,,,,P1\n",
    )
    .unwrap();
    let (code, stderr) = run(&dir, "2025-02-01", &out, &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("events.csv:2: unknown kind \"fulfilment\""),
        "{stderr}"
    );
    // A header that is neither is refused, naming both.
    std::fs::write(dir.join("events.csv"), HEADER.replace(",channel", "")).unwrap();
    let (code, stderr) = run(&dir, "2025-02-01", &out, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("events.csv:1: bad header"), "{stderr}");
    assert!(stderr.contains("(or that header followed by ,procedure,measures,restriction_until,field,published_on,heavy,ground,channel)"), "{stderr}");
    for d in [dir, out] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn input_errors_of_one_enterprise_are_its_rows_only() {
    // A serious listing citing a decision the enterprise does not have, and a
    // removal of an unknown listing: typed errors on that enterprise's rows.
    let dir = temp("typed");
    for f in ["enterprises.csv", "catalogue.csv"] {
        std::fs::copy(fixture("spec").join(f), dir.join(f)).unwrap();
    }
    std::fs::write(
        dir.join("events.csv"),
        format!(
            "{HEADER}{OK}S1,E02,2024-03-01,serious_listing,,,,P1,,,,,,,,\nP3,E03,2024-03-01,penalty,A-GEN,,,,,licence_revoked,,,,,,\nS3,E03,2024-03-02,serious_listing,,,,P3,,,,,,,,\nS2,E03,2024-04-01,serious_removal,,,,S9,,,,,,,,\nL1,E07,2024-03-01,abnormal_removal,,,,L9,,,,,,,,\nS4,E09,2024-03-01,serious_listing,,,,P9,,,,,,,,\nP9,E09,2024-03-01,penalty,A-GEN,,,,,warning,,,,,,\nS5,E19,2024-04-01,serious_removal,,,,S9,,,,,,,,\n"
        ),
    )
    .unwrap();
    let out = temp("typed-out");
    let (code, err) = run(&dir, "2025-02-01", &out, &["--national"]);
    assert_eq!(code, 0, "{err}");
    let lists = read(&out.join("lists.csv"));
    for (id, note) in [
        (
            "E02",
            "UnknownDecision(S1): the listing cites \"\"P1\"\", which is not a decision of the enterprise",
        ),
        ("E03", "UnknownDecision(S2): "),
        (
            "E07",
            "UnknownDecision(L9): a removal targets \"\"L9\"\", which is not a listing of the enterprise",
        ),
        ("E09", "InvalidInput(S4): "),
        // An application for a listing the enterprise does not have, with no
        // listing at all.
        ("E19", "UnknownDecision(S5): "),
    ] {
        assert!(
            lists.contains(&format!("\n{id},,,,,,,,,,\"{note}")),
            "{id}: {lists}"
        );
    }
    assert!(read(&out.join("publicity.csv")).contains("\nE01,P1,2024-03-01,"));
    // Grades are unchanged by them.
    assert_eq!(
        read(&out.join("grades.csv")).lines().count(),
        read(&fixture("spec/expected.csv")).lines().count()
    );
    for d in [dir, out] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

mod laws {
    use creditgrade::chrono::NaiveDate;
    use creditgrade::national::interchange::{
        NationalFacts, Row, decision_cells, extended_header, parse_row,
    };
    use creditgrade::national::{Decision, Field, Measure, NationalRules, Procedure};
    use creditgrade::{Enterprise, ErrorKind, Fact, FactKind, History};
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-z_]{1,12}",
            "[0-9:;.\\-]{1,12}",
            "(warning|fine|confiscation|closure)(:[0-9.]{0,6})?(;(fine|criticism)(:[0-9]{1,5})?)?",
            Just("2025-03-10".to_owned()),
            Just("2024-02-30".to_owned()),
            Just("true".to_owned()),
            Just("escalation".to_owned()),
            Just("annual_report".to_owned()),
            Just("credit_china".to_owned()),
            Just("2024".to_owned()),
            ".{0,8}",
        ]
    }

    fn kind() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("penalty"),
            Just("complaint"),
            Just("fulfilment"),
            Just("repair_application"),
            Just("abnormal_listing"),
            Just("abnormal_removal"),
            Just("abnormal_cure"),
            Just("serious_listing"),
            Just("serious_removal"),
            Just("repair"),
        ]
        .prop_map(str::to_owned)
    }

    fn decision() -> impl Strategy<Value = Decision> {
        let measure = prop_oneof![
            Just(Measure::Warning),
            Just(Measure::Criticism),
            (0_i64..1_000_000).prop_map(Measure::fine),
            (0_i64..100_000, 0_u32..3).prop_map(|(a, s)| Measure::Confiscation {
                amount: Some(creditgrade::rust_decimal::Decimal::new(a, s)),
            }),
            Just(Measure::Fine { amount: None }),
            Just(Measure::LicenceSuspended),
            Just(Measure::QualificationLowered),
            Just(Measure::BusinessRestricted),
            Just(Measure::PracticeBanned),
        ];
        (
            proptest::collection::vec(measure, 0..4),
            proptest::option::of(prop_oneof![
                Just(Procedure::Simple),
                Just(Procedure::Ordinary)
            ]),
            prop_oneof![
                Just(Field::Food),
                Just(Field::Drugs),
                Just(Field::SpecialEquipment),
                Just(Field::Other)
            ],
            proptest::option::of(1_u64..900),
            proptest::option::of(0_u64..40),
            any::<bool>(),
        )
            .prop_map(
                |(measures, procedure, field, restriction, published, heavy)| {
                    let on = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
                    let mut p = Decision::new("P1", on, "art-1")
                        .with_field(field)
                        .with_heavy(heavy);
                    for m in measures {
                        p = p.with_measure(m);
                    }
                    if let Some(x) = procedure {
                        p = p.with_procedure(x);
                    }
                    if let Some(n) = restriction {
                        p = p.with_restriction_until(on + chrono::Days::new(n));
                    }
                    if let Some(n) = published {
                        p = p.with_published_on(on + chrono::Days::new(n));
                    }
                    p
                },
            )
    }

    proptest! {
        /// No record panics the parser; a refusal is a parse error naming a
        /// column of the extended header.
        #[test]
        fn no_record_panics(kind in kind(), cells in proptest::collection::vec(cell(), 12)) {
            let mut row: Vec<&str> = vec!["X1", "E1", "2025-03-10", &kind];
            row.extend(cells.iter().map(String::as_str));
            match parse_row(&row) {
                Ok(_) => {}
                Err(e) => {
                    prop_assert_eq!(e.kind(), ErrorKind::Parse);
                    prop_assert_eq!(e.fact(), Some("X1"));
                    let field = e.field().unwrap_or("");
                    prop_assert!(extended_header().contains(&field), "{}", e);
                }
            }
            // Any number of cells but 16 is refused, never a panic.
            prop_assert!(parse_row(&row[..15]).is_err());
        }

        /// The decision cells of a decision parse back to it.
        #[test]
        fn decision_cells_round_trip(p in decision()) {
            let cells = decision_cells(&p);
            let mut row: Vec<&str> = vec!["P1", "E1", "2025-03-10", "penalty", "art-1", "", "", ""];
            row.extend(cells.iter().map(String::as_str));
            row.extend(["", ""]);
            prop_assert_eq!(parse_row(&row).unwrap(), Some(Row::Decision(p)));
        }

        /// The order of the records changes no national answer.
        #[test]
        fn input_order_changes_nothing(order in Just((0..40).collect::<Vec<usize>>()).prop_shuffle()) {
            let events = std::fs::read_to_string(super::fixture("national").join("events.csv")).unwrap();
            let lines: Vec<&str> = events.lines().skip(1).collect();
            let answers = |order: &[usize]| {
                let mut facts = NationalFacts::default();
                let mut penalties: Vec<(String, Fact)> = Vec::new();
                for &i in order.iter().filter(|&&i| i < lines.len()) {
                    let cells: Vec<&str> = lines[i].split(',').collect();
                    if cells[3] == "penalty" {
                        let date = creditgrade::national::interchange::parse_date(cells[2]).unwrap();
                        penalties.push((cells[1].to_owned(), Fact::penalty(cells[0], date, cells[4])));
                    } else if cells[3] == "annual_report" {
                        let date = creditgrade::national::interchange::parse_date(cells[2]).unwrap();
                        let year = cells[4].parse().unwrap();
                        penalties.push((cells[1].to_owned(), Fact::new(cells[0], date, FactKind::AnnualReport { year })));
                    }
                    if let Some(row) = parse_row(&cells).unwrap() {
                        facts.add(cells[1], row);
                    }
                }
                let rules = NationalRules::national_2026();
                let as_of = NaiveDate::from_ymd_opt(2026, 5, 15).unwrap();
                (1..=11)
                    .map(|n| {
                        let id = format!("N{n:02}");
                        let reg = NaiveDate::from_ymd_opt(if n == 11 { 2022 } else { 2025 }, 1, 1).unwrap();
                        let f = penalties.iter().filter(|(e, _)| *e == id).map(|(_, f)| f.clone()).collect();
                        let h = History::new(Enterprise::new(&id, reg), f).unwrap();
                        let d = facts.dossier(&h).unwrap();
                        (
                            rules.publicity(&d, as_of).map_err(|e| e.to_string()),
                            rules.serious_state(&d, as_of).map_err(|e| e.to_string()),
                        )
                    })
                    .collect::<Vec<_>>()
            };
            let mut sorted = order.clone();
            sorted.sort_unstable();
            prop_assert_eq!(answers(&order), answers(&sorted));
        }
    }
}
