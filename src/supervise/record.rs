//! The per-enterprise record a supervision office keeps.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::risk::RiskClass;
use crate::model::dates::check_date;
use crate::{Enterprise, Error, Grade};

/// An enterprise's registration status (企业状态).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// 开业 — operating.
    Operating,
    /// 停业 — suspended.
    Suspended,
    /// 已注销 — deregistered (closed).
    Deregistered,
    /// 吊销 — business licence revoked.
    Revoked,
}

impl Status {
    /// All statuses.
    pub const ALL: [Status; 4] = [
        Status::Operating,
        Status::Suspended,
        Status::Deregistered,
        Status::Revoked,
    ];

    /// The name used in files: `operating`, `suspended`, `deregistered`, `revoked`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Status::Operating => "operating",
            Status::Suspended => "suspended",
            Status::Deregistered => "deregistered",
            Status::Revoked => "revoked",
        }
    }

    /// The Chinese label: 开业, 停业, 已注销, 吊销.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Status::Operating => "开业",
            Status::Suspended => "停业",
            Status::Deregistered => "已注销",
            Status::Revoked => "吊销",
        }
    }
}

/// A renewal of a pre-approval licence: submitted by the enterprise on one day,
/// recorded by the office on another (录入).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Renewal {
    /// The day the enterprise submitted the renewal papers (提交资料之日).
    pub submitted_on: NaiveDate,
    /// The day the office recorded it; the warning clears from this day.
    pub recorded_on: NaiveDate,
}

impl Renewal {
    /// A renewal submitted on one day and recorded on another.
    #[must_use]
    pub const fn new(submitted_on: NaiveDate, recorded_on: NaiveDate) -> Renewal {
        Renewal {
            submitted_on,
            recorded_on,
        }
    }
}

/// A pre-approval licence (前置审批) of an enterprise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Licence {
    /// The licence's id (unique within the record).
    pub id: String,
    /// The licence kind, looked up in the [`RiskCatalogue`](super::RiskCatalogue).
    pub kind: String,
    /// The expiry date.
    pub expires_on: NaiveDate,
    /// The renewal, once submitted and recorded.
    #[serde(default)]
    pub renewal: Option<Renewal>,
}

impl Licence {
    /// A licence of a kind expiring on a date, not renewed.
    pub fn new(id: impl Into<String>, kind: impl Into<String>, expires_on: NaiveDate) -> Licence {
        Licence {
            id: id.into(),
            kind: kind.into(),
            expires_on,
            renewal: None,
        }
    }

    /// Sets the renewal.
    #[must_use]
    pub fn renewed(mut self, renewal: Renewal) -> Licence {
        self.renewal = Some(renewal);
        self
    }
}

/// A payment towards a fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Payment {
    /// The day it was paid (recorded).
    pub date: NaiveDate,
    /// The amount, positive.
    pub amount: Decimal,
}

impl Payment {
    /// A payment of `amount` on `date`.
    #[must_use]
    pub const fn new(date: NaiveDate, amount: Decimal) -> Payment {
        Payment { date, amount }
    }
}

/// A fee assessed on an enterprise (规费, 定费).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Fee {
    /// The fee's id (unique within the record).
    pub id: String,
    /// The day it was assessed (定费).
    pub assessed_on: NaiveDate,
    /// The due date; arrears (欠费) begin the day after.
    pub due_on: NaiveDate,
    /// The amount assessed, not negative.
    pub amount: Decimal,
    /// Payments, in any order; together at most `amount`.
    #[serde(default)]
    pub payments: Vec<Payment>,
}

impl Fee {
    /// A fee of `amount` assessed on `assessed_on`, due on `due_on`, unpaid.
    pub fn new(
        id: impl Into<String>,
        assessed_on: NaiveDate,
        due_on: NaiveDate,
        amount: Decimal,
    ) -> Fee {
        Fee {
            id: id.into(),
            assessed_on,
            due_on,
            amount,
            payments: Vec::new(),
        }
    }

    /// Adds a payment.
    #[must_use]
    pub fn payment(mut self, payment: Payment) -> Fee {
        self.payments.push(payment);
        self
    }

    /// The amount paid on or before `t`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use rust_decimal::Decimal;
    /// use creditgrade::supervise::{Fee, Payment};
    /// let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
    /// let fee = Fee::new("F1", d(1, 1), d(1, 31), Decimal::new(300, 0))
    ///     .payment(Payment::new(d(2, 10), Decimal::new(100, 0)));
    /// assert_eq!(fee.paid_by(d(2, 9)), Decimal::ZERO);
    /// assert_eq!(fee.paid_by(d(2, 10)), Decimal::new(100, 0));
    /// ```
    #[must_use]
    pub fn paid_by(&self, t: NaiveDate) -> Decimal {
        // Validated records keep the sum within `amount`, so this cannot overflow;
        // saturate anyway rather than panic on unvalidated input.
        self.payments
            .iter()
            .filter(|p| p.date <= t)
            .fold(Decimal::ZERO, |acc, p| {
                acc.checked_add(p.amount).unwrap_or(Decimal::MAX)
            })
    }

    /// The day the fee was paid in full, if it was: the payment that brought the
    /// total to `amount`.
    #[must_use]
    pub fn paid_in_full_on(&self) -> Option<NaiveDate> {
        let mut payments: Vec<&Payment> = self.payments.iter().collect();
        payments.sort_by_key(|p| p.date);
        let mut total = Decimal::ZERO;
        if self.amount <= Decimal::ZERO {
            return Some(self.assessed_on);
        }
        for p in payments {
            total = total.checked_add(p.amount)?;
            if total >= self.amount {
                return Some(p.date);
            }
        }
        None
    }
}

/// A consumer complaint or report that needs a reply (投诉举报回复).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Complaint {
    /// The complaint's id (unique within the record).
    pub id: String,
    /// The day it was received.
    pub received_on: NaiveDate,
    /// The day the reply is due.
    pub reply_due: NaiveDate,
    /// The day the reply was recorded, if it was.
    #[serde(default)]
    pub replied_on: Option<NaiveDate>,
}

impl Complaint {
    /// A complaint received on one day, its reply due on another, not replied.
    pub fn new(id: impl Into<String>, received_on: NaiveDate, reply_due: NaiveDate) -> Complaint {
        Complaint {
            id: id.into(),
            received_on,
            reply_due,
            replied_on: None,
        }
    }

    /// Sets the reply date.
    #[must_use]
    pub fn replied(mut self, on: NaiveDate) -> Complaint {
        self.replied_on = Some(on);
        self
    }
}

/// A rectification notice (整改通知书) and its follow-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rectification {
    /// The notice's id (unique within the record).
    pub id: String,
    /// The day it was issued.
    pub issued_on: NaiveDate,
    /// The deadline for rectification (限期).
    pub deadline: NaiveDate,
    /// The day rectification was recorded as done, if it was.
    #[serde(default)]
    pub rectified_on: Option<NaiveDate>,
}

impl Rectification {
    /// A notice issued on one day with a deadline, not yet rectified.
    pub fn new(id: impl Into<String>, issued_on: NaiveDate, deadline: NaiveDate) -> Rectification {
        Rectification {
            id: id.into(),
            issued_on,
            deadline,
            rectified_on: None,
        }
    }

    /// Sets the day rectification was recorded.
    #[must_use]
    pub fn rectified(mut self, on: NaiveDate) -> Rectification {
        self.rectified_on = Some(on);
        self
    }
}

/// An inspection (巡查) done on a day by an inspector.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Inspection {
    /// The day of the inspection.
    pub date: NaiveDate,
    /// The inspector who did it.
    pub inspector: String,
}

impl Inspection {
    /// An inspection on `date` by `inspector`.
    pub fn new(date: NaiveDate, inspector: impl Into<String>) -> Inspection {
        Inspection {
            date,
            inspector: inspector.into(),
        }
    }
}

/// What a supervision office knows of one enterprise: the enterprise, its grade
/// (from the grading engine; `None` = not rated), status, office and inspector
/// (片管员), licences, inspections, fees, complaints and rectification notices.
///
/// The district and route are the enterprise's ([`Enterprise::district`],
/// [`Enterprise::route`]).
///
/// Give a record only to an enterprise that is registered on the day of use. An
/// enterprise not registered yet has no record: [`Status`] has no value for it,
/// and a record would make it a patrol, warning and draw subject. A closed
/// enterprise keeps its record as [`Status::Deregistered`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::{Enterprise, Grade};
/// use creditgrade::supervise::{Record, Status};
/// let e = Enterprise::new("E1", NaiveDate::from_ymd_opt(2015, 3, 1).unwrap()).district("D1");
/// let r = Record::new(e, Some(Grade::B)).office("Jianghai-1").inspector("I-7");
/// assert_eq!(r.status, Status::Operating);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Record {
    /// The enterprise.
    pub enterprise: Enterprise,
    /// Its credit grade as of the day of use; `None` = not rated.
    pub grade: Option<Grade>,
    /// Its registration status.
    pub status: Status,
    /// The supervision office (工商所) responsible.
    #[serde(default)]
    pub office: String,
    /// The inspector responsible for its district (片管员).
    #[serde(default)]
    pub inspector: String,
    /// The industry risk class, when set by hand; otherwise the catalogue decides.
    #[serde(default)]
    pub risk_class: Option<RiskClass>,
    /// Pre-approval licences.
    #[serde(default)]
    pub licences: Vec<Licence>,
    /// Inspections done, in any order.
    #[serde(default)]
    pub inspections: Vec<Inspection>,
    /// Fees assessed.
    #[serde(default)]
    pub fees: Vec<Fee>,
    /// Complaints awaiting or having had a reply.
    #[serde(default)]
    pub complaints: Vec<Complaint>,
    /// Rectification notices.
    #[serde(default)]
    pub rectifications: Vec<Rectification>,
    /// Inspectors who declared a conflict of interest with this enterprise
    /// (回避): never drawn to inspect it.
    #[serde(default)]
    pub conflicts: Vec<String>,
}

impl Record {
    /// A record of an operating enterprise with a grade; everything else empty.
    #[must_use]
    pub fn new(enterprise: Enterprise, grade: Option<Grade>) -> Record {
        Record {
            enterprise,
            grade,
            status: Status::Operating,
            office: String::new(),
            inspector: String::new(),
            risk_class: None,
            licences: Vec::new(),
            inspections: Vec::new(),
            fees: Vec::new(),
            complaints: Vec::new(),
            rectifications: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    /// The enterprise's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.enterprise.id
    }

    /// Sets the status.
    #[must_use]
    pub fn status(mut self, status: Status) -> Record {
        self.status = status;
        self
    }

    /// Sets the office.
    #[must_use]
    pub fn office(mut self, office: impl Into<String>) -> Record {
        self.office = office.into();
        self
    }

    /// Sets the responsible inspector.
    #[must_use]
    pub fn inspector(mut self, inspector: impl Into<String>) -> Record {
        self.inspector = inspector.into();
        self
    }

    /// Sets the industry risk class by hand.
    #[must_use]
    pub fn risk_class(mut self, class: RiskClass) -> Record {
        self.risk_class = Some(class);
        self
    }

    /// Adds a licence.
    #[must_use]
    pub fn licence(mut self, licence: Licence) -> Record {
        self.licences.push(licence);
        self
    }

    /// Adds an inspection.
    #[must_use]
    pub fn inspection(mut self, inspection: Inspection) -> Record {
        self.inspections.push(inspection);
        self
    }

    /// Adds a fee.
    #[must_use]
    pub fn fee(mut self, fee: Fee) -> Record {
        self.fees.push(fee);
        self
    }

    /// Adds a complaint.
    #[must_use]
    pub fn complaint(mut self, complaint: Complaint) -> Record {
        self.complaints.push(complaint);
        self
    }

    /// Adds a rectification notice.
    #[must_use]
    pub fn rectification(mut self, rectification: Rectification) -> Record {
        self.rectifications.push(rectification);
        self
    }

    /// Declares an inspector's conflict of interest.
    #[must_use]
    pub fn conflict(mut self, inspector: impl Into<String>) -> Record {
        self.conflicts.push(inspector.into());
        self
    }

    /// The latest inspection dated on or before `t` (ties: the greatest inspector id).
    #[must_use]
    pub fn last_inspection(&self, t: NaiveDate) -> Option<&Inspection> {
        self.inspections.iter().filter(|i| i.date <= t).max()
    }

    /// Checks the record's own rules: a non-empty id, unique ids of licences, fees,
    /// complaints and notices, non-negative fee amounts, positive payments that add
    /// up to at most the fee, dates in order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) with the
    /// enterprise and the field (e.g. `fees[1].payments[0].amount`).
    pub fn validate(&self) -> Result<(), Error> {
        let id = self.id();
        let bad = |field: String, msg: String| Error::invalid_input(field, msg).with_enterprise(id);
        if id.is_empty() {
            return Err(Error::invalid_input("enterprise.id", "empty enterprise id"));
        }
        unique(self.licences.iter().map(|l| l.id.as_str()), "licences", id)?;
        unique(self.fees.iter().map(|f| f.id.as_str()), "fees", id)?;
        unique(
            self.complaints.iter().map(|c| c.id.as_str()),
            "complaints",
            id,
        )?;
        unique(
            self.rectifications.iter().map(|r| r.id.as_str()),
            "rectifications",
            id,
        )?;
        self.check_dates()?;
        for (i, l) in self.licences.iter().enumerate() {
            if let Some(r) = l.renewal {
                if r.recorded_on < r.submitted_on {
                    return Err(bad(
                        format!("licences[{i}].renewal.recorded_on"),
                        format!(
                            "renewal of licence {:?} recorded on {} before it was submitted on {}",
                            l.id, r.recorded_on, r.submitted_on
                        ),
                    ));
                }
            }
        }
        for (i, f) in self.fees.iter().enumerate() {
            if f.amount < Decimal::ZERO {
                return Err(bad(
                    format!("fees[{i}].amount"),
                    format!("fee {:?} has a negative amount {}", f.id, f.amount),
                ));
            }
            if f.due_on < f.assessed_on {
                return Err(bad(
                    format!("fees[{i}].due_on"),
                    format!(
                        "fee {:?} is due on {} before it was assessed on {}",
                        f.id, f.due_on, f.assessed_on
                    ),
                ));
            }
            let mut total = Decimal::ZERO;
            for (j, p) in f.payments.iter().enumerate() {
                if p.amount <= Decimal::ZERO {
                    return Err(bad(
                        format!("fees[{i}].payments[{j}].amount"),
                        format!("payment of fee {:?} is not positive: {}", f.id, p.amount),
                    ));
                }
                total = total.checked_add(p.amount).ok_or_else(|| {
                    bad(
                        format!("fees[{i}].payments[{j}].amount"),
                        format!("payments of fee {:?} overflow", f.id),
                    )
                })?;
            }
            if total > f.amount {
                return Err(bad(
                    format!("fees[{i}].payments"),
                    format!(
                        "payments of fee {:?} add up to {total}, more than the {} assessed",
                        f.id, f.amount
                    ),
                ));
            }
        }
        for (i, c) in self.complaints.iter().enumerate() {
            if c.reply_due < c.received_on {
                return Err(bad(
                    format!("complaints[{i}].reply_due"),
                    format!("reply to complaint {:?} due before it was received", c.id),
                ));
            }
        }
        for (i, r) in self.rectifications.iter().enumerate() {
            if r.deadline < r.issued_on {
                return Err(bad(
                    format!("rectifications[{i}].deadline"),
                    format!("notice {:?} has its deadline before it was issued", r.id),
                ));
            }
        }
        Ok(())
    }
}

impl Record {
    /// Refuses a date outside the supported range, naming the field.
    fn check_dates(&self) -> Result<(), Error> {
        let mut dates: Vec<(String, NaiveDate)> = vec![(
            "enterprise.registered_on".to_owned(),
            self.enterprise.registered_on,
        )];
        for (i, l) in self.licences.iter().enumerate() {
            dates.push((format!("licences[{i}].expires_on"), l.expires_on));
            if let Some(r) = l.renewal {
                dates.push((
                    format!("licences[{i}].renewal.submitted_on"),
                    r.submitted_on,
                ));
                dates.push((format!("licences[{i}].renewal.recorded_on"), r.recorded_on));
            }
        }
        for (i, x) in self.inspections.iter().enumerate() {
            dates.push((format!("inspections[{i}].date"), x.date));
        }
        for (i, f) in self.fees.iter().enumerate() {
            dates.push((format!("fees[{i}].assessed_on"), f.assessed_on));
            dates.push((format!("fees[{i}].due_on"), f.due_on));
            for (j, p) in f.payments.iter().enumerate() {
                dates.push((format!("fees[{i}].payments[{j}].date"), p.date));
            }
        }
        for (i, c) in self.complaints.iter().enumerate() {
            dates.push((format!("complaints[{i}].received_on"), c.received_on));
            dates.push((format!("complaints[{i}].reply_due"), c.reply_due));
            if let Some(d) = c.replied_on {
                dates.push((format!("complaints[{i}].replied_on"), d));
            }
        }
        for (i, r) in self.rectifications.iter().enumerate() {
            dates.push((format!("rectifications[{i}].issued_on"), r.issued_on));
            dates.push((format!("rectifications[{i}].deadline"), r.deadline));
            if let Some(d) = r.rectified_on {
                dates.push((format!("rectifications[{i}].rectified_on"), d));
            }
        }
        for (field, d) in dates {
            check_date(&field, d).map_err(|e| e.with_enterprise(self.id()))?;
        }
        Ok(())
    }
}

fn unique<'a>(
    ids: impl Iterator<Item = &'a str>,
    field: &str,
    enterprise: &str,
) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for (i, x) in ids.enumerate() {
        if x.is_empty() {
            return Err(Error::invalid_input(format!("{field}[{i}].id"), "empty id")
                .with_enterprise(enterprise));
        }
        if !seen.insert(x) {
            return Err(Error::invalid_input(
                format!("{field}[{i}].id"),
                format!("duplicate id {x:?}"),
            )
            .with_enterprise(enterprise));
        }
    }
    Ok(())
}

/// Validates every record and checks that enterprise ids are unique.
pub(crate) fn validate_all(records: &[Record]) -> Result<(), Error> {
    let mut seen = BTreeSet::new();
    for (i, r) in records.iter().enumerate() {
        r.validate()?;
        if !seen.insert(r.id()) {
            return Err(Error::invalid_input(
                format!("records[{i}]"),
                "duplicate enterprise id in the population",
            )
            .with_enterprise(r.id()));
        }
    }
    Ok(())
}
