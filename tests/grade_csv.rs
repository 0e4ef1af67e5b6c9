//! The `grade_csv` example on fixtures (docs/spec.md, "Interchange format").

#[path = "../examples/grade_csv/interchange.rs"]
#[allow(dead_code)]
mod interchange;

use std::path::{Path, PathBuf};
use std::process::Command;

fn example() -> PathBuf {
    // target/<profile>/deps/grade_csv-<hash> -> target/<profile>/examples/grade_csv
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

#[test]
fn spec_fixture_grades_as_computed_by_hand() {
    let out = Command::new(example())
        .args(["--as-of", "2025-02-01"])
        .arg(fixture("spec"))
        .output()
        .expect("the grade_csv example is built by cargo test");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = std::fs::read_to_string(fixture("spec/expected.csv")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn out_file_and_bench_mode() {
    let dir = std::env::temp_dir().join(format!("creditgrade-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("grades.csv");
    let st = Command::new(example())
        .args(["--as-of", "2025-02-01"])
        .arg(fixture("spec"))
        .arg("--out")
        .arg(&file)
        .status()
        .unwrap();
    assert!(st.success());
    let expected = std::fs::read_to_string(fixture("spec/expected.csv")).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);

    let out = Command::new(example())
        .args(["--as-of", "2025-02-01", "--bench", "2"])
        .arg(fixture("spec"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let keys: Vec<&str> = text.lines().map(|l| l.split('=').next().unwrap()).collect();
    assert_eq!(
        keys,
        ["load_s", "grade_s", "grade_s", "grade_par_s", "grade_par_s"]
    );
    for l in text.lines() {
        let v: f64 = l.split('=').nth(1).unwrap().parse().unwrap();
        assert!(v >= 0.0);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Copies the spec fixture, replaces one file, runs the example and returns
/// (status code, stdout, stderr, whether the --out file exists).
fn run_broken(file: &str, contents: &str) -> (i32, String, String, bool) {
    let dir = std::env::temp_dir().join(format!(
        "creditgrade-broken-{}-{}-{}",
        std::process::id(),
        file,
        contents.len()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["enterprises.csv", "events.csv", "catalogue.csv"] {
        std::fs::copy(fixture("spec").join(f), dir.join(f)).unwrap();
    }
    std::fs::write(dir.join(file), contents).unwrap();
    let out_file = dir.join("grades.csv");
    let out = Command::new(example())
        .args(["--as-of", "2025-02-01"])
        .arg(&dir)
        .arg("--out")
        .arg(&out_file)
        .output()
        .unwrap();
    let exists = out_file.exists();
    std::fs::remove_dir_all(&dir).unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        exists,
    )
}

#[test]
fn input_that_does_not_parse_is_refused_whole() {
    let ev = "id,enterprise_id,date,kind,code,level,until,target\n";
    let cases: &[(&str, String, &str)] = &[
        ("events.csv", format!("{ev}X1,E01,2024-02-30,complaint,,,,\n"), "events.csv:2: bad date \"2024-02-30\""),
        ("events.csv", format!("{ev}X1,E01,2024-1-05,complaint,,,,\n"), "events.csv:2: bad date \"2024-1-05\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,Complaint,,,,\n"), "events.csv:2: unknown kind \"Complaint\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,honour,other,district,2025-02-29,\n"), "events.csv:2: bad date \"2025-02-29\" in column until"),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,complaint,,,soon,\n"), "events.csv:2: bad date \"soon\" in column until"),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,honour,gold,national,,\n"), "events.csv:2: unknown honour kind \"gold\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,honour,advertising,national,,\n"), "events.csv:2: unknown advertising grade \"national\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,honour,trademark,a,,\n"), "events.csv:2: unknown honour level \"a\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,annual_report,24,,,\n"), "events.csv:2: bad annual report year \"24\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,complaint,,,,\nX1,E01,2024-01-06,complaint,,,,\n"), "events.csv:3: duplicate event id \"X1\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,complaint,,,,\nX2,E01,2024-01-06,complaint,,,,\nX1,E01,2024-13-06,complaint,,,,\n"), "events.csv:4: duplicate event id \"X1\""),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,complaint,,,,\nX2,E01,2024-13-06,complaint,,,,\nX1,E01,2024-01-06,complaint,,,,\n"), "events.csv:3: bad date \"2024-13-06\""),
        ("events.csv", format!("{ev}X1,E99,2024-01-05,complaint,,,,\n"), "events.csv:2: event \"X1\": enterprise \"E99\" is not in enterprises.csv"),
        ("events.csv", format!("{ev}X1,E01,2024-01-05,complaint,,,\n"), "events.csv:2: 7 fields where the header has 8"),
        ("events.csv", "id,enterprise,date,kind,code,level,until,target\n".to_owned(), "events.csv:1: bad header"),
        ("enterprises.csv", "id,name,registered_on,legal_person,industry,region,district,route\nE01,x,2024-01-01,yes,,,,\n".to_owned(), "enterprises.csv:2: bad legal_person \"yes\""),
        ("enterprises.csv", "id,name,registered_on,legal_person,industry,region,district,route\nE01,x,2024-01-01,true,,,,\nE01,y,2024-01-01,true,,,,\n".to_owned(), "enterprises.csv:3: duplicate enterprise id \"E01\""),
        ("catalogue.csv", "article,severity\nA,minor\nA,serious\n".to_owned(), "catalogue.csv:3: catalogue: article \"A\" is listed as minor and as serious"),
        ("catalogue.csv", "article,severity\nA,grave\n".to_owned(), "catalogue.csv:2: unknown severity \"grave\""),
        // Values are matched exactly: people's spellings are not the format's.
        ("catalogue.csv", "article,severity\nA,Minor\n".to_owned(), "catalogue.csv:2: unknown severity \"Minor\""),
        ("catalogue.csv", "article,severity\nA,轻微\n".to_owned(), "catalogue.csv:2: unknown severity \"轻微\""),
    ];
    for (file, contents, message) in cases {
        let (code, stdout, stderr, written) = run_broken(file, contents);
        assert_eq!(code, 2, "{file}: {contents}");
        assert!(stdout.is_empty(), "nothing on stdout for {contents}");
        assert!(!written, "no output file for {contents}");
        assert!(
            stderr.contains(message),
            "{stderr:?} should contain {message:?}"
        );
    }
}

#[test]
fn strict_dates() {
    assert!(interchange::parse_date("2024-02-29").is_some());
    for bad in [
        "2023-02-29",
        "2024-13-01",
        "24-01-01",
        "2024/01/01",
        "2024-01-01 ",
        "+2024-01-1",
        "",
    ] {
        assert!(interchange::parse_date(bad).is_none(), "{bad}");
    }
}

#[test]
fn a_byte_order_mark_before_the_header_is_tolerated() {
    let es = "\u{feff}id,name,registered_on,legal_person,industry,region,district,route\nE1,x,2024-01-01,true,,,,\n";
    assert_eq!(interchange::parse_enterprises(es).unwrap()[0].id, "E1");
}

#[test]
fn quoted_fields_and_crlf_parse() {
    let es = "id,name,registered_on,legal_person,industry,region,district,route\r\n\"E,1\",\"A \"\"quoted\"\" name\",2024-01-01,true,,,,\r\n";
    let e = interchange::parse_enterprises(es).unwrap();
    assert_eq!(e[0].id, "E,1");
    assert_eq!(e[0].name, "A \"quoted\" name");
}

/// Refusals name the physical line, whatever the line ends, empty lines or line
/// breaks inside quoted fields (the csv crate's own count is wrong for the first
/// two: BurntSushi/rust-csv#208 and #395).
#[test]
fn refusals_name_the_physical_line() {
    let header = "id,name,registered_on,legal_person,industry,region,district,route";
    let ok = "E1,x,2024-01-01,true,,,,";
    let bad = "E9,x,2024-01-01,maybe,,,,";
    let short = "E9,x,2024-01-01,true,,,";
    let cases: &[(String, u64)] = &[
        (format!("{header}\n{ok}\n{bad}\n"), 3),
        (format!("{header}\r\n{ok}\r\n{bad}\r\n"), 3),
        (format!("{header}\r\n{bad}\r\n"), 2),
        (format!("{header}\n\n\n{bad}\n"), 4),
        (format!("{header}\r\n\r\n{ok}\r\n\r\n{bad}\r\n"), 5),
        (
            format!("{header}\r\nE1,\"two\r\nlines\",2024-01-01,true,,,,\r\n{bad}\r\n"),
            4,
        ),
        (
            format!("{header}\nE1,\"two\nlines\",2024-01-01,true,,,,\n{bad}\n"),
            4,
        ),
        (format!("\u{feff}{header}\r\n{ok}\r\n{bad}\r\n"), 3),
        (format!("{header}\r\n{ok}\r\n\r\n{short}\r\n"), 4),
        ("\n\nid,name\n".to_owned(), 3),
    ];
    for (text, line) in cases {
        let err = interchange::parse_enterprises(text).unwrap_err();
        assert_eq!(err.line, *line, "{text:?}: {err}");
    }
    let events = "id,enterprise_id,date,kind,code,level,until,target\r\n\r\nX1,E1,2024-01-05,complaint,,,,\r\nX1,E1,2024-01-06,complaint,,,,\r\n";
    let es = interchange::parse_enterprises(&format!("{header}\n{ok}\n")).unwrap();
    let err = interchange::parse_events(events, &es).unwrap_err();
    assert_eq!(
        (err.line, err.reason.as_str()),
        (4, "duplicate event id \"X1\"")
    );
}

proptest::proptest! {
    /// Whatever the files hold, loading refuses or accepts; it never panics.
    #[test]
    fn loading_never_panics(
        es in "(id,name,registered_on,legal_person,industry,region,district,route\n)?([A-Za-z0-9,\"\n -]{0,80})",
        ev in "(id,enterprise_id,date,kind,code,level,until,target\n)?([a-z0-9,\"\n_-]{0,120})",
        cat in "(article,severity\n)?([a-z0-9,\n]{0,40})",
    ) {
        let _ = interchange::parse(&es, &ev, &cat);
    }
}

/// The spec fixture's three files.
fn spec_files() -> [String; 3] {
    ["enterprises.csv", "events.csv", "catalogue.csv"]
        .map(|f| std::fs::read_to_string(fixture("spec").join(f)).unwrap())
}

/// What a load gave, comparable: the population, catalogue and national facts,
/// or the refusal.
fn outcome(r: Result<interchange::Loaded, interchange::LoadError>) -> Result<String, String> {
    r.map(|l| format!("{:?}\n{:?}\n{:?}", l.population, l.catalogue, l.national))
        .map_err(|e| e.to_string())
}

proptest::proptest! {
    /// The large files are read in pieces side by side; however small the
    /// pieces, the result is that of one piece, and so is the refusal (the
    /// first bad line in file order), line breaks inside quotes and CRLF
    /// included.
    #[test]
    fn pieces_of_any_size_read_the_same(
        piece in 1usize..400,
        crlf in proptest::bool::ANY,
        quoted in 1usize..30,
        broken in proptest::option::of((1usize..70, 0usize..6)),
    ) {
        let [mut es, mut ev, cat] = spec_files();
        // A name with a line break inside quotes.
        let mut lines: Vec<String> = es.lines().map(str::to_owned).collect();
        if let Some(line) = lines.get_mut(quoted) {
            let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
            cells[1] = format!("\"{}\nsecond, line\"", cells[1]);
            *line = cells.join(",");
        }
        es = lines.join("\n") + "\n";
        if let Some((k, how)) = broken {
            let mut lines: Vec<String> = ev.lines().map(str::to_owned).collect();
            let k = k.min(lines.len() - 1).max(1);
            let previous_id = lines[k - 1].split(',').next().unwrap_or("").to_owned();
            let line = &mut lines[k];
            let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
            match how {
                0 => cells[0] = previous_id,
                1 => cells[2] = "2024-02-30".to_owned(),
                2 => {
                    cells.pop();
                }
                3 => cells[1] = "NOBODY".to_owned(),
                4 => cells[4] = "\"A-GEN\n\"\"still\"\" the code\"".to_owned(),
                _ => cells[3] = "\"never closed,".to_owned(),
            }
            *line = cells.join(",");
            ev = lines.join("\n") + "\n";
        }
        if crlf {
            es = es.replace('\n', "\r\n");
            ev = ev.replace('\n', "\r\n");
        }
        let whole = outcome(interchange::parse_in_pieces(&es, &ev, &cat, usize::MAX));
        let cut = outcome(interchange::parse_in_pieces(&es, &ev, &cat, piece));
        proptest::prop_assert_eq!(whole, cut);
    }
}

/// A fresh scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("creditgrade-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn print_policy_writes_the_seed_policy_file() {
    let out = Command::new(example())
        .arg("--print-policy")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text, creditgrade::Policy::seed().to_json().unwrap());
    assert_eq!(
        creditgrade::Policy::from_json(&text).unwrap(),
        creditgrade::Policy::seed()
    );
}

#[test]
fn grading_with_a_policy_file() {
    let dir = scratch("policy");
    // The seed's own file grades as the seed does.
    let seed = dir.join("seed.json");
    std::fs::write(&seed, creditgrade::Policy::seed().to_json().unwrap()).unwrap();
    let out = Command::new(example())
        .args(["--as-of", "2025-02-01"])
        .arg(fixture("spec"))
        .arg("--policy")
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = std::fs::read_to_string(fixture("spec/expected.csv")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);

    // A policy that locks nothing for long changes the grades: every lock ends
    // after one month, so by the as-of date the fixture's locked enterprises
    // have recovered.
    let mut short = creditgrade::Policy::seed();
    short.lock.duration_months = creditgrade::policy::PerSeverity::new(1, 1, 1);
    let file = dir.join("short.json");
    std::fs::write(&file, short.to_json().unwrap()).unwrap();
    let out = Command::new(example())
        .args(["--as-of", "2025-02-01", "--policy"])
        .arg(&file)
        .arg(fixture("spec"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let graded = String::from_utf8(out.stdout).unwrap();
    assert_ne!(graded, expected);
    assert!(expected.contains("\nE02,D,2025-06-01,,\n"));
    assert!(graded.contains("\nE02,A,,0,\n"), "{graded}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `grade_csv` on the spec fixture as of 2025-02-01 with `--policy policy --out out`.
fn grade_spec_with_policy(policy: &Path, out: &Path) -> std::process::Output {
    Command::new(example())
        .args(["--as-of", "2025-02-01"])
        .arg(fixture("spec"))
        .arg("--policy")
        .arg(policy)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// `grade_csv --print-policy --policy policy`.
fn print_policy(policy: &Path) -> std::process::Output {
    Command::new(example())
        .arg("--print-policy")
        .arg("--policy")
        .arg(policy)
        .output()
        .unwrap()
}

#[test]
fn an_invalid_policy_file_is_refused_with_the_field() {
    let dir = scratch("badpolicy");
    let seed = creditgrade::Policy::seed().to_json().unwrap();
    let cases = [
        (
            seed.replacen("\"minor\": 12", "\"minor\": 0", 1),
            "policy field `lock.duration_months.minor`: 0 months is out of range (1 to 1200)",
        ),
        (
            seed.replacen(
                "\"name\": \"seed\",",
                "\"name\": \"seed\",\n  \"lock_months\": 24,",
                1,
            ),
            "policy field `lock_months`: unknown field `lock_months`",
        ),
        (
            seed.replacen("  \"disclosure\": null,\n", "", 1),
            "policy field `disclosure`: missing field `disclosure`",
        ),
        ("{".to_owned(), "EOF while parsing an object"),
    ];
    for (i, (text, expected)) in cases.iter().enumerate() {
        let file = dir.join(format!("bad{i}.json"));
        std::fs::write(&file, text).unwrap();
        let out_file = dir.join("grades.csv");
        let out = grade_spec_with_policy(&file, &out_file);
        assert_eq!(out.status.code(), Some(2), "case {i}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with(&format!("grade_csv: {}: {expected}", file.display())),
            "case {i}: {err}"
        );
        assert!(out.stdout.is_empty());
        assert!(!out_file.exists(), "nothing is written");
        // --print-policy refuses it too.
        let out = print_policy(&file);
        assert_eq!(out.status.code(), Some(2), "case {i}");
    }
    let out = Command::new(example())
        .args(["--print-policy", "--policy"])
        .arg(dir.join("absent.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("cannot read the policy")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_policy_with_national_effects_is_refused_before_reading() {
    let dir = scratch("nationalpolicy");
    let file = dir.join("national.json");
    std::fs::write(
        &file,
        creditgrade::Policy::national_2026().to_json().unwrap(),
    )
    .unwrap();
    let out_file = dir.join("grades.csv");
    let out = grade_spec_with_policy(&file, &out_file);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("grade_csv: the policy has national effects (section `national`)"),
        "{err}"
    );
    assert!(!out_file.exists(), "nothing is written");
    // --print-policy still prints it.
    let out = print_policy(&file);
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn run_ok(args: &[&str]) -> String {
    let out = Command::new(example())
        .args(args)
        .arg(fixture("spec"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `--outlook` adds `next_change` and `next_grade` after the other columns
/// (docs/spec.md, section 13.7), and a direct grading on those days agrees.
#[test]
fn outlook_columns() {
    let text = run_ok(&["--as-of", "2025-02-01", "--outlook"]);
    assert_eq!(
        text,
        std::fs::read_to_string(fixture("spec/expected_outlook.csv")).unwrap()
    );
    let plain = std::fs::read_to_string(fixture("spec/expected.csv")).unwrap();
    let mut later_facts = std::collections::BTreeSet::new();
    for l in std::fs::read_to_string(fixture("spec/events.csv"))
        .unwrap()
        .lines()
        .skip(1)
    {
        let f: Vec<&str> = l.split(',').collect();
        if f[2] > "2025-02-01" {
            later_facts.insert(f[1].to_owned());
        }
    }
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    assert_eq!(rows[0][5..], ["next_change", "next_grade"]);
    for (row, p) in rows.iter().zip(plain.lines()) {
        assert_eq!(row[..5].join(","), p);
    }
    let grade_on = |date: &str, id: &str| -> String {
        let t = run_ok(&["--as-of", date]);
        t.lines()
            .find(|l| l.split(',').next() == Some(id))
            .unwrap()
            .split(',')
            .nth(1)
            .unwrap()
            .to_owned()
    };
    let mut checked = 0;
    for row in &rows[1..] {
        let (id, next, grade) = (&row[0], &row[5], &row[6]);
        if next.is_empty() || later_facts.contains(id) {
            continue;
        }
        assert_eq!(&grade_on(next, id), grade, "{id} on {next}");
        let day_before = chrono::NaiveDate::parse_from_str(next, "%Y-%m-%d")
            .unwrap()
            .pred_opt()
            .unwrap()
            .to_string();
        assert_eq!(grade_on(&day_before, id), row[1], "{id} before {next}");
        checked += 1;
    }
    assert!(checked > 10);
    // E02: D locked until 2025-06-01, A from that day. E07: B, renewed every year
    // by the missing reports: never changes. E16: registered on 2025-03-01.
    assert!(text.contains("\nE02,D,2025-06-01,,,2025-06-01,A\n"));
    assert!(text.contains("\nE07,B,2025-07-01,,,,\n"));
    assert!(text.contains("\nE16,not_registered,,,,2025-03-01,A\n"));
}
