//! Self-monitoring plans (自行监测方案) and the records they make due.

use std::collections::BTreeSet;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Period;
use crate::Error;
use crate::model::dates::check_date;

/// 监测点位类型 — what a monitoring point measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PointKind {
    /// 废水 — waste water outlet.
    WasteWater,
    /// 废气 — waste gas outlet.
    WasteGas,
    /// 噪声 — noise (plant boundary).
    Noise,
    /// 环境质量 — ambient quality around the plant.
    AmbientQuality,
}

impl PointKind {
    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            PointKind::WasteWater => "废水",
            PointKind::WasteGas => "废气",
            PointKind::Noise => "噪声",
            PointKind::AmbientQuality => "环境质量",
        }
    }
}

/// 监测频次 — how often a pollutant is monitored.
///
/// Automatic monitoring (自动监测) reports an average every `n` hours
/// (`Hours(1)`: hourly, the waste-gas rule; `Hours(2)`: every 2 hours, the
/// waste-water rule); `n` must divide 24 so that slots line up with days. Manual
/// monitoring (手工监测) is daily to yearly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Frequency {
    /// 自动监测 — an automatic average every `n` hours, `n` in 1, 2, 3, 4, 6, 8, 12, 24.
    Hours(u32),
    /// 每日 — manual, once a day.
    Daily,
    /// 每周 — manual, once an ISO week (Monday to Sunday).
    Weekly,
    /// 每月 — manual, once a month.
    Monthly,
    /// 每季度 — manual, once a quarter.
    Quarterly,
    /// 每半年 — manual, once a half-year.
    HalfYearly,
    /// 每年 — manual, once a year.
    Yearly,
}

impl Frequency {
    /// Hourly automatic monitoring.
    pub const HOURLY: Frequency = Frequency::Hours(1);
    /// Automatic monitoring every 2 hours.
    pub const EVERY_TWO_HOURS: Frequency = Frequency::Hours(2);

    /// Whether this is automatic monitoring (自动监测).
    #[must_use]
    pub const fn is_automatic(self) -> bool {
        matches!(self, Frequency::Hours(_))
    }

    /// The Chinese label, e.g. `每2小时` or `每季度`.
    #[must_use]
    pub fn label_zh(self) -> String {
        match self {
            Frequency::Hours(1) => "每小时".to_owned(),
            Frequency::Hours(n) => format!("每{n}小时"),
            Frequency::Daily => "每日".to_owned(),
            Frequency::Weekly => "每周".to_owned(),
            Frequency::Monthly => "每月".to_owned(),
            Frequency::Quarterly => "每季度".to_owned(),
            Frequency::HalfYearly => "每半年".to_owned(),
            Frequency::Yearly => "每年".to_owned(),
        }
    }

    /// The slot (monitoring interval) that contains `at`, as `[start, end)`.
    ///
    /// Slots: automatic `Hours(n)` from midnight in steps of `n` hours; daily from
    /// midnight; weekly from Monday 00:00 (ISO week); monthly, quarterly
    /// (January, April, July, October), half-yearly (January, July) and yearly from
    /// the first of the month at 00:00.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for `Hours(n)` with
    /// an `n` that does not divide 24, or dates out of range.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::disclosure::Frequency;
    /// let at = NaiveDate::from_ymd_opt(2025, 2, 5).unwrap().and_hms_opt(13, 20, 0).unwrap();
    /// let (start, end) = Frequency::EVERY_TWO_HOURS.slot_of(at)?;
    /// assert_eq!(start.to_string(), "2025-02-05 12:00:00");
    /// assert_eq!(end.to_string(), "2025-02-05 14:00:00");
    /// let (start, _) = Frequency::Weekly.slot_of(at)?;
    /// assert_eq!(start.to_string(), "2025-02-03 00:00:00");
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn slot_of(self, at: NaiveDateTime) -> Result<(NaiveDateTime, NaiveDateTime), Error> {
        check_date("at", at.date())?;
        let date = at.date();
        let start_date = match self {
            Frequency::Hours(n) => {
                check_hours(n)?;
                let hour = chrono::Timelike::hour(&at);
                let h = hour - hour % n;
                let start = add_hours(date.and_time(NaiveTime::MIN), h)?;
                let end = add_hours(start, n)?;
                return Ok((start, end));
            }
            Frequency::Daily => date,
            Frequency::Weekly => {
                let w = date.iso_week();
                NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon)
                    .ok_or_else(out_of_range)?
            }
            Frequency::Monthly => date.with_day(1).ok_or_else(out_of_range)?,
            Frequency::Quarterly => first_of(date, 3)?,
            Frequency::HalfYearly => first_of(date, 6)?,
            Frequency::Yearly => first_of(date, 12)?,
        };
        let end_date = self.next_start(start_date)?;
        Ok((
            start_date.and_time(NaiveTime::MIN),
            end_date.and_time(NaiveTime::MIN),
        ))
    }

    /// For manual frequencies: the start date of the slot after the one starting on
    /// `start`.
    fn next_start(self, start: NaiveDate) -> Result<NaiveDate, Error> {
        let next = match self {
            Frequency::Hours(_) | Frequency::Daily => start.succ_opt(),
            Frequency::Weekly => start.checked_add_days(chrono::Days::new(7)),
            Frequency::Monthly => start.checked_add_months(Months::new(1)),
            Frequency::Quarterly => start.checked_add_months(Months::new(3)),
            Frequency::HalfYearly => start.checked_add_months(Months::new(6)),
            Frequency::Yearly => start.checked_add_months(Months::new(12)),
        };
        next.ok_or_else(out_of_range)
    }

    /// A stable label of the slot starting at `start`: `2025-02-05T12` (automatic),
    /// `2025-02-05`, `2025-W06`, `2025-02`, `2025-Q1`, `2025-H1`, `2025`.
    fn slot_label(self, start: NaiveDateTime) -> String {
        let d = start.date();
        match self {
            Frequency::Hours(_) => start.format("%Y-%m-%dT%H").to_string(),
            Frequency::Daily => d.to_string(),
            Frequency::Weekly => {
                let w = d.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            Frequency::Monthly => format!("{:04}-{:02}", d.year(), d.month()),
            Frequency::Quarterly => format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Frequency::HalfYearly => format!("{:04}-H{}", d.year(), (d.month() - 1) / 6 + 1),
            Frequency::Yearly => format!("{:04}", d.year()),
        }
    }
}

fn add_hours(at: NaiveDateTime, hours: u32) -> Result<NaiveDateTime, Error> {
    at.checked_add_signed(TimeDelta::hours(i64::from(hours)))
        .ok_or_else(out_of_range)
}

/// The longest period records are generated for: 100 years.
const MAX_PERIOD_DAYS: u64 = 36_525;

fn out_of_range() -> Error {
    Error::invalid_input("date", "date out of range")
}

fn first_of(date: NaiveDate, months: u32) -> Result<NaiveDate, Error> {
    let m = (date.month() - 1) / months * months + 1;
    NaiveDate::from_ymd_opt(date.year(), m, 1).ok_or_else(out_of_range)
}

fn check_hours(n: u32) -> Result<(), Error> {
    if n == 0 {
        return Err(Error::invalid_input(
            "frequency",
            "zero frequency: automatic monitoring every 0 hours",
        ));
    }
    if n > 24 || 24 % n != 0 {
        return Err(Error::invalid_input(
            "frequency",
            format!("automatic monitoring every {n} hours: the interval must divide 24"),
        ));
    }
    Ok(())
}

/// 坐标 — a WGS-84 position in decimal degrees.
///
/// ```
/// use creditgrade::disclosure::GeoPoint;
/// let p = GeoPoint::new("30.2741".parse()?, "120.1551".parse()?);
/// assert_eq!(p.latitude.to_string(), "30.2741");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct GeoPoint {
    /// 纬度 — latitude, −90..=90.
    pub latitude: Decimal,
    /// 经度 — longitude, −180..=180.
    pub longitude: Decimal,
}

impl GeoPoint {
    /// A position from latitude and longitude (decimal degrees).
    #[must_use]
    pub fn new(latitude: Decimal, longitude: Decimal) -> GeoPoint {
        GeoPoint {
            latitude,
            longitude,
        }
    }

    /// Checks the ranges.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.latitude < Decimal::from(-90) || self.latitude > Decimal::from(90) {
            return Err(format!("latitude {} is outside -90..=90", self.latitude));
        }
        if self.longitude < Decimal::from(-180) || self.longitude > Decimal::from(180) {
            return Err(format!(
                "longitude {} is outside -180..=180",
                self.longitude
            ));
        }
        Ok(())
    }
}

/// 监测指标 — a pollutant monitored at a point, with its limit (执行标准限值),
/// unit and frequency.
///
/// ```
/// use creditgrade::disclosure::{Frequency, Pollutant};
/// let cod = Pollutant::new("COD", Frequency::EVERY_TWO_HOURS)
///     .name("化学需氧量")
///     .limit("50".parse()?)
///     .unit("mg/L");
/// assert!(cod.frequency.is_automatic());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Pollutant {
    /// The pollutant's code, unique within its point (e.g. `COD`, `NOx`).
    pub code: String,
    /// Its name, e.g. 化学需氧量.
    #[serde(default)]
    pub name: String,
    /// 限值 — the emission or quality limit; required (a plan without it is refused).
    #[serde(default)]
    pub limit: Option<Decimal>,
    /// 单位 — the unit of values and limit, e.g. `mg/L`, `mg/m³`, `dB(A)`.
    #[serde(default)]
    pub unit: String,
    /// 监测频次 — the frequency.
    pub frequency: Frequency,
}

impl Pollutant {
    /// A pollutant with a code and a frequency; no name, unit or limit yet.
    pub fn new(code: impl Into<String>, frequency: Frequency) -> Pollutant {
        Pollutant {
            code: code.into(),
            name: String::new(),
            limit: None,
            unit: String::new(),
            frequency,
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Pollutant {
        self.name = name.into();
        self
    }

    /// Sets the limit.
    #[must_use]
    pub fn limit(mut self, limit: Decimal) -> Pollutant {
        self.limit = Some(limit);
        self
    }

    /// Sets the unit.
    #[must_use]
    pub fn unit(mut self, unit: impl Into<String>) -> Pollutant {
        self.unit = unit.into();
        self
    }
}

/// 监测点位 — a monitoring point: an outlet or a measuring site, its position and
/// the pollutants monitored there.
///
/// ```
/// use creditgrade::disclosure::{Frequency, GeoPoint, MonitoringPoint, PointKind, Pollutant};
/// let p = MonitoringPoint::new("DW001", PointKind::WasteWater)
///     .location(GeoPoint::new("30.27".parse()?, "120.15".parse()?))
///     .pollutant(Pollutant::new("COD", Frequency::Daily).limit("50".parse()?));
/// assert_eq!(p.pollutants.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MonitoringPoint {
    /// The point's id, unique within the plan (e.g. `DW001`).
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// What it measures.
    pub kind: PointKind,
    /// Where it is, if known.
    #[serde(default)]
    pub location: Option<GeoPoint>,
    /// The pollutants monitored there (at least one).
    #[serde(default)]
    pub pollutants: Vec<Pollutant>,
}

impl MonitoringPoint {
    /// A point with an id and a kind, no pollutants yet.
    pub fn new(id: impl Into<String>, kind: PointKind) -> MonitoringPoint {
        MonitoringPoint {
            id: id.into(),
            name: String::new(),
            kind,
            location: None,
            pollutants: Vec::new(),
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> MonitoringPoint {
        self.name = name.into();
        self
    }

    /// Sets the position.
    #[must_use]
    pub fn location(mut self, at: GeoPoint) -> MonitoringPoint {
        self.location = Some(at);
        self
    }

    /// Adds a pollutant.
    #[must_use]
    pub fn pollutant(mut self, pollutant: Pollutant) -> MonitoringPoint {
        self.pollutants.push(pollutant);
        self
    }

    /// The pollutant with this code, if monitored here.
    #[must_use]
    pub fn find(&self, code: &str) -> Option<&Pollutant> {
        self.pollutants.iter().find(|p| p.code == code)
    }
}

/// 自行监测方案 — an enterprise's self-monitoring plan.
///
/// ```
/// use creditgrade::disclosure::{Frequency, MonitoringPlan, MonitoringPoint, PointKind, Pollutant};
/// let plan = MonitoringPlan::new("E1").point(
///     MonitoringPoint::new("DW001", PointKind::WasteWater)
///         .pollutant(Pollutant::new("COD", Frequency::Daily).limit("50".parse()?)),
/// );
/// plan.validate()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MonitoringPlan {
    /// The enterprise the plan belongs to.
    pub enterprise_id: String,
    /// Its monitoring points.
    #[serde(default)]
    pub points: Vec<MonitoringPoint>,
}

impl MonitoringPlan {
    /// An empty plan of an enterprise.
    pub fn new(enterprise_id: impl Into<String>) -> MonitoringPlan {
        MonitoringPlan {
            enterprise_id: enterprise_id.into(),
            points: Vec::new(),
        }
    }

    /// Adds a point.
    #[must_use]
    pub fn point(mut self, point: MonitoringPoint) -> MonitoringPlan {
        self.points.push(point);
        self
    }

    /// The point with this id.
    #[must_use]
    pub fn find(&self, point_id: &str) -> Option<&MonitoringPoint> {
        self.points.iter().find(|p| p.id == point_id)
    }

    /// Checks the plan: a non-empty enterprise id; unique, non-empty point ids;
    /// valid coordinates; at least one pollutant per point; unique, non-empty
    /// pollutant codes within a point; a positive limit on every pollutant; an
    /// automatic interval that is not zero and divides 24.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the
    /// enterprise, the field (`points[1].pollutants[0].limit`), the point id as the
    /// subject and what is wrong, for the first fault in plan order.
    ///
    /// ```
    /// use creditgrade::disclosure::{Frequency, MonitoringPlan, MonitoringPoint, PointKind, Pollutant};
    /// let plan = MonitoringPlan::new("E1").point(
    ///     MonitoringPoint::new("DW001", PointKind::WasteWater)
    ///         .pollutant(Pollutant::new("COD", Frequency::Daily)),
    /// );
    /// let err = plan.validate().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "enterprise \"E1\": `points[0].pollutants[0].limit`: point \"DW001\", pollutant \"COD\": no limit (限值)",
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        let ent = &self.enterprise_id;
        if ent.is_empty() {
            return Err(Error::invalid_input(
                "enterprise_id",
                "the plan has an empty enterprise id",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, p) in self.points.iter().enumerate() {
            let err = |field: String, msg: String| {
                Error::invalid_input(field, msg)
                    .with_enterprise(ent.clone())
                    .with_subject(p.id.clone())
            };
            if p.id.is_empty() {
                return Err(err(format!("points[{i}].id"), "empty point id".to_owned()));
            }
            if !seen.insert(p.id.as_str()) {
                return Err(err(
                    format!("points[{i}].id"),
                    format!("point \"{}\" is listed twice", p.id),
                ));
            }
            if let Some(at) = &p.location {
                at.check().map_err(|m| {
                    err(
                        format!("points[{i}].location"),
                        format!("point \"{}\": {m}", p.id),
                    )
                })?;
            }
            if p.pollutants.is_empty() {
                return Err(err(
                    format!("points[{i}].pollutants"),
                    format!("point \"{}\" has no pollutants", p.id),
                ));
            }
            let mut codes = BTreeSet::new();
            for (j, q) in p.pollutants.iter().enumerate() {
                let here = |f: &str| format!("points[{i}].pollutants[{j}].{f}");
                let what = format!("point \"{}\", pollutant \"{}\"", p.id, q.code);
                if q.code.is_empty() {
                    return Err(err(
                        here("code"),
                        format!("point \"{}\": empty pollutant code", p.id),
                    ));
                }
                if !codes.insert(q.code.as_str()) {
                    return Err(err(here("code"), format!("{what}: listed twice")));
                }
                match q.limit {
                    None => return Err(err(here("limit"), format!("{what}: no limit (限值)"))),
                    Some(l) if l <= Decimal::ZERO => {
                        return Err(err(
                            here("limit"),
                            format!("{what}: limit {l} is not positive"),
                        ));
                    }
                    Some(_) => {}
                }
                if let Frequency::Hours(n) = q.frequency {
                    check_hours(n)
                        .map_err(|e| err(here("frequency"), format!("{what}: {}", e.message())))?;
                }
            }
        }
        Ok(())
    }
}

/// 应报监测数据记录 — a record that a plan makes due: one pollutant at one point
/// for one slot `[start, end)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DueRecord {
    /// A stable id: `enterprise/point/pollutant/slot label`, e.g.
    /// `E1/DW001/COD/2025-W06`.
    pub id: String,
    /// The enterprise.
    pub enterprise_id: String,
    /// The point.
    pub point_id: String,
    /// The pollutant code.
    pub pollutant_code: String,
    /// The frequency that made it due.
    pub frequency: Frequency,
    /// The slot's first instant.
    pub start: NaiveDateTime,
    /// The slot's end (exclusive).
    pub end: NaiveDateTime,
}

/// Generates the records a plan makes due in a period (应报监测数据记录), in plan
/// order (points, then pollutants, then time).
///
/// A slot belongs to the period when its *start date* falls in it: hourly and
/// 2-hourly slots of every day of the period (24 and 12 a day); one daily slot a
/// day; one weekly slot for every Monday in the period (ISO weeks; a week that
/// starts in the previous period belongs to it); one monthly, quarterly,
/// half-yearly or yearly slot when the period contains the 1st of a month, of
/// January/April/July/October, of January/July, or of January. So February 2025
/// has 4 weekly slots (Mondays 3, 10, 17, 24) and no quarterly slot; January 2025
/// has 4 weekly slots (6, 13, 20, 27: the week of Monday 30 December 2024 belongs
/// to December) and one quarterly slot. Holidays change nothing: monitoring is due
/// on holidays too; only publication deadlines use working days.
///
/// # Errors
///
/// The plan's [`validate`](MonitoringPlan::validate) errors;
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a period longer
/// than 100 years or dates out of range.
///
/// ```
/// use creditgrade::disclosure::{due_records, Frequency, MonitoringPlan, MonitoringPoint, Period, PointKind, Pollutant};
/// let plan = MonitoringPlan::new("E1").point(
///     MonitoringPoint::new("DW001", PointKind::WasteWater)
///         .pollutant(Pollutant::new("COD", Frequency::EVERY_TWO_HOURS).limit("50".parse()?))
///         .pollutant(Pollutant::new("TP", Frequency::Weekly).limit("0.5".parse()?)),
/// );
/// let due = due_records(&plan, Period::month(2024, 2)?)?;
/// assert_eq!(due.len(), 29 * 12 + 4);
/// assert_eq!(due[0].id, "E1/DW001/COD/2024-02-01T00");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn due_records(plan: &MonitoringPlan, period: Period) -> Result<Vec<DueRecord>, Error> {
    plan.validate()?;
    if period.days() > MAX_PERIOD_DAYS {
        return Err(Error::invalid_input(
            "period",
            format!(
                "period {} is longer than {MAX_PERIOD_DAYS} days (100 years)",
                period.label()
            ),
        )
        .with_enterprise(plan.enterprise_id.clone()));
    }
    let mut out = Vec::new();
    for p in &plan.points {
        for q in &p.pollutants {
            for_each_slot(q.frequency, period, |start, end| {
                out.push(DueRecord {
                    id: format!(
                        "{}/{}/{}/{}",
                        plan.enterprise_id,
                        p.id,
                        q.code,
                        q.frequency.slot_label(start)
                    ),
                    enterprise_id: plan.enterprise_id.clone(),
                    point_id: p.id.clone(),
                    pollutant_code: q.code.clone(),
                    frequency: q.frequency,
                    start,
                    end,
                });
            })?;
        }
    }
    Ok(out)
}

/// Calls `f(start, end)` for every slot of `freq` whose start date lies in `period`.
fn for_each_slot(
    freq: Frequency,
    period: Period,
    mut f: impl FnMut(NaiveDateTime, NaiveDateTime),
) -> Result<(), Error> {
    if let Frequency::Hours(n) = freq {
        check_hours(n)?;
        let mut day = period.start();
        loop {
            let midnight = day.and_time(NaiveTime::MIN);
            let mut h = 0;
            while h < 24 {
                let start = add_hours(midnight, h)?;
                f(start, add_hours(start, n)?);
                h += n;
            }
            if day >= period.end() {
                break;
            }
            day = day.succ_opt().ok_or_else(out_of_range)?;
        }
        return Ok(());
    }
    let (first, _) = freq.slot_of(period.start().and_time(NaiveTime::MIN))?;
    let mut start = first.date();
    if start < period.start() {
        start = freq.next_start(start)?;
    }
    while start <= period.end() {
        let next = freq.next_start(start)?;
        f(
            start.and_time(NaiveTime::MIN),
            next.and_time(NaiveTime::MIN),
        );
        start = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 30, 0)
            .unwrap()
    }

    #[test]
    fn slot_of_each_frequency() {
        let x = at(2024, 8, 15, 23);
        let s = |f: Frequency| {
            let (a, b) = f.slot_of(x).unwrap();
            (a.to_string(), b.to_string(), f.slot_label(a))
        };
        assert_eq!(
            s(Frequency::Hours(8)),
            (
                "2024-08-15 16:00:00".into(),
                "2024-08-16 00:00:00".into(),
                "2024-08-15T16".into()
            )
        );
        assert_eq!(s(Frequency::Daily).2, "2024-08-15");
        assert_eq!(s(Frequency::Weekly).0, "2024-08-12 00:00:00");
        assert_eq!(s(Frequency::Weekly).2, "2024-W33");
        assert_eq!(s(Frequency::Monthly).1, "2024-09-01 00:00:00");
        assert_eq!(
            s(Frequency::Quarterly),
            (
                "2024-07-01 00:00:00".into(),
                "2024-10-01 00:00:00".into(),
                "2024-Q3".into()
            )
        );
        assert_eq!(s(Frequency::HalfYearly).2, "2024-H2");
        assert_eq!(s(Frequency::Yearly).1, "2025-01-01 00:00:00");
        assert!(Frequency::Hours(7).slot_of(x).is_err());
    }

    #[test]
    fn labels_zh() {
        assert_eq!(Frequency::HOURLY.label_zh(), "每小时");
        assert_eq!(Frequency::EVERY_TWO_HOURS.label_zh(), "每2小时");
        assert_eq!(PointKind::AmbientQuality.label_zh(), "环境质量");
        assert!(!Frequency::Yearly.is_automatic());
    }

    #[test]
    fn plan_round_trips_through_serde() {
        let plan = MonitoringPlan::new("E1").point(
            MonitoringPoint::new("FQ001", PointKind::WasteGas)
                .location(GeoPoint::new(
                    Decimal::new(3_027, 2),
                    Decimal::new(12_015, 2),
                ))
                .pollutant(
                    Pollutant::new("SO2", Frequency::HOURLY)
                        .limit(Decimal::new(35, 0))
                        .unit("mg/m³"),
                ),
        );
        let json = serde_json::to_string(&plan).unwrap();
        assert!(json.contains("\"frequency\":{\"hours\":1}"));
        let back: MonitoringPlan = serde_json::from_str(&json).unwrap();
        assert_eq!(back, plan);
    }
}
