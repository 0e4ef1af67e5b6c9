//! Calendar offsets: months first (clamped to month end), then days.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::Error;

/// A calendar offset from an anchor date: `months` (added with `checked_add_months`
/// / `checked_sub_months`, so clamped to the month end: 2024-01-31 + 1 month =
/// 2024-02-29), then `days`. Either may be negative.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::supervise::Offset;
/// let d = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
/// assert_eq!(Offset::months(1).apply(d)?, NaiveDate::from_ymd_opt(2024, 2, 29).unwrap());
/// assert_eq!(Offset::new(-1, 2).apply(d)?, NaiveDate::from_ymd_opt(2024, 1, 2).unwrap());
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offset {
    /// Whole months, applied first.
    pub months: i32,
    /// Days, applied after the months.
    pub days: i32,
}

impl Offset {
    /// An offset of `months` months and `days` days.
    #[must_use]
    pub const fn new(months: i32, days: i32) -> Offset {
        Offset { months, days }
    }

    /// An offset of whole months.
    #[must_use]
    pub const fn months(months: i32) -> Offset {
        Offset { months, days: 0 }
    }

    /// An offset of days.
    #[must_use]
    pub const fn days(days: i32) -> Offset {
        Offset { months: 0, days }
    }

    /// The anchor moved by this offset.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the result
    /// leaves the calendar's range.
    pub fn apply(self, anchor: NaiveDate) -> Result<NaiveDate, Error> {
        crate::model::dates::check_date("anchor", anchor)?;
        let after_months = add_months(anchor, self.months)?;
        add_days(after_months, self.days)
    }
}

pub(crate) fn out_of_range(d: NaiveDate) -> Error {
    Error::invalid_input(
        "date",
        format!("date arithmetic from {d} leaves the calendar"),
    )
}

pub(crate) fn add_months(d: NaiveDate, months: i32) -> Result<NaiveDate, Error> {
    let m = Months::new(months.unsigned_abs());
    let r = if months >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    };
    r.ok_or_else(|| out_of_range(d))
}

pub(crate) fn add_days(d: NaiveDate, days: i32) -> Result<NaiveDate, Error> {
    let n = Days::new(u64::from(days.unsigned_abs()));
    let r = if days >= 0 {
        d.checked_add_days(n)
    } else {
        d.checked_sub_days(n)
    };
    r.ok_or_else(|| out_of_range(d))
}

/// Whole days from `a` to `b` (negative when `b` is before `a`).
pub(crate) fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}
