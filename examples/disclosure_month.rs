//! One month of the self-monitoring disclosure platform on synthetic enterprises:
//! records due vs published, the monthly report deadline on working days,
//! exceedances, findings for grading, and a rendered monthly report.
//!
//! Run with `cargo run --example disclosure_month [seed]`.

use chrono::NaiveDate;
use creditgrade::disclosure::{
    DisclosurePolicy, DisclosureRules, HolidayCalendar, ReportKind, WeekendsOnly, build_report,
    check_report, compliance, disclosure_failures, format_rate, render_markdown, report_deadline,
    synthetic_month,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = std::env::args()
        .nth(1)
        .map(|s| s.parse::<u64>())
        .transpose()?
        .unwrap_or(2025);
    let data = synthetic_month(seed, 8, 2025, 1)?;
    let cal = HolidayCalendar::china();
    let policy = DisclosurePolicy::default();
    let as_of = NaiveDate::from_ymd_opt(2025, 2, 20).ok_or("bad date")?;

    let deadline = report_deadline(&policy, &cal, ReportKind::MonthlyEmission, data.period)?;
    let plain = report_deadline(
        &policy,
        &WeekendsOnly,
        ReportKind::MonthlyEmission,
        data.period,
    )?;
    println!("Period {}; figures as of {as_of}", data.period.label());
    println!(
        "Monthly emission report due {deadline} (7th working day of the next month, \
         {}; weekends only it would be {plain})",
        cal.source_text()
    );
    println!();
    println!(
        "{:<6} {:>5} {:>9} {:>7} {:>5} {:>7} {:>6} {:>8}  report",
        "id", "due", "published", "on time", "late", "missing", "exceed", "rate"
    );

    let mut compliances = Vec::new();
    let mut checks = Vec::new();
    for plan in &data.plans {
        let c = compliance(plan, &data.records, data.period, &policy, &cal, as_of)?;
        let r = check_report(
            &policy,
            &cal,
            &plan.enterprise_id,
            ReportKind::MonthlyEmission,
            data.period,
            &data.filings,
            as_of,
        )?;
        println!(
            "{:<6} {:>5} {:>9} {:>7} {:>5} {:>7} {:>6} {:>8}  {} {}",
            c.enterprise_id,
            c.due,
            c.published,
            c.on_time,
            c.late,
            c.missing,
            c.exceedances.len(),
            format_rate(c.rate()),
            r.state.label_zh(),
            r.filed_on.map_or_else(String::new, |d| d.to_string()),
        );
        compliances.push(c);
        checks.push(r);
    }

    println!();
    println!("Exceedances (超标):");
    for x in compliances.iter().flat_map(|c| &c.exceedances) {
        println!(
            "  {} {} {} {}: {} {} (limit {}, {}x over)",
            x.enterprise_id,
            x.point_id,
            x.pollutant_code,
            x.at,
            x.value,
            x.unit,
            x.limit,
            x.multiple
        );
    }

    println!();
    println!("Findings for grading (default rules):");
    let rules = DisclosureRules::default();
    for (c, r) in compliances.iter().zip(&checks) {
        for f in disclosure_failures(&rules, std::slice::from_ref(c), std::slice::from_ref(r))? {
            println!(
                "  {} {} {:?}: {}",
                c.enterprise_id, f.date, f.kind, f.detail
            );
        }
    }

    let report = build_report(
        "2025年1月重点监控企业自行监测信息公开月报",
        data.period,
        as_of,
        &data.enterprises,
        &compliances,
        &checks,
    )?;
    println!();
    println!("{}", render_markdown(&report));
    Ok(())
}
