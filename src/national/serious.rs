//! 严重违法失信名单 — the serious list (SAMR Order 44): recorded listings citing a
//! heavy penalty decision or the escalation from the list of abnormal operations,
//! publicity for 3 years or until the restriction ends, automatic removal and
//! early removal on application.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::abnormal::{Entry, Exit};
use super::decision::{Decision, MeasureKind};
use super::dossier::Dossier;
use super::rules::{MAX_MONTHS, NationalRules};
use crate::model::dates::check_date;
use crate::model::months::add_months;
use crate::timeline::{Version, VersionId};
use crate::{Error, ErrorKind};

/// What a serious listing rests on.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum SeriousBasis {
    /// A penalty decision of the enterprise with a heavy measure (Order 44 art. 2).
    Decision {
        /// The penalty fact id of the decision.
        decision: String,
    },
    /// The move from the list of abnormal operations: an entry still open and
    /// uncured on its third anniversary.
    Escalation,
}

/// 列入严重违法失信名单 — a recorded decision putting the enterprise on the serious
/// list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeriousListing {
    /// The listing decision's id.
    pub id: String,
    /// What it rests on.
    pub basis: SeriousBasis,
    /// The first day on the list.
    pub on: NaiveDate,
}

impl SeriousListing {
    /// A listing `id` from `on` citing the penalty decision `decision`.
    pub fn decision(
        id: impl Into<String>,
        decision: impl Into<String>,
        on: NaiveDate,
    ) -> SeriousListing {
        SeriousListing {
            id: id.into(),
            basis: SeriousBasis::Decision {
                decision: decision.into(),
            },
            on,
        }
    }

    /// A listing `id` from `on` moving the enterprise from the list of abnormal
    /// operations.
    pub fn escalation(id: impl Into<String>, on: NaiveDate) -> SeriousListing {
        SeriousListing {
            id: id.into(),
            basis: SeriousBasis::Escalation,
            on,
        }
    }
}

/// 提前移出申请 — an application for early removal of a serious listing, judged on
/// the day it is made.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RemovalApplication {
    /// The application's id.
    pub id: String,
    /// The serious listing it asks to remove.
    pub listing: String,
    /// The day it is judged.
    pub on: NaiveDate,
}

impl RemovalApplication {
    /// An application `id` to remove `listing`, judged on `on`.
    pub fn new(
        id: impl Into<String>,
        listing: impl Into<String>,
        on: NaiveDate,
    ) -> RemovalApplication {
        RemovalApplication {
            id: id.into(),
            listing: listing.into(),
            on,
        }
    }
}

/// The rules of the serious list as data (SAMR Order 44).
///
/// ```
/// use creditgrade::national::SeriousRules;
/// let r = SeriousRules::samr_order_44();
/// assert_eq!((r.publicity_months, r.early_after_months), (36, 12));
/// r.validate()?;
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeriousRules {
    /// Whether a `heavy` fine makes a decision a basis (art. 2: yes).
    pub heavy_fine: bool,
    /// The measures that make a decision a basis (art. 2: qualification lowered,
    /// licence revoked, business licence revoked, business restricted, production
    /// suspended, closure, practice banned).
    pub heavy_measures: Vec<MeasureKind>,
    /// Months of publicity from the listing (36, R/S).
    pub publicity_months: u32,
    /// Whether a basis restriction ending later extends the listing to its end
    /// (yes, R/S).
    pub restriction_extends: bool,
    /// Months on the list before early removal can be applied for (12, S).
    pub early_after_months: u32,
}

impl SeriousRules {
    /// SAMR Order 44 (in force from 2021-09-01), as `docs/national.md` cites it.
    #[must_use]
    pub fn samr_order_44() -> SeriousRules {
        SeriousRules {
            heavy_fine: true,
            heavy_measures: vec![
                MeasureKind::QualificationLowered,
                MeasureKind::LicenceRevoked,
                MeasureKind::BusinessLicenceRevoked,
                MeasureKind::BusinessRestricted,
                MeasureKind::ProductionSuspended,
                MeasureKind::Closure,
                MeasureKind::PracticeBanned,
            ],
            publicity_months: 36,
            restriction_extends: true,
            early_after_months: 12,
        }
    }

    /// Whether `decision` is a heavy penalty decision under these rules.
    #[must_use]
    pub fn is_heavy(&self, decision: &Decision) -> bool {
        (self.heavy_fine && decision.heavy_fine())
            || decision
                .measures()
                .iter()
                .any(|m| self.heavy_measures.contains(&m.kind()))
    }

    /// Checks the numbers.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`] naming the field: a zero or over-long
    /// publicity, an early-removal wait longer than the publicity.
    pub fn validate(&self) -> Result<(), Error> {
        if self.publicity_months == 0 || self.publicity_months > MAX_MONTHS {
            return Err(Error::invalid_policy(
                "publicity_months",
                format!(
                    "{} months: must be 1 to {MAX_MONTHS}",
                    self.publicity_months
                ),
            ));
        }
        if self.early_after_months > self.publicity_months {
            return Err(Error::invalid_policy(
                "early_after_months",
                format!(
                    "{} months is longer than publicity_months ({})",
                    self.early_after_months, self.publicity_months
                ),
            ));
        }
        Ok(())
    }
}

/// One condition an early removal failed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RemovalFailure {
    /// The listing had already ended by itself (3 years, or the restriction's end).
    Ended {
        /// The first day off the list.
        until: NaiveDate,
    },
    /// An earlier application already removed it.
    AlreadyRemoved {
        /// The first day off the list.
        on: NaiveDate,
    },
    /// Applied for before a year on the list.
    TooEarly {
        /// The first day an application can be made.
        from: NaiveDate,
    },
    /// The basis decision's duties are not fulfilled.
    Unfulfilled {
        /// The decision.
        decision: String,
    },
    /// Escalation: entries moved from the list of abnormal operations not cured.
    Uncured {
        /// The abnormal listings, by id.
        entries: Vec<String>,
    },
    /// A heavy penalty decided after the listing.
    FurtherHeavyPenalty {
        /// Its penalty fact ids, in date order.
        facts: Vec<String>,
    },
    /// The basis decision's restriction had not ended.
    Restricted {
        /// The first day without the restriction.
        until: NaiveDate,
    },
}

impl RemovalFailure {
    /// The stable code, e.g. `too_early`.
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            RemovalFailure::Ended { .. } => "ended",
            RemovalFailure::AlreadyRemoved { .. } => "already_removed",
            RemovalFailure::TooEarly { .. } => "too_early",
            RemovalFailure::Unfulfilled { .. } => "unfulfilled",
            RemovalFailure::Uncured { .. } => "uncured",
            RemovalFailure::FurtherHeavyPenalty { .. } => "further_heavy_penalty",
            RemovalFailure::Restricted { .. } => "restricted",
        }
    }
}

/// The decision on an early-removal application.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RemovalOutcome {
    /// The application's id.
    pub id: String,
    /// The day it was judged.
    pub on: NaiveDate,
    /// Granted: the listing ends on `on`.
    pub granted: bool,
    /// Every condition that failed (empty when granted).
    pub failed: Vec<RemovalFailure>,
    /// When rejected: the earliest day an application could succeed, judged on
    /// what was known on `on` — `max(listing + 1 year, restriction end)`; `None`
    /// while duties are unfulfilled (entries uncured), after a further heavy
    /// penalty, or when the listing is no longer open.
    pub earliest: Option<NaiveDate>,
}

/// How a serious listing left the list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SeriousExit {
    /// Its publicity ended: removed automatically.
    Automatic,
    /// Removed early on an application.
    EarlyRemoval {
        /// The application's id.
        application: String,
    },
}

/// One serious listing as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SeriousEntry {
    /// The listing decision's id.
    pub listing: String,
    /// What it rests on.
    pub basis: SeriousBasis,
    /// Escalation: the abnormal listings it moved, by id.
    pub moved: Vec<String>,
    /// The first day on the list.
    pub from: NaiveDate,
    /// The first day off the list by automatic removal: 3 years from the listing,
    /// or the basis restriction's end if later.
    pub scheduled_until: NaiveDate,
    /// Whether the restriction's end set `scheduled_until`.
    pub extended_by_restriction: bool,
    /// The first day off the list, early removal included (as known on the as-of
    /// date; otherwise `scheduled_until`).
    pub until: NaiveDate,
    /// How it left, if it left by the as-of date.
    pub exit: Option<SeriousExit>,
    /// Whether it holds on the as-of date.
    pub open: bool,
    /// The early-removal applications up to the as-of date, in date order.
    pub removals: Vec<RemovalOutcome>,
    /// The versions of the rules used, the governing one first.
    pub versions: Vec<VersionId>,
}

/// The serious list's state for one enterprise as of a date.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SeriousState {
    /// Whether on the list on the as-of date (some listing open).
    pub on_list: bool,
    /// The earliest open listing's first day.
    pub listed_since: Option<NaiveDate>,
    /// Every listing up to the as-of date, in date order (then id): the history
    /// of entries and exits.
    pub entries: Vec<SeriousEntry>,
}

/// Both lists of one enterprise as of a date, as derived from its facts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lists {
    /// The abnormal entries with the escalation moves applied.
    pub abnormal: Vec<Entry>,
    /// The serious entries.
    pub serious: Vec<SeriousEntry>,
}

fn months(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl NationalRules {
    /// The serious list's state of `dossier` as of `as_of`: every listing with its
    /// basis, its scheduled end, its exit and its early-removal applications.
    /// Facts dated after `as_of` are not read.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::national::{
    ///     Decision, Dossier, Fulfilment, Measure, NationalRules, RemovalApplication,
    ///     SeriousListing,
    /// };
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let dossier = Dossier::new("E1")
    ///     .decision(
    ///         Decision::new("P1", d(2024, 3, 1), "art-9")
    ///             .with_measure(Measure::ProductionSuspended)
    ///             .with_restriction_until(d(2024, 9, 1)),
    ///     )
    ///     .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 4, 1)))
    ///     .fulfilment(Fulfilment::new("P1", d(2024, 5, 1)))
    ///     .serious_removal(RemovalApplication::new("A1", "S1", d(2025, 3, 1)))
    ///     .serious_removal(RemovalApplication::new("A2", "S1", d(2025, 4, 1)));
    /// let rules = NationalRules::national_2026();
    /// let s = rules.serious_state(&dossier, d(2025, 6, 1))?;
    /// let e = &s.entries[0];
    /// assert_eq!(e.scheduled_until, d(2027, 4, 1)); // 3 years from the listing
    /// assert!(!e.removals[0].granted); // before a year on the list
    /// assert_eq!(e.removals[0].earliest, Some(d(2025, 4, 1)));
    /// assert!(e.removals[1].granted);
    /// assert_eq!(e.until, d(2025, 4, 1));
    /// assert!(!s.on_list);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The errors of [`Dossier::validate`]; naming the enterprise and the listing
    /// ([`Error::fact`]): [`ErrorKind::UnknownDecision`] for a listing citing a
    /// decision the enterprise does not have on the listing's date;
    /// [`ErrorKind::InvalidInput`] for a listing citing a decision without a
    /// heavy measure (field `basis`), or an escalation with no entry of the list
    /// of abnormal operations open on its date and due to move (open and uncured
    /// on its third anniversary, on or before the listing's date);
    /// [`ErrorKind::DuplicateFactId`] for two listings or two applications with
    /// one id; [`ErrorKind::UnknownDecision`] for an application for a listing
    /// the enterprise does not have, or dated before it;
    /// [`ErrorKind::BeforeFirstVersion`] for a listing before the first version
    /// of the rules.
    pub fn serious_state(
        &self,
        dossier: &Dossier,
        as_of: NaiveDate,
    ) -> Result<SeriousState, Error> {
        dossier.validate(as_of)?;
        let lists = self.lists(dossier, as_of)?;
        Ok(serious_state_of(lists.serious))
    }

    /// Both lists as of `as_of` from the dossier's recorded facts (the dossier is
    /// validated already).
    pub(crate) fn lists(&self, dossier: &Dossier, as_of: NaiveDate) -> Result<Lists, Error> {
        let ent = |e: Error| e.with_enterprise(dossier.enterprise().to_owned());
        let mut abnormal = match dossier.abnormal_list() {
            Some(r) => {
                let rules = self.abnormal.in_force(as_of).map_err(ent)?.rules();
                r.entries(rules, as_of)?
            }
            None => Vec::new(),
        };
        if dossier.serious_listings().is_empty() && dossier.serious_removals().is_empty() {
            return Ok(Lists {
                abnormal,
                serious: Vec::new(),
            });
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, l) in dossier.serious_listings().iter().enumerate() {
            check_date(&format!("serious_listings[{i}].on"), l.on)
                .map_err(|e| ent(e.with_fact(l.id.clone())))?;
            if !ids.insert(l.id.as_str()) {
                return Err(ent(Error::new(
                    ErrorKind::DuplicateFactId,
                    "two serious listings share this id",
                )
                .with_fact(l.id.clone())));
            }
        }
        let mut listings: Vec<&SeriousListing> = dossier
            .serious_listings()
            .iter()
            .filter(|l| l.on <= as_of)
            .collect();
        listings.sort_by(|a, b| (a.on, &a.id).cmp(&(b.on, &b.id)));
        let mut app_ids = std::collections::BTreeSet::new();
        for (i, a) in dossier.serious_removals().iter().enumerate() {
            check_date(&format!("serious_removals[{i}].on"), a.on)
                .map_err(|e| ent(e.with_fact(a.id.clone())))?;
            if !app_ids.insert(a.id.as_str()) {
                return Err(ent(Error::new(
                    ErrorKind::DuplicateFactId,
                    "two removal applications share this id",
                )
                .with_fact(a.id.clone())));
            }
            if a.on > as_of {
                continue;
            }
            match listings.iter().find(|l| l.id == a.listing) {
                Some(l) if l.on <= a.on => {}
                Some(l) => {
                    return Err(ent(Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "a removal application on {} is dated before the listing of {}",
                            a.on, l.on
                        ),
                    )
                    .with_fact(a.id.clone())
                    .with_subject(a.listing.clone())));
                }
                None => {
                    return Err(ent(Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "a removal application targets {:?}, which is not a serious listing of the enterprise",
                            a.listing
                        ),
                    )
                    .with_fact(a.id.clone())
                    .with_subject(a.listing.clone())));
                }
            }
        }
        let mut serious = Vec::with_capacity(listings.len());
        for l in listings {
            let entry = self
                .serious_entry(dossier, l, as_of, &mut abnormal)
                .map_err(|e| ent(e.with_fact(l.id.clone())))?;
            serious.push(entry);
        }
        Ok(Lists { abnormal, serious })
    }

    fn serious_version(
        &self,
        on: NaiveDate,
        as_of: NaiveDate,
        basis: Option<&Decision>,
    ) -> Result<(&Version<SeriousRules>, Vec<VersionId>), Error> {
        let g = self.serious.governing(self.governing, on, as_of, |a, b| {
            scheduled(a.rules(), on, basis).cmp(&scheduled(b.rules(), on, basis))
        })?;
        Ok((g.version(), g.used().to_vec()))
    }

    fn serious_entry(
        &self,
        dossier: &Dossier,
        l: &SeriousListing,
        as_of: NaiveDate,
        abnormal: &mut [Entry],
    ) -> Result<SeriousEntry, Error> {
        let (basis, moved) = match &l.basis {
            SeriousBasis::Decision { decision } => {
                let Some(p) = dossier
                    .decisions()
                    .iter()
                    .find(|p| p.fact() == decision && p.decided_on() <= as_of)
                else {
                    return Err(Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "the listing cites {decision:?}, which is not a decision of the enterprise"
                        ),
                    )
                    .with_field("basis")
                    .with_subject(decision.clone()));
                };
                if p.decided_on() > l.on {
                    return Err(Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "the listing on {} cites {decision:?}, decided later on {}",
                            l.on,
                            p.decided_on()
                        ),
                    )
                    .with_field("basis")
                    .with_subject(decision.clone()));
                }
                (Some(p), Vec::new())
            }
            SeriousBasis::Escalation => {
                let mut moved = Vec::new();
                for e in abnormal.iter_mut() {
                    let due = e.escalation_on.is_some_and(|x| x <= l.on);
                    let open = e.from <= l.on && e.until.is_none_or(|u| u > l.on);
                    if due && open {
                        e.until = Some(l.on);
                        e.exit = Some(Exit::Escalated {
                            listing: l.id.clone(),
                        });
                        moved.push(e.listing.clone());
                    }
                }
                if moved.is_empty() {
                    return Err(Error::invalid_input(
                        "basis",
                        format!(
                            "an escalation on {} with no entry of the list of abnormal operations open on that day and uncured on its third anniversary",
                            l.on
                        ),
                    ));
                }
                (None, moved)
            }
        };
        let (version, versions) = self.serious_version(l.on, as_of, basis)?;
        let r = version.rules();
        if let Some(p) = basis {
            if !r.is_heavy(p) {
                return Err(Error::invalid_input(
                    "basis",
                    format!(
                        "the listing cites {:?}, which has no heavy measure (a heavy fine, {})",
                        p.fact(),
                        r.heavy_measures
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .with_subject(p.fact().to_owned()));
            }
        }
        let (scheduled_until, extended) = scheduled(r, l.on, basis);
        let early_from = add_months(l.on, months(r.early_after_months));
        let restriction = basis.and_then(Decision::restriction_until);
        let mut apps: Vec<_> = dossier
            .serious_removals()
            .iter()
            .filter(|a| a.listing == l.id && a.on <= as_of)
            .collect();
        apps.sort_by(|a, b| (a.on, &a.id).cmp(&(b.on, &b.id)));
        let mut removed: Option<(NaiveDate, String)> = None;
        let mut removals = Vec::with_capacity(apps.len());
        for a in apps {
            let q = a.on;
            let (failed, earliest) = if let Some((on, _)) = &removed {
                (vec![RemovalFailure::AlreadyRemoved { on: *on }], None)
            } else if q >= scheduled_until {
                (
                    vec![RemovalFailure::Ended {
                        until: scheduled_until,
                    }],
                    None,
                )
            } else {
                let mut failed = Vec::new();
                let mut open = false;
                if q < early_from {
                    failed.push(RemovalFailure::TooEarly { from: early_from });
                }
                if let Some(p) = basis {
                    let done = dossier
                        .fulfilments()
                        .iter()
                        .any(|f| f.decision == p.fact() && f.on <= q);
                    if !done {
                        failed.push(RemovalFailure::Unfulfilled {
                            decision: p.fact().to_owned(),
                        });
                        open = true;
                    }
                } else {
                    let uncured: Vec<String> = abnormal
                        .iter()
                        .filter(|e| moved.contains(&e.listing))
                        .filter(|e| e.cured_on.is_none_or(|c| c > q))
                        .map(|e| e.listing.clone())
                        .collect();
                    if !uncured.is_empty() {
                        failed.push(RemovalFailure::Uncured { entries: uncured });
                        open = true;
                    }
                }
                let mut further: Vec<&Decision> = dossier
                    .decisions()
                    .iter()
                    .filter(|o| o.decided_on() > l.on && o.decided_on() <= q && r.is_heavy(o))
                    .collect();
                if !further.is_empty() {
                    further.sort_by(|a, b| {
                        (a.decided_on(), a.fact()).cmp(&(b.decided_on(), b.fact()))
                    });
                    failed.push(RemovalFailure::FurtherHeavyPenalty {
                        facts: further.iter().map(|o| o.fact().to_owned()).collect(),
                    });
                    open = true;
                }
                if let Some(u) = restriction.filter(|u| *u > q) {
                    failed.push(RemovalFailure::Restricted { until: u });
                }
                let earliest = (!failed.is_empty() && !open)
                    .then(|| restriction.map_or(early_from, |u| u.max(early_from)));
                (failed, earliest)
            };
            let granted = failed.is_empty();
            if granted {
                removed = Some((q, a.id.clone()));
            }
            removals.push(RemovalOutcome {
                id: a.id.clone(),
                on: q,
                granted,
                failed,
                earliest,
            });
        }
        let until = removed.as_ref().map_or(scheduled_until, |(on, _)| *on);
        let exit = match removed {
            Some((_, id)) => Some(SeriousExit::EarlyRemoval { application: id }),
            None if scheduled_until <= as_of => Some(SeriousExit::Automatic),
            None => None,
        };
        Ok(SeriousEntry {
            listing: l.id.clone(),
            basis: l.basis.clone(),
            moved,
            from: l.on,
            scheduled_until,
            extended_by_restriction: extended,
            until,
            exit,
            open: as_of < until,
            removals,
            versions,
        })
    }
}

/// The scheduled end of a listing from `on` under `r`, and whether the basis
/// restriction set it.
fn scheduled(r: &SeriousRules, on: NaiveDate, basis: Option<&Decision>) -> (NaiveDate, bool) {
    let end = add_months(on, months(r.publicity_months));
    match basis.and_then(Decision::restriction_until) {
        Some(u) if r.restriction_extends && u > end => (u, true),
        _ => (end, false),
    }
}

pub(crate) fn serious_state_of(entries: Vec<SeriousEntry>) -> SeriousState {
    let listed_since = entries.iter().filter(|e| e.open).map(|e| e.from).min();
    SeriousState {
        on_list: listed_since.is_some(),
        listed_since,
        entries,
    }
}
