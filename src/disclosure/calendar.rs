//! Working days: 工作日, holidays (节假日) and adjusted working weekends (调休).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::model::dates::check_date;

/// The longest run of non-working days searched before giving up (ten years).
const SEARCH_LIMIT_DAYS: u32 = 3660;

/// 工作日历 — which days are working days (工作日).
///
/// Deadlines counted in working days ask the calendar day by day. Implement it
/// for your own calendar, or use [`WeekendsOnly`] or [`HolidayCalendar`]. A
/// calendar that does not know a date says so with an error rather than guess:
/// a deadline in a year without its holiday table would otherwise be silently
/// wrong (2026-01-01 is a holiday, not a working day).
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{WeekendsOnly, WorkCalendar};
/// let sat = NaiveDate::from_ymd_opt(2025, 2, 8).unwrap();
/// assert!(!WeekendsOnly.is_working_day(sat)?);
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub trait WorkCalendar {
    /// Whether `date` is a working day.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::OutsideCalendar`](crate::ErrorKind::OutsideCalendar) when the
    /// calendar does not cover the date.
    fn is_working_day(&self, date: NaiveDate) -> Result<bool, Error>;
}

impl<C: WorkCalendar + ?Sized> WorkCalendar for &C {
    fn is_working_day(&self, date: NaiveDate) -> Result<bool, Error> {
        (**self).is_working_day(date)
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Monday to Friday are working days; no holidays, in every year. Choose it
/// explicitly where holidays do not matter or are unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekendsOnly;

impl WorkCalendar for WeekendsOnly {
    fn is_working_day(&self, date: NaiveDate) -> Result<bool, Error> {
        Ok(!is_weekend(date))
    }
}

/// 节假日安排 — holiday tables for the years they cover: in a covered year, Monday
/// to Friday are working days except the listed holidays (放假), and the listed
/// adjusted working weekends (调休上班) are working days too. A date in a year the
/// calendar does not cover is an error ([`ErrorKind::OutsideCalendar`]), never
/// a guess.
///
/// The presets are the State Council's notices for
/// [2024](HolidayCalendar::china_2024), [2025](HolidayCalendar::china_2025) and
/// [2026](HolidayCalendar::china_2026), and [all three](HolidayCalendar::china).
///
/// [`ErrorKind::OutsideCalendar`]: crate::ErrorKind::OutsideCalendar
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::disclosure::{HolidayCalendar, WorkCalendar};
/// use creditgrade::ErrorKind;
/// let cal = HolidayCalendar::china();
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert!(!cal.is_working_day(d(2025, 2, 3))?); // Monday, Spring Festival
/// assert!(cal.is_working_day(d(2025, 2, 8))?); // Saturday, 调休上班
/// assert!(!cal.is_working_day(d(2026, 1, 1))?); // New Year's Day
/// let e = cal.is_working_day(d(2027, 1, 4)).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::OutsideCalendar);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCalendar")]
pub struct HolidayCalendar {
    name: String,
    source: String,
    years: BTreeSet<i32>,
    holidays: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    #[serde(default)]
    name: String,
    #[serde(default)]
    source: String,
    years: BTreeSet<i32>,
    holidays: BTreeSet<NaiveDate>,
    working_weekends: BTreeSet<NaiveDate>,
}

impl TryFrom<RawCalendar> for HolidayCalendar {
    type Error = Error;

    fn try_from(raw: RawCalendar) -> Result<HolidayCalendar, Error> {
        let mut c = HolidayCalendar::new(raw.years, raw.holidays, raw.working_weekends)?;
        c.name = raw.name;
        c.source = raw.source;
        Ok(c)
    }
}

/// A range of holidays, first and last day inclusive, as (month, day) pairs.
type Range = ((u32, u32), (u32, u32));

/// One year's table from its notice: holiday ranges and working weekends.
fn table(
    year: i32,
    name: &str,
    source: &str,
    holidays: &[Range],
    working_weekends: &[(u32, u32)],
) -> HolidayCalendar {
    let date = |(m, d): (u32, u32)| NaiveDate::from_ymd_opt(year, m, d);
    let mut days = BTreeSet::new();
    for &(from, to) in holidays {
        if let (Some(from), Some(to)) = (date(from), date(to)) {
            days.extend(from.iter_days().take_while(|d| *d <= to));
        }
    }
    HolidayCalendar {
        name: name.to_owned(),
        source: source.to_owned(),
        years: BTreeSet::from([year]),
        holidays: days,
        working_weekends: working_weekends.iter().filter_map(|&x| date(x)).collect(),
    }
}

impl HolidayCalendar {
    /// A calendar covering `years`, with its holidays and adjusted working
    /// weekends.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when no year is
    /// given, a listed date lies outside the covered years, a day is listed both as
    /// a holiday and as an adjusted working day, or an adjusted working day is not a
    /// Saturday or Sunday.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::disclosure::{HolidayCalendar, WorkCalendar};
    /// let d = |m, d| NaiveDate::from_ymd_opt(2030, m, d).unwrap();
    /// let cal = HolidayCalendar::new([2030], [d(1, 1)], [])?;
    /// assert!(!cal.is_working_day(d(1, 1))?);
    /// assert!(HolidayCalendar::new([2029], [d(1, 1)], []).is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn new(
        years: impl IntoIterator<Item = i32>,
        holidays: impl IntoIterator<Item = NaiveDate>,
        working_weekends: impl IntoIterator<Item = NaiveDate>,
    ) -> Result<HolidayCalendar, Error> {
        let years: BTreeSet<i32> = years.into_iter().collect();
        let holidays: BTreeSet<NaiveDate> = holidays.into_iter().collect();
        let working_weekends: BTreeSet<NaiveDate> = working_weekends.into_iter().collect();
        for d in &holidays {
            check_date("holidays", *d)?;
        }
        for d in &working_weekends {
            check_date("working_weekends", *d)?;
        }
        if years.is_empty() {
            return Err(Error::invalid_input(
                "years",
                "a holiday calendar must cover at least one year",
            ));
        }
        for (field, dates) in [
            ("holidays", &holidays),
            ("working_weekends", &working_weekends),
        ] {
            if let Some(d) = dates.iter().find(|d| !years.contains(&d.year())) {
                return Err(Error::invalid_input(
                    field,
                    format!("{d} lies outside the years the calendar covers"),
                )
                .with_subject(d.to_string()));
            }
        }
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
            years,
            holidays,
            working_weekends,
        })
    }

    /// China 2024: 国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号,
    /// 2023-10-25): holidays 1 Jan; 10–17 Feb; 4–6 Apr; 1–5 May; 10 Jun;
    /// 15–17 Sep; 1–7 Oct; working weekends 4 Feb, 18 Feb, 7 Apr, 28 Apr, 11 May,
    /// 14 Sep, 29 Sep, 12 Oct.
    #[must_use]
    pub fn china_2024() -> HolidayCalendar {
        table(
            2024,
            "China 2024",
            "国务院办公厅关于2024年部分节假日安排的通知 (国办发明电〔2023〕7号)",
            &[
                ((1, 1), (1, 1)),
                ((2, 10), (2, 17)),
                ((4, 4), (4, 6)),
                ((5, 1), (5, 5)),
                ((6, 10), (6, 10)),
                ((9, 15), (9, 17)),
                ((10, 1), (10, 7)),
            ],
            &[
                (2, 4),
                (2, 18),
                (4, 7),
                (4, 28),
                (5, 11),
                (9, 14),
                (9, 29),
                (10, 12),
            ],
        )
    }

    /// China 2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号):
    /// holidays 1 Jan; 28 Jan – 4 Feb; 4–6 Apr; 1–5 May; 31 May – 2 Jun;
    /// 1–8 Oct; working weekends 26 Jan, 8 Feb, 27 Apr, 28 Sep, 11 Oct.
    #[must_use]
    pub fn china_2025() -> HolidayCalendar {
        table(
            2025,
            "China 2025",
            "国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号)",
            &[
                ((1, 1), (1, 1)),
                ((1, 28), (2, 4)),
                ((4, 4), (4, 6)),
                ((5, 1), (5, 5)),
                ((5, 31), (6, 2)),
                ((10, 1), (10, 8)),
            ],
            &[(1, 26), (2, 8), (4, 27), (9, 28), (10, 11)],
        )
    }

    /// China 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): holidays
    /// 1–3 Jan; 15–23 Feb; 4–6 Apr; 1–5 May; 19–21 Jun; 25–27 Sep; 1–7 Oct;
    /// working weekends 4 Jan, 14 Feb, 28 Feb, 9 May, 20 Sep, 10 Oct.
    #[must_use]
    pub fn china_2026() -> HolidayCalendar {
        table(
            2026,
            "China 2026",
            "国务院办公厅关于2026年部分节假日安排的通知 (2025年11月4日)",
            &[
                ((1, 1), (1, 3)),
                ((2, 15), (2, 23)),
                ((4, 4), (4, 6)),
                ((5, 1), (5, 5)),
                ((6, 19), (6, 21)),
                ((9, 25), (9, 27)),
                ((10, 1), (10, 7)),
            ],
            &[(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)],
        )
    }

    /// China 2024 to 2026: the three notices in one calendar.
    #[must_use]
    pub fn china() -> HolidayCalendar {
        let mut c = HolidayCalendar::china_2024();
        // The three tables cover different years.
        for next in [HolidayCalendar::china_2025(), HolidayCalendar::china_2026()] {
            c.years.extend(next.years);
            c.holidays.extend(next.holidays);
            c.working_weekends.extend(next.working_weekends);
        }
        c.name("China 2024–2026")
            .source("国办发明电〔2023〕7号; 国办发明电〔2024〕12号; 2026年部分节假日安排的通知 (2025年11月4日)")
    }

    /// The calendar with another's years added.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when both cover
    /// a year (which table would hold?).
    pub fn merge(mut self, other: HolidayCalendar) -> Result<HolidayCalendar, Error> {
        if let Some(y) = other.years.iter().find(|y| self.years.contains(y)) {
            return Err(Error::invalid_input(
                "years",
                format!("both calendars cover {y}"),
            ));
        }
        self.years.extend(other.years);
        self.holidays.extend(other.holidays);
        self.working_weekends.extend(other.working_weekends);
        Ok(self)
    }

    /// Sets the calendar's name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> HolidayCalendar {
        self.name = name.into();
        self
    }

    /// Sets the source it was taken from (the notice).
    #[must_use]
    pub fn source(mut self, source: impl Into<String>) -> HolidayCalendar {
        self.source = source.into();
        self
    }

    /// The calendar's name.
    #[must_use]
    pub fn display_name(&self) -> &str {
        &self.name
    }

    /// The source it was taken from.
    #[must_use]
    pub fn source_text(&self) -> &str {
        &self.source
    }

    /// The years it covers, in order.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether it covers the date's year.
    #[must_use]
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years.contains(&date.year())
    }

    /// The holidays, in order.
    pub fn holidays(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.holidays.iter().copied()
    }

    /// The adjusted working weekends, in order.
    pub fn working_weekends(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.working_weekends.iter().copied()
    }
}

impl WorkCalendar for HolidayCalendar {
    fn is_working_day(&self, date: NaiveDate) -> Result<bool, Error> {
        if !self.covers(date) {
            let years: Vec<String> = self.years.iter().map(ToString::to_string).collect();
            return Err(Error::new(
                crate::ErrorKind::OutsideCalendar,
                format!(
                    "{date} is outside the years the calendar covers ({}): add that year's holiday table, or choose WeekendsOnly explicitly",
                    years.join(", ")
                ),
            )
            .with_field("calendar")
            .with_subject(date.to_string()));
        }
        if self.working_weekends.contains(&date) {
            return Ok(true);
        }
        Ok(!is_weekend(date) && !self.holidays.contains(&date))
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
    check_date("date", date)?;
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
    check_date("date", date)?;
    let mut d = date;
    let mut found = 0;
    let mut gap = 0;
    while found < n {
        d = d.succ_opt().ok_or_else(|| no_working_day(date))?;
        if cal.is_working_day(d)? {
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
    check_date("year", first)?;
    let mut d = first;
    let mut count = 0;
    while d.month() == month {
        if cal.is_working_day(d)? {
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
        // A year without its table is an error, not weekends only.
        let y26 = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        let e = next_working_day(&cal, y26).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::OutsideCalendar);
        // With the 2026 table: 3 January is a holiday, Sunday 4 January works.
        assert_eq!(
            next_working_day(&HolidayCalendar::china(), y26)
                .unwrap()
                .to_string(),
            "2026-01-04"
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
