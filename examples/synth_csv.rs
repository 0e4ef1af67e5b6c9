//! Writes a synthetic population in the interchange format of `docs/spec.md`, for
//! `grade_csv` (and for other implementations to compare against).
//!
//! ```text
//! cargo run --release --example synth_csv -- N DIR [--seed S] [--as-of YYYY-MM-DD] [--register]
//! cargo run --release --example grade_csv -- --as-of 2025-12-31 DIR --bench 5
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

use creditgrade::research::{
    REGISTER_AS_OF, SynthConfig, register_enterprises, synth_catalogue, synth_enterprises,
};
use creditgrade::{Fact, FactKind};

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn event_row(out: &mut String, eid: &str, f: &Fact) {
    let (kind, code, level, until, target) = match &f.kind {
        FactKind::Penalty { article } => ("penalty", article.clone(), "", String::new(), ""),
        FactKind::Breach { breach } => ("breach", breach.clone(), "", String::new(), ""),
        FactKind::Complaint => ("complaint", String::new(), "", String::new(), ""),
        FactKind::Admonition => ("admonition", String::new(), "", String::new(), ""),
        FactKind::Revocation => ("revocation", String::new(), "", String::new(), ""),
        FactKind::Deregistration => ("deregistration", String::new(), "", String::new(), ""),
        FactKind::Honour { honour, until } => (
            "honour",
            honour.kind_str().to_owned(),
            honour.level_str(),
            until.map(|u| u.to_string()).unwrap_or_default(),
            "",
        ),
        FactKind::AnnualReport { year } => {
            ("annual_report", format!("{year:04}"), "", String::new(), "")
        }
        FactKind::Repair { target } => {
            ("repair", String::new(), "", String::new(), target.as_str())
        }
        FactKind::KeyPersonFlag { person } => ("principal", person.clone(), "", String::new(), ""),
        _ => return,
    };
    let _ = writeln!(
        out,
        "{},{},{},{kind},{},{level},{until},{}",
        csv_field(&f.id),
        csv_field(eid),
        f.date,
        csv_field(&code),
        csv_field(target)
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut config = SynthConfig::default();
    let mut register = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            // The register-like shape (`research::register_enterprises`): full
            // annual-report histories since 2013, graded as of 2026-06-30.
            "--register" => register = true,
            "--seed" => config = config.seed(args.next().ok_or("--seed needs a number")?.parse()?),
            "--as-of" => config = config.as_of(args.next().ok_or("--as-of needs a date")?.parse()?),
            _ => positional.push(a),
        }
    }
    let [n, dir] = positional.as_slice() else {
        return Err("usage: synth_csv N DIR [--seed S] [--as-of YYYY-MM-DD] [--register]".into());
    };
    let config = config.enterprises(n.parse()?);
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;

    let mut es =
        String::from("id,name,registered_on,legal_person,industry,region,district,route\n");
    let mut ev = String::from("id,enterprise_id,date,kind,code,level,until,target\n");
    let enterprises: Box<dyn Iterator<Item = _>> = if register {
        Box::new(register_enterprises(
            config.get_enterprises(),
            config.get_seed(),
        ))
    } else {
        Box::new(synth_enterprises(&config))
    };
    for (e, facts) in enterprises {
        let _ = writeln!(
            es,
            "{},{},{},{},{},{},{},{}",
            csv_field(&e.id),
            csv_field(&e.name),
            e.registered_on,
            e.legal_person,
            csv_field(&e.industry),
            csv_field(&e.region),
            csv_field(&e.district),
            csv_field(&e.route)
        );
        for f in &facts {
            event_row(&mut ev, &e.id, f);
        }
    }
    let mut cat = String::from("article,severity\n");
    for (a, s) in synth_catalogue() {
        let _ = writeln!(cat, "{a},{s}");
    }
    std::fs::write(dir.join("enterprises.csv"), es)?;
    std::fs::write(dir.join("events.csv"), ev)?;
    std::fs::write(dir.join("catalogue.csv"), cat)?;
    println!(
        "wrote {} enterprises as of {} to {}",
        config.get_enterprises(),
        if register {
            REGISTER_AS_OF
        } else {
            config.get_as_of()
        },
        dir.display()
    );
    Ok(())
}
