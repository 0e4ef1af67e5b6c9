//! 企业自行监测信息公开 — the environmental self-monitoring disclosure platform.
//!
//! Key monitored enterprises (国家重点监控企业) set a monitoring plan (自行监测方案):
//! points, pollutants, limits and frequencies. The plan makes records due
//! (应报监测数据记录, [`due_records`](crate::disclosure::due_records)); the
//! enterprise publishes a value or a reason for not monitoring for each
//! ([`MonitoringRecord`](crate::disclosure::MonitoringRecord)). This module measures:
//!
//! - publication compliance and exceedances:
//!   [`compliance`](crate::disclosure::compliance),
//!   [`Exceedance`](crate::disclosure::Exceedance);
//! - report deadlines on working days:
//!   [`WorkCalendar`](crate::disclosure::WorkCalendar),
//!   [`report_deadline`](crate::disclosure::report_deadline),
//!   [`check_report`](crate::disclosure::check_report);
//! - statistics and reports for any period:
//!   [`build_report`](crate::disclosure::build_report),
//!   [`render_markdown`](crate::disclosure::render_markdown),
//!   [`Template`](crate::disclosure::Template);
//! - the public look-up: [`lookup`](crate::disclosure::lookup);
//! - the findings that feed credit grading:
//!   [`disclosure_failures`](crate::disclosure::disclosure_failures).
//!
//! Everything is a pure function of plans, records, calendars and an `as_of` date.
//! See `docs/disclosure.md` for the concepts, defaults and their sources.

mod calendar;
mod grading;
mod lookup;
mod period;
mod plan;
mod policy;
mod record;
mod report;
mod synth;

pub use crate::model::DisclosureFailureKind;
pub use calendar::{
    HolidayCalendar, WeekendsOnly, WorkCalendar, add_working_days, next_working_day,
    nth_working_day_of_month,
};
pub use grading::{DisclosureFailure, DisclosureRules, disclosure_failures};
pub use lookup::{BoundingBox, EARTH_RADIUS_M, Hit, LatestResult, Query, distance_m, lookup};
pub use period::Period;
pub use plan::{
    DueRecord, Frequency, GeoPoint, MonitoringPlan, MonitoringPoint, PointKind, Pollutant,
    due_records,
};
pub use policy::{DeadlineRule, DisclosurePolicy};
pub use record::{
    Compliance, Exceedance, MonitoringRecord, Outcome, ReportCheck, ReportFiling, ReportKind,
    SlotState, SlotStatus, check_report, compliance, disclosure_rate, report_deadline,
};
pub use report::{
    DisclosureReport, ExceedanceStat, GroupRate, Grouping, MARKDOWN_TEMPLATE, MonitoredEnterprise,
    TEXT_TEMPLATE, Template, Unpublished, build_report, exceedance_stats, format_rate,
    not_published, rates_by, render_markdown, render_text,
};
pub use synth::{SyntheticMonth, synthetic_month};
