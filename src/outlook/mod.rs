//! 展望 — the outlook: when an enterprise's grade will change if nothing new
//! happens, why, and what would change it.
//!
//! An [`Outlook`] answers the question asked at the service counter (窗口): not
//! "what is my grade" but "when do I get out, and what can I do about it". It is
//! computed from the grading engine itself — [`Assessor::summarize_with`] and
//! [`Assessor::assess_with`] evaluated at a finite set of candidate dates — so it
//! can never disagree with a direct assessment.
//!
//! **"If nothing new happens."** The outlook of a history as of `t` uses the facts
//! dated on or before `t` only; facts dated after `t` in the history are ignored
//! (they are not known yet at the counter). The passing of time is not a new fact:
//! an annual report not filed by its deadline counts as missing, so each future
//! deadline brings its adverse event, exactly as an assessment on that day would.
//!
//! ```
//! use chrono::NaiveDate;
//! use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy, Severity};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let assessor = Assessor::new(
//!     Policy::seed(),
//!     Catalogue::from_pairs([("art-1", Severity::Serious)])?,
//! )?;
//! let history = History::new(
//!     Enterprise::new("E1", d(2023, 1, 1)).legal_person(true),
//!     vec![
//!         Fact::penalty("P1", d(2024, 1, 10), "art-1"),
//!         Fact::annual_report("R2023", d(2024, 3, 1), 2023),
//!     ],
//! )?;
//! let outlook = assessor.outlook(&history, d(2024, 6, 1), d(2027, 6, 1))?;
//! assert_eq!(outlook.now().grade, Some(Grade::D));
//! // First the lock ends on 2025-01-10 ...
//! let first = &outlook.changes()[0];
//! assert_eq!(first.date, d(2025, 1, 10));
//! assert_eq!(first.summary.grade, Some(Grade::A));
//! // ... and the direct assessment agrees on every day.
//! assert_eq!(outlook.at(d(2025, 3, 1)), Some(&assessor.summarize(&history, d(2025, 3, 1))?));
//! // The report for 2024 is due by 2025-06-30. Nothing new is filed, so on
//! // 2025-07-01 the missing report locks the grade at B for a year.
//! let second = &outlook.changes()[1];
//! assert_eq!(second.date, d(2025, 7, 1));
//! assert_eq!(second.summary.grade, Some(Grade::B));
//! assert_eq!(second.summary.locked_until, Some(d(2026, 7, 1)));
//! # Ok::<(), creditgrade::Error>(())
//! ```

mod actions;

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::explain::{Bar, Detail, Evidence, Reason, ReasonCode, Status};
use crate::model::months::{add_months, sub_months};
use crate::national::Standing;
use crate::policy::LockMode;
use crate::{ArticleLookup, Assessor, Error, FactKind, History, Summary, Workspace};

pub use actions::{Action, Actions, Effect, HonourOption, PointsGap, Risk};

/// What makes a candidate date a date on which something may change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Trigger {
    /// The enterprise's registration date: it starts being rated.
    Registration,
    /// The running lock ends (自动恢复).
    LockEnds,
    /// An adverse event starts: in the future only a missing annual report, dated
    /// the day after its deadline.
    EventStarts,
    /// An adverse event ends (its natural or repaired end).
    EventEnds,
    /// An adverse event or a key-person flag leaves the refinement look-back.
    LeavesLookBack,
    /// An honour expires.
    HonourExpires,
    /// A national mark starts: a list entry or a penalty's publicity begins (from
    /// the national standing).
    MarkStarts,
    /// A national mark ends: a list exit (automatic removal, a known early
    /// removal) or the end of a penalty's publicity.
    MarkEnds,
}

impl Trigger {
    /// A stable name: `registration`, `lock_ends`, `event_starts`, `event_ends`,
    /// `leaves_look_back`, `honour_expires`, `mark_starts`, `mark_ends`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Trigger::Registration => "registration",
            Trigger::LockEnds => "lock_ends",
            Trigger::EventStarts => "event_starts",
            Trigger::EventEnds => "event_ends",
            Trigger::LeavesLookBack => "leaves_look_back",
            Trigger::HonourExpires => "honour_expires",
            Trigger::MarkStarts => "mark_starts",
            Trigger::MarkEnds => "mark_ends",
        }
    }
}

display_as_str!(Trigger);

/// Why something changes on a date: what happens, with the reason code and rule of
/// the finding concerned and the facts that are its evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    /// What happens.
    pub trigger: Trigger,
    /// The reason code of the finding concerned (e.g. `penalty`,
    /// `annual_report_missing`, `key_person_flag`, `honour`, `locked`).
    pub code: ReasonCode,
    /// The rule of that finding (e.g. `penalty`, `complaints`, `annual_reports`).
    pub rule: Cow<'static, str>,
    /// The facts that are its evidence (none for a missing annual report).
    pub evidence: Vec<Evidence>,
}

impl fmt::Display for Cause {
    /// The cause in words, e.g. `event_ends: penalty (penalty) P1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.trigger {
            Trigger::Registration => "registration",
            Trigger::LockEnds => "the lock ends",
            Trigger::EventStarts => "an adverse event starts",
            Trigger::EventEnds => "an adverse event ends",
            Trigger::LeavesLookBack => "leaves the look-back",
            Trigger::HonourExpires => "an honour expires",
            Trigger::MarkStarts => "a national mark starts",
            Trigger::MarkEnds => "a national mark ends",
        };
        write!(f, "{what}: {} ({})", self.code, self.rule)?;
        for (k, e) in self.evidence.iter().enumerate() {
            write!(f, "{}{}", if k == 0 { " " } else { ", " }, e.fact)?;
        }
        Ok(())
    }
}

/// One date on which the outlook changes, with the summary from that date on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The first day of the new state.
    pub date: NaiveDate,
    /// The summary from `date` on (until the next change): grade, tier, lock end,
    /// points, score, eligibility and status.
    pub summary: Summary,
    /// What happens on that date (every candidate cause that falls on it).
    pub causes: Vec<Cause>,
}

/// A bar to AAA / AA holding at the outlook's date, with the date it lapses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarLapse {
    /// The bar.
    pub bar: Bar,
    /// The event or flag that bars (its evidence facts; for a national mark, the
    /// listing or decision with its first day); empty for [`Bar::NotLegalPerson`].
    pub evidence: Vec<Evidence>,
    /// The first day the bar no longer holds; `None` for a bar that never lapses by
    /// itself (not a legal person; an open entry of the list of abnormal
    /// operations).
    pub lapses: Option<NaiveDate>,
}

/// The outlook of one enterprise as of a date, up to a horizon: what its summary
/// is on every day of `[as_of, until]` if nothing new happens.
///
/// Built by [`Assessor::outlook`]; see the [module documentation](self).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outlook {
    enterprise: String,
    as_of: NaiveDate,
    until: NaiveDate,
    now: Summary,
    changes: Vec<Change>,
    bars: Vec<BarLapse>,
}

impl Outlook {
    /// The enterprise's id.
    #[must_use]
    pub fn enterprise(&self) -> &str {
        &self.enterprise
    }

    /// The date of the outlook: facts after it are ignored.
    #[must_use]
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The horizon: the last day the outlook covers.
    #[must_use]
    pub fn until(&self) -> NaiveDate {
        self.until
    }

    /// The summary on the outlook's date.
    #[must_use]
    pub fn now(&self) -> &Summary {
        &self.now
    }

    /// Every date in `(as_of, until]` on which the summary changes, in date order;
    /// on each, something differs from the day before.
    #[must_use]
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The summary on `date`, for a date in `[as_of, until]`; `None` outside.
    #[must_use]
    pub fn at(&self, date: NaiveDate) -> Option<&Summary> {
        if date < self.as_of || date > self.until {
            return None;
        }
        let k = self.changes.partition_point(|c| c.date <= date);
        Some(match k {
            0 => &self.now,
            k => &self.changes[k - 1].summary,
        })
    }

    /// The first change of anything, if any.
    #[must_use]
    pub fn next_change(&self) -> Option<&Change> {
        self.changes.first()
    }

    /// The first change after which the grade or the status differs from now.
    #[must_use]
    pub fn next_grade_change(&self) -> Option<&Change> {
        self.changes
            .iter()
            .find(|c| (c.summary.status, c.summary.grade) != (self.now.status, self.now.grade))
    }

    /// The bars to AAA / AA that hold on the outlook's date (for an active
    /// enterprise, whatever its tier), each with the date it lapses, in date order.
    #[must_use]
    pub fn bars(&self) -> &[BarLapse] {
        &self.bars
    }

    /// The first day in `(as_of, until]` from which the enterprise is eligible for
    /// AAA / AA on a tier-A grade, if it is not on the outlook's date.
    #[must_use]
    pub fn eligible_from(&self) -> Option<NaiveDate> {
        if self.now.eligible == Some(true) {
            return None;
        }
        self.changes
            .iter()
            .find(|c| c.summary.eligible == Some(true))
            .map(|c| c.date)
    }
}

/// The first date `x` on which a date `d` no longer lies in the look-back
/// `(x − n months, x]`: the least `x` with `x − n months ≥ d`, in the engine's
/// month arithmetic.
///
/// `d + n months` is a lower bound (any earlier `x` gives `x − n months < d`);
/// when `d + n months` was clamped to a month end (2024-02-29 + 36 months =
/// 2027-02-28, whose look-back still starts on 2024-02-28), the lapse is a day or
/// so later, found by stepping forward.
pub(crate) fn leaves_lookback(d: NaiveDate, months: i32) -> NaiveDate {
    let mut x = add_months(d, months);
    if x.day() == d.day() {
        // Not clamped: `x − n months` is `d` itself.
        return x;
    }
    while sub_months(x, months) < d {
        match x.succ_opt() {
            Some(y) => x = y,
            None => break,
        }
    }
    x
}

/// The history as known on `as_of`: the facts dated after it dropped.
pub(crate) fn known(history: &History, as_of: NaiveDate) -> Cow<'_, History> {
    history
        .known_on(as_of)
        .map_or(Cow::Borrowed(history), Cow::Owned)
}

fn lock_rule(mode: LockMode) -> &'static str {
    match mode {
        LockMode::Window => "lock.window",
        LockMode::Episode => "lock.episode",
    }
}

impl<C: ArticleLookup> Assessor<C> {
    /// The outlook of `history` as of `as_of` up to `until` (inclusive): the summary
    /// on `as_of` and every later date on which it changes, if nothing new happens.
    ///
    /// Facts dated after `as_of` are ignored. A missing annual report is not a new
    /// fact: each deadline in the horizon brings its adverse event. On every day
    /// `x` of `[as_of, until]`, [`Outlook::at`]`(x)` equals
    /// [`summarize`](Assessor::summarize) of the history without its facts dated
    /// after `as_of`, as of `x`.
    ///
    /// The dates are found, never scanned for: the engine is evaluated at the
    /// finite set of candidate dates (registration, the start and end of every
    /// adverse event, the day an event or a key-person flag leaves the look-back,
    /// the expiry of every honour), and only the dates where the summary changes
    /// are kept. A custom [`Quantifier`](crate::quantify::Quantifier) is covered
    /// when its findings change with time only through their dates, as the
    /// built-in ones do.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `until` is
    /// before `as_of`; otherwise the data error the enterprise has on `as_of` or on
    /// a later date up to `until` (as [`assess`](Assessor::assess)).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy};
    /// use creditgrade::outlook::Trigger;
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let assessor = Assessor::new(Policy::seed(), Catalogue::new())?;
    /// // Three complaints within a year lock at B until 2025-07-01; the last report
    /// // filed is for 2024.
    /// let history = History::new(
    ///     Enterprise::new("E7", d(2024, 1, 1)).legal_person(true),
    ///     vec![
    ///         Fact::complaint("C1", d(2024, 3, 1)),
    ///         Fact::complaint("C2", d(2024, 5, 1)),
    ///         Fact::complaint("C3", d(2024, 7, 1)),
    ///         Fact::annual_report("R2024", d(2025, 3, 1), 2024),
    ///     ],
    /// )?;
    /// let o = assessor.outlook(&history, d(2025, 3, 1), d(2026, 12, 31))?;
    /// assert_eq!(o.now().grade, Some(Grade::B));
    /// let c = &o.changes()[0];
    /// assert_eq!((c.date, c.summary.grade), (d(2025, 7, 1), Some(Grade::A)));
    /// assert_eq!(c.causes[0].trigger, Trigger::LockEnds);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn outlook(
        &self,
        history: &History,
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Result<Outlook, Error> {
        self.outlook_with(&mut Workspace::new(), history, as_of, until)
    }

    /// [`outlook`](Assessor::outlook) reusing buffers.
    ///
    /// # Errors
    ///
    /// As [`outlook`](Assessor::outlook).
    pub fn outlook_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Result<Outlook, Error> {
        self.outlook_inner(ws, history, None, as_of, until)
    }

    /// The outlook with the policy's national effects: as
    /// [`outlook`](Assessor::outlook), grading each day with
    /// [`summarize_national`](Assessor::summarize_national) and the standing
    /// (computed as of `as_of`), and with the days on which a national mark
    /// starts or ends (a list exit, the end of a penalty's publicity) among the
    /// candidates ([`Trigger::MarkStarts`], [`Trigger::MarkEnds`]). On every day
    /// `x` of `[as_of, until]`, [`Outlook::at`]`(x)` equals `summarize_national`
    /// of the known history and the same standing as of `x`. With the national
    /// section off, the result is [`outlook`](Assessor::outlook)'s.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::national::{Decision, Dossier, Measure, NationalRules, SeriousListing};
    /// use creditgrade::outlook::Trigger;
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let history = History::new(
    ///     Enterprise::new("E1", d(2020, 1, 1)).legal_person(true),
    ///     vec![Fact::annual_report("R2024", d(2025, 3, 1), 2024)],
    /// )?;
    /// let dossier = Dossier::new("E1")
    ///     .decision(Decision::new("P1", d(2024, 3, 1), "art-9").with_measure(Measure::LicenceRevoked))
    ///     .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 4, 1)));
    /// let t = d(2025, 6, 1);
    /// let standing = NationalRules::national_2026().standing(&dossier, t)?;
    /// // Annual reports not graded here, so that no later deadline interferes.
    /// let mut policy = Policy::national_2026();
    /// policy.annual_reports = None;
    /// let a = Assessor::new(policy, Catalogue::new())?;
    /// let o = a.outlook_national(&history, &standing, t, d(2027, 6, 30))?;
    /// assert_eq!(o.now().grade, Some(Grade::D));
    /// // Off the serious list on its third anniversary: back to A (the publicity
    /// // of P1, which ends on 2027-03-01, only bars AAA / AA).
    /// let c = o.next_grade_change().unwrap();
    /// assert_eq!((c.date, c.summary.grade), (d(2027, 4, 1), Some(Grade::A)));
    /// assert_eq!(c.causes[0].trigger, Trigger::MarkEnds);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`outlook`](Assessor::outlook) and
    /// [`assess_national`](Assessor::assess_national).
    pub fn outlook_national(
        &self,
        history: &History,
        standing: &Standing,
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Result<Outlook, Error> {
        self.outlook_national_with(&mut Workspace::new(), history, standing, as_of, until)
    }

    /// [`outlook_national`](Assessor::outlook_national) reusing buffers.
    ///
    /// # Errors
    ///
    /// As [`outlook_national`](Assessor::outlook_national).
    pub fn outlook_national_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        standing: &Standing,
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Result<Outlook, Error> {
        let standing = self.policy().national.map(|_| standing);
        self.outlook_inner(ws, history, standing, as_of, until)
    }

    fn outlook_inner(
        &self,
        ws: &mut Workspace,
        history: &History,
        standing: Option<&Standing>,
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Result<Outlook, Error> {
        let summarize = |ws: &mut Workspace, h: &History, x: NaiveDate| match standing {
            Some(s) => self.summarize_national_with(ws, h, s, x),
            None => self.summarize_with(ws, h, x),
        };
        if until < as_of {
            return Err(Error::invalid_input(
                "until",
                format!("the horizon {until} is before the outlook's date {as_of}"),
            )
            .with_enterprise(history.id()));
        }
        let h = known(history, as_of);
        let h = h.as_ref();
        let now = summarize(ws, h, as_of)?;

        // Candidate dates with their causes. The assessment at the horizon lists
        // every adverse event and key-person flag that exists by then (those dated
        // after `as_of` are missing annual reports: the history holds nothing after
        // `as_of`), with its end as the repairs (all dated on or before `as_of`)
        // left it, and `repaired` as it stands on every day of the outlook.
        let mut candidates: Vec<(NaiveDate, Trigger, Source)> = Vec::new();
        let horizon = self.assess_local(ws, h, until)?;
        collect_candidates(self, h, as_of, until, horizon.reasons(), &mut candidates);
        // National marks: the effect on day `x` is a function of which spells
        // hold on `x`, a step function stepping only on a spell's first day or
        // its end.
        if let Some(s) = standing {
            for (i, sp) in s.spells.iter().enumerate() {
                for (date, trigger) in [
                    (Some(sp.from), Trigger::MarkStarts),
                    (sp.until, Trigger::MarkEnds),
                ] {
                    if let Some(date) = date.filter(|d| *d > as_of && *d <= until) {
                        candidates.push((date, trigger, Source::Mark(i)));
                    }
                }
            }
        }
        candidates.sort_by_key(|c| (c.0, c.1));

        // Coverage: the summary on day `x` (status, grade, lock end, points, score,
        // eligibility, rejected repairs) is a function of
        //   - `registered_on <= x` (candidate: registration);
        //   - the facts dated on or before `x`: for `x >= as_of` always the same set,
        //     so the data errors, repairs and their acceptance, cumulative counts
        //     (counted at each fact's own date) and the closed / revoked status
        //     never change;
        //   - the annual-report deadlines before `x`: a deadline passing adds an
        //     event dated the next day (candidate: event starts), or nothing;
        //   - for each adverse event, `date <= x` and `x < end` (lock: Episode's
        //     running end is an event's end; Window's events in force; score mode's
        //     events in force) — candidates: event starts, event ends;
        //   - for each unrepaired event and each key-person flag, `date > x − L
        //     months` (eligibility; score mode's flag points) — candidate: leaves
        //     the look-back, computed with the engine's month arithmetic;
        //   - for each honour, `x < until` (points) — candidate: honour expires.
        // Each of these is a step function of `x` that can only step on its
        // candidate date, so between two consecutive candidates (and after the
        // last) the engine's answer is constant. Evaluating the engine on each
        // candidate and keeping the dates where the summary differs from the day
        // before is therefore exact.
        let mut changes: Vec<Change> = Vec::new();
        let mut prev = now;
        let mut k = 0;
        while k < candidates.len() {
            let date = candidates[k].0;
            let mut j = k;
            while j < candidates.len() && candidates[j].0 == date {
                j += 1;
            }
            let s = summarize(ws, h, date)?;
            if s != prev {
                let mut causes: Vec<Cause> = candidates[k..j]
                    .iter()
                    .map(|c| cause(h, horizon.reasons(), standing, c.1, c.2))
                    .collect();
                if prev.locked_until == Some(date) {
                    let evidence = causes
                        .iter()
                        .filter(|c| c.trigger == Trigger::EventEnds)
                        .flat_map(|c| c.evidence.iter().cloned())
                        .collect();
                    causes.insert(
                        0,
                        Cause {
                            trigger: Trigger::LockEnds,
                            code: ReasonCode::LOCKED,
                            rule: Cow::Borrowed(lock_rule(self.policy().lock.mode)),
                            evidence,
                        },
                    );
                }
                changes.push(Change {
                    date,
                    summary: s,
                    causes,
                });
                prev = s;
            }
            k = j;
        }

        let mut bars = if now.status == Status::Active {
            bars_on(self, h, as_of, horizon.reasons())
        } else {
            Vec::new()
        };
        if let (Some(s), Some(n), Status::Active) = (standing, self.policy().national, now.status) {
            // The national marks that bar refinement, each holding spell with its
            // end (none for an open entry of the list of abnormal operations).
            let mut national: Vec<BarLapse> = s
                .spells
                .iter()
                .filter(|sp| n.effect(sp.mark).bars_refinement && sp.holds_on(as_of))
                .map(|sp| BarLapse {
                    bar: Bar::of_mark(sp.mark),
                    evidence: vec![Evidence {
                        fact: sp.id.clone(),
                        date: sp.from,
                    }],
                    lapses: sp.until,
                })
                .collect();
            national.sort_by_key(|b| (b.lapses.is_none(), b.lapses));
            bars.extend(national);
        }
        Ok(Outlook {
            enterprise: h.id().to_owned(),
            as_of,
            until,
            now,
            changes,
            bars,
        })
    }

    /// A horizon after which the grade of `history` as known on `as_of` changes
    /// no more if it has not changed before: beyond it, the grade depends only on
    /// the yearly annual-report deadlines.
    ///
    /// Let `M` be the longest of the policy's look-back and lock durations, plus
    /// one month (a look-back lapse can fall a few days after `d + M` months by
    /// month-end clamping), and `T` the latest of `as_of`, the registration date,
    /// the expiry of every honour and the deadline of every annual report known on
    /// `as_of`. From `T + M` months on, every event, flag and honour of a known
    /// fact has ended, left the look-back or expired, and only the missing reports
    /// of later years (one more each year, on the same day of the year) remain;
    /// the state then repeats year after year. So a grade that does not change
    /// between `as_of` and `T + M + 12` months never changes. The horizon is
    /// `T + (M + 12)` months after `T + M` months, i.e. `T + 2M + 12` months.
    #[must_use]
    pub fn settled_horizon(&self, history: &History, as_of: NaiveDate) -> NaiveDate {
        let p = self.policy();
        let d = p.lock.duration_months;
        let m = p
            .refine
            .lookback_months
            .max(d.minor)
            .max(d.general)
            .max(d.serious)
            .saturating_add(1);
        let mut t = as_of.max(history.enterprise().registered_on);
        for f in history.facts_as_of(as_of) {
            match f.kind {
                FactKind::Honour { until: Some(u), .. } => t = t.max(u),
                FactKind::AnnualReport { year } => {
                    if let Some(r) = &p.annual_reports {
                        if let Some(dl) = year.checked_add(1).and_then(|y| {
                            NaiveDate::from_ymd_opt(y, r.deadline_month, r.deadline_day)
                        }) {
                            t = t.max(dl);
                        }
                    }
                }
                _ => {}
            }
        }
        add_months(t, m.saturating_mul(2).saturating_add(12)).min(crate::model::LAST_DATE)
    }

    /// The first day after `as_of` on which the grade or the status of `history`
    /// (as known on `as_of`) differs from `as_of`'s if nothing new happens, with
    /// the summary from that day; `None` when it never does. Looks as far as
    /// [`settled_horizon`](Assessor::settled_horizon).
    ///
    /// # Errors
    ///
    /// As [`outlook`](Assessor::outlook).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let assessor = Assessor::new(Policy::seed(), Catalogue::new())?;
    /// // No annual report ever: B now, and B for good (each year's missing report
    /// // renews the lock).
    /// let h = History::new(Enterprise::new("E17", d(2020, 5, 1)), vec![])?;
    /// assert_eq!(assessor.summarize(&h, d(2025, 2, 1))?.grade, Some(Grade::B));
    /// assert_eq!(assessor.next_grade_change(&h, d(2025, 2, 1))?, None);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn next_grade_change(
        &self,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Option<Change>, Error> {
        self.next_grade_change_with(&mut Workspace::new(), history, as_of)
    }

    /// [`next_grade_change`](Assessor::next_grade_change) reusing buffers.
    ///
    /// # Errors
    ///
    /// As [`outlook`](Assessor::outlook).
    pub fn next_grade_change_with(
        &self,
        ws: &mut Workspace,
        history: &History,
        as_of: NaiveDate,
    ) -> Result<Option<Change>, Error> {
        let until = self.settled_horizon(history, as_of);
        let o = self.outlook_with(ws, history, as_of, until)?;
        Ok(o.next_grade_change().cloned())
    }

    /// Outlooks of many enterprises, in input order; one enterprise's error is
    /// its own entry.
    #[must_use]
    pub fn outlook_batch(
        &self,
        histories: &[History],
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Vec<Result<Outlook, Error>> {
        crate::assess::sequential(histories, |ws, h| self.outlook_with(ws, h, as_of, until))
    }
}

#[cfg(feature = "rayon")]
impl<C: ArticleLookup + Sync> Assessor<C> {
    /// [`outlook_batch`](Assessor::outlook_batch) in parallel (feature `rayon`):
    /// the same results, in input order.
    #[must_use]
    pub fn par_outlook_batch(
        &self,
        histories: &[History],
        as_of: NaiveDate,
        until: NaiveDate,
    ) -> Vec<Result<Outlook, Error>> {
        use rayon::prelude::*;
        histories
            .par_iter()
            .map_init(Workspace::new, |ws, h| {
                self.outlook_with(ws, h, as_of, until)
            })
            .collect()
    }
}

/// Where a candidate date comes from.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// A reason of the assessment at the horizon.
    Reason(usize),
    /// An honour: a position in the known history's facts.
    Honour(usize),
    /// The registration.
    Registration,
    /// A missed annual-report deadline.
    Report,
    /// A spell of the national standing, by position.
    Mark(usize),
}

fn collect_candidates<C: ArticleLookup>(
    assessor: &Assessor<C>,
    h: &History,
    as_of: NaiveDate,
    until: NaiveDate,
    reasons: &[Reason],
    out: &mut Vec<(NaiveDate, Trigger, Source)>,
) {
    let lookback = assessor.policy().refine.lookback_months;
    let mut push = |date: NaiveDate, trigger: Trigger, src: Source| {
        if date > as_of && date <= until {
            out.push((date, trigger, src));
        }
    };
    for (k, r) in reasons.iter().enumerate() {
        match r.detail {
            Detail::Adverse {
                date,
                end,
                repaired,
                ..
            } => {
                push(date, Trigger::EventStarts, Source::Reason(k));
                push(end, Trigger::EventEnds, Source::Reason(k));
                if !repaired {
                    push(
                        leaves_lookback(date, lookback),
                        Trigger::LeavesLookBack,
                        Source::Reason(k),
                    );
                }
            }
            Detail::KeyPersonFlag { date, .. } => {
                push(
                    leaves_lookback(date, lookback),
                    Trigger::LeavesLookBack,
                    Source::Reason(k),
                );
            }
            _ => {}
        }
    }
    // Missed report deadlines, from the policy: the engine may leave the older
    // ones of a long run out of the reasons on a far horizon date (their effect is
    // summed up by the later ones), so every deadline in the range is a candidate
    // with the start, end and look-back lapse its event would have. A deadline
    // whose report was filed gives dates on which nothing changes, and they are
    // dropped like any other.
    if let Some(rule) = &assessor.policy().annual_reports {
        let duration = assessor.policy().lock.duration_months.get(rule.severity);
        let first = rule
            .first_year
            .max(h.enterprise().registered_on.year())
            .max(
                as_of
                    .year()
                    .saturating_sub(1 + lookback.max(duration) / 12 + 1),
            );
        let mut year = first;
        while let Some(start) = year
            .checked_add(1)
            .and_then(|y| NaiveDate::from_ymd_opt(y, rule.deadline_month, rule.deadline_day))
            .and_then(|d| d.succ_opt())
        {
            if start > until {
                break;
            }
            push(start, Trigger::EventStarts, Source::Report);
            push(
                add_months(start, duration),
                Trigger::EventEnds,
                Source::Report,
            );
            push(
                leaves_lookback(start, lookback),
                Trigger::LeavesLookBack,
                Source::Report,
            );
            year += 1;
        }
    }
    push(
        h.enterprise().registered_on,
        Trigger::Registration,
        Source::Registration,
    );
    for (i, f) in h.facts().iter().enumerate() {
        if let FactKind::Honour { until: Some(u), .. } = f.kind {
            push(u, Trigger::HonourExpires, Source::Honour(i));
        }
    }
}

fn cause(
    h: &History,
    reasons: &[Reason],
    standing: Option<&Standing>,
    trigger: Trigger,
    src: Source,
) -> Cause {
    match src {
        Source::Mark(i) => {
            let sp = standing.and_then(|s| s.spells.get(i));
            let (code, rule) = sp.map_or((ReasonCode::SERIOUS_LIST, "national"), |sp| {
                crate::assess::mark_code(sp.mark)
            });
            Cause {
                trigger,
                code,
                rule: Cow::Borrowed(rule),
                evidence: sp
                    .map(|sp| Evidence {
                        fact: sp.id.clone(),
                        date: sp.from,
                    })
                    .into_iter()
                    .collect(),
            }
        }
        Source::Reason(k) => Cause {
            trigger,
            code: reasons[k].code.clone(),
            rule: reasons[k].rule.clone(),
            evidence: reasons[k].evidence.clone(),
        },
        Source::Honour(i) => Cause {
            trigger,
            code: ReasonCode::HONOUR,
            rule: Cow::Borrowed("honours"),
            evidence: vec![Evidence {
                fact: h.facts()[i].id.clone(),
                date: h.facts()[i].date,
            }],
        },
        Source::Report => Cause {
            trigger,
            code: ReasonCode::ANNUAL_REPORT_MISSING,
            rule: Cow::Borrowed("annual_reports"),
            evidence: Vec::new(),
        },
        Source::Registration => Cause {
            trigger,
            code: ReasonCode::NOT_REGISTERED,
            rule: Cow::Borrowed("status"),
            evidence: Vec::new(),
        },
    }
}

/// The bars holding on `as_of`, from the reasons of an assessment on a later date
/// of the same known history (events and flags dated on or before `as_of`).
fn bars_on<C: ArticleLookup>(
    assessor: &Assessor<C>,
    h: &History,
    as_of: NaiveDate,
    reasons: &[Reason],
) -> Vec<BarLapse> {
    let rules = &assessor.policy().refine;
    let start = sub_months(as_of, rules.lookback_months);
    let mut bars = Vec::new();
    if rules.require_legal_person && !h.enterprise().legal_person {
        bars.push(BarLapse {
            bar: Bar::NotLegalPerson,
            evidence: Vec::new(),
            lapses: None,
        });
    }
    let mut dated: Vec<BarLapse> = Vec::new();
    for r in reasons {
        let (bar, date) = match r.detail {
            Detail::Adverse {
                date,
                repaired: false,
                ..
            } => (Bar::AdverseEvent, date),
            Detail::KeyPersonFlag { date, .. } if rules.key_person_flags_bar => {
                (Bar::KeyPersonFlag, date)
            }
            _ => continue,
        };
        if date > start && date <= as_of {
            dated.push(BarLapse {
                bar,
                evidence: r.evidence.clone(),
                lapses: Some(leaves_lookback(date, rules.lookback_months)),
            });
        }
    }
    dated.sort_by_key(|b| b.lapses);
    bars.extend(dated);
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn look_back_lapse_follows_the_engine_month_arithmetic() {
        // Not clamped: d + 36 months.
        assert_eq!(leaves_lookback(d(2024, 5, 15), 36), d(2027, 5, 15));
        // 2024-02-29 + 36 months = 2027-02-28, whose look-back starts 2024-02-28:
        // still inside; it lapses on 2027-03-01.
        assert_eq!(leaves_lookback(d(2024, 2, 29), 36), d(2027, 3, 1));
        assert_eq!(leaves_lookback(d(2024, 1, 31), 1), d(2024, 3, 1));
        for x in [d(2024, 2, 29), d(2024, 1, 31), d(2023, 8, 31)] {
            for n in [0, 1, 12, 36] {
                let l = leaves_lookback(x, n);
                assert!(sub_months(l, n) >= x);
                assert!(sub_months(l.pred_opt().unwrap(), n) < x || n == 0);
            }
        }
    }
}
