//! Early warnings (预警): ladders of coloured steps relative to a due or expiry date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates::{Offset, add_days, days_between};
use super::record::{Record, validate_all};
use crate::Error;
use crate::model::dates::check_date;

/// The colour of a warning step (预警颜色). `Notice` is the uncoloured reminder
/// before a licence expires (到期前提示).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Colour {
    /// 提示 — a notice, no colour.
    Notice,
    /// 黑色 — black.
    Black,
    /// 绿色 — green.
    Green,
    /// 黄色 — yellow.
    Yellow,
    /// 红色 — red.
    Red,
}

impl Colour {
    /// The name used in files: `notice`, `black`, `green`, `yellow`, `red`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Colour::Notice => "notice",
            Colour::Black => "black",
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }

    /// The Chinese label: 提示, 黑色, 绿色, 黄色, 红色.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Colour::Notice => "提示",
            Colour::Black => "黑色",
            Colour::Green => "绿色",
            Colour::Yellow => "黄色",
            Colour::Red => "红色",
        }
    }
}

/// What the inspector does at a warning step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// 电话通知 — phone the enterprise.
    Phone,
    /// 上门 — visit on site.
    Visit,
    /// 限期缴费通知书 — serve a notice to pay by a deadline.
    DeadlineNotice,
    /// 限期整改通知书 — serve a rectification notice.
    RectificationNotice,
    /// 立案查处 — open a case.
    OpenCase,
}

impl Action {
    /// The name used in files (snake case).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Phone => "phone",
            Action::Visit => "visit",
            Action::DeadlineNotice => "deadline_notice",
            Action::RectificationNotice => "rectification_notice",
            Action::OpenCase => "open_case",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Action::Phone => "电话通知",
            Action::Visit => "上门",
            Action::DeadlineNotice => "限期缴费通知书",
            Action::RectificationNotice => "限期整改通知书",
            Action::OpenCase => "立案查处",
        }
    }
}

/// The end of a segment of a ladder, relative to the anchor date `a` (the due date
/// or the expiry date): the point `p = a + offset`, and whether the segment runs
/// while `t < p` ([`Boundary::before`]) or while `t ≤ p` ([`Boundary::through`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    /// The offset from the anchor.
    pub offset: Offset,
    /// `true`: the segment includes the point (`t ≤ p`); `false`: it ends before
    /// it (`t < p`).
    pub inclusive: bool,
}

impl Boundary {
    /// A segment that runs while `t < anchor + offset`.
    #[must_use]
    pub const fn before(offset: Offset) -> Boundary {
        Boundary {
            offset,
            inclusive: false,
        }
    }

    /// A segment that runs while `t ≤ anchor + offset`.
    #[must_use]
    pub const fn through(offset: Offset) -> Boundary {
        Boundary {
            offset,
            inclusive: true,
        }
    }

    fn key(self) -> (i32, i32, bool) {
        (self.offset.months, self.offset.days, self.inclusive)
    }

    /// Whether `t` is still inside the segment this boundary ends.
    fn holds(self, anchor: NaiveDate, t: NaiveDate) -> Result<bool, Error> {
        let p = self.offset.apply(anchor)?;
        Ok(if self.inclusive { t <= p } else { t < p })
    }

    /// The first day after the segment this boundary ends.
    fn next_day(self, anchor: NaiveDate) -> Result<NaiveDate, Error> {
        let p = self.offset.apply(anchor)?;
        if self.inclusive {
            add_days(p, 1)
        } else {
            Ok(p)
        }
    }
}

/// One step of a ladder: its colour and action, and where it ends (`None`: it
/// never ends; only the last step).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Step {
    /// The colour.
    pub colour: Colour,
    /// The action.
    pub action: Action,
    /// The end of the step; `None` (`null` in a file) for the last.
    #[serde(deserialize_with = "Option::deserialize")]
    pub until: Option<Boundary>,
}

impl Step {
    /// A step with a colour, an action and an end.
    #[must_use]
    pub const fn new(colour: Colour, action: Action, until: Option<Boundary>) -> Step {
        Step {
            colour,
            action,
            until,
        }
    }
}

/// A warning ladder (预警阶梯): nothing while the `quiet` segment runs, then the
/// steps in order.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::supervise::{Colour, Ladder};
/// let fees = Ladder::fee_arrears();
/// let u = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
/// let at = |y, m, d| fees.step_at(u, NaiveDate::from_ymd_opt(y, m, d).unwrap()).map(|s| s.map(|s| s.colour));
/// assert_eq!(at(2024, 1, 31)?, None);                 // due today: no arrears yet
/// assert_eq!(at(2024, 2, 1)?, Some(Colour::Black));
/// assert_eq!(at(2024, 2, 29)?, Some(Colour::Green));  // u + 1 month, clamped
/// assert_eq!(at(2024, 3, 31)?, Some(Colour::Green));  // u + 2 months
/// assert_eq!(at(2024, 4, 1)?, Some(Colour::Red));
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// Deserialising checks the ladder as [`Ladder::new`] does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawLadder")]
pub struct Ladder {
    quiet: Boundary,
    steps: Vec<Step>,
}

/// A ladder as read, before [`Ladder::validate`] checks it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLadder {
    quiet: Boundary,
    steps: Vec<Step>,
}

impl TryFrom<RawLadder> for Ladder {
    type Error = Error;

    fn try_from(raw: RawLadder) -> Result<Ladder, Error> {
        let l = Ladder {
            quiet: raw.quiet,
            steps: raw.steps,
        };
        // Fields named relative to the ladder (`steps[1].until`): a policy file's
        // path to the ladder goes in front.
        l.validate("")?;
        Ok(l)
    }
}

impl Ladder {
    /// A ladder: quiet until `quiet` ends, then `steps`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) when the ladder
    /// breaks a rule of [`Ladder::validate`].
    pub fn new(quiet: Boundary, steps: Vec<Step>) -> Result<Ladder, Error> {
        let l = Ladder { quiet, steps };
        l.validate("ladder")?;
        Ok(l)
    }

    /// The source document's fee-arrears ladder (欠费预警), due date `u`: nothing
    /// while `t ≤ u`; black, phone while `t < u + 1 month`; green, visit while
    /// `t ≤ u + 2 months`; red, deadline notice after.
    #[must_use]
    pub fn fee_arrears() -> Ladder {
        Ladder {
            quiet: Boundary::through(Offset::months(0)),
            steps: vec![
                Step::new(
                    Colour::Black,
                    Action::Phone,
                    Some(Boundary::before(Offset::months(1))),
                ),
                Step::new(
                    Colour::Green,
                    Action::Visit,
                    Some(Boundary::through(Offset::months(2))),
                ),
                Step::new(Colour::Red, Action::DeadlineNotice, None),
            ],
        }
    }

    /// The source document's pre-approval licence ladder (前置审批预警), expiry `x`:
    /// nothing while `t < x − 1 month`; notice, phone while `t < x`; yellow, phone
    /// while `t ≤ x + 3 months`; red, rectification notice while `t ≤ x + 6 months`;
    /// black, visit after.
    #[must_use]
    pub fn licence_expiry() -> Ladder {
        Ladder {
            quiet: Boundary::before(Offset::months(-1)),
            steps: vec![
                Step::new(
                    Colour::Notice,
                    Action::Phone,
                    Some(Boundary::before(Offset::months(0))),
                ),
                Step::new(
                    Colour::Yellow,
                    Action::Phone,
                    Some(Boundary::through(Offset::months(3))),
                ),
                Step::new(
                    Colour::Red,
                    Action::RectificationNotice,
                    Some(Boundary::through(Offset::months(6))),
                ),
                Step::new(Colour::Black, Action::Visit, None),
            ],
        }
    }

    /// Complaint replies (投诉举报回复), reply due `d` *(placeholder)*: nothing
    /// while `t ≤ d`; yellow, phone while `t ≤ d + 15 days`; red, visit after.
    #[must_use]
    pub fn complaint_reply() -> Ladder {
        Ladder {
            quiet: Boundary::through(Offset::days(0)),
            steps: vec![
                Step::new(
                    Colour::Yellow,
                    Action::Phone,
                    Some(Boundary::through(Offset::days(15))),
                ),
                Step::new(Colour::Red, Action::Visit, None),
            ],
        }
    }

    /// Rectification follow-up (整改通知的落实), deadline `r` *(placeholder)*:
    /// nothing while `t ≤ r`; red, visit while `t ≤ r + 1 month`; black, open a
    /// case after.
    #[must_use]
    pub fn rectification() -> Ladder {
        Ladder {
            quiet: Boundary::through(Offset::days(0)),
            steps: vec![
                Step::new(
                    Colour::Red,
                    Action::Visit,
                    Some(Boundary::through(Offset::months(1))),
                ),
                Step::new(Colour::Black, Action::OpenCase, None),
            ],
        }
    }

    /// The quiet segment's end.
    #[must_use]
    pub fn quiet(&self) -> Boundary {
        self.quiet
    }

    /// The steps.
    #[must_use]
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Checks the rules: at least one step; only the last step has no end; the
    /// boundaries (quiet end, then each step's end) strictly increase, compared as
    /// (months, days, before < through).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming
    /// `<name>.steps[i]` (`steps[i]` for an empty name).
    pub fn validate(&self, name: &str) -> Result<(), Error> {
        let field = |rest: &str| crate::json::join(name, rest);
        if self.steps.is_empty() {
            return Err(Error::invalid_policy(
                field("steps"),
                "a ladder needs at least one step",
            ));
        }
        let last = self.steps.len() - 1;
        let mut prev = self.quiet.key();
        for (i, s) in self.steps.iter().enumerate() {
            match s.until {
                None if i != last => {
                    return Err(Error::invalid_policy(
                        field(&format!("steps[{i}].until")),
                        "only the last step may have no end",
                    ));
                }
                Some(_) if i == last => {
                    return Err(Error::invalid_policy(
                        field(&format!("steps[{i}].until")),
                        "the last step must have no end",
                    ));
                }
                Some(b) => {
                    if b.key() <= prev {
                        return Err(Error::invalid_policy(
                            field(&format!("steps[{i}].until")),
                            "step boundaries must strictly increase",
                        ));
                    }
                    prev = b.key();
                }
                None => {}
            }
        }
        Ok(())
    }

    /// The step in force at `t` for an anchor date, with its index and the first
    /// day of the step; `None` while the ladder is quiet.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when date
    /// arithmetic leaves the calendar.
    pub fn locate(
        &self,
        anchor: NaiveDate,
        t: NaiveDate,
    ) -> Result<Option<(usize, NaiveDate)>, Error> {
        check_date("anchor", anchor)?;
        check_date("t", t)?;
        if self.quiet.holds(anchor, t)? {
            return Ok(None);
        }
        let mut since = self.quiet.next_day(anchor)?;
        for (i, s) in self.steps.iter().enumerate() {
            match s.until {
                None => return Ok(Some((i, since))),
                Some(b) => {
                    if b.holds(anchor, t)? {
                        return Ok(Some((i, since)));
                    }
                    since = b.next_day(anchor)?;
                }
            }
        }
        Ok(None)
    }

    /// The step in force at `t` for an anchor date; `None` while quiet.
    ///
    /// # Errors
    ///
    /// As [`Ladder::locate`].
    pub fn step_at(&self, anchor: NaiveDate, t: NaiveDate) -> Result<Option<Step>, Error> {
        Ok(self
            .locate(anchor, t)?
            .and_then(|(i, _)| self.steps.get(i).copied()))
    }

    /// The first day of the first step (the day a warning opens).
    ///
    /// # Errors
    ///
    /// As [`Ladder::locate`].
    pub fn opens_on(&self, anchor: NaiveDate) -> Result<NaiveDate, Error> {
        check_date("anchor", anchor)?;
        self.quiet.next_day(anchor)
    }

    /// The last day of the first step, if it ends.
    pub(crate) fn first_step_last_day(
        &self,
        anchor: NaiveDate,
    ) -> Result<Option<NaiveDate>, Error> {
        match self.steps.first().and_then(|s| s.until) {
            None => Ok(None),
            Some(b) => Ok(Some(add_days(b.next_day(anchor)?, -1)?)),
        }
    }
}

/// What a warning is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningKind {
    /// 欠费 — fee arrears; cleared by payment in full.
    FeeArrears,
    /// 前置审批到期 — pre-approval licence expiry; cleared by a recorded renewal.
    LicenceExpiry,
    /// 投诉举报回复 — complaint reply; cleared by the reply.
    ComplaintReply,
    /// 整改落实 — rectification follow-up; cleared by recorded rectification.
    Rectification,
}

impl WarningKind {
    /// All kinds.
    pub const ALL: [WarningKind; 4] = [
        WarningKind::FeeArrears,
        WarningKind::LicenceExpiry,
        WarningKind::ComplaintReply,
        WarningKind::Rectification,
    ];

    /// The name used in files: `fee_arrears`, `licence_expiry`, `complaint_reply`,
    /// `rectification`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            WarningKind::FeeArrears => "fee_arrears",
            WarningKind::LicenceExpiry => "licence_expiry",
            WarningKind::ComplaintReply => "complaint_reply",
            WarningKind::Rectification => "rectification",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            WarningKind::FeeArrears => "欠费",
            WarningKind::LicenceExpiry => "前置审批到期",
            WarningKind::ComplaintReply => "投诉举报回复",
            WarningKind::Rectification => "整改落实",
        }
    }
}

/// The warning ladders and the data-entry rule.
///
/// ```
/// use creditgrade::supervise::{Ladder, WarningPolicy};
/// let p = WarningPolicy::source();
/// assert_eq!(p.fee_arrears(), &Ladder::fee_arrears());
/// assert_eq!(p.entry_delay_days(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningPolicy {
    fee_arrears: Ladder,
    licence_expiry: Ladder,
    complaint_reply: Ladder,
    rectification: Ladder,
    entry_delay_days: u32,
}

impl Default for WarningPolicy {
    fn default() -> Self {
        WarningPolicy::source()
    }
}

impl WarningPolicy {
    /// The preset: the source document's fee and licence ladders, placeholder
    /// complaint and rectification ladders, renewals entered within 2 days
    /// (自提交资料之日起2天内录入).
    #[must_use]
    pub fn source() -> WarningPolicy {
        WarningPolicy {
            fee_arrears: Ladder::fee_arrears(),
            licence_expiry: Ladder::licence_expiry(),
            complaint_reply: Ladder::complaint_reply(),
            rectification: Ladder::rectification(),
            entry_delay_days: 2,
        }
    }

    /// Checks every ladder.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the ladder.
    pub fn validate(&self) -> Result<(), Error> {
        for k in WarningKind::ALL {
            self.ladder(k)
                .validate(&format!("warnings.{}", k.as_str()))?;
        }
        Ok(())
    }

    /// The ladder of a kind of warning.
    #[must_use]
    pub fn ladder(&self, kind: WarningKind) -> &Ladder {
        match kind {
            WarningKind::FeeArrears => &self.fee_arrears,
            WarningKind::LicenceExpiry => &self.licence_expiry,
            WarningKind::ComplaintReply => &self.complaint_reply,
            WarningKind::Rectification => &self.rectification,
        }
    }

    /// The fee-arrears ladder.
    #[must_use]
    pub fn fee_arrears(&self) -> &Ladder {
        &self.fee_arrears
    }

    /// The longest allowed gap, in days, between a renewal's submission and its
    /// recording.
    #[must_use]
    pub fn entry_delay_days(&self) -> u32 {
        self.entry_delay_days
    }

    /// Replaces the ladder of a kind.
    #[must_use]
    pub fn with_ladder(mut self, kind: WarningKind, ladder: Ladder) -> WarningPolicy {
        match kind {
            WarningKind::FeeArrears => self.fee_arrears = ladder,
            WarningKind::LicenceExpiry => self.licence_expiry = ladder,
            WarningKind::ComplaintReply => self.complaint_reply = ladder,
            WarningKind::Rectification => self.rectification = ladder,
        }
        self
    }

    /// Sets the allowed data-entry gap in days.
    #[must_use]
    pub fn with_entry_delay_days(mut self, days: u32) -> WarningPolicy {
        self.entry_delay_days = days;
        self
    }
}

/// An open warning of one enterprise as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Warning {
    /// The enterprise's id.
    pub enterprise: String,
    /// The enterprise's registered name (from [`Enterprise::name`](crate::Enterprise::name)).
    #[serde(default)]
    pub name: String,
    /// The supervision office (工商所) responsible (the [`Record`]'s `office`).
    #[serde(default)]
    pub office: String,
    /// What it is about.
    pub kind: WarningKind,
    /// The id of the fee, licence, complaint or notice.
    pub subject: String,
    /// The anchor date: due date, expiry, reply due or deadline.
    pub anchor: NaiveDate,
    /// The day the warning opened (first day of its first step).
    pub opened_on: NaiveDate,
    /// The index of the step in force.
    pub step: usize,
    /// The first day of the step in force.
    pub step_since: NaiveDate,
    /// The colour of the step.
    pub colour: Colour,
    /// The action of the step.
    pub action: Action,
    /// The enterprise's district.
    pub district: String,
    /// The enterprise's route.
    pub route: String,
    /// The inspector responsible.
    pub inspector: String,
}

/// One thing that can raise a warning, with the day it was resolved.
pub(crate) struct Item<'a> {
    pub kind: WarningKind,
    pub subject: &'a str,
    pub anchor: NaiveDate,
    pub resolved_on: Option<NaiveDate>,
}

pub(crate) fn items(r: &Record) -> Vec<Item<'_>> {
    let mut v = Vec::new();
    for f in &r.fees {
        v.push(Item {
            kind: WarningKind::FeeArrears,
            subject: &f.id,
            anchor: f.due_on,
            resolved_on: f.paid_in_full_on(),
        });
    }
    for l in &r.licences {
        v.push(Item {
            kind: WarningKind::LicenceExpiry,
            subject: &l.id,
            anchor: l.expires_on,
            resolved_on: l.renewal.map(|x| x.recorded_on),
        });
    }
    for c in &r.complaints {
        v.push(Item {
            kind: WarningKind::ComplaintReply,
            subject: &c.id,
            anchor: c.reply_due,
            resolved_on: c.replied_on,
        });
    }
    for n in &r.rectifications {
        v.push(Item {
            kind: WarningKind::Rectification,
            subject: &n.id,
            anchor: n.deadline,
            resolved_on: n.rectified_on,
        });
    }
    v
}

/// The open warnings of one record as of `t`, unordered.
pub(crate) fn record_warnings(
    r: &Record,
    policy: &WarningPolicy,
    t: NaiveDate,
) -> Result<Vec<Warning>, Error> {
    let mut out = Vec::new();
    for it in items(r) {
        if it.resolved_on.is_some_and(|d| d <= t) {
            continue;
        }
        let ladder = policy.ladder(it.kind);
        let located = ladder
            .locate(it.anchor, t)
            .map_err(|e| e.with_enterprise(r.id()))?;
        let Some((i, since)) = located else { continue };
        let Some(step) = ladder.steps.get(i) else {
            continue;
        };
        out.push(Warning {
            enterprise: r.id().to_owned(),
            name: r.enterprise.name.clone(),
            office: r.office.clone(),
            kind: it.kind,
            subject: it.subject.to_owned(),
            anchor: it.anchor,
            opened_on: ladder.opens_on(it.anchor)?,
            step: i,
            step_since: since,
            colour: step.colour,
            action: step.action,
            district: r.enterprise.district.clone(),
            route: r.enterprise.route.clone(),
            inspector: r.inspector.clone(),
        });
    }
    Ok(out)
}

/// All open warnings of a population as of `t`, ordered by enterprise id, kind
/// (fee arrears, licence, complaint, rectification) and subject id.
///
/// A warning is open when its ladder is past the quiet segment at `t` and the
/// resolving fact (full payment, recorded renewal, reply, recorded rectification)
/// is not dated on or before `t`. Deregistered enterprises raise warnings too:
/// filter with [`Filter`](super::Filter) first if they should not.
///
/// # Errors
///
/// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) for a bad ladder;
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a record that
/// breaks [`Record::validate`] or a duplicate enterprise id.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use creditgrade::Enterprise;
/// use creditgrade::supervise::{Colour, Fee, Record, WarningPolicy, open_warnings};
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// let r = Record::new(Enterprise::new("E1", d(2015, 1, 1)), None)
///     .fee(Fee::new("F1", d(2024, 1, 1), d(2024, 1, 31), Decimal::new(500, 0)));
/// let w = open_warnings(&[r], &WarningPolicy::source(), d(2024, 3, 1))?;
/// assert_eq!(w.len(), 1);
/// assert_eq!(w[0].colour, Colour::Green);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn open_warnings(
    records: &[Record],
    policy: &WarningPolicy,
    as_of: NaiveDate,
) -> Result<Vec<Warning>, Error> {
    check_date("as_of", as_of)?;
    policy.validate()?;
    validate_all(records)?;
    let mut out = Vec::new();
    for r in records {
        out.extend(record_warnings(r, policy, as_of)?);
    }
    out.sort_by(|a, b| {
        (a.enterprise.as_str(), a.kind, a.subject.as_str()).cmp(&(
            b.enterprise.as_str(),
            b.kind,
            b.subject.as_str(),
        ))
    });
    Ok(out)
}

/// A renewal recorded later than the policy allows after its submission
/// (录入延误).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EntryDelay {
    /// The enterprise.
    pub enterprise: String,
    /// The licence id.
    pub licence: String,
    /// The day the renewal was submitted.
    pub submitted_on: NaiveDate,
    /// The day it was recorded.
    pub recorded_on: NaiveDate,
    /// Days between the two.
    pub days: i64,
    /// The enterprise's district.
    pub district: String,
    /// The inspector responsible.
    pub inspector: String,
}

/// Renewals recorded between `from` and `to` (inclusive) more than
/// [`entry_delay_days`](WarningPolicy::entry_delay_days) after they were
/// submitted, ordered by enterprise id and licence id.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a bad record or
/// `from` after `to`.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::Enterprise;
/// use creditgrade::supervise::{Licence, Record, Renewal, WarningPolicy, entry_delays};
/// let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
/// let r = Record::new(Enterprise::new("E1", d(1, 1)), None)
///     .licence(Licence::new("L1", "food_business", d(6, 30)).renewed(Renewal::new(d(6, 3), d(6, 6))))
///     .licence(Licence::new("L2", "drugs", d(6, 30)).renewed(Renewal::new(d(6, 3), d(6, 5))));
/// let late = entry_delays(&[r], &WarningPolicy::source(), d(1, 1), d(12, 31))?;
/// assert_eq!(late.len(), 1);
/// assert_eq!((late[0].licence.as_str(), late[0].days), ("L1", 3));
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn entry_delays(
    records: &[Record],
    policy: &WarningPolicy,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<EntryDelay>, Error> {
    check_period(from, to)?;
    validate_all(records)?;
    let mut out = Vec::new();
    for r in records {
        for l in &r.licences {
            let Some(rn) = l.renewal else { continue };
            if rn.recorded_on < from || rn.recorded_on > to {
                continue;
            }
            let days = days_between(rn.submitted_on, rn.recorded_on);
            if days > i64::from(policy.entry_delay_days) {
                out.push(EntryDelay {
                    enterprise: r.id().to_owned(),
                    licence: l.id.clone(),
                    submitted_on: rn.submitted_on,
                    recorded_on: rn.recorded_on,
                    days,
                    district: r.enterprise.district.clone(),
                    inspector: r.inspector.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.enterprise, &a.licence).cmp(&(&b.enterprise, &b.licence)));
    Ok(out)
}

pub(crate) fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), Error> {
    check_date("from", from)?;
    check_date("to", to)?;
    if from > to {
        return Err(Error::invalid_input(
            "from",
            format!("the period starts on {from}, after its end {to}"),
        ));
    }
    Ok(())
}

crate::json::policy_file!(
    WarningPolicy,
    "creditgrade::supervise::WarningPolicy",
    WarningPolicy::validate
);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn locate_reports_step_start_days() {
        let l = Ladder::licence_expiry();
        let x = d(2024, 3, 31);
        assert_eq!(l.opens_on(x).unwrap(), d(2024, 2, 29));
        assert_eq!(
            l.locate(x, d(2024, 3, 1)).unwrap(),
            Some((0, d(2024, 2, 29)))
        );
        assert_eq!(
            l.locate(x, d(2024, 5, 1)).unwrap(),
            Some((1, d(2024, 3, 31)))
        );
        assert_eq!(
            l.locate(x, d(2024, 8, 1)).unwrap(),
            Some((2, d(2024, 7, 1)))
        );
        assert_eq!(
            l.locate(x, d(2025, 8, 1)).unwrap(),
            Some((3, d(2024, 10, 1)))
        );
        assert_eq!(l.first_step_last_day(x).unwrap(), Some(d(2024, 3, 30)));
        let f = Ladder::fee_arrears();
        assert_eq!(
            f.first_step_last_day(d(2024, 1, 31)).unwrap(),
            Some(d(2024, 2, 28))
        );
    }

    #[test]
    fn presets_are_valid() {
        assert!(WarningPolicy::source().validate().is_ok());
        let mut last_open = Ladder::fee_arrears();
        last_open.steps.truncate(2);
        let e = WarningPolicy::source()
            .with_ladder(WarningKind::FeeArrears, last_open)
            .validate()
            .unwrap_err();
        assert_eq!(e.field(), Some("warnings.fee_arrears.steps[1].until"));
        assert_eq!(e.message(), "the last step must have no end");
    }

    #[test]
    fn date_overflow_is_an_error_not_a_panic() {
        let l = Ladder::licence_expiry();
        assert!(l.locate(NaiveDate::MAX, NaiveDate::MAX).is_err());
    }
}
