//! Monitoring records (监测数据), publication compliance and exceedances (超标).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{
    DisclosurePolicy, DueRecord, Frequency, MonitoringPlan, Period, WorkCalendar, add_working_days,
    due_records,
};
use crate::model::dates::check_date;
use crate::{Error, ErrorKind};

/// What a record says: a measured value, or why there was no monitoring.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
#[non_exhaustive]
pub enum Outcome {
    /// 监测结果 — a measured value, in the pollutant's unit.
    Value {
        /// The value.
        value: Decimal,
    },
    /// 未开展自行监测原因 — the stated reason for not monitoring (e.g. production
    /// stopped).
    NotMonitored {
        /// The reason.
        reason: String,
    },
}

/// 监测数据记录 — one result entered by an enterprise: a value sampled at `at`, or a
/// reason for not monitoring the slot containing `at`, and when it was published
/// (`None`: entered or under review, not published).
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::MonitoringRecord;
/// let at = NaiveDate::from_ymd_opt(2025, 2, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let r = MonitoringRecord::value("R1", "E1", "DW001", "COD", at, "42.5".parse()?)
///     .published_at(at + chrono::TimeDelta::hours(30));
/// assert!(r.published_at.is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MonitoringRecord {
    /// The record's id, unique within its enterprise.
    pub id: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// The monitoring point.
    pub point_id: String,
    /// The pollutant code.
    pub pollutant_code: String,
    /// 监测时间 — the sampling time (for automatic data: any instant of the averaging
    /// interval, usually its start); for a reason, any instant of the slot.
    pub at: NaiveDateTime,
    /// The value or the reason.
    pub outcome: Outcome,
    /// 发布时间 — when it was published, if it was.
    #[serde(default)]
    pub published_at: Option<NaiveDateTime>,
}

impl MonitoringRecord {
    /// A measured value, not yet published.
    pub fn value(
        id: impl Into<String>,
        enterprise_id: impl Into<String>,
        point_id: impl Into<String>,
        pollutant_code: impl Into<String>,
        at: NaiveDateTime,
        value: Decimal,
    ) -> MonitoringRecord {
        MonitoringRecord {
            id: id.into(),
            enterprise_id: enterprise_id.into(),
            point_id: point_id.into(),
            pollutant_code: pollutant_code.into(),
            at,
            outcome: Outcome::Value { value },
            published_at: None,
        }
    }

    /// A reason for not monitoring, not yet published.
    pub fn not_monitored(
        id: impl Into<String>,
        enterprise_id: impl Into<String>,
        point_id: impl Into<String>,
        pollutant_code: impl Into<String>,
        at: NaiveDateTime,
        reason: impl Into<String>,
    ) -> MonitoringRecord {
        MonitoringRecord {
            id: id.into(),
            enterprise_id: enterprise_id.into(),
            point_id: point_id.into(),
            pollutant_code: pollutant_code.into(),
            at,
            outcome: Outcome::NotMonitored {
                reason: reason.into(),
            },
            published_at: None,
        }
    }

    /// Sets the publication time.
    #[must_use]
    pub fn published_at(mut self, at: NaiveDateTime) -> MonitoringRecord {
        self.published_at = Some(at);
        self
    }

    /// Whether it is published on or before the end of `as_of`.
    #[must_use]
    pub fn is_published(&self, as_of: NaiveDate) -> bool {
        self.published_at.is_some_and(|p| p.date() <= as_of)
    }
}

/// The publication state of a due record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SlotState {
    /// 按时公开 — published by the deadline.
    OnTime,
    /// 逾期公开 — published after the deadline.
    Late,
    /// 未公开 — not published, and the deadline passed before `as_of`.
    Missing,
    /// 未到期 — not published yet, and the deadline is on or after `as_of`.
    Pending,
}

impl SlotState {
    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            SlotState::OnTime => "按时公开",
            SlotState::Late => "逾期公开",
            SlotState::Missing => "未公开",
            SlotState::Pending => "未到期",
        }
    }
}

/// A due record and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SlotStatus {
    /// The due record.
    pub due: DueRecord,
    /// Its state as of the compliance date.
    pub state: SlotState,
    /// The record that answers it: the first published one (by publication time,
    /// then id), else the first entered one.
    pub record_id: Option<String>,
    /// Whether the answer is a reason for not monitoring.
    pub not_monitored: bool,
    /// The last instant at which publication is on time.
    pub deadline: NaiveDateTime,
}

/// 超标 — a published value over its limit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exceedance {
    /// The record.
    pub record_id: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// The point.
    pub point_id: String,
    /// The pollutant code.
    pub pollutant_code: String,
    /// The sampling time.
    pub at: NaiveDateTime,
    /// The value.
    pub value: Decimal,
    /// The limit.
    pub limit: Decimal,
    /// The unit.
    pub unit: String,
    /// `value / limit`, rounded half away from zero to 4 decimal places, trailing
    /// zeros removed.
    pub ratio: Decimal,
    /// 超标倍数 — `(value − limit) / limit`, rounded half away from zero to 4 decimal
    /// places (the Chinese convention: 75 against a limit of 50 is 0.5 times over).
    pub multiple: Decimal,
}

/// 公开情况 — one enterprise's publication compliance over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Compliance {
    /// The enterprise.
    pub enterprise_id: String,
    /// The period.
    pub period: Period,
    /// The date the state was taken.
    pub as_of: NaiveDate,
    /// 应报 — records due.
    pub due: usize,
    /// 已公开 — due records published by `as_of` (on time or late), values and
    /// reasons alike.
    pub published: usize,
    /// Published by the deadline.
    pub on_time: usize,
    /// Published after the deadline.
    pub late: usize,
    /// Not published, deadline passed.
    pub missing: usize,
    /// Not published, deadline not yet passed.
    pub pending: usize,
    /// Published records that give a reason for not monitoring.
    pub not_monitored: usize,
    /// Every due record with its state, in [`due_records`] order.
    pub slots: Vec<SlotStatus>,
    /// Published values over their limit sampled in the period, by time then
    /// record id.
    pub exceedances: Vec<Exceedance>,
}

/// 信息公开率 — `published / due`, rounded half away from zero to 4 decimal places
/// and trailing zeros removed (a fraction, not a percentage); `None` when nothing is due: a rate of nothing
/// is not applicable, neither 0 nor 100%.
///
/// ```
/// use creditgrade::disclosure::disclosure_rate;
/// assert_eq!(disclosure_rate(2, 3).unwrap().to_string(), "0.6667");
/// assert_eq!(disclosure_rate(0, 0), None);
/// ```
#[must_use]
pub fn disclosure_rate(published: usize, due: usize) -> Option<Decimal> {
    if due == 0 {
        return None;
    }
    let p = Decimal::from(u64::try_from(published).ok()?);
    let d = Decimal::from(u64::try_from(due).ok()?);
    p.checked_div(d).map(|r| {
        r.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    })
}

impl Compliance {
    /// The disclosure rate `published / due`; `None` when nothing is due.
    #[must_use]
    pub fn rate(&self) -> Option<Decimal> {
        disclosure_rate(self.published, self.due)
    }

    /// The on-time rate `on_time / due`; `None` when nothing is due.
    #[must_use]
    pub fn on_time_rate(&self) -> Option<Decimal> {
        disclosure_rate(self.on_time, self.due)
    }
}

fn overflow(what: &str) -> Error {
    Error::new(
        ErrorKind::Overflow,
        format!("{what}: arithmetic out of range"),
    )
}

fn end_of_day(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap_or(NaiveTime::MIN))
}

/// The last instant a result sampled at `at` in the slot `[start, end)` may be
/// published on time.
fn publish_deadline(
    policy: &DisclosurePolicy,
    cal: &impl WorkCalendar,
    freq: Frequency,
    end: NaiveDateTime,
    sampled: NaiveDate,
) -> Result<NaiveDateTime, Error> {
    if freq.is_automatic() {
        let hours = TimeDelta::try_hours(i64::from(policy.automatic_hours()))
            .ok_or_else(|| overflow("automatic_publish_hours"))?;
        end.checked_add_signed(hours)
            .ok_or_else(|| overflow("publication deadline"))
    } else {
        let day = add_working_days(cal, sampled, policy.manual_working_days())?;
        Ok(end_of_day(day))
    }
}

/// 信息公开考核 — one enterprise's publication compliance over a period, as of a
/// date.
///
/// The plan makes records due ([`due_records`]). Each due record is answered by
/// the enterprise's records for its point and pollutant sampled inside its slot:
/// the first published one (as of `as_of`) counts. Deadlines: manual results by
/// the end of the `n`-th working day after the sampling date (default: the next
/// working day); automatic results within `h` hours after the slot ends (default
/// 1). Without a published record, the manual deadline counts from the slot's
/// last day. A
/// publication dated after `as_of` does not exist yet. Not published: `Missing`
/// if the deadline's day is before `as_of`, else `Pending`.
///
/// Records of other enterprises are skipped (so one list can serve a province).
/// Exceedances: every published value of this enterprise sampled in the period
/// and strictly over its limit.
///
/// # Errors
///
/// The plan's and the policy's validation errors; [`ErrorKind::InvalidInput`]
/// naming the enterprise
/// and the record for an empty or duplicate record id, a point or pollutant not in
/// the plan, or a value published before it was sampled; calendar errors.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let plan = MonitoringPlan::new("E1").point(
///     MonitoringPoint::new("DW001", PointKind::WasteWater)
///         .pollutant(Pollutant::new("COD", Frequency::Weekly).limit("50".parse()?)),
/// );
/// let t = |m, d, h| NaiveDate::from_ymd_opt(2025, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
/// let records = vec![
///     // Friday 7 February, published Saturday 8 February (a working day in 2025).
///     MonitoringRecord::value("R1", "E1", "DW001", "COD", t(2, 7, 9), "75".parse()?)
///         .published_at(t(2, 8, 10)),
/// ];
/// let cal = HolidayCalendar::china_2025();
/// let asof = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
/// let c = compliance(&plan, &records, Period::month(2025, 2)?, &DisclosurePolicy::default(), &cal, asof)?;
/// assert_eq!((c.due, c.published, c.on_time, c.missing), (4, 1, 1, 3));
/// assert_eq!(c.rate().unwrap().to_string(), "0.25");
/// assert_eq!(c.exceedances[0].multiple.to_string(), "0.5");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compliance(
    plan: &MonitoringPlan,
    records: &[MonitoringRecord],
    period: Period,
    policy: &DisclosurePolicy,
    cal: &impl WorkCalendar,
    as_of: NaiveDate,
) -> Result<Compliance, Error> {
    check_date("as_of", as_of)?;
    period.check_dates()?;
    let due = due_records(plan, period)?;
    let ent = plan.enterprise_id.as_str();
    let mine: Vec<&MonitoringRecord> = records.iter().filter(|r| r.enterprise_id == ent).collect();
    let mut ids = BTreeSet::new();
    for r in &mine {
        let err = |m: String| {
            Error::invalid_input("records", m)
                .with_enterprise(ent)
                .with_fact(r.id.clone())
        };
        if r.id.is_empty() {
            return Err(
                Error::invalid_input("records", "a record has an empty id").with_enterprise(ent)
            );
        }
        if !ids.insert(r.id.as_str()) {
            return Err(err("record id is used twice".to_owned()));
        }
        let Some(point) = plan.find(&r.point_id) else {
            return Err(err(format!("point \"{}\" is not in the plan", r.point_id)));
        };
        if point.find(&r.pollutant_code).is_none() {
            return Err(err(format!(
                "pollutant \"{}\" is not monitored at point \"{}\"",
                r.pollutant_code, r.point_id
            )));
        }
        if let (Outcome::Value { .. }, Some(p)) = (&r.outcome, r.published_at) {
            if p < r.at {
                return Err(err(format!(
                    "published at {p}, before it was sampled at {}",
                    r.at
                )));
            }
        }
    }

    policy.validate()?;
    let mut by_series: BTreeMap<(&str, &str), Vec<&MonitoringRecord>> = BTreeMap::new();
    for r in &mine {
        by_series
            .entry((r.point_id.as_str(), r.pollutant_code.as_str()))
            .or_default()
            .push(r);
    }
    for v in by_series.values_mut() {
        v.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    }
    let mut slots = Vec::with_capacity(due.len());
    let (mut on_time, mut late, mut missing, mut pending, mut not_monitored) = (0, 0, 0, 0, 0);
    for d in due {
        let series = by_series
            .get(&(d.point_id.as_str(), d.pollutant_code.as_str()))
            .map_or(&[][..], Vec::as_slice);
        let lo = series.partition_point(|r| r.at < d.start);
        let hi = series.partition_point(|r| r.at < d.end);
        let mut candidates: Vec<&MonitoringRecord> = series.get(lo..hi).unwrap_or(&[]).to_vec();
        candidates.sort_by(|a, b| {
            let pa = a.published_at.filter(|p| p.date() <= as_of);
            let pb = b.published_at.filter(|p| p.date() <= as_of);
            (pa.is_none(), pa, &a.id).cmp(&(pb.is_none(), pb, &b.id))
        });
        let chosen = candidates.first();
        let last_day = d
            .end
            .checked_sub_signed(TimeDelta::nanoseconds(1))
            .map_or(d.start.date(), |x| x.date());
        let published = chosen.and_then(|r| r.published_at.filter(|p| p.date() <= as_of));
        // A published result's deadline counts from its sampling date; without
        // one, from the slot's last day (the enterprise may still sample later).
        let sampled = match (published, chosen) {
            (Some(_), Some(r)) => r.at.date(),
            _ => last_day,
        };
        let deadline = publish_deadline(policy, cal, d.frequency, d.end, sampled)?;
        let state = match published {
            Some(p) if p <= deadline => SlotState::OnTime,
            Some(_) => SlotState::Late,
            None if deadline.date() < as_of => SlotState::Missing,
            None => SlotState::Pending,
        };
        match state {
            SlotState::OnTime => on_time += 1,
            SlotState::Late => late += 1,
            SlotState::Missing => missing += 1,
            SlotState::Pending => pending += 1,
        }
        let reason = chosen.is_some_and(|r| matches!(r.outcome, Outcome::NotMonitored { .. }));
        if published.is_some() && reason {
            not_monitored += 1;
        }
        slots.push(SlotStatus {
            due: d,
            state,
            record_id: chosen.map(|r| r.id.clone()),
            not_monitored: reason,
            deadline,
        });
    }

    let mut exceedances = Vec::new();
    for r in &mine {
        let Outcome::Value { value } = r.outcome else {
            continue;
        };
        if !r.is_published(as_of) || !period.contains(r.at.date()) {
            continue;
        }
        let Some(q) = plan
            .find(&r.point_id)
            .and_then(|p| p.find(&r.pollutant_code))
        else {
            continue;
        };
        let Some(limit) = q.limit else { continue };
        if value <= limit {
            continue;
        }
        let round = |x: Decimal| {
            x.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
        };
        let ratio = value.checked_div(limit).ok_or_else(|| overflow(&r.id))?;
        let multiple = value
            .checked_sub(limit)
            .and_then(|x| x.checked_div(limit))
            .ok_or_else(|| overflow(&r.id))?;
        exceedances.push(Exceedance {
            record_id: r.id.clone(),
            enterprise_id: ent.to_owned(),
            point_id: r.point_id.clone(),
            pollutant_code: r.pollutant_code.clone(),
            at: r.at,
            value,
            limit,
            unit: q.unit.clone(),
            ratio: round(ratio),
            multiple: round(multiple),
        });
    }
    exceedances.sort_by(|a, b| (a.at, &a.record_id).cmp(&(b.at, &b.record_id)));

    Ok(Compliance {
        enterprise_id: ent.to_owned(),
        period,
        as_of,
        due: slots.len(),
        published: on_time + late,
        on_time,
        late,
        missing,
        pending,
        not_monitored,
        slots,
        exceedances,
    })
}

/// The reports an enterprise files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReportKind {
    /// 上月主要污染物排放量报告 — the monthly emission report for the previous month.
    MonthlyEmission,
    /// 自行监测年度报告 — the annual self-monitoring report.
    AnnualSelfMonitoring,
}

impl ReportKind {
    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            ReportKind::MonthlyEmission => "月度主要污染物排放量报告",
            ReportKind::AnnualSelfMonitoring => "自行监测年度报告",
        }
    }

    /// A stable name: `monthly_emission`, `annual_self_monitoring`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ReportKind::MonthlyEmission => "monthly_emission",
            ReportKind::AnnualSelfMonitoring => "annual_self_monitoring",
        }
    }
}

/// A report filed by an enterprise for a period.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{Period, ReportFiling, ReportKind};
/// let f = ReportFiling::new("F1", "E1", ReportKind::MonthlyEmission, Period::month(2025, 1)?,
///     NaiveDate::from_ymd_opt(2025, 2, 10).unwrap());
/// assert_eq!(f.kind, ReportKind::MonthlyEmission);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReportFiling {
    /// The filing's id.
    pub id: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// Which report.
    pub kind: ReportKind,
    /// The period it reports on (the month, or the year).
    pub period: Period,
    /// The date it was filed.
    pub filed_on: NaiveDate,
}

impl ReportFiling {
    /// A filing.
    pub fn new(
        id: impl Into<String>,
        enterprise_id: impl Into<String>,
        kind: ReportKind,
        period: Period,
        filed_on: NaiveDate,
    ) -> ReportFiling {
        ReportFiling {
            id: id.into(),
            enterprise_id: enterprise_id.into(),
            kind,
            period,
            filed_on,
        }
    }
}

/// What became of a required report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ReportCheck {
    /// The enterprise.
    pub enterprise_id: String,
    /// Which report.
    pub kind: ReportKind,
    /// The period reported on.
    pub period: Period,
    /// The last day on which filing is on time.
    pub deadline: NaiveDate,
    /// On time, late, missing or pending (not filed, deadline on or after `as_of`).
    pub state: SlotState,
    /// The filing that counts (the earliest filed by `as_of`, then by id).
    pub filing_id: Option<String>,
    /// Its date.
    pub filed_on: Option<NaiveDate>,
}

/// The deadline of a report for a period under a policy and a calendar: the
/// monthly emission report and the annual report each follow their
/// [`DeadlineRule`](crate::disclosure::DeadlineRule), counted from the month after the period's last day.
///
/// # Errors
///
/// The policy's [`validate`](DisclosurePolicy::validate) errors and the rule's
/// errors (see
/// [`DeadlineRule::deadline`](crate::disclosure::DeadlineRule::deadline)).
///
/// ```
/// use creditgrade::disclosure::{report_deadline, DisclosurePolicy, HolidayCalendar, Period, ReportKind};
/// let cal = HolidayCalendar::china_2025();
/// let p = DisclosurePolicy::default();
/// let sep = Period::month(2025, 9)?;
/// assert_eq!(report_deadline(&p, &cal, ReportKind::MonthlyEmission, sep)?.to_string(), "2025-10-16");
/// let y = Period::year(2024)?;
/// assert_eq!(report_deadline(&p, &cal, ReportKind::AnnualSelfMonitoring, y)?.to_string(), "2025-01-31");
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn report_deadline(
    policy: &DisclosurePolicy,
    cal: &impl WorkCalendar,
    kind: ReportKind,
    period: Period,
) -> Result<NaiveDate, Error> {
    period.check_dates()?;
    policy.validate()?;
    let rule = match kind {
        ReportKind::MonthlyEmission => policy.monthly_report_rule(),
        ReportKind::AnnualSelfMonitoring => policy.annual_report_rule(),
    };
    rule.deadline(cal, period.end())
}

/// Checks a required report: filed on time, late, missing or pending, as of a
/// date. Filings of other enterprises, kinds or periods are skipped; a filing
/// dated after `as_of` does not exist yet. Missing when not filed and the deadline
/// is before `as_of`.
///
/// # Errors
///
/// The deadline's errors (see [`report_deadline`]).
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let cal = HolidayCalendar::china_2025();
/// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// let jan = Period::month(2025, 1)?;
/// let filings = [ReportFiling::new("F1", "E1", ReportKind::MonthlyEmission, jan, d(2, 13))];
/// let c = check_report(&DisclosurePolicy::default(), &cal, "E1", ReportKind::MonthlyEmission, jan, &filings, d(3, 1))?;
/// assert_eq!(c.deadline, d(2, 12));
/// assert_eq!(c.state, SlotState::Late);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn check_report(
    policy: &DisclosurePolicy,
    cal: &impl WorkCalendar,
    enterprise_id: &str,
    kind: ReportKind,
    period: Period,
    filings: &[ReportFiling],
    as_of: NaiveDate,
) -> Result<ReportCheck, Error> {
    check_date("as_of", as_of)?;
    let deadline =
        report_deadline(policy, cal, kind, period).map_err(|e| e.with_enterprise(enterprise_id))?;
    let filing = filings
        .iter()
        .filter(|f| {
            f.enterprise_id == enterprise_id
                && f.kind == kind
                && f.period == period
                && f.filed_on <= as_of
        })
        .min_by(|a, b| (a.filed_on, &a.id).cmp(&(b.filed_on, &b.id)));
    let state = match filing {
        Some(f) if f.filed_on <= deadline => SlotState::OnTime,
        Some(_) => SlotState::Late,
        None if deadline < as_of => SlotState::Missing,
        None => SlotState::Pending,
    };
    Ok(ReportCheck {
        enterprise_id: enterprise_id.to_owned(),
        kind,
        period,
        deadline,
        state,
        filing_id: filing.map(|f| f.id.clone()),
        filed_on: filing.map(|f| f.filed_on),
    })
}
