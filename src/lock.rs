//! Lock and recovery (锁定 / 自动恢复): adverse events over time become a tier and
//! the date the lock ends.
//!
//! Pure functions over a list of events whose ends are already shortened by the
//! accepted repairs; see `docs/spec.md`, "The lock and recovery".

use chrono::NaiveDate;

use crate::model::months::add_months;

use crate::policy::{LockMode, LockRules};
use crate::{Severity, Tier};

/// One adverse event as the lock sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    /// The finding it comes from.
    pub finding: u32,
    pub date: NaiveDate,
    /// Natural end `d + L(s)`, shortened by an accepted repair.
    pub end: NaiveDate,
    pub severity: Severity,
    /// Whether an accepted repair dated on or before the assessment date targets it.
    pub repaired: bool,
    /// The fact a repair may target.
    pub source: Option<u32>,
    /// The date by which it joins the running episode: its own date, or an
    /// earlier one standing for a run of events left out (see the annual-report
    /// quantifier).
    pub link: NaiveDate,
}

impl Event {
    pub(crate) fn new(
        finding: u32,
        date: NaiveDate,
        severity: Severity,
        source: Option<u32>,
        rules: &LockRules,
    ) -> Event {
        Event {
            finding,
            date,
            end: add_months(date, rules.duration_months.get(severity)),
            severity,
            repaired: false,
            source,
            link: date,
        }
    }
}

/// What a repair did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RepairResult {
    /// Accepted: the event's end is now at most the repair's date.
    Accepted,
    /// Dated before `d + M(s)`: changes nothing.
    TooEarly { earliest: NaiveDate },
    /// The target yields no adverse event (nothing to repair).
    Nothing,
}

/// Applies one repair dated `date` of the fact `target` to the events.
pub(crate) fn repair(
    events: &mut [Event],
    target: u32,
    date: NaiveDate,
    rules: &LockRules,
) -> RepairResult {
    let mut result = RepairResult::Nothing;
    for e in events.iter_mut().filter(|e| e.source == Some(target)) {
        let earliest = add_months(e.date, rules.repair_min_months.get(e.severity));
        if date < earliest {
            if result == RepairResult::Nothing {
                result = RepairResult::TooEarly { earliest };
            }
        } else {
            e.repaired = true;
            e.end = e.end.min(date);
            result = RepairResult::Accepted;
        }
    }
    result
}

/// The lock's verdict at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub tier: Tier,
    /// The running end of the locking episode (Episode) or the latest end of the
    /// covering events (Window), when locked.
    pub locked_until: Option<NaiveDate>,
    /// Positions (in the sorted events) of the last episode, locked or not.
    pub episode: (usize, usize),
    /// The running end of the last episode, if there was one.
    pub last_end: Option<NaiveDate>,
}

/// Sorts the events (by date, then end) and decides the tier at `t`.
///
/// Among events of one date the order never changes the verdict: an event with a
/// non-empty interval (`end > date`) joins any episode opened on its date, and an
/// empty one (a minor event repaired on its own date, `end = date`) is repaired,
/// so it neither extends an episode nor counts toward its worst severity; sorting
/// empty ones first only keeps the result independent of input order.
pub(crate) fn decide(events: &mut [Event], t: NaiveDate, mode: LockMode) -> Verdict {
    events.sort_unstable_by_key(|e| (e.date, e.end, e.finding));
    match mode {
        LockMode::Window => window(events, t),
        LockMode::Episode => episode(events, t),
    }
}

fn episode(events: &[Event], t: NaiveDate) -> Verdict {
    let mut start = 0;
    let mut running: Option<NaiveDate> = None;
    for (k, e) in events.iter().enumerate() {
        match running {
            Some(end) if e.link < end => running = Some(end.max(e.end)),
            _ => {
                start = k;
                running = Some(e.end);
            }
        }
    }
    let mut v = Verdict {
        tier: Tier::A,
        locked_until: None,
        episode: (start, events.len()),
        last_end: running,
    };
    if let Some(end) = running {
        if end > t {
            let worst = events[start..]
                .iter()
                .filter(|e| !e.repaired)
                .map(|e| e.severity)
                .max();
            // An event ending after `t` cannot be repaired by `t` (a repair sets
            // end <= its date <= t), so `worst` is always found here.
            if let Some(s) = worst {
                v.tier = s.tier();
                v.locked_until = Some(end);
            }
        }
    }
    v
}

fn window(events: &[Event], t: NaiveDate) -> Verdict {
    let mut worst: Option<Severity> = None;
    let mut until: Option<NaiveDate> = None;
    for e in events.iter().filter(|e| e.date <= t && t < e.end) {
        worst = worst.max(Some(e.severity));
        until = until.max(Some(e.end));
    }
    Verdict {
        tier: worst.map_or(Tier::A, Severity::tier),
        locked_until: until,
        episode: (0, events.len()),
        last_end: events.iter().map(|e| e.end).max(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ev(k: u32, date: NaiveDate, s: Severity) -> Event {
        Event::new(k, date, s, Some(k), &Policy::seed().lock)
    }

    #[test]
    fn spec_example_episode_and_window() {
        // docs/spec.md, "The lock and recovery", Example.
        let base = [
            ev(0, d(2024, 1, 10), Severity::Serious),
            ev(1, d(2024, 6, 1), Severity::Minor),
        ];
        let mut e = base;
        let v = decide(&mut e, d(2025, 2, 1), LockMode::Episode);
        assert_eq!((v.tier, v.locked_until), (Tier::D, Some(d(2025, 6, 1))));
        let mut e = base;
        let v = decide(&mut e, d(2025, 2, 1), LockMode::Window);
        assert_eq!((v.tier, v.locked_until), (Tier::B, Some(d(2025, 6, 1))));
        for mode in [LockMode::Episode, LockMode::Window] {
            let mut e = base;
            let v = decide(&mut e, d(2025, 6, 1), mode);
            assert_eq!((v.tier, v.locked_until), (Tier::A, None));
        }
    }

    #[test]
    fn event_on_the_running_end_opens_a_new_episode() {
        let mut e = [
            ev(0, d(2024, 1, 10), Severity::Serious),
            ev(1, d(2025, 1, 10), Severity::Minor),
        ];
        let v = decide(&mut e, d(2025, 2, 1), LockMode::Episode);
        assert_eq!((v.tier, v.locked_until), (Tier::B, Some(d(2026, 1, 10))));
    }

    #[test]
    fn repair_minimum_periods() {
        let rules = Policy::seed().lock;
        let mut e = [ev(0, d(2024, 1, 31), Severity::General)];
        // d + 3 months = 2024-04-30 (clamped).
        assert_eq!(
            repair(&mut e, 0, d(2024, 4, 29), &rules),
            RepairResult::TooEarly {
                earliest: d(2024, 4, 30)
            }
        );
        assert!(!e[0].repaired);
        assert_eq!(
            repair(&mut e, 0, d(2024, 4, 30), &rules),
            RepairResult::Accepted
        );
        assert_eq!(e[0].end, d(2024, 4, 30));
        assert!(e[0].repaired);
        assert_eq!(
            repair(&mut e, 7, d(2024, 4, 30), &rules),
            RepairResult::Nothing
        );
    }
}
