//! The summary path over a population in one pass per enterprise.
//!
//! Everything that depends only on the policy, the catalogue and the date is
//! resolved once per batch: each interned code's severity as an article and as
//! a breach kind, every annual-report deadline and event date, the look-back
//! start. Each enterprise is then one pass over its facts (dates, kinds and one
//! 32-bit payload each) that yields its adverse events directly — no findings,
//! no evidence, no reasons — followed by the same repair and lock functions as
//! the general engine ([`crate::lock`]), the same eligibility bar and the same
//! refinement.
//!
//! It reproduces the general engine's summary exactly, and only where that is
//! plain to see: an enterprise with anything else — a data error of any kind, a
//! department record, a disclosure failure, a points overflow — is handed back
//! (`None`) and graded by the general engine; so is a whole batch in score mode,
//! with custom quantifiers, with an assessment date outside the supported dates
//! or with more than 64 annual-report years to look at. The general engine is
//! the specification; this is a faster way to the same answer.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::{Population, Tables};
use crate::explain::Status;
use crate::lock::{self, Event, RepairResult};
use crate::policy::{Counted, Scoring, UnknownArticle};
use crate::quantify::record::Tag;
use crate::refine::{self, Bar};
use crate::{Grade, Policy, Severity, Summary, Tier};

/// A code's severity, or that the enterprise goes to the general engine.
const ROUTE: u8 = u8::MAX;

/// Years of annual reports the kernel looks at (one bit each).
const YEARS: usize = 64;

fn sev(s: Severity) -> u8 {
    s as u8
}

fn from_u8(s: u8) -> Severity {
    Severity::ALL[s as usize]
}

/// The annual-report rule resolved for one date.
#[derive(Debug)]
struct Annual {
    first_year: i32,
    last: i32,
    severity: Severity,
    /// Per year from `first_year`: the deadline (a report dated on or before it
    /// is on time) and the date of the event when the report is missing or late.
    deadline: Vec<Option<NaiveDate>>,
    event: Vec<Option<NaiveDate>>,
}

/// One batch's plan: the policy, the catalogue and the date resolved.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    pop: &'a Population,
    policy: &'a Policy,
    t: NaiveDate,
    /// Per interned code: its severity as a penalty's article (`ROUTE` when it
    /// is an error under the policy) and as a breach kind.
    penalty: Vec<u8>,
    breach: Vec<u8>,
    annual: Option<Annual>,
    lookback_start: NaiveDate,
    /// Per honour of the side table: its kind (0..4) and points.
    honour_points: Vec<(u8, Decimal)>,
}

/// Per-thread scratch buffers: nothing is allocated per enterprise once they
/// have grown.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    events: Vec<Event>,
}

fn honour_kind(h: crate::model::Honour) -> u8 {
    use crate::model::Honour;
    match h {
        Honour::ContractAbiding(_) => 0,
        Honour::Trademark(_) => 1,
        Honour::Advertising(_) => 2,
        Honour::Other(_) => 3,
    }
}

impl<'a> Plan<'a> {
    /// The plan for grading `pop` as of `t`, or `None` when the whole batch
    /// goes to the general engine.
    pub(crate) fn new(
        pop: &'a Population,
        policy: &'a Policy,
        tables: &Tables,
        custom_quantifiers: bool,
        t: NaiveDate,
    ) -> Option<Plan<'a>> {
        if custom_quantifiers
            || !matches!(policy.scoring, Scoring::Floors)
            || crate::model::dates::check_date("as_of", t).is_err()
        {
            return None;
        }
        let annual = match &policy.annual_reports {
            None => None,
            Some(rule) => {
                let (m, d) = (rule.deadline_month, rule.deadline_day);
                match NaiveDate::from_ymd_opt(t.year(), m, d) {
                    // As the general engine: no deadline this year, no rule.
                    None => None,
                    Some(this_year) => {
                        let last = if this_year < t {
                            t.year() - 1
                        } else {
                            t.year() - 2
                        };
                        let span = i64::from(last) - i64::from(rule.first_year) + 1;
                        if span > 64 {
                            return None;
                        }
                        let years = usize::try_from(span.max(0)).unwrap_or(0);
                        let mut deadline = Vec::with_capacity(years);
                        let mut event = Vec::with_capacity(years);
                        for k in 0..years {
                            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
                            let y = rule.first_year + k as i32;
                            let dl = y
                                .checked_add(1)
                                .and_then(|y1| NaiveDate::from_ymd_opt(y1, m, d));
                            deadline.push(dl);
                            event.push(dl.and_then(|x| x.succ_opt()));
                        }
                        Some(Annual {
                            first_year: rule.first_year,
                            last,
                            severity: rule.severity,
                            deadline,
                            event,
                        })
                    }
                }
            }
        };
        let unknown = match policy.penalties.unknown_article {
            UnknownArticle::Treat(s) => sev(s),
            UnknownArticle::Error => ROUTE,
        };
        let penalty = tables
            .severity
            .iter()
            .map(|(a, _)| a.map_or(unknown, sev))
            .collect();
        let breach = tables
            .severity
            .iter()
            .map(|(_, b)| b.map_or(ROUTE, sev))
            .collect();
        let honour_points = pop
            .honours
            .iter()
            .map(|(h, _)| (honour_kind(*h), policy.refine.points.get(*h)))
            .collect();
        Some(Plan {
            pop,
            policy,
            t,
            penalty,
            breach,
            annual,
            lookback_start: crate::model::months::sub_months(t, policy.refine.lookback_months),
            honour_points,
        })
    }

    /// The summary of enterprise `e` (which passed validation), or `None` when
    /// the general engine must grade it.
    #[allow(clippy::too_many_lines)]
    pub(crate) fn summarize(&self, s: &mut Scratch, e: usize) -> Option<Summary> {
        let pop = self.pop;
        let policy = self.policy;
        let t = self.t;
        let reg = pop.registered_on[e];
        if reg > t {
            return Some(status_only(Status::NotRegistered, None));
        }
        let range = pop.offsets[e] as usize..pop.offsets[e + 1] as usize;
        let dates = &pop.dates[range.clone()];
        let tags = &pop.tags[range.clone()];
        let args = &pop.args[range];
        let n = dates.partition_point(|&d| d <= t);
        let (dates, tags, args) = (&dates[..n], &tags[..n], &args[..n]);

        let rules = &policy.lock;
        s.events.clear();
        let mut revoked = false;
        let mut repairs = false;
        let mut key_person = false;
        // Counted facts: complaints, admonitions, breaches, penalties.
        let mut counted = [0u32; 4];
        let mut best: [Option<(Decimal, u32)>; 4] = [None; 4];
        let mut on_time = 0u64;
        let fy = self.annual.as_ref().map_or(0, |a| a.first_year);
        #[allow(clippy::cast_possible_truncation)]
        let event = |k: usize, d: NaiveDate, s: u8| {
            Event::new(k as u32, d, from_u8(s), Some(k as u32), rules)
        };
        for i in 0..n {
            let d = dates[i];
            if d < reg {
                return None;
            }
            let arg = args[i];
            match tags[i] {
                Tag::AnnualReport => {
                    #[allow(clippy::cast_possible_wrap)]
                    let k = (arg as i32).wrapping_sub(fy);
                    if let Some(a) = &self.annual {
                        if let Ok(k) = usize::try_from(k) {
                            if k < a.deadline.len() && a.deadline[k].is_some_and(|dl| d <= dl) {
                                on_time |= 1 << k;
                            }
                        }
                    }
                }
                Tag::Complaint => counted[0] += 1,
                Tag::Admonition => counted[1] += 1,
                Tag::Penalty => {
                    let sv = self.penalty[arg as usize];
                    if sv == ROUTE {
                        return None;
                    }
                    counted[3] += 1;
                    s.events.push(event(i, d, sv));
                }
                Tag::Breach => {
                    let sv = self.breach[arg as usize];
                    if sv == ROUTE {
                        return None;
                    }
                    counted[2] += 1;
                    s.events.push(event(i, d, sv));
                }
                Tag::Honour => {
                    let (_, until) = pop.honours[arg as usize];
                    if until.is_none_or(|u| t < u) {
                        let (kind, p) = self.honour_points[arg as usize];
                        let slot = &mut best[kind as usize];
                        if slot.is_none_or(|(bp, _)| p > bp) {
                            #[allow(clippy::cast_possible_truncation)]
                            {
                                *slot = Some((p, i as u32));
                            }
                        }
                    }
                }
                Tag::KeyPersonFlag => key_person |= d > self.lookback_start,
                Tag::Repair => repairs = true,
                Tag::Revocation => revoked = true,
                Tag::Deregistration => return Some(status_only(Status::Closed, None)),
                Tag::DisclosureFailure | Tag::DepartmentRecord => return None,
            }
        }
        // A repair must target a penalty or breach of this enterprise dated on
        // or before the date (else a data error: the general engine reports it).
        if repairs {
            for i in 0..n {
                if tags[i] == Tag::Repair {
                    let j = self.target(e, args[i])?;
                    if j >= n || !matches!(tags[j], Tag::Penalty | Tag::Breach) {
                        return None;
                    }
                }
            }
        }
        if revoked {
            return Some(status_only(Status::Revoked, Some(Grade::D)));
        }
        // Penalty and breach events are in; the order of events does not matter
        // (the lock sorts them), only their dates, ends, severities and sources.
        for rule in &policy.cumulative {
            let (available, tag) = match rule.counts {
                Counted::Complaints => (counted[0], Tag::Complaint),
                Counted::Admonitions => (counted[1], Tag::Admonition),
                Counted::Breaches => (counted[2], Tag::Breach),
                Counted::Penalties(_) => (counted[3], Tag::Penalty),
            };
            let threshold = rule.threshold as usize;
            if (available as usize) < threshold.max(1) {
                continue;
            }
            let counts = |j: usize| {
                tags[j] == tag
                    && match rule.counts {
                        Counted::Penalties(sv) => self.penalty[args[j] as usize] == sev(sv),
                        _ => true,
                    }
            };
            let window = Months::new(u32::try_from(rule.window_months).unwrap_or(0));
            let (mut lo, mut hi) = (0usize, 0usize);
            for i in 0..n {
                if !counts(i) {
                    continue;
                }
                let ti = dates[i];
                let start = ti.checked_sub_months(window).unwrap_or(NaiveDate::MIN);
                while lo < n && dates[lo] <= start {
                    lo += 1;
                }
                while hi < n && dates[hi] <= ti {
                    hi += 1;
                }
                if (lo..hi).filter(|&j| counts(j)).take(threshold).count() >= threshold {
                    #[allow(clippy::cast_possible_truncation)]
                    s.events
                        .push(Event::new((n + i) as u32, ti, rule.severity, None, rules));
                }
            }
        }
        if let Some(a) = &self.annual {
            let first = reg.year().max(a.first_year);
            if first <= a.last {
                #[allow(clippy::cast_sign_loss)]
                let lo = (first - a.first_year) as u32;
                let len = a.deadline.len();
                let required = if len == YEARS {
                    u64::MAX
                } else {
                    (1u64 << len) - 1
                } & (u64::MAX << lo);
                let mut missed = required & !on_time;
                while missed != 0 {
                    let k = missed.trailing_zeros() as usize;
                    missed &= missed - 1;
                    if let Some(date) = a.event[k] {
                        if date <= t {
                            #[allow(clippy::cast_possible_truncation)]
                            s.events.push(Event::new(
                                (2 * n + k) as u32,
                                date,
                                a.severity,
                                None,
                                rules,
                            ));
                        }
                    }
                }
            }
        }
        let mut rejected = 0u32;
        if repairs {
            for i in 0..n {
                if tags[i] == Tag::Repair {
                    let j = self.target(e, args[i])?;
                    #[allow(clippy::cast_possible_truncation)]
                    let r = lock::repair(&mut s.events, j as u32, dates[i], rules);
                    if matches!(r, RepairResult::TooEarly { .. }) {
                        rejected += 1;
                    }
                }
            }
        }
        let verdict = lock::decide(&mut s.events, t, rules.mode);

        let mut points = Decimal::ZERO;
        for (p, _) in best.into_iter().flatten() {
            points = points.checked_add(p)?;
        }
        let refine_rules = &policy.refine;
        let start = self.lookback_start;
        let bar = if refine_rules.require_legal_person && !pop.legal_person[e] {
            Some(Bar::NotLegalPerson)
        } else if s
            .events
            .iter()
            .any(|ev| !ev.repaired && ev.date > start && ev.date <= t)
        {
            Some(Bar::AdverseEvent)
        } else if refine_rules.key_person_flags_bar && key_person {
            Some(Bar::KeyPersonFlag)
        } else {
            None
        };
        let tier_a = verdict.tier == Tier::A;
        let grade = if tier_a {
            refine::refine(refine_rules, bar.is_none(), points).0
        } else {
            verdict.tier.grade()
        };
        Some(Summary {
            status: Status::Active,
            grade: Some(grade),
            locked_until: verdict.locked_until.filter(|_| !tier_a),
            points: tier_a.then_some(points),
            score: None,
            rejected_repairs: rejected,
            eligible: tier_a.then_some(bar.is_none()),
        })
    }

    /// The position among enterprise `e`'s facts of the fact whose id is the
    /// interned code `code`, as `Record::repair_target` finds it.
    fn target(&self, e: usize, code: u32) -> Option<usize> {
        use crate::quantify::record::Record;
        let m = self.pop.member(e, None);
        let target = self.pop.codes.get(code as usize);
        let len = (self.pop.offsets[e + 1] - self.pop.offsets[e]) as usize;
        (0..len).find(|&j| m.fact_id(j) == target)
    }
}

fn status_only(status: Status, grade: Option<Grade>) -> Summary {
    Summary {
        status,
        grade,
        locked_until: None,
        points: None,
        score: None,
        rejected_repairs: 0,
        eligible: None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Plan, Scratch};
    use crate::model::{Department, DisclosureFailureKind};
    use crate::population::Population;
    use crate::{Catalogue, Enterprise, Fact, FactKind, History, Policy, Severity};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn population(facts: Vec<Vec<Fact>>) -> Population {
        let hs: Vec<History> = facts
            .into_iter()
            .enumerate()
            .map(|(k, f)| History::new(Enterprise::new(format!("E{k}"), d(2020, 1, 1)), f).unwrap())
            .collect();
        Population::from_histories(&hs).unwrap()
    }

    fn plan(pop: &Population, policy: &Policy, custom: bool, t: NaiveDate) -> bool {
        let catalogue = Catalogue::from_pairs([("A1", Severity::Minor)]).unwrap();
        let tables = pop.tables(&catalogue, policy);
        Plan::new(pop, policy, &tables, custom, t).is_some()
    }

    #[test]
    fn whole_batches_go_to_the_general_engine_where_the_plan_does_not_apply() {
        let pop = population(vec![vec![]]);
        let seed = Policy::seed();
        assert!(plan(&pop, &seed, false, d(2024, 6, 1)));
        // Custom quantifiers, score mode, a date outside the supported range, or
        // more than 64 annual-report years to look at.
        assert!(!plan(&pop, &seed, true, d(2024, 6, 1)));
        assert!(!plan(&pop, &Policy::score_preset(), false, d(2024, 6, 1)));
        assert!(!plan(&pop, &seed, false, NaiveDate::MAX));
        assert!(!plan(&pop, &seed, false, d(2200, 1, 1)));
    }

    #[test]
    fn enterprises_the_pass_does_not_handle_exactly_are_handed_back() {
        let t = d(2024, 6, 1);
        let f = d(2023, 1, 1);
        let handled = vec![
            Fact::penalty("P", f, "A1"),
            Fact::complaint("C", f),
            Fact::repair("R", d(2023, 6, 1), "P"),
        ];
        let cases = vec![
            // Unknown article under the seed's `Error`.
            vec![Fact::penalty("P", f, "ZZ")],
            // Before registration.
            vec![Fact::complaint("C", d(2019, 1, 1))],
            // A repair of nothing.
            vec![Fact::repair("R", f, "X")],
            // A repair of a complaint.
            vec![Fact::complaint("C", f), Fact::repair("R", f, "C")],
            vec![Fact::department_record("D", f, Department::Tax, "T1")],
            vec![Fact::new(
                "F",
                f,
                FactKind::DisclosureFailure {
                    failure: DisclosureFailureKind::ReportLate,
                },
            )],
        ];
        let n = cases.len();
        let mut all = vec![handled];
        all.extend(cases);
        let pop = population(all);
        let seed = Policy::seed();
        let catalogue = Catalogue::from_pairs([("A1", Severity::Minor)]).unwrap();
        let tables = pop.tables(&catalogue, &seed);
        let plan = Plan::new(&pop, &seed, &tables, false, t).unwrap();
        let mut s = Scratch::default();
        assert!(plan.summarize(&mut s, 0).is_some());
        for e in 1..=n {
            assert!(plan.summarize(&mut s, e).is_none(), "case {e}");
        }
    }
}
