//! The quantification pipeline: one quantifier per method, each turning facts into
//! findings.
//!
//! A [`Quantifier`] reads an enterprise's facts as of a date ([`Input`]) and pushes
//! [`Finding`]s: adverse events (a severity and a date), signed points, or bars to
//! refinement. Every finding carries its method, a stable [`ReasonCode`], the rule
//! that fired and the facts that are its evidence. The built-in quantifiers follow
//! `docs/spec.md`; an integrator can add one of their own with
//! [`Assessor::with_quantifier`](crate::Assessor::with_quantifier).

mod annual;
mod cumulative;
mod fact_based;
mod honours;
mod key_person;
mod penalty;
pub(crate) mod record;

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use annual::AnnualReports;
pub use cumulative::CumulativeRules;
pub use fact_based::FactBased;
pub use honours::Honours;
pub use key_person::KeyPersons;
pub use penalty::PenaltyBased;

use crate::{Enterprise, Fact, Policy, Severity};

/// A stable, machine-readable reason code (e.g. `penalty`, `cumulative`).
///
/// Built-in codes are associated constants; a custom quantifier makes its own with
/// [`ReasonCode::custom`].
///
/// ```
/// use creditgrade::explain::ReasonCode;
/// assert_eq!(ReasonCode::PENALTY.as_str(), "penalty");
/// assert_eq!(ReasonCode::custom("tax.arrears").as_str(), "tax.arrears");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReasonCode(Cow<'static, str>);

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $s:literal;)*) => {
        impl ReasonCode {
            $($(#[$doc])* pub const $name: ReasonCode = ReasonCode(Cow::Borrowed($s));)*
        }
    };
}

codes! {
    /// An administrative penalty under a catalogued article (罚则量化).
    PENALTY = "penalty";
    /// A breach of a conduct norm (据实量化).
    BREACH = "breach";
    /// Another department's record (据实量化).
    DEPARTMENT_RECORD = "department_record";
    /// A cumulative rule's threshold reached (累计量化).
    CUMULATIVE = "cumulative";
    /// An environmental self-monitoring disclosure failure (据实量化).
    DISCLOSURE_FAILURE = "disclosure_failure";
    /// An annual report not filed by its deadline.
    ANNUAL_REPORT_MISSING = "annual_report_missing";
    /// An annual report filed after its deadline: as adverse as a missing one (a
    /// late filing does not cure it), cited with the late filing as evidence.
    ANNUAL_REPORT_LATE = "annual_report_late";
    /// An active honour's points (分级量化).
    HONOUR = "honour";
    /// A flag on a key person (参考指标).
    KEY_PERSON_FLAG = "key_person_flag";
    /// A credit repair accepted (信用修复).
    REPAIR_ACCEPTED = "repair_accepted";
    /// A credit repair dated before the minimum period: not accepted.
    REPAIR_TOO_EARLY = "repair_too_early";
    /// The grade is locked by adverse events (锁定).
    LOCKED = "locked";
    /// The last lock has ended: recovered to A (自动恢复).
    RECOVERED = "recovered";
    /// The business licence is revoked (吊销): D for good.
    REVOKED = "revoked";
    /// Deregistered (注销): not rated.
    CLOSED = "closed";
    /// Registered after the date: not rated yet.
    NOT_REGISTERED = "not_registered";
    /// Tier A refined by points.
    REFINED = "refined";
    /// Not eligible for AAA / AA.
    INELIGIBLE = "ineligible";
    /// Score mode: the score and its band.
    SCORE = "score";
    /// Score mode: the severity floor capped the banded grade.
    FLOOR_CAP = "floor_cap";
    /// National effect: on the list of abnormal operations (经营异常名录).
    ABNORMAL_LIST = "abnormal_list";
    /// National effect: on the serious list (严重违法失信名单).
    SERIOUS_LIST = "serious_list";
    /// National effect: a penalty decision public on the enterprise credit
    /// publicity system.
    PUBLICITY_SYSTEM = "publicity_system";
    /// National effect: a penalty decision public on 信用中国.
    CREDIT_CHINA = "credit_china";
}

impl ReasonCode {
    /// A code of your own.
    pub fn custom(code: impl Into<String>) -> ReasonCode {
        ReasonCode(Cow::Owned(code.into()))
    }

    /// The code.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

/// A quantification method (量化方法) that produced a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// 罚则量化 — penalty-based: a penalty's article sets the class.
    PenaltyBased,
    /// 分级量化 — tiered: honours by level give points.
    Tiered,
    /// 据实量化 — fact-based: breaches of conduct norms, other departments'
    /// records, missing annual reports.
    FactBased,
    /// 累计量化 — cumulative: repeated complaints, admonitions, minor penalties.
    Cumulative,
    /// 参考指标 — reference indicators: key persons' own records.
    Reference,
}

impl Method {
    /// All methods.
    pub const ALL: [Method; 5] = [
        Method::PenaltyBased,
        Method::Tiered,
        Method::FactBased,
        Method::Cumulative,
        Method::Reference,
    ];

    /// The name used in policies and reasons.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::PenaltyBased => "penalty_based",
            Method::Tiered => "tiered",
            Method::FactBased => "fact_based",
            Method::Cumulative => "cumulative",
            Method::Reference => "reference",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Method::PenaltyBased => "罚则量化",
            Method::Tiered => "分级量化",
            Method::FactBased => "据实量化",
            Method::Cumulative => "累计量化",
            Method::Reference => "参考指标",
        }
    }
}

/// What a finding does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "effect")]
#[non_exhaustive]
pub enum Effect {
    /// An adverse event of a severity on a date; it locks the grade.
    Adverse {
        /// Its severity.
        severity: Severity,
        /// Its date.
        date: NaiveDate,
    },
    /// Signed points (honours; in score mode, weighted by the method's coefficient).
    Points {
        /// The points.
        points: Decimal,
    },
    /// A fact on a date that bars AAA / AA within the look-back (a key-person flag).
    BarsRefinement {
        /// Its date.
        date: NaiveDate,
    },
}

/// One finding of a quantifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    method: Method,
    reason: ReasonCode,
    rule: Cow<'static, str>,
    effect: Effect,
    evidence: (u32, u32),
    repairable: Option<u32>,
    /// For the Episode lock: the date by which this event joins the running
    /// episode, when not its own (see the annual-report quantifier).
    link: Option<NaiveDate>,
}

impl Finding {
    /// The method that produced it.
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }

    /// Its reason code.
    #[must_use]
    pub fn reason(&self) -> &ReasonCode {
        &self.reason
    }

    /// The rule that fired (e.g. a cumulative rule's id).
    #[must_use]
    pub fn rule(&self) -> &str {
        &self.rule
    }

    pub(crate) fn rule_cow(&self) -> &Cow<'static, str> {
        &self.rule
    }

    /// What it does.
    #[must_use]
    pub fn effect(&self) -> Effect {
        self.effect
    }

    /// The fact that a credit repair may target to shorten this finding's event.
    pub(crate) fn repairable(&self) -> Option<u32> {
        self.repairable
    }

    /// The date by which this event joins the running episode, when not its own.
    pub(crate) fn link(&self) -> Option<NaiveDate> {
        self.link
    }
}

/// The findings of one enterprise, filled by quantifiers. Evidence is kept as
/// positions in [`Input::facts`].
#[derive(Clone, Debug, Default)]
pub struct Findings {
    items: Vec<Finding>,
    evidence: Vec<u32>,
}

impl Findings {
    pub(crate) fn clear(&mut self) {
        self.items.clear();
        self.evidence.clear();
    }

    fn push_evidence(&mut self, evidence: &[usize]) -> (u32, u32) {
        // Fact positions come from a History, whose length fits in u32.
        #[allow(clippy::cast_possible_truncation)]
        let start = self.evidence.len() as u32;
        #[allow(clippy::cast_possible_truncation)]
        self.evidence.extend(evidence.iter().map(|&i| i as u32));
        #[allow(clippy::cast_possible_truncation)]
        let end = self.evidence.len() as u32;
        (start, end)
    }

    fn push(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: Cow<'static, str>,
        effect: Effect,
        evidence: &[usize],
        repairable: Option<u32>,
    ) {
        let evidence = self.push_evidence(evidence);
        self.items.push(Finding {
            method,
            reason,
            rule,
            effect,
            evidence,
            repairable,
            link: None,
        });
    }

    /// Adds an adverse event that joins the running episode by `link` instead of
    /// its own date, when given.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn adverse_linked(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: &'static str,
        severity: Severity,
        date: NaiveDate,
        evidence: &[usize],
        link: Option<NaiveDate>,
    ) {
        self.adverse(method, reason, rule, severity, date, evidence);
        if let Some(f) = self.items.last_mut() {
            f.link = link;
        }
    }

    /// Adds an adverse event. `evidence` are positions in [`Input::facts`].
    pub fn adverse(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        date: NaiveDate,
        evidence: &[usize],
    ) {
        self.push(
            method,
            reason,
            rule.into(),
            Effect::Adverse { severity, date },
            evidence,
            None,
        );
    }

    /// Adds an adverse event whose evidence (positions in [`Input::facts`]) is
    /// read from an iterator into the shared buffer.
    pub(crate) fn adverse_from(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: Cow<'static, str>,
        severity: Severity,
        date: NaiveDate,
        evidence: impl Iterator<Item = usize>,
    ) {
        // Fact positions come from a record whose length fits in u32.
        #[allow(clippy::cast_possible_truncation)]
        let start = self.evidence.len() as u32;
        #[allow(clippy::cast_possible_truncation)]
        self.evidence.extend(evidence.map(|i| i as u32));
        #[allow(clippy::cast_possible_truncation)]
        let end = self.evidence.len() as u32;
        self.items.push(Finding {
            method,
            reason,
            rule,
            effect: Effect::Adverse { severity, date },
            evidence: (start, end),
            repairable: None,
            link: None,
        });
    }

    /// Adds an adverse event that a credit repair of the fact at `source` shortens.
    pub(crate) fn repairable_adverse(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: &'static str,
        severity: Severity,
        source: usize,
        date: NaiveDate,
    ) {
        #[allow(clippy::cast_possible_truncation)]
        self.push(
            method,
            reason,
            Cow::Borrowed(rule),
            Effect::Adverse { severity, date },
            &[source],
            Some(source as u32),
        );
    }

    /// Adds signed points. `evidence` are positions in [`Input::facts`].
    pub fn points(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: impl Into<Cow<'static, str>>,
        points: Decimal,
        evidence: &[usize],
    ) {
        self.push(
            method,
            reason,
            rule.into(),
            Effect::Points { points },
            evidence,
            None,
        );
    }

    /// Adds a bar to AAA / AA dated `date`.
    pub fn bars_refinement(
        &mut self,
        method: Method,
        reason: ReasonCode,
        rule: impl Into<Cow<'static, str>>,
        date: NaiveDate,
        evidence: &[usize],
    ) {
        self.push(
            method,
            reason,
            rule.into(),
            Effect::BarsRefinement { date },
            evidence,
            None,
        );
    }

    /// The findings, in the order they were added.
    #[must_use]
    pub fn as_slice(&self) -> &[Finding] {
        &self.items
    }

    /// The number of findings.
    #[must_use]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The evidence of a finding: positions in [`Input::facts`].
    #[must_use]
    pub fn evidence(&self, finding: &Finding) -> &[u32] {
        let (a, b) = finding.evidence;
        self.evidence.get(a as usize..b as usize).unwrap_or(&[])
    }
}

/// What a quantifier reads: one enterprise's facts that exist at the date.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub(crate) enterprise: &'a Enterprise,
    pub(crate) facts: &'a [Fact],
    pub(crate) severities: &'a [Option<Severity>],
    pub(crate) as_of: NaiveDate,
    pub(crate) policy: &'a Policy,
    pub(crate) dates: &'a DateCache,
    /// Whether the built-in quantifiers may leave out events that cannot bear on
    /// the verdict (only without custom quantifiers).
    pub(crate) prune: bool,
}

/// Dates that depend only on the policy and the assessment date, computed once per
/// date and shared by every enterprise of a batch.
#[derive(Clone, Debug)]
pub(crate) struct DateCache {
    /// The date and policy (a 64-bit prefix of its fingerprint) these values are for.
    pub key: Option<(NaiveDate, u64)>,
    /// Start of the refinement look-back: events dated strictly after it count.
    pub lookback_start: NaiveDate,
}

impl Default for DateCache {
    fn default() -> DateCache {
        DateCache {
            key: None,
            lookback_start: NaiveDate::MIN,
        }
    }
}

impl DateCache {
    pub(crate) fn prepare(&mut self, policy: &Policy, policy_key: u64, t: NaiveDate) {
        if self.key == Some((t, policy_key)) {
            return;
        }
        self.key = Some((t, policy_key));
        self.lookback_start = crate::model::months::sub_months(t, policy.refine.lookback_months);
    }
}

impl<'a> Input<'a> {
    /// The input as a row-based record.
    pub(crate) fn rows(&self) -> record::Rows<'a> {
        record::Rows {
            enterprise: self.enterprise,
            facts: self.facts,
            history: None,
        }
    }

    /// The context of the built-in quantifiers over `rec`.
    pub(crate) fn ctx<'b, R>(&'b self, rec: &'b R) -> Ctx<'b, R> {
        let mut counts = [0u32; 12];
        for f in self.facts {
            counts[record::Tag::of(&f.kind) as usize] += 1;
        }
        Ctx {
            rec,
            n: self.facts.len(),
            counts,
            prune: self.prune,
            severities: self.severities,
            as_of: self.as_of,
            policy: self.policy,
            dates: self.dates,
        }
    }

    /// The enterprise.
    #[must_use]
    pub fn enterprise(&self) -> &'a Enterprise {
        self.enterprise
    }

    /// Its facts dated on or before [`as_of`](Input::as_of), sorted by date then id.
    #[must_use]
    pub fn facts(&self) -> &'a [Fact] {
        self.facts
    }

    /// The assessment date.
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &'a Policy {
        self.policy
    }

    /// The severity of the fact at position `i` where it has one: a penalty's
    /// catalogue class, a breach's or a department record's mapped severity.
    #[must_use]
    pub fn severity(&self, i: usize) -> Option<Severity> {
        self.severities.get(i).copied().flatten()
    }
}

/// A quantification method: turns an enterprise's facts into findings.
///
/// Implement it to add a method of your own; it must be a pure function of its
/// input (same input, same findings, in the same order).
///
/// ```
/// use creditgrade::quantify::{Findings, Input, Quantifier};
/// use creditgrade::{FactKind, Severity};
/// use creditgrade::explain::ReasonCode;
/// use creditgrade::quantify::Method;
///
/// /// Every admonition is a minor event on its own.
/// struct StrictAdmonitions;
///
/// impl Quantifier for StrictAdmonitions {
///     fn name(&self) -> &str {
///         "strict_admonitions"
///     }
///     fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
///         for (i, f) in input.facts().iter().enumerate() {
///             if matches!(f.kind, FactKind::Admonition) {
///                 out.adverse(
///                     Method::FactBased,
///                     ReasonCode::custom("admonition"),
///                     "strict_admonitions",
///                     Severity::Minor,
///                     f.date,
///                     &[i],
///                 );
///             }
///         }
///     }
/// }
/// ```
pub trait Quantifier: Send + Sync {
    /// The quantifier's name, for listings.
    fn name(&self) -> &str;

    /// Pushes the findings of `input` into `out`.
    fn quantify(&self, input: &Input<'_>, out: &mut Findings);
}

/// What the built-in quantifiers read: one enterprise's record, the number of its
/// facts that exist at the date, their severities and the batch's dates.
pub(crate) struct Ctx<'a, R> {
    pub rec: &'a R,
    pub n: usize,
    /// How many of the `n` facts there are of each kind, by `Tag as usize`: lets
    /// a quantifier skip an enterprise without the facts it reads.
    pub counts: [u32; 12],
    /// Whether the built-in quantifiers may leave out events that cannot bear on
    /// the verdict (only without custom quantifiers).
    pub prune: bool,
    pub severities: &'a [Option<Severity>],
    pub as_of: NaiveDate,
    pub policy: &'a Policy,
    pub dates: &'a DateCache,
}

impl<R> Ctx<'_, R> {
    /// How many facts of this kind exist at the date.
    #[inline]
    pub(crate) fn count(&self, tag: record::Tag) -> u32 {
        self.counts[tag as usize]
    }

    #[inline]
    pub(crate) fn severity(&self, i: usize) -> Option<Severity> {
        self.severities.get(i).copied().flatten()
    }
}

/// The number of built-in quantifiers, first in every pipeline.
pub(crate) const BUILTIN: usize = 6;

/// Runs the built-in quantifiers in pipeline order, the same code for every
/// layout of the record.
#[inline]
pub(crate) fn run_builtin<R: record::Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    penalty::run(cx, out);
    fact_based::run(cx, out);
    cumulative::run(cx, out);
    annual::run(cx, out);
    honours::run(cx, out);
    key_person::run(cx, out);
}

/// The built-in quantifiers in pipeline order.
pub(crate) fn builtin() -> Vec<Box<dyn Quantifier>> {
    vec![
        Box::new(PenaltyBased),
        Box::new(FactBased),
        Box::new(CumulativeRules),
        Box::new(AnnualReports),
        Box::new(Honours),
        Box::new(KeyPersons),
    ]
}

display_as_str!(Method);
