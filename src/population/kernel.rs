//! The summary path over a population in one pass per enterprise.
//!
//! Everything that depends only on the policy, the catalogue and the date is
//! resolved once per batch: each interned code's severity as an article and as
//! a breach kind, every annual-report deadline and missing-report event, the
//! look-back start, and (for large batches) tables of the month arithmetic
//! ([`Shift`]). Each enterprise's facts (dates, kinds and one 32-bit payload
//! each) are then read 64 at a time: one pass without a branch on the kind
//! ([`Plan::scan`]), then one over the facts it set aside, which yields the
//! adverse events directly — no findings, no evidence, no reasons — followed by
//! the same repair and lock functions as the general engine ([`crate::lock`]),
//! the same eligibility bar and the same refinement.
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

use super::{FactIds, Population, Strings, Tables};
use crate::explain::Status;
use crate::lock::{self, Event, RepairResult};
use crate::policy::{Counted, Scoring, UnknownArticle};
use crate::quantify::record::Tag;
use crate::refine;
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
    /// The years looked at, from `first_year`: at most [`YEARS`].
    len: u32,
    /// Per year from `first_year`: the deadline (a report dated on or before it
    /// is on time), `NaiveDate::MIN` where there is none (see `has_deadline`).
    deadline: [NaiveDate; YEARS],
    /// Bit `k`: year `first_year + k` has a deadline.
    has_deadline: u64,
    /// Bit `k`: a missing or late report of year `first_year + k` is an event
    /// dated on or before the assessment date (`events[k]`).
    due: u64,
    /// Per year from `first_year`: the event of a missing or late report, its
    /// finding number still to be set.
    events: Vec<Option<Event>>,
}

/// Tags whose facts the per-fact pass leaves to a second look (one bit per
/// `Tag` value): everything but annual reports, complaints and admonitions.
const SPECIAL: u16 = !((1 << Tag::AnnualReport as u16)
    | (1 << Tag::Complaint as u16)
    | (1 << Tag::Admonition as u16));

/// Per tag: 1 for a complaint, `1 << 32` for an admonition (two counters in
/// one word: an enterprise has fewer than 2^32 facts).
const COUNTS: [u64; 16] = {
    let mut c = [0u64; 16];
    c[Tag::Complaint as usize] = 1;
    c[Tag::Admonition as usize] = 1 << 32;
    c
};

/// Batches of at least this many enterprises look dates up in [`Shift`]
/// tables; smaller ones compute them.
const SHIFT_TABLES_FROM: usize = 4096;

/// Days a [`Shift`] table covers, ending at the assessment date.
const SHIFT_DAYS: i32 = 20 * 366;

/// A date moved by a number of months, as the general engine moves it: looked
/// up for the dates of the twenty years up to the assessment date, computed
/// for any other.
#[derive(Debug)]
struct Shift {
    /// Months to add (`add`) or subtract.
    months: i32,
    add: bool,
    /// The day number (from the common era) of the first date in `out`.
    first: i32,
    out: Vec<NaiveDate>,
}

impl Shift {
    fn new(months: i32, add: bool, t: NaiveDate, table: bool) -> Shift {
        let mut s = Shift {
            months,
            add,
            first: 0,
            out: Vec::new(),
        };
        if table {
            let end = t.num_days_from_ce();
            let first = end.saturating_sub(SHIFT_DAYS - 1).max(1);
            s.first = first;
            s.out = (first..=end)
                .map(|k| {
                    NaiveDate::from_num_days_from_ce_opt(k).map_or(NaiveDate::MIN, |d| s.compute(d))
                })
                .collect();
        }
        s
    }

    /// `d + months` clamped to month end (`lock` durations and minimum
    /// periods), or `d - months` as the cumulative rules' windows start.
    fn compute(&self, d: NaiveDate) -> NaiveDate {
        if self.add {
            crate::model::months::add_months(d, self.months)
        } else {
            d.checked_sub_months(Months::new(u32::try_from(self.months).unwrap_or(0)))
                .unwrap_or(NaiveDate::MIN)
        }
    }

    #[inline]
    fn get(&self, d: NaiveDate) -> NaiveDate {
        #[allow(clippy::cast_sign_loss)]
        let k = d.num_days_from_ce().wrapping_sub(self.first) as u32 as usize;
        match self.out.get(k) {
            Some(&x) => x,
            None => self.compute(d),
        }
    }
}

/// The index in `shifts` of the table for `months` and `add`, made if new.
fn shift_index(
    shifts: &mut Vec<Shift>,
    months: i32,
    add: bool,
    t: NaiveDate,
    table: bool,
) -> usize {
    if let Some(k) = shifts
        .iter()
        .position(|s| s.months == months && s.add == add)
    {
        return k;
    }
    shifts.push(Shift::new(months, add, t, table));
    shifts.len() - 1
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
    /// The grade of a tier-A enterprise without honour points: ineligible,
    /// eligible.
    zero_points: [Grade; 2],
    /// The first annual-report year (as `u32`) and the deadlines as the
    /// per-fact pass reads them: `deadlines[128 + k]` is the deadline of year
    /// `fy + k` for an annual report, `NaiveDate::MIN` (never on time) where
    /// there is none or for a year not looked at; `deadlines[..128]`, read for
    /// every other fact, are all `NaiveDate::MIN`.
    fy: u32,
    deadlines: [NaiveDate; 256],
    /// Month arithmetic: the tables, then per severity the one for its lock
    /// duration and per cumulative rule the one for its window's start.
    shifts: Vec<Shift>,
    duration: [usize; 3],
    window: Vec<usize>,
    /// Per cumulative rule: what it counts, as an index into the counts of
    /// complaints, admonitions, breaches and penalties, and as a tag.
    counted: Vec<(usize, Tag)>,
}

/// Per-thread scratch buffers: nothing is allocated per enterprise once they
/// have grown.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    events: Vec<Event>,
    /// Positions of the penalties and breaches (what a repair may target).
    /// With the span of each one's id where the ids are held as spans of one
    /// buffer (read as soon as the fact is met, ahead of the comparison).
    targets: Vec<(u32, Option<(u32, u32)>)>,
    /// Per repair: its position and the byte range of its target's id among
    /// the interned codes; then the position of its target.
    repairs: Vec<(u32, u32, u32)>,
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
                        let mut a = Annual {
                            first_year: rule.first_year,
                            last,
                            len: u32::try_from(years).unwrap_or(0),
                            deadline: [NaiveDate::MIN; YEARS],
                            has_deadline: 0,
                            due: 0,
                            events: Vec::with_capacity(years),
                        };
                        for k in 0..years {
                            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
                            let y = rule.first_year + k as i32;
                            let dl = y
                                .checked_add(1)
                                .and_then(|y1| NaiveDate::from_ymd_opt(y1, m, d));
                            if let Some(dl) = dl {
                                a.deadline[k] = dl;
                                a.has_deadline |= 1 << k;
                            }
                            let event = dl
                                .and_then(|x| x.succ_opt())
                                .filter(|&date| date <= t)
                                .map(|date| Event::new(0, date, rule.severity, None, &policy.lock));
                            if event.is_some() {
                                a.due |= 1 << k;
                            }
                            a.events.push(event);
                        }
                        Some(a)
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
        let zero_points = [
            refine::refine(&policy.refine, false, Decimal::ZERO).0,
            refine::refine(&policy.refine, true, Decimal::ZERO).0,
        ];
        let mut deadlines = [NaiveDate::MIN; 256];
        let mut fy = 0;
        if let Some(a) = &annual {
            #[allow(clippy::cast_sign_loss)]
            {
                fy = a.first_year as u32;
            }
            for k in 0..a.len as usize {
                if a.has_deadline & (1 << k) != 0 {
                    deadlines[128 + k] = a.deadline[k];
                }
            }
        }
        let table = pop.len() >= SHIFT_TABLES_FROM;
        let mut shifts = Vec::new();
        let duration = Severity::ALL.map(|s| {
            shift_index(
                &mut shifts,
                policy.lock.duration_months.get(s),
                true,
                t,
                table,
            )
        });
        let window = policy
            .cumulative
            .iter()
            .map(|r| shift_index(&mut shifts, r.window_months.max(0), false, t, table))
            .collect();
        let counted = policy
            .cumulative
            .iter()
            .map(|r| match r.counts {
                Counted::Complaints => (0, Tag::Complaint),
                Counted::Admonitions => (1, Tag::Admonition),
                Counted::Breaches => (2, Tag::Breach),
                Counted::Penalties(_) => (3, Tag::Penalty),
            })
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
            zero_points,
            fy,
            deadlines,
            shifts,
            duration,
            window,
            counted,
        })
    }

    /// One pass over at most 64 facts, without a branch on their kinds: the
    /// positions of the facts other than annual reports, complaints and
    /// admonitions (a bit each), the annual reports on time (a bit per year
    /// from the first) and the complaints and admonitions (`COUNTS`).
    #[inline]
    fn scan(&self, dates: &[NaiveDate], tags: &[Tag], args: &[u32]) -> (u64, u64, u64) {
        let n = dates.len().min(tags.len()).min(args.len()).min(64);
        let mut special = 0u64;
        let mut on_time = 0u64;
        let mut counts = 0u64;
        for i in 0..n {
            let tag = tags[i] as usize & 15;
            let k = args[i].wrapping_sub(self.fy);
            let row = usize::from(tag == Tag::AnnualReport as usize) << 7;
            let slot = k.min(127) as usize | row;
            on_time |= u64::from(dates[i] <= self.deadlines[slot]) << (k & 63);
            counts += COUNTS[tag];
            special |= u64::from((SPECIAL >> tag) & 1) << i;
        }
        (special, on_time, counts)
    }

    /// The summary of enterprise `e` (which passed validation), or `None` when
    /// the general engine must grade it.
    ///
    /// Sixty-four facts at a time, two passes: one over every fact, without a
    /// branch on its kind ([`scan`](Self::scan)), then one over the facts other
    /// than annual reports, complaints and admonitions (about one in eight on a
    /// register), in date order.
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
        let base = range.start;
        let dates = &pop.dates[range.clone()];
        let tags = &pop.tags[range.clone()];
        let args = &pop.args[range];
        let n = match dates.last() {
            Some(&last) if last > t => dates.partition_point(|&d| d <= t),
            _ => dates.len(),
        };
        let (dates, tags, args) = (&dates[..n], &tags[..n], &args[..n]);
        // Facts are sorted by date: one before registration is the first. (The
        // per-fact pass takes every fact to be later than `NaiveDate::MIN`.)
        if reg == NaiveDate::MIN || dates.first().is_some_and(|&d| d < reg) {
            return None;
        }

        let rules = &policy.lock;
        s.events.clear();
        s.repairs.clear();
        s.targets.clear();
        let mut revoked = false;
        let mut key_person = false;
        let mut breaches = 0u32;
        let mut penalties = 0u32;
        let mut honoured = false;
        let mut best: [Option<Decimal>; 4] = [None; 4];
        // `Event::new`, the end looked up.
        #[allow(clippy::cast_possible_truncation)]
        let event = |k: usize, date: NaiveDate, s: u8| Event {
            finding: k as u32,
            date,
            end: self.shifts[self.duration[s as usize]].get(date),
            severity: from_u8(s),
            repaired: false,
            source: Some(k as u32),
            link: date,
        };
        let mut on_time = 0u64;
        let mut counts = 0u64;
        // Sixty-four facts at a time: the pass over every fact, then the one
        // over the others among them, in date order.
        let mut c = 0;
        while c < n {
            let end = n.min(c + 64);
            let (mut special, ot, cn) = self.scan(&dates[c..end], &tags[c..end], &args[c..end]);
            on_time |= ot;
            counts += cn;
            while special != 0 {
                let i = c + special.trailing_zeros() as usize;
                special &= special - 1;
                let arg = args[i];
                match tags[i] {
                    Tag::Penalty => {
                        let sv = self.penalty[arg as usize];
                        if sv == ROUTE {
                            return None;
                        }
                        penalties += 1;
                        s.events.push(event(i, dates[i], sv));
                        #[allow(clippy::cast_possible_truncation)]
                        s.targets.push((i as u32, id_span(&pop.fact_ids, base + i)));
                    }
                    Tag::Breach => {
                        let sv = self.breach[arg as usize];
                        if sv == ROUTE {
                            return None;
                        }
                        breaches += 1;
                        s.events.push(event(i, dates[i], sv));
                        #[allow(clippy::cast_possible_truncation)]
                        s.targets.push((i as u32, id_span(&pop.fact_ids, base + i)));
                    }
                    Tag::Honour => {
                        let (_, until) = pop.honours[arg as usize];
                        if until.is_none_or(|u| t < u) {
                            let (kind, p) = self.honour_points[arg as usize];
                            let slot = &mut best[kind as usize];
                            if slot.is_none_or(|bp| p > bp) {
                                *slot = Some(p);
                                honoured = true;
                            }
                        }
                    }
                    Tag::KeyPersonFlag => key_person |= dates[i] > self.lookback_start,
                    Tag::Repair => {
                        let (a, b) = code_span(&pop.codes, arg as usize);
                        #[allow(clippy::cast_possible_truncation)]
                        s.repairs.push((i as u32, a, b));
                    }
                    Tag::Revocation => revoked = true,
                    Tag::Deregistration => return Some(status_only(Status::Closed, None)),
                    Tag::DisclosureFailure | Tag::DepartmentRecord => return None,
                    Tag::AnnualReport | Tag::Complaint | Tag::Admonition => {}
                }
            }
            c = end;
        }
        #[allow(clippy::cast_possible_truncation)]
        let (complaints, admonitions) = (counts as u32, (counts >> 32) as u32);
        // A repair must target a penalty or breach of this enterprise dated on
        // or before the date (else a data error: the general engine reports it).
        // Fact ids are unique within a validated enterprise, so the one fact
        // with the target's id is found among the penalties and breaches, or
        // the repair is handed back.
        for r in 0..s.repairs.len() {
            let (_, a, b) = s.repairs[r];
            let target = &pop.codes.buf.as_bytes()[a as usize..b as usize];
            let (j, _) =
                s.targets.iter().copied().find(|&(j, span)| {
                    id_bytes(&pop.fact_ids, base + j as usize, span) == target
                })?;
            s.repairs[r].1 = j;
        }
        if revoked {
            return Some(status_only(Status::Revoked, Some(Grade::D)));
        }
        // Penalty and breach events are in; the order of events does not matter
        // (the lock sorts them), only their dates, ends, severities and sources.
        let counted = [complaints, admonitions, breaches, penalties];
        for ((rule, &shift), &(counter, tag)) in policy
            .cumulative
            .iter()
            .zip(&self.window)
            .zip(&self.counted)
        {
            let threshold = rule.threshold as usize;
            if (counted[counter] as usize) < threshold.max(1) {
                continue;
            }
            let counts = |j: usize| {
                tags[j] == tag
                    && match rule.counts {
                        Counted::Penalties(sv) => self.penalty[args[j] as usize] == sev(sv),
                        _ => true,
                    }
            };
            let window = &self.shifts[shift];
            let (mut lo, mut hi) = (0usize, 0usize);
            for i in 0..n {
                if !counts(i) {
                    continue;
                }
                let ti = dates[i];
                let start = window.get(ti);
                while lo < n && dates[lo] <= start {
                    lo += 1;
                }
                while hi < n && dates[hi] <= ti {
                    hi += 1;
                }
                if (lo..hi).filter(|&j| counts(j)).take(threshold).count() >= threshold {
                    #[allow(clippy::cast_possible_truncation)]
                    s.events.push(Event {
                        finding: (n + i) as u32,
                        date: ti,
                        end: self.shifts[self.duration[sev(rule.severity) as usize]].get(ti),
                        severity: rule.severity,
                        repaired: false,
                        source: None,
                        link: ti,
                    });
                }
            }
        }
        if let Some(a) = &self.annual {
            let first = reg.year().max(a.first_year);
            if first <= a.last {
                #[allow(clippy::cast_sign_loss)]
                let lo = (first - a.first_year) as u32;
                let required = if a.len as usize == YEARS {
                    u64::MAX
                } else {
                    (1u64 << a.len) - 1
                } & (u64::MAX << lo);
                let mut missed = required & !on_time & a.due;
                while missed != 0 {
                    let k = missed.trailing_zeros() as usize;
                    missed &= missed - 1;
                    if let Some(mut ev) = a.events[k] {
                        #[allow(clippy::cast_possible_truncation)]
                        {
                            ev.finding = (2 * n + k) as u32;
                        }
                        s.events.push(ev);
                    }
                }
            }
        }
        let mut rejected = 0u32;
        for &(i, j, _) in &s.repairs {
            let r = lock::repair(&mut s.events, j, dates[i as usize], rules);
            if matches!(r, RepairResult::TooEarly { .. }) {
                rejected += 1;
            }
        }
        // As the general engine: points that overflow go to it whatever the tier.
        let mut points = Decimal::ZERO;
        if honoured {
            for p in best.into_iter().flatten() {
                points = points.checked_add(p)?;
            }
        }
        let refine_rules = &policy.refine;
        let start = self.lookback_start;
        let (tier, locked_until, adverse) = if s.events.is_empty() {
            (Tier::A, None, false)
        } else {
            let verdict = lock::decide(&mut s.events, t, rules.mode);
            let adverse = s
                .events
                .iter()
                .any(|ev| !ev.repaired && ev.date > start && ev.date <= t);
            (verdict.tier, verdict.locked_until, adverse)
        };
        if tier != Tier::A {
            return Some(Summary {
                status: Status::Active,
                grade: Some(tier.grade()),
                locked_until,
                points: None,
                score: None,
                rejected_repairs: rejected,
                eligible: None,
            });
        }
        let barred = (refine_rules.require_legal_person && !pop.legal_person[e])
            || adverse
            || (refine_rules.key_person_flags_bar && key_person);
        let eligible = !barred;
        let grade = if honoured {
            refine::refine(refine_rules, eligible, points).0
        } else {
            self.zero_points[usize::from(eligible)]
        };
        Some(Summary {
            status: Status::Active,
            grade: Some(grade),
            locked_until: None,
            points: Some(points),
            score: None,
            rejected_repairs: rejected,
            eligible: Some(eligible),
        })
    }
}

/// The byte range of interned code `i`.
fn code_span(codes: &Strings, i: usize) -> (u32, u32) {
    let end = codes.ends[i];
    let start = if i == 0 { 0 } else { codes.ends[i - 1] };
    (start, end)
}

/// The span of fact `k`'s id in the population's id buffer, where the ids are
/// held that way (always, without the `arrow` feature).
#[inline]
#[cfg_attr(not(feature = "arrow"), allow(clippy::unnecessary_wraps))]
fn id_span(ids: &FactIds, k: usize) -> Option<(u32, u32)> {
    match ids {
        FactIds::Owned { spans, .. } => Some(spans[k]),
        #[cfg(feature = "arrow")]
        FactIds::Arrow(_) => None,
    }
}

/// The bytes of fact `k`'s id, read through `span` where there is one.
fn id_bytes(ids: &FactIds, k: usize, span: Option<(u32, u32)>) -> &[u8] {
    match (ids, span) {
        (FactIds::Owned { buf, .. }, Some((a, b))) => &buf.as_bytes()[a as usize..b as usize],
        _ => ids.get(k).as_bytes(),
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

    use super::{Plan, SHIFT_DAYS, Scratch, Shift};
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
    fn shift_tables_give_what_the_month_arithmetic_gives() {
        let t = d(2024, 3, 31);
        for months in [0, 1, 3, 12, 13, 30, 36] {
            for add in [true, false] {
                let table = Shift::new(months, add, t, true);
                let plain = Shift::new(months, add, t, false);
                assert_eq!(table.out.len(), usize::try_from(SHIFT_DAYS).unwrap());
                assert!(plain.out.is_empty());
                let mut day = d(2004, 1, 1);
                while day <= d(2025, 12, 31) {
                    let expected = if add {
                        crate::model::months::add_months(day, months)
                    } else {
                        crate::model::months::sub_months(day, months)
                    };
                    assert_eq!(table.get(day), expected, "{day} {months} {add}");
                    assert_eq!(plain.get(day), expected, "{day} {months} {add}");
                    day = day.succ_opt().unwrap();
                }
            }
        }
        // Near the start of time, the table is shorter.
        let early = Shift::new(12, true, d(1, 6, 30), true);
        assert_eq!(early.get(d(1, 1, 1)), d(2, 1, 1));
        assert_eq!(
            early.get(NaiveDate::MIN),
            NaiveDate::MIN
                .checked_add_months(chrono::Months::new(12))
                .unwrap()
        );
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
