//! What would change an outlook: the repairs and honours that would lift the grade,
//! and the new facts that would lower it.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Outlook, known, leaves_lookback};
use crate::explain::{Detail, ReasonCode, Status};
use crate::model::months::{add_months, sub_months};
use crate::model::{AdGrade, Honour, HonourLevel};
use crate::policy::{Counted, Scoring};
use crate::{
    ArticleLookup, Assessor, Error, Fact, FactKind, Grade, History, Severity, Summary, Workspace,
};

/// What an action does: the first day on which the outlook with the action
/// differs from the outlook without it, and the summaries on that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effect {
    /// The first day on which something differs.
    pub date: NaiveDate,
    /// The summary on that day without the action.
    pub before: Summary,
    /// The summary on that day with the action.
    pub after: Summary,
    /// The first day on which the grade (or status) differs, with the grade from
    /// that day; `None` when only the lock's end, the points, the score or the
    /// eligibility differ within the horizon.
    pub grade: Option<(NaiveDate, Option<Grade>)>,
}

/// Something the enterprise could do, with its verified effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
#[non_exhaustive]
pub enum Action {
    /// 信用修复 — file a credit repair of a penalty or breach.
    Repair {
        /// The penalty or breach to repair.
        target: String,
        /// Its severity.
        severity: Severity,
        /// The first day a repair is accepted (the minimum period after the event,
        /// and not before the outlook's date).
        from: NaiveDate,
        /// The effect of a repair filed on `from`.
        effect: Effect,
    },
    /// 年报 — file the annual report for a year by its deadline (a report not
    /// filed by then counts as missing).
    AnnualReport {
        /// The report year.
        year: i32,
        /// The deadline: the report is filed on this day at the latest.
        by: NaiveDate,
        /// The effect of filing it on the deadline.
        effect: Effect,
    },
    /// Obtain an honour (without expiry) on the outlook's date (or the
    /// registration date, if later).
    Honour {
        /// The honour and its level.
        honour: Honour,
        /// The day it is granted.
        granted_on: NaiveDate,
        /// Its effect.
        effect: Effect,
    },
}

impl Action {
    /// The fact that carries out the action, with the id `id`: apply it to the
    /// history to see the effect.
    #[must_use]
    pub fn fact(&self, id: &str) -> Fact {
        match self {
            Action::Repair { target, from, .. } => Fact::repair(id, *from, target.as_str()),
            Action::Honour {
                honour, granted_on, ..
            } => Fact::honour(id, *granted_on, *honour, None),
            Action::AnnualReport { year, by, .. } => Fact::annual_report(id, *by, *year),
        }
    }

    /// The action's effect.
    #[must_use]
    pub fn effect(&self) -> &Effect {
        match self {
            Action::Repair { effect, .. }
            | Action::Honour { effect, .. }
            | Action::AnnualReport { effect, .. } => effect,
        }
    }
}

/// A summary in a clerk's words: `D, locked until 2025-06-01`, `AA, 40 points`,
/// `A, 60 points, not eligible for AA/AAA`, `score 82`.
struct Words<'a>(&'a Summary);

impl fmt::Display for Words<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        match (s.status, s.grade) {
            (Status::Closed, _) => return f.write_str("closed"),
            (Status::NotRegistered, _) => return f.write_str("not registered"),
            (Status::Revoked, _) => return f.write_str("D, revoked"),
            (_, None) => return f.write_str("not rated"),
            (_, Some(g)) => write!(f, "{}", g.as_str())?,
        }
        if let Some(u) = s.locked_until {
            write!(f, ", locked until {u}")?;
        }
        if let Some(p) = s.points {
            write!(f, ", {} points", p.normalize())?;
        }
        if let Some(score) = s.score {
            write!(f, ", score {}", score.normalize())?;
        }
        if s.eligible == Some(false) {
            f.write_str(", not eligible for AA/AAA")?;
        }
        Ok(())
    }
}

impl fmt::Display for Effect {
    /// `from 2025-01-10: A instead of D, locked until 2025-06-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "from {}: {} instead of {}",
            self.date,
            Words(&self.after),
            Words(&self.before)
        )?;
        if let Some((d, g)) = self.grade {
            if d != self.date {
                write!(
                    f,
                    "; the grade becomes {} on {d}",
                    g.map_or("none", Grade::as_str)
                )?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Action {
    /// What a clerk reads out, e.g. `File a credit repair of P1 (serious) on or
    /// after 2025-01-10; from 2025-01-10: B, locked until 2025-06-01 instead of D,
    /// locked until 2025-06-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Repair {
                target,
                severity,
                from,
                effect,
            } => write!(
                f,
                "File a credit repair of {target} ({severity}) on or after {from}; {effect}"
            ),
            Action::Honour {
                honour,
                granted_on,
                effect,
            } => write!(
                f,
                "Obtain the honour {} ({}) on {granted_on}; {effect}",
                honour.kind_str(),
                honour.level_str()
            ),
            Action::AnnualReport { year, by, effect } => {
                write!(f, "File the annual report for {year} by {by}; {effect}")
            }
        }
    }
}

/// Points missing for a better grade, and the honours that would close the gap:
/// for AA and AAA under floors scoring (honour points against the thresholds), for
/// each better band in score mode (the score against the band's minimum; an
/// honour adds its points times the tiered method's coefficient).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsGap {
    /// The grade aimed at: AA or AAA; in score mode, a better band's grade.
    pub target: Grade,
    /// The day the gap is measured: the first day of the outlook on which the
    /// enterprise is tier A and eligible, or, if there is none, the first day it
    /// is tier A.
    pub on: NaiveDate,
    /// Whether the enterprise is eligible on `on`.
    pub eligible: bool,
    /// Its honour points on `on` (in score mode: its score).
    pub points: Decimal,
    /// The threshold of `target` (in score mode: the band's minimum).
    pub threshold: Decimal,
    /// `threshold − points`.
    pub missing: Decimal,
    /// For each honour kind, the lowest level whose honour alone closes the gap
    /// (only the best honour of a kind counts), with its verified effect; empty
    /// when no single honour does or the enterprise is not eligible within the
    /// horizon.
    pub options: Vec<HonourOption>,
    /// Honours that together close the gap when no single one does (the highest
    /// level of the kinds that add most, until the gap is closed); empty when a
    /// single honour does or when even all kinds at their highest level do not.
    pub combination: Vec<Honour>,
}

/// One honour that closes a points gap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HonourOption {
    /// The honour.
    pub honour: Honour,
    /// The points it adds (over the best active honour of its kind).
    pub gain: Decimal,
    /// The action, with its verified effect.
    pub action: Action,
}

/// What would lower the grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "risk")]
#[non_exhaustive]
pub enum Risk {
    /// A cumulative rule (累计量化): how many more counted facts dated on the
    /// outlook's date would reach its threshold.
    Cumulative {
        /// The rule's id.
        rule: String,
        /// Counted facts in the window `(start, as_of]`.
        counted: u32,
        /// The rule's threshold.
        threshold: u32,
        /// How many more counted facts reach it (at least 1).
        needed: u32,
        /// The window's exclusive start: `as_of − W months`.
        start: NaiveDate,
        /// The day the oldest counted fact in the window leaves it (so one more
        /// would be needed from then), if any is in it.
        eases_on: Option<NaiveDate>,
        /// The severity of the event the rule derives.
        severity: Severity,
    },
    /// One new adverse fact: the least severity at which a penalty dated on the
    /// outlook's date changes the grade that day, and the summary it gives.
    /// `None` when no severity changes it (already D, revoked, closed).
    NewEvent {
        /// The least severity that changes the grade.
        severity: Option<Severity>,
        /// The summary with such a penalty.
        after: Option<Summary>,
    },
}

impl fmt::Display for Risk {
    /// What a clerk reads out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Risk::Cumulative {
                rule,
                counted,
                threshold,
                needed,
                start,
                eases_on,
                severity,
            } => {
                write!(
                    f,
                    "Rule {rule}: {counted} of {threshold} counted since {start} (exclusive); {needed} more would make a {severity} event"
                )?;
                if let Some(e) = eases_on {
                    write!(f, " (the oldest leaves the window on {e})")?;
                }
                Ok(())
            }
            Risk::NewEvent {
                severity: Some(s),
                after: Some(a),
            } => write!(f, "One new {s} penalty would give {}", Words(a)),
            Risk::NewEvent { .. } => f.write_str("No new penalty would change the grade"),
        }
    }
}

/// What would change an outlook: repairs, the best order to file them, honours for
/// AA / AAA, and what would lower the grade.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actions {
    reports: Vec<Action>,
    repairs: Vec<Action>,
    plan: Vec<(NaiveDate, String, Summary)>,
    gaps: Vec<PointsGap>,
    risks: Vec<Risk>,
}

impl Actions {
    /// The annual reports due within the horizon and not filed yet, each with the
    /// effect of filing it on its deadline, by deadline.
    #[must_use]
    pub fn reports(&self) -> &[Action] {
        &self.reports
    }

    /// Each repair the enterprise could file that changes something within the
    /// horizon, by the day it is accepted from.
    #[must_use]
    pub fn repairs(&self) -> &[Action] {
        &self.repairs
    }

    /// The best order of repairs: each filed on the first day it is accepted, in
    /// that order, with the summary on that day once it and all earlier ones are
    /// filed. Each repair is judged on its own and a repair never makes anything
    /// worse, so filing each as early as possible is never beaten by another
    /// order.
    #[must_use]
    pub fn plan(&self) -> &[(NaiveDate, String, Summary)] {
        &self.plan
    }

    /// The points missing for AA and AAA (in score mode, for each better band).
    #[must_use]
    pub fn gaps(&self) -> &[PointsGap] {
        &self.gaps
    }

    /// What would lower the grade.
    #[must_use]
    pub fn risks(&self) -> &[Risk] {
        &self.risks
    }
}

/// A catalogue that knows three more articles, one per severity, for probing.
struct Probe<'a, C> {
    inner: &'a C,
}

const PROBE: [(&str, Severity); 3] = [
    ("\u{0}probe:minor", Severity::Minor),
    ("\u{0}probe:general", Severity::General),
    ("\u{0}probe:serious", Severity::Serious),
];

impl<C: ArticleLookup> ArticleLookup for Probe<'_, C> {
    fn severity(&self, article: &str) -> Option<Severity> {
        PROBE
            .iter()
            .find(|(a, _)| *a == article)
            .map(|(_, s)| *s)
            .or_else(|| self.inner.severity(article))
    }
}

/// A fact id not in `h`, starting with `base`.
fn fresh_id(h: &History, base: &str) -> String {
    let mut id = base.to_owned();
    let mut k = 0u32;
    while h.position(&id).is_some() {
        k += 1;
        id = format!("{base}~{k}");
    }
    id
}

fn with_facts(h: &History, extra: impl IntoIterator<Item = Fact>) -> Result<History, Error> {
    let mut facts = h.facts().to_vec();
    facts.extend(extra);
    History::new(h.enterprise().clone(), facts)
}

/// The first day in `[from, until]` on which the two outlooks differ.
fn first_difference(a: &Outlook, b: &Outlook, from: NaiveDate) -> Option<(NaiveDate, bool)> {
    let mut dates: Vec<NaiveDate> = a
        .changes()
        .iter()
        .chain(b.changes())
        .map(|c| c.date)
        .filter(|&d| d > from)
        .collect();
    dates.push(from);
    dates.sort_unstable();
    dates.dedup();
    let mut first = None;
    for d in dates {
        let (x, y) = (a.at(d)?, b.at(d)?);
        if x != y {
            if first.is_none() {
                first = Some(d);
            }
            if (x.status, x.grade) != (y.status, y.grade) {
                return Some((first.unwrap_or(d), true));
            }
        }
    }
    first.map(|d| (d, false))
}

impl<C: ArticleLookup> Assessor<C> {
    /// What would change `outlook`, the outlook of `history`: each repair the
    /// enterprise could file and the best order to file them, the honours that
    /// would close the points gap to AA and AAA, and what would lower the grade.
    ///
    /// Every effect is verified by the engine: the action is applied to the
    /// history (without its facts after the outlook's date) as a fact, and the
    /// outlook with it is compared to the outlook without it. Actions whose
    /// filing day or effect falls after the horizon are not listed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the
    /// outlook is not of this history; a data error as
    /// [`outlook`](Assessor::outlook).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy, Severity};
    /// use creditgrade::outlook::Action;
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let assessor = Assessor::new(
    ///     Policy::seed(),
    ///     Catalogue::from_pairs([("art-2", Severity::General)])?,
    /// )?;
    /// let history = History::new(
    ///     Enterprise::new("E9", d(2024, 1, 1)).legal_person(true),
    ///     vec![Fact::penalty("P9", d(2024, 3, 1), "art-2")],
    /// )?;
    /// let outlook = assessor.outlook(&history, d(2024, 4, 1), d(2025, 6, 1))?;
    /// let actions = assessor.actions(&history, &outlook)?;
    /// let Action::Repair { target, from, effect, .. } = &actions.repairs()[0] else {
    ///     panic!("a repair")
    /// };
    /// // A general penalty can be repaired three months after its date.
    /// assert_eq!((target.as_str(), *from), ("P9", d(2024, 6, 1)));
    /// assert_eq!(effect.after.grade, Some(Grade::A));
    /// assert_eq!(
    ///     actions.repairs()[0].to_string(),
    ///     "File a credit repair of P9 (general) on or after 2024-06-01; \
    ///      from 2024-06-01: A, 0 points instead of C, locked until 2025-03-01",
    /// );
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn actions(&self, history: &History, outlook: &Outlook) -> Result<Actions, Error> {
        if history.id() != outlook.enterprise() {
            return Err(Error::invalid_input(
                "outlook",
                format!(
                    "the outlook is of enterprise {:?}, not of this history",
                    outlook.enterprise()
                ),
            )
            .with_enterprise(history.id()));
        }
        let as_of = outlook.as_of();
        let until = outlook.until();
        let h = known(history, as_of);
        let h = h.as_ref();
        let mut ws = Workspace::new();
        let mut out = Actions {
            reports: Vec::new(),
            repairs: Vec::new(),
            plan: Vec::new(),
            gaps: Vec::new(),
            risks: Vec::new(),
        };
        if outlook.now().status == Status::NotRegistered && outlook.changes().is_empty() {
            return Ok(out);
        }

        // Repairs: every penalty or breach event not repaired yet.
        let horizon = self.assess_with(&mut ws, h, until)?;
        let rules = &self.policy().lock;
        let mut candidates: Vec<(NaiveDate, String, Severity)> = Vec::new();
        for r in horizon.reasons() {
            if let Detail::Adverse {
                severity,
                date,
                repaired: false,
                ..
            } = r.detail
            {
                if (r.code == ReasonCode::PENALTY || r.code == ReasonCode::BREACH) && date <= as_of
                {
                    if let Some(e) = r.evidence.first() {
                        let from =
                            add_months(date, rules.repair_min_months.get(severity)).max(as_of);
                        if from <= until {
                            candidates.push((from, e.fact.clone(), severity));
                        }
                    }
                }
            }
        }
        candidates.sort();
        // Annual reports: each missing report dated after the outlook's date.
        for r in horizon.reasons() {
            if let Detail::Adverse { date, .. } = r.detail {
                if r.code == ReasonCode::ANNUAL_REPORT_MISSING && date > as_of {
                    let Some(by) = date.pred_opt() else { continue };
                    let year = by.year() - 1;
                    let id = fresh_id(h, &format!("report:{year}"));
                    let with = with_facts(h, [Fact::annual_report(id, by, year)])?;
                    if let Some(effect) = self.effect_of(&mut ws, outlook, &with, by.max(as_of))? {
                        out.reports.push(Action::AnnualReport { year, by, effect });
                    }
                }
            }
        }
        let mut filed: Vec<Fact> = Vec::new();
        for (from, target, severity) in candidates {
            let id = fresh_id(h, &format!("repair:{target}"));
            let fact = Fact::repair(&id, from, target.as_str());
            let alone = with_facts(h, [fact.clone()])?;
            if let Some(effect) = self.effect_of(&mut ws, outlook, &alone, from)? {
                out.repairs.push(Action::Repair {
                    target: target.clone(),
                    severity,
                    from,
                    effect,
                });
                filed.push(fact);
                let all = with_facts(h, filed.iter().cloned())?;
                let s = self.summarize_with(&mut ws, &all, from)?;
                out.plan.push((from, target, s));
            }
        }

        self.gaps(&mut ws, h, outlook, &mut out.gaps)?;
        self.risks(h, outlook, &mut out.risks)?;
        Ok(out)
    }

    /// The effect of a changed history `with`, whose new facts are dated `from`.
    fn effect_of(
        &self,
        ws: &mut Workspace,
        base: &Outlook,
        with: &History,
        from: NaiveDate,
    ) -> Result<Option<Effect>, Error> {
        let until = base.until();
        let other = self.outlook_with(ws, with, from, until)?;
        let Some((date, _)) = first_difference(base, &other, from) else {
            return Ok(None);
        };
        let (Some(before), Some(after)) = (base.at(date), other.at(date)) else {
            return Ok(None);
        };
        let grade = first_grade_difference(base, &other, date);
        Ok(Some(Effect {
            date,
            before: *before,
            after: *after,
            grade,
        }))
    }

    fn gaps(
        &self,
        ws: &mut Workspace,
        h: &History,
        outlook: &Outlook,
        out: &mut Vec<PointsGap>,
    ) -> Result<(), Error> {
        let days = core::iter::once((outlook.as_of(), outlook.now()))
            .chain(outlook.changes().iter().map(|c| (c.date, &c.summary)));
        let mut tier_a = None;
        let mut eligible = None;
        for (d, s) in days {
            if s.grade.is_some_and(|g| g.tier() == crate::Tier::A) && s.status == Status::Active {
                tier_a = tier_a.or(Some((d, *s)));
                if s.eligible == Some(true) {
                    eligible = Some((d, *s));
                    break;
                }
            }
        }
        let Some((on, s)) = eligible.or(tier_a) else {
            return Ok(());
        };
        let refine = &self.policy().refine;
        let grade = s.grade.unwrap_or(Grade::A);
        let best = best_per_kind(h, on, &refine.points);
        // The targets: (grade, threshold, the value compared, the weight of one
        // honour point).
        let targets: Vec<(Grade, Decimal, Decimal, Decimal)> = match &self.policy().scoring {
            Scoring::Floors => {
                let p = s.points.unwrap_or_default();
                vec![
                    (Grade::Aa, refine.aa_min, p, Decimal::ONE),
                    (Grade::Aaa, refine.aaa_min, p, Decimal::ONE),
                ]
            }
            Scoring::Score(rules) => {
                let score = s.score.unwrap_or_default();
                let weight = rules.coefficients.get(crate::quantify::Method::Tiered);
                rules
                    .bands
                    .iter()
                    .map(|b| (b.grade, b.min, score, weight))
                    .collect()
            }
        };
        for (target, threshold, value, weight) in targets {
            if grade <= target || weight <= Decimal::ZERO {
                continue;
            }
            let missing = threshold - value;
            let mut gap = PointsGap {
                target,
                on,
                eligible: s.eligible == Some(true),
                points: value,
                threshold,
                missing,
                options: Vec::new(),
                combination: Vec::new(),
            };
            // The largest gain of each kind, for the combination.
            let mut top: Vec<(Decimal, Honour)> = Vec::new();
            for (k, levels) in honour_kinds().iter().enumerate() {
                let gain = |x: Honour| (refine.points.get(x) - best[k]).max(Decimal::ZERO) * weight;
                if let Some(&x) = levels.first() {
                    top.push((gain(x), x));
                }
                // The lowest level that closes the gap alone.
                let Some(&honour) = levels.iter().rev().find(|&&x| gain(x) >= missing) else {
                    continue;
                };
                if !gap.eligible && target.tier() == crate::Tier::A && target < Grade::A {
                    continue;
                }
                let granted_on = outlook.as_of().max(h.enterprise().registered_on);
                let id = fresh_id(h, "honour:new");
                let with = with_facts(h, [Fact::honour(id, granted_on, honour, None)])?;
                if let Some(effect) = self.effect_of(ws, outlook, &with, granted_on)? {
                    // Verified: the grade reaches the target.
                    if effect
                        .grade
                        .is_some_and(|(_, g)| g.is_some_and(|g| g <= target))
                    {
                        gap.options.push(HonourOption {
                            honour,
                            gain: gain(honour),
                            action: Action::Honour {
                                honour,
                                granted_on,
                                effect,
                            },
                        });
                    }
                }
            }
            if gap.options.is_empty() {
                top.sort_by_key(|x| core::cmp::Reverse(x.0));
                let mut sum = Decimal::ZERO;
                for (g, x) in top {
                    if sum >= missing || g.is_zero() {
                        break;
                    }
                    sum += g;
                    gap.combination.push(x);
                }
                if sum < missing {
                    gap.combination.clear();
                }
            }
            out.push(gap);
        }
        Ok(())
    }

    fn risks(&self, h: &History, outlook: &Outlook, out: &mut Vec<Risk>) -> Result<(), Error> {
        let as_of = outlook.as_of();
        let now = outlook.now();
        if now.status != Status::Active {
            return Ok(());
        }
        let facts = h.facts();
        for rule in &self.policy().cumulative {
            let start = sub_months(as_of, rule.window_months);
            let counted: Vec<&Fact> = facts
                .iter()
                .filter(|f| f.date > start && f.date <= as_of)
                .filter(|f| match (rule.counts, &f.kind) {
                    (Counted::Complaints, FactKind::Complaint)
                    | (Counted::Admonitions, FactKind::Admonition)
                    | (Counted::Breaches, FactKind::Breach { .. }) => true,
                    (Counted::Penalties(s), FactKind::Penalty { article }) => {
                        self.catalogue().severity(article) == Some(s)
                    }
                    _ => false,
                })
                .collect();
            let n = u32::try_from(counted.len()).unwrap_or(u32::MAX);
            out.push(Risk::Cumulative {
                rule: rule.id.clone(),
                counted: n,
                threshold: rule.threshold,
                needed: rule.threshold.saturating_sub(n).max(1),
                start,
                eases_on: counted
                    .first()
                    .map(|f| leaves_lookback(f.date, rule.window_months)),
                severity: rule.severity,
            });
        }
        // One new penalty of each severity, least first.
        let probe = Assessor::new(
            self.policy().clone(),
            Probe {
                inner: self.catalogue(),
            },
        )?;
        let id = fresh_id(h, "penalty:new");
        let mut risk = Risk::NewEvent {
            severity: None,
            after: None,
        };
        for (article, s) in PROBE {
            let with = with_facts(h, [Fact::penalty(&id, as_of, article)])?;
            let after = probe.summarize(&with, as_of)?;
            if (after.status, after.grade) != (now.status, now.grade) {
                risk = Risk::NewEvent {
                    severity: Some(s),
                    after: Some(after),
                };
                break;
            }
        }
        out.push(risk);
        Ok(())
    }
}

fn first_grade_difference(
    a: &Outlook,
    b: &Outlook,
    from: NaiveDate,
) -> Option<(NaiveDate, Option<Grade>)> {
    let mut dates: Vec<NaiveDate> = a
        .changes()
        .iter()
        .chain(b.changes())
        .map(|c| c.date)
        .filter(|&d| d > from)
        .collect();
    dates.push(from);
    dates.sort_unstable();
    dates.dedup();
    dates.into_iter().find_map(|d| {
        let (x, y) = (a.at(d)?, b.at(d)?);
        ((x.status, x.grade) != (y.status, y.grade)).then_some((d, y.grade))
    })
}

/// The honours of each kind, highest level first: contract-abiding, trademark,
/// advertising, other (the order of the points table).
fn honour_kinds() -> [Vec<Honour>; 4] {
    [
        HonourLevel::ALL.map(Honour::ContractAbiding).to_vec(),
        HonourLevel::ALL.map(Honour::Trademark).to_vec(),
        [AdGrade::A, AdGrade::B, AdGrade::C]
            .map(Honour::Advertising)
            .to_vec(),
        HonourLevel::ALL.map(Honour::Other).to_vec(),
    ]
}

fn kind_index(h: Honour) -> usize {
    match h {
        Honour::ContractAbiding(_) => 0,
        Honour::Trademark(_) => 1,
        Honour::Advertising(_) => 2,
        Honour::Other(_) => 3,
    }
}

/// The points of the best active honour of each kind on `on`.
fn best_per_kind(h: &History, on: NaiveDate, table: &crate::policy::HonourPoints) -> [Decimal; 4] {
    let mut best = [Decimal::ZERO; 4];
    for f in h.facts_as_of(on) {
        if let FactKind::Honour { honour, until } = f.kind {
            if until.is_none_or(|u| on < u) {
                let k = kind_index(honour);
                best[k] = best[k].max(table.get(honour));
            }
        }
    }
    best
}
