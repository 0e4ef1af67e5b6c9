//! Patrol intervals, due dates and the day's task list (巡查任务).

use std::cmp::Reverse;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::SupervisionPolicy;
use super::dates::{add_months, days_between};
use super::record::{Record, Status, validate_all};
use super::risk::{RiskCatalogue, RiskClass};
use super::warning::{Action, Colour, WarningKind, record_warnings};
use crate::model::dates::check_date;
use crate::{Error, Grade};

/// Patrol intervals (巡查周期) by industry risk class and by grade, in months
/// (`None`: no cycle), and the risk catalogue. An enterprise's interval is the
/// shortest of those that apply.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::supervise::{PatrolPolicy, RiskClass};
/// let p = PatrolPolicy::source();
/// assert_eq!(p.interval(RiskClass::D, Some(Grade::Aaa)), None);
/// assert_eq!(p.interval(RiskClass::C, Some(Grade::A)), Some(12));
/// assert_eq!(p.interval(RiskClass::C, Some(Grade::B)), Some(6));
/// assert_eq!(p.interval(RiskClass::B, Some(Grade::D)), Some(1));
/// assert_eq!(p.interval(RiskClass::A, None), None); // not rated: no patrol
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatrolPolicy {
    risk_intervals: [Option<u32>; 4],
    grade_intervals: [Option<u32>; 6],
    catalogue: RiskCatalogue,
}

impl Default for PatrolPolicy {
    fn default() -> Self {
        PatrolPolicy::source()
    }
}

impl PatrolPolicy {
    /// The preset: industry risk class A every 3 months, B every 6, C every 12,
    /// D none (Jianghai essay: 每个季度/每半年/每年检查不少于1次; D 不设巡查周期);
    /// grades AAA, AA, A none, B 6, C 3, D 1 (`docs/spec.md` placeholders); the preset
    /// [`RiskCatalogue::source`].
    #[must_use]
    pub fn source() -> PatrolPolicy {
        PatrolPolicy {
            risk_intervals: [Some(3), Some(6), Some(12), None],
            grade_intervals: [None, None, None, Some(6), Some(3), Some(1)],
            catalogue: RiskCatalogue::source(),
        }
    }

    /// Sets the interval of a risk class.
    #[must_use]
    pub fn risk_interval(mut self, class: RiskClass, months: Option<u32>) -> PatrolPolicy {
        if let Some(slot) = self.risk_intervals.get_mut(class.index()) {
            *slot = months;
        }
        self
    }

    /// Sets the interval of a grade.
    #[must_use]
    pub fn grade_interval(mut self, grade: Grade, months: Option<u32>) -> PatrolPolicy {
        if let Some(slot) = self.grade_intervals.get_mut(grade.index()) {
            *slot = months;
        }
        self
    }

    /// Replaces the risk catalogue.
    #[must_use]
    pub fn catalogue(mut self, catalogue: RiskCatalogue) -> PatrolPolicy {
        self.catalogue = catalogue;
        self
    }

    /// The risk catalogue.
    #[must_use]
    pub fn risk_catalogue(&self) -> &RiskCatalogue {
        &self.catalogue
    }

    /// Checks the rules: no interval of 0 months; a riskier class never has a
    /// longer interval than a less risky one, nor a worse grade than a better one
    /// (`None` counts as longer than any number); the catalogue is valid.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming
    /// `patrol.grade_intervals.<grade>` or `patrol.risk_intervals.<class>`.
    pub fn validate(&self) -> Result<(), Error> {
        let longer = |a: Option<u32>, b: Option<u32>| match (a, b) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) => x > y,
            _ => false,
        };
        for (i, c) in RiskClass::ALL.iter().enumerate() {
            let v = self.risk_intervals.get(i).copied().flatten();
            if v == Some(0) {
                return Err(Error::invalid_policy(
                    format!("patrol.risk_intervals.{}", c.as_str()),
                    "an interval of 0 months",
                ));
            }
            if i > 0 && longer(self.risk_intervals.get(i - 1).copied().flatten(), v) {
                return Err(Error::invalid_policy(
                    format!("patrol.risk_intervals.{}", c.as_str()),
                    "a riskier class has a longer interval",
                ));
            }
        }
        for (i, g) in Grade::ALL.iter().enumerate() {
            let v = self.grade_intervals.get(i).copied().flatten();
            if v == Some(0) {
                return Err(Error::invalid_policy(
                    format!("patrol.grade_intervals.{}", g.as_str()),
                    "an interval of 0 months",
                ));
            }
            if i > 0 && longer(v, self.grade_intervals.get(i - 1).copied().flatten()) {
                return Err(Error::invalid_policy(
                    format!("patrol.grade_intervals.{}", g.as_str()),
                    "a worse grade has a longer interval than a better one",
                ));
            }
        }
        self.catalogue.validate()
    }

    /// The interval of a risk class alone.
    #[must_use]
    pub fn class_interval(&self, class: RiskClass) -> Option<u32> {
        self.risk_intervals.get(class.index()).copied().flatten()
    }

    /// The interval of a grade alone (`None` grade: none).
    #[must_use]
    pub fn grade_only_interval(&self, grade: Option<Grade>) -> Option<u32> {
        grade.and_then(|g| self.grade_intervals.get(g.index()).copied().flatten())
    }

    /// The patrol interval in months of an enterprise of a risk class and a grade:
    /// the shortest that applies; `None` when none does. An unrated enterprise
    /// (`None`, for example closed) is not patrolled.
    #[must_use]
    pub fn interval(&self, class: RiskClass, grade: Option<Grade>) -> Option<u32> {
        grade?;
        match (self.class_interval(class), self.grade_only_interval(grade)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// The risk class of a record: its own, if set, else the catalogue's from its
    /// industry code and licence kinds.
    #[must_use]
    pub fn risk_class(&self, record: &Record) -> RiskClass {
        record.risk_class.unwrap_or_else(|| {
            self.catalogue.classify(
                &record.enterprise.industry,
                record.licences.iter().map(|l| l.kind.as_str()),
            )
        })
    }

    /// The next patrol due date of a record as of `t`: the last inspection on or
    /// before `t` (or, with none, the registration date) plus the interval;
    /// `None` when the record has no interval or is deregistered.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the date
    /// leaves the calendar.
    pub fn due_date(&self, record: &Record, t: NaiveDate) -> Result<Option<NaiveDate>, Error> {
        check_date("t", t)?;
        if record.status == Status::Deregistered {
            return Ok(None);
        }
        let Some(months) = self.interval(self.risk_class(record), record.grade) else {
            return Ok(None);
        };
        let base = record
            .last_inspection(t)
            .map_or(record.enterprise.registered_on, |i| i.date);
        next_due(base, months)
            .map(Some)
            .map_err(|e| e.with_enterprise(record.id()))
    }
}

/// The next due date after an inspection on `last`, `months` later
/// (`checked_add_months`, clamped to the month end).
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the result
/// leaves the calendar.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::supervise::next_due;
/// let last = NaiveDate::from_ymd_opt(2023, 11, 30).unwrap();
/// assert_eq!(next_due(last, 3)?, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn next_due(last: NaiveDate, months: u32) -> Result<NaiveDate, Error> {
    check_date("last", last)?;
    let m = i32::try_from(months)
        .map_err(|_| Error::invalid_input("months", format!("{months} months is too many")))?;
    add_months(last, m)
}

/// What to check on a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Check {
    /// 经营场所与经营范围 — premises and business scope as registered (every patrol).
    Premises,
    /// 锁定期监管 — a locked grade (B, C, D): look for new violations.
    Lock,
    /// 前置审批 — pre-approval licences: valid, not expired.
    LicenceExpiry,
    /// 欠费 — fee arrears.
    Arrears,
    /// 投诉举报回复 — an unanswered complaint.
    ComplaintReply,
    /// 整改落实 — an open rectification notice.
    OpenRectification,
}

impl Check {
    /// The name used in files (snake case).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Check::Premises => "premises",
            Check::Lock => "lock",
            Check::LicenceExpiry => "licence_expiry",
            Check::Arrears => "arrears",
            Check::ComplaintReply => "complaint_reply",
            Check::OpenRectification => "open_rectification",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Check::Premises => "经营场所与经营范围",
            Check::Lock => "锁定期监管",
            Check::LicenceExpiry => "前置审批",
            Check::Arrears => "欠费",
            Check::ComplaintReply => "投诉举报回复",
            Check::OpenRectification => "整改落实",
        }
    }
}

/// How a check is done (巡查方式).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Method {
    /// 实地 — on site.
    OnSite,
    /// 书面 — in writing: serve or review documents.
    Documents,
    /// 电话 — by phone.
    Phone,
}

impl Method {
    /// The name used in files: `on_site`, `documents`, `phone`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::OnSite => "on_site",
            Method::Documents => "documents",
            Method::Phone => "phone",
        }
    }

    /// The Chinese label: 实地, 书面, 电话.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Method::OnSite => "实地",
            Method::Documents => "书面",
            Method::Phone => "电话",
        }
    }

    /// The method of a warning action: phone → phone; visit, open case → on site;
    /// deadline or rectification notice → documents.
    #[must_use]
    pub const fn of_action(action: Action) -> Method {
        match action {
            Action::Phone => Method::Phone,
            Action::Visit | Action::OpenCase => Method::OnSite,
            Action::DeadlineNotice | Action::RectificationNotice => Method::Documents,
        }
    }
}

/// One thing to do on a task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskItem {
    /// What to check.
    pub check: Check,
    /// How.
    pub method: Method,
    /// The warning behind it, if any (`None`: the patrol cycle).
    pub warning: Option<WarningKind>,
    /// The fee, licence, complaint or notice id, for warnings.
    pub subject: Option<String>,
    /// The warning colour, for warnings.
    pub colour: Option<Colour>,
    /// The warning action, for warnings.
    pub action: Option<Action>,
    /// For a patrol item, the patrol due date ([`PatrolPolicy::due_date`]). For a
    /// warning item, the day the warning opened: the first day of its ladder's
    /// first step ([`Warning::opened_on`](super::Warning::opened_on)), which is
    /// not the date the warning is about (see [`anchor`](TaskItem::anchor)).
    pub due_on: NaiveDate,
    /// For a warning item, its anchor ([`Warning::anchor`](super::Warning::anchor)):
    /// the fee's due date, the licence's expiry date, the complaint's reply due
    /// date or the rectification deadline. `None` for a patrol item.
    #[serde(default)]
    pub anchor: Option<NaiveDate>,
    /// For a warning item, the first day of the step in force
    /// ([`Warning::step_since`](super::Warning::step_since)). `None` for a patrol
    /// item.
    #[serde(default)]
    pub step_since: Option<NaiveDate>,
    /// Days overdue as of the as-of date, never negative. A patrol item counts
    /// from `due_on` (0 on the due date itself). A warning item counts from its
    /// `anchor`, and is 0 while the anchor is not yet passed (a licence in the
    /// notice step before its expiry, for example).
    pub days_overdue: i64,
}

/// One enterprise to deal with on a day: where, who, and what to check how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Task {
    /// The inspector responsible (片管员).
    pub inspector: String,
    /// The district (片区).
    pub district: String,
    /// The route (路线).
    pub route: String,
    /// The enterprise's id.
    pub enterprise: String,
    /// The enterprise's registered name (from [`Enterprise::name`](crate::Enterprise::name)).
    #[serde(default)]
    pub name: String,
    /// The supervision office (工商所) responsible (the [`Record`]'s `office`).
    #[serde(default)]
    pub office: String,
    /// Its industry risk class.
    pub risk_class: RiskClass,
    /// Its grade.
    pub grade: Option<Grade>,
    /// The largest [`days_overdue`](TaskItem::days_overdue) of the items.
    pub days_overdue: i64,
    /// The items, most overdue first (by [`TaskItem::days_overdue`]), then by
    /// check.
    pub items: Vec<TaskItem>,
}

/// The day's task list (每天开机受命): for every record not deregistered, a patrol
/// when its due date (see [`PatrolPolicy::due_date`]) is on or before `as_of`, and
/// one item per open warning (see [`open_warnings`](super::open_warnings)).
///
/// A patrol checks the premises on site, the lock on site for grades B, C and D,
/// and the licences on site when the record has any. A warning's check follows its
/// kind and its method its step's action ([`Method::of_action`]).
///
/// Days overdue ([`TaskItem::days_overdue`]) count from the patrol due date for a
/// patrol and from the warning's anchor (fee due date, licence expiry, reply due
/// date, rectification deadline) for a warning, never below 0: a warning whose
/// anchor is not yet passed is 0 days overdue.
///
/// Tasks are ordered by inspector, district and route, then most overdue first
/// ([`Task::days_overdue`], the largest of its items), then riskiest class first,
/// then worst grade first (unrated last), then enterprise id.
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) for a bad policy;
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a bad record.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Grade};
/// use creditgrade::supervise::{Check, Inspection, Record, SupervisionPolicy, daily_tasks};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let c = Record::new(Enterprise::new("E-C", d(2015, 1, 1)).route("R1"), Some(Grade::C))
///     .inspector("I-1")
///     .inspection(Inspection::new(d(2024, 1, 10), "I-1"));
/// let a = Record::new(Enterprise::new("E-A", d(2015, 1, 1)).route("R1"), Some(Grade::A))
///     .inspector("I-1");
/// let tasks = daily_tasks(&[a, c], &SupervisionPolicy::source(), d(2024, 4, 15))?;
/// assert_eq!(tasks.len(), 1); // grade A, class D: no cycle
/// assert_eq!(tasks[0].enterprise, "E-C");
/// assert_eq!(tasks[0].days_overdue, 5); // due 2024-04-10
/// assert_eq!(tasks[0].items[0].check, Check::Premises);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn daily_tasks(
    records: &[Record],
    policy: &SupervisionPolicy,
    as_of: NaiveDate,
) -> Result<Vec<Task>, Error> {
    check_date("as_of", as_of)?;
    policy.patrol().validate()?;
    policy.warnings().validate()?;
    validate_all(records)?;
    let patrol = policy.patrol();
    let mut tasks = Vec::new();
    for r in records {
        if r.status == Status::Deregistered {
            continue;
        }
        let mut items = Vec::new();
        if let Some(due) = patrol.due_date(r, as_of)? {
            if due <= as_of {
                let overdue = days_between(due, as_of);
                let mut checks = vec![Check::Premises];
                if r.grade.is_some_and(|g| g >= Grade::B) {
                    checks.push(Check::Lock);
                }
                if !r.licences.is_empty() {
                    checks.push(Check::LicenceExpiry);
                }
                for check in checks {
                    items.push(TaskItem {
                        check,
                        method: Method::OnSite,
                        warning: None,
                        subject: None,
                        colour: None,
                        action: None,
                        due_on: due,
                        anchor: None,
                        step_since: None,
                        days_overdue: overdue,
                    });
                }
            }
        }
        for w in record_warnings(r, policy.warnings(), as_of)? {
            let check = match w.kind {
                WarningKind::FeeArrears => Check::Arrears,
                WarningKind::LicenceExpiry => Check::LicenceExpiry,
                WarningKind::ComplaintReply => Check::ComplaintReply,
                WarningKind::Rectification => Check::OpenRectification,
            };
            items.push(TaskItem {
                check,
                method: Method::of_action(w.action),
                warning: Some(w.kind),
                subject: Some(w.subject),
                colour: Some(w.colour),
                action: Some(w.action),
                due_on: w.opened_on,
                anchor: Some(w.anchor),
                step_since: Some(w.step_since),
                days_overdue: days_between(w.anchor, as_of).max(0),
            });
        }
        if items.is_empty() {
            continue;
        }
        items.sort_by(|a, b| {
            (Reverse(a.days_overdue), a.check, a.warning, &a.subject).cmp(&(
                Reverse(b.days_overdue),
                b.check,
                b.warning,
                &b.subject,
            ))
        });
        let days_overdue = items.iter().map(|i| i.days_overdue).max().unwrap_or(0);
        tasks.push(Task {
            inspector: r.inspector.clone(),
            district: r.enterprise.district.clone(),
            route: r.enterprise.route.clone(),
            enterprise: r.id().to_owned(),
            name: r.enterprise.name.clone(),
            office: r.office.clone(),
            risk_class: patrol.risk_class(r),
            grade: r.grade,
            days_overdue,
            items,
        });
    }
    tasks.sort_by(|a, b| {
        let key = |t: &Task| {
            (
                t.inspector.clone(),
                t.district.clone(),
                t.route.clone(),
                Reverse(t.days_overdue),
                t.risk_class,
                Reverse(grade_rank(t.grade)),
                t.enterprise.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(tasks)
}

/// 0 for unrated, 1 for AAA … 6 for D: larger is worse.
fn grade_rank(g: Option<Grade>) -> usize {
    g.map_or(0, |g| g.index() + 1)
}

crate::json::policy_file!(
    PatrolPolicy,
    "creditgrade::supervise::PatrolPolicy",
    PatrolPolicy::validate
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_monotone_intervals_are_refused() {
        let e = PatrolPolicy::source()
            .grade_interval(Grade::D, Some(12))
            .validate()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "policy field `patrol.grade_intervals.D`: a worse grade has a longer interval than a better one"
        );
        let e = PatrolPolicy::source()
            .risk_interval(RiskClass::A, None)
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("patrol.risk_intervals.B"));
        let e = PatrolPolicy::source()
            .grade_interval(Grade::D, Some(0))
            .validate()
            .unwrap_err();
        assert_eq!(e.message(), "an interval of 0 months");
        assert!(PatrolPolicy::source().validate().is_ok());
    }

    #[test]
    fn method_of_action() {
        assert_eq!(Method::of_action(Action::Phone), Method::Phone);
        assert_eq!(Method::of_action(Action::Visit), Method::OnSite);
        assert_eq!(Method::of_action(Action::DeadlineNotice), Method::Documents);
        assert_eq!(
            Method::of_action(Action::RectificationNotice),
            Method::Documents
        );
        assert_eq!(Method::of_action(Action::OpenCase), Method::OnSite);
    }

    #[test]
    fn warning_items_count_from_the_anchor_not_the_opening_day() {
        use super::super::record::{Fee, Licence};
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        // Class D, grade A: no patrol cycle, so the items are the warnings alone.
        let r = Record::new(
            crate::Enterprise::new("E1", d(1, 1))
                .name("Bamboo Co.")
                .district("D1"),
            Some(Grade::A),
        )
        .risk_class(RiskClass::D)
        .office("O1")
        // Expires in 9 days: notice step since 2024-05-30, 22 days ago.
        .licence(Licence::new("L1", "drugs", d(6, 30)))
        // Due 2024-05-31: 21 days in arrears.
        .fee(Fee::new(
            "F1",
            d(5, 1),
            d(5, 31),
            rust_decimal::Decimal::new(100, 0),
        ));
        let tasks = daily_tasks(&[r], &SupervisionPolicy::source(), d(6, 21)).unwrap();
        assert_eq!(tasks.len(), 1);
        let t = &tasks[0];
        assert_eq!((t.name.as_str(), t.office.as_str()), ("Bamboo Co.", "O1"));
        assert_eq!(t.days_overdue, 21);
        let got: Vec<_> = t
            .items
            .iter()
            .map(|i| (i.check, i.due_on, i.anchor, i.step_since, i.days_overdue))
            .collect();
        assert_eq!(
            got,
            vec![
                (Check::Arrears, d(6, 1), Some(d(5, 31)), Some(d(6, 1)), 21),
                (
                    Check::LicenceExpiry,
                    d(5, 30),
                    Some(d(6, 30)),
                    Some(d(5, 30)),
                    0
                ),
            ]
        );
    }

    #[test]
    fn due_date_counts_from_registration_without_inspection() {
        let e = crate::Enterprise::new("E1", NaiveDate::from_ymd_opt(2024, 1, 31).unwrap());
        let r = Record::new(e, Some(Grade::D));
        let t = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        let p = PatrolPolicy::source();
        assert_eq!(
            p.due_date(&r, t).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        let closed = r.status(Status::Deregistered);
        assert_eq!(p.due_date(&closed, t).unwrap(), None);
    }
}
