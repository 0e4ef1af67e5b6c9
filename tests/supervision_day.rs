//! The `supervision_day` example: a morning of supervision over the synthetic
//! district. Runs the example binary that `cargo test` builds.

use std::path::PathBuf;
use std::process::{Command, Output};

use rust_decimal::{Decimal, RoundingStrategy};

fn example() -> PathBuf {
    // target/<profile>/deps/supervision_day-<hash> -> target/<profile>/examples/supervision_day
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().unwrap().parent().unwrap();
    profile
        .join("examples")
        .join(format!("supervision_day{}", std::env::consts::EXE_SUFFIX))
}

fn output(args: &[&str]) -> Output {
    Command::new(example())
        .args(args)
        .output()
        .expect("the supervision_day example is built by `cargo test`")
}

fn run(args: &[&str]) -> String {
    let out = output(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text from the line starting with `from` to the line starting with `to`
/// (or the end).
fn section<'a>(text: &'a str, from: &str, to: Option<&str>) -> &'a str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in\n{text}"));
    let rest = &text[start..];
    match to {
        Some(t) => &rest[..rest.find(t).unwrap_or_else(|| panic!("no {t:?}"))],
        None => rest,
    }
}

const H1: &str = "== 1. 今日巡查任务 Daily tasks of INS-D03-1 ";
const H2: &str = "== 2. 预警 Open warnings (";
const H3: &str = "== 3. 双随机抽查 Random draw, 2026 Q2 ==";
const H4: &str = "== 4. 效能监察 Efficiency, 2026-05-01 to 2026-05-31 (24 inspectors) ==";

#[test]
fn four_sections_in_order() {
    let text = run(&[]);
    let at: Vec<usize> = [H1, H2, H3, H4]
        .iter()
        .map(|h| {
            text.find(h)
                .unwrap_or_else(|| panic!("no {h:?} in\n{text}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "sections out of order");
    assert!(text.starts_with(
        "江海分局 Jianghai branch (synthetic district, seed 7229) — supervision day 2026-06-30\n"
    ));
    // Nothing printed has trailing blanks.
    assert!(text.lines().all(|l| l == l.trim_end()));
}

#[test]
fn draw_counts_are_the_ceiling_of_ratio_times_population() {
    let text = run(&[]);
    let draw = section(&text, H3, Some("== 4."));
    assert!(
        draw.contains("\nseed = 20260630 (the as-of date as YYYYMMDD"),
        "{draw}"
    );
    assert!(
        draw.contains(
            "\nstrata: credit tiers of the operating and suspended records with a grade\n"
        )
    );
    // The strata are credit tiers with the national credit-risk ratios: the best
    // credit (A 守信) is drawn least, the worst (D 严重失信) in full.
    let tiers = [
        ("A", "守信", "0.05"),
        ("B", "警示", "0.20"),
        ("C", "失信", "0.60"),
        ("D", "严重失信", "1"),
    ];
    let mut classes = Vec::new();
    let mut total = 0usize;
    for line in draw.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let Some((letter, label, ratio)) = tiers
            .iter()
            .find(|(l, z, _)| cols.len() >= 2 && cols[0] == *l && cols[1] == *z)
        else {
            continue;
        };
        let population: u64 = cols[2].parse().unwrap();
        assert_eq!(cols[3], *ratio, "{line}");
        let ratio: Decimal = cols[3].parse().unwrap();
        let drawn: usize = cols[4].parse().unwrap();
        let expected = (Decimal::from(population) * ratio)
            .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
        assert_eq!(Decimal::from(drawn), expected, "{line}");
        assert!(population > 0, "{line}");
        // The first ids drawn are listed (three, or all when fewer).
        assert_eq!(cols.len() - 5, drawn.min(3), "{line}");
        classes.push(format!("{letter} {label}"));
        total += drawn;
    }
    assert_eq!(classes, ["A 守信", "B 警示", "C 失信", "D 严重失信"]);
    assert!(total > 0);
    assert!(
        draw.contains(&format!(
            "\n{total} enterprises drawn, 2 inspectors each, 24 inspectors; "
        )),
        "{draw}"
    );
    // Two distinct inspectors per assignment shown, never the excluded one.
    let shown: Vec<&str> = draw.lines().filter(|l| l.starts_with("    E")).collect();
    assert_eq!(shown.len(), 8);
    for l in shown {
        let cols: Vec<&str> = l.split_whitespace().collect();
        assert!(
            tiers.iter().any(|(t, z, _)| cols[1] == *t && cols[2] == *z),
            "{l}"
        );
        assert_eq!(cols[4], "+", "{l}");
        assert_ne!(cols[3], cols[5], "{l}");
        if let Some(x) = l.split("conflicts): ").nth(1) {
            for excluded in x.split(' ') {
                assert_ne!(cols[3], excluded, "{l}");
                assert_ne!(cols[5], excluded, "{l}");
            }
        }
    }
}

#[test]
fn every_ladder_step_shows_and_counts_add_up() {
    let text = run(&[]);
    let warnings = section(&text, H2, Some("== 3."));
    // Every step of every preset ladder is in force somewhere in the district.
    for (colour, kind) in [
        ("黑色", "欠费"),
        ("绿色", "欠费"),
        ("红色", "欠费"),
        ("提示", "前置审批到期"),
        ("黄色", "前置审批到期"),
        ("红色", "前置审批到期"),
        ("黑色", "前置审批到期"),
        ("黄色", "投诉举报回复"),
        ("红色", "投诉举报回复"),
        ("红色", "整改落实"),
        ("黑色", "整改落实"),
    ] {
        let head = format!("\n{colour} {kind} (");
        let at = warnings
            .find(&head)
            .unwrap_or_else(|| panic!("no {colour} {kind} warning in\n{warnings}"));
        // At least one example line follows.
        let next = warnings[at + 1..].lines().nth(1).unwrap();
        assert!(next.starts_with("    E"), "{next}");
    }
    // The colour table's totals add up to the number in the heading.
    let heading = warnings.lines().next().unwrap();
    let n: usize = heading
        .trim_start_matches(H2)
        .trim_end_matches(") ==")
        .parse()
        .unwrap();
    let table_total: usize = warnings
        .lines()
        .filter(|l| {
            ["提示", "黑色", "绿色", "黄色", "红色"]
                .iter()
                .any(|c| l.starts_with(c))
        })
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.len() == 6).then(|| cols[5].parse::<usize>().unwrap())
        })
        .sum();
    assert_eq!(table_total, n);
}

#[test]
fn task_list_and_efficiency_are_consistent() {
    let text = run(&[]);
    let tasks = section(&text, H1, Some("== 2."));
    let summary = tasks.lines().nth(1).unwrap();
    let n: usize = summary.split(' ').next().unwrap().parse().unwrap();
    // Heading, summary, items by check, column header; then the tasks.
    let body: Vec<&str> = tasks.lines().skip(4).collect();
    let numbered = body
        .iter()
        .filter(|l| {
            l.split(' ')
                .next()
                .is_some_and(|w| w.parse::<usize>().is_ok())
        })
        .count();
    let more: usize = body
        .iter()
        .find_map(|l| l.strip_prefix("… and "))
        .map_or(0, |l| l.split(' ').next().unwrap().parse().unwrap());
    assert_eq!(numbered, n.min(15));
    assert_eq!(numbered + more, n);
    // Every task shown is the inspector's district; every item says how.
    for l in body
        .iter()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
    {
        assert!(l.contains(" D03/R"), "{l}");
    }
    for l in body.iter().filter(|l| l.starts_with("    - ")) {
        assert!(
            ["实地", "书面", "电话"].iter().any(|m| l.contains(m)),
            "{l}"
        );
    }

    let eff = section(&text, H4, None);
    let rows: Vec<Vec<&str>> = eff
        .lines()
        .filter(|l| l.starts_with("INS-"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 24);
    for r in &rows {
        let num = |i: usize| r[i].parse::<usize>().unwrap();
        assert_eq!(num(1), num(2) + num(3), "due = on time + overdue: {r:?}");
        assert_eq!(r[4] == "—", num(3) == 0, "{r:?}");
        assert!(num(6) <= num(5), "handled <= raised: {r:?}");
    }
    // The last row is the report's total: the column sums, and an average delay
    // that lies between the inspectors' smallest and largest averages.
    let all: Vec<&str> = eff
        .lines()
        .find(|l| l.starts_with("all "))
        .unwrap()
        .split_whitespace()
        .collect();
    for i in [1, 2, 3, 5, 6, 7, 8, 9] {
        let sum: Decimal = rows.iter().map(|r| r[i].parse::<Decimal>().unwrap()).sum();
        assert_eq!(all[i].parse::<Decimal>().unwrap(), sum, "column {i}");
    }
    let delay = |s: &str| s.trim_end_matches('d').parse::<Decimal>().unwrap();
    let avgs: Vec<Decimal> = rows
        .iter()
        .filter(|r| r[4] != "—")
        .map(|r| delay(r[4]))
        .collect();
    let avg = delay(all[4]);
    assert!(avgs.iter().all(|a| *a >= Decimal::ZERO));
    assert!(avg >= *avgs.iter().min().unwrap() && avg <= *avgs.iter().max().unwrap());
}

#[test]
fn same_output_twice_and_the_seed_follows_the_date() {
    assert_eq!(run(&[]), run(&[]));
    let text = run(&["--as-of", "2025-12-31", "--inspector", "INS-D11-2"]);
    assert!(text.contains("\nseed = 20251231 "), "{text}");
    assert!(text.contains("\n== 3. 双随机抽查 Random draw, 2025 Q4 ==\n"));
    assert!(text.contains("\n== 1. 今日巡查任务 Daily tasks of INS-D11-2 (江海四所) ==\n"));
    assert!(text.contains("\n== 4. 效能监察 Efficiency, 2025-11-01 to 2025-11-30 "));
}

#[test]
fn bad_arguments_are_errors_not_panics() {
    for args in [
        &["--as-of", "2026-02-30"][..],
        &["--as-of"][..],
        &["--bogus"][..],
        &["--inspector", "INS-D13-1"][..],
    ] {
        let out = output(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("Error: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(out.stdout.is_empty());
    }
}
