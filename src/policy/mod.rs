//! Policy as data: every knob of grading, with presets, validation and a
//! fingerprint.
//!
//! [`Policy::seed()`] is the default policy of `docs/spec.md`, taken from the source
//! document. Every field is public data (serde), so a study can vary any knob;
//! structs are `#[non_exhaustive]`, so build them from a preset and change fields:
//!
//! ```
//! use creditgrade::Policy;
//! use creditgrade::policy::LockMode;
//! let mut p = Policy::seed();
//! p.lock.mode = LockMode::Window;
//! p.refine.aaa_min = 70.into();
//! p.validate()?;
//! assert_ne!(p.fingerprint(), Policy::seed().fingerprint());
//! # Ok::<(), creditgrade::Error>(())
//! ```

mod national;
mod presets;
mod validate;

pub use national::{MarkEffect, NationalGrading};

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::{AdGrade, Honour, HonourLevel};
use crate::quantify::Method;
use crate::{Error, Grade, Severity};

/// A value per severity.
///
/// ```
/// use creditgrade::Severity;
/// use creditgrade::policy::PerSeverity;
/// let months = PerSeverity::new(0, 3, 12);
/// assert_eq!(months.get(Severity::General), 3);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PerSeverity<T> {
    /// For minor events.
    pub minor: T,
    /// For general events.
    pub general: T,
    /// For serious events.
    pub serious: T,
}

impl<T: Copy> PerSeverity<T> {
    /// Values for minor, general and serious.
    pub const fn new(minor: T, general: T, serious: T) -> PerSeverity<T> {
        PerSeverity {
            minor,
            general,
            serious,
        }
    }

    /// The value for `severity`.
    pub const fn get(&self, severity: Severity) -> T {
        match severity {
            Severity::Minor => self.minor,
            Severity::General => self.general,
            Severity::Serious => self.serious,
        }
    }
}

/// How adverse events over time become a tier (锁定 / 自动恢复).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LockMode {
    /// The source document's rule: overlapping events form an episode; during it the
    /// grade only falls; when it ends the enterprise recovers to A.
    Episode,
    /// Per event, for comparison: the worst event whose own period covers the date.
    Window,
}

/// Lock and recovery knobs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct LockRules {
    /// Episode (default) or window.
    pub mode: LockMode,
    /// Natural lock length `L(s)` in months: an event dated `d` ends at `d + L(s)`.
    pub duration_months: PerSeverity<i32>,
    /// Minimum period `M(s)` in months before a credit repair (信用修复) is accepted.
    pub repair_min_months: PerSeverity<i32>,
}

/// What to do with a penalty whose article is not in the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    rename_all = "snake_case",
    tag = "action",
    content = "severity"
)]
#[non_exhaustive]
pub enum UnknownArticle {
    /// An error for that enterprise (`UnknownArticle`): the default.
    Error,
    /// Treat it as an article of this class.
    Treat(Severity),
}

/// Penalty-based quantification (罚则量化) knobs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PenaltyRules {
    /// What an uncatalogued (or empty) article means.
    pub unknown_article: UnknownArticle,
}

/// Fact-based quantification (据实量化) of conduct breaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BreachRules {
    /// Severity of a breach kind not in `by_kind`.
    pub default_severity: Severity,
    /// Severity per breach kind.
    pub by_kind: BTreeMap<String, Severity>,
}

/// One mapping of another department's record to a severity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DepartmentRule {
    /// The department's name (`tax`, `environment`, `customs`, …).
    pub department: String,
    /// The department's record code.
    pub code: String,
    /// The severity it maps to.
    pub severity: Severity,
}

impl DepartmentRule {
    /// A mapping of (department, code) to severity.
    pub fn new(
        department: impl Into<String>,
        code: impl Into<String>,
        severity: Severity,
    ) -> DepartmentRule {
        DepartmentRule {
            department: department.into(),
            code: code.into(),
            severity,
        }
    }
}

/// Other departments' records (tax, environment, customs…), fact-based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DepartmentRules {
    /// The mappings; (department, code) pairs are unique.
    pub rules: Vec<DepartmentRule>,
    /// A record with no mapping is an error for its enterprise (`true`, the default)
    /// or is ignored (`false`).
    pub unknown_is_error: bool,
}

/// What a cumulative rule counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    deny_unknown_fields,
    rename_all = "snake_case",
    tag = "facts",
    content = "severity"
)]
#[non_exhaustive]
pub enum Counted {
    /// 消费者投诉 — consumer complaints.
    Complaints,
    /// 行政告诫 — administrative admonitions.
    Admonitions,
    /// Penalties whose catalogue class is this severity.
    Penalties(Severity),
    /// Breaches of conduct norms, of any kind.
    Breaches,
}

/// A cumulative rule (累计量化): `threshold` counted facts within `window_months`
/// make an adverse event of `severity`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CumulativeRule {
    /// A stable id, used in reasons.
    pub id: String,
    /// What is counted.
    pub counts: Counted,
    /// The window `W` in months.
    pub window_months: i32,
    /// The threshold `n` (at least 1).
    pub threshold: u32,
    /// The derived event's severity.
    pub severity: Severity,
}

impl CumulativeRule {
    /// A rule.
    pub fn new(
        id: impl Into<String>,
        counts: Counted,
        window_months: i32,
        threshold: u32,
        severity: Severity,
    ) -> CumulativeRule {
        CumulativeRule {
            id: id.into(),
            counts,
            window_months,
            threshold,
            severity,
        }
    }
}

/// Annual reports (年报): missing one is an adverse event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AnnualReportRule {
    /// The first report year (2013 under the 2014 regime).
    pub first_year: i32,
    /// Month of the deadline in the following year (6 = June).
    pub deadline_month: u32,
    /// Day of the deadline (30).
    pub deadline_day: u32,
    /// Severity of a missing report.
    pub severity: Severity,
}

/// Points per administrative level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PerLevel {
    /// 国家级 / 部级 — national or ministry.
    pub national: Decimal,
    /// 省级 — provincial.
    pub provincial: Decimal,
    /// 市级 — municipal.
    pub municipal: Decimal,
    /// 区县级 — district.
    pub district: Decimal,
}

impl PerLevel {
    /// Points for the four levels, highest first.
    #[must_use]
    pub fn new(national: i64, provincial: i64, municipal: i64, district: i64) -> PerLevel {
        PerLevel {
            national: national.into(),
            provincial: provincial.into(),
            municipal: municipal.into(),
            district: district.into(),
        }
    }

    /// Points for a level.
    #[must_use]
    pub fn get(&self, level: HonourLevel) -> Decimal {
        match level {
            HonourLevel::National => self.national,
            HonourLevel::Provincial => self.provincial,
            HonourLevel::Municipal => self.municipal,
            HonourLevel::District => self.district,
        }
    }
}

/// Points per advertising qualification grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PerAdGrade {
    /// Grade a.
    pub a: Decimal,
    /// Grade b.
    pub b: Decimal,
    /// Grade c.
    pub c: Decimal,
}

/// Honour points (分级量化).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HonourPoints {
    /// 守合同重信用 — contract-abiding.
    pub contract_abiding: PerLevel,
    /// 驰名 / 著名 / 知名商标 — trademark renown.
    pub trademark: PerLevel,
    /// Other honours.
    pub other: PerLevel,
    /// 广告资质 — advertising qualification.
    pub advertising: PerAdGrade,
}

impl HonourPoints {
    /// Points of one honour.
    #[must_use]
    pub fn get(&self, honour: Honour) -> Decimal {
        match honour {
            Honour::ContractAbiding(l) => self.contract_abiding.get(l),
            Honour::Trademark(l) => self.trademark.get(l),
            Honour::Other(l) => self.other.get(l),
            Honour::Advertising(AdGrade::A) => self.advertising.a,
            Honour::Advertising(AdGrade::B) => self.advertising.b,
            Honour::Advertising(AdGrade::C) => self.advertising.c,
        }
    }
}

/// Refinement of tier A into AAA / AA / A.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RefineRules {
    /// Eligibility for AAA/AA needs legal-person status.
    pub require_legal_person: bool,
    /// Eligibility looks back this many months for adverse events and key-person flags.
    pub lookback_months: i32,
    /// A key-person flag in the look-back bars AAA/AA.
    pub key_person_flags_bar: bool,
    /// Points per honour.
    pub points: HonourPoints,
    /// AAA at or above this many points.
    pub aaa_min: Decimal,
    /// AA at or above this many points.
    pub aa_min: Decimal,
}

/// How environmental self-monitoring disclosure failures are graded: a severity
/// per failure kind, or `None` to leave a kind ungraded.
///
/// ```
/// use creditgrade::Severity;
/// use creditgrade::model::DisclosureFailureKind;
/// use creditgrade::policy::DisclosureGrading;
/// let g = DisclosureGrading::source();
/// assert_eq!(g.severity(DisclosureFailureKind::ReportMissing), Some(Severity::General));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DisclosureGrading {
    /// 信息公开率低 — a period's disclosure rate under the threshold.
    #[serde(deserialize_with = "Option::deserialize")]
    pub low_disclosure_rate: Option<Severity>,
    /// 报告逾期 — a report filed late.
    #[serde(deserialize_with = "Option::deserialize")]
    pub report_late: Option<Severity>,
    /// 报告未报送 — a report not filed.
    #[serde(deserialize_with = "Option::deserialize")]
    pub report_missing: Option<Severity>,
    /// 多次超标 — repeated exceedances in a period.
    #[serde(deserialize_with = "Option::deserialize")]
    pub repeated_exceedance: Option<Severity>,
}

impl DisclosureGrading {
    /// The preset *(placeholders)*: a low disclosure rate and a late report are
    /// minor (warnings), a missing report and repeated exceedances general.
    #[must_use]
    pub fn source() -> DisclosureGrading {
        DisclosureGrading {
            low_disclosure_rate: Some(Severity::Minor),
            report_late: Some(Severity::Minor),
            report_missing: Some(Severity::General),
            repeated_exceedance: Some(Severity::General),
        }
    }

    /// The severity of a failure kind, if graded.
    #[must_use]
    pub fn severity(&self, kind: crate::model::DisclosureFailureKind) -> Option<Severity> {
        use crate::model::DisclosureFailureKind as K;
        match kind {
            K::LowDisclosureRate => self.low_disclosure_rate,
            K::ReportLate => self.report_late,
            K::ReportMissing => self.report_missing,
            K::RepeatedExceedance => self.repeated_exceedance,
        }
    }
}

/// A named rounding rule for scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoundingRule {
    /// Half to even (banker's rounding).
    HalfEven,
    /// Half away from zero (the schoolbook rule).
    HalfUp,
    /// Toward zero (truncate).
    Down,
    /// Toward negative infinity.
    Floor,
    /// Toward positive infinity.
    Ceiling,
}

impl RoundingRule {
    pub(crate) fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingRule::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingRule::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingRule::Down => RoundingStrategy::ToZero,
            RoundingRule::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingRule::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }
}

/// Rounding of the final score: decimal places and the rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rounding {
    /// Decimal places kept (0 to 28).
    pub decimal_places: u32,
    /// The rule.
    pub rule: RoundingRule,
}

impl Rounding {
    /// Rounding to `decimal_places` by `rule`.
    #[must_use]
    pub const fn new(decimal_places: u32, rule: RoundingRule) -> Rounding {
        Rounding {
            decimal_places,
            rule,
        }
    }

    /// Rounds a value.
    #[must_use]
    pub fn apply(&self, value: Decimal) -> Decimal {
        value.round_dp_with_strategy(self.decimal_places, self.rule.strategy())
    }
}

/// A coefficient per quantification method (the source document's 系数关系).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Coefficients {
    /// 罚则量化.
    pub penalty_based: Decimal,
    /// 分级量化.
    pub tiered: Decimal,
    /// 据实量化.
    pub fact_based: Decimal,
    /// 累计量化.
    pub cumulative: Decimal,
    /// 参考指标.
    pub reference: Decimal,
}

impl Coefficients {
    /// All coefficients equal to `c`.
    #[must_use]
    pub fn uniform(c: Decimal) -> Coefficients {
        Coefficients {
            penalty_based: c,
            tiered: c,
            fact_based: c,
            cumulative: c,
            reference: c,
        }
    }

    /// The coefficient of a method.
    #[must_use]
    pub fn get(&self, method: Method) -> Decimal {
        match method {
            Method::PenaltyBased => self.penalty_based,
            Method::Tiered => self.tiered,
            Method::FactBased => self.fact_based,
            Method::Cumulative => self.cumulative,
            Method::Reference => self.reference,
        }
    }

    /// Sets the coefficient of a method.
    pub fn set(&mut self, method: Method, c: Decimal) {
        match method {
            Method::PenaltyBased => self.penalty_based = c,
            Method::Tiered => self.tiered = c,
            Method::FactBased => self.fact_based = c,
            Method::Cumulative => self.cumulative = c,
            Method::Reference => self.reference = c,
        }
    }
}

/// A score band: scores at or above `min` get `grade` (unless a better band applies).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Band {
    /// The lowest score of the band.
    pub min: Decimal,
    /// The band's grade.
    pub grade: Grade,
}

impl Band {
    /// A band.
    #[must_use]
    pub fn new(min: Decimal, grade: Grade) -> Band {
        Band { min, grade }
    }
}

/// Score mode knobs (for weighting research).
///
/// `score = base + Σ over methods (coefficient(method) × Σ points of its findings)`,
/// exact in `Decimal`, rounded once at the end. Points of findings: an adverse event
/// active at the date (`d ≤ t < end`, repairs applied) scores `severity_points`; an
/// active honour scores its honour points (best per kind); a key-person flag within
/// the refinement look-back scores `key_person_points`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ScoreRules {
    /// The starting score.
    pub base: Decimal,
    /// Coefficient per method.
    pub coefficients: Coefficients,
    /// Signed points of an active adverse event, per severity (negative).
    pub severity_points: PerSeverity<Decimal>,
    /// Signed points of a key-person flag within the look-back (negative).
    pub key_person_points: Decimal,
    /// Bands, highest `min` first, grades strictly worsening. A score below every
    /// band gets the last band's grade.
    pub bands: Vec<Band>,
    /// Whether the severity floor (the lock tier) caps the banded grade.
    pub floors: bool,
    /// How the final score is rounded.
    pub rounding: Rounding,
}

/// How a grade is reached.
///
/// In a file: `{"mode": "floors"}` or `{"mode": "score", ...}` with the fields of
/// [`ScoreRules`] beside the mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename_all = "snake_case", tag = "mode")]
#[non_exhaustive]
pub enum Scoring {
    /// The worst severity decides the tier; points only refine A (the seed preset).
    Floors,
    /// A score decides, capped by the floors unless turned off.
    Score(ScoreRules),
}

// Scoring is read by hand rather than by serde's internally tagged enums: they
// buffer the content, which loses the path of a field inside `scoring` and lets
// unknown fields beside `"mode": "floors"` pass.
impl<'de> Deserialize<'de> for Scoring {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Scoring, D::Error> {
        d.deserialize_map(ScoringVisitor)
    }
}

const SCORE_FIELDS: &[&str] = &[
    "mode",
    "base",
    "coefficients",
    "severity_points",
    "key_person_points",
    "bands",
    "floors",
    "rounding",
];

struct ScoringVisitor;

fn put<T, E: serde::de::Error>(
    slot: &mut Option<T>,
    value: T,
    name: &'static str,
) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> serde::de::Visitor<'de> for ScoringVisitor {
    type Value = Scoring;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object with a `mode` of \"floors\" or \"score\"")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Scoring, A::Error> {
        use serde::de::Error as _;

        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Mode {
            Floors,
            Score,
        }
        let mut mode = None;
        let mut base = None;
        let mut coefficients = None;
        let mut severity_points = None;
        let mut key_person_points = None;
        let mut bands = None;
        let mut floors = None;
        let mut rounding = None;
        let mut first_score_field = None;
        while let Some(key) = map.next_key::<String>()? {
            let name = SCORE_FIELDS
                .iter()
                .copied()
                .find(|f| *f == key)
                .ok_or_else(|| A::Error::unknown_field(&key, SCORE_FIELDS))?;
            if name != "mode" && first_score_field.is_none() {
                first_score_field = Some(name);
            }
            match name {
                "mode" => put(&mut mode, map.next_value::<Mode>()?, name)?,
                "base" => put(&mut base, map.next_value()?, name)?,
                "coefficients" => put(&mut coefficients, map.next_value()?, name)?,
                "severity_points" => put(&mut severity_points, map.next_value()?, name)?,
                "key_person_points" => put(&mut key_person_points, map.next_value()?, name)?,
                "bands" => put(&mut bands, map.next_value()?, name)?,
                "floors" => put(&mut floors, map.next_value()?, name)?,
                _ => put(&mut rounding, map.next_value()?, name)?,
            }
        }
        match mode.ok_or_else(|| A::Error::missing_field("mode"))? {
            Mode::Floors => match first_score_field {
                Some(f) => Err(A::Error::unknown_field(f, &["mode"])),
                None => Ok(Scoring::Floors),
            },
            Mode::Score => Ok(Scoring::Score(ScoreRules {
                base: base.ok_or_else(|| A::Error::missing_field("base"))?,
                coefficients: coefficients
                    .ok_or_else(|| A::Error::missing_field("coefficients"))?,
                severity_points: severity_points
                    .ok_or_else(|| A::Error::missing_field("severity_points"))?,
                key_person_points: key_person_points
                    .ok_or_else(|| A::Error::missing_field("key_person_points"))?,
                bands: bands.ok_or_else(|| A::Error::missing_field("bands"))?,
                floors: floors.ok_or_else(|| A::Error::missing_field("floors"))?,
                rounding: rounding.ok_or_else(|| A::Error::missing_field("rounding"))?,
            })),
        }
    }
}

/// A complete grading policy: every number of `docs/spec.md` is a field.
///
/// Build from a preset ([`Policy::seed`], [`Policy::score_preset`]) and change
/// fields; [`validate`](Policy::validate) before use (the [`Assessor`](crate::Assessor)
/// does it for you).
///
/// As a file, a policy is strict JSON ([`Policy::from_json`], [`Policy::to_json`]):
/// every field is present, a section that is off is an explicit `null`, and an
/// unknown field is an error. Deserialising a policy with serde validates it too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, try_from = "PolicyRepr")]
#[non_exhaustive]
pub struct Policy {
    /// A name for reports.
    pub name: String,
    /// Lock and recovery.
    pub lock: LockRules,
    /// Penalty-based quantification.
    pub penalties: PenaltyRules,
    /// Conduct breaches.
    pub breaches: BreachRules,
    /// Other departments' records.
    pub departments: DepartmentRules,
    /// Cumulative rules.
    pub cumulative: Vec<CumulativeRule>,
    /// Annual reports; `None` (`null` in a file) turns the rule off.
    pub annual_reports: Option<AnnualReportRule>,
    /// Refinement of A.
    pub refine: RefineRules,
    /// Environmental self-monitoring disclosure failures (据实量化); `None` (the
    /// seed; `null` in a file) leaves them ungraded.
    pub disclosure: Option<DisclosureGrading>,
    /// Floor mode or score mode.
    pub scoring: Scoring,
    /// Effects of the national lists and of penalty publicity (read by
    /// [`Assessor::assess_national`](crate::Assessor::assess_national)); `None`
    /// (the seed; `null` in a file) leaves the grade as the local scheme gives it.
    /// With effects set, the plain paths ([`Assessor::assess`](crate::Assessor::assess)
    /// and its siblings) refuse the policy, since they read no standing.
    pub national: Option<NationalGrading>,
}

/// The policy as read, before validation: the same fields, every one required
/// (`null` for a section that is off).
#[derive(Deserialize)]
// The schema is generated for what a policy file holds (`for_serialize`), which
// reads Policy itself; schemars still asks the form read by serde for one.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, rename = "Policy")]
struct PolicyRepr {
    name: String,
    lock: LockRules,
    penalties: PenaltyRules,
    breaches: BreachRules,
    departments: DepartmentRules,
    cumulative: Vec<CumulativeRule>,
    #[serde(deserialize_with = "Option::deserialize")]
    annual_reports: Option<AnnualReportRule>,
    refine: RefineRules,
    #[serde(deserialize_with = "Option::deserialize")]
    disclosure: Option<DisclosureGrading>,
    scoring: Scoring,
    #[serde(deserialize_with = "Option::deserialize")]
    national: Option<NationalGrading>,
}

impl PolicyRepr {
    fn unchecked(self) -> Policy {
        let r = self;
        Policy {
            name: r.name,
            lock: r.lock,
            penalties: r.penalties,
            breaches: r.breaches,
            departments: r.departments,
            cumulative: r.cumulative,
            annual_reports: r.annual_reports,
            refine: r.refine,
            disclosure: r.disclosure,
            scoring: r.scoring,
            national: r.national,
        }
    }
}

impl TryFrom<PolicyRepr> for Policy {
    type Error = Error;

    fn try_from(r: PolicyRepr) -> Result<Policy, Error> {
        let p = r.unchecked();
        p.validate()?;
        Ok(p)
    }
}

/// Optional sections added after the first release, omitted from the canonical
/// JSON of the [fingerprint](Policy::fingerprint) while they are `null`, so that
/// adding one leaves the fingerprint of every existing policy unchanged. A new
/// optional section goes at the end of this list (and is required, `null` when
/// off, in policy files like every other field).
const LATE_OPTIONAL_SECTIONS: &[&str] = &["disclosure", "national"];

impl Default for Policy {
    fn default() -> Policy {
        Policy::seed()
    }
}

impl Policy {
    /// A stable fingerprint of the policy: `sha256:` and the hex SHA-256 of its
    /// canonical JSON (fields in declaration order, maps sorted, decimals as
    /// strings). The same policy gives the same fingerprint on every run and
    /// platform; any change of a knob changes it.
    ///
    /// ```
    /// use creditgrade::Policy;
    /// let f = Policy::seed().fingerprint();
    /// assert!(f.starts_with("sha256:"));
    /// assert_eq!(f.len(), 7 + 64);
    /// assert_eq!(f, Policy::seed().fingerprint());
    /// ```
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let json = self.canonical_json();
        let digest = Sha256::digest(json.as_bytes());
        let mut out = String::with_capacity(7 + 64);
        out.push_str("sha256:");
        for b in digest {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
        out
    }

    /// The bytes the fingerprint hashes: the compact JSON of the policy without the
    /// [late optional sections](LATE_OPTIONAL_SECTIONS) that are `null`.
    fn canonical_json(&self) -> String {
        // Serialising plain data structs to JSON cannot fail.
        let full = serde_json::to_string(self).unwrap_or_default();
        let Ok(fields) = serde_json::from_str::<Fields<'_>>(&full) else {
            return full;
        };
        let mut out = String::with_capacity(full.len());
        out.push('{');
        let mut first = true;
        for (key, value) in &fields.0 {
            if value.get() == "null" && LATE_OPTIONAL_SECTIONS.contains(&key.as_ref()) {
                continue;
            }
            if !first {
                out.push(',');
            }
            first = false;
            // A key serialises to a JSON string; it cannot fail.
            out.push_str(&serde_json::to_string(key).unwrap_or_default());
            out.push(':');
            out.push_str(value.get());
        }
        out.push('}');
        out
    }

    /// Reads a policy file: strict JSON, then [`validate`](Policy::validate).
    ///
    /// Every field must be present; a section that is off (`annual_reports`,
    /// `disclosure`) is an explicit `null`; an unknown field is an error. The
    /// [JSON Schema](https://json-schema.org) of the format is
    /// `docs/policy.schema.json`; a `"$schema"` key is not allowed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) for a syntax
    /// error, a value of the wrong type, a missing or unknown field and every
    /// validation error alike, with the JSON path of the field in
    /// [`Error::field`] (`lock.duration_months.minor`, `cumulative[0].threshold`).
    ///
    /// ```
    /// use creditgrade::{ErrorKind, Policy};
    /// let json = Policy::seed().to_json()?;
    /// assert_eq!(Policy::from_json(&json)?, Policy::seed());
    ///
    /// let bad = json.replace("\"threshold\": 3", "\"threshold\": 0");
    /// let err = Policy::from_json(&bad).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidPolicy);
    /// assert_eq!(err.field(), Some("cumulative[0].threshold"));
    ///
    /// let typo = json.replace("\"window_months\"", "\"window\"");
    /// let err = Policy::from_json(&typo).unwrap_err();
    /// assert_eq!(err.field(), Some("cumulative[0].window"));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        let policy = crate::json::parse::<PolicyRepr>(text)?.unchecked();
        policy.validate()?;
        Ok(policy)
    }

    /// Writes the policy file: pretty JSON (two-space indent, fields in
    /// declaration order, decimals as strings, `null` for a section that is off,
    /// a final newline). The same policy gives the same text on every run.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) if the policy
    /// cannot be written (it always can today; the signature leaves room).
    ///
    /// ```
    /// use creditgrade::Policy;
    /// let json = Policy::seed().to_json()?;
    /// assert!(json.contains("\"disclosure\": null"));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn to_json(&self) -> Result<String, Error> {
        crate::json::to_json(self)
    }

    /// Looks up the severity of another department's record.
    #[must_use]
    pub fn department_severity(&self, department: &str, code: &str) -> Option<Severity> {
        self.departments
            .rules
            .iter()
            .find(|r| r.department == department && r.code == code)
            .map(|r| r.severity)
    }

    /// The severity of a breach kind.
    #[must_use]
    pub fn breach_severity(&self, kind: &str) -> Severity {
        self.breaches
            .by_kind
            .get(kind)
            .copied()
            .unwrap_or(self.breaches.default_severity)
    }
}

/// The [JSON Schema](https://json-schema.org) (draft 2020-12) of a policy file, as
/// [`Policy::from_json`] reads it: every field required, `null` for a section
/// that is off, no unknown field, decimals as strings, dates as `YYYY-MM-DD`.
/// `docs/policy.schema.json` is this schema.
///
/// ```
/// let schema = creditgrade::policy::schema();
/// assert_eq!(schema["title"], "Policy");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
#[cfg(feature = "schema")]
#[must_use]
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let schema = generator.into_root_schema_for::<Policy>();
    let mut value = serde_json::to_value(schema).unwrap_or_default();
    tidy_descriptions(&mut value);
    value
}

/// Keeps the prose of doc comments in schema descriptions and drops their code
/// examples, which mean nothing in an editor's tooltip.
#[cfg(feature = "schema")]
fn tidy_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "description" {
                    if let serde_json::Value::String(s) = v {
                        if let Some(i) = s.find("```") {
                            s.truncate(i);
                            s.truncate(s.trim_end().len());
                        }
                    }
                } else {
                    tidy_descriptions(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(tidy_descriptions),
        _ => {}
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The top-level fields of a JSON object, in order, with their values as written.
struct Fields<'a>(Vec<(std::borrow::Cow<'a, str>, &'a serde_json::value::RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fields<'de>, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields<'de>, A::Error> {
                let mut out = Vec::new();
                while let Some(k) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let v: &'de serde_json::value::RawValue = map.next_value()?;
                    out.push((k, v));
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}
