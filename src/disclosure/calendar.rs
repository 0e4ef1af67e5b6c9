//! Working days: 工作日, holidays (节假日) and adjusted working weekends (调休).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Error;

/// The longest run of non-working days searched before giving up (ten years).
const SEARCH_LIMIT_DAYS: u32 = 3660;

/// 工作日历 — which days are working days (工作日).
///
/// Deadlines counted in working days ask the calendar day by day. Implement it
/// for your own calendar, or use [`WeekendsOnly`] or [`HolidayCalendar`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{WeekendsOnly, WorkCalendar};
/// let sat = NaiveDate::from_ymd_opt(2025, 2, 8).unwrap();
/// assert!(!WeekendsOnly.is_working_day(sat));
/// ```
pub trait WorkCalendar {
    /// Whether `date` is a working day.
    fn is_working_day(&self, date: NaiveDate) -> bool;
}

impl<C: WorkCalendar + ?Sized> WorkCalendar for &C {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        (**self).is_working_day(date)
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday to Friday are working days; no holidays.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekendsOnly;

impl WorkCalendar for WeekendsOnly {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date)
    }
}

/// 节假日安排 — a holiday table: Monday to Friday are working days except the listed
/// holidays (放假), and the listed adjusted working weekends (调休上班) are working
/// days too. Dates outside the table follow the weekends-only rule.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{HolidayCalendar, WorkCalendar};
/// let cal = HolidayCalendar::china_2025();
/// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// assert!(!cal.is_working_day(d(2, 3))); // Monday, Spring Festival
/// assert!(cal.is_working_day(d(2, 8))); // Saturday, 调休上班
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCalendar")]
pub struct HolidayCalendar {
    name: String,
    source: String,
    holidays: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

/// The serialised form, checked by [`HolidayCalendar::new`] when read.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default)]
    name: String,
    #[serde(default)]
    source: String,
    holidays: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

impl TryFrom<RawCalendar> for HolidayCalendar {
    type Error = Error;

    fn try_from(raw: RawCalendar) -> Result<HolidayCalendar, Error> {
        let mut c = HolidayCalendar::new(raw.holidays, raw.working_weekends)?;
        c.name = raw.name;
        c.source = raw.source;
        Ok(c)
    }
}

impl HolidayCalendar {
    /// A calendar from a holiday list and a list of adjusted working weekends.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if a date is listed
    /// both as a holiday and as a working weekend, or a working weekend is not a
    /// Saturday or Sunday (the message names the date).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::disclosure::{HolidayCalendar, WorkCalendar};
    /// let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    /// let cal = HolidayCalendar::new([d(1, 1), d(1, 2)], [d(1, 4)])?;
    /// assert!(!cal.is_working_day(d(1, 2)));
    /// assert!(cal.is_working_day(d(1, 4)));
    /// assert!(HolidayCalendar::new([d(1, 4)], [d(1, 4)]).is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn new(
        holidays: impl IntoIterator<Item = NaiveDate>,
        working_weekends: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<HolidayCalendar, Error> {
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let working_weekends: BTreeSet<NaiveDate> = working_weekends.into_iter().collect();
        for d in &working_weekends {
            if holidays.contains(d) {
                return Err(Error::invalid_input(
                    "working_weekends",
                    format!("{d} is listed both as a holiday and as an adjusted working day"),
                ));
            }
            if !is_weekend(*d) {
                return Err(Error::invalid_input(
                    "working_weekends",
                    format!("{d} is a {}, not a weekend day", d.weekday()),
                ));
            }
        }
        Ok(HolidayCalendar {
            name: String::new(),
            source: String::new(),
            holidays,
            working_weekends,
        })
    }

    /// The 2025 national public holidays of the People's Republic of China.
    ///
    /// Source: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号,
    /// 12 November 2024). Holidays: 1 January; 28 January – 4 February (春节);
    /// 4–6 April (清明节); 1–5 May (劳动节); 31 May – 2 June (端午节); 1–8 October
    /// (国庆节、中秋节). Adjusted working days (调休上班): Sunday 26 January,
    /// Saturday 8 February, Sunday 27 April, Sunday 28 September, Saturday 11 October.
    #[must_use]
    pub fn china_2025() -> HolidayCalendar {
        let mut holidays = BTreeSet::new();
        let ranges: [((u32, u32), (u32, u32)); 6] = [
            ((1, 1), (1, 1)),
            ((1, 28), (2, 4)),
            ((4, 4), (4, 6)),
            ((5, 1), (5, 5)),
            ((5, 31), (6, 2)),
            ((10, 1), (10, 8)),
        ];
        for ((m0, d0), (m1, d1)) in ranges {
            let (Some(mut d), Some(end)) = (
                NaiveDate::from_ymd_opt(2025, m0, d0),
                NaiveDate::from_ymd_opt(2025, m1, d1),
            ) else {
                continue;
            };
            while d <= end {
                holidays.insert(d);
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        let working_weekends = [(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)]
            .into_iter()
            .filter_map(|(m, d)| NaiveDate::from_ymd_opt(2025, m, d))
            .collect();
        HolidayCalendar {
            name: "China 2025".to_owned(),
            source: "国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)"
                .to_owned(),
            holidays,
            working_weekends,
        }
    }

    /// Sets a display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> HolidayCalendar {
        self.name = name.into();
        self
    }

    /// Sets the source (the notice the table comes from).
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> HolidayCalendar {
        self.source = source.into();
        self
    }

    /// The display name (empty unless set).
    #[must_use]
    pub fn display_name(&self) -> &str {
        &self.name
    }

    /// The source of the table (empty unless set).
    #[must_use]
    pub fn source_text(&self) -> &str {
        &self.source
    }

    /// The holidays, in date order.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// The adjusted working weekends, in date order.
    pub fn working_weekends(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.working_weekends.iter().copied()
    }
}

impl WorkCalendar for HolidayCalendar {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.working_weekends.contains(&date) {
            return true;
        }
        !is_weekend(date) && !self.holidays.contains(&date)
    }
}

fn no_working_day(after: NaiveDate) -> Error {
    Error::invalid_input(
        "calendar",
        format!("no working day within {SEARCH_LIMIT_DAYS} days after {after}"),
    )
}

/// The first working day strictly after `date`.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if the calendar has no
/// working day in the ten years after `date` or the dates run out of range.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{next_working_day, HolidayCalendar};
/// let cal = HolidayCalendar::china_2025();
/// let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
/// assert_eq!(next_working_day(&cal, d(9, 30))?, d(10, 9));
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn next_working_day(cal: &impl WorkCalendar, date: NaiveDate) -> Result<NaiveDate, Error> {
    add_working_days(cal, date, 1)
}

/// The `n`-th working day strictly after `date` (`n = 0` gives `date` itself).
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if the calendar has no
/// working day for ten years or the dates run out of range.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{add_working_days, WeekendsOnly};
/// let fri = NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
/// assert_eq!(add_working_days(&WeekendsOnly, fri, 2)?.to_string(), "2025-03-11");
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn add_working_days(
    cal: &impl WorkCalendar,
    date: NaiveDate,
    n: u32,
) -> Result<NaiveDate, Error> {
    let mut d = date;
    let mut found = 0;
    let mut gap = 0;
    while found < n {
        d = d.succ_opt().ok_or_else(|| no_working_day(date))?;
        if cal.is_working_day(d) {
            found += 1;
            gap = 0;
        } else {
            gap += 1;
            if gap > SEARCH_LIMIT_DAYS {
                return Err(no_working_day(date));
            }
        }
    }
    Ok(d)
}

/// The `n`-th working day (`n ≥ 1`) of a month, e.g. the 7th working day of
/// February 2025 under the 2025 holiday table is 2025-02-12.
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) if `n` is 0, the month
/// is not a month, or the month has fewer than `n` working days (the message says
/// how many it has).
///
/// ```
/// use creditgrade::disclosure::{nth_working_day_of_month, HolidayCalendar, WeekendsOnly};
/// let cal = HolidayCalendar::china_2025();
/// assert_eq!(nth_working_day_of_month(&cal, 2025, 2, 7)?.to_string(), "2025-02-12");
/// assert_eq!(nth_working_day_of_month(&WeekendsOnly, 2025, 2, 7)?.to_string(), "2025-02-11");
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub fn nth_working_day_of_month(
    cal: &impl WorkCalendar,
    year: i32,
    month: u32,
    n: u32,
) -> Result<NaiveDate, Error> {
    if n == 0 {
        return Err(Error::invalid_input(
            "working_days",
            "the working-day count must be at least 1",
        ));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(|| {
        Error::invalid_input("month", format!("{year:04}-{month:02} is not a month"))
    })?;
    let mut d = first;
    let mut count = 0;
    while d.month() == month {
        if cal.is_working_day(d) {
            count += 1;
            if count == n {
                return Ok(d);
            }
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    Err(Error::invalid_input(
        "working_days",
        format!("{year:04}-{month:02} has only {count} working days, fewer than {n}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn add_working_days_counts_strictly_after() {
        let cal = HolidayCalendar::china_2025();
        assert_eq!(add_working_days(&cal, d(2, 1), 0).unwrap(), d(2, 1));
        // Before the Spring Festival: Sunday 26 January is a working day.
        assert_eq!(add_working_days(&cal, d(1, 24), 1).unwrap(), d(1, 26));
        assert_eq!(add_working_days(&cal, d(1, 26), 1).unwrap(), d(1, 27));
        assert_eq!(add_working_days(&cal, d(1, 27), 1).unwrap(), d(2, 5));
        // Labour Day: Sunday 27 April works, 1–5 May off.
        assert_eq!(add_working_days(&cal, d(4, 25), 1).unwrap(), d(4, 27));
        assert_eq!(add_working_days(&cal, d(4, 30), 1).unwrap(), d(5, 6));
        // Dates outside the table follow weekends only.
        let y26 = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(
            next_working_day(&cal, y26).unwrap().to_string(),
            "2026-01-05"
        );
    }

    #[test]
    fn calendar_round_trips_through_serde() {
        let cal = HolidayCalendar::china_2025();
        let json = serde_json::to_string(&cal).unwrap();
        let back: HolidayCalendar = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cal);
    }
}
