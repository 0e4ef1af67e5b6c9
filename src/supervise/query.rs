//! Queries over a population (综合查询).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::patrol::PatrolPolicy;
use super::record::{Record, Status};
use super::risk::RiskClass;
use crate::Grade;

/// A filter over records: every criterion set must hold; an empty filter matches
/// everything. Office, district and route match exactly; the industry matches as a
/// code prefix (`"C27"` matches `"C2710"`); the grade matches exactly, `None`
/// meaning unrated.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::supervise::{Filter, Status};
/// let f = Filter::new().district("D1").grade(Some(Grade::B)).status(Status::Operating);
/// assert_ne!(f, Filter::new());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    office: Option<String>,
    district: Option<String>,
    route: Option<String>,
    risk_class: Option<RiskClass>,
    // `None`: any grade (absent from JSON); `Some(None)`: unrated only (`null`).
    #[allow(clippy::option_option)]
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::present"
    )]
    grade: Option<Option<Grade>>,
    status: Option<Status>,
    industry: Option<String>,
}

impl Filter {
    /// A filter that matches everything.
    #[must_use]
    pub fn new() -> Filter {
        Filter::default()
    }

    /// Only this office (所别).
    #[must_use]
    pub fn office(mut self, office: impl Into<String>) -> Filter {
        self.office = Some(office.into());
        self
    }

    /// Only this district (片区).
    #[must_use]
    pub fn district(mut self, district: impl Into<String>) -> Filter {
        self.district = Some(district.into());
        self
    }

    /// Only this route (路线).
    #[must_use]
    pub fn route(mut self, route: impl Into<String>) -> Filter {
        self.route = Some(route.into());
        self
    }

    /// Only this industry risk class (监管类别).
    #[must_use]
    pub fn risk_class(mut self, class: RiskClass) -> Filter {
        self.risk_class = Some(class);
        self
    }

    /// Only this grade (`None`: only unrated records).
    #[must_use]
    pub fn grade(mut self, grade: Option<Grade>) -> Filter {
        self.grade = Some(grade);
        self
    }

    /// Only this status (企业状态).
    #[must_use]
    pub fn status(mut self, status: Status) -> Filter {
        self.status = Some(status);
        self
    }

    /// Only industry codes starting with this prefix (行业分类).
    #[must_use]
    pub fn industry(mut self, prefix: impl Into<String>) -> Filter {
        self.industry = Some(prefix.into());
        self
    }

    /// Whether a record matches; the risk class comes from the patrol policy.
    #[must_use]
    pub fn matches(&self, record: &Record, patrol: &PatrolPolicy) -> bool {
        let e = &record.enterprise;
        self.office.as_ref().is_none_or(|x| *x == record.office)
            && self.district.as_ref().is_none_or(|x| *x == e.district)
            && self.route.as_ref().is_none_or(|x| *x == e.route)
            && self.grade.is_none_or(|g| g == record.grade)
            && self.status.is_none_or(|s| s == record.status)
            && self
                .industry
                .as_ref()
                .is_none_or(|p| e.industry.starts_with(p.as_str()))
            && self
                .risk_class
                .is_none_or(|c| c == patrol.risk_class(record))
    }
}

/// The records matching a filter, in input order.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Grade};
/// use creditgrade::supervise::{Filter, PatrolPolicy, Record, query};
/// let d = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
/// let rs = vec![
///     Record::new(Enterprise::new("E1", d).district("D1"), Some(Grade::B)),
///     Record::new(Enterprise::new("E2", d).district("D2"), Some(Grade::B)),
/// ];
/// let hits = query(&rs, &Filter::new().district("D1"), &PatrolPolicy::source());
/// assert_eq!(hits.len(), 1);
/// assert_eq!(hits[0].id(), "E1");
/// ```
#[must_use]
pub fn query<'a>(records: &'a [Record], filter: &Filter, patrol: &PatrolPolicy) -> Vec<&'a Record> {
    records
        .iter()
        .filter(|r| filter.matches(r, patrol))
        .collect()
}

/// Counts of the records matching a filter, in all and broken down.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Counts {
    /// Records matching.
    pub total: usize,
    /// By grade (`AAA` … `D`, `unrated`).
    pub by_grade: BTreeMap<String, usize>,
    /// By status (`operating`, …).
    pub by_status: BTreeMap<String, usize>,
    /// By industry risk class (`A` … `D`).
    pub by_risk_class: BTreeMap<String, usize>,
    /// By district.
    pub by_district: BTreeMap<String, usize>,
}

/// Counts the records matching a filter.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Grade};
/// use creditgrade::supervise::{Filter, PatrolPolicy, Record, Status, count};
/// let d = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
/// let rs = vec![
///     Record::new(Enterprise::new("E1", d), Some(Grade::B)),
///     Record::new(Enterprise::new("E2", d), None).status(Status::Deregistered),
/// ];
/// let c = count(&rs, &Filter::new(), &PatrolPolicy::source());
/// assert_eq!(c.total, 2);
/// assert_eq!(c.by_grade["unrated"], 1);
/// assert_eq!(c.by_status["deregistered"], 1);
/// ```
#[must_use]
pub fn count(records: &[Record], filter: &Filter, patrol: &PatrolPolicy) -> Counts {
    let mut c = Counts::default();
    for r in query(records, filter, patrol) {
        c.total += 1;
        let g = r.grade.map_or("unrated", Grade::as_str);
        *c.by_grade.entry(g.to_owned()).or_default() += 1;
        *c.by_status.entry(r.status.as_str().to_owned()).or_default() += 1;
        *c.by_risk_class
            .entry(patrol.risk_class(r).as_str().to_owned())
            .or_default() += 1;
        *c.by_district
            .entry(r.enterprise.district.clone())
            .or_default() += 1;
    }
    c
}
