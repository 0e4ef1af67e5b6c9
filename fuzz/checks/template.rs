//! `disclosure_template`: report templates (`{{name}}`, `{{#section}}…{{/section}}`,
//! `{{^section}}…{{/section}}`) as text. What parses renders a real month's report
//! and an empty one, the same way twice; what does not is a typed parse error.

use std::sync::OnceLock;

use chrono::NaiveDate;
use creditgrade::ErrorKind;
use creditgrade::disclosure::{
    DisclosurePolicy, DisclosureReport, HolidayCalendar, Period, ReportKind, Template,
    build_report, check_report, compliance, synthetic_month,
};

fn reports() -> &'static [DisclosureReport; 2] {
    static REPORTS: OnceLock<[DisclosureReport; 2]> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let data = synthetic_month(7, 6, 2025, 1).expect("a month");
        let cal = HolidayCalendar::china_2025();
        let policy = DisclosurePolicy::default();
        let as_of = NaiveDate::from_ymd_opt(2025, 2, 20).expect("a date");
        let mut compliances = Vec::new();
        let mut checks = Vec::new();
        for plan in &data.plans {
            compliances.push(
                compliance(plan, &data.records, data.period, &policy, &cal, as_of)
                    .expect("synthetic data complies with the checks"),
            );
            checks.push(
                check_report(
                    &policy,
                    &cal,
                    &plan.enterprise_id,
                    ReportKind::MonthlyEmission,
                    data.period,
                    &data.filings,
                    as_of,
                )
                .expect("a report check"),
            );
        }
        let full = build_report(
            "月报",
            data.period,
            as_of,
            &data.enterprises,
            &compliances,
            &checks,
        )
        .expect("a report");
        let empty = build_report(
            "周报",
            Period::iso_week(2025, 6).expect("a week"),
            as_of,
            &[],
            &[],
            &[],
        )
        .expect("a report");
        [full, empty]
    })
}

pub fn check(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    match Template::parse(source) {
        Ok(t) => {
            for r in reports() {
                let out = t.render(r);
                assert_eq!(t.render(r), out);
            }
            if !source.contains("{{") {
                assert_eq!(t.render(&reports()[1]), source);
            }
        }
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Parse, "{e}");
            assert!(source.contains("{{"), "plain text refused: {e}");
        }
    }
}
