//! 经营异常名录 — the list of enterprises with abnormal operations: recorded
//! listings and removals, cures per ground, the 3-year escalation, and the derived
//! worklist of missing annual reports.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dossier::Listed;
use crate::disclosure::{WorkCalendar, add_working_days};
use crate::model::dates::check_date;
use crate::model::months::add_months;
use crate::{Error, ErrorKind};

/// Why an enterprise is put on the list (企业经营异常名录管理暂行办法 2014, art. 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "ground", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Ground {
    /// (1) The annual report for `year` was not published by 30 June of the next year.
    AnnualReport {
        /// The report's year.
        year: i32,
    },
    /// (2) Information not published within the ordered period.
    NotPublished,
    /// (3) False information published.
    FalseInformation,
    /// (4) Cannot be contacted at the registered address.
    Unreachable,
}

impl Ground {
    /// The stable name: `annual_report`, `not_published`, `false_information` or
    /// `unreachable`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Ground::AnnualReport { .. } => "annual_report",
            Ground::NotPublished => "not_published",
            Ground::FalseInformation => "false_information",
            Ground::Unreachable => "unreachable",
        }
    }
}

/// 列入 — a recorded decision putting the enterprise on the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AbnormalListing {
    /// The decision's id.
    pub id: String,
    /// The ground.
    pub ground: Ground,
    /// The first day on the list.
    pub on: NaiveDate,
}

impl AbnormalListing {
    /// A listing `id` on `ground` from `on`.
    pub fn new(id: impl Into<String>, ground: Ground, on: NaiveDate) -> AbnormalListing {
        AbnormalListing {
            id: id.into(),
            ground,
            on,
        }
    }
}

/// 移出 — a recorded decision taking a listing off the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AbnormalRemoval {
    /// The listing it closes.
    pub listing: String,
    /// The first day off the list.
    pub on: NaiveDate,
}

impl AbnormalRemoval {
    /// The removal of `listing` on `on`.
    pub fn new(listing: impl Into<String>, on: NaiveDate) -> AbnormalRemoval {
        AbnormalRemoval {
            listing: listing.into(),
            on,
        }
    }
}

/// What an enterprise did to cure a ground 2–4 (information published, corrected,
/// address change registered or contact restored); ground 1 is cured by
/// [`ReportFiled`] facts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Cure {
    /// The ground cured (not `annual_report`).
    pub ground: Ground,
    /// The day.
    pub on: NaiveDate,
}

impl Cure {
    /// A cure of `ground` on `on`.
    #[must_use]
    pub fn new(ground: Ground, on: NaiveDate) -> Cure {
        Cure { ground, on }
    }
}

/// 年报 — the annual report for `year` was filed on `on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReportFiled {
    /// The report's year.
    pub year: i32,
    /// The day it was filed.
    pub on: NaiveDate,
}

impl ReportFiled {
    /// The report for `year` filed on `on`.
    #[must_use]
    pub fn new(year: i32, on: NaiveDate) -> ReportFiled {
        ReportFiled { year, on }
    }
}

/// The rules of the list as data.
///
/// ```
/// use creditgrade::national::AbnormalRules;
/// let r = AbnormalRules::national();
/// assert!(!r.derived);
/// assert_eq!((r.list_by_working_days, r.escalation_months, r.notice_days), (10, 36, 60));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AbnormalRules {
    /// Derived mode (off by default): the worklist of missing annual reports, and
    /// entries closing on the day they are cured.
    pub derived: bool,
    /// Working days after 30 June by which a missing report should be listed (10, S).
    pub list_by_working_days: u32,
    /// Months on the list, uncured, after which the entry moves to the serious list
    /// (36: 3 years, S).
    pub escalation_months: u32,
    /// Days before the move that the notice is due (60, S).
    pub notice_days: u32,
}

impl AbnormalRules {
    /// The national rules: derived mode off, list by the 10th working day after
    /// 30 June, move after 3 years, notice 60 days before.
    #[must_use]
    pub fn national() -> AbnormalRules {
        AbnormalRules {
            derived: false,
            list_by_working_days: 10,
            escalation_months: 36,
            notice_days: 60,
        }
    }

    /// The same rules in derived mode.
    #[must_use]
    pub fn derived(mut self, on: bool) -> AbnormalRules {
        self.derived = on;
        self
    }

    /// Checks the numbers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] naming the field: a zero or over-long
    /// escalation period.
    pub fn validate(&self) -> Result<(), Error> {
        let max = super::rules::MAX_MONTHS;
        if self.escalation_months == 0 || self.escalation_months > max {
            return Err(Error::invalid_policy(
                "escalation_months",
                format!("{} months: must be 1 to {max}", self.escalation_months),
            ));
        }
        Ok(())
    }
}

/// How an entry left the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Exit {
    /// A recorded removal decision.
    Removal,
    /// Cured (derived mode only).
    Cured,
    /// Moved to the serious list by a recorded escalation listing.
    Escalated {
        /// The serious listing's id.
        listing: String,
    },
}

/// One listing as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// The listing decision's id.
    pub listing: String,
    /// The ground.
    pub ground: Ground,
    /// The first day on the list.
    pub from: NaiveDate,
    /// The day the ground was cured, if it was by the as-of date.
    pub cured_on: Option<NaiveDate>,
    /// The first day off the list, if it left by the as-of date.
    pub until: Option<NaiveDate>,
    /// How it left.
    pub exit: Option<Exit>,
    /// The day it is due to move to the serious list (the third anniversary of the
    /// listing), when it is not closed nor cured before that day as far as the
    /// as-of date knows.
    pub escalation_on: Option<NaiveDate>,
    /// The day the notice of that move is due.
    pub notice_on: Option<NaiveDate>,
}

/// A missing annual report a bureau should list (derived mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct WorkItem {
    /// The report's year.
    pub year: i32,
    /// The first day it can be listed (1 July of the next year).
    pub listable_from: NaiveDate,
    /// The day it should be listed by (the Nth working day after 30 June).
    pub list_by: NaiveDate,
    /// Whether the as-of date is after `list_by`.
    pub overdue: bool,
}

/// The list's state for one enterprise as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AbnormalState {
    /// Whether on the list on the as-of date (some entry open).
    pub on_list: bool,
    /// The earliest open entry's first day.
    pub listed_since: Option<NaiveDate>,
    /// Every listing up to the as-of date, in date order: the history of entries
    /// and exits.
    pub entries: Vec<Entry>,
    /// Derived mode: the missing reports not yet listed, in year order.
    pub worklist: Vec<WorkItem>,
}

impl AbnormalState {
    /// The entries as list intervals, for [`Listings`](super::Listings).
    #[must_use]
    pub fn intervals(&self) -> Vec<Listed> {
        self.entries
            .iter()
            .map(|e| {
                let l = Listed::from(e.from);
                match e.until {
                    Some(u) => l.until(u),
                    None => l,
                }
            })
            .collect()
    }
}

/// The list record of one enterprise: its registration date and the facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbnormalRecord {
    enterprise: String,
    registered_on: NaiveDate,
    #[serde(default)]
    listings: Vec<AbnormalListing>,
    #[serde(default)]
    removals: Vec<AbnormalRemoval>,
    #[serde(default)]
    cures: Vec<Cure>,
    #[serde(default)]
    reports: Vec<ReportFiled>,
}

/// 30 June of `year + 1`: the last day to publish the report for `year`.
fn deadline(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year.checked_add(1)?, 6, 30)
}

impl AbnormalRecord {
    /// The record of `enterprise`, registered on `registered_on`.
    pub fn new(enterprise: impl Into<String>, registered_on: NaiveDate) -> AbnormalRecord {
        AbnormalRecord {
            enterprise: enterprise.into(),
            registered_on,
            listings: Vec::new(),
            removals: Vec::new(),
            cures: Vec::new(),
            reports: Vec::new(),
        }
    }

    /// Adds a listing decision.
    #[must_use]
    pub fn listing(mut self, x: AbnormalListing) -> AbnormalRecord {
        self.listings.push(x);
        self
    }

    /// Adds a removal decision.
    #[must_use]
    pub fn removal(mut self, x: AbnormalRemoval) -> AbnormalRecord {
        self.removals.push(x);
        self
    }

    /// Adds a cure.
    #[must_use]
    pub fn cure(mut self, x: Cure) -> AbnormalRecord {
        self.cures.push(x);
        self
    }

    /// Adds a filed annual report.
    #[must_use]
    pub fn report(mut self, x: ReportFiled) -> AbnormalRecord {
        self.reports.push(x);
        self
    }

    /// The day the report for `year` was first filed, as seen on `as_of`.
    fn filed(&self, year: i32, as_of: NaiveDate) -> Option<NaiveDate> {
        self.reports
            .iter()
            .filter(|r| r.year == year && r.on <= as_of)
            .map(|r| r.on)
            .min()
    }

    /// Ground 1 for `year`, listed on `from`: the first day on or after it on which
    /// the report for `year` and every report whose deadline has passed are filed.
    fn report_cure(&self, year: i32, from: NaiveDate, as_of: NaiveDate) -> Option<NaiveDate> {
        let first = self.registered_on.year();
        let mut candidates: BTreeSet<NaiveDate> = self
            .reports
            .iter()
            .filter(|r| r.on >= from && r.on <= as_of)
            .map(|r| r.on)
            .collect();
        candidates.insert(from);
        candidates.into_iter().filter(|d| *d <= as_of).find(|&d| {
            if self.filed(year, d).is_none() {
                return false;
            }
            let mut x = first;
            while let Some(dl) = deadline(x) {
                if dl >= d {
                    break;
                }
                if self.filed(x, d).is_none() {
                    return false;
                }
                x += 1;
            }
            true
        })
    }

    /// The list's state as of `as_of`. Facts dated after it are not read.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::disclosure::HolidayCalendar;
    /// use creditgrade::national::{AbnormalListing, AbnormalRecord, AbnormalRules, Ground, ReportFiled};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let record = AbnormalRecord::new("E1", d(2020, 3, 1))
    ///     .report(ReportFiled::new(2020, d(2021, 5, 1)))
    ///     .report(ReportFiled::new(2021, d(2022, 5, 1)))
    ///     .report(ReportFiled::new(2022, d(2023, 5, 1)))
    ///     .report(ReportFiled::new(2023, d(2024, 5, 1)))
    ///     .listing(AbnormalListing::new("L1", Ground::Unreachable, d(2023, 2, 1)));
    /// let rules = AbnormalRules::national().derived(true);
    /// let s = record.state(&rules, &HolidayCalendar::china(), d(2025, 7, 2))?;
    /// // Still unreachable: due to move to the serious list on the third anniversary.
    /// assert!(s.on_list);
    /// assert_eq!(s.entries[0].escalation_on, Some(d(2026, 2, 1)));
    /// assert_eq!(s.entries[0].notice_on, Some(d(2025, 12, 3)));
    /// // The 2024 report is missing: listable from 1 July, list by the 10th working day.
    /// assert_eq!(s.worklist[0].year, 2024);
    /// assert_eq!(s.worklist[0].list_by, d(2025, 7, 14));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Naming the enterprise: [`ErrorKind::InvalidInput`] for a date outside the
    /// supported dates, a listing before registration, a cure of ground 1 (cured by
    /// reports) or a report year before the registration year;
    /// [`ErrorKind::DuplicateFactId`] for two listings with one id;
    /// [`ErrorKind::UnknownDecision`] for a removal of a listing the enterprise does
    /// not have on `as_of`, or dated before it; in derived mode,
    /// [`ErrorKind::OutsideCalendar`] when a list-by date falls in a year the
    /// calendar does not cover.
    pub fn state(
        &self,
        rules: &AbnormalRules,
        cal: &impl WorkCalendar,
        as_of: NaiveDate,
    ) -> Result<AbnormalState, Error> {
        let entries = self.entries(rules, as_of)?;
        self.finish(rules, cal, as_of, entries)
    }

    /// The enterprise's id.
    #[must_use]
    pub fn enterprise(&self) -> &str {
        &self.enterprise
    }

    /// The registration date.
    #[must_use]
    pub fn registered_on(&self) -> NaiveDate {
        self.registered_on
    }

    /// Checks the record and gives every entry up to `as_of`, in date order, as
    /// the list's own facts close them (no escalation moves).
    pub(crate) fn entries(
        &self,
        rules: &AbnormalRules,
        as_of: NaiveDate,
    ) -> Result<Vec<Entry>, Error> {
        let ent = |e: Error| e.with_enterprise(self.enterprise.clone());
        check_date("as_of", as_of).map_err(ent)?;
        check_date("registered_on", self.registered_on).map_err(ent)?;
        let mut ids = BTreeSet::new();
        for (i, l) in self.listings.iter().enumerate() {
            check_date(&format!("listings[{i}].on"), l.on)
                .map_err(|e| ent(e.with_fact(l.id.clone())))?;
            if !ids.insert(l.id.as_str()) {
                return Err(ent(Error::new(
                    ErrorKind::DuplicateFactId,
                    "two listings share this id",
                )
                .with_fact(l.id.clone())));
            }
            if l.on < self.registered_on {
                return Err(ent(Error::invalid_input(
                    format!("listings[{i}].on"),
                    format!(
                        "listed on {}, before registration on {}",
                        l.on, self.registered_on
                    ),
                )
                .with_fact(l.id.clone())));
            }
        }
        for (i, r) in self.removals.iter().enumerate() {
            check_date(&format!("removals[{i}].on"), r.on).map_err(ent)?;
            if r.on > as_of {
                continue;
            }
            match self
                .listings
                .iter()
                .find(|l| l.id == r.listing && l.on <= as_of)
            {
                Some(l) if l.on < r.on => {}
                Some(l) => {
                    return Err(ent(Error::new(
                        ErrorKind::UnknownDecision,
                        format!("a removal on {} is not after the listing of {}", r.on, l.on),
                    )
                    .with_fact(r.listing.clone())
                    .with_field(format!("removals[{i}].on"))));
                }
                None => {
                    return Err(ent(Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "a removal targets {:?}, which is not a listing of the enterprise",
                            r.listing
                        ),
                    )
                    .with_fact(r.listing.clone())
                    .with_field(format!("removals[{i}].listing"))));
                }
            }
        }
        for (i, c) in self.cures.iter().enumerate() {
            check_date(&format!("cures[{i}].on"), c.on).map_err(ent)?;
            if matches!(c.ground, Ground::AnnualReport { .. }) {
                return Err(ent(Error::invalid_input(
                    format!("cures[{i}].ground"),
                    "ground 1 is cured by filing the annual reports, not by a cure fact",
                )));
            }
        }
        for (i, r) in self.reports.iter().enumerate() {
            check_date(&format!("reports[{i}].on"), r.on).map_err(ent)?;
            if r.year < self.registered_on.year() {
                return Err(ent(Error::invalid_input(
                    format!("reports[{i}].year"),
                    format!(
                        "a report for {} is before the registration year {}",
                        r.year,
                        self.registered_on.year()
                    ),
                )));
            }
        }

        let mut listings: Vec<&AbnormalListing> =
            self.listings.iter().filter(|l| l.on <= as_of).collect();
        listings.sort_by(|a, b| (a.on, &a.id).cmp(&(b.on, &b.id)));
        let mut entries = Vec::with_capacity(listings.len());
        for l in &listings {
            let cured_on = match l.ground {
                Ground::AnnualReport { year } => self.report_cure(year, l.on, as_of),
                g => self
                    .cures
                    .iter()
                    .filter(|c| c.ground == g && c.on >= l.on && c.on <= as_of)
                    .map(|c| c.on)
                    .min(),
            };
            let removed = self
                .removals
                .iter()
                .filter(|r| r.listing == l.id && r.on <= as_of)
                .map(|r| r.on)
                .min();
            let (until, exit) = match (removed, cured_on.filter(|_| rules.derived)) {
                (Some(r), Some(c)) if c < r => (Some(c), Some(Exit::Cured)),
                (Some(r), _) => (Some(r), Some(Exit::Removal)),
                (None, Some(c)) => (Some(c), Some(Exit::Cured)),
                (None, None) => (None, None),
            };
            // Due to move when still open and uncured on the anniversary.
            let e = add_months(
                l.on,
                i32::try_from(rules.escalation_months).unwrap_or(i32::MAX),
            );
            let (escalation_on, notice_on) =
                if until.is_none_or(|u| u > e) && cured_on.is_none_or(|c| c > e) {
                    let n = e
                        .checked_sub_days(chrono::Days::new(u64::from(rules.notice_days)))
                        .unwrap_or(NaiveDate::MIN);
                    (Some(e), Some(n))
                } else {
                    (None, None)
                };
            entries.push(Entry {
                listing: l.id.clone(),
                ground: l.ground,
                from: l.on,
                cured_on,
                until,
                exit,
                escalation_on,
                notice_on,
            });
        }
        Ok(entries)
    }

    /// The state from the entries (moves included): on the list, since when, and
    /// the worklist in derived mode.
    pub(crate) fn finish(
        &self,
        rules: &AbnormalRules,
        cal: &impl WorkCalendar,
        as_of: NaiveDate,
        entries: Vec<Entry>,
    ) -> Result<AbnormalState, Error> {
        let ent = |e: Error| e.with_enterprise(self.enterprise.clone());
        let listed_since = entries
            .iter()
            .filter(|e| e.until.is_none())
            .map(|e| e.from)
            .min();

        let mut worklist = Vec::new();
        if rules.derived {
            let mut year = self.registered_on.year();
            while let Some(dl) = deadline(year) {
                if dl >= as_of {
                    break;
                }
                let listed = entries
                    .iter()
                    .any(|l| l.ground == Ground::AnnualReport { year });
                if !listed && self.filed(year, as_of).is_none() {
                    let list_by = add_working_days(cal, dl, rules.list_by_working_days)
                        .map_err(|e| ent(e.with_subject(format!("annual report {year}"))))?;
                    worklist.push(WorkItem {
                        year,
                        listable_from: dl.succ_opt().unwrap_or(dl),
                        list_by,
                        overdue: as_of > list_by,
                    });
                }
                year += 1;
            }
        }
        Ok(AbnormalState {
            on_list: listed_since.is_some(),
            listed_since,
            entries,
            worklist,
        })
    }
}
