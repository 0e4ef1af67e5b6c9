//! At the service counter (窗口): three enterprises of the demo district ask "when
//! do I get out, and what can I do about it" — a locked one, one held at A by the
//! look-back, one a few points short of AA.
//!
//! ```text
//! cargo run --release --example counter [-- --as-of YYYY-MM-DD] [--seed N]
//! ```

use chrono::NaiveDate;
use creditgrade::explain::{Bar, Status};
use creditgrade::outlook::{Action, Outlook, Risk};
use creditgrade::research::{SynthConfig, synth_population};
use creditgrade::{Assessor, Grade, History, Policy, Summary, Tier};

const ENTERPRISES: usize = 7_229;

fn words(s: &Summary) -> String {
    let mut out = match (s.status, s.grade) {
        (Status::Closed, _) => return "closed".into(),
        (Status::NotRegistered, _) => return "not registered".into(),
        (_, Some(g)) => format!("{g} ({})", g.label_zh()),
        (_, None) => "not rated".into(),
    };
    if let Some(u) = s.locked_until {
        out += &format!(", locked until {u}");
    }
    if let Some(p) = s.points {
        out += &format!(", {} points", p.normalize());
    }
    if s.eligible == Some(false) {
        out += ", not eligible for AA/AAA";
    }
    out
}

fn counter(
    assessor: &Assessor,
    h: &History,
    o: &Outlook,
    title: &str,
) -> Result<(), creditgrade::Error> {
    println!("── {title}: {} ({}) ──", h.id(), h.enterprise().name);
    println!("today, {}: {}", o.as_of(), words(o.now()));
    for b in o.bars() {
        let facts: Vec<&str> = b.evidence.iter().map(|e| e.fact.as_str()).collect();
        match b.lapses {
            Some(d) => println!(
                "  held back: {} [{}], lapses on {d}",
                b.bar,
                facts.join(", ")
            ),
            None => println!("  held back: {}", b.bar),
        }
    }
    println!("if nothing new happens, until {}:", o.until());
    if o.changes().is_empty() {
        println!("  no change");
    }
    for c in o.changes() {
        println!("  from {}: {}", c.date, words(&c.summary));
        for cause in &c.causes {
            println!("      because {cause}");
        }
    }
    let actions = assessor.actions(h, o)?;
    println!("what you can do:");
    let mut any = false;
    for a in actions.reports().iter().take(1).chain(actions.repairs()) {
        println!("  - {a}");
        any = true;
    }
    if actions.plan().len() > 1 {
        println!("  best order:");
        for (date, target, s) in actions.plan() {
            println!("    {date}: repair {target} → {}", words(s));
        }
    }
    for g in actions.gaps() {
        any = true;
        println!(
            "  - {}: {} points on {}, {} needed: {} missing{}",
            g.target,
            g.points.normalize(),
            g.on,
            g.threshold.normalize(),
            g.missing.normalize(),
            if g.eligible {
                ""
            } else {
                " (and not eligible then)"
            }
        );
        for opt in &g.options {
            if let Action::Honour { .. } = opt.action {
                println!("      {}", opt.action);
            }
        }
        if !g.combination.is_empty() {
            let names: Vec<String> = g
                .combination
                .iter()
                .map(|x| format!("{} {}", x.kind_str(), x.level_str()))
                .collect();
            println!("      together: {}", names.join(" + "));
        }
    }
    if !any {
        println!("  nothing that changes the grade before {}", o.until());
    }
    println!("what would lower it:");
    for r in actions.risks() {
        if let Risk::Cumulative { counted: 0, .. } = r {
            continue;
        }
        println!("  - {r}");
    }
    println!();
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut as_of = NaiveDate::from_ymd_opt(2026, 6, 30).ok_or("date")?;
    let mut seed = 7_229u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--as-of" => as_of = args.next().ok_or("--as-of needs a date")?.parse()?,
            "--seed" => seed = args.next().ok_or("--seed needs a number")?.parse()?,
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let until = as_of
        .checked_add_months(chrono::Months::new(36))
        .ok_or("date")?;
    let population = synth_population(
        &SynthConfig::default()
            .seed(seed)
            .enterprises(ENTERPRISES)
            .as_of(as_of),
    );
    let histories = population.histories()?;
    let assessor = Assessor::new(Policy::seed(), population.catalogue()?)?;
    println!(
        "Jianghai district (synthetic, seed {seed}), the counter on {as_of}; outlooks to {until}\n"
    );

    let mut locked = None;
    let mut held = None;
    let mut short = None;
    for (h, o) in histories
        .iter()
        .zip(assessor.outlook_batch(&histories, as_of, until))
    {
        let Ok(o) = o else { continue };
        let s = *o.now();
        if s.status != Status::Active {
            continue;
        }
        let repairable = || {
            assessor
                .actions(h, &o)
                .is_ok_and(|a| !a.repairs().is_empty())
        };
        if locked.is_none() && s.tier() > Some(Tier::A) && repairable() {
            locked = Some((h, o));
        } else if held.is_none()
            && s.grade == Some(Grade::A)
            && o.bars().first().is_some_and(|b| b.bar == Bar::AdverseEvent)
            && s.points.is_some_and(|p| p >= 30.into())
        {
            held = Some((h, o));
        } else if short.is_none()
            && s.grade == Some(Grade::A)
            && s.eligible == Some(true)
            && s.points.is_some_and(|p| p >= 20.into() && p < 30.into())
        {
            short = Some((h, o));
        }
        if locked.is_some() && held.is_some() && short.is_some() {
            break;
        }
    }
    for (found, title) in [
        (locked, "locked"),
        (held, "held at A by the look-back"),
        (short, "a few points short of AA"),
    ] {
        match found {
            Some((h, o)) => counter(&assessor, h, &o, title)?,
            None => println!("── {title}: none in this district ──\n"),
        }
    }
    Ok(())
}
