//! A penalty decision (行政处罚决定) as the law describes it.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::dates::check_date;

/// 程序 — the procedure a penalty was decided under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 简易程序 — the simple procedure (on-the-spot decisions).
    Simple,
    /// 普通程序 — the ordinary procedure.
    Ordinary,
}

impl Procedure {
    /// The stable name: `simple` or `ordinary`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Procedure::Simple => "simple",
            Procedure::Ordinary => "ordinary",
        }
    }

    /// The Chinese term.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Procedure::Simple => "简易程序",
            Procedure::Ordinary => "普通程序",
        }
    }
}

display_as_str!(Procedure);

/// 领域 — the field a decision belongs to; food, drugs and special equipment wait
/// longer before credit repair.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Field {
    /// 食品 — food.
    Food,
    /// 药品、医疗器械、化妆品 — drugs, medical devices and cosmetics.
    Drugs,
    /// 特种设备 — special equipment.
    SpecialEquipment,
    /// Any other field (the default).
    #[default]
    Other,
}

impl Field {
    /// The stable name: `food`, `drugs`, `special_equipment` or `other`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::Food => "food",
            Field::Drugs => "drugs",
            Field::SpecialEquipment => "special_equipment",
            Field::Other => "other",
        }
    }
}

display_as_str!(Field);

/// The kind of a [`Measure`], without its amount: what rules list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeasureKind {
    /// 警告 — warning.
    Warning,
    /// 通报批评 — public criticism.
    Criticism,
    /// 罚款 — fine.
    Fine,
    /// 没收违法所得、没收非法财物 — confiscation of illegal gains or property.
    Confiscation,
    /// 暂扣许可证件 — licence suspended.
    LicenceSuspended,
    /// 降低资质等级 — qualification lowered.
    QualificationLowered,
    /// 吊销许可证件 — licence revoked.
    LicenceRevoked,
    /// 吊销营业执照 — business licence revoked.
    BusinessLicenceRevoked,
    /// 限制开展生产经营活动 — business activities restricted.
    BusinessRestricted,
    /// 责令停产停业 — production or business suspended.
    ProductionSuspended,
    /// 责令关闭 — closure ordered.
    Closure,
    /// 限制从业 — practice banned.
    PracticeBanned,
}

impl MeasureKind {
    /// The stable name, e.g. `licence_revoked`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            MeasureKind::Warning => "warning",
            MeasureKind::Criticism => "criticism",
            MeasureKind::Fine => "fine",
            MeasureKind::Confiscation => "confiscation",
            MeasureKind::LicenceSuspended => "licence_suspended",
            MeasureKind::QualificationLowered => "qualification_lowered",
            MeasureKind::LicenceRevoked => "licence_revoked",
            MeasureKind::BusinessLicenceRevoked => "business_licence_revoked",
            MeasureKind::BusinessRestricted => "business_restricted",
            MeasureKind::ProductionSuspended => "production_suspended",
            MeasureKind::Closure => "closure",
            MeasureKind::PracticeBanned => "practice_banned",
        }
    }

    /// The Chinese term.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            MeasureKind::Warning => "警告",
            MeasureKind::Criticism => "通报批评",
            MeasureKind::Fine => "罚款",
            MeasureKind::Confiscation => "没收违法所得、没收非法财物",
            MeasureKind::LicenceSuspended => "暂扣许可证件",
            MeasureKind::QualificationLowered => "降低资质等级",
            MeasureKind::LicenceRevoked => "吊销许可证件",
            MeasureKind::BusinessLicenceRevoked => "吊销营业执照",
            MeasureKind::BusinessRestricted => "限制开展生产经营活动",
            MeasureKind::ProductionSuspended => "责令停产停业",
            MeasureKind::Closure => "责令关闭",
            MeasureKind::PracticeBanned => "限制从业",
        }
    }
}

display_as_str!(MeasureKind);

/// 处罚种类 — one measure of a penalty decision; fines and confiscations carry
/// their amount in yuan when known.
///
/// With serde: `{"kind": "fine", "amount": "5000"}`, `{"kind": "warning"}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Measure {
    /// 警告 — warning.
    Warning,
    /// 通报批评 — public criticism.
    Criticism,
    /// 罚款 — fine, with its amount in yuan if known.
    Fine {
        /// The amount in yuan; `None` when unknown (never a low-amount fine).
        #[serde(default)]
        amount: Option<Decimal>,
    },
    /// 没收违法所得、没收非法财物 — confiscation, with its amount in yuan if known.
    Confiscation {
        /// The amount in yuan, if known.
        #[serde(default)]
        amount: Option<Decimal>,
    },
    /// 暂扣许可证件 — licence suspended.
    LicenceSuspended,
    /// 降低资质等级 — qualification lowered.
    QualificationLowered,
    /// 吊销许可证件 — licence revoked.
    LicenceRevoked,
    /// 吊销营业执照 — business licence revoked.
    BusinessLicenceRevoked,
    /// 限制开展生产经营活动 — business activities restricted.
    BusinessRestricted,
    /// 责令停产停业 — production or business suspended.
    ProductionSuspended,
    /// 责令关闭 — closure ordered.
    Closure,
    /// 限制从业 — practice banned.
    PracticeBanned,
}

impl Measure {
    /// A fine of `amount` yuan.
    #[must_use]
    pub fn fine(amount: impl Into<Decimal>) -> Measure {
        Measure::Fine {
            amount: Some(amount.into()),
        }
    }

    /// A confiscation of `amount` yuan.
    #[must_use]
    pub fn confiscation(amount: impl Into<Decimal>) -> Measure {
        Measure::Confiscation {
            amount: Some(amount.into()),
        }
    }

    /// The kind, without the amount.
    #[must_use]
    pub const fn kind(&self) -> MeasureKind {
        match self {
            Measure::Warning => MeasureKind::Warning,
            Measure::Criticism => MeasureKind::Criticism,
            Measure::Fine { .. } => MeasureKind::Fine,
            Measure::Confiscation { .. } => MeasureKind::Confiscation,
            Measure::LicenceSuspended => MeasureKind::LicenceSuspended,
            Measure::QualificationLowered => MeasureKind::QualificationLowered,
            Measure::LicenceRevoked => MeasureKind::LicenceRevoked,
            Measure::BusinessLicenceRevoked => MeasureKind::BusinessLicenceRevoked,
            Measure::BusinessRestricted => MeasureKind::BusinessRestricted,
            Measure::ProductionSuspended => MeasureKind::ProductionSuspended,
            Measure::Closure => MeasureKind::Closure,
            Measure::PracticeBanned => MeasureKind::PracticeBanned,
        }
    }

    /// The amount of a fine or confiscation, if known.
    #[must_use]
    pub const fn amount(&self) -> Option<Decimal> {
        match self {
            Measure::Fine { amount } | Measure::Confiscation { amount } => *amount,
            _ => None,
        }
    }
}

/// 行政处罚决定 — a penalty decision: the penalty fact's id, its date and legal
/// article, and what the law needs to know for publicity and credit repair.
///
/// Build one with [`Decision::new`] and the by-value setters; with serde, unknown
/// fields are refused. A decision without measures is allowed (today's
/// article-only penalty) and gets no publicity answer, only the reason why.
///
/// ```
/// use creditgrade::chrono::NaiveDate;
/// use creditgrade::national::{Decision, Field, Measure, Procedure};
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let p = Decision::new("P1", d(2025, 3, 10), "食品安全法 art. 124")
///     .with_measure(Measure::fine(50_000))
///     .with_measure(Measure::confiscation(8_000))
///     .with_field(Field::Food)
///     .with_published_on(d(2025, 3, 20));
/// p.validate()?;
/// assert_eq!(p.procedure(), None); // unknown: the rules treat it as ordinary
/// assert_eq!(p.fines_total(), Some(50_000.into()));
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    fact: String,
    decided_on: NaiveDate,
    article: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    procedure: Option<Procedure>,
    #[serde(default)]
    measures: Vec<Measure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    restriction_until: Option<NaiveDate>,
    #[serde(default)]
    field: Field,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published_on: Option<NaiveDate>,
    #[serde(default)]
    heavy: bool,
}

impl Decision {
    /// A decision of the penalty fact `fact`, decided on `decided_on` under
    /// `article`; procedure unknown, no measures, field `other`, not heavy.
    pub fn new(
        fact: impl Into<String>,
        decided_on: NaiveDate,
        article: impl Into<String>,
    ) -> Decision {
        Decision {
            fact: fact.into(),
            decided_on,
            article: article.into(),
            procedure: None,
            measures: Vec::new(),
            restriction_until: None,
            field: Field::Other,
            published_on: None,
            heavy: false,
        }
    }

    /// Sets the procedure.
    #[must_use]
    pub fn with_procedure(mut self, procedure: Procedure) -> Decision {
        self.procedure = Some(procedure);
        self
    }

    /// Adds a measure.
    #[must_use]
    pub fn with_measure(mut self, measure: Measure) -> Decision {
        self.measures.push(measure);
        self
    }

    /// Sets the first day without the restriction (a restricting measure's end).
    #[must_use]
    pub fn with_restriction_until(mut self, until: NaiveDate) -> Decision {
        self.restriction_until = Some(until);
        self
    }

    /// Sets the field.
    #[must_use]
    pub fn with_field(mut self, field: Field) -> Decision {
        self.field = field;
        self
    }

    /// Sets the day the decision appeared on the enterprise credit publicity system.
    #[must_use]
    pub fn with_published_on(mut self, on: NaiveDate) -> Decision {
        self.published_on = Some(on);
        self
    }

    /// Marks the fine as at the heavy end of the discretion benchmark (较重); it
    /// counts only when a fine is among the measures.
    #[must_use]
    pub fn with_heavy(mut self, heavy: bool) -> Decision {
        self.heavy = heavy;
        self
    }

    /// The penalty fact's id.
    #[must_use]
    pub fn fact(&self) -> &str {
        &self.fact
    }

    /// The decision date.
    #[must_use]
    pub fn decided_on(&self) -> NaiveDate {
        self.decided_on
    }

    /// The legal article.
    #[must_use]
    pub fn article(&self) -> &str {
        &self.article
    }

    /// The procedure, `None` when unknown.
    #[must_use]
    pub fn procedure(&self) -> Option<Procedure> {
        self.procedure
    }

    /// The measures, as given.
    #[must_use]
    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    /// The first day without the restriction, if any.
    #[must_use]
    pub fn restriction_until(&self) -> Option<NaiveDate> {
        self.restriction_until
    }

    /// The field.
    #[must_use]
    pub fn field(&self) -> Field {
        self.field
    }

    /// The day it appeared on the enterprise credit publicity system, if known.
    #[must_use]
    pub fn published_on(&self) -> Option<NaiveDate> {
        self.published_on
    }

    /// The `heavy` mark as given.
    #[must_use]
    pub fn heavy(&self) -> bool {
        self.heavy
    }

    /// Whether a heavy fine is among the measures: the `heavy` mark counts only
    /// with a fine.
    #[must_use]
    pub fn heavy_fine(&self) -> bool {
        self.heavy && self.has(MeasureKind::Fine)
    }

    /// Whether a measure of `kind` is among the measures.
    #[must_use]
    pub fn has(&self, kind: MeasureKind) -> bool {
        self.measures.iter().any(|m| m.kind() == kind)
    }

    /// The sum of the fines, `None` when there is no fine or one has no amount
    /// (several fines add up).
    #[must_use]
    pub fn fines_total(&self) -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        let mut any = false;
        for m in &self.measures {
            if let Measure::Fine { amount } = m {
                any = true;
                total = total.checked_add((*amount)?)?;
            }
        }
        any.then_some(total)
    }

    /// Whether the fines are a low-amount fine (较低数额罚款): at least one fine,
    /// every fine with an amount, and their sum at most `low_fine_max`.
    #[must_use]
    pub fn low_fine(&self, low_fine_max: Decimal) -> bool {
        self.fines_total().is_some_and(|t| t <= low_fine_max)
    }

    /// Checks the decision on its own.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the fact
    /// and the field: an empty id or article, a date outside the supported dates
    /// ([`FIRST_DATE`](crate::model::FIRST_DATE) to
    /// [`LAST_DATE`](crate::model::LAST_DATE)), a negative amount, a publication
    /// or a restriction end before the decision date.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |field: &str, msg: String| {
            Err(Error::invalid_input(field, msg).with_fact(self.fact.clone()))
        };
        if self.fact.trim().is_empty() {
            return Err(Error::invalid_input(
                "fact",
                "a decision needs its penalty fact's id",
            ));
        }
        if self.article.trim().is_empty() {
            return bad("article", "a decision needs its legal article".into());
        }
        let dates = [
            ("decided_on", Some(self.decided_on)),
            ("published_on", self.published_on),
            ("restriction_until", self.restriction_until),
        ];
        for (field, date) in dates {
            if let Some(date) = date {
                check_date(field, date).map_err(|e| e.with_fact(self.fact.clone()))?;
            }
        }
        for (i, m) in self.measures.iter().enumerate() {
            if let Some(a) = m.amount() {
                if a.is_sign_negative() && !a.is_zero() {
                    return bad(
                        &format!("measures[{i}].amount"),
                        format!("the amount of a {} is negative ({a})", m.kind()),
                    );
                }
            }
        }
        if let Some(p) = self.published_on {
            if p < self.decided_on {
                return bad(
                    "published_on",
                    format!(
                        "published on {p}, before the decision of {}",
                        self.decided_on
                    ),
                );
            }
        }
        if let Some(r) = self.restriction_until {
            if r <= self.decided_on {
                return bad(
                    "restriction_until",
                    format!(
                        "the restriction ends on {r}, not after the decision of {}",
                        self.decided_on
                    ),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn fines_add_up_and_a_fine_without_amount_is_not_low() {
        let low = Decimal::from(10_000);
        let p = Decision::new("P", d(2025, 1, 1), "a");
        assert_eq!(p.fines_total(), None);
        assert!(!p.low_fine(low));
        let p1 = p.clone().with_measure(Measure::fine(6_000));
        assert!(p1.low_fine(low));
        let p2 = p1.clone().with_measure(Measure::fine(4_000));
        assert_eq!(p2.fines_total(), Some(Decimal::from(10_000)));
        assert!(p2.low_fine(low));
        let p3 = p2.clone().with_measure(Measure::fine(1));
        assert!(!p3.low_fine(low));
        let p4 = p1.with_measure(Measure::Fine { amount: None });
        assert_eq!(p4.fines_total(), None);
        assert!(!p4.low_fine(low));
        // Confiscation is not a fine.
        let p5 = p.with_measure(Measure::confiscation(1));
        assert!(!p5.low_fine(low));
    }

    #[test]
    fn heavy_counts_only_with_a_fine() {
        let p = Decision::new("P", d(2025, 1, 1), "a").with_heavy(true);
        assert!(!p.heavy_fine());
        assert!(!p.clone().with_measure(Measure::Warning).heavy_fine());
        assert!(p.with_measure(Measure::Fine { amount: None }).heavy_fine());
    }

    #[test]
    fn validation_names_fact_and_field() {
        let p = Decision::new("P1", d(2025, 1, 10), "a");
        assert!(p.validate().is_ok());
        let e = p
            .clone()
            .with_published_on(d(2025, 1, 9))
            .validate()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.fact(), Some("P1"));
        assert_eq!(e.field(), Some("published_on"));
        let e = p
            .clone()
            .with_restriction_until(d(2025, 1, 10))
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("restriction_until"));
        let e = p
            .clone()
            .with_measure(Measure::Warning)
            .with_measure(Measure::fine(-1))
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("measures[1].amount"));
        assert_eq!(
            e.to_string(),
            "fact \"P1\" (measures[1].amount): the amount of a fine is negative (-1)"
        );
        let e = Decision::new("P2", d(2025, 1, 1), " ")
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("article"));
        let e = Decision::new("", d(2025, 1, 1), "a")
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("fact"));
    }

    #[test]
    fn serde_is_strict_and_round_trips() {
        let p = Decision::new("P1", d(2025, 1, 10), "a")
            .with_procedure(Procedure::Ordinary)
            .with_measure(Measure::Warning)
            .with_measure(Measure::fine(5_000))
            .with_measure(Measure::Fine { amount: None })
            .with_field(Field::SpecialEquipment)
            .with_restriction_until(d(2026, 1, 10))
            .with_published_on(d(2025, 1, 20))
            .with_heavy(true);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Decision>(&json).unwrap(), p);
        let min: Decision =
            serde_json::from_str(r#"{"fact":"P","decided_on":"2025-01-01","article":"a"}"#)
                .unwrap();
        assert_eq!(min, Decision::new("P", d(2025, 1, 1), "a"));
        for bad in [
            r#"{"fact":"P","decided_on":"2025-01-01","article":"a","colour":1}"#,
            r#"{"fact":"P","decided_on":"2025-01-01","article":"a","measures":[{"kind":"fine","amount":"1","x":1}]}"#,
            r#"{"fact":"P","decided_on":"2025-01-01","article":"a","measures":[{"kind":"spanking"}]}"#,
            r#"{"fact":"P","decided_on":"2025-01-01","article":"a","procedure":"quick"}"#,
        ] {
            assert!(serde_json::from_str::<Decision>(bad).is_err(), "{bad}");
        }
    }
}
