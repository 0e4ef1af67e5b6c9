//! The public look-up (公众查询): keyword, industry, region, distance and map view.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::{GeoPoint, MonitoredEnterprise, MonitoringPlan, MonitoringRecord, Outcome};
use crate::Error;

/// The mean Earth radius used for distances, in metres (IUGG mean radius R₁).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// The great-circle (haversine) distance between two points, in whole metres,
/// rounded to the nearest metre, on a sphere of radius [`EARTH_RADIUS_M`].
///
/// Precision: the spherical model differs from the WGS-84 ellipsoid by up to about
/// 0.5%; the computation itself is in `f64` (about 1 mm at these scales), so the
/// rounded metres are stable. Distances are for finding and sorting, never for
/// grading.
///
/// ```
/// use creditgrade::disclosure::{distance_m, GeoPoint};
/// let a = GeoPoint::new("30".parse()?, "120".parse()?);
/// let b = GeoPoint::new("31".parse()?, "120".parse()?);
/// assert_eq!(distance_m(a, b), 111_195); // one degree of latitude
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn distance_m(a: GeoPoint, b: GeoPoint) -> u64 {
    let rad = |d: Decimal| d.to_f64().unwrap_or(0.0).to_radians();
    let (la1, lo1, la2, lo2) = (
        rad(a.latitude),
        rad(a.longitude),
        rad(b.latitude),
        rad(b.longitude),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    let c = 2.0 * h.sqrt().min(1.0).asin();
    let m = (EARTH_RADIUS_M * c).round();
    // 0 ≤ m ≤ πR, well inside u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let metres = m.max(0.0) as u64;
    metres
}

/// 地图视野 — a latitude/longitude box (the platform's map view), edges included.
/// It does not cross the antimeridian (no part of China does).
///
/// Deserialising checks the corners as [`BoundingBox::new`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawBoundingBox")]
pub struct BoundingBox {
    south: Decimal,
    west: Decimal,
    north: Decimal,
    east: Decimal,
}

/// A box as read, before [`BoundingBox::new`] checks it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBoundingBox {
    south: Decimal,
    west: Decimal,
    north: Decimal,
    east: Decimal,
}

impl TryFrom<RawBoundingBox> for BoundingBox {
    type Error = Error;

    fn try_from(r: RawBoundingBox) -> Result<BoundingBox, Error> {
        BoundingBox::new(
            GeoPoint::new(r.south, r.west),
            GeoPoint::new(r.north, r.east),
        )
    }
}

impl BoundingBox {
    /// A box from its south-west and north-east corners.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if a corner is out
    /// of range or south-west is not south and west of north-east.
    ///
    /// ```
    /// use creditgrade::disclosure::{BoundingBox, GeoPoint};
    /// let sw = GeoPoint::new("30".parse()?, "120".parse()?);
    /// let ne = GeoPoint::new("31".parse()?, "121".parse()?);
    /// let b = BoundingBox::new(sw, ne)?;
    /// assert!(b.contains(GeoPoint::new("30.5".parse()?, "120".parse()?)));
    /// assert!(BoundingBox::new(ne, sw).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(south_west: GeoPoint, north_east: GeoPoint) -> Result<BoundingBox, Error> {
        south_west
            .check()
            .and_then(|()| north_east.check())
            .map_err(|m| Error::invalid_input("bounding_box", m))?;
        if south_west.latitude > north_east.latitude || south_west.longitude > north_east.longitude
        {
            return Err(Error::invalid_input(
                "bounding_box",
                "the south-west corner is not south-west of the north-east corner",
            ));
        }
        Ok(BoundingBox {
            south: south_west.latitude,
            west: south_west.longitude,
            north: north_east.latitude,
            east: north_east.longitude,
        })
    }

    /// Whether the point lies in the box.
    #[must_use]
    pub fn contains(&self, p: GeoPoint) -> bool {
        self.south <= p.latitude
            && p.latitude <= self.north
            && self.west <= p.longitude
            && p.longitude <= self.east
    }
}

/// 查询条件 — a public query. Every condition set must hold.
///
/// ```
/// use creditgrade::disclosure::{GeoPoint, Query};
/// let q = Query::new()
///     .keyword("化工")
///     .region("330102")
///     .near(GeoPoint::new("30.27".parse()?, "120.15".parse()?), 5_000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    keyword: Option<String>,
    industry: Option<String>,
    region: Option<String>,
    near: Option<(GeoPoint, u64)>,
    within: Option<BoundingBox>,
}

impl Query {
    /// A query that matches every enterprise.
    #[must_use]
    pub fn new() -> Query {
        Query::default()
    }

    /// 关键词 — the id or name contains the keyword (ASCII letters compared without
    /// case).
    #[must_use]
    pub fn keyword(mut self, keyword: impl Into<String>) -> Query {
        self.keyword = Some(keyword.into());
        self
    }

    /// 按行业 — the industry code equals this one.
    #[must_use]
    pub fn industry(mut self, code: impl Into<String>) -> Query {
        self.industry = Some(code.into());
        self
    }

    /// 按地区 — the region code equals this one, or starts with it (so `3301`
    /// finds `330102`).
    #[must_use]
    pub fn region(mut self, code: impl Into<String>) -> Query {
        self.region = Some(code.into());
        self
    }

    /// 周边 — within `radius_m` metres of a point (see [`distance_m`]); results are
    /// sorted by distance.
    #[must_use]
    pub fn near(mut self, at: GeoPoint, radius_m: u64) -> Query {
        self.near = Some((at, radius_m));
        self
    }

    /// 地图视野 — inside a box.
    #[must_use]
    pub fn within(mut self, bbox: BoundingBox) -> Query {
        self.within = Some(bbox);
        self
    }
}

/// The latest published result of one pollutant at one point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LatestResult {
    /// The point.
    pub point_id: String,
    /// The pollutant code.
    pub pollutant_code: String,
    /// The record.
    pub record_id: String,
    /// The sampling time.
    pub at: NaiveDateTime,
    /// The value or the reason.
    pub outcome: Outcome,
    /// When it was published.
    pub published_at: NaiveDateTime,
    /// The limit in the plan, if the plan knows the pollutant.
    pub limit: Option<Decimal>,
    /// The unit in the plan.
    pub unit: String,
    /// Whether the value is over the limit.
    pub exceeds: bool,
}

/// An enterprise found by a query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Hit {
    /// The enterprise.
    pub enterprise: MonitoredEnterprise,
    /// The distance from the query point, for a `near` query.
    pub distance_m: Option<u64>,
    /// Its latest published result per point and pollutant, by point then pollutant.
    pub latest: Vec<LatestResult>,
}

/// 公众查询 — finds enterprises and their latest results published by `as_of`
/// (the latest by sampling time, then publication time, then record id).
/// Enterprises without a location never match a `near` or `within` query. Order:
/// by distance then id for a `near` query, by id otherwise.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let ents = [
///     MonitoredEnterprise::new("E1").name("Riverside Chemical").region("330102")
///         .location(GeoPoint::new("30.27".parse()?, "120.15".parse()?)),
///     MonitoredEnterprise::new("E2").name("Hill Cement").region("330105")
///         .location(GeoPoint::new("30.40".parse()?, "120.30".parse()?)),
/// ];
/// let asof = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
/// let hits = lookup(&ents, &[], &[], &Query::new().keyword("chemical"), asof);
/// assert_eq!(hits.len(), 1);
/// assert_eq!(hits[0].enterprise.id, "E1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn lookup(
    enterprises: &[MonitoredEnterprise],
    plans: &[MonitoringPlan],
    records: &[MonitoringRecord],
    query: &Query,
    as_of: NaiveDate,
) -> Vec<Hit> {
    let kw = query.keyword.as_ref().map(|k| k.to_ascii_lowercase());
    let mut hits: Vec<Hit> = Vec::new();
    for e in enterprises {
        if let Some(k) = &kw {
            if !e.id.to_ascii_lowercase().contains(k.as_str())
                && !e.name.to_ascii_lowercase().contains(k.as_str())
            {
                continue;
            }
        }
        if query.industry.as_ref().is_some_and(|i| &e.industry != i) {
            continue;
        }
        if query
            .region
            .as_ref()
            .is_some_and(|r| !e.region.starts_with(r.as_str()))
        {
            continue;
        }
        if let Some(b) = &query.within {
            if !e.location.is_some_and(|p| b.contains(p)) {
                continue;
            }
        }
        let mut distance = None;
        if let Some((at, radius)) = query.near {
            let Some(p) = e.location else { continue };
            let d = distance_m(at, p);
            if d > radius {
                continue;
            }
            distance = Some(d);
        }
        hits.push(Hit {
            enterprise: e.clone(),
            distance_m: distance,
            latest: latest_results(e, plans, records, as_of),
        });
    }
    hits.sort_by(|a, b| (a.distance_m, &a.enterprise.id).cmp(&(b.distance_m, &b.enterprise.id)));
    hits
}

fn latest_results(
    e: &MonitoredEnterprise,
    plans: &[MonitoringPlan],
    records: &[MonitoringRecord],
    as_of: NaiveDate,
) -> Vec<LatestResult> {
    let plan = plans.iter().find(|p| p.enterprise_id == e.id);
    let mut best: BTreeMap<(&str, &str), (&MonitoringRecord, NaiveDateTime)> = BTreeMap::new();
    for r in records.iter().filter(|r| r.enterprise_id == e.id) {
        let Some(p) = r.published_at.filter(|p| p.date() <= as_of) else {
            continue;
        };
        let key = (r.point_id.as_str(), r.pollutant_code.as_str());
        let newer = best
            .get(&key)
            .is_none_or(|(b, bp)| (r.at, p, &r.id) > (b.at, *bp, &b.id));
        if newer {
            best.insert(key, (r, p));
        }
    }
    best.into_values()
        .map(|(r, published_at)| {
            let pollutant = plan
                .and_then(|p| p.find(&r.point_id))
                .and_then(|pt| pt.find(&r.pollutant_code));
            let limit = pollutant.and_then(|q| q.limit);
            let exceeds = match (&r.outcome, limit) {
                (Outcome::Value { value }, Some(l)) => *value > l,
                _ => false,
            };
            LatestResult {
                point_id: r.point_id.clone(),
                pollutant_code: r.pollutant_code.clone(),
                record_id: r.id.clone(),
                at: r.at,
                outcome: r.outcome.clone(),
                published_at,
                limit,
                unit: pollutant.map(|q| q.unit.clone()).unwrap_or_default(),
                exceeds,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(la: i64, lo: i64) -> GeoPoint {
        GeoPoint::new(Decimal::new(la, 2), Decimal::new(lo, 2))
    }

    #[test]
    fn distance_is_symmetric_and_zero_on_itself() {
        let (a, b) = (p(3_027, 12_015), p(3_125, 12_150));
        assert_eq!(distance_m(a, a), 0);
        assert_eq!(distance_m(a, b), distance_m(b, a));
        // Δlat 0.98° ≈ 108.97 km, Δlon 1.35° × cos 30.76° ≈ 129.0 km: ≈ 168.9 km.
        assert_eq!(distance_m(a, b) / 1000, 168);
        // One degree of longitude on the equator: πR/180 = 111 195.08 m.
        assert_eq!(distance_m(p(0, 0), p(0, 100)), 111_195);
    }
}
