//! Publicity of each decision as of a date, on both channels, with credit repair.

use core::cmp::Ordering;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::decision::{Decision, MeasureKind, Procedure};
use super::dossier::{Channel, Dossier, Listed, RepairApplication};
use super::rules::{Class, NationalRules, NdrcRules, Order45Rules, SameKind, UnknownPublication};
use super::serious::{Lists, SeriousBasis};
use crate::Error;
use crate::model::months::add_months;
use crate::timeline::{Version, VersionId};

/// Why a decision is not published on the enterprise credit publicity system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotPublished {
    /// The penalty was recorded without measures: no publicity answer.
    NoMeasures,
    /// 简易程序 — decided under the simple procedure (Order 45 art. 2).
    SimpleProcedure,
    /// Its only measure is a warning (Order 45 art. 2).
    WarningOnly,
    /// Its publication date is unknown and the rules count it as not published.
    UnknownPublication,
}

impl NotPublished {
    /// The stable name, e.g. `simple_procedure`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            NotPublished::NoMeasures => "no_measures",
            NotPublished::SimpleProcedure => "simple_procedure",
            NotPublished::WarningOnly => "warning_only",
            NotPublished::UnknownPublication => "unknown_publication",
        }
    }
}

display_as_str!(NotPublished);

/// One condition a credit repair failed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RepairFailure {
    /// The decision was never published on the channel.
    NotPublished {
        /// Why.
        reason: NotPublished,
    },
    /// A 3-month decision: repair is not needed, publicity ends by itself.
    ShortPeriod,
    /// Publicity had not started on the repair date.
    NotYetPublic {
        /// The first day of publicity.
        from: NaiveDate,
    },
    /// Publicity had ended before the repair date.
    Ended {
        /// The first day no longer shown.
        until: NaiveDate,
    },
    /// An earlier repair already stopped publicity.
    AlreadyStopped {
        /// The day it stopped.
        on: NaiveDate,
    },
    /// A measure that is never stopped early (Order 45 art. 14 ¶3).
    NeverEarly {
        /// The measures.
        measures: Vec<MeasureKind>,
    },
    /// The waiting period has not passed.
    TooEarly {
        /// The first day a repair can be granted.
        from: NaiveDate,
    },
    /// The decision's duties are not fulfilled.
    Unfulfilled,
    /// A later penalty of the same kind.
    LaterPenalty {
        /// Its penalty fact ids, in date order.
        facts: Vec<String>,
    },
    /// On the list of abnormal operations.
    AbnormalList {
        /// The first day off the list, if known.
        until: Option<NaiveDate>,
    },
    /// On the serious list.
    SeriousList {
        /// The first day off the list, if known.
        until: Option<NaiveDate>,
    },
}

impl RepairFailure {
    /// The stable code, e.g. `too_early`.
    #[must_use]
    pub const fn as_str(&self) -> &'static str {
        match self {
            RepairFailure::NotPublished { .. } => "not_published",
            RepairFailure::ShortPeriod => "short_period",
            RepairFailure::NotYetPublic { .. } => "not_yet_public",
            RepairFailure::Ended { .. } => "ended",
            RepairFailure::AlreadyStopped { .. } => "already_stopped",
            RepairFailure::NeverEarly { .. } => "never_early",
            RepairFailure::TooEarly { .. } => "too_early",
            RepairFailure::Unfulfilled => "unfulfilled",
            RepairFailure::LaterPenalty { .. } => "later_penalty",
            RepairFailure::AbnormalList { .. } => "abnormal_list",
            RepairFailure::SeriousList { .. } => "serious_list",
        }
    }
}

/// The decision on a repair application.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RepairOutcome {
    /// The application's id.
    pub id: String,
    /// The day it was judged.
    pub on: NaiveDate,
    /// Accepted: publicity stops on `on`.
    pub accepted: bool,
    /// Every condition that failed (empty when accepted).
    pub failed: Vec<RepairFailure>,
    /// When rejected: the earliest day an application could succeed, judged on
    /// what was known on `on`; `None` when a condition has no known end.
    pub earliest: Option<NaiveDate>,
    /// The versions of the rules it was judged by.
    pub versions: Vec<VersionId>,
}

/// Publicity of a decision on the enterprise credit publicity system (Order 45).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SystemPublicity {
    /// The versions of the rules used, the governing one first.
    pub versions: Vec<VersionId>,
    /// Why it is not published, if it is not.
    pub not_published: Option<NotPublished>,
    /// The first day shown.
    pub from: Option<NaiveDate>,
    /// The period in months (3 or 36 in the national preset).
    pub months: Option<u32>,
    /// The first day no longer shown by the period and any restriction, without
    /// repairs.
    pub scheduled_until: Option<NaiveDate>,
    /// Whether a restriction ending later than the period extends it.
    pub extended_by_restriction: bool,
    /// The first day no longer shown, repairs included.
    pub until: Option<NaiveDate>,
    /// The first day a repair can stop publicity early, as far as the waiting period
    /// goes (publicity start plus 6 months, or 1 year for food, drugs and special
    /// equipment, in the national preset); the other conditions (duties fulfilled,
    /// no later penalty of the same kind, on neither list) are judged on the
    /// repair's day. `None` when no repair can stop it early: not published, a
    /// 3-month period, or a never-early measure.
    pub repairable_from: Option<NaiveDate>,
    /// The accepted repair that stopped publicity, if any.
    pub stopped_by: Option<String>,
    /// Whether it is shown on the as-of date.
    pub public: bool,
    /// The measures that forbid an early stop.
    pub never_early: Vec<MeasureKind>,
    /// The repair applications on this channel up to the as-of date, in date order.
    pub repairs: Vec<RepairOutcome>,
}

/// What set a decision's 信用中国 class.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ClassCause {
    /// 简易程序 — the simple procedure.
    SimpleProcedure,
    /// A measure of the class.
    Measure {
        /// The measure.
        measure: MeasureKind,
    },
    /// The fines are a low-amount fine.
    LowFine,
    /// The fines are above the low amount, or one has no amount.
    Fine,
    /// The enterprise was put on the serious list for the decision.
    SeriousListing {
        /// The first day of the listing.
        from: NaiveDate,
    },
    /// The rules have no minor class: 轻微 counts as 一般.
    MinorCountsAsGeneral,
}

/// Credit information of a decision on 信用中国 (NDRC).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CreditChinaPublicity {
    /// The versions of the rules used, the governing one first.
    pub versions: Vec<VersionId>,
    /// The class on the as-of date; `None` for a penalty without measures.
    pub class: Option<Class>,
    /// What set the class.
    pub set_by: Vec<ClassCause>,
    /// Whether 信用中国 publishes decisions of the class.
    pub published: bool,
    /// The first day credit repair is possible.
    pub repairable_from: Option<NaiveDate>,
    /// The first day no longer shown by the period, without repairs.
    pub scheduled_until: Option<NaiveDate>,
    /// The first day no longer shown, repairs included.
    pub until: Option<NaiveDate>,
    /// The accepted repair that ended publicity, if any.
    pub stopped_by: Option<String>,
    /// Whether it is shown on the as-of date.
    pub public: bool,
    /// The repair applications on this channel up to the as-of date, in date order.
    pub repairs: Vec<RepairOutcome>,
}

/// The publicity of one decision as of a date, on both channels.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Publicity {
    /// The penalty fact id.
    pub fact: String,
    /// The decision date.
    pub decided_on: NaiveDate,
    /// On the enterprise credit publicity system.
    pub system: SystemPublicity,
    /// On 信用中国.
    pub credit_china: CreditChinaPublicity,
}

/// The facts of one enterprise as seen on one date.
struct View<'a> {
    dossier: &'a Dossier,
    as_of: NaiveDate,
    lists: &'a Lists,
}

impl<'a> View<'a> {
    fn fulfilled(&self, fact: &str, on: NaiveDate) -> bool {
        self.dossier
            .fulfilments()
            .iter()
            .any(|f| f.decision == fact && f.on <= on && f.on <= self.as_of)
    }

    fn repairs(&self, fact: &str, channel: Channel) -> Vec<&'a RepairApplication> {
        let mut v: Vec<_> = self
            .dossier
            .repairs()
            .iter()
            .filter(|r| r.decision == fact && r.channel == channel && r.on <= self.as_of)
            .collect();
        v.sort_by(|a, b| (a.on, &a.id).cmp(&(b.on, &b.id)));
        v
    }

    /// Whether on the list on `on`, and the first day off it if known (intervals
    /// that started by `on`).
    fn listed(list: &[Listed], on: NaiveDate) -> (bool, Option<NaiveDate>) {
        let mut on_list = false;
        let mut end: Option<NaiveDate> = None;
        let mut open = false;
        for l in list.iter().filter(|l| l.holds_on(on)) {
            on_list = true;
            match l.until {
                Some(u) => end = Some(end.map_or(u, |e| e.max(u))),
                None => open = true,
            }
        }
        (on_list, if open { None } else { end })
    }

    /// The earliest serious listing citing `fact`, started by `on`: given
    /// intervals and derived listings.
    fn serious_listing_for(&self, fact: &str, on: NaiveDate) -> Option<NaiveDate> {
        let given = self
            .dossier
            .listings()
            .serious
            .iter()
            .filter(|l| l.basis.as_deref() == Some(fact) && l.from <= on && l.from <= self.as_of)
            .map(|l| l.from);
        let derived = self
            .lists
            .serious
            .iter()
            .filter(|e| {
                e.from <= on
                    && matches!(&e.basis, SeriousBasis::Decision { decision } if decision == fact)
            })
            .map(|e| e.from);
        given.chain(derived).min()
    }

    /// Whether on the list of abnormal operations on `on`, and the first day off
    /// it as known on `on`: given intervals and derived entries (whose end is
    /// not known on a day they hold).
    fn abnormal_on(&self, on: NaiveDate) -> (bool, Option<NaiveDate>) {
        let (given, until) = View::listed(&self.dossier.listings().abnormal, on);
        let derived = self
            .lists
            .abnormal
            .iter()
            .any(|e| e.from <= on && e.until.is_none_or(|u| on < u));
        match (given, derived) {
            (_, true) => (true, None),
            (g, false) => (g, until),
        }
    }

    /// Whether on the serious list on `on`, and the first day off it as known on
    /// `on` (a derived listing's scheduled end).
    fn serious_on(&self, on: NaiveDate) -> (bool, Option<NaiveDate>) {
        let (given, mut until) = View::listed(&self.dossier.listings().serious, on);
        let open_given = given && until.is_none();
        let mut any = given;
        for e in self
            .lists
            .serious
            .iter()
            .filter(|e| e.from <= on && on < e.until)
        {
            any = true;
            until = Some(until.map_or(e.scheduled_until, |u| u.max(e.scheduled_until)));
        }
        (any, if open_given { None } else { until })
    }
}

/// The Order 45 period of a decision, before repairs.
struct Period {
    from: NaiveDate,
    short: bool,
    months: u32,
    scheduled_until: NaiveDate,
    extended: bool,
}

fn order45_period(r: &Order45Rules, p: &Decision) -> Result<Period, NotPublished> {
    if p.measures().is_empty() {
        return Err(NotPublished::NoMeasures);
    }
    if p.procedure().unwrap_or(r.unknown_procedure) == Procedure::Simple {
        return Err(NotPublished::SimpleProcedure);
    }
    if p.measures()
        .iter()
        .all(|m| m.kind() == MeasureKind::Warning)
    {
        return Err(NotPublished::WarningOnly);
    }
    let from = match (p.published_on(), r.unknown_publication) {
        (Some(d), _) => d,
        (None, UnknownPublication::DecisionDate) => p.decided_on(),
        (None, UnknownPublication::NotPublished) => return Err(NotPublished::UnknownPublication),
    };
    let only_light = p.measures().iter().all(|m| {
        matches!(
            m.kind(),
            MeasureKind::Warning | MeasureKind::Criticism | MeasureKind::Fine
        )
    });
    let has_fine = p.has(MeasureKind::Fine);
    let short = only_light && (!has_fine || p.low_fine(r.low_fine_max));
    let months = if short { r.short_months } else { r.long_months };
    let end = add_months(from, i32::try_from(months).unwrap_or(i32::MAX));
    let (scheduled_until, extended) = match p.restriction_until() {
        Some(u) if u > end => (u, true),
        _ => (end, false),
    };
    Ok(Period {
        from,
        short,
        months,
        scheduled_until,
        extended,
    })
}

fn months(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The 信用中国 class of a decision on `on`, and what set it.
fn ndrc_class(
    r: &NdrcRules,
    p: &Decision,
    listed_from: Option<NaiveDate>,
) -> Option<(Class, Vec<ClassCause>)> {
    if p.measures().is_empty() {
        return None;
    }
    let mut items: Vec<(Class, ClassCause)> = Vec::new();
    if p.procedure().unwrap_or(r.unknown_procedure) == Procedure::Simple {
        items.push((Class::Minor, ClassCause::SimpleProcedure));
    }
    let mut fine_done = false;
    for m in p.measures() {
        let k = m.kind();
        let item = if r.serious_measures.contains(&k) {
            (Class::Serious, ClassCause::Measure { measure: k })
        } else if k == MeasureKind::Fine {
            if fine_done {
                continue;
            }
            fine_done = true;
            if p.low_fine(r.low_fine_max) {
                (Class::Minor, ClassCause::LowFine)
            } else {
                (Class::General, ClassCause::Fine)
            }
        } else if r.general_measures.contains(&k) {
            (Class::General, ClassCause::Measure { measure: k })
        } else {
            (Class::Minor, ClassCause::Measure { measure: k })
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    if let (true, Some(from)) = (r.serious_if_listed, listed_from) {
        items.push((Class::Serious, ClassCause::SeriousListing { from }));
    }
    let class = items.iter().map(|(c, _)| *c).max().unwrap_or(Class::Minor);
    let mut set_by: Vec<ClassCause> = items
        .into_iter()
        .filter(|(c, _)| *c == class)
        .map(|(_, x)| x)
        .collect();
    if class == Class::Minor && r.minor.is_none() {
        set_by.push(ClassCause::MinorCountsAsGeneral);
        return Some((Class::General, set_by));
    }
    Some((class, set_by))
}

/// The 信用中国 periods of a decision under one version's rules.
struct NdrcAnswer {
    class: Class,
    set_by: Vec<ClassCause>,
    published: bool,
    needs_fulfilment: bool,
    repairable_from: NaiveDate,
    until: NaiveDate,
}

fn ndrc_answer(r: &NdrcRules, p: &Decision, listed_from: Option<NaiveDate>) -> Option<NdrcAnswer> {
    let (class, set_by) = ndrc_class(r, p, listed_from)?;
    let rule = r.rule(class);
    Some(NdrcAnswer {
        class,
        set_by,
        published: rule.published,
        needs_fulfilment: rule.repair_needs_fulfilment,
        repairable_from: add_months(p.decided_on(), months(rule.min_months)),
        until: add_months(p.decided_on(), months(rule.max_months)),
    })
}

/// Lighter first: earlier end, then earlier repair, then not published.
fn ndrc_lighter(a: Option<&NdrcAnswer>, b: Option<&NdrcAnswer>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => (a.until, a.repairable_from, a.published).cmp(&(
            b.until,
            b.repairable_from,
            b.published,
        )),
        _ => Ordering::Equal,
    }
}

impl NationalRules {
    /// The publicity of every decision of `dossier` decided on or before `as_of`,
    /// on both channels, in date order (then by fact id). Facts dated after
    /// `as_of` are not read.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::national::{Channel, Decision, Dossier, Fulfilment, Measure, NationalRules, RepairApplication};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let dossier = Dossier::new("E1")
    ///     .decision(Decision::new("P1", d(2025, 1, 10), "art-1").with_measure(Measure::fine(50_000)))
    ///     .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
    ///     .repair(RepairApplication::new("R1", "P1", d(2025, 6, 1), Channel::PublicitySystem))
    ///     .repair(RepairApplication::new("R2", "P1", d(2025, 8, 1), Channel::PublicitySystem));
    /// let rules = NationalRules::national_2026();
    /// let p = &rules.publicity(&dossier, d(2025, 9, 1))?[0];
    /// // Three years from the decision (no publication date given)...
    /// assert_eq!(p.system.scheduled_until, Some(d(2028, 1, 10)));
    /// // ...stopped by the second repair: the first came before 6 months.
    /// assert!(!p.system.repairs[0].accepted);
    /// assert_eq!(p.system.repairs[0].earliest, Some(d(2025, 7, 10)));
    /// assert_eq!(p.system.until, Some(d(2025, 8, 1)));
    /// assert!(!p.system.public);
    /// // On 信用中国 (Order 58 on the decision date): 一般, repairable after 3 months.
    /// assert_eq!(p.credit_china.repairable_from, Some(d(2025, 4, 10)));
    /// assert_eq!(p.credit_china.until, Some(d(2026, 1, 10)));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The errors of [`Dossier::validate`]; and
    /// [`ErrorKind::BeforeFirstVersion`](crate::ErrorKind::BeforeFirstVersion),
    /// naming the enterprise and the fact, when a decision (or its repair)
    /// falls on a day before the first version of a channel's rules.
    pub fn publicity(&self, dossier: &Dossier, as_of: NaiveDate) -> Result<Vec<Publicity>, Error> {
        dossier.validate(as_of)?;
        let lists = self.lists(dossier, as_of)?;
        self.publicity_with(dossier, as_of, &lists)
    }

    /// [`publicity`](NationalRules::publicity) on a validated dossier and its lists.
    pub(crate) fn publicity_with(
        &self,
        dossier: &Dossier,
        as_of: NaiveDate,
        lists: &Lists,
    ) -> Result<Vec<Publicity>, Error> {
        let view = View {
            dossier,
            as_of,
            lists,
        };
        let mut decisions: Vec<&Decision> = dossier
            .decisions()
            .iter()
            .filter(|p| p.decided_on() <= as_of)
            .collect();
        decisions.sort_by(|a, b| (a.decided_on(), a.fact()).cmp(&(b.decided_on(), b.fact())));
        let place = |e: Error, p: &Decision| {
            e.with_enterprise(dossier.enterprise().to_owned())
                .with_fact(p.fact().to_owned())
        };
        let mut out = Vec::with_capacity(decisions.len());
        for p in &decisions {
            let system = self.system(&view, &decisions, p).map_err(|e| place(e, p))?;
            let credit_china = self.credit_china(&view, p).map_err(|e| place(e, p))?;
            out.push(Publicity {
                fact: p.fact().to_owned(),
                decided_on: p.decided_on(),
                system,
                credit_china,
            });
        }
        Ok(out)
    }

    fn order45_version(
        &self,
        p: &Decision,
        assessed_on: NaiveDate,
    ) -> Result<(&Version<Order45Rules>, Vec<VersionId>), Error> {
        let g = self.order45.governing(
            self.governing,
            p.decided_on(),
            assessed_on,
            |a: &Version<Order45Rules>, b: &Version<Order45Rules>| {
                let end = |v: &Version<Order45Rules>| {
                    order45_period(v.rules(), p).ok().map(|x| x.scheduled_until)
                };
                // Not published is the lightest; then the earlier end.
                match (end(a), end(b)) {
                    (None, None) => Ordering::Equal,
                    (None, Some(_)) => Ordering::Less,
                    (Some(_), None) => Ordering::Greater,
                    (Some(x), Some(y)) => x.cmp(&y),
                }
            },
        )?;
        Ok((g.version(), g.used().to_vec()))
    }

    fn system(
        &self,
        view: &View<'_>,
        decisions: &[&Decision],
        p: &Decision,
    ) -> Result<SystemPublicity, Error> {
        let (version, versions) = self.order45_version(p, view.as_of)?;
        let r = version.rules();
        let period = order45_period(r, p);
        let mut never_early: Vec<MeasureKind> = p
            .measures()
            .iter()
            .map(super::decision::Measure::kind)
            .filter(|k| r.never_early.contains(k))
            .collect();
        never_early.sort_unstable();
        never_early.dedup();
        let mut stopped: Option<(NaiveDate, String)> = None;
        let mut repairs = Vec::new();
        for app in view.repairs(p.fact(), Channel::PublicitySystem) {
            let q = app.on;
            let (v, used) = self.order45_version(p, q)?;
            let r = v.rules();
            let period = order45_period(r, p);
            let (failed, earliest) = match (&period, &stopped) {
                (Err(reason), _) => (vec![RepairFailure::NotPublished { reason: *reason }], None),
                (Ok(x), _) if x.short => (vec![RepairFailure::ShortPeriod], None),
                (Ok(x), _) if q < x.from => {
                    (vec![RepairFailure::NotYetPublic { from: x.from }], None)
                }
                (Ok(x), _) if q >= x.scheduled_until => (
                    vec![RepairFailure::Ended {
                        until: x.scheduled_until,
                    }],
                    None,
                ),
                (Ok(_), Some((on, _))) => (vec![RepairFailure::AlreadyStopped { on: *on }], None),
                (Ok(x), None) => {
                    let mut never: Vec<MeasureKind> = p
                        .measures()
                        .iter()
                        .map(super::decision::Measure::kind)
                        .filter(|k| r.never_early.contains(k))
                        .collect();
                    never.sort_unstable();
                    never.dedup();
                    system_conditions(r, view, decisions, p, x, q, never)
                }
            };
            let accepted = failed.is_empty();
            if accepted {
                stopped = Some((q, app.id.clone()));
            }
            repairs.push(RepairOutcome {
                id: app.id.clone(),
                on: q,
                accepted,
                failed,
                earliest,
                versions: used,
            });
        }
        Ok(match period {
            Err(reason) => SystemPublicity {
                versions,
                not_published: Some(reason),
                from: None,
                months: None,
                scheduled_until: None,
                extended_by_restriction: false,
                until: None,
                repairable_from: None,
                stopped_by: None,
                public: false,
                never_early,
                repairs,
            },
            Ok(x) => {
                let until = stopped
                    .as_ref()
                    .map_or(x.scheduled_until, |(on, _)| (*on).min(x.scheduled_until));
                SystemPublicity {
                    versions,
                    not_published: None,
                    from: Some(x.from),
                    months: Some(x.months),
                    scheduled_until: Some(x.scheduled_until),
                    extended_by_restriction: x.extended,
                    until: Some(until),
                    repairable_from: (!x.short && never_early.is_empty())
                        .then(|| repair_wait_end(r, p, x.from)),
                    stopped_by: stopped.map(|(_, id)| id),
                    public: x.from <= view.as_of && view.as_of < until,
                    never_early,
                    repairs,
                }
            }
        })
    }

    fn credit_china(&self, view: &View<'_>, p: &Decision) -> Result<CreditChinaPublicity, Error> {
        let answer = |on: NaiveDate| -> Result<(Option<NdrcAnswer>, Vec<VersionId>), Error> {
            let listed = view.serious_listing_for(p.fact(), on);
            let g = self.credit_china.governing(
                self.governing,
                p.decided_on(),
                on,
                |a: &Version<NdrcRules>, b: &Version<NdrcRules>| {
                    ndrc_lighter(
                        ndrc_answer(a.rules(), p, listed).as_ref(),
                        ndrc_answer(b.rules(), p, listed).as_ref(),
                    )
                },
            )?;
            Ok((
                ndrc_answer(g.version().rules(), p, listed),
                g.used().to_vec(),
            ))
        };
        let mut stopped: Option<(NaiveDate, String)> = None;
        let mut repairs = Vec::new();
        for app in view.repairs(p.fact(), Channel::CreditChina) {
            let q = app.on;
            let (a, used) = answer(q)?;
            let (failed, earliest) = match (&a, &stopped) {
                (None, _) => (
                    vec![RepairFailure::NotPublished {
                        reason: NotPublished::NoMeasures,
                    }],
                    None,
                ),
                // Not shown any more: that reason alone, as on the publicity system.
                (Some(a), _) if q >= a.until => {
                    (vec![RepairFailure::Ended { until: a.until }], None)
                }
                (Some(_), Some((on, _))) => (vec![RepairFailure::AlreadyStopped { on: *on }], None),
                (Some(a), None) => {
                    let mut failed = Vec::new();
                    let mut known_end = true;
                    if q < a.repairable_from {
                        failed.push(RepairFailure::TooEarly {
                            from: a.repairable_from,
                        });
                    }
                    if a.needs_fulfilment && !view.fulfilled(p.fact(), q) {
                        failed.push(RepairFailure::Unfulfilled);
                        known_end = false;
                    }
                    let earliest = (known_end && !failed.is_empty() && a.repairable_from < a.until)
                        .then_some(a.repairable_from);
                    (failed, earliest)
                }
            };
            let accepted = failed.is_empty();
            if accepted {
                stopped = Some((q, app.id.clone()));
            }
            repairs.push(RepairOutcome {
                id: app.id.clone(),
                on: q,
                accepted,
                failed,
                earliest,
                versions: used,
            });
        }
        let (a, versions) = answer(view.as_of)?;
        Ok(match a {
            None => CreditChinaPublicity {
                versions,
                class: None,
                set_by: Vec::new(),
                published: false,
                repairable_from: None,
                scheduled_until: None,
                until: None,
                stopped_by: None,
                public: false,
                repairs,
            },
            Some(a) => {
                let until = stopped
                    .as_ref()
                    .map_or(a.until, |(on, _)| (*on).min(a.until));
                CreditChinaPublicity {
                    versions,
                    class: Some(a.class),
                    set_by: a.set_by,
                    published: a.published,
                    repairable_from: Some(a.repairable_from),
                    scheduled_until: Some(a.until),
                    until: Some(until),
                    stopped_by: stopped.map(|(_, id)| id),
                    public: a.published && view.as_of < until,
                    repairs,
                }
            }
        })
    }
}

/// The end of the waiting period before a repair can stop publicity early: the
/// publicity start plus the field's waiting months.
fn repair_wait_end(r: &Order45Rules, p: &Decision, from: NaiveDate) -> NaiveDate {
    let wait = if r.long_wait_fields.contains(&p.field()) {
        r.repair_wait_months_long
    } else {
        r.repair_wait_months
    };
    add_months(from, months(wait))
}

/// The conditions of an early stop on the publicity system, at `q`, while public.
fn system_conditions(
    r: &Order45Rules,
    view: &View<'_>,
    decisions: &[&Decision],
    p: &Decision,
    x: &Period,
    q: NaiveDate,
    never: Vec<MeasureKind>,
) -> (Vec<RepairFailure>, Option<NaiveDate>) {
    let mut failed = Vec::new();
    let mut open = false;
    let mut at = q;
    if !never.is_empty() {
        failed.push(RepairFailure::NeverEarly { measures: never });
        open = true;
    }
    let wait_end = repair_wait_end(r, p, x.from);
    if q < wait_end {
        failed.push(RepairFailure::TooEarly { from: wait_end });
        at = at.max(wait_end);
    }
    if !view.fulfilled(p.fact(), q) {
        failed.push(RepairFailure::Unfulfilled);
        open = true;
    }
    let later: Vec<String> = decisions
        .iter()
        .filter(|o| {
            o.decided_on() > p.decided_on()
                && o.decided_on() <= q
                && match r.same_kind {
                    SameKind::Article => o.article() == p.article(),
                    SameKind::AnyPenalty => true,
                }
        })
        .map(|o| o.fact().to_owned())
        .collect();
    if !later.is_empty() {
        failed.push(RepairFailure::LaterPenalty { facts: later });
        open = true;
    }
    if let (true, until) = view.abnormal_on(q) {
        failed.push(RepairFailure::AbnormalList { until });
        match until {
            Some(u) => at = at.max(u),
            None => open = true,
        }
    }
    if let (true, until) = view.serious_on(q) {
        failed.push(RepairFailure::SeriousList { until });
        match until {
            Some(u) => at = at.max(u),
            None => open = true,
        }
    }
    let earliest = (!failed.is_empty() && !open && at < x.scheduled_until).then_some(at);
    (failed, earliest)
}
