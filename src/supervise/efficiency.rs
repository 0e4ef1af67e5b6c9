//! Efficiency of supervision (效能监察): the inspectors' own work.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::SupervisionPolicy;
use super::dates::days_between;
use super::patrol::next_due;
use super::record::{Record, Status, validate_all};
use super::warning::{check_period, items};
use crate::{Error, ErrorKind};

/// The efficiency figures of one inspector or district over a period.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EfficiencyRow {
    /// The inspector id, the district, or `all` for the report's total.
    pub key: String,
    /// Patrols whose due date falls in the period.
    pub tasks_due: usize,
    /// Of those, done on or before the due date.
    pub done_on_time: usize,
    /// Of those, done late or not done by the period's end.
    pub overdue: usize,
    /// Mean days late over the overdue patrols (not done: counted to the period's
    /// end), 2 decimal places; `None` when none is overdue.
    pub average_delay_days: Option<Decimal>,
    /// Warnings that opened in the period.
    pub warnings_raised: usize,
    /// Of those, resolved while still at their ladder's first step (and by the
    /// period's end).
    pub warnings_handled_on_time: usize,
    /// Amounts of fees assessed in the period.
    pub fees_assessed: Decimal,
    /// Payments dated in the period.
    pub fees_collected: Decimal,
    /// Renewals recorded in the period later than the allowed gap.
    pub entry_delays: usize,
}

/// A row with the sum of delays behind its average.
#[derive(Default)]
struct Acc {
    row: EfficiencyRow,
    total_delay: i64,
}

impl Acc {
    fn finish(mut self, key: String) -> EfficiencyRow {
        self.row.key = key;
        self.row.average_delay_days = if self.row.overdue == 0 {
            None
        } else {
            let n = u64::try_from(self.row.overdue).unwrap_or(u64::MAX);
            Decimal::from(self.total_delay)
                .checked_div(Decimal::from(n))
                .map(|x| x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        };
        self.row
    }

    fn merge(&mut self, o: &Acc) -> Result<(), Error> {
        let ov = || Error::new(ErrorKind::Overflow, "efficiency sums overflow");
        self.total_delay = self.total_delay.checked_add(o.total_delay).ok_or_else(ov)?;
        let (s, o) = (&mut self.row, &o.row);
        s.tasks_due += o.tasks_due;
        s.done_on_time += o.done_on_time;
        s.overdue += o.overdue;
        s.warnings_raised += o.warnings_raised;
        s.warnings_handled_on_time += o.warnings_handled_on_time;
        s.fees_assessed = s
            .fees_assessed
            .checked_add(o.fees_assessed)
            .ok_or_else(ov)?;
        s.fees_collected = s
            .fees_collected
            .checked_add(o.fees_collected)
            .ok_or_else(ov)?;
        s.entry_delays += o.entry_delays;
        Ok(())
    }
}

/// Efficiency per inspector and per district over a period, with the total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EfficiencyReport {
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// One row per responsible inspector, by id.
    pub inspectors: Vec<EfficiencyRow>,
    /// One row per district, by name.
    pub districts: Vec<EfficiencyRow>,
    /// All records together, key `all`: every count and amount is the sum of the
    /// inspector rows (and of the district rows); the average delay is the total
    /// days late over all overdue patrols divided by their number, rounded once
    /// to 2 decimal places (not an average of the rows' averages).
    pub total: EfficiencyRow,
}

fn record_row(
    r: &Record,
    policy: &SupervisionPolicy,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Acc, Error> {
    let ov = || Error::new(ErrorKind::Overflow, "efficiency sums overflow").with_enterprise(r.id());
    let mut acc = Acc::default();
    let row = &mut acc.row;
    let total_delay = &mut acc.total_delay;
    // Patrol cycles.
    let patrol = policy.patrol();
    let months = if r.status == Status::Deregistered {
        None
    } else {
        patrol.interval(patrol.risk_class(r), r.grade)
    };
    if let Some(m) = months {
        let mut dates: Vec<NaiveDate> = r
            .inspections
            .iter()
            .map(|i| i.date)
            .filter(|d| *d <= to)
            .collect();
        dates.sort_unstable();
        let mut base = r.enterprise.registered_on;
        loop {
            let due = next_due(base, m).map_err(|e| e.with_enterprise(r.id()))?;
            if due > to {
                break;
            }
            let done = dates.iter().copied().find(|d| *d > base);
            let counted = due >= from;
            match done {
                Some(d) if d <= due => {
                    if counted {
                        row.tasks_due += 1;
                        row.done_on_time += 1;
                    }
                    base = d;
                }
                Some(d) => {
                    if counted {
                        row.tasks_due += 1;
                        row.overdue += 1;
                        *total_delay = total_delay
                            .checked_add(days_between(due, d))
                            .ok_or_else(ov)?;
                    }
                    base = d;
                }
                None => {
                    if counted {
                        row.tasks_due += 1;
                        row.overdue += 1;
                        *total_delay = total_delay
                            .checked_add(days_between(due, to))
                            .ok_or_else(ov)?;
                    }
                    break;
                }
            }
        }
    }
    // Warnings.
    for it in items(r) {
        let ladder = policy.warnings().ladder(it.kind);
        let opened = ladder
            .opens_on(it.anchor)
            .map_err(|e| e.with_enterprise(r.id()))?;
        if opened < from || opened > to || it.resolved_on.is_some_and(|d| d <= opened) {
            continue;
        }
        row.warnings_raised += 1;
        let last_day = ladder
            .first_step_last_day(it.anchor)
            .map_err(|e| e.with_enterprise(r.id()))?;
        if let Some(d) = it.resolved_on {
            if d <= to && last_day.is_none_or(|l| d <= l) {
                row.warnings_handled_on_time += 1;
            }
        }
    }
    // Fees.
    for f in &r.fees {
        if f.assessed_on >= from && f.assessed_on <= to {
            row.fees_assessed = row.fees_assessed.checked_add(f.amount).ok_or_else(ov)?;
        }
        for p in &f.payments {
            if p.date >= from && p.date <= to {
                row.fees_collected = row.fees_collected.checked_add(p.amount).ok_or_else(ov)?;
            }
        }
    }
    // Data entry.
    let allowed = i64::from(policy.warnings().entry_delay_days());
    for l in &r.licences {
        if let Some(rn) = l.renewal {
            if rn.recorded_on >= from
                && rn.recorded_on <= to
                && days_between(rn.submitted_on, rn.recorded_on) > allowed
            {
                row.entry_delays += 1;
            }
        }
    }
    Ok(acc)
}

/// Efficiency of supervision from `from` to `to` (inclusive), per responsible
/// inspector, per district and in all ([`EfficiencyReport::total`]).
///
/// - Patrols: for each record not deregistered with a patrol interval `m` (its
///   current risk class and grade), cycles run from the registration date: a
///   patrol is due `m` months after the previous base; the first inspection after
///   the base and on or before `to` does it (on time when on or before the due
///   date) and becomes the next base. Patrols due in the period are counted.
/// - Warnings: those whose ladder opens in the period and that were not resolved
///   before opening; handled on time when resolved on or before the last day of
///   the ladder's first step and by `to`.
/// - Fees: amounts assessed in the period; payments dated in the period.
/// - Data entry: renewals recorded in the period more than the allowed days after
///   submission.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`] for a bad record or `from` after `to`;
/// [`ErrorKind::InvalidPolicy`] for a bad policy; [`ErrorKind::Overflow`] when a
/// sum overflows.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Grade};
/// use creditgrade::supervise::{Inspection, Record, SupervisionPolicy, efficiency};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // Grade D: a patrol every month; registered 2024-01-01.
/// let r = Record::new(Enterprise::new("E1", d(2024, 1, 1)).district("D1"), Some(Grade::D))
///     .inspector("I1")
///     .inspection(Inspection::new(d(2024, 1, 30), "I1"))   // due 02-01: on time
///     .inspection(Inspection::new(d(2024, 3, 4), "I1"));   // due 02-29: 4 days late
/// let rep = efficiency(&[r], &SupervisionPolicy::source(), d(2024, 1, 1), d(2024, 3, 31))?;
/// let row = &rep.inspectors[0];
/// assert_eq!((row.tasks_due, row.done_on_time, row.overdue), (2, 1, 1));
/// assert_eq!(row.average_delay_days, Some(rust_decimal::Decimal::new(400, 2)));
/// assert_eq!(rep.total.key, "all");
/// assert_eq!(rep.total.tasks_due, 2);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn efficiency(
    records: &[Record],
    policy: &SupervisionPolicy,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<EfficiencyReport, Error> {
    check_period(from, to)?;
    policy.patrol().validate()?;
    policy.warnings().validate()?;
    validate_all(records)?;
    let mut by_inspector: BTreeMap<String, Acc> = BTreeMap::new();
    let mut by_district: BTreeMap<String, Acc> = BTreeMap::new();
    let mut total = Acc::default();
    for r in records {
        let row = record_row(r, policy, from, to)?;
        total.merge(&row)?;
        by_inspector
            .entry(r.inspector.clone())
            .or_default()
            .merge(&row)?;
        by_district
            .entry(r.enterprise.district.clone())
            .or_default()
            .merge(&row)?;
    }
    let collect = |m: BTreeMap<String, Acc>| {
        m.into_iter()
            .map(|(k, acc)| acc.finish(k))
            .collect::<Vec<_>>()
    };
    Ok(EfficiencyReport {
        from,
        to,
        inspectors: collect(by_inspector),
        districts: collect(by_district),
        total: total.finish("all".to_owned()),
    })
}
