//! Export classes for bamboo, wood and straw products (出口竹木草制品分类管理).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::sampling::{ceil_share, draw_key};
use super::warning::check_period;
use crate::{Error, ErrorKind, Grade};

/// The risk of an exported product (产品风险).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductRisk {
    /// 低风险 — low.
    Low,
    /// 中风险 — medium.
    Medium,
    /// 高风险 — high.
    High,
}

impl ProductRisk {
    /// All risks, lowest first.
    pub const ALL: [ProductRisk; 3] = [ProductRisk::Low, ProductRisk::Medium, ProductRisk::High];

    /// The Chinese label: 低风险, 中风险, 高风险.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            ProductRisk::Low => "低风险",
            ProductRisk::Medium => "中风险",
            ProductRisk::High => "高风险",
        }
    }
}

/// An exporter's class (企业分类): one is the most trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportClass {
    /// 一类 — class 1.
    One,
    /// 二类 — class 2.
    Two,
    /// 三类 — class 3.
    Three,
}

impl ExportClass {
    /// All classes, class 1 first.
    pub const ALL: [ExportClass; 3] = [ExportClass::One, ExportClass::Two, ExportClass::Three];

    /// The Chinese label: 一类, 二类, 三类.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            ExportClass::One => "一类",
            ExportClass::Two => "二类",
            ExportClass::Three => "三类",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }
}

/// How a lot of a class is released (合格放行模式).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReleaseMode {
    /// 信用放行 — credit release: presumed conformity, released on declaration
    /// (合格假定、即报即放).
    CreditRelease,
    /// 合格评定、验证监管 — conformity assessment with verification.
    ConformityAssessment,
    /// 抽样检验、检测放行 — sampling inspection with testing.
    SamplingInspection,
}

impl ReleaseMode {
    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            ReleaseMode::CreditRelease => "信用放行",
            ReleaseMode::ConformityAssessment => "合格评定、验证监管",
            ReleaseMode::SamplingInspection => "抽样检验、检测放行",
        }
    }
}

/// The export policy: class by grade and product risk, release mode and
/// inspection ratio per class.
///
/// ```
/// use rust_decimal::Decimal;
/// use creditgrade::Grade;
/// use creditgrade::supervise::{ExportClass, ExportPolicy, ProductRisk, ReleaseMode};
/// let p = ExportPolicy::source();
/// assert_eq!(p.class(Some(Grade::Aaa), ProductRisk::Medium), ExportClass::One);
/// assert_eq!(p.class(Some(Grade::B), ProductRisk::Low), ExportClass::Two);
/// assert_eq!(p.class(None, ProductRisk::Low), ExportClass::Three);
/// assert_eq!(p.release(ExportClass::One), ReleaseMode::CreditRelease);
/// assert_eq!(p.ratio(ExportClass::Three), Decimal::ONE);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportPolicy {
    matrix: [[ExportClass; 3]; 6],
    unrated: [ExportClass; 3],
    release: [ReleaseMode; 3],
    ratios: [Decimal; 3],
}

impl Default for ExportPolicy {
    fn default() -> Self {
        ExportPolicy::source()
    }
}

impl ExportPolicy {
    /// The preset, after the Longgang essay: class 1 credit release, class 2
    /// conformity assessment with verification, class 3 sampling inspection with
    /// testing. The matrix and the ratios (5%, 30%, 100%) are placeholders; see
    /// `docs/supervision.md`.
    #[must_use]
    pub fn source() -> ExportPolicy {
        use ExportClass::{One, Three, Two};
        ExportPolicy {
            matrix: [
                [One, One, Two],       // AAA
                [One, One, Two],       // AA
                [One, Two, Two],       // A
                [Two, Two, Three],     // B
                [Three, Three, Three], // C
                [Three, Three, Three], // D
            ],
            unrated: [Three, Three, Three],
            release: [
                ReleaseMode::CreditRelease,
                ReleaseMode::ConformityAssessment,
                ReleaseMode::SamplingInspection,
            ],
            ratios: [Decimal::new(5, 2), Decimal::new(30, 2), Decimal::ONE],
        }
    }

    /// Sets the class of a grade (`None`: unrated) and a product risk.
    #[must_use]
    pub fn with_class(
        mut self,
        grade: Option<Grade>,
        risk: ProductRisk,
        class: ExportClass,
    ) -> ExportPolicy {
        let row = match grade {
            Some(g) => self.matrix.get_mut(g.index()),
            None => Some(&mut self.unrated),
        };
        if let Some(slot) = row.and_then(|r| r.get_mut(risk as usize)) {
            *slot = class;
        }
        self
    }

    /// Sets the release mode of a class.
    #[must_use]
    pub fn with_release(mut self, class: ExportClass, mode: ReleaseMode) -> ExportPolicy {
        if let Some(slot) = self.release.get_mut(class.index()) {
            *slot = mode;
        }
        self
    }

    /// Sets the inspection ratio of a class (validated to lie in `[0, 1]`).
    #[must_use]
    pub fn with_ratio(mut self, class: ExportClass, ratio: Decimal) -> ExportPolicy {
        if let Some(slot) = self.ratios.get_mut(class.index()) {
            *slot = ratio;
        }
        self
    }

    /// The class of an exporter of a grade for a product risk.
    #[must_use]
    pub fn class(&self, grade: Option<Grade>, risk: ProductRisk) -> ExportClass {
        let row = match grade {
            Some(g) => self.matrix.get(g.index()),
            None => Some(&self.unrated),
        };
        row.and_then(|r| r.get(risk as usize))
            .copied()
            .unwrap_or(ExportClass::Three)
    }

    /// The release mode of a class.
    #[must_use]
    pub fn release(&self, class: ExportClass) -> ReleaseMode {
        self.release
            .get(class.index())
            .copied()
            .unwrap_or(ReleaseMode::SamplingInspection)
    }

    /// The inspection ratio of a class.
    #[must_use]
    pub fn ratio(&self, class: ExportClass) -> Decimal {
        self.ratios
            .get(class.index())
            .copied()
            .unwrap_or(Decimal::ONE)
    }

    /// Checks the rules: ratios in `[0, 1]`; a worse grade never gets a better
    /// class for the same product risk, nor a riskier product for the same grade.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] naming `export.ratios.<class>` or
    /// `export.matrix.<grade>`.
    pub fn validate(&self) -> Result<(), Error> {
        for c in ExportClass::ALL {
            let r = self.ratio(c);
            if r < Decimal::ZERO || r > Decimal::ONE {
                return Err(Error::invalid_policy(
                    format!("export.ratios.{}", c.index() + 1),
                    format!("ratio {r} is outside [0, 1]"),
                ));
            }
        }
        for (i, g) in Grade::ALL.iter().enumerate() {
            for (j, risk) in ProductRisk::ALL.iter().enumerate() {
                let here = self.class(Some(*g), *risk);
                let worse_than_prev_grade =
                    i > 0 && here < self.class(Grade::ALL.get(i - 1).copied(), *risk);
                let worse_than_prev_risk = j > 0
                    && here
                        < self.class(
                            Some(*g),
                            ProductRisk::ALL.get(j - 1).copied().unwrap_or(*risk),
                        );
                if worse_than_prev_grade || worse_than_prev_risk {
                    return Err(Error::invalid_policy(
                        format!("export.matrix.{}", g.as_str()),
                        "a worse grade or a riskier product gets a better class",
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A declared export lot (报检批次).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExportLot {
    /// The lot id (unique).
    pub id: String,
    /// The exporter's id.
    pub enterprise: String,
    /// The declaration date.
    pub declared_on: NaiveDate,
    /// The lot's value (货值).
    pub value: Decimal,
    /// The product risk.
    pub product_risk: ProductRisk,
    /// The exporter's grade at declaration (`None`: unrated).
    pub grade: Option<Grade>,
}

impl ExportLot {
    /// A lot.
    pub fn new(
        id: impl Into<String>,
        enterprise: impl Into<String>,
        declared_on: NaiveDate,
        value: Decimal,
        product_risk: ProductRisk,
        grade: Option<Grade>,
    ) -> ExportLot {
        ExportLot {
            id: id.into(),
            enterprise: enterprise.into(),
            declared_on,
            value,
            product_risk,
            grade,
        }
    }
}

/// What happens to one lot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LotDecision {
    /// The lot id.
    pub lot: String,
    /// The exporter's class for this lot.
    pub class: ExportClass,
    /// The class's release mode.
    pub release: ReleaseMode,
    /// Whether the lot is drawn for inspection (查验).
    pub inspected: bool,
    /// Released at once (即报即放): not inspected and credit release.
    pub released_at_once: bool,
}

/// Decides every lot: its class, release mode, and whether it is inspected. Within
/// each class the lots are ordered by [`draw_key`]`(seed, lot id)` (ties by id)
/// and the first `ceil(ratio × n)` are inspected. Result ordered by lot id;
/// independent of the order of `lots`.
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`] for a bad policy; [`ErrorKind::InvalidInput`] for an
/// empty or duplicate lot id or a negative value (`lots[i]`).
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use creditgrade::Grade;
/// use creditgrade::supervise::{ExportLot, ExportPolicy, ProductRisk, select_lots};
/// let d = NaiveDate::from_ymd_opt(2016, 5, 1).unwrap();
/// let lots: Vec<_> = (0..20)
///     .map(|i| ExportLot::new(format!("L{i:02}"), "X1", d, Decimal::new(1000, 0), ProductRisk::Low, Some(Grade::Aa)))
///     .collect();
/// let dec = select_lots(&lots, &ExportPolicy::source(), 42)?;
/// assert_eq!(dec.iter().filter(|x| x.inspected).count(), 1); // ceil(5% of 20)
/// assert_eq!(dec.iter().filter(|x| x.released_at_once).count(), 19);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn select_lots(
    lots: &[ExportLot],
    policy: &ExportPolicy,
    seed: u64,
) -> Result<Vec<LotDecision>, Error> {
    policy.validate()?;
    let mut seen = BTreeSet::new();
    for (i, l) in lots.iter().enumerate() {
        if l.id.is_empty() || !seen.insert(l.id.as_str()) {
            return Err(Error::invalid_input(
                format!("lots[{i}].id"),
                format!("empty or duplicate lot id {:?}", l.id),
            ));
        }
        if l.value < Decimal::ZERO {
            return Err(Error::invalid_input(
                format!("lots[{i}].value"),
                format!("negative value {}", l.value),
            )
            .with_enterprise(l.enterprise.clone()));
        }
    }
    let mut inspected = BTreeSet::new();
    for class in ExportClass::ALL {
        let mut ranked: Vec<(u64, &str)> = lots
            .iter()
            .filter(|l| policy.class(l.grade, l.product_risk) == class)
            .map(|l| (draw_key(seed, &l.id), l.id.as_str()))
            .collect();
        ranked.sort_unstable();
        let k = ceil_share(policy.ratio(class), ranked.len());
        inspected.extend(ranked.iter().take(k).map(|(_, id)| *id));
    }
    let mut out: Vec<LotDecision> = lots
        .iter()
        .map(|l| {
            let class = policy.class(l.grade, l.product_risk);
            let release = policy.release(class);
            let ins = inspected.contains(l.id.as_str());
            LotDecision {
                lot: l.id.clone(),
                class,
                release,
                inspected: ins,
                released_at_once: !ins && release == ReleaseMode::CreditRelease,
            }
        })
        .collect();
    out.sort_by(|a, b| a.lot.cmp(&b.lot));
    Ok(out)
}

/// Statistics of one class in a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ClassStatistics {
    /// The class.
    pub class: ExportClass,
    /// Lots declared.
    pub lots: usize,
    /// Their value.
    pub value: Decimal,
    /// Lots inspected.
    pub inspected: usize,
    /// `inspected / lots`, 4 decimal places (0 when there are no lots).
    pub inspected_share: Decimal,
}

/// Export statistics of a period (统计).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExportStatistics {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Lots declared in the period.
    pub lots: usize,
    /// Their value.
    pub value: Decimal,
    /// Lots released at once (即报即放).
    pub released_at_once: usize,
    /// `released_at_once / lots`, 4 decimal places (0 when there are no lots).
    pub released_at_once_share: Decimal,
    /// Per class, class 1 first.
    pub classes: Vec<ClassStatistics>,
}

fn share(part: usize, whole: usize) -> Decimal {
    if whole == 0 {
        return Decimal::ZERO;
    }
    let (Ok(p), Ok(w)) = (u64::try_from(part), u64::try_from(whole)) else {
        return Decimal::ZERO;
    };
    Decimal::from(p)
        .checked_div(Decimal::from(w))
        .unwrap_or(Decimal::ZERO)
        .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

/// Statistics of the lots declared from `from` to `to` (inclusive): the draw of
/// [`select_lots`] is made over exactly those lots with `seed`.
///
/// # Errors
///
/// As [`select_lots`]; [`ErrorKind::InvalidInput`] when `from` is after `to`;
/// [`ErrorKind::Overflow`] when a value sum overflows.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use creditgrade::Grade;
/// use creditgrade::supervise::{ExportLot, ExportPolicy, ProductRisk, export_statistics};
/// let d = |m| NaiveDate::from_ymd_opt(2016, m, 1).unwrap();
/// let lots = vec![
///     ExportLot::new("L1", "X1", d(1), Decimal::new(100, 0), ProductRisk::Low, Some(Grade::Aaa)),
///     ExportLot::new("L2", "X2", d(1), Decimal::new(300, 0), ProductRisk::High, Some(Grade::C)),
///     ExportLot::new("L3", "X2", d(7), Decimal::new(900, 0), ProductRisk::High, Some(Grade::C)),
/// ];
/// let s = export_statistics(&lots, &ExportPolicy::source(), 1, d(1), d(6))?;
/// assert_eq!((s.lots, s.value), (2, Decimal::new(400, 0)));
/// assert_eq!(s.classes[2].inspected, 1); // class 3: every lot
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn export_statistics(
    lots: &[ExportLot],
    policy: &ExportPolicy,
    seed: u64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ExportStatistics, Error> {
    check_period(from, to)?;
    let period: Vec<ExportLot> = lots
        .iter()
        .filter(|l| l.declared_on >= from && l.declared_on <= to)
        .cloned()
        .collect();
    let decisions = select_lots(&period, policy, seed)?;
    let ov = || Error::new(ErrorKind::Overflow, "lot values overflow");
    let mut value = Decimal::ZERO;
    for l in &period {
        value = value.checked_add(l.value).ok_or_else(ov)?;
    }
    let mut classes = Vec::new();
    for class in ExportClass::ALL {
        let mut n = 0;
        let mut v = Decimal::ZERO;
        let mut ins = 0;
        for (l, d) in sorted_by_id(&period).into_iter().zip(&decisions) {
            if d.class == class {
                n += 1;
                v = v.checked_add(l.value).ok_or_else(ov)?;
                if d.inspected {
                    ins += 1;
                }
            }
        }
        classes.push(ClassStatistics {
            class,
            lots: n,
            value: v,
            inspected: ins,
            inspected_share: share(ins, n),
        });
    }
    let at_once = decisions.iter().filter(|d| d.released_at_once).count();
    Ok(ExportStatistics {
        from,
        to,
        lots: period.len(),
        value,
        released_at_once: at_once,
        released_at_once_share: share(at_once, period.len()),
        classes,
    })
}

fn sorted_by_id(lots: &[ExportLot]) -> Vec<&ExportLot> {
    let mut v: Vec<&ExportLot> = lots.iter().collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

crate::json::policy_file!(
    ExportPolicy,
    "creditgrade::supervise::ExportPolicy",
    ExportPolicy::validate
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preset_is_valid_and_inverted_matrix_is_refused() {
        assert!(ExportPolicy::source().validate().is_ok());
        let e = ExportPolicy::source()
            .with_class(Some(Grade::D), ProductRisk::Low, ExportClass::One)
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("export.matrix.D"));
        let e = ExportPolicy::source()
            .with_ratio(ExportClass::Two, Decimal::NEGATIVE_ONE)
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("export.ratios.2"));
    }

    #[test]
    fn share_rounds_to_four_places() {
        assert_eq!(share(1, 3), Decimal::new(3333, 4));
        assert_eq!(share(2, 3), Decimal::new(6667, 4));
        assert_eq!(share(0, 0), Decimal::ZERO);
    }
}
