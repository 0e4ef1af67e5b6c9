//! Grades the interchange format of `docs/spec.md`.
//!
//! ```text
//! cargo run --release --example grade_csv -- --as-of 2026-06-30 DIR [--out FILE] [--outlook] [--bench N] [--policy FILE]
//! cargo run --release --example grade_csv -- --print-policy [--policy FILE]
//! ```
//!
//! `--policy FILE` grades with the policy in FILE (a policy file, see
//! `docs/policy.md`) instead of the seed policy; a file that is not a valid policy
//! is refused with the JSON path of the field at fault and exit status 2, and so
//! is a policy with national effects (its `national` section set), which
//! `grades.csv` does not apply.
//! `--print-policy` writes the policy file of the seed (or of `--policy FILE`) to
//! stdout and exits: a starting point for a policy of your own.
//!
//! Reads `DIR/enterprises.csv`, `DIR/events.csv` and `DIR/catalogue.csv` and writes
//! `grades.csv` to stdout or `--out FILE`. Input that does not parse is refused as a
//! whole, with the file, line and reason, exit status 2 and nothing written.
//!
//! `--outlook` adds the columns `next_change` and `next_grade` (docs/spec.md,
//! section 13.7).
//!
//! `--national` (with `--out FILE`) also writes `publicity.csv` and `lists.csv`
//! beside FILE: the national view as of the date (docs/spec.md, section 13.11).
//!
//! `--bench N` loads once, then prints `load_s=<seconds>`, N lines
//! `grade_s=<seconds>` (sequential) and N lines `grade_par_s=<seconds>` (parallel),
//! each timing the grading of the whole population on the summary path.

mod interchange;
mod national;
mod outlook;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use creditgrade::{Assessor, Policy};

struct Args {
    as_of: NaiveDate,
    dir: PathBuf,
    out: Option<PathBuf>,
    bench: Option<usize>,
    outlook: bool,
    national: bool,
    policy: Policy,
}

const USAGE: &str = "usage: grade_csv --as-of YYYY-MM-DD DIR [--out FILE] [--outlook] [--national] [--bench N] [--policy FILE]\n       grade_csv --print-policy [--policy FILE]";

/// What the command line asks for.
enum Command {
    Grade(Args),
    PrintPolicy(Policy),
}

fn load_policy(path: &Path) -> Result<Policy, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read the policy: {e}", path.display()))?;
    Policy::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn args() -> Result<Command, String> {
    let mut as_of = None;
    let mut dir = None;
    let mut out = None;
    let mut bench = None;
    let mut outlook = false;
    let mut national = false;
    let mut policy = None;
    let mut print_policy = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--as-of" => {
                let v = it.next().ok_or("--as-of needs a date")?;
                as_of = Some(
                    interchange::parse_date(&v)
                        .ok_or_else(|| format!("bad --as-of date {v:?} (expected YYYY-MM-DD)"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a file")?)),
            "--bench" => {
                let v = it.next().ok_or("--bench needs a count")?;
                bench = Some(v.parse().map_err(|_| format!("bad --bench count {v:?}"))?);
            }
            "--outlook" => outlook = true,
            "--national" => national = true,
            "--policy" => {
                let v = it.next().ok_or("--policy needs a file")?;
                policy = Some(load_policy(Path::new(&v))?);
            }
            "--print-policy" => print_policy = true,
            "-h" | "--help" => return Err(USAGE.to_owned()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}\n{USAGE}")),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument {a:?}\n{USAGE}")),
        }
    }
    let policy = policy.unwrap_or_else(Policy::seed);
    if print_policy {
        return Ok(Command::PrintPolicy(policy));
    }
    if policy.national.is_some() {
        // `grades.csv` is the local scheme's grade (docs/spec.md, section 13);
        // refused here rather than written as one error row per enterprise.
        return Err(
            "the policy has national effects (section `national`), which grades.csv does not \
             apply: grade it with a policy whose `national` is null (--national writes the \
             national view beside grades.csv)"
                .to_owned(),
        );
    }
    if national && out.is_none() {
        return Err(format!(
            "--national needs --out FILE: publicity.csv and lists.csv are written beside it\n{USAGE}"
        ));
    }
    Ok(Command::Grade(Args {
        as_of: as_of.ok_or_else(|| format!("--as-of is required\n{USAGE}"))?,
        dir: dir.ok_or_else(|| format!("DIR is required\n{USAGE}"))?,
        out,
        bench,
        outlook,
        national,
        policy,
    }))
}

fn read(dir: &Path, name: &str) -> Result<String, String> {
    let p = dir.join(name);
    let bytes =
        std::fs::read(&p).map_err(|e| format!("{name}: cannot read {}: {e}", p.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        // Find the line of the first invalid byte.
        let bad = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("{name}:{line}: invalid UTF-8")
    })
}

/// Reads and parses the three files. Files that cannot be read (or are not
/// UTF-8) are reported first, in the order `enterprises.csv`, `events.csv`,
/// `catalogue.csv`; `enterprises.csv` is parsed while the others are read.
fn load(dir: &Path) -> Result<interchange::Loaded, String> {
    let enterprises = read(dir, "enterprises.csv")?;
    let events_bytes = std::fs::metadata(dir.join("events.csv"))
        .ok()
        .and_then(|m| usize::try_from(m.len()).ok())
        .unwrap_or(0);
    let (rest, parsed) = rayon::join(
        || Ok::<_, String>((read(dir, "events.csv")?, read(dir, "catalogue.csv")?)),
        || interchange::parse_population_enterprises(&enterprises, events_bytes),
    );
    let (events, catalogue) = rest?;
    let parsed = parsed.map_err(|e| e.to_string())?;
    interchange::finish(parsed, &events, &catalogue).map_err(|e| e.to_string())
}

fn run() -> Result<(), String> {
    let args = match args()? {
        Command::Grade(args) => args,
        Command::PrintPolicy(policy) => {
            print!("{}", policy.to_json().map_err(|e| e.to_string())?);
            return Ok(());
        }
    };
    let started = Instant::now();
    let loaded = load(&args.dir)?;
    let assessor = Assessor::new(args.policy, loaded.catalogue).map_err(|e| e.to_string())?;
    let load_s = started.elapsed().as_secs_f64();

    if let Some(n) = args.bench {
        println!("load_s={load_s:.6}");
        for _ in 0..n {
            let t = Instant::now();
            let r = assessor.summarize_population(&loaded.population, args.as_of);
            let s = t.elapsed().as_secs_f64();
            std::hint::black_box(r);
            println!("grade_s={s:.6}");
        }
        for _ in 0..n {
            let t = Instant::now();
            let r = assessor.par_summarize_population(&loaded.population, args.as_of);
            let s = t.elapsed().as_secs_f64();
            std::hint::black_box(r);
            println!("grade_par_s={s:.6}");
        }
        return Ok(());
    }

    let population = &loaded.population;
    let rows: Vec<_> = assessor
        .par_assess_population(population, args.as_of)
        .iter()
        .enumerate()
        .map(|(e, r)| interchange::row(population.id(e), r))
        .collect();
    let text = if args.outlook {
        use rayon::prelude::*;
        let next: Vec<[String; 2]> = (0..population.len())
            .into_par_iter()
            .map(|e| {
                outlook::columns(
                    &population
                        .history(e)
                        .and_then(|h| assessor.next_grade_change(&h, args.as_of)),
                )
            })
            .collect();
        outlook::write(&rows, &next)
    } else {
        interchange::write_grades(&rows)
    };
    match &args.out {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?
        }
        None => print!("{text}"),
    }
    if let (true, Some(out)) = (args.national, &args.out) {
        write_national(&loaded.population, &loaded.national, out, args.as_of)?;
    }
    Ok(())
}

/// `--national`: `publicity.csv` and `lists.csv` beside the `--out` file.
fn write_national(
    population: &creditgrade::population::Population,
    facts: &creditgrade::national::interchange::NationalFacts,
    out: &Path,
    as_of: NaiveDate,
) -> Result<(), String> {
    let (publicity, lists) = national::files(population, facts, as_of);
    let dir = out.parent().unwrap_or(Path::new(""));
    for (name, text) in [("publicity.csv", publicity), ("lists.csv", lists)] {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("grade_csv: {e}");
            ExitCode::from(2)
        }
    }
}
