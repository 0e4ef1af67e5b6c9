//! One morning at a supervision office (工商所): the synthetic district of the
//! `district` demo (7,229 enterprises), graded as of a date, turned into the day's
//! supervision work with `creditgrade::supervise`.
//!
//! ```text
//! cargo run --release --example supervision_day [-- --as-of YYYY-MM-DD] [--inspector INS-D03-1]
//! ```
//!
//! Prints:
//!
//! 1. one inspector's task list for the day (巡查任务), in `daily_tasks` order;
//! 2. all open early warnings (预警) by colour and kind, with the first few of each;
//! 3. this quarter's random draw (双随机) with its seed (the as-of date as
//!    `YYYYMMDD`), per credit tier (A 守信 … D 严重失信), and the inspectors
//!    matched to the first few;
//! 4. last month's efficiency (效能监察) per inspector.
//!
//! Grades come from the grading engine. The supervision data the engine does not
//! know — offices, inspectors, licences, fees, inspection history, complaint
//! replies, rectification notices — is synthesised deterministically from a hash
//! of the enterprise id (and, for complaints and notices, from the enterprise's
//! complaint, admonition, penalty and breach facts), so the output is the same on
//! every run, byte for byte.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;
use std::fmt::Write as _;
use std::io::Write as _;

use chrono::{Datelike, Days, Months, NaiveDate};
use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::supervise::{
    self, Colour, Complaint, DrawCandidate, Fee, Inspection, Licence, Payment, Record,
    Rectification, Renewal, RiskClass, SupervisionPolicy, Task, Warning, WarningKind,
};
use creditgrade::{Assessor, FactKind, Grade, Policy, Tier};
use rust_decimal::Decimal;

type Res<T> = Result<T, Box<dyn Error>>;

const ENTERPRISES: usize = 7_229;
const SEED: u64 = 7_229;
/// Tasks of the chosen inspector shown in full.
const TASKS_SHOWN: usize = 15;
/// Warnings shown per colour and kind.
const WARNINGS_SHOWN: usize = 2;
/// Drawn enterprises whose inspectors are shown.
const ASSIGNMENTS_SHOWN: usize = 8;

fn main() -> Res<()> {
    let mut as_of = NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("date")?;
    let mut inspector = String::from("INS-D03-1");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--as-of" => as_of = args.next().ok_or("--as-of needs a date")?.parse()?,
            "--inspector" => inspector = args.next().ok_or("--inspector needs an id")?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if !inspectors().contains(&inspector) {
        return Err(format!("unknown inspector {inspector:?} (INS-D01-1 to INS-D12-2)").into());
    }
    let out = run(as_of, &inspector)?;
    let mut text = String::with_capacity(out.len());
    for line in out.lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

fn run(as_of: NaiveDate, chosen: &str) -> Res<String> {
    let policy = SupervisionPolicy::source();
    let mut out = String::new();

    // Grade the district.
    let population = synth_population(
        &SynthConfig::default()
            .seed(SEED)
            .enterprises(ENTERPRISES)
            .as_of(as_of),
    );
    let histories = population.histories()?;
    let assessor = Assessor::new(Policy::seed(), population.catalogue()?)?;
    let assessments = assessor.assess_batch(&histories, as_of);

    // Build the supervision records.
    let mut records = Vec::with_capacity(ENTERPRISES);
    let (mut not_registered, mut errors) = (0usize, 0usize);
    for ((enterprise, facts), assessment) in population.enterprises.iter().zip(&assessments) {
        let (status, grade) = match assessment {
            Err(_) => {
                errors += 1;
                (supervise::Status::Operating, None)
            }
            Ok(a) => match a.status() {
                creditgrade::explain::Status::NotRegistered => {
                    not_registered += 1;
                    continue;
                }
                creditgrade::explain::Status::Closed => (supervise::Status::Deregistered, None),
                creditgrade::explain::Status::Revoked => (supervise::Status::Revoked, a.grade()),
                _ => (supervise::Status::Operating, a.grade()),
            },
        };
        let record = Record::new(enterprise.clone(), grade)
            .status(status)
            .office(office_of(&enterprise.district))
            .inspector(inspector_of(&enterprise.district, &enterprise.route));
        records.push(synthesise(record, facts, &policy, as_of)?);
    }

    let _ = writeln!(
        out,
        "江海分局 Jianghai branch (synthetic district, seed {SEED}) — supervision day {as_of}"
    );
    let mut by_status: BTreeMap<supervise::Status, usize> = BTreeMap::new();
    let mut by_class: BTreeMap<RiskClass, usize> = BTreeMap::new();
    for r in &records {
        *by_status.entry(r.status).or_default() += 1;
        *by_class.entry(policy.patrol().risk_class(r)).or_default() += 1;
    }
    let status_line: Vec<String> = by_status
        .iter()
        .map(|(s, n)| format!("{} {n}", s.label_zh()))
        .collect();
    let class_line: Vec<String> = by_class
        .iter()
        .map(|(c, n)| format!("{} {n}", c.label_zh()))
        .collect();
    let _ = writeln!(
        out,
        "{} records ({}); {not_registered} not registered yet (no record); {errors} with data errors (not rated)",
        records.len(),
        status_line.join(", ")
    );
    let _ = writeln!(out, "industry risk classes: {}", class_line.join(", "));

    daily_section(&mut out, &records, &policy, as_of, chosen)?;
    warnings_section(&mut out, &records, &policy, as_of)?;
    draw_section(&mut out, &records, &policy, as_of)?;
    efficiency_section(&mut out, &records, &policy, as_of)?;
    Ok(out)
}

// ---------------------------------------------------------------------------
// Section 1: the inspector's task list.

fn daily_section(
    out: &mut String,
    records: &[Record],
    policy: &SupervisionPolicy,
    as_of: NaiveDate,
    chosen: &str,
) -> Res<()> {
    let tasks = supervise::daily_tasks(records, policy, as_of)?;
    let mine: Vec<&Task> = tasks.iter().filter(|t| t.inspector == chosen).collect();
    let items: usize = mine.iter().map(|t| t.items.len()).sum();
    let _ = writeln!(
        out,
        "\n== 1. 今日巡查任务 Daily tasks of {chosen} ({}) ==",
        office_of(chosen.get(4..7).unwrap_or(""))
    );
    let _ = writeln!(
        out,
        "{} tasks, {items} items ({} tasks, {} items for all {} inspectors); most overdue first within each route",
        mine.len(),
        tasks.len(),
        tasks.iter().map(|t| t.items.len()).sum::<usize>(),
        inspectors().len()
    );
    let mut per_check: BTreeMap<(supervise::Check, supervise::Method), usize> = BTreeMap::new();
    for i in mine.iter().flat_map(|t| &t.items) {
        *per_check.entry((i.check, i.method)).or_default() += 1;
    }
    let summary: Vec<String> = per_check
        .iter()
        .map(|((c, m), n)| format!("{}/{} {n}", c.label_zh(), m.label_zh()))
        .collect();
    let _ = writeln!(out, "items by check/method: {}", summary.join(", "));
    let _ = writeln!(
        out,
        "{}",
        [
            pad("#", 4),
            pad("route", 8),
            pad("enterprise", 10),
            pad("name", 28),
            pad("class", 6),
            pad("grade", 6),
            pad("mechanism", 10),
            lpad("overdue", 8)
        ]
        .concat()
    );
    for (n, t) in mine.iter().take(TASKS_SHOWN).enumerate() {
        let _ = writeln!(
            out,
            "{}",
            [
                pad(&format!("{}", n + 1), 4),
                pad(&format!("{}/{}", t.district, t.route), 8),
                pad(&t.enterprise, 10),
                pad(&t.name, 28),
                pad(t.risk_class.label_zh(), 6),
                pad(&grade_str(t.grade), 6),
                pad(
                    policy
                        .measures()
                        .mechanism(t.grade)
                        .map_or("—", |m| m.label_zh()),
                    10
                ),
                lpad(&format!("{}d", t.days_overdue), 8),
            ]
            .concat()
        );
        for i in &t.items {
            let what = match (&i.subject, i.colour, i.warning, i.anchor) {
                (Some(s), Some(c), Some(k), Some(a)) => {
                    format!("{s} {}, {} {a}", c.label_zh(), anchor_word(k))
                }
                _ => format!("patrol due {}", i.due_on),
            };
            let _ = writeln!(
                out,
                "    - {}{}{}{}",
                pad(i.check.label_zh(), 20),
                pad(i.method.label_zh(), 6),
                pad(&what, 42),
                lpad(&format!("{}d", i.days_overdue), 6)
            );
        }
    }
    if let Some(rest) = mine.get(TASKS_SHOWN..).filter(|r| !r.is_empty()) {
        let _ = writeln!(
            out,
            "… and {} more tasks ({} items), the last {} days overdue",
            rest.len(),
            rest.iter().map(|t| t.items.len()).sum::<usize>(),
            rest.last().map_or(0, |t| t.days_overdue)
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Section 2: open warnings.

fn warnings_section(
    out: &mut String,
    records: &[Record],
    policy: &SupervisionPolicy,
    as_of: NaiveDate,
) -> Res<()> {
    let warnings = supervise::open_warnings(records, policy.warnings(), as_of)?;
    let _ = writeln!(out, "\n== 2. 预警 Open warnings ({}) ==", warnings.len());
    let mut grid: BTreeMap<(Colour, WarningKind), Vec<&Warning>> = BTreeMap::new();
    for w in &warnings {
        grid.entry((w.colour, w.kind)).or_default().push(w);
    }
    let colours: BTreeSet<Colour> = grid.keys().map(|(c, _)| *c).collect();
    let mut header = pad("colour", 10);
    for k in WarningKind::ALL {
        header.push_str(&lpad(k.label_zh(), 14));
    }
    header.push_str(&lpad("total", 8));
    let _ = writeln!(out, "{header}");
    for c in &colours {
        let mut line = pad(c.label_zh(), 10);
        let mut total = 0;
        for k in WarningKind::ALL {
            let n = grid.get(&(*c, k)).map_or(0, Vec::len);
            total += n;
            line.push_str(&lpad(&if n == 0 { "·".into() } else { n.to_string() }, 14));
        }
        line.push_str(&lpad(&total.to_string(), 8));
        let _ = writeln!(out, "{line}");
    }
    for ((c, k), list) in &grid {
        let _ = writeln!(
            out,
            "{} {} ({}), e.g.:",
            c.label_zh(),
            k.label_zh(),
            list.len()
        );
        for w in list.iter().take(WARNINGS_SHOWN) {
            let _ = writeln!(
                out,
                "    {}{}{}{}{}",
                pad(&w.enterprise, 10),
                pad(&w.name, 28),
                pad(&w.subject, 16),
                pad(
                    &format!(
                        "{} {}, step since {}",
                        anchor_word(w.kind),
                        w.anchor,
                        w.step_since
                    ),
                    42
                ),
                pad(&format!("{} → {}", w.action.label_zh(), w.inspector), 0)
            );
        }
    }
    Ok(())
}

fn anchor_word(kind: WarningKind) -> &'static str {
    match kind {
        WarningKind::FeeArrears => "due",
        WarningKind::LicenceExpiry => "expires",
        WarningKind::ComplaintReply => "reply due",
        _ => "deadline",
    }
}

// ---------------------------------------------------------------------------
// Section 3: the quarter's random draw.

fn draw_section(
    out: &mut String,
    records: &[Record],
    policy: &SupervisionPolicy,
    as_of: NaiveDate,
) -> Res<()> {
    let seed = u64::try_from(as_of.year())? * 10_000
        + u64::from(as_of.month()) * 100
        + u64::from(as_of.day());
    let quarter = (as_of.month() - 1) / 3 + 1;
    let _ = writeln!(
        out,
        "\n== 3. 双随机抽查 Random draw, {} Q{quarter} ==",
        as_of.year()
    );
    let _ = writeln!(
        out,
        "seed = {seed} (the as-of date as YYYYMMDD; re-check with docs/supervision.md \"The draw algorithm\")"
    );
    let _ = writeln!(
        out,
        "strata: credit tiers of the operating and suspended records with a grade"
    );
    let candidates = DrawCandidate::from_records(records, as_of);
    let d = supervise::draw(&candidates, policy.sampling(), seed)?;
    let _ = writeln!(
        out,
        "{}",
        [
            pad("tier", 12),
            lpad("population", 12),
            lpad("ratio", 8),
            lpad("drawn", 8),
            "   first drawn".into()
        ]
        .concat()
    );
    for c in &d.classes {
        let first: Vec<&str> = c.selected.iter().take(3).map(String::as_str).collect();
        let _ = writeln!(
            out,
            "{}",
            [
                pad(&tier_str(c.class), 12),
                lpad(&c.population.to_string(), 12),
                lpad(&c.ratio.to_string(), 8),
                lpad(&c.count.to_string(), 8),
                format!("   {}", first.join(" ")),
            ]
            .concat()
        );
    }
    let all = inspectors();
    let assignments = supervise::assign_inspectors(&d, &candidates, &all, policy.sampling())?;
    let mut load: BTreeMap<&str, usize> = all.iter().map(|i| (i.as_str(), 0)).collect();
    for a in &assignments {
        for i in &a.inspectors {
            if let Some(n) = load.get_mut(i.as_str()) {
                *n += 1;
            }
        }
    }
    let class_of: BTreeMap<&str, Tier> = candidates
        .iter()
        .map(|c| (c.id.as_str(), c.class))
        .collect();
    let excluded: BTreeMap<&str, &[String]> = candidates
        .iter()
        .map(|c| (c.id.as_str(), c.excluded.as_slice()))
        .collect();
    let _ = writeln!(
        out,
        "{} enterprises drawn, {} inspectors each, {} inspectors; load per inspector {}–{}",
        assignments.len(),
        policy.sampling().inspectors(),
        all.len(),
        load.values().min().copied().unwrap_or(0),
        load.values().max().copied().unwrap_or(0)
    );
    let _ = writeln!(
        out,
        "first {ASSIGNMENTS_SHOWN} assignments (by enterprise id):"
    );
    for a in assignments.iter().take(ASSIGNMENTS_SHOWN) {
        let not = excluded
            .get(a.enterprise.as_str())
            .map(|x| x.join(" "))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "    {}{}{}{}",
            pad(&a.enterprise, 10),
            pad(
                &class_of
                    .get(a.enterprise.as_str())
                    .map_or(String::new(), |c| tier_str(*c)),
                12
            ),
            pad(&a.inspectors.join(" + "), 24),
            if not.is_empty() {
                String::new()
            } else {
                format!("excluded (last inspector, conflicts): {not}")
            }
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Section 4: last month's efficiency.

fn efficiency_section(
    out: &mut String,
    records: &[Record],
    policy: &SupervisionPolicy,
    as_of: NaiveDate,
) -> Res<()> {
    let month_start = as_of.with_day(1).ok_or("date")?;
    let from = months(month_start, -1)?;
    let to = days(month_start, -1)?;
    let rep = supervise::efficiency(records, policy, from, to)?;
    let _ = writeln!(
        out,
        "\n== 4. 效能监察 Efficiency, {from} to {to} ({} inspectors) ==",
        rep.inspectors.len()
    );
    let _ = writeln!(
        out,
        "{}",
        [
            pad("inspector", 11),
            lpad("due", 6),
            lpad("on time", 9),
            lpad("overdue", 9),
            lpad("avg delay", 11),
            lpad("warnings", 10),
            lpad("handled", 9),
            lpad("assessed", 11),
            lpad("collected", 11),
            lpad("entry late", 12),
        ]
        .concat()
    );
    for r in rep.inspectors.iter().chain([&rep.total]) {
        let _ = writeln!(
            out,
            "{}",
            [
                pad(&r.key, 11),
                lpad(&r.tasks_due.to_string(), 6),
                lpad(&r.done_on_time.to_string(), 9),
                lpad(&r.overdue.to_string(), 9),
                lpad(
                    &r.average_delay_days.map_or("—".into(), |d| format!("{d}d")),
                    11
                ),
                lpad(&r.warnings_raised.to_string(), 10),
                lpad(&r.warnings_handled_on_time.to_string(), 9),
                lpad(&r.fees_assessed.to_string(), 11),
                lpad(&r.fees_collected.to_string(), 11),
                lpad(&r.entry_delays.to_string(), 12),
            ]
            .concat()
        );
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Offices and inspectors.

/// Four offices (工商所) of three districts each: D01–D03 → 江海一所, ….
fn office_of(district: &str) -> String {
    let n: u32 = district.get(1..).and_then(|s| s.parse().ok()).unwrap_or(1);
    let names = ["一", "二", "三", "四"];
    let i = usize::try_from(n.saturating_sub(1) / 3).unwrap_or(0);
    format!("江海{}所", names.get(i).copied().unwrap_or("一"))
}

/// Two inspectors (片管员) per district: routes R1–R3 → `-1`, R4–R6 → `-2`.
fn inspector_of(district: &str, route: &str) -> String {
    let r: u32 = route.get(1..).and_then(|s| s.parse().ok()).unwrap_or(1);
    format!("INS-{district}-{}", if r <= 3 { 1 } else { 2 })
}

/// The other inspector of the same district.
fn partner_of(inspector: &str) -> String {
    match inspector.strip_suffix("-1") {
        Some(base) => format!("{base}-2"),
        None => format!("{}-1", inspector.strip_suffix("-2").unwrap_or(inspector)),
    }
}

fn inspectors() -> Vec<String> {
    (1..=12)
        .flat_map(|d| (1..=2).map(move |k| format!("INS-D{d:02}-{k}")))
        .collect()
}

// ---------------------------------------------------------------------------
// Deterministic synthesis of the supervision data.

/// A hash of an enterprise id under a salt (FNV-1a then `SplitMix64`, the same
/// mixing as the draw; no randomness crate).
fn h(id: &str, salt: u64) -> u64 {
    supervise::draw_key(salt.wrapping_mul(0x9e37_79b9_7f4a_7c15), id)
}

/// A number below `n` from a hash.
fn below(id: &str, salt: u64, n: u64) -> u64 {
    h(id, salt) % n.max(1)
}

fn days(d: NaiveDate, n: i64) -> Res<NaiveDate> {
    let r = if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    };
    Ok(r.ok_or("date out of range")?)
}

fn months(d: NaiveDate, n: i32) -> Res<NaiveDate> {
    let r = if n >= 0 {
        d.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
    };
    Ok(r.ok_or("date out of range")?)
}

fn signed(x: u64) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

/// Adds licences, fees, complaints, rectification notices and the inspection
/// history to a record.
fn synthesise(
    r: Record,
    facts: &[creditgrade::Fact],
    policy: &SupervisionPolicy,
    as_of: NaiveDate,
) -> Res<Record> {
    if r.status == supervise::Status::Deregistered {
        return Ok(r);
    }
    let r = with_licence(r, as_of)?;
    let r = with_fees(r, as_of)?;
    let r = with_cases(r, facts, as_of)?;
    with_inspections(r, policy, as_of)
}

fn with_licence(mut r: Record, as_of: NaiveDate) -> Res<Record> {
    let id = r.id().to_owned();
    // Pre-approval licences (前置审批) by industry.
    let kind = match r.enterprise.industry.get(..3).unwrap_or("") {
        "C14" => Some("food_production"),
        "H62" => Some("food_business"),
        "E47" => Some("construction_safety"),
        "F52" if below(&id, 1, 5) == 0 => Some("second_hand_goods"),
        "L72" if below(&id, 1, 4) == 0 => Some("advertising_publishing"),
        _ => None,
    };
    if let Some(kind) = kind {
        // Expiry from 9 months before to 3 years after the as-of date.
        let expires = days(as_of, signed(below(&id, 2, 1_350)) - 270)?;
        let mut licence = Licence::new(format!("{id}-L1"), kind, expires);
        let until_expiry = (expires - as_of).num_days();
        if until_expiry <= 40 && below(&id, 3, 10) < 6 {
            // Renewed: submitted from 45 days before to 60 days after expiry, recorded
            // within 2 days mostly, 3 to 8 days later for one in five.
            let submitted = days(expires, signed(below(&id, 4, 106)) - 45)?;
            let gap = if below(&id, 5, 5) == 0 {
                3 + below(&id, 6, 6)
            } else {
                below(&id, 6, 3)
            };
            let recorded = days(submitted, signed(gap))?;
            if recorded <= as_of {
                licence = licence.renewed(Renewal::new(submitted, recorded));
            }
        }
        r = r.licence(licence);
    }

    Ok(r)
}

fn with_fees(mut r: Record, as_of: NaiveDate) -> Res<Record> {
    let id = r.id().to_owned();
    let registered = r.enterprise.registered_on;
    // Fees (规费): a quarter of the enterprises pay a monthly fee; the last six
    // months, due 30 days after assessment.
    if below(&id, 10, 4) == 0 {
        let month_start = as_of.with_day(1).ok_or("date")?;
        for k in 0..6u32 {
            let m = months(month_start, -i32::try_from(k)?)?;
            let salt = 100 + u64::from(k);
            let assessed = days(m, signed(below(&id, salt, 20)))?;
            if assessed > as_of || assessed < registered {
                continue;
            }
            let due = days(assessed, 30)?;
            let amount = Decimal::from(100 + 50 * below(&id, salt + 10, 39));
            let mut fee = Fee::new(format!("{id}-F{}", m.format("%Y%m")), assessed, due, amount);
            let roll = below(&id, salt + 20, 100);
            let pay = |d: NaiveDate, a: Decimal, fee: Fee| {
                if d <= as_of {
                    fee.payment(Payment::new(d, a))
                } else {
                    fee
                }
            };
            fee = match roll {
                // On time.
                0..88 => pay(
                    days(assessed, signed(below(&id, salt + 30, 31)))?,
                    amount,
                    fee,
                ),
                // Late, by up to 60 days.
                88..94 => pay(
                    days(due, 1 + signed(below(&id, salt + 30, 60)))?,
                    amount,
                    fee,
                ),
                // Half paid on time, the rest never.
                94..96 => pay(
                    days(assessed, signed(below(&id, salt + 30, 31)))?,
                    amount / Decimal::TWO,
                    fee,
                ),
                _ => fee,
            };
            r = r.fee(fee);
        }
    }

    Ok(r)
}

fn with_cases(mut r: Record, facts: &[creditgrade::Fact], as_of: NaiveDate) -> Res<Record> {
    // Complaints (投诉举报) of the last 90 days, reply due in 15 days; notices
    // (整改通知书) after admonitions, penalties and breaches of the last 150 days,
    // rectification due in 30 days.
    for f in facts.iter().filter(|f| f.date <= as_of) {
        let age = (as_of - f.date).num_days();
        match f.kind {
            FactKind::Complaint if age < 90 => {
                let due = days(f.date, 15)?;
                let roll = below(&f.id, 20, 100);
                let replied = match roll {
                    0..75 => Some(days(f.date, signed(below(&f.id, 21, 16)))?),
                    75..88 => Some(days(due, 1 + signed(below(&f.id, 21, 25)))?),
                    _ => None,
                };
                let mut c = Complaint::new(f.id.clone(), f.date, due);
                if let Some(d) = replied.filter(|d| *d <= as_of) {
                    c = c.replied(d);
                }
                r = r.complaint(c);
            }
            FactKind::Admonition | FactKind::Penalty { .. } | FactKind::Breach { .. }
                if age < 150 =>
            {
                let deadline = days(f.date, 30)?;
                let roll = below(&f.id, 30, 100);
                let done = match roll {
                    0..70 => Some(days(f.date, 1 + signed(below(&f.id, 31, 30)))?),
                    70..85 => Some(days(deadline, 1 + signed(below(&f.id, 31, 60)))?),
                    _ => None,
                };
                let mut n = Rectification::new(format!("{}-N", f.id), f.date, deadline);
                if let Some(d) = done.filter(|d| *d <= as_of) {
                    n = n.rectified(d);
                }
                r = r.rectification(n);
            }
            _ => {}
        }
    }

    Ok(r)
}

fn with_inspections(mut r: Record, policy: &SupervisionPolicy, as_of: NaiveDate) -> Res<Record> {
    let id = r.id().to_owned();
    let registered = r.enterprise.registered_on;
    // Inspection history (巡查记录): a chain of patrols at the record's interval
    // over the last two years, mostly on time, some late, a few very late; the
    // patrol whose synthesised date is after the as-of date is still to do.
    let class = policy.patrol().risk_class(&r);
    if let Some(m) = policy.patrol().interval(class, r.grade) {
        let start = months(as_of, -24)?.max(registered);
        let own = r.inspector.clone();
        let other = partner_of(&own);
        let mut base = start;
        for k in 0..400u64 {
            let due = months(base, i32::try_from(m)?)?;
            let roll = below(&id, 1_000 + k, 100);
            let spread = below(&id, 2_000 + k, 1_000);
            let delta = match roll {
                0..72 => -signed(spread % 25),
                72..90 => 1 + signed(spread % 20),
                90..97 => 21 + signed(spread % 40),
                _ => 61 + signed(spread % 90),
            };
            let date = days(due, delta)?;
            if date > as_of {
                break;
            }
            let who = if below(&id, 3_000 + k, 10) == 0 {
                other.clone()
            } else {
                own.clone()
            };
            r = r.inspection(Inspection::new(date, who));
            base = date;
        }
    }
    Ok(r)
}

// ---------------------------------------------------------------------------
// Text layout.

/// A credit tier with its name: `A 守信`.
fn tier_str(t: Tier) -> String {
    format!("{t} {}", t.label_zh())
}

fn grade_str(g: Option<Grade>) -> String {
    g.map_or("—".into(), |g| g.as_str().to_owned())
}

/// Display width: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if ('\u{1100}'..='\u{115f}').contains(&c) || c >= '\u{2e80}' {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Left-aligned in `w` columns (at least one space after).
fn pad(s: &str, w: usize) -> String {
    let n = width(s);
    let fill = if n < w { w - n } else { usize::from(w > 0) };
    format!("{s}{}", " ".repeat(fill))
}

/// Right-aligned in `w` columns.
fn lpad(s: &str, w: usize) -> String {
    let n = width(s);
    format!("{}{s}", " ".repeat(w.saturating_sub(n)))
}
