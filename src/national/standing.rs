//! An enterprise's national state as of a date — publicity of every decision and
//! both lists — and the standing that grading and supervision read from it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::abnormal::{AbnormalState, Entry};
use super::dossier::Dossier;
use super::publicity::Publicity;
use super::rules::NationalRules;
use super::serious::{SeriousState, serious_state_of};
use crate::disclosure::WorkCalendar;
use crate::{Error, timeline::VersionId};

/// What a national effect rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Mark {
    /// On the list of abnormal operations (经营异常名录).
    AbnormalList,
    /// On the serious list (严重违法失信名单).
    SeriousList,
    /// A penalty decision public on the enterprise credit publicity system.
    PublicitySystem,
    /// A penalty decision public on 信用中国.
    CreditChina,
}

impl Mark {
    /// The stable name: `abnormal_list`, `serious_list`, `publicity_system` or
    /// `credit_china`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Mark::AbnormalList => "abnormal_list",
            Mark::SeriousList => "serious_list",
            Mark::PublicitySystem => "publicity_system",
            Mark::CreditChina => "credit_china",
        }
    }

    /// Every mark, in the order effects are applied.
    pub const ALL: [Mark; 4] = [
        Mark::SeriousList,
        Mark::AbnormalList,
        Mark::PublicitySystem,
        Mark::CreditChina,
    ];
}

display_as_str!(Mark);

/// One interval during which a mark holds, half-open `[from, until)`; `until` is
/// `None` while no end is known (an open entry of the list of abnormal
/// operations).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Spell {
    /// The mark.
    pub mark: Mark,
    /// The listing's id, or the penalty fact id of the public decision.
    pub id: String,
    /// The first day it holds.
    pub from: NaiveDate,
    /// The first day it no longer holds, if known.
    pub until: Option<NaiveDate>,
}

impl Spell {
    /// Whether it holds on `on`.
    #[must_use]
    pub fn holds_on(&self, on: NaiveDate) -> bool {
        self.from <= on && self.until.is_none_or(|u| on < u)
    }
}

/// 信用状况 — what the national rules say of an enterprise as of a date, as known
/// on that date: every interval of a list or of a decision's publicity that holds
/// on the date or starts or ends after it. Computed by
/// [`NationalRules::standing`]; read by the [`Assessor`](crate::Assessor) and by
/// supervision when their policy turns national effects on.
///
/// Projected to a later date, it answers "if nothing new happens": lists and
/// publicity end on their known dates, and an open entry of the list of abnormal
/// operations stays open.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Standing {
    /// The enterprise's id.
    pub enterprise: String,
    /// The date it was computed as of.
    pub as_of: NaiveDate,
    /// The intervals, by mark, then first day, then id.
    pub spells: Vec<Spell>,
}

impl Standing {
    /// A standing without any mark (nothing listed, nothing public).
    pub fn clear(enterprise: impl Into<String>, as_of: NaiveDate) -> Standing {
        Standing {
            enterprise: enterprise.into(),
            as_of,
            spells: Vec::new(),
        }
    }

    /// Adds an interval (for callers who keep the lists themselves); the spells
    /// stay sorted.
    #[must_use]
    pub fn with_spell(
        mut self,
        mark: Mark,
        id: impl Into<String>,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Standing {
        self.spells.push(Spell {
            mark,
            id: id.into(),
            from,
            until,
        });
        self.sort();
        self
    }

    fn sort(&mut self) {
        self.spells.sort_by(|a, b| {
            (a.mark, a.from, &a.id, a.until).cmp(&(b.mark, b.from, &b.id, b.until))
        });
    }

    /// Whether `mark` holds on `on`.
    #[must_use]
    pub fn holds(&self, mark: Mark, on: NaiveDate) -> bool {
        self.spells.iter().any(|s| s.mark == mark && s.holds_on(on))
    }

    /// The intervals of `mark` holding on `on`, earliest first ("listed since" is
    /// the first one's `from`).
    pub fn holding(&self, mark: Mark, on: NaiveDate) -> impl Iterator<Item = &Spell> {
        self.spells
            .iter()
            .filter(move |s| s.mark == mark && s.holds_on(on))
    }

    /// The days after `after` on which some mark starts or ends, in order, without
    /// repeats.
    #[must_use]
    pub fn changes_after(&self, after: NaiveDate) -> Vec<NaiveDate> {
        let mut v: Vec<NaiveDate> = self
            .spells
            .iter()
            .flat_map(|s| [Some(s.from), s.until])
            .flatten()
            .filter(|d| *d > after)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Everything the national rules say of one enterprise as of a date: the
/// publicity of each decision, the list of abnormal operations (escalation moves
/// applied; no worklist — see [`NationalRules::abnormal_state`]) and the serious
/// list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NationalState {
    /// The enterprise's id.
    pub enterprise: String,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The publicity of every decision, in date order.
    pub publicity: Vec<Publicity>,
    /// The list of abnormal operations.
    pub abnormal: AbnormalState,
    /// The serious list.
    pub serious: SeriousState,
    /// The versions of the list rules used (abnormal, then serious, each once).
    pub versions: Vec<VersionId>,
}

impl NationalState {
    /// The standing: the intervals of each mark that hold on the as-of date or
    /// after it. Given [`Listed`](super::Listed) intervals count as list spells,
    /// named `listed <first day>` (a serious one by the decision it cites).
    #[must_use]
    pub fn standing(&self, dossier: &Dossier) -> Standing {
        let t = self.as_of;
        let mut spells = Vec::new();
        let mut push = |mark, id: &str, from, until: Option<NaiveDate>| {
            if until.is_none_or(|u| u > t) {
                spells.push(Spell {
                    mark,
                    id: id.to_owned(),
                    from,
                    until,
                });
            }
        };
        for e in &self.abnormal.entries {
            push(Mark::AbnormalList, &e.listing, e.from, e.until);
        }
        for e in &self.serious.entries {
            push(Mark::SeriousList, &e.listing, e.from, Some(e.until));
        }
        // Given intervals have no id of their own: named by their first day (or
        // the decision a serious one cites), whatever their order.
        for l in &dossier.listings().abnormal {
            if l.from <= t {
                push(
                    Mark::AbnormalList,
                    &format!("listed {}", l.from),
                    l.from,
                    l.until,
                );
            }
        }
        for l in &dossier.listings().serious {
            if l.from <= t {
                let id = l
                    .basis
                    .clone()
                    .unwrap_or_else(|| format!("listed {}", l.from));
                push(Mark::SeriousList, &id, l.from, l.until);
            }
        }
        for p in &self.publicity {
            if let (Some(from), Some(until)) = (p.system.from, p.system.until) {
                if p.system.not_published.is_none() && from < until {
                    push(Mark::PublicitySystem, &p.fact, from, Some(until));
                }
            }
            let c = &p.credit_china;
            if let (true, Some(until)) = (c.published, c.until) {
                if p.decided_on < until {
                    push(Mark::CreditChina, &p.fact, p.decided_on, Some(until));
                }
            }
        }
        let mut s = Standing {
            enterprise: self.enterprise.clone(),
            as_of: t,
            spells,
        };
        s.sort();
        s
    }
}

impl NationalRules {
    /// Publicity of every decision and both lists of `dossier` as of `as_of`.
    /// Facts dated after `as_of` are not read.
    ///
    /// # Errors
    ///
    /// The errors of [`publicity`](NationalRules::publicity) and
    /// [`serious_state`](NationalRules::serious_state).
    pub fn state(&self, dossier: &Dossier, as_of: NaiveDate) -> Result<NationalState, Error> {
        dossier.validate(as_of)?;
        let lists = self.lists(dossier, as_of)?;
        let publicity = self.publicity_with(dossier, as_of, &lists)?;
        let mut versions = Vec::new();
        if dossier.abnormal_list().is_some() {
            if let Ok(v) = self.abnormal.in_force(as_of) {
                versions.push(v.id().clone());
            }
        }
        for e in &lists.serious {
            for v in &e.versions {
                if !versions.contains(v) {
                    versions.push(v.clone());
                }
            }
        }
        let abnormal = abnormal_state_of(lists.abnormal);
        Ok(NationalState {
            enterprise: dossier.enterprise().to_owned(),
            as_of,
            publicity,
            abnormal,
            serious: serious_state_of(lists.serious),
            versions,
        })
    }

    /// The [`Standing`] of `dossier` as of `as_of`, for grading and supervision.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::national::{Decision, Dossier, Mark, Measure, NationalRules, SeriousListing};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let dossier = Dossier::new("E1")
    ///     .decision(Decision::new("P1", d(2024, 3, 1), "art-9").with_measure(Measure::LicenceRevoked))
    ///     .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 4, 1)));
    /// let s = NationalRules::national_2026().standing(&dossier, d(2025, 1, 1))?;
    /// assert!(s.holds(Mark::SeriousList, d(2025, 1, 1)));
    /// assert!(s.holds(Mark::PublicitySystem, d(2025, 1, 1)));
    /// // Off the serious list on its third anniversary, if nothing new happens.
    /// assert!(!s.holds(Mark::SeriousList, d(2027, 4, 1)));
    /// assert!(s.changes_after(d(2025, 1, 1)).contains(&d(2027, 4, 1)));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`state`](NationalRules::state).
    pub fn standing(&self, dossier: &Dossier, as_of: NaiveDate) -> Result<Standing, Error> {
        Ok(self.state(dossier, as_of)?.standing(dossier))
    }

    /// The list of abnormal operations of `dossier` as of `as_of`, with the
    /// escalation moves of its serious listings applied and, in derived mode, the
    /// worklist (which needs the working-day calendar). `None` without a record.
    ///
    /// # Errors
    ///
    /// As [`state`](NationalRules::state), and as
    /// [`AbnormalRecord::state`](super::AbnormalRecord::state) for the worklist.
    pub fn abnormal_state(
        &self,
        dossier: &Dossier,
        cal: &impl WorkCalendar,
        as_of: NaiveDate,
    ) -> Result<Option<AbnormalState>, Error> {
        dossier.validate(as_of)?;
        let Some(record) = dossier.abnormal_list() else {
            return Ok(None);
        };
        let lists = self.lists(dossier, as_of)?;
        let rules = self
            .abnormal
            .in_force(as_of)
            .map_err(|e| e.with_enterprise(dossier.enterprise().to_owned()))?
            .rules();
        record.finish(rules, cal, as_of, lists.abnormal).map(Some)
    }
}

fn abnormal_state_of(entries: Vec<Entry>) -> AbnormalState {
    let listed_since = entries
        .iter()
        .filter(|e| e.until.is_none())
        .map(|e| e.from)
        .min();
    AbnormalState {
        on_list: listed_since.is_some(),
        listed_since,
        entries,
        worklist: Vec::new(),
    }
}
