//! Fee collection (规费征收): assessed, paid and owed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::record::{Record, validate_all};
use crate::model::dates::check_date;
use crate::{Error, ErrorKind};

/// Fee totals (定费、已收、欠费) as of a date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FeeTotals {
    /// Amounts of the fees assessed on or before the date.
    pub assessed: Decimal,
    /// Payments on those fees dated on or before the date.
    pub paid: Decimal,
    /// `assessed − paid`.
    pub outstanding: Decimal,
    /// The unpaid part of the fees whose due date is before the date (欠费).
    pub arrears: Decimal,
}

impl FeeTotals {
    fn add(&mut self, o: &FeeTotals) -> Result<(), Error> {
        let ov = || Error::new(ErrorKind::Overflow, "fee totals overflow");
        self.assessed = self.assessed.checked_add(o.assessed).ok_or_else(ov)?;
        self.paid = self.paid.checked_add(o.paid).ok_or_else(ov)?;
        self.outstanding = self.outstanding.checked_add(o.outstanding).ok_or_else(ov)?;
        self.arrears = self.arrears.checked_add(o.arrears).ok_or_else(ov)?;
        Ok(())
    }

    /// The totals of one record as of `t`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Overflow`] when a sum leaves the range of `Decimal`.
    pub fn of(record: &Record, t: NaiveDate) -> Result<FeeTotals, Error> {
        check_date("t", t)?;
        let mut tot = FeeTotals::default();
        for f in record.fees.iter().filter(|f| f.assessed_on <= t) {
            let paid = f.paid_by(t);
            let open = f.amount.checked_sub(paid).ok_or_else(|| {
                Error::new(ErrorKind::Overflow, "fee arithmetic overflow")
                    .with_enterprise(record.id())
            })?;
            let one = FeeTotals {
                assessed: f.amount,
                paid,
                outstanding: open,
                arrears: if f.due_on < t { open } else { Decimal::ZERO },
            };
            tot.add(&one).map_err(|e| e.with_enterprise(record.id()))?;
        }
        Ok(tot)
    }
}

/// Fee totals per enterprise, district and inspector, and in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FeeReport {
    /// Per enterprise id.
    pub enterprises: BTreeMap<String, FeeTotals>,
    /// Per district.
    pub districts: BTreeMap<String, FeeTotals>,
    /// Per responsible inspector.
    pub inspectors: BTreeMap<String, FeeTotals>,
    /// All records together.
    pub total: FeeTotals,
}

/// Fee totals of a population as of `as_of`. Arrears here are what the fee-arrears
/// warnings are raised on (see [`open_warnings`](super::open_warnings)).
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`] for a bad record; [`ErrorKind::Overflow`] when a sum
/// leaves the range of `Decimal`.
///
/// ```
/// use chrono::NaiveDate;
/// use rust_decimal::Decimal;
/// use creditgrade::Enterprise;
/// use creditgrade::supervise::{Fee, Payment, Record, fee_totals};
/// let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
/// let r = Record::new(Enterprise::new("E1", d(1, 1)).district("D1"), None)
///     .inspector("I1")
///     .fee(Fee::new("F1", d(1, 1), d(1, 31), Decimal::new(300, 0))
///         .payment(Payment::new(d(1, 20), Decimal::new(100, 0))))
///     .fee(Fee::new("F2", d(2, 1), d(3, 31), Decimal::new(50, 0)));
/// let rep = fee_totals(&[r], d(2, 15))?;
/// assert_eq!(rep.total.assessed, Decimal::new(350, 0));
/// assert_eq!(rep.total.paid, Decimal::new(100, 0));
/// assert_eq!(rep.total.outstanding, Decimal::new(250, 0));
/// assert_eq!(rep.total.arrears, Decimal::new(200, 0));
/// assert_eq!(rep.districts["D1"], rep.total);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn fee_totals(records: &[Record], as_of: NaiveDate) -> Result<FeeReport, Error> {
    check_date("as_of", as_of)?;
    validate_all(records)?;
    let mut rep = FeeReport::default();
    for r in records {
        let t = FeeTotals::of(r, as_of)?;
        rep.enterprises.insert(r.id().to_owned(), t);
        rep.districts
            .entry(r.enterprise.district.clone())
            .or_default()
            .add(&t)?;
        rep.inspectors
            .entry(r.inspector.clone())
            .or_default()
            .add(&t)?;
        rep.total.add(&t)?;
    }
    Ok(rep)
}
