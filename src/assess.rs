//! The assessment: an [`Assessor`] compiled once from a policy and a catalogue,
//! grading one enterprise or a batch as of a date.

use std::borrow::Cow;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::explain::{Binding, Detail, Evidence, Reason, Status};
use crate::lock::{self, Event, RepairResult, Verdict};
use crate::national::{Mark, Standing};
use crate::policy::NationalGrading;
use crate::policy::{Scoring, UnknownArticle};
use crate::population::kernel::{Plan, Scratch};
use crate::population::{Population, Tables};
use crate::quantify::Method;
use crate::quantify::record::{Record, Rows, Tag};
use crate::quantify::{self, Ctx, Effect, Findings, Input, Quantifier, ReasonCode};
use crate::refine::{self, Bar};
use crate::{ArticleLookup, Catalogue, Error, ErrorKind, Grade, History, Policy, Severity, Tier};

/// The lean result of an assessment: no reasons, no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// Where the enterprise stands.
    pub status: Status,
    /// The grade; `None` when not rated.
    pub grade: Option<Grade>,
    /// The lock's end when a lock sets the grade (B/C/D from a lock, or a floor).
    pub locked_until: Option<NaiveDate>,
    /// Honour points, on every tier-A grade.
    pub points: Option<Decimal>,
    /// The score, in score mode.
    pub score: Option<Decimal>,
    /// How many repairs were rejected as too early.
    pub rejected_repairs: u32,
    /// On tier-A grades: whether the enterprise is eligible for AAA / AA
    /// (legal person, nothing adverse and no key-person flag in the look-back).
    pub eligible: Option<bool>,
}

impl Summary {
    /// The tier of the grade.
    #[must_use]
    pub fn tier(&self) -> Option<Tier> {
        self.grade.map(Grade::tier)
    }
}

/// A grade as of a date, with everything that explains it.
///
/// Serialises to the same bytes for the same input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assessment {
    enterprise: String,
    as_of: NaiveDate,
    status: Status,
    grade: Option<Grade>,
    locked_until: Option<NaiveDate>,
    points: Option<Decimal>,
    score: Option<Decimal>,
    binding: Binding,
    rejected_repairs: Vec<String>,
    eligible: Option<bool>,
    reasons: Vec<Reason>,
    policy: String,
}

impl Assessment {
    /// The enterprise's id.
    #[must_use]
    pub fn enterprise(&self) -> &str {
        &self.enterprise
    }

    /// The assessment date.
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// Where the enterprise stands.
    #[must_use]
    pub fn status(&self) -> Status {
        self.status
    }

    /// The grade; `None` when not rated (closed or not registered).
    #[must_use]
    pub fn grade(&self) -> Option<Grade> {
        self.grade
    }

    /// The tier of the grade.
    #[must_use]
    pub fn tier(&self) -> Option<Tier> {
        self.grade.map(Grade::tier)
    }

    /// The lock's end, when a lock sets the grade.
    #[must_use]
    pub fn locked_until(&self) -> Option<NaiveDate> {
        self.locked_until
    }

    /// Honour points, on every tier-A grade.
    #[must_use]
    pub fn points(&self) -> Option<Decimal> {
        self.points
    }

    /// The score, in score mode.
    #[must_use]
    pub fn score(&self) -> Option<Decimal> {
        self.score
    }

    /// What bound the grade.
    #[must_use]
    pub fn binding(&self) -> &Binding {
        &self.binding
    }

    /// Ids of the repairs rejected as too early, by repair date then id.
    #[must_use]
    pub fn rejected_repairs(&self) -> &[String] {
        &self.rejected_repairs
    }

    /// On tier-A grades: whether the enterprise is eligible for AAA / AA.
    #[must_use]
    pub fn eligible(&self) -> Option<bool> {
        self.eligible
    }

    /// The reasons: findings in pipeline order, then repairs, then the decision.
    #[must_use]
    pub fn reasons(&self) -> &[Reason] {
        &self.reasons
    }

    /// The fingerprint of the policy that produced it.
    #[must_use]
    pub fn policy_fingerprint(&self) -> &str {
        &self.policy
    }

    /// The lean summary of this assessment.
    #[must_use]
    pub fn summary(&self) -> Summary {
        Summary {
            status: self.status,
            grade: self.grade,
            locked_until: self.locked_until,
            points: self.points,
            score: self.score,
            rejected_repairs: u32::try_from(self.rejected_repairs.len()).unwrap_or(u32::MAX),
            eligible: self.eligible,
        }
    }
}

/// Reusable buffers for assessing many enterprises without allocating per
/// enterprise. Batch functions keep one per thread; single calls make their own.
#[derive(Debug, Default)]
pub struct Workspace {
    severities: Vec<Option<Severity>>,
    findings: Findings,
    events: Vec<Event>,
    repairs: Vec<(u32, u32, RepairResult)>,
    dates: quantify::DateCache,
    /// An enterprise and its facts as rows, for custom quantifiers on records
    /// that do not hold rows.
    rows: (Option<crate::Enterprise>, Vec<crate::Fact>),
}

impl Workspace {
    /// Empty buffers.
    #[must_use]
    pub fn new() -> Workspace {
        Workspace::default()
    }
}

/// The internal outcome of one evaluation; details stay in the workspace.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome {
    NotRegistered,
    Closed { fact: usize },
    Revoked { fact: usize },
    Graded(Graded),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Graded {
    verdict: Verdict,
    grade: Grade,
    points: Decimal,
    bar: Option<Bar>,
    threshold: Option<Decimal>,
    score: Option<(Decimal, Grade, Decimal)>,
    capped: bool,
    lookback_start: NaiveDate,
    rejected: u32,
}

/// A policy and a catalogue compiled for grading.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy, Severity};
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let catalogue = Catalogue::from_pairs([("art-1", Severity::Serious)])?;
/// let assessor = Assessor::new(Policy::seed(), catalogue)?;
/// let history = History::new(
///     Enterprise::new("E1", d(2020, 1, 1)).legal_person(true),
///     vec![
///         Fact::penalty("P1", d(2024, 1, 10), "art-1"),
///         Fact::annual_report("R2023", d(2024, 3, 1), 2023),
///     ],
/// )?;
/// let a = assessor.assess(&history, d(2024, 6, 1))?;
/// assert_eq!(a.grade(), Some(Grade::D));
/// assert_eq!(a.locked_until(), Some(d(2025, 1, 10)));
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub struct Assessor<C = Catalogue> {
    policy: Policy,
    catalogue: C,
    fingerprint: String,
    /// The first 64 bits of the fingerprint: keys the per-date cache of a
    /// `Workspace` shared between assessors.
    policy_key: u64,
    quantifiers: Vec<Box<dyn Quantifier>>,
    /// How many of the quantifiers are built in (they come first).
    builtin: usize,
}

impl<C: core::fmt::Debug> core::fmt::Debug for Assessor<C> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Assessor")
            .field("policy", &self.policy.name)
            .field("fingerprint", &self.fingerprint)
            .field(
                "quantifiers",
                &self
                    .quantifiers
                    .iter()
                    .map(|q| q.name())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl<C: ArticleLookup> Assessor<C> {
    /// Compiles a policy and a catalogue, with the built-in quantifiers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] when the policy does not
    /// [`validate`](Policy::validate).
    pub fn new(policy: Policy, catalogue: C) -> Result<Assessor<C>, Error> {
        policy.validate()?;
        let fingerprint = policy.fingerprint();
        let policy_key = fingerprint
            .get(7..23)
            .and_then(|h| u64::from_str_radix(h, 16).ok())
            .unwrap_or(0);
        Ok(Assessor {
            policy,
            catalogue,
            fingerprint,
            policy_key,
            builtin: quantify::builtin().len(),
            quantifiers: quantify::builtin(),
        })
    }

    /// Adds a quantifier of your own after the built-in ones.
    #[must_use]
    pub fn with_quantifier(mut self, q: impl Quantifier + 'static) -> Assessor<C> {
        self.quantifiers.push(Box::new(q));
        self
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The catalogue.
    #[must_use]
    pub fn catalogue(&self) -> &C {
        &self.catalogue
    }

    /// The policy's fingerprint.
    #[must_use]
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The names of the quantifiers, in pipeline order.
    #[must_use]
    pub fn quantifier_names(&self) -> Vec<&str> {
        self.quantifiers.iter().map(|q| q.name()).collect()
    }

    /// Grades one enterprise as of `as_of`, with every reason.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`] naming the field `as_of` when `as_of` lies
    /// outside the supported dates ([`FIRST_DATE`](crate::model::FIRST_DATE) to
    /// [`LAST_DATE`](crate::model::LAST_DATE)); in a batch, every entry carries it.
    /// The enterprise's data error, on the earliest offending fact (by date, then
    /// id) dated on or before `as_of`: [`ErrorKind::FactBeforeRegistration`], then
    /// [`ErrorKind::UnknownArticle`], then [`ErrorKind::UnknownRepairTarget`] (and
    /// [`ErrorKind::UnknownDepartmentRecord`]) on one fact. An enterprise not (or
    /// no longer) rated reports no data error. [`ErrorKind::Overflow`] if points
    /// leave `Decimal`'s range. [`ErrorKind::InvalidPolicy`] naming the field
    /// `national` when the policy has national effects ([`Policy::national`]):
    /// they need the enterprise's standing, so grade with
    /// [`assess_national`](Assessor::assess_national) and its siblings; every
    /// plain path (batches, populations, the outlook) refuses such a policy, per
    /// enterprise.
    pub fn assess(&self, history: &History, as_of: NaiveDate) -> Result<Assessment, Error> {
        self.assess_with(&mut Workspace::new(), history, as_of)
    }

    /// [`assess`](Assessor::assess) reusing buffers.
    ///
    /// # Errors
    ///
    /// As [`assess`](Assessor::assess).
    pub fn assess_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Assessment, Error> {
        self.without_national(history.id())?;
        self.assess_local(ws, history, as_of)
    }

    /// The local scheme's assessment, whatever the policy's national section:
    /// for the paths that apply the national effects themselves.
    pub(crate) fn assess_local(
        &self,
        ws: &mut Workspace,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Assessment, Error> {
        let rec = Self::rows(history);
        let outcome = self.evaluate(ws, &rec, as_of)?;
        Ok(self.explain(ws, &rec, as_of, outcome))
    }

    /// Grades one enterprise as of `as_of`: the lean path, no reasons.
    ///
    /// # Errors
    ///
    /// As [`assess`](Assessor::assess).
    pub fn summarize(&self, history: &History, as_of: NaiveDate) -> Result<Summary, Error> {
        self.summarize_with(&mut Workspace::new(), history, as_of)
    }

    /// [`summarize`](Assessor::summarize) reusing buffers: allocates nothing once
    /// the buffers have grown.
    ///
    /// # Errors
    ///
    /// As [`assess`](Assessor::assess).
    pub fn summarize_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Summary, Error> {
        self.without_national(history.id())?;
        Ok(summary_of(self.evaluate(
            ws,
            &Self::rows(history),
            as_of,
        )?))
    }

    /// Refuses the plain paths when the policy has national effects: they read
    /// no [`Standing`], and grading as if no mark held would silently drop the
    /// effects the policy asks for.
    fn without_national(&self, enterprise: &str) -> Result<(), Error> {
        if self.policy.national.is_none() {
            return Ok(());
        }
        Err(Error::invalid_policy(
            "national",
            "the policy has national effects, which need the enterprise's national standing: \
             grade with assess_national, summarize_national or outlook_national",
        )
        .with_enterprise(enterprise))
    }

    /// Grades many enterprises, with reasons. One enterprise's error is its own
    /// entry and never stops the batch; results are in input order.
    #[must_use]
    pub fn assess_batch(
        &self,
        histories: &[History],
        as_of: NaiveDate,
    ) -> Vec<Result<Assessment, Error>> {
        sequential(histories, |ws, h| self.assess_with(ws, h, as_of))
    }

    /// Grades many enterprises on the lean path. One enterprise's error is its own
    /// entry; results are in input order.
    #[must_use]
    pub fn summarize_batch(
        &self,
        histories: &[History],
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        sequential(histories, |ws, h| self.summarize_with(ws, h, as_of))
    }

    /// Grades every enterprise of a columnar [`Population`] on the lean path, in
    /// input order: the same results as [`summarize_batch`](Assessor::summarize_batch)
    /// on the same enterprises as histories. An enterprise that failed validation
    /// gets its validation error. Allocates nothing per enterprise beyond the
    /// result.
    #[must_use]
    pub fn summarize_population(
        &self,
        population: &Population,
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        let tables = population.tables(&self.catalogue, &self.policy);
        let Some(plan) = self.plan(population, &tables, as_of) else {
            return sequential(0..population.len(), |ws, e| {
                self.summarize_member(ws, population, &tables, e, as_of)
            });
        };
        let mut scratch = Scratch::default();
        sequential(0..population.len(), |ws, e| {
            self.summarize_planned(&plan, &mut scratch, ws, population, &tables, e, as_of)
        })
    }

    /// The one-pass summary plan for a batch, when the policy and the date
    /// allow it (see `population::kernel`).
    pub(crate) fn plan<'a>(
        &'a self,
        population: &'a Population,
        tables: &Tables,
        as_of: NaiveDate,
    ) -> Option<Plan<'a>> {
        Plan::new(
            population,
            &self.policy,
            tables,
            self.quantifiers.len() != self.builtin,
            as_of,
        )
    }

    /// One enterprise's summary by the plan, or by the general engine where the
    /// plan hands it back.
    #[allow(clippy::too_many_arguments)]
    fn summarize_planned(
        &self,
        plan: &Plan<'_>,
        scratch: &mut Scratch,
        ws: &mut Workspace,
        population: &Population,
        tables: &Tables,
        e: usize,
        t: NaiveDate,
    ) -> Result<Summary, Error> {
        // Checked before the id is read: reading every id would cost the
        // summary path a pass over the id column.
        if self.policy.national.is_some() {
            self.without_national(population.id(e))?;
        }
        if let Some(err) = population.error(e) {
            return Err(err.clone());
        }
        match plan.summarize(scratch, e) {
            Some(s) => Ok(s),
            None => Ok(summary_of(self.evaluate(
                ws,
                &population.member(e, Some(tables)),
                t,
            )?)),
        }
    }

    /// Grades every enterprise of a columnar [`Population`] with reasons, in input
    /// order: the same results as [`assess_batch`](Assessor::assess_batch) on the
    /// same enterprises as histories.
    #[must_use]
    pub fn assess_population(
        &self,
        population: &Population,
        as_of: NaiveDate,
    ) -> Vec<Result<Assessment, Error>> {
        let tables = population.tables(&self.catalogue, &self.policy);
        sequential(0..population.len(), |ws, e| {
            self.assess_member(ws, population, &tables, e, as_of)
        })
    }

    fn summarize_member(
        &self,
        ws: &mut Workspace,
        population: &Population,
        tables: &Tables,
        e: usize,
        t: NaiveDate,
    ) -> Result<Summary, Error> {
        self.without_national(population.id(e))?;
        if let Some(err) = population.error(e) {
            return Err(err.clone());
        }
        Ok(summary_of(self.evaluate(
            ws,
            &population.member(e, Some(tables)),
            t,
        )?))
    }

    fn assess_member(
        &self,
        ws: &mut Workspace,
        population: &Population,
        tables: &Tables,
        e: usize,
        t: NaiveDate,
    ) -> Result<Assessment, Error> {
        self.without_national(population.id(e))?;
        if let Some(err) = population.error(e) {
            return Err(err.clone());
        }
        let rec = population.member(e, Some(tables));
        let outcome = self.evaluate(ws, &rec, t)?;
        Ok(self.explain(ws, &rec, t, outcome))
    }

    /// The record of a history.
    fn rows(h: &History) -> Rows<'_> {
        Rows {
            enterprise: h.enterprise(),
            facts: h.facts(),
            history: Some(h),
        }
    }

    /// Grades one record: the one engine behind every layout.
    pub(crate) fn evaluate<R: Record>(
        &self,
        ws: &mut Workspace,
        rec: &R,
        t: NaiveDate,
    ) -> Result<Outcome, Error> {
        crate::model::dates::check_date("as_of", t).map_err(|err| err.with_enterprise(rec.id()))?;
        if rec.registered_on() > t {
            return Ok(Outcome::NotRegistered);
        }
        let n = rec.len_as_of(t);
        // Status in one pass: the first deregistration closes, whatever else the
        // record holds; the first revocation counts only after the data errors.
        let mut revoked = None;
        let mut counts = [0u32; 12];
        for i in 0..n {
            let tag = rec.tag(i);
            counts[tag as usize] += 1;
            match tag {
                Tag::Deregistration => return Ok(Outcome::Closed { fact: i }),
                Tag::Revocation if revoked.is_none() => revoked = Some(i),
                _ => {}
            }
        }
        self.check(ws, rec, n)?;
        if let Some(i) = revoked {
            return Ok(Outcome::Revoked { fact: i });
        }

        // Quantify.
        ws.dates.prepare(&self.policy, self.policy_key, t);
        ws.findings.clear();
        let cx = Ctx {
            rec,
            n,
            counts,
            severities: &ws.severities,
            as_of: t,
            policy: &self.policy,
            dates: &ws.dates,
            prune: self.quantifiers.len() == self.builtin,
        };
        quantify::run_builtin(&cx, &mut ws.findings);
        if let Some(custom) = self
            .quantifiers
            .get(quantify::BUILTIN..)
            .filter(|q| !q.is_empty())
        {
            let Workspace {
                rows,
                severities,
                findings,
                dates,
                ..
            } = ws;
            let (enterprise, facts) = if let Some((e, f)) = rec.rows() {
                (e, &f[..n])
            } else {
                let e = rec.materialise(n, &mut rows.0, &mut rows.1);
                (e, &rows.1[..])
            };
            let input = Input {
                enterprise,
                facts,
                severities,
                as_of: t,
                policy: &self.policy,
                dates,
                prune: false,
            };
            for q in custom {
                q.quantify(&input, findings);
            }
        }

        // Adverse events and repairs.
        let rules = &self.policy.lock;
        ws.events.clear();
        for (k, f) in ws.findings.as_slice().iter().enumerate() {
            if let Effect::Adverse { severity, date } = f.effect() {
                if date <= t {
                    #[allow(clippy::cast_possible_truncation)]
                    let mut event = Event::new(k as u32, date, severity, f.repairable(), rules);
                    if let Some(link) = f.link() {
                        event.link = link;
                    }
                    ws.events.push(event);
                }
            }
        }
        ws.repairs.clear();
        let mut rejected = 0u32;
        if counts[Tag::Repair as usize] > 0 {
            for i in 0..n {
                if rec.tag(i) == Tag::Repair {
                    // Checked above: the target exists at `t`.
                    let Some(j) = rec.repair_target(i).0 else {
                        continue;
                    };
                    #[allow(clippy::cast_possible_truncation)]
                    let r = lock::repair(&mut ws.events, j as u32, rec.date(i), rules);
                    if matches!(r, RepairResult::TooEarly { .. }) {
                        rejected += 1;
                    }
                    #[allow(clippy::cast_possible_truncation)]
                    ws.repairs.push((i as u32, j as u32, r));
                }
            }
        }
        let verdict = lock::decide(&mut ws.events, t, rules.mode);

        // Points and eligibility.
        let mut points = Decimal::ZERO;
        for f in ws.findings.as_slice() {
            if let Effect::Points { points: p } = f.effect() {
                points = points.checked_add(p).ok_or_else(|| overflow(rec.id()))?;
            }
        }
        let refine_rules = &self.policy.refine;
        let start = ws.dates.lookback_start;
        let bar = if refine_rules.require_legal_person && !rec.legal_person() {
            Some(Bar::NotLegalPerson)
        } else if ws
            .events
            .iter()
            .any(|ev| !ev.repaired && ev.date > start && ev.date <= t)
        {
            Some(Bar::AdverseEvent)
        } else if refine_rules.key_person_flags_bar
            && ws.findings.as_slice().iter().any(|f| {
                matches!(f.effect(), Effect::BarsRefinement { date } if date > start && date <= t)
            })
        {
            Some(Bar::KeyPersonFlag)
        } else {
            None
        };

        let mut g = Graded {
            verdict,
            grade: verdict.tier.grade(),
            points,
            bar,
            threshold: None,
            score: None,
            capped: false,
            lookback_start: start,
            rejected,
        };
        match &self.policy.scoring {
            Scoring::Floors => {
                if verdict.tier == Tier::A {
                    let (grade, threshold) = refine::refine(refine_rules, bar.is_none(), points);
                    g.grade = grade;
                    g.threshold = threshold;
                }
            }
            Scoring::Score(s) => {
                let mut total = s.base;
                let mut add = |x: Decimal, m: Method| -> Result<(), Error> {
                    total = x
                        .checked_mul(s.coefficients.get(m))
                        .and_then(|y| total.checked_add(y))
                        .ok_or_else(|| overflow(rec.id()))?;
                    Ok(())
                };
                for ev in &ws.events {
                    if ev.date <= t && t < ev.end {
                        let m = ws.findings.as_slice()[ev.finding as usize].method();
                        add(s.severity_points.get(ev.severity), m)?;
                    }
                }
                for f in ws.findings.as_slice() {
                    match f.effect() {
                        Effect::Points { points } => add(points, f.method())?,
                        Effect::BarsRefinement { date } if date > start && date <= t => {
                            add(s.key_person_points, f.method())?;
                        }
                        _ => {}
                    }
                }
                let score = s.rounding.apply(total);
                let (band, min) = s
                    .bands
                    .iter()
                    .find(|b| score >= b.min)
                    .or(s.bands.last())
                    .map_or((Grade::D, score), |b| (b.grade, b.min));
                let mut grade = band;
                if bar.is_some() && grade < Grade::A {
                    grade = Grade::A;
                }
                if s.floors && verdict.tier > grade.tier() {
                    grade = verdict.tier.grade();
                    g.capped = true;
                }
                g.grade = grade;
                g.score = Some((score, band, min));
            }
        }
        Ok(Outcome::Graded(g))
    }

    /// Data errors and severities of the first `n` facts (those that exist at the
    /// date).
    fn check<R: Record>(&self, ws: &mut Workspace, rec: &R, n: usize) -> Result<(), Error> {
        ws.severities.clear();
        let registered_on = rec.registered_on();
        for i in 0..n {
            let err = |kind: ErrorKind, msg: String| {
                Error::new(kind, msg)
                    .with_enterprise(rec.id())
                    .with_fact(rec.fact_id(i))
            };
            let tag = rec.tag(i);
            let date = rec.date(i);
            if date < registered_on {
                return Err(err(
                    ErrorKind::FactBeforeRegistration,
                    format!(
                        "the {} is dated {}, before registration on {}",
                        tag.as_str(),
                        date,
                        registered_on
                    ),
                )
                .with_field("date")
                .with_subject(date.to_string()));
            }
            let severity = match tag {
                Tag::Penalty => match rec.penalty_severity(i, &self.catalogue) {
                    Some(s) => Some(s),
                    None => match self.policy.penalties.unknown_article {
                        UnknownArticle::Treat(s) => Some(s),
                        UnknownArticle::Error => {
                            let article = rec.article(i);
                            return Err(err(
                                ErrorKind::UnknownArticle,
                                if article.is_empty() {
                                    "the penalty cites no article".to_owned()
                                } else {
                                    format!("article {article:?} is not in the catalogue")
                                },
                            )
                            .with_field("article")
                            .with_subject(article));
                        }
                    },
                },
                Tag::Breach => Some(rec.breach_severity(i, &self.policy)),
                Tag::DepartmentRecord => {
                    let (department, code) = rec.department(i);
                    let s = self.policy.department_severity(department, code);
                    if s.is_none() && self.policy.departments.unknown_is_error {
                        return Err(err(
                            ErrorKind::UnknownDepartmentRecord,
                            format!(
                                "department {department:?} code {code:?} is not mapped by the policy"
                            ),
                        )
                        .with_field("code")
                        .with_subject(code));
                    }
                    s
                }
                Tag::Repair => {
                    let (pos, target) = rec.repair_target(i);
                    let ok = pos
                        .is_some_and(|j| j < n && matches!(rec.tag(j), Tag::Penalty | Tag::Breach));
                    if !ok {
                        return Err(err(
                            ErrorKind::UnknownRepairTarget,
                            format!(
                                "the repair targets {target:?}, which is not a penalty or breach of this enterprise dated on or before the assessment date"
                            ),
                        )
                        .with_field("target")
                        .with_subject(target));
                    }
                    None
                }
                _ => None,
            };
            ws.severities.push(severity);
        }
        Ok(())
    }

    pub(crate) fn explain<R: Record>(
        &self,
        ws: &Workspace,
        rec: &R,
        t: NaiveDate,
        outcome: Outcome,
    ) -> Assessment {
        let ev = |i: usize| Evidence {
            fact: rec.fact_id(i).to_owned(),
            date: rec.date(i),
        };
        let summary = summary_of(outcome);
        let mut reasons = Vec::new();
        let mut rejected_repairs = Vec::new();
        let status_reason = |code: ReasonCode, status: Status, evidence: Vec<Evidence>| Reason {
            code,
            rule: Cow::Borrowed("status"),
            method: None,
            evidence,
            detail: Detail::Status { status },
        };
        let binding = match outcome {
            Outcome::NotRegistered => {
                reasons.push(status_reason(
                    ReasonCode::NOT_REGISTERED,
                    Status::NotRegistered,
                    Vec::new(),
                ));
                Binding::NotRated
            }
            Outcome::Closed { fact } => {
                reasons.push(status_reason(
                    ReasonCode::CLOSED,
                    Status::Closed,
                    vec![ev(fact)],
                ));
                Binding::NotRated
            }
            Outcome::Revoked { fact } => {
                reasons.push(status_reason(
                    ReasonCode::REVOKED,
                    Status::Revoked,
                    vec![ev(fact)],
                ));
                Binding::Revocation
            }
            Outcome::Graded(g) => {
                self.explain_graded(ws, rec, t, &g, &mut reasons, &mut rejected_repairs)
            }
        };
        Assessment {
            enterprise: rec.id().to_owned(),
            as_of: t,
            status: summary.status,
            grade: summary.grade,
            locked_until: summary.locked_until,
            points: summary.points,
            score: summary.score,
            binding,
            rejected_repairs,
            eligible: summary.eligible,
            reasons,
            policy: self.fingerprint.clone(),
        }
    }

    fn explain_graded<R: Record>(
        &self,
        ws: &Workspace,
        rec: &R,
        t: NaiveDate,
        g: &Graded,
        reasons: &mut Vec<Reason>,
        rejected: &mut Vec<String>,
    ) -> Binding {
        let n = rec.len_as_of(t);
        let ev = |i: u32| Evidence {
            fact: rec.fact_id(i as usize).to_owned(),
            date: rec.date(i as usize),
        };
        let v = g.verdict;
        let (ep_start, ep_end) = v.episode;
        let findings = ws.findings.as_slice();
        // The event (position in the sorted events) of each adverse finding.
        let mut event_of = vec![usize::MAX; findings.len()];
        for (p, e) in ws.events.iter().enumerate() {
            if let Some(slot) = event_of.get_mut(e.finding as usize) {
                *slot = p;
            }
        }
        for (k, f) in findings.iter().enumerate() {
            // Positions from a custom quantifier may be out of range: skipped.
            let evidence: Vec<Evidence> = ws
                .findings
                .evidence(f)
                .iter()
                .filter(|&&i| (i as usize) < n)
                .map(|&i| ev(i))
                .collect();
            let detail = match f.effect() {
                Effect::Adverse { severity, date } => {
                    let Some(&p) = event_of.get(k).filter(|&&p| p != usize::MAX) else {
                        continue;
                    };
                    let e = ws.events[p];
                    let locking = v.locked_until.is_some()
                        && !e.repaired
                        && match self.policy.lock.mode {
                            crate::policy::LockMode::Window => e.date <= t && t < e.end,
                            _ => p >= ep_start && p < ep_end,
                        }
                        && e.severity.tier() == v.tier;
                    Detail::Adverse {
                        severity,
                        date,
                        end: e.end,
                        repaired: e.repaired,
                        locking,
                    }
                }
                Effect::Points { points } => Detail::Points { points },
                Effect::BarsRefinement { date } => Detail::KeyPersonFlag {
                    date,
                    within_lookback: date > g.lookback_start && date <= t,
                },
            };
            reasons.push(Reason {
                code: f.reason().clone(),
                rule: f.rule_cow().clone(),
                method: Some(f.method()),
                evidence,
                detail,
            });
        }
        for &(i, j, r) in &ws.repairs {
            let target = rec.fact_id(j as usize).to_owned();
            let detail = match r {
                RepairResult::Accepted => {
                    let end = ws
                        .events
                        .iter()
                        .filter(|e| e.source == Some(j))
                        .map(|e| e.end)
                        .min()
                        .unwrap_or(t);
                    (
                        ReasonCode::REPAIR_ACCEPTED,
                        Detail::RepairAccepted { target, end },
                    )
                }
                RepairResult::TooEarly { earliest } => {
                    rejected.push(rec.fact_id(i as usize).to_owned());
                    (
                        ReasonCode::REPAIR_TOO_EARLY,
                        Detail::RepairTooEarly { target, earliest },
                    )
                }
                RepairResult::Nothing => continue,
            };
            reasons.push(Reason {
                code: detail.0,
                rule: Cow::Borrowed("repair"),
                method: None,
                evidence: vec![ev(i), ev(j)],
                detail: detail.1,
            });
        }
        // Findings and repairs in date order (stable: pipeline order on one day),
        // then the verdict.
        reasons.sort_by_key(Reason::date);
        // The lock's verdict.
        if let Some(until) = v.locked_until {
            let evidence = reasons
                .iter()
                .filter(|r| matches!(r.detail, Detail::Adverse { locking: true, .. }))
                .flat_map(|r| r.evidence.iter().cloned())
                .collect();
            reasons.push(Reason {
                code: ReasonCode::LOCKED,
                rule: Cow::Borrowed(lock_rule(self.policy.lock.mode)),
                method: None,
                evidence,
                detail: Detail::Locked {
                    tier: v.tier,
                    until,
                },
            });
        } else if let Some(since) = v.last_end {
            reasons.push(Reason {
                code: ReasonCode::RECOVERED,
                rule: Cow::Borrowed(lock_rule(self.policy.lock.mode)),
                method: None,
                evidence: Vec::new(),
                detail: Detail::Recovered { since },
            });
        }
        if g.grade.tier() == Tier::A {
            if let Some(bar) = g.bar {
                reasons.push(Reason {
                    code: ReasonCode::INELIGIBLE,
                    rule: Cow::Borrowed("refine.eligibility"),
                    method: None,
                    evidence: Vec::new(),
                    detail: Detail::Ineligible { bar },
                });
            }
        }
        let mut binding = match (v.locked_until, g.bar) {
            (Some(until), _) => Binding::Lock {
                tier: v.tier,
                until,
            },
            (None, Some(bar)) if g.grade == Grade::A => Binding::Eligibility { bar },
            _ => Binding::Points {
                points: g.points,
                threshold: g.threshold,
            },
        };
        if let Some((score, band, min)) = g.score {
            reasons.push(Reason {
                code: ReasonCode::SCORE,
                rule: Cow::Borrowed("scoring.bands"),
                method: None,
                evidence: Vec::new(),
                detail: Detail::Scored { score, band, min },
            });
            if g.capped {
                reasons.push(Reason {
                    code: ReasonCode::FLOOR_CAP,
                    rule: Cow::Borrowed("scoring.floors"),
                    method: None,
                    evidence: Vec::new(),
                    detail: Detail::FloorCap { tier: v.tier },
                });
            } else if !(g.bar.is_some() && g.grade == Grade::A && band < Grade::A) {
                binding = Binding::Band { score, min };
            }
        } else if g.grade.tier() == Tier::A {
            reasons.push(Reason {
                code: ReasonCode::REFINED,
                rule: Cow::Borrowed("refine.points"),
                method: Some(Method::Tiered),
                evidence: Vec::new(),
                detail: Detail::Refined {
                    grade: g.grade,
                    points: g.points,
                    threshold: g.threshold,
                },
            });
        }
        binding
    }
}

impl<C: ArticleLookup> Assessor<C> {
    /// Grades one enterprise as of `as_of` with every reason, applying the
    /// policy's national effects ([`Policy::national`]) of its [`Standing`]
    /// (computed by [`NationalRules::standing`](crate::national::NationalRules::standing),
    /// usually as of the same date): the best grade allowed while a mark holds
    /// (a [`Binding::NationalCap`] when it lowered the grade) and the bar on
    /// refinement. Each mark holding on `as_of` that has an effect is a reason
    /// (codes `abnormal_list`, `serious_list`, `publicity_system`,
    /// `credit_china`; rule `national.<mark>`) naming the listings or decisions.
    ///
    /// With the policy's `national` section off (`None`, the seed) the standing
    /// is not read and the result is [`assess`](Assessor::assess)'s, byte for
    /// byte.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::explain::Binding;
    /// use creditgrade::national::{Decision, Dossier, Measure, NationalRules, SeriousListing};
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Grade, History, Policy};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let history = History::new(Enterprise::new("E1", d(2020, 1, 1)).legal_person(true), vec![])?;
    /// let dossier = Dossier::new("E1")
    ///     .decision(Decision::new("P1", d(2024, 3, 1), "art-9").with_measure(Measure::LicenceRevoked))
    ///     .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 4, 1)));
    /// let t = d(2025, 1, 1);
    /// let standing = NationalRules::national_2026().standing(&dossier, t)?;
    /// let national = Assessor::new(Policy::national_2026(), Catalogue::new())?;
    /// let a = national.assess_national(&history, &standing, t)?;
    /// assert_eq!(a.grade(), Some(Grade::D));
    /// assert!(matches!(a.binding(), Binding::NationalCap { best_grade: Grade::D, .. }));
    /// // The seed policy does not read the standing.
    /// let seed = Assessor::new(Policy::seed(), Catalogue::new())?;
    /// assert_eq!(seed.assess_national(&history, &standing, t)?, seed.assess(&history, t)?);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`assess`](Assessor::assess); with the national section on,
    /// [`ErrorKind::ForeignFact`] when the standing is another enterprise's.
    pub fn assess_national(
        &self,
        history: &History,
        standing: &Standing,
        as_of: NaiveDate,
    ) -> Result<Assessment, Error> {
        self.assess_national_with(&mut Workspace::new(), history, standing, as_of)
    }

    /// [`assess_national`](Assessor::assess_national) reusing buffers.
    ///
    /// # Errors
    ///
    /// As [`assess_national`](Assessor::assess_national).
    pub fn assess_national_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        standing: &Standing,
        as_of: NaiveDate,
    ) -> Result<Assessment, Error> {
        let Some(n) = self.policy.national else {
            return self.assess_with(ws, history, as_of);
        };
        same_enterprise(history, standing)?;
        let rec = Self::rows(history);
        let outcome = self.evaluate(ws, &rec, as_of)?;
        let (outcome, cap) = national_effects(n, outcome, standing, as_of);
        let mut a = self.explain(ws, &rec, as_of, outcome);
        explain_national(n, &mut a, standing, as_of, cap);
        Ok(a)
    }

    /// The lean path of [`assess_national`](Assessor::assess_national): the same
    /// grade, no reasons.
    ///
    /// # Errors
    ///
    /// As [`assess_national`](Assessor::assess_national).
    pub fn summarize_national(
        &self,
        history: &History,
        standing: &Standing,
        as_of: NaiveDate,
    ) -> Result<Summary, Error> {
        self.summarize_national_with(&mut Workspace::new(), history, standing, as_of)
    }

    /// [`summarize_national`](Assessor::summarize_national) reusing buffers.
    ///
    /// # Errors
    ///
    /// As [`assess_national`](Assessor::assess_national).
    pub fn summarize_national_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        standing: &Standing,
        as_of: NaiveDate,
    ) -> Result<Summary, Error> {
        let Some(n) = self.policy.national else {
            return self.summarize_with(ws, history, as_of);
        };
        same_enterprise(history, standing)?;
        let outcome = self.evaluate(ws, &Self::rows(history), as_of)?;
        Ok(summary_of(national_effects(n, outcome, standing, as_of).0))
    }

    /// [`summarize_national`](Assessor::summarize_national) over many
    /// enterprises, each with its standing (pairs in input order; with the
    /// national section on, a missing standing is the enterprise's
    /// [`ErrorKind::ForeignFact`]). One enterprise's error is its own entry.
    #[must_use]
    pub fn summarize_national_batch(
        &self,
        histories: &[History],
        standings: &[Standing],
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        let missing = Standing::default();
        sequential(histories.iter().enumerate(), |ws, (i, h)| {
            let s = standings.get(i).unwrap_or(&missing);
            self.summarize_national_with(ws, h, s, as_of)
        })
    }
}

fn same_enterprise(history: &History, standing: &Standing) -> Result<(), Error> {
    if standing.enterprise == history.id() {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::ForeignFact,
            format!("the national standing belongs to {:?}", standing.enterprise),
        )
        .with_enterprise(history.id())
        .with_field("standing"))
    }
}

/// Applies the national effects to a graded outcome: the bar first (the first
/// holding mark that bars, when nothing else does), then the cap (the worst
/// best-grade among the holding marks). Returns the cap that lowered the grade.
pub(crate) fn national_effects(
    n: NationalGrading,
    outcome: Outcome,
    standing: &Standing,
    t: NaiveDate,
) -> (Outcome, Option<(Mark, Grade)>) {
    let Outcome::Graded(mut g) = outcome else {
        return (outcome, None);
    };
    if g.bar.is_none() {
        if let Some(mark) = Mark::ALL
            .into_iter()
            .find(|&m| n.effect(m).bars_refinement && standing.holds(m, t))
        {
            g.bar = Some(Bar::of_mark(mark));
            if g.grade < Grade::A {
                g.grade = Grade::A;
                g.threshold = None;
            }
        }
    }
    let mut cap: Option<(Mark, Grade)> = None;
    for m in Mark::ALL {
        if let Some(best) = n.effect(m).best_grade {
            if g.grade < best && cap.is_none_or(|(_, b)| best > b) && standing.holds(m, t) {
                cap = Some((m, best));
            }
        }
    }
    if let Some((_, best)) = cap {
        g.grade = best;
    }
    (Outcome::Graded(g), cap)
}

pub(crate) fn mark_code(mark: Mark) -> (ReasonCode, &'static str) {
    match mark {
        Mark::AbnormalList => (ReasonCode::ABNORMAL_LIST, "national.abnormal_list"),
        Mark::SeriousList => (ReasonCode::SERIOUS_LIST, "national.serious_list"),
        Mark::PublicitySystem => (ReasonCode::PUBLICITY_SYSTEM, "national.publicity_system"),
        Mark::CreditChina => (ReasonCode::CREDIT_CHINA, "national.credit_china"),
    }
}

/// The reasons of the national marks holding on `t` (rated enterprises only),
/// and the binding of a cap that lowered the grade.
pub(crate) fn explain_national(
    n: NationalGrading,
    a: &mut Assessment,
    standing: &Standing,
    t: NaiveDate,
    cap: Option<(Mark, Grade)>,
) {
    if a.status != Status::Active {
        return;
    }
    for mark in Mark::ALL {
        let effect = n.effect(mark);
        if !effect.any() {
            continue;
        }
        let holding: Vec<&crate::national::Spell> = standing.holding(mark, t).collect();
        let Some(first) = holding.first() else {
            continue;
        };
        let until = holding
            .iter()
            .map(|s| s.until)
            .try_fold(None::<NaiveDate>, |acc, u| {
                u.map(|u| Some(acc.map_or(u, |x| x.max(u))))
            })
            .flatten();
        let capped = cap.is_some_and(|(m, _)| m == mark);
        if capped {
            if let Some(best_grade) = effect.best_grade {
                a.binding = Binding::NationalCap {
                    mark,
                    best_grade,
                    id: first.id.clone(),
                };
            }
        }
        let (code, rule) = mark_code(mark);
        a.reasons.push(Reason {
            code,
            rule: Cow::Borrowed(rule),
            method: None,
            evidence: holding
                .iter()
                .map(|s| Evidence {
                    fact: s.id.clone(),
                    date: s.from,
                })
                .collect(),
            detail: Detail::National {
                mark,
                best_grade: effect.best_grade,
                bars_refinement: effect.bars_refinement,
                since: first.from,
                until,
                capped,
            },
        });
    }
}

/// Runs `f` over the items in order with one workspace.
pub(crate) fn sequential<I, T>(
    items: impl IntoIterator<Item = I>,
    mut f: impl FnMut(&mut Workspace, I) -> Result<T, Error>,
) -> Vec<Result<T, Error>> {
    let mut ws = Workspace::new();
    items.into_iter().map(|x| f(&mut ws, x)).collect()
}

fn lock_rule(mode: crate::policy::LockMode) -> &'static str {
    match mode {
        crate::policy::LockMode::Window => "lock.window",
        _ => "lock.episode",
    }
}

fn overflow(enterprise: &str) -> Error {
    Error::new(ErrorKind::Overflow, "points leave the range of Decimal").with_enterprise(enterprise)
}

pub(crate) fn summary_of(outcome: Outcome) -> Summary {
    let status_only = |status, grade| Summary {
        status,
        grade,
        locked_until: None,
        points: None,
        score: None,
        rejected_repairs: 0,
        eligible: None,
    };
    match outcome {
        Outcome::NotRegistered => status_only(Status::NotRegistered, None),
        Outcome::Closed { .. } => status_only(Status::Closed, None),
        Outcome::Revoked { .. } => status_only(Status::Revoked, Some(Grade::D)),
        Outcome::Graded(g) => {
            let tier_a = g.grade.tier() == Tier::A;
            let locked = g.verdict.locked_until.filter(|_| !tier_a);
            Summary {
                status: Status::Active,
                grade: Some(g.grade),
                locked_until: locked,
                points: tier_a.then_some(g.points),
                score: g.score.map(|s| s.0),
                rejected_repairs: g.rejected,
                eligible: tier_a.then_some(g.bar.is_none()),
            }
        }
    }
}

#[cfg(feature = "rayon")]
impl<C: ArticleLookup + Sync> Assessor<C> {
    /// [`assess_batch`](Assessor::assess_batch) in parallel (feature `rayon`): the
    /// same results, in input order.
    #[must_use]
    pub fn par_assess_batch(
        &self,
        histories: &[History],
        as_of: NaiveDate,
    ) -> Vec<Result<Assessment, Error>> {
        use rayon::prelude::*;
        histories
            .par_iter()
            .map_init(Workspace::new, |ws, h| self.assess_with(ws, h, as_of))
            .collect()
    }

    /// [`summarize_population`](Assessor::summarize_population) in parallel
    /// (feature `rayon`): the same results, in input order.
    #[must_use]
    pub fn par_summarize_population(
        &self,
        population: &Population,
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        use rayon::prelude::*;
        let tables = population.tables(&self.catalogue, &self.policy);
        let Some(plan) = self.plan(population, &tables, as_of) else {
            return (0..population.len())
                .into_par_iter()
                .with_min_len(1024)
                .map_init(Workspace::new, |ws, e| {
                    self.summarize_member(ws, population, &tables, e, as_of)
                })
                .collect();
        };
        (0..population.len())
            .into_par_iter()
            .with_min_len(4096)
            .map_init(
                || (Scratch::default(), Workspace::new()),
                |(scratch, ws), e| {
                    self.summarize_planned(&plan, scratch, ws, population, &tables, e, as_of)
                },
            )
            .collect()
    }

    /// [`assess_population`](Assessor::assess_population) in parallel (feature
    /// `rayon`): the same results, in input order.
    #[must_use]
    pub fn par_assess_population(
        &self,
        population: &Population,
        as_of: NaiveDate,
    ) -> Vec<Result<Assessment, Error>> {
        use rayon::prelude::*;
        let tables = population.tables(&self.catalogue, &self.policy);
        (0..population.len())
            .into_par_iter()
            .with_min_len(256)
            .map_init(Workspace::new, |ws, e| {
                self.assess_member(ws, population, &tables, e, as_of)
            })
            .collect()
    }

    /// [`summarize_batch`](Assessor::summarize_batch) in parallel (feature
    /// `rayon`): the same results, in input order.
    #[must_use]
    pub fn par_summarize_batch(
        &self,
        histories: &[History],
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        use rayon::prelude::*;
        histories
            .par_iter()
            .map_init(Workspace::new, |ws, h| self.summarize_with(ws, h, as_of))
            .collect()
    }
}
