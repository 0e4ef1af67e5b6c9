//! A deterministic synthetic population of monitored enterprises for one month.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    Frequency, GeoPoint, MonitoredEnterprise, MonitoringPlan, MonitoringPoint, MonitoringRecord,
    Period, PointKind, Pollutant, ReportFiling, ReportKind, due_records,
};
use crate::Error;

/// The crate's seeded generator, drawing `0..n` by remainder.
#[derive(Clone, Debug)]
struct SplitMix64(crate::rng::SplitMix64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A synthetic month: enterprises, their plans, their records and their monthly
/// emission reports for the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SyntheticMonth {
    /// The month.
    pub period: Period,
    /// The enterprises.
    pub enterprises: Vec<MonitoredEnterprise>,
    /// One plan per enterprise.
    pub plans: Vec<MonitoringPlan>,
    /// The records entered for the month.
    pub records: Vec<MonitoringRecord>,
    /// The monthly emission reports filed for the month (some late, some absent).
    pub filings: Vec<ReportFiling>,
}

const INDUSTRIES: [&str; 3] = ["C26", "C30", "D44"];
const REGIONS: [&str; 3] = ["330102", "330105", "330106"];

/// Generates `count` monitored enterprises with plans and a month of records from
/// a seed: the same seed gives the same month, byte for byte.
///
/// Each enterprise has a waste-water outlet `DW001` (COD every 2 hours, limit
/// 50 mg/L; NH3-N daily, limit 5 mg/L), a waste-gas outlet `FQ001` (SO2 weekly,
/// limit 35 mg/m³; PM monthly, limit 10 mg/m³) and a boundary noise point `ZS001`
/// (Leq quarterly, limit 65 dB(A)). Of the due records about 88% are published on
/// time, 4% late, 4% never entered, 2% entered but not published and 2% answered
/// by a published reason; 0.3% of automatic and 3% of manual values exceed their
/// limit. Monthly reports are filed on day 1–16 of the next month, and one enterprise in eight files
/// none.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if the month is not a
/// month.
///
/// ```
/// use creditgrade::disclosure::synthetic_month;
/// let a = synthetic_month(7, 3, 2025, 2)?;
/// let b = synthetic_month(7, 3, 2025, 2)?;
/// assert_eq!(a, b);
/// assert_eq!(a.enterprises.len(), 3);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn synthetic_month(
    seed: u64,
    count: usize,
    year: i32,
    month: u32,
) -> Result<SyntheticMonth, Error> {
    let period = Period::month(year, month)?;
    let mut rng = SplitMix64(crate::rng::SplitMix64::new(seed));
    let mut enterprises = Vec::with_capacity(count);
    let mut plans = Vec::with_capacity(count);
    let mut records = Vec::new();
    let mut filings = Vec::new();
    for i in 0..count {
        let id = format!("E{:03}", i + 1);
        let pick = |n: u64| usize::try_from(n).unwrap_or(0);
        let lat = Decimal::new(30_150 + i64::try_from(rng.below(300)).unwrap_or(0), 3);
        let lon = Decimal::new(120_050 + i64::try_from(rng.below(300)).unwrap_or(0), 3);
        enterprises.push(
            MonitoredEnterprise::new(id.clone())
                .name(format!("Synthetic Works {:03}", i + 1))
                .industry(INDUSTRIES[pick(rng.below(3))])
                .region(REGIONS[pick(rng.below(3))])
                .location(GeoPoint::new(lat, lon)),
        );
        let plan = MonitoringPlan::new(id.clone())
            .point(
                MonitoringPoint::new("DW001", PointKind::WasteWater)
                    .name("废水总排口")
                    .pollutant(
                        Pollutant::new("COD", Frequency::EVERY_TWO_HOURS)
                            .name("化学需氧量")
                            .limit(Decimal::from(50))
                            .unit("mg/L"),
                    )
                    .pollutant(
                        Pollutant::new("NH3-N", Frequency::Daily)
                            .name("氨氮")
                            .limit(Decimal::from(5))
                            .unit("mg/L"),
                    ),
            )
            .point(
                MonitoringPoint::new("FQ001", PointKind::WasteGas)
                    .name("锅炉废气排口")
                    .pollutant(
                        Pollutant::new("SO2", Frequency::Weekly)
                            .name("二氧化硫")
                            .limit(Decimal::from(35))
                            .unit("mg/m³"),
                    )
                    .pollutant(
                        Pollutant::new("PM", Frequency::Monthly)
                            .name("颗粒物")
                            .limit(Decimal::from(10))
                            .unit("mg/m³"),
                    ),
            )
            .point(
                MonitoringPoint::new("ZS001", PointKind::Noise)
                    .name("厂界噪声")
                    .pollutant(
                        Pollutant::new("Leq", Frequency::Quarterly)
                            .name("等效连续A声级")
                            .limit(Decimal::from(65))
                            .unit("dB(A)"),
                    ),
            );
        let due = due_records(&plan, period)?;
        let limit_of = |point: &str, code: &str| {
            plan.find(point)
                .and_then(|p| p.find(code))
                .and_then(|q| q.limit)
                .unwrap_or(Decimal::ONE)
        };
        for (n, d) in due.iter().enumerate() {
            let roll = rng.below(100);
            if roll < 4 {
                continue; // never entered
            }
            let rid = format!("{id}-R{:05}", n + 1);
            let automatic = d.frequency.is_automatic();
            let at = if automatic {
                d.start
            } else {
                let span = (d.end - d.start).num_days().clamp(1, 5);
                let day = i64::try_from(rng.below(u64::try_from(span).unwrap_or(1))).unwrap_or(0);
                d.start + TimeDelta::days(day) + TimeDelta::hours(9)
            };
            let on_time_pub = if automatic {
                d.end + TimeDelta::minutes(10)
            } else {
                (at.date() + TimeDelta::days(1)).and_time(NaiveTime::MIN) + TimeDelta::hours(10)
            };
            let late_pub = if automatic {
                d.end + TimeDelta::hours(5)
            } else {
                at + TimeDelta::days(6)
            };
            let limit = limit_of(&d.point_id, &d.pollutant_code);
            let record = if roll < 6 {
                MonitoringRecord::not_monitored(
                    rid,
                    id.clone(),
                    d.point_id.clone(),
                    d.pollutant_code.clone(),
                    at,
                    "停产检修 (production stopped for maintenance)",
                )
                .published_at(on_time_pub)
            } else {
                // Mostly 30%–90% of the limit; between 101% and 160% for 3 in 1000
                // automatic and 3 in 100 manual values.
                let over = if automatic {
                    rng.below(1000)
                } else {
                    rng.below(100)
                };
                let pct = if over < 3 {
                    101 + rng.below(60)
                } else {
                    30 + rng.below(61)
                };
                let value = (limit * Decimal::from(pct) / Decimal::ONE_HUNDRED)
                    .round_dp(2)
                    .normalize();
                MonitoringRecord::value(
                    rid,
                    id.clone(),
                    d.point_id.clone(),
                    d.pollutant_code.clone(),
                    at,
                    value,
                )
            };
            // 0..=5: reasons (published above); 6..=7: entered, not published.
            let record = if (8..12).contains(&roll) {
                record.published_at(late_pub)
            } else if roll >= 12 {
                record.published_at(on_time_pub)
            } else {
                record
            };
            records.push(record);
        }
        if rng.below(8) != 0 {
            let next = period
                .end()
                .succ_opt()
                .ok_or_else(|| Error::invalid_input("month", "date out of range"))?;
            let day = u32::try_from(1 + rng.below(16)).unwrap_or(1);
            let filed = NaiveDate::from_ymd_opt(next.year(), next.month(), day).unwrap_or(next);
            filings.push(ReportFiling::new(
                format!("{id}-M{}", period.label()),
                id.clone(),
                ReportKind::MonthlyEmission,
                period,
                filed,
            ));
        }
        plans.push(plan);
    }
    Ok(SyntheticMonth {
        period,
        enterprises,
        plans,
        records,
        filings,
    })
}
