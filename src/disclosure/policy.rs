//! Publication and report deadlines as data.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{WorkCalendar, nth_working_day_of_month};
use crate::Error;
use crate::model::dates::check_date;

/// When a report for a period is due, counted from the month after the period ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeadlineRule {
    /// 每月初的N个工作日内 — within the first `n` working days of the next month
    /// (the source document's rule for the monthly emission report: `n = 7`).
    WorkingDaysOfNextMonth(u32),
    /// By day `day` of the next month (the permit rule: the 15th), clamped to the
    /// month's last day; with `roll_forward`, a deadline on a non-working day moves
    /// to the next working day.
    DayOfNextMonth {
        /// The day of the month, 1..=31.
        day: u32,
        /// Whether a deadline on a non-working day moves to the next working day.
        roll_forward: bool,
    },
    /// By the last day of the next month (for a calendar year: 31 January of the
    /// next year).
    EndOfNextMonth,
}

impl DeadlineRule {
    /// The last day on which a report for `period_end`'s period is on time.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for `n = 0` or a day
    /// outside 1..=31, a month with fewer than `n` working days, or dates out of
    /// range.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use creditgrade::disclosure::{DeadlineRule, HolidayCalendar};
    /// let cal = HolidayCalendar::china_2025();
    /// let jan_end = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
    /// let due = DeadlineRule::WorkingDaysOfNextMonth(7).deadline(&cal, jan_end)?;
    /// assert_eq!(due.to_string(), "2025-02-12");
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn deadline(
        self,
        cal: &impl WorkCalendar,
        period_end: NaiveDate,
    ) -> Result<NaiveDate, Error> {
        check_date("period_end", period_end)?;
        let next_month = period_end
            .with_day(1)
            .and_then(|d| d.checked_add_months(Months::new(1)))
            .ok_or_else(|| Error::invalid_input("period", "date out of range"))?;
        match self {
            DeadlineRule::WorkingDaysOfNextMonth(n) => {
                nth_working_day_of_month(cal, next_month.year(), next_month.month(), n)
            }
            DeadlineRule::DayOfNextMonth { day, roll_forward } => {
                if !(1..=31).contains(&day) {
                    return Err(Error::invalid_policy(
                        "deadline.day",
                        format!("day {day} is not 1..=31"),
                    ));
                }
                let last = next_month
                    .checked_add_months(Months::new(1))
                    .and_then(|d| d.pred_opt())
                    .ok_or_else(|| Error::invalid_input("period", "date out of range"))?;
                let mut d = next_month.with_day(day).unwrap_or(last);
                if roll_forward && !cal.is_working_day(d)? {
                    d = super::next_working_day(cal, d)?;
                }
                Ok(d)
            }
            DeadlineRule::EndOfNextMonth => next_month
                .checked_add_months(Months::new(1))
                .and_then(|d| d.pred_opt())
                .ok_or_else(|| Error::invalid_input("period", "date out of range")),
        }
    }
}

/// 信息公开规则 — publication deadlines and report deadlines.
///
/// | knob | default | source |
/// |---|---|---|
/// | manual results published within | 1 working day after the sampling date | the 2013 national measures ask for publication the next day (次日); read as the next working day *(placeholder, not verified against the official text here)* |
/// | automatic results published within | 1 hour after the averaging interval ends *(placeholder)* | 2013 measures: 自动监测数据应实时公布 ("real time"); the tolerance is ours |
/// | monthly emission report | first 7 working days of the next month | the source document (每月初的7个工作日内) |
/// | annual self-monitoring report | end of January of the next year | 2013 measures (环发〔2013〕81号), 每年一月底前 *(placeholder, not verified against the official text here)* |
///
/// ```
/// use creditgrade::disclosure::{DeadlineRule, DisclosurePolicy};
/// let p = DisclosurePolicy::default().automatic_publish_hours(2);
/// assert_eq!(p.monthly_report_rule(), DeadlineRule::WorkingDaysOfNextMonth(7));
/// assert_eq!(p.automatic_hours(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisclosurePolicy {
    manual_publish_working_days: u32,
    automatic_publish_hours: u32,
    monthly_report: DeadlineRule,
    annual_report: DeadlineRule,
}

impl Default for DisclosurePolicy {
    fn default() -> DisclosurePolicy {
        DisclosurePolicy::source_document()
    }
}

impl DisclosurePolicy {
    /// The source document's rules (the default): monthly emission report within the
    /// first 7 working days of the next month.
    #[must_use]
    pub fn source_document() -> DisclosurePolicy {
        DisclosurePolicy {
            manual_publish_working_days: 1,
            automatic_publish_hours: 1,
            monthly_report: DeadlineRule::WorkingDaysOfNextMonth(7),
            annual_report: DeadlineRule::EndOfNextMonth,
        }
    }

    /// The permit rule: the monthly report by the 15th of the next month (calendar
    /// day, no roll-forward), as pollutant discharge permits (排污许可证执行报告)
    /// write it; everything else as [`source_document`](Self::source_document).
    #[must_use]
    pub fn permit() -> DisclosurePolicy {
        DisclosurePolicy::source_document().monthly_report(DeadlineRule::DayOfNextMonth {
            day: 15,
            roll_forward: false,
        })
    }

    /// Sets how many working days after the sampling date manual results may be
    /// published (default 1).
    #[must_use]
    pub fn manual_publish_working_days(mut self, days: u32) -> DisclosurePolicy {
        self.manual_publish_working_days = days;
        self
    }

    /// Sets how many hours after the averaging interval ends automatic results may
    /// be published (default 1).
    #[must_use]
    pub fn automatic_publish_hours(mut self, hours: u32) -> DisclosurePolicy {
        self.automatic_publish_hours = hours;
        self
    }

    /// Sets the monthly emission report rule.
    #[must_use]
    pub fn monthly_report(mut self, rule: DeadlineRule) -> DisclosurePolicy {
        self.monthly_report = rule;
        self
    }

    /// Sets the annual self-monitoring report rule.
    #[must_use]
    pub fn annual_report(mut self, rule: DeadlineRule) -> DisclosurePolicy {
        self.annual_report = rule;
        self
    }

    /// Checks the policy: at most 366 working days for manual results, at most
    /// 8784 hours (a leap year) for automatic results, a working-day count of
    /// 1..=23 and a day of 1..=31 in the report rules.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the field.
    ///
    /// ```
    /// use creditgrade::disclosure::{DeadlineRule, DisclosurePolicy};
    /// let p = DisclosurePolicy::default().monthly_report(DeadlineRule::WorkingDaysOfNextMonth(0));
    /// assert_eq!(
    ///     p.validate().unwrap_err().to_string(),
    ///     "policy field `monthly_report`: a working-day count of 0 is not 1..=23",
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        if self.manual_publish_working_days > 366 {
            return Err(Error::invalid_policy(
                "manual_publish_working_days",
                format!("{} is more than 366", self.manual_publish_working_days),
            ));
        }
        if self.automatic_publish_hours > 8784 {
            return Err(Error::invalid_policy(
                "automatic_publish_hours",
                format!("{} is more than 8784", self.automatic_publish_hours),
            ));
        }
        for (field, rule) in [
            ("monthly_report", self.monthly_report),
            ("annual_report", self.annual_report),
        ] {
            match rule {
                DeadlineRule::WorkingDaysOfNextMonth(n) if !(1..=23).contains(&n) => {
                    return Err(Error::invalid_policy(
                        field,
                        format!("a working-day count of {n} is not 1..=23"),
                    ));
                }
                DeadlineRule::DayOfNextMonth { day, .. } if !(1..=31).contains(&day) => {
                    return Err(Error::invalid_policy(
                        field,
                        format!("day {day} is not 1..=31"),
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Working days allowed for manual results.
    #[must_use]
    pub fn manual_working_days(&self) -> u32 {
        self.manual_publish_working_days
    }

    /// Hours allowed for automatic results.
    #[must_use]
    pub fn automatic_hours(&self) -> u32 {
        self.automatic_publish_hours
    }

    /// The monthly emission report rule.
    #[must_use]
    pub fn monthly_report_rule(&self) -> DeadlineRule {
        self.monthly_report
    }

    /// The annual self-monitoring report rule.
    #[must_use]
    pub fn annual_report_rule(&self) -> DeadlineRule {
        self.annual_report
    }
}

crate::json::policy_file!(
    DisclosurePolicy,
    "creditgrade::disclosure::DisclosurePolicy",
    DisclosurePolicy::validate
);
