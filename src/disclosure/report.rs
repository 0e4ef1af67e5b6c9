//! Statistics (公开情况统计) and reports (报告) for any period, with templates.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{Compliance, Exceedance, GeoPoint, Period, ReportCheck, SlotState, disclosure_rate};
use crate::Error;
use crate::model::dates::check_date;

/// 重点监控企业 — a monitored enterprise as the platform shows it.
///
/// ```
/// use creditgrade::disclosure::MonitoredEnterprise;
/// let e = MonitoredEnterprise::new("E1").name("某化工有限公司").industry("C26").region("330102");
/// assert_eq!(e.region, "330102");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MonitoredEnterprise {
    /// The enterprise's id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// 行业 — industry code.
    #[serde(default)]
    pub industry: String,
    /// 地区 — region code.
    #[serde(default)]
    pub region: String,
    /// Where it is (for the map), if known.
    #[serde(default)]
    pub location: Option<GeoPoint>,
}

impl MonitoredEnterprise {
    /// An enterprise with an id; everything else empty.
    pub fn new(id: impl Into<String>) -> MonitoredEnterprise {
        MonitoredEnterprise {
            id: id.into(),
            name: String::new(),
            industry: String::new(),
            region: String::new(),
            location: None,
        }
    }

    /// Sets the name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> MonitoredEnterprise {
        self.name = name.into();
        self
    }

    /// Sets the industry code.
    #[must_use]
    pub fn industry(mut self, code: impl Into<String>) -> MonitoredEnterprise {
        self.industry = code.into();
        self
    }

    /// Sets the region code.
    #[must_use]
    pub fn region(mut self, code: impl Into<String>) -> MonitoredEnterprise {
        self.region = code.into();
        self
    }

    /// Sets the position.
    #[must_use]
    pub fn location(mut self, at: GeoPoint) -> MonitoredEnterprise {
        self.location = Some(at);
        self
    }
}

/// How to group disclosure rates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Grouping {
    /// 企业公开情况 — by enterprise.
    Enterprise,
    /// 区域公开情况 — by region.
    Region,
    /// 行业公开情况 — by industry.
    Industry,
}

/// Publication counts and rates of a group (an enterprise, a region, an industry,
/// or everything).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct GroupRate {
    /// The enterprise id, region code or industry code (`total` for everything).
    pub key: String,
    /// The enterprise's name for an enterprise group; the key otherwise.
    pub label: String,
    /// The number of enterprises in the group.
    pub enterprises: usize,
    /// Records due.
    pub due: usize,
    /// Records published (on time or late).
    pub published: usize,
    /// Published on time.
    pub on_time: usize,
    /// Published late.
    pub late: usize,
    /// Not published, deadline passed.
    pub missing: usize,
    /// Not published, deadline not passed.
    pub pending: usize,
    /// Exceedances.
    pub exceedances: usize,
    /// 公开率 — pooled `published / due` (not the mean of the enterprises' rates),
    /// `None` when nothing is due.
    pub rate: Option<Decimal>,
    /// Pooled `on_time / due`, `None` when nothing is due.
    pub on_time_rate: Option<Decimal>,
}

impl GroupRate {
    fn empty(key: &str, label: &str) -> GroupRate {
        GroupRate {
            key: key.to_owned(),
            label: label.to_owned(),
            enterprises: 0,
            due: 0,
            published: 0,
            on_time: 0,
            late: 0,
            missing: 0,
            pending: 0,
            exceedances: 0,
            rate: None,
            on_time_rate: None,
        }
    }

    fn add(&mut self, c: &Compliance) {
        self.due += c.due;
        self.published += c.published;
        self.on_time += c.on_time;
        self.late += c.late;
        self.missing += c.missing;
        self.pending += c.pending;
        self.exceedances += c.exceedances.len();
    }

    fn finish(&mut self) {
        self.rate = disclosure_rate(self.published, self.due);
        self.on_time_rate = disclosure_rate(self.on_time, self.due);
    }
}

fn index<'a>(
    enterprises: &'a [MonitoredEnterprise],
    compliances: &[Compliance],
) -> Result<BTreeMap<&'a str, &'a MonitoredEnterprise>, Error> {
    let mut map = BTreeMap::new();
    for (i, e) in enterprises.iter().enumerate() {
        if map.insert(e.id.as_str(), e).is_some() {
            return Err(Error::invalid_input(
                format!("enterprises[{i}].id"),
                "enterprise listed twice",
            )
            .with_enterprise(e.id.clone()));
        }
    }
    for (i, c) in compliances.iter().enumerate() {
        if !map.contains_key(c.enterprise_id.as_str()) {
            return Err(Error::invalid_input(
                format!("compliances[{i}]"),
                "enterprise not in the enterprise list",
            )
            .with_enterprise(c.enterprise_id.clone()));
        }
    }
    Ok(map)
}

/// Disclosure rates grouped by enterprise, region or industry, sorted by key.
/// Several compliances of one enterprise (several periods) add up; a group's rate
/// is pooled over its records.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if an enterprise is
/// listed twice or a compliance belongs to an enterprise not in the list.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let ents = [MonitoredEnterprise::new("E1").region("R1")];
/// let rates = rates_by(Grouping::Region, &ents, &[])?;
/// assert!(rates.is_empty());
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn rates_by(
    grouping: Grouping,
    enterprises: &[MonitoredEnterprise],
    compliances: &[Compliance],
) -> Result<Vec<GroupRate>, Error> {
    let map = index(enterprises, compliances)?;
    let mut groups: BTreeMap<String, (GroupRate, BTreeSet<&str>)> = BTreeMap::new();
    for c in compliances {
        let Some(e) = map.get(c.enterprise_id.as_str()) else {
            continue;
        };
        let (key, label) = match grouping {
            Grouping::Enterprise => (e.id.as_str(), e.name.as_str()),
            Grouping::Region => (e.region.as_str(), e.region.as_str()),
            Grouping::Industry => (e.industry.as_str(), e.industry.as_str()),
        };
        let entry = groups
            .entry(key.to_owned())
            .or_insert_with(|| (GroupRate::empty(key, label), BTreeSet::new()));
        entry.0.add(c);
        entry.1.insert(e.id.as_str());
    }
    Ok(groups
        .into_values()
        .map(|(mut g, ids)| {
            g.enterprises = ids.len();
            g.finish();
            g
        })
        .collect())
}

/// 未公开企业 — an enterprise with due records it did not publish by their deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Unpublished {
    /// The enterprise.
    pub enterprise_id: String,
    /// Its name.
    pub name: String,
    /// Records due.
    pub due: usize,
    /// Records published.
    pub published: usize,
    /// Records missing.
    pub missing: usize,
}

/// The enterprises with at least one missing record, by id (several compliances of
/// one enterprise add up).
///
/// # Errors
///
/// As [`rates_by`].
///
/// ```
/// use creditgrade::disclosure::*;
/// assert!(not_published(&[MonitoredEnterprise::new("E1")], &[])?.is_empty());
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn not_published(
    enterprises: &[MonitoredEnterprise],
    compliances: &[Compliance],
) -> Result<Vec<Unpublished>, Error> {
    Ok(rates_by(Grouping::Enterprise, enterprises, compliances)?
        .into_iter()
        .filter(|g| g.missing > 0)
        .map(|g| Unpublished {
            enterprise_id: g.key,
            name: g.label,
            due: g.due,
            published: g.published,
            missing: g.missing,
        })
        .collect())
}

/// 超标情况统计 — exceedances of one pollutant code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExceedanceStat {
    /// The pollutant code.
    pub pollutant_code: String,
    /// The number of exceedances.
    pub count: usize,
    /// The number of enterprises with at least one.
    pub enterprises: usize,
    /// The largest 超标倍数 (`(value − limit) / limit`).
    pub max_multiple: Decimal,
}

/// Exceedance statistics by pollutant code, sorted by code.
///
/// ```
/// use creditgrade::disclosure::exceedance_stats;
/// assert!(exceedance_stats(&[]).is_empty());
/// ```
#[must_use]
pub fn exceedance_stats(compliances: &[Compliance]) -> Vec<ExceedanceStat> {
    let mut by: BTreeMap<&str, (usize, BTreeSet<&str>, Decimal)> = BTreeMap::new();
    for x in compliances.iter().flat_map(|c| &c.exceedances) {
        let e = by
            .entry(x.pollutant_code.as_str())
            .or_insert((0, BTreeSet::new(), x.multiple));
        e.0 += 1;
        e.1.insert(x.enterprise_id.as_str());
        e.2 = e.2.max(x.multiple);
    }
    by.into_iter()
        .map(|(code, (count, ents, max))| ExceedanceStat {
            pollutant_code: code.to_owned(),
            count,
            enterprises: ents.len(),
            max_multiple: max,
        })
        .collect()
}

/// 统计报告 — a structured report over a period (week, month, quarter, year or any
/// range): totals, rates by region, industry and enterprise, the enterprises that
/// did not publish, exceedances and report filings. Serialise it, or render it
/// with [`render_markdown`], [`render_text`] or a [`Template`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DisclosureReport {
    /// The title.
    pub title: String,
    /// The period.
    pub period: Period,
    /// The period's label (`2025-02`, `2025-Q1`…).
    pub period_label: String,
    /// The date the figures were taken.
    pub as_of: NaiveDate,
    /// Everything together (key `total`).
    pub totals: GroupRate,
    /// By region.
    pub by_region: Vec<GroupRate>,
    /// By industry.
    pub by_industry: Vec<GroupRate>,
    /// By enterprise.
    pub by_enterprise: Vec<GroupRate>,
    /// Enterprises with missing records.
    pub not_published: Vec<Unpublished>,
    /// Every exceedance, by enterprise, then time, then record id.
    pub exceedances: Vec<Exceedance>,
    /// Exceedances by pollutant.
    pub exceedance_stats: Vec<ExceedanceStat>,
    /// Report checks (monthly, annual), by enterprise, kind, period.
    pub reports: Vec<ReportCheck>,
}

/// Builds the report of a period from the compliances (all for that period, at
/// most one per enterprise) and the report checks to show.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if a compliance is
/// for another period, an enterprise has two compliances, or as [`rates_by`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let asof = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
/// let r = build_report("月报", Period::month(2025, 2)?, asof, &[], &[], &[])?;
/// assert_eq!(r.totals.rate, None);
/// assert!(render_markdown(&r).contains("| 公开率 | n/a |"));
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn build_report(
    title: &str,
    period: Period,
    as_of: NaiveDate,
    enterprises: &[MonitoredEnterprise],
    compliances: &[Compliance],
    reports: &[ReportCheck],
) -> Result<DisclosureReport, Error> {
    check_date("as_of", as_of)?;
    period.check_dates()?;
    let mut seen = BTreeSet::new();
    for (i, c) in compliances.iter().enumerate() {
        if c.period != period {
            return Err(Error::invalid_input(
                format!("compliances[{i}].period"),
                format!(
                    "compliance for {}, report for {}",
                    c.period.label(),
                    period.label()
                ),
            )
            .with_enterprise(c.enterprise_id.clone()));
        }
        if !seen.insert(c.enterprise_id.as_str()) {
            return Err(Error::invalid_input(
                format!("compliances[{i}]"),
                "two compliances for one enterprise",
            )
            .with_enterprise(c.enterprise_id.clone()));
        }
    }
    let by_enterprise = rates_by(Grouping::Enterprise, enterprises, compliances)?;
    let mut totals = GroupRate::empty("total", "total");
    for c in compliances {
        totals.add(c);
    }
    totals.enterprises = seen.len();
    totals.finish();
    let mut exceedances: Vec<Exceedance> = compliances
        .iter()
        .flat_map(|c| c.exceedances.iter().cloned())
        .collect();
    exceedances.sort_by(|a, b| {
        (&a.enterprise_id, a.at, &a.record_id).cmp(&(&b.enterprise_id, b.at, &b.record_id))
    });
    let mut reports = reports.to_vec();
    reports.sort_by(|a, b| {
        (&a.enterprise_id, a.kind, a.period, &a.filing_id).cmp(&(
            &b.enterprise_id,
            b.kind,
            b.period,
            &b.filing_id,
        ))
    });
    Ok(DisclosureReport {
        title: title.to_owned(),
        period,
        period_label: period.label(),
        as_of,
        totals,
        by_region: rates_by(Grouping::Region, enterprises, compliances)?,
        by_industry: rates_by(Grouping::Industry, enterprises, compliances)?,
        by_enterprise,
        not_published: not_published(enterprises, compliances)?,
        exceedance_stats: exceedance_stats(compliances),
        exceedances,
        reports,
    })
}

/// A rate as a percentage with two decimals (`93.33%`), or `n/a` when nothing was
/// due.
///
/// ```
/// use creditgrade::disclosure::format_rate;
/// assert_eq!(format_rate("0.9333".parse().ok()), "93.33%");
/// assert_eq!(format_rate(None), "n/a");
/// ```
#[must_use]
pub fn format_rate(rate: Option<Decimal>) -> String {
    match rate.and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED)) {
        Some(p) => format!(
            "{:.2}%",
            p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        ),
        None => "n/a".to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Templates

type Row = BTreeMap<&'static str, String>;

/// The names a template may use: scalars at the top, and one field list per
/// section.
const SCALARS: &[&str] = &[
    "title",
    "period",
    "as_of",
    "enterprises",
    "due",
    "published",
    "on_time",
    "late",
    "missing",
    "pending",
    "rate",
    "on_time_rate",
    "exceedance_count",
];
const GROUP_FIELDS: &[&str] = &[
    "key",
    "label",
    "enterprises",
    "due",
    "published",
    "on_time",
    "late",
    "missing",
    "pending",
    "exceedances",
    "rate",
    "on_time_rate",
];
const SECTIONS: &[(&str, &[&str])] = &[
    ("by_region", GROUP_FIELDS),
    ("by_industry", GROUP_FIELDS),
    ("by_enterprise", GROUP_FIELDS),
    (
        "not_published",
        &["enterprise_id", "name", "due", "published", "missing"],
    ),
    (
        "exceedances",
        &[
            "record_id",
            "enterprise_id",
            "point_id",
            "pollutant_code",
            "at",
            "value",
            "limit",
            "unit",
            "ratio",
            "multiple",
        ],
    ),
    (
        "exceedance_stats",
        &["pollutant_code", "count", "enterprises", "max_multiple"],
    ),
    (
        "reports",
        &[
            "enterprise_id",
            "kind",
            "kind_zh",
            "period",
            "deadline",
            "state",
            "state_zh",
            "filed_on",
        ],
    ),
];

fn group_row(g: &GroupRate) -> Row {
    let mut r = Row::new();
    r.insert("key", g.key.clone());
    r.insert("label", g.label.clone());
    r.insert("enterprises", g.enterprises.to_string());
    r.insert("due", g.due.to_string());
    r.insert("published", g.published.to_string());
    r.insert("on_time", g.on_time.to_string());
    r.insert("late", g.late.to_string());
    r.insert("missing", g.missing.to_string());
    r.insert("pending", g.pending.to_string());
    r.insert("exceedances", g.exceedances.to_string());
    r.insert("rate", format_rate(g.rate));
    r.insert("on_time_rate", format_rate(g.on_time_rate));
    r
}

fn state_str(s: SlotState) -> &'static str {
    match s {
        SlotState::OnTime => "on_time",
        SlotState::Late => "late",
        SlotState::Missing => "missing",
        SlotState::Pending => "pending",
    }
}

struct Context {
    scalars: Row,
    sections: BTreeMap<&'static str, Vec<Row>>,
}

fn context(r: &DisclosureReport) -> Context {
    let t = &r.totals;
    let mut scalars = Row::new();
    scalars.insert("title", r.title.clone());
    scalars.insert("period", r.period_label.clone());
    scalars.insert("as_of", r.as_of.to_string());
    scalars.insert("enterprises", t.enterprises.to_string());
    scalars.insert("due", t.due.to_string());
    scalars.insert("published", t.published.to_string());
    scalars.insert("on_time", t.on_time.to_string());
    scalars.insert("late", t.late.to_string());
    scalars.insert("missing", t.missing.to_string());
    scalars.insert("pending", t.pending.to_string());
    scalars.insert("rate", format_rate(t.rate));
    scalars.insert("on_time_rate", format_rate(t.on_time_rate));
    scalars.insert("exceedance_count", r.exceedances.len().to_string());
    let mut sections = BTreeMap::new();
    sections.insert("by_region", r.by_region.iter().map(group_row).collect());
    sections.insert("by_industry", r.by_industry.iter().map(group_row).collect());
    sections.insert(
        "by_enterprise",
        r.by_enterprise.iter().map(group_row).collect(),
    );
    sections.insert(
        "not_published",
        r.not_published
            .iter()
            .map(|u| {
                let mut row = Row::new();
                row.insert("enterprise_id", u.enterprise_id.clone());
                row.insert("name", u.name.clone());
                row.insert("due", u.due.to_string());
                row.insert("published", u.published.to_string());
                row.insert("missing", u.missing.to_string());
                row
            })
            .collect(),
    );
    sections.insert(
        "exceedances",
        r.exceedances
            .iter()
            .map(|x| {
                let mut row = Row::new();
                row.insert("record_id", x.record_id.clone());
                row.insert("enterprise_id", x.enterprise_id.clone());
                row.insert("point_id", x.point_id.clone());
                row.insert("pollutant_code", x.pollutant_code.clone());
                row.insert("at", x.at.format("%Y-%m-%d %H:%M").to_string());
                row.insert("value", x.value.to_string());
                row.insert("limit", x.limit.to_string());
                row.insert("unit", x.unit.clone());
                row.insert("ratio", x.ratio.to_string());
                row.insert("multiple", x.multiple.to_string());
                row
            })
            .collect(),
    );
    sections.insert(
        "exceedance_stats",
        r.exceedance_stats
            .iter()
            .map(|s| {
                let mut row = Row::new();
                row.insert("pollutant_code", s.pollutant_code.clone());
                row.insert("count", s.count.to_string());
                row.insert("enterprises", s.enterprises.to_string());
                row.insert("max_multiple", s.max_multiple.to_string());
                row
            })
            .collect(),
    );
    sections.insert(
        "reports",
        r.reports
            .iter()
            .map(|c| {
                let mut row = Row::new();
                row.insert("enterprise_id", c.enterprise_id.clone());
                row.insert("kind", c.kind.as_str().to_owned());
                row.insert("kind_zh", c.kind.label_zh().to_owned());
                row.insert("period", c.period.label());
                row.insert("deadline", c.deadline.to_string());
                row.insert("state", state_str(c.state).to_owned());
                row.insert("state_zh", c.state.label_zh().to_owned());
                row.insert(
                    "filed_on",
                    c.filed_on.map_or_else(String::new, |d| d.to_string()),
                );
                row
            })
            .collect(),
    );
    Context { scalars, sections }
}

/// A block being parsed: name, inverted, its fields, its body, its byte offset.
type OpenBlock = (String, bool, &'static [&'static str], Vec<Node>, usize);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Text(String),
    Var(String),
    Section {
        name: String,
        inverted: bool,
        body: Vec<Node>,
    },
}

/// 报告模板 — an editable report template: text with `{{name}}` placeholders and
/// `{{#section}}…{{/section}}` blocks (a Mustache subset).
///
/// - `{{name}}` is replaced by a top-level value: `title`, `period`, `as_of`,
///   `enterprises`, `due`, `published`, `on_time`, `late`, `missing`, `pending`,
///   `rate`, `on_time_rate` (as `93.33%` or `n/a`), `exceedance_count`.
/// - `{{#section}}…{{/section}}` repeats its body for each row of a section:
///   `by_region`, `by_industry`, `by_enterprise` (fields `key`, `label`,
///   `enterprises`, `due`, `published`, `on_time`, `late`, `missing`, `pending`,
///   `exceedances`, `rate`, `on_time_rate`); `not_published` (`enterprise_id`,
///   `name`, `due`, `published`, `missing`); `exceedances` (`record_id`,
///   `enterprise_id`, `point_id`, `pollutant_code`, `at`, `value`, `limit`, `unit`,
///   `ratio`, `multiple`); `exceedance_stats` (`pollutant_code`, `count`,
///   `enterprises`, `max_multiple`); `reports` (`enterprise_id`, `kind`, `kind_zh`,
///   `period`, `deadline`, `state`, `state_zh`, `filed_on`). Inside a block a name
///   is looked up in the row first, then at the top level.
/// - `{{^section}}…{{/section}}` renders its body once when the section is empty.
///
/// Blocks do not nest; values are inserted as they are (no escaping). Every name
/// is checked when the template is parsed, so a typo is an error, not an empty
/// string.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{build_report, Period, Template};
/// let t = Template::parse("{{title}} {{period}}: {{rate}}{{^by_region}} (no data){{/by_region}}")?;
/// let asof = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
/// let r = build_report("周报", Period::iso_week(2025, 6)?, asof, &[], &[], &[])?;
/// assert_eq!(t.render(&r), "周报 2025-W06: n/a (no data)");
/// assert!(Template::parse("{{rat}}").is_err());
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    nodes: Vec<Node>,
}

fn template_error(offset: usize, message: &str) -> Error {
    Error::parse(format!("template, byte {offset}: {message}"))
}

impl Template {
    /// Parses a template.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Parse`](crate::ErrorKind::Parse) naming the byte offset: an
    /// unclosed `{{`, an unknown name, an unknown or unclosed section, a
    /// mismatched `{{/…}}`, or a nested block.
    pub fn parse(source: &str) -> Result<Template, Error> {
        let mut top: Vec<Node> = Vec::new();
        // The open block: name, inverted, its fields, its body, its offset.
        let mut open: Option<OpenBlock> = None;
        let mut rest = source;
        let mut offset = 0;
        while !rest.is_empty() {
            let Some(at) = rest.find("{{") else {
                push(&mut top, &mut open, Node::Text(rest.to_owned()));
                break;
            };
            if at > 0 {
                push(&mut top, &mut open, Node::Text(rest[..at].to_owned()));
            }
            let tag_start = offset + at;
            let after = &rest[at + 2..];
            let Some(close) = after.find("}}") else {
                return Err(template_error(tag_start, "`{{` is not closed"));
            };
            let tag = after[..close].trim();
            let consumed = at + 2 + close + 2;
            rest = &rest[consumed..];
            offset += consumed;
            if let Some(name) = tag.strip_prefix('#').or_else(|| tag.strip_prefix('^')) {
                let name = name.trim();
                if open.is_some() {
                    return Err(template_error(
                        tag_start,
                        &format!("block `{name}` inside another block"),
                    ));
                }
                let Some((_, fields)) = SECTIONS.iter().find(|(n, _)| *n == name) else {
                    return Err(template_error(
                        tag_start,
                        &format!("unknown section `{name}`"),
                    ));
                };
                open = Some((
                    name.to_owned(),
                    tag.starts_with('^'),
                    fields,
                    Vec::new(),
                    tag_start,
                ));
            } else if let Some(name) = tag.strip_prefix('/') {
                let name = name.trim();
                match open.take() {
                    Some((n, inverted, _, body, _)) if n == name => {
                        top.push(Node::Section {
                            name: n,
                            inverted,
                            body,
                        });
                    }
                    Some((n, ..)) => {
                        return Err(template_error(
                            tag_start,
                            &format!("`{{{{/{name}}}}}` closes `{n}`"),
                        ));
                    }
                    None => {
                        return Err(template_error(
                            tag_start,
                            &format!("`{{{{/{name}}}}}` closes nothing"),
                        ));
                    }
                }
            } else {
                let known = SCALARS.contains(&tag)
                    || open.as_ref().is_some_and(|(_, inverted, fields, _, _)| {
                        !inverted && fields.contains(&tag)
                    });
                if !known {
                    return Err(template_error(tag_start, &format!("unknown name `{tag}`")));
                }
                push(&mut top, &mut open, Node::Var(tag.to_owned()));
            }
        }
        if let Some((name, _, _, _, at)) = open {
            return Err(template_error(
                at,
                &format!("section `{name}` is not closed"),
            ));
        }
        Ok(Template { nodes: top })
    }

    /// Renders a report.
    #[must_use]
    pub fn render(&self, report: &DisclosureReport) -> String {
        let ctx = context(report);
        let mut out = String::new();
        let empty = Row::new();
        for node in &self.nodes {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Var(v) => out.push_str(lookup_var(v, &empty, &ctx.scalars)),
                Node::Section {
                    name,
                    inverted,
                    body,
                } => {
                    let rows = ctx
                        .sections
                        .get(name.as_str())
                        .map_or(&[][..], Vec::as_slice);
                    if *inverted {
                        if rows.is_empty() {
                            render_body(body, &empty, &ctx.scalars, &mut out);
                        }
                    } else {
                        for row in rows {
                            render_body(body, row, &ctx.scalars, &mut out);
                        }
                    }
                }
            }
        }
        out
    }
}

fn push(top: &mut Vec<Node>, open: &mut Option<OpenBlock>, node: Node) {
    match open {
        Some((_, _, _, body, _)) => body.push(node),
        None => top.push(node),
    }
}

fn lookup_var<'a>(name: &str, row: &'a Row, scalars: &'a Row) -> &'a str {
    row.get(name)
        .or_else(|| scalars.get(name))
        .map_or("", String::as_str)
}

fn render_body(body: &[Node], row: &Row, scalars: &Row, out: &mut String) {
    for n in body {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Var(v) => out.push_str(lookup_var(v, row, scalars)),
            Node::Section { .. } => {}
        }
    }
}

/// The built-in Markdown template (what [`render_markdown`] uses): copy it as a
/// starting point for your own.
pub const MARKDOWN_TEMPLATE: &str = "# {{title}}

- 统计期间 (period): {{period}}
- 统计日期 (as of): {{as_of}}

| 指标 | 数值 |
|---|---|
| 企业数 | {{enterprises}} |
| 应报记录 | {{due}} |
| 已公开 | {{published}} |
| 按时公开 | {{on_time}} |
| 逾期公开 | {{late}} |
| 未公开 | {{missing}} |
| 未到期 | {{pending}} |
| 公开率 | {{rate}} |
| 按时公开率 | {{on_time_rate}} |
| 超标次数 | {{exceedance_count}} |

## 区域公开情况 (by region)

| 地区 | 企业数 | 应报 | 已公开 | 未公开 | 公开率 |
|---|---|---|---|---|---|
{{#by_region}}| {{label}} | {{enterprises}} | {{due}} | {{published}} | {{missing}} | {{rate}} |
{{/by_region}}
## 行业公开情况 (by industry)

| 行业 | 企业数 | 应报 | 已公开 | 未公开 | 公开率 |
|---|---|---|---|---|---|
{{#by_industry}}| {{label}} | {{enterprises}} | {{due}} | {{published}} | {{missing}} | {{rate}} |
{{/by_industry}}
## 企业公开情况 (by enterprise)

| 企业 | 名称 | 应报 | 已公开 | 按时 | 逾期 | 未公开 | 超标 | 公开率 |
|---|---|---|---|---|---|---|---|---|
{{#by_enterprise}}| {{key}} | {{label}} | {{due}} | {{published}} | {{on_time}} | {{late}} | {{missing}} | {{exceedances}} | {{rate}} |
{{/by_enterprise}}
## 未公开企业 (not published)

{{^not_published}}无。
{{/not_published}}{{#not_published}}- {{enterprise_id}} {{name}}: {{missing}} 条未公开 / {{due}} 条应报
{{/not_published}}
## 超标情况统计 (exceedances)

{{^exceedance_stats}}无超标。
{{/exceedance_stats}}{{#exceedance_stats}}- {{pollutant_code}}: {{count}} 次, {{enterprises}} 家企业, 最大超标倍数 {{max_multiple}}
{{/exceedance_stats}}
## 报告报送 (reports)

{{^reports}}无。
{{/reports}}{{#reports}}- {{enterprise_id}} {{kind_zh}} {{period}}: 截止 {{deadline}}, {{state_zh}} {{filed_on}}
{{/reports}}";

/// The built-in plain-text template (what [`render_text`] uses).
pub const TEXT_TEMPLATE: &str = "{{title}} ({{period}}, as of {{as_of}})
enterprises {{enterprises}}; due {{due}}; published {{published}} (on time {{on_time}}, late {{late}}); missing {{missing}}; pending {{pending}}; rate {{rate}}; exceedances {{exceedance_count}}
{{#by_region}}region {{key}}: {{published}}/{{due}} {{rate}}
{{/by_region}}{{#by_industry}}industry {{key}}: {{published}}/{{due}} {{rate}}
{{/by_industry}}{{#not_published}}not published: {{enterprise_id}} ({{missing}} missing)
{{/not_published}}{{#exceedances}}exceedance: {{enterprise_id}} {{point_id}} {{pollutant_code}} {{at}} {{value}} {{unit}} (limit {{limit}}, x{{multiple}} over)
{{/exceedances}}{{#reports}}report: {{enterprise_id}} {{kind}} {{period}} due {{deadline}} {{state}} {{filed_on}}
{{/reports}}";

/// Renders a report as Markdown with [`MARKDOWN_TEMPLATE`].
#[must_use]
pub fn render_markdown(report: &DisclosureReport) -> String {
    builtin(MARKDOWN_TEMPLATE).render(report)
}

/// Renders a report as plain text with [`TEXT_TEMPLATE`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::*;
/// let asof = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
/// let r = build_report("Q1", Period::quarter(2025, 1)?, asof, &[], &[], &[])?;
/// assert!(render_text(&r).starts_with("Q1 (2025-Q1, as of 2025-04-01)"));
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[must_use]
pub fn render_text(report: &DisclosureReport) -> String {
    builtin(TEXT_TEMPLATE).render(report)
}

fn builtin(source: &str) -> Template {
    // The built-in templates are tested to parse; an empty template is the
    // impossible fallback.
    Template::parse(source).unwrap_or(Template { nodes: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_parse() {
        assert!(Template::parse(MARKDOWN_TEMPLATE).is_ok());
        assert!(Template::parse(TEXT_TEMPLATE).is_ok());
    }

    #[test]
    fn template_errors_name_the_place() {
        let e = Template::parse("ab{{#by_region}}{{nope}}{{/by_region}}").unwrap_err();
        assert_eq!(e.to_string(), "template, byte 16: unknown name `nope`");
        let e = Template::parse("{{#reports}}x").unwrap_err();
        assert_eq!(
            e.to_string(),
            "template, byte 0: section `reports` is not closed"
        );
        let e = Template::parse("{{#reports}}{{/by_region}}").unwrap_err();
        assert_eq!(
            e.to_string(),
            "template, byte 12: `{{/by_region}}` closes `reports`"
        );
        let e = Template::parse("x {{title").unwrap_err();
        assert_eq!(e.to_string(), "template, byte 2: `{{` is not closed");
        // A row field is not known outside its block.
        assert!(Template::parse("{{key}}").is_err());
    }

    #[test]
    fn format_rate_rounds_half_away_from_zero() {
        assert_eq!(format_rate(Some(Decimal::new(66_665, 5))), "66.67%");
        assert_eq!(format_rate(Some(Decimal::ONE)), "100.00%");
        assert_eq!(format_rate(Some(Decimal::ZERO)), "0.00%");
    }
}
