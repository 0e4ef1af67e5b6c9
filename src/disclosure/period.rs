//! Reporting periods: a week, a month, a quarter, a half-year, a year or any range.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::dates::check_date;

/// 统计期间 — a reporting period: an inclusive range of civil dates.
///
/// Build one with a named constructor ([`Period::month`], [`Period::iso_week`],
/// [`Period::quarter`], [`Period::half_year`], [`Period::year`], [`Period::day`]) or
/// any range with [`Period::new`].
///
/// ```
/// use creditgrade::disclosure::Period;
/// let feb = Period::month(2024, 2)?;
/// assert_eq!(feb.days(), 29);
/// assert_eq!(feb.label(), "2024-02");
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// Deserialising checks the range as [`Period::new`] does:
///
/// ```
/// use creditgrade::disclosure::Period;
/// let p: Period = serde_json::from_str(r#"{"start":"2025-02-01","end":"2025-02-28"}"#)?;
/// assert_eq!(p.label(), "2025-02");
/// assert!(serde_json::from_str::<Period>(r#"{"start":"2025-05-01","end":"2025-02-28"}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod")]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

/// A period as read, before [`Period::new`] checks it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    start: NaiveDate,
    end: NaiveDate,
}

impl TryFrom<RawPeriod> for Period {
    type Error = Error;

    fn try_from(raw: RawPeriod) -> Result<Period, Error> {
        Period::new(raw.start, raw.end)
    }
}

fn ymd(year: i32, month: u32, day: u32, field: &str) -> Result<NaiveDate, Error> {
    let d = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        Error::invalid_input(
            field,
            format!("{year:04}-{month:02}-{day:02} is not a date"),
        )
    })?;
    check_date(field, d)?;
    Ok(d)
}

fn month_end(year: i32, month: u32, field: &str) -> Result<NaiveDate, Error> {
    let first = ymd(year, month, 1, field)?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| Error::invalid_input(field, "month out of range"))?;
    next.pred_opt()
        .ok_or_else(|| Error::invalid_input(field, "month out of range"))
}

impl Period {
    /// The dates `start..=end`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if a date lies
    /// outside the supported dates ([`LAST_DATE`](crate::model::LAST_DATE)) or `end` is before
    /// `start`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::disclosure::Period;
    /// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    /// let p = Period::new(d(3, 10), d(3, 20))?;
    /// assert_eq!(p.days(), 11);
    /// assert!(Period::new(d(3, 20), d(3, 10)).is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period, Error> {
        check_date("period.start", start)?;
        check_date("period.end", end)?;
        if end < start {
            return Err(Error::invalid_input(
                "period",
                format!("period ends on {end}, before it starts on {start}"),
            ));
        }
        Ok(Period { start, end })
    }

    /// One day.
    #[must_use]
    pub fn day(date: NaiveDate) -> Period {
        Period {
            start: date,
            end: date,
        }
    }

    /// An ISO 8601 week (Monday to Sunday), e.g. week 1 of 2025 is
    /// 2024-12-30..=2025-01-05.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if the year has no
    /// such week.
    ///
    /// ```
    /// use creditgrade::disclosure::Period;
    /// let w = Period::iso_week(2025, 1)?;
    /// assert_eq!(w.start().to_string(), "2024-12-30");
    /// assert_eq!(w.label(), "2025-W01");
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn iso_week(year: i32, week: u32) -> Result<Period, Error> {
        let start = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).ok_or_else(|| {
            Error::invalid_input("week", format!("{year} has no ISO week {week}"))
        })?;
        let end = NaiveDate::from_isoywd_opt(year, week, Weekday::Sun).ok_or_else(|| {
            Error::invalid_input("week", format!("{year} has no ISO week {week}"))
        })?;
        check_date("week", start)?;
        check_date("week", end)?;
        Ok(Period { start, end })
    }

    /// A calendar month.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if `month` is not
    /// 1..=12 or the year is out of range.
    ///
    /// ```
    /// use creditgrade::disclosure::Period;
    /// assert_eq!(Period::month(2025, 2)?.days(), 28);
    /// assert!(Period::month(2025, 13).is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn month(year: i32, month: u32) -> Result<Period, Error> {
        Ok(Period {
            start: ymd(year, month, 1, "month")?,
            end: month_end(year, month, "month")?,
        })
    }

    /// A calendar quarter, 1..=4.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if `quarter` is not
    /// 1..=4.
    ///
    /// ```
    /// use creditgrade::disclosure::Period;
    /// assert_eq!(Period::quarter(2024, 1)?.days(), 91);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn quarter(year: i32, quarter: u32) -> Result<Period, Error> {
        if !(1..=4).contains(&quarter) {
            return Err(Error::invalid_input(
                "quarter",
                format!("quarter {quarter} is not 1..=4"),
            ));
        }
        let first = (quarter - 1) * 3 + 1;
        Ok(Period {
            start: ymd(year, first, 1, "quarter")?,
            end: month_end(year, first + 2, "quarter")?,
        })
    }

    /// A half-year, 1 (January–June) or 2 (July–December).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if `half` is not 1
    /// or 2.
    ///
    /// ```
    /// use creditgrade::disclosure::Period;
    /// assert_eq!(Period::half_year(2025, 2)?.days(), 184);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn half_year(year: i32, half: u32) -> Result<Period, Error> {
        if !(1..=2).contains(&half) {
            return Err(Error::invalid_input(
                "half",
                format!("half-year {half} is not 1 or 2"),
            ));
        }
        let first = (half - 1) * 6 + 1;
        Ok(Period {
            start: ymd(year, first, 1, "half")?,
            end: month_end(year, first + 5, "half")?,
        })
    }

    /// A calendar year.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if the year is out
    /// of range.
    ///
    /// ```
    /// use creditgrade::disclosure::Period;
    /// assert_eq!(Period::year(2024)?.days(), 366);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn year(year: i32) -> Result<Period, Error> {
        Ok(Period {
            start: ymd(year, 1, 1, "year")?,
            end: ymd(year, 12, 31, "year")?,
        })
    }

    /// Refuses a period (made by [`Period::day`]) outside the supported dates.
    pub(crate) fn check_dates(self) -> Result<(), Error> {
        check_date("period.start", self.start)?;
        check_date("period.end", self.end)
    }

    /// The first day.
    #[must_use]
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day (inclusive).
    #[must_use]
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// Whether `date` lies in the period.
    #[must_use]
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// The number of days, ends included.
    #[must_use]
    pub fn days(&self) -> u64 {
        u64::try_from((self.end - self.start).num_days()).map_or(0, |d| d + 1)
    }

    /// A stable label: `2025-02` for a month, `2025-Q1`, `2025-H1`, `2025`,
    /// `2025-W06` for an ISO week, `2025-02-03` for a day, otherwise
    /// `2025-02-03..2025-02-09`.
    #[must_use]
    pub fn label(&self) -> String {
        let (s, e) = (self.start, self.end);
        if s == e {
            return s.to_string();
        }
        if s.weekday() == Weekday::Mon && (e - s).num_days() == 6 {
            let w = s.iso_week();
            return format!("{:04}-W{:02}", w.year(), w.week());
        }
        let is_month_run =
            s.day() == 1 && e.succ_opt().is_none_or(|n| n.day() == 1) && s.year() == e.year();
        if is_month_run && e.month() >= s.month() {
            let months = e.month() - s.month() + 1;
            match (months, s.month()) {
                (1, m) => return format!("{:04}-{m:02}", s.year()),
                (3, m) if m % 3 == 1 => return format!("{:04}-Q{}", s.year(), m / 3 + 1),
                (6, m) if m % 6 == 1 => return format!("{:04}-H{}", s.year(), m / 6 + 1),
                (12, 1) => return format!("{:04}", s.year()),
                _ => {}
            }
        }
        format!("{s}..{e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn labels() {
        assert_eq!(Period::month(2025, 12).unwrap().label(), "2025-12");
        assert_eq!(Period::quarter(2025, 4).unwrap().label(), "2025-Q4");
        assert_eq!(Period::half_year(2025, 2).unwrap().label(), "2025-H2");
        assert_eq!(Period::year(2025).unwrap().label(), "2025");
        assert_eq!(Period::iso_week(2026, 53).unwrap().label(), "2026-W53");
        assert_eq!(Period::day(d(2025, 2, 3)).label(), "2025-02-03");
        // Two months that are not a quarter, and a range.
        assert_eq!(
            Period::new(d(2025, 2, 1), d(2025, 3, 31)).unwrap().label(),
            "2025-02-01..2025-03-31"
        );
        assert_eq!(
            Period::new(d(2025, 2, 3), d(2025, 2, 8)).unwrap().label(),
            "2025-02-03..2025-02-08"
        );
    }

    /// Regression (outside fuzzing run): `{"start":"2025-05-01","end":"2025-02-28"}`
    /// deserialised into a period that `Period::new` refuses.
    #[test]
    fn deserialising_checks_the_range() {
        let bad = r#"{"start":"2025-05-01","end":"2025-02-28"}"#;
        let e = serde_json::from_str::<Period>(bad).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`period`: period ends on 2025-02-28, before it starts on 2025-05-01"
        );
        let ok: Period =
            serde_json::from_str(r#"{"start":"2025-02-28","end":"2025-02-28"}"#).unwrap();
        assert_eq!(ok, Period::day(d(2025, 2, 28)));
        let json = serde_json::to_string(&Period::quarter(2025, 2).unwrap()).unwrap();
        assert_eq!(
            serde_json::from_str::<Period>(&json).unwrap(),
            Period::quarter(2025, 2).unwrap()
        );
        assert!(
            serde_json::from_str::<Period>(r#"{"start":"2025-02-01","end":"2025-02-28","x":1}"#)
                .is_err()
        );
    }

    /// Regression: `label()` panicked on a u32 subtraction for a reversed period
    /// (which deserialising let through). A period whose months run backwards can no
    /// longer be built; the label is still total for every period that can.
    #[test]
    fn label_never_panics_on_month_runs() {
        // Month-aligned periods across a year boundary (e.month() < s.month()).
        let p = Period::new(d(2024, 11, 1), d(2025, 2, 28)).unwrap();
        assert_eq!(p.label(), "2024-11-01..2025-02-28");
    }

    #[test]
    fn bounds_and_errors() {
        let q = Period::quarter(2024, 1).unwrap();
        assert_eq!((q.start(), q.end()), (d(2024, 1, 1), d(2024, 3, 31)));
        assert_eq!(Period::half_year(2024, 1).unwrap().days(), 182);
        assert!(Period::quarter(2024, 5).is_err());
        assert!(Period::half_year(2024, 0).is_err());
        assert_eq!(
            Period::iso_week(2025, 53).unwrap_err().to_string(),
            "`week`: 2025 has no ISO week 53"
        );
        assert!(!q.contains(d(2024, 4, 1)));
        assert!(q.contains(d(2024, 2, 29)));
    }
}
