//! The national rules as data: Order 45 publicity and 信用中国 classes, with presets.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::abnormal::AbnormalRules;
use super::decision::{Field, MeasureKind, Procedure};
use super::serious::SeriousRules;
use crate::Error;
use crate::timeline::{Governing, Timeline, Version};

/// The longest period a rule may name, in months (100 years): keeps date
/// arithmetic far from the calendar's end.
pub(crate) const MAX_MONTHS: u32 = 1200;

/// When a decision's publication date on the enterprise credit publicity system is
/// unknown (a choice where the rule is silent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnknownPublication {
    /// Publicity starts on the decision date (the default).
    #[default]
    DecisionDate,
    /// The decision counts as not published.
    NotPublished,
}

/// What "a later penalty of the same kind" means for credit repair (a choice).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SameKind {
    /// A penalty under the same legal article (the default).
    #[default]
    Article,
    /// Any later penalty.
    AnyPenalty,
}

/// 企业信用信息公示 — publicity of penalty decisions on the national enterprise
/// credit publicity system (市场监督管理行政处罚信息公示规定, SAMR Order 45) and its
/// early stop by credit repair (市场监督管理信用修复管理办法).
///
/// ```
/// use creditgrade::national::Order45Rules;
/// let r = Order45Rules::samr_order_45();
/// assert_eq!((r.short_months, r.long_months), (3, 36));
/// r.validate()?;
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Order45Rules {
    /// The procedure of a decision whose procedure is unknown (choice: ordinary).
    pub unknown_procedure: Procedure,
    /// 较低数额罚款 — the largest low-amount fine in yuan, set by each province;
    /// ¥10,000 is a placeholder (choice).
    pub low_fine_max: Decimal,
    /// Publicity of a decision of only criticism and/or a low-amount fine (a
    /// warning beside them allowed), in months (art. 13: 3).
    pub short_months: u32,
    /// Publicity of any other published decision, in months (art. 13: 36).
    pub long_months: u32,
    /// When the publication date is unknown (choice: the decision date).
    pub unknown_publication: UnknownPublication,
    /// Months of publicity before credit repair can stop it (信用修复管理办法
    /// art. 7: 6).
    pub repair_wait_months: u32,
    /// The same for decisions of the fields in `long_wait_fields` (12).
    pub repair_wait_months_long: u32,
    /// Fields that wait `repair_wait_months_long` (food, drugs, special equipment).
    pub long_wait_fields: Vec<Field>,
    /// Measures whose decisions are never stopped early (art. 14 ¶3: production
    /// suspended, business restricted, practice banned, qualification lowered,
    /// licence revoked, business licence revoked).
    pub never_early: Vec<MeasureKind>,
    /// What a "later penalty of the same kind" is (choice: same article).
    pub same_kind: SameKind,
}

impl Order45Rules {
    /// SAMR Order 45 (in force from 2021-09-01) and the SAMR credit repair measures
    /// of 2021, as `docs/national.md` cites them.
    #[must_use]
    pub fn samr_order_45() -> Order45Rules {
        Order45Rules {
            unknown_procedure: Procedure::Ordinary,
            low_fine_max: Decimal::from(10_000),
            short_months: 3,
            long_months: 36,
            unknown_publication: UnknownPublication::DecisionDate,
            repair_wait_months: 6,
            repair_wait_months_long: 12,
            long_wait_fields: vec![Field::Food, Field::Drugs, Field::SpecialEquipment],
            never_early: vec![
                MeasureKind::ProductionSuspended,
                MeasureKind::BusinessRestricted,
                MeasureKind::PracticeBanned,
                MeasureKind::QualificationLowered,
                MeasureKind::LicenceRevoked,
                MeasureKind::BusinessLicenceRevoked,
            ],
            same_kind: SameKind::Article,
        }
    }

    /// Checks the numbers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the field:
    /// a negative low-fine limit, a zero or over-long period, a long period shorter
    /// than the short one.
    pub fn validate(&self) -> Result<(), Error> {
        if self.low_fine_max.is_sign_negative() && !self.low_fine_max.is_zero() {
            return Err(Error::invalid_policy(
                "low_fine_max",
                "must not be negative",
            ));
        }
        for (field, v) in [
            ("short_months", self.short_months),
            ("long_months", self.long_months),
        ] {
            if v == 0 || v > MAX_MONTHS {
                return Err(Error::invalid_policy(
                    field,
                    format!("{v} months: must be 1 to {MAX_MONTHS}"),
                ));
            }
        }
        for (field, v) in [
            ("repair_wait_months", self.repair_wait_months),
            ("repair_wait_months_long", self.repair_wait_months_long),
        ] {
            if v > MAX_MONTHS {
                return Err(Error::invalid_policy(
                    field,
                    format!("{v} months: must be at most {MAX_MONTHS}"),
                ));
            }
        }
        if self.long_months < self.short_months {
            return Err(Error::invalid_policy(
                "long_months",
                format!(
                    "{} months is shorter than short_months ({})",
                    self.long_months, self.short_months
                ),
            ));
        }
        Ok(())
    }
}

/// 信用中国 — the class of a decision: 轻微, 一般 or 严重.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// 轻微 — minor.
    Minor,
    /// 一般 — general.
    General,
    /// 严重 — serious.
    Serious,
}

impl Class {
    /// The stable name: `minor`, `general` or `serious`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Class::Minor => "minor",
            Class::General => "general",
            Class::Serious => "serious",
        }
    }

    /// The Chinese term: 轻微, 一般, 严重.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Class::Minor => "轻微",
            Class::General => "一般",
            Class::Serious => "严重",
        }
    }
}

display_as_str!(Class);

/// The periods of one 信用中国 class, counted from the decision date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ClassRule {
    /// Whether 信用中国 publishes decisions of the class.
    pub published: bool,
    /// Months after the decision from which credit repair is possible.
    pub min_months: u32,
    /// Months after the decision at which publicity ends at the latest.
    pub max_months: u32,
    /// Whether repair needs the decision's duties fulfilled.
    pub repair_needs_fulfilment: bool,
}

impl ClassRule {
    /// A class rule.
    #[must_use]
    pub const fn new(
        published: bool,
        min_months: u32,
        max_months: u32,
        repair_needs_fulfilment: bool,
    ) -> ClassRule {
        ClassRule {
            published,
            min_months,
            max_months,
            repair_needs_fulfilment,
        }
    }

    fn validate(&self, field: &str) -> Result<(), Error> {
        if self.max_months == 0 || self.max_months > MAX_MONTHS {
            return Err(Error::invalid_policy(
                format!("{field}.max_months"),
                format!("{} months: must be 1 to {MAX_MONTHS}", self.max_months),
            ));
        }
        if self.min_months > self.max_months {
            return Err(Error::invalid_policy(
                format!("{field}.min_months"),
                format!(
                    "{} months is longer than max_months ({})",
                    self.min_months, self.max_months
                ),
            ));
        }
        Ok(())
    }
}

/// 信用中国 — the classes of penalty information and their repair periods, one
/// version of NDRC's rules (失信行为纠正后的信用信息修复管理办法).
///
/// The class of a decision is the highest among: 轻微 for the simple procedure,
/// for a warning or criticism and for a low-amount fine; 一般 for a fine above
/// the low amount (or without an amount) and for `general_measures`; 严重 for
/// `serious_measures` and, when `serious_if_listed`, for a decision the enterprise
/// was put on the serious list for. Without a `minor` rule, 轻微 counts as 一般.
///
/// ```
/// use creditgrade::national::{Class, NdrcRules};
/// let r = NdrcRules::ndrc_order_36();
/// assert_eq!(r.rule(Class::Minor).max_months, 3);
/// assert_eq!(NdrcRules::ndrc_order_58().rule(Class::Minor).max_months, 12);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NdrcRules {
    /// The procedure of a decision whose procedure is unknown (choice: ordinary).
    pub unknown_procedure: Procedure,
    /// 较低数额罚款 — the largest low-amount fine in yuan (placeholder ¥10,000).
    pub low_fine_max: Decimal,
    /// 轻微; `None`: minor decisions count as 一般 (Order 58 has no minor class).
    pub minor: Option<ClassRule>,
    /// 一般.
    pub general: ClassRule,
    /// 严重.
    pub serious: ClassRule,
    /// Measures that make a decision at least 一般 (besides a fine above the low
    /// amount).
    pub general_measures: Vec<MeasureKind>,
    /// Measures that make a decision 严重.
    pub serious_measures: Vec<MeasureKind>,
    /// Whether a serious-list listing citing the decision makes it 严重.
    pub serious_if_listed: bool,
}

impl NdrcRules {
    /// NDRC Order 58 (2023-05-01 – 2026-03-31): 一般 3 months to 1 year, 严重 1 to
    /// 3 years; no minor class. Recalled, not verified against the text (R).
    #[must_use]
    pub fn ndrc_order_58() -> NdrcRules {
        NdrcRules {
            minor: None,
            ..NdrcRules::ndrc_order_36()
        }
    }

    /// NDRC Order 36 (from 2026-04-01): 轻微 not published (at most 3 months where
    /// a regulator publishes it, repairable once duties are met); 一般 3 months to
    /// 1 year; 严重 1 to 3 years; the classes of its draft (S).
    #[must_use]
    pub fn ndrc_order_36() -> NdrcRules {
        NdrcRules {
            unknown_procedure: Procedure::Ordinary,
            low_fine_max: Decimal::from(10_000),
            minor: Some(ClassRule::new(false, 0, 3, true)),
            general: ClassRule::new(true, 3, 12, false),
            serious: ClassRule::new(true, 12, 36, false),
            general_measures: vec![
                MeasureKind::LicenceSuspended,
                MeasureKind::QualificationLowered,
                MeasureKind::Confiscation,
            ],
            serious_measures: vec![
                MeasureKind::LicenceRevoked,
                MeasureKind::BusinessLicenceRevoked,
                MeasureKind::BusinessRestricted,
                MeasureKind::ProductionSuspended,
                MeasureKind::Closure,
                MeasureKind::PracticeBanned,
            ],
            serious_if_listed: true,
        }
    }

    /// The rule that applies to a class (轻微 falls back to 一般 without a minor rule).
    #[must_use]
    pub fn rule(&self, class: Class) -> ClassRule {
        match class {
            Class::Minor => self.minor.unwrap_or(self.general),
            Class::General => self.general,
            Class::Serious => self.serious,
        }
    }

    /// Checks the numbers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the field
    /// (`general.min_months`, …): a negative low-fine limit, a minimum longer than
    /// the maximum, a zero or over-long maximum.
    pub fn validate(&self) -> Result<(), Error> {
        if self.low_fine_max.is_sign_negative() && !self.low_fine_max.is_zero() {
            return Err(Error::invalid_policy(
                "low_fine_max",
                "must not be negative",
            ));
        }
        if let Some(m) = &self.minor {
            m.validate("minor")?;
        }
        self.general.validate("general")?;
        self.serious.validate("serious")?;
        Ok(())
    }
}

/// The national rules in force over time: publicity on the enterprise credit
/// publicity system (Order 45) and on 信用中国 (NDRC), each a [`Timeline`] of
/// versions, and which version governs a decision.
///
/// Reading rules with serde checks the timelines (order, names, fingerprints) and
/// refuses unknown fields; call [`validate`](NationalRules::validate) to check the
/// numbers as well.
///
/// ```
/// use creditgrade::chrono::NaiveDate;
/// use creditgrade::national::NationalRules;
/// let rules = NationalRules::national_2026();
/// rules.validate()?;
/// let d = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
/// assert_eq!(rules.credit_china.in_force(d)?.name(), "NDRC Order 36");
/// assert!(rules.fingerprint().starts_with("sha256:"));
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NationalRules {
    /// Which version governs a decision (choice: the decision date's).
    pub governing: Governing,
    /// Versions of the enterprise credit publicity system's rules.
    pub order45: Timeline<Order45Rules>,
    /// Versions of 信用中国's classes and periods.
    pub credit_china: Timeline<NdrcRules>,
    /// Versions of the rules of the list of abnormal operations (the version in
    /// force on the as-of date applies).
    pub abnormal: Timeline<AbnormalRules>,
    /// Versions of the serious list's rules (the version governing a listing is
    /// chosen by `governing`, with the listing's date as the decision date).
    pub serious: Timeline<SeriousRules>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    // The preset dates are valid calendar dates.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl NationalRules {
    /// The rules a bureau lives under in 2026: SAMR Order 45 from 2021-09-01; NDRC
    /// Order 58 from 2023-05-01, replaced by Order 36 on 2026-04-01; the list of
    /// abnormal operations under the 2014 measures (from 2014-10-01); the serious
    /// list under SAMR Order 44 from 2021-09-01; the decision date's version
    /// governs.
    #[must_use]
    pub fn national_2026() -> NationalRules {
        NationalRules {
            governing: Governing::DecisionDate,
            order45: Timeline::single(Version::fingerprinted(
                "SAMR Order 45",
                date(2021, 9, 1),
                Order45Rules::samr_order_45(),
            )),
            credit_china: {
                let mut t = Timeline::single(Version::fingerprinted(
                    "NDRC Order 58",
                    date(2023, 5, 1),
                    NdrcRules::ndrc_order_58(),
                ));
                // Strictly later, with another name: cannot fail.
                let _ = t.push(Version::fingerprinted(
                    "NDRC Order 36",
                    date(2026, 4, 1),
                    NdrcRules::ndrc_order_36(),
                ));
                t
            },
            abnormal: Timeline::single(Version::fingerprinted(
                "SAIC abnormal operations measures 2014",
                date(2014, 10, 1),
                AbnormalRules::national(),
            )),
            serious: Timeline::single(Version::fingerprinted(
                "SAMR Order 44",
                date(2021, 9, 1),
                SeriousRules::samr_order_44(),
            )),
        }
    }

    /// The same rules with another choice of the governing version.
    #[must_use]
    pub fn with_governing(mut self, governing: Governing) -> NationalRules {
        self.governing = governing;
        self
    }

    /// Checks every version's rules; the field names the version
    /// (`credit_china.versions[1].rules.general.min_months`).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the field.
    pub fn validate(&self) -> Result<(), Error> {
        let prefix = |e: Error, head: String| {
            let field = e.field().unwrap_or_default().to_owned();
            Error::invalid_policy(format!("{head}.rules.{field}"), e.message().to_owned())
        };
        for (i, v) in self.order45.versions().iter().enumerate() {
            v.rules()
                .validate()
                .map_err(|e| prefix(e, format!("order45.versions[{i}]")))?;
        }
        for (i, v) in self.credit_china.versions().iter().enumerate() {
            v.rules()
                .validate()
                .map_err(|e| prefix(e, format!("credit_china.versions[{i}]")))?;
        }
        for (i, v) in self.abnormal.versions().iter().enumerate() {
            v.rules()
                .validate()
                .map_err(|e| prefix(e, format!("abnormal.versions[{i}]")))?;
        }
        for (i, v) in self.serious.versions().iter().enumerate() {
            v.rules()
                .validate()
                .map_err(|e| prefix(e, format!("serious.versions[{i}]")))?;
        }
        Ok(())
    }

    /// `sha256:` and the SHA-256 of the rules' canonical JSON.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        crate::timeline::fingerprint(self)
    }
}
