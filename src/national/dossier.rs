//! The inputs of one enterprise: decisions, fulfilments, repair applications and
//! its list intervals.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::abnormal::AbnormalRecord;
use super::decision::Decision;
use super::serious::{RemovalApplication, SeriousListing};
use crate::model::dates::check_date;
use crate::{Error, ErrorKind, FactKind, History};

/// 履行完毕 — the duties of a decision were fulfilled on a date (fine paid,
/// correction made).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Fulfilment {
    /// The penalty fact id of the decision.
    pub decision: String,
    /// The day the duties were fulfilled.
    pub on: NaiveDate,
}

impl Fulfilment {
    /// The duties of `decision` fulfilled on `on`.
    pub fn new(decision: impl Into<String>, on: NaiveDate) -> Fulfilment {
        Fulfilment {
            decision: decision.into(),
            on,
        }
    }
}

/// Where a decision is public and a repair is applied for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 国家企业信用信息公示系统 — the enterprise credit publicity system (Order 45).
    PublicitySystem,
    /// 信用中国 — Credit China (NDRC).
    CreditChina,
}

impl Channel {
    /// The stable name: `publicity_system` or `credit_china`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::PublicitySystem => "publicity_system",
            Channel::CreditChina => "credit_china",
        }
    }
}

display_as_str!(Channel);

/// 信用修复申请 — an application to repair a decision's credit information on one
/// channel, judged on the day it is made.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RepairApplication {
    /// The application's id.
    pub id: String,
    /// The penalty fact id of the decision.
    pub decision: String,
    /// The day it is judged.
    pub on: NaiveDate,
    /// The channel.
    pub channel: Channel,
}

impl RepairApplication {
    /// An application `id` to repair `decision` on `channel`, on `on`.
    pub fn new(
        id: impl Into<String>,
        decision: impl Into<String>,
        on: NaiveDate,
        channel: Channel,
    ) -> RepairApplication {
        RepairApplication {
            id: id.into(),
            decision: decision.into(),
            on,
            channel,
        }
    }
}

/// An interval on a list, half-open: on the list from `from` (inclusive) until
/// `until` (exclusive, the first day off it); `until` is `None` while no end is
/// known. `basis` is the penalty fact id a serious listing cites, if any.
///
/// For lists kept outside the library (the library derives them from an
/// [`AbnormalRecord`] and [`SeriousListing`]s): give what was known on the as-of
/// date — recorded listings, recorded removals and scheduled automatic removals.
/// They are read beside the derived lists.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Listed {
    /// The first day on the list.
    pub from: NaiveDate,
    /// The first day off the list, if known.
    #[serde(default)]
    pub until: Option<NaiveDate>,
    /// The decision a serious listing cites.
    #[serde(default)]
    pub basis: Option<String>,
}

impl Listed {
    /// On the list from `from`, no end known.
    #[must_use]
    pub fn from(from: NaiveDate) -> Listed {
        Listed {
            from,
            until: None,
            basis: None,
        }
    }

    /// With the first day off the list.
    #[must_use]
    pub fn until(mut self, until: NaiveDate) -> Listed {
        self.until = Some(until);
        self
    }

    /// With the decision it cites.
    #[must_use]
    pub fn basis(mut self, decision: impl Into<String>) -> Listed {
        self.basis = Some(decision.into());
        self
    }

    /// Whether the interval holds on `date`.
    #[must_use]
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }
}

/// The intervals an enterprise spends on the list of abnormal operations
/// (经营异常名录) and on the serious list (严重违法失信名单).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Listings {
    /// 经营异常名录 — intervals on the list of abnormal operations.
    #[serde(default)]
    pub abnormal: Vec<Listed>,
    /// 严重违法失信名单 — intervals on the serious list.
    #[serde(default)]
    pub serious: Vec<Listed>,
}

/// Everything the national rules read about one enterprise.
///
/// ```
/// use creditgrade::chrono::NaiveDate;
/// use creditgrade::national::{Channel, Decision, Dossier, Fulfilment, Listed, Measure, RepairApplication};
///
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let dossier = Dossier::new("E1")
///     .decision(Decision::new("P1", d(2025, 1, 10), "art-1").with_measure(Measure::fine(50_000)))
///     .fulfilment(Fulfilment::new("P1", d(2025, 2, 1)))
///     .repair(RepairApplication::new("R1", "P1", d(2025, 8, 1), Channel::PublicitySystem))
///     .abnormal(Listed::from(d(2024, 7, 1)).until(d(2024, 9, 1)));
/// assert_eq!(dossier.enterprise(), "E1");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dossier {
    enterprise: String,
    #[serde(default)]
    decisions: Vec<Decision>,
    #[serde(default)]
    fulfilments: Vec<Fulfilment>,
    #[serde(default)]
    repairs: Vec<RepairApplication>,
    #[serde(default)]
    listings: Listings,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    abnormal_record: Option<AbnormalRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    serious_listings: Vec<SeriousListing>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    serious_removals: Vec<RemovalApplication>,
}

impl Dossier {
    /// An empty dossier of `enterprise`.
    pub fn new(enterprise: impl Into<String>) -> Dossier {
        Dossier {
            enterprise: enterprise.into(),
            ..Dossier::default()
        }
    }

    /// The dossier of a graded enterprise: one decision for every penalty fact of
    /// `history`, with the details (procedure, measures, restriction end, field,
    /// publication date, heavy mark) given in `details`, keyed by the penalty
    /// fact's id. A penalty without details gets a decision without measures:
    /// no publicity answer, only the reason why
    /// ([`NotPublished::NoMeasures`](super::NotPublished::NoMeasures)); its
    /// grading is unchanged, since grading reads the history alone.
    ///
    /// Decisions are in the history's order (date, then id); fulfilments, repair
    /// applications and list intervals are added with the builder methods.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::national::{Decision, Dossier, Measure, NationalRules, NotPublished};
    /// use creditgrade::{Enterprise, Fact, History};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let history = History::new(
    ///     Enterprise::new("E1", d(2020, 1, 1)),
    ///     vec![
    ///         Fact::penalty("P1", d(2025, 3, 10), "art-1"),
    ///         Fact::penalty("P2", d(2025, 6, 1), "art-2"),
    ///     ],
    /// )?;
    /// // Details for P1 only.
    /// let details = [Decision::new("P1", d(2025, 3, 10), "art-1").with_measure(Measure::fine(50_000))];
    /// let dossier = Dossier::from_history(&history, details)?;
    /// let p = NationalRules::national_2026().publicity(&dossier, d(2025, 7, 1))?;
    /// assert!(p[0].system.public);
    /// assert_eq!(p[1].system.not_published, Some(NotPublished::NoMeasures));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Naming the enterprise, the fact and the field:
    /// [`ErrorKind::UnknownDecision`] (field `fact`) for details whose id is not a
    /// penalty fact of the history; [`ErrorKind::InvalidInput`] for details whose
    /// date (`decided_on`) or article (`article`) differ from the penalty fact's;
    /// [`ErrorKind::DuplicateFactId`] for two details of one fact.
    pub fn from_history(
        history: &History,
        details: impl IntoIterator<Item = Decision>,
    ) -> Result<Dossier, Error> {
        let enterprise = history.id();
        let place = |e: Error, fact: &str, field: &str| {
            e.with_enterprise(enterprise)
                .with_fact(fact)
                .with_field(field)
        };
        let mut given: Vec<Option<Decision>> = vec![None; history.facts().len()];
        for detail in details {
            let fact = detail.fact().to_owned();
            let Some(i) = history.position(&fact) else {
                return Err(place(
                    Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "decision details for {fact:?}, which is not a fact of the enterprise"
                        ),
                    ),
                    &fact,
                    "fact",
                ));
            };
            let f = &history.facts()[i];
            let FactKind::Penalty { article } = &f.kind else {
                return Err(place(
                    Error::new(
                        ErrorKind::UnknownDecision,
                        format!(
                            "decision details for {fact:?}, which is a {} fact, not a penalty",
                            f.kind.as_str()
                        ),
                    ),
                    &fact,
                    "fact",
                ));
            };
            if detail.decided_on() != f.date {
                return Err(place(
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "the details are dated {}, the penalty {}",
                            detail.decided_on(),
                            f.date
                        ),
                    ),
                    &fact,
                    "decided_on",
                ));
            }
            if detail.article() != article {
                return Err(place(
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!(
                            "the details cite article {:?}, the penalty {article:?}",
                            detail.article()
                        ),
                    ),
                    &fact,
                    "article",
                ));
            }
            if given[i].is_some() {
                return Err(place(
                    Error::new(
                        ErrorKind::DuplicateFactId,
                        "two sets of decision details for one penalty",
                    ),
                    &fact,
                    "fact",
                ));
            }
            given[i] = Some(detail);
        }
        let decisions = history
            .facts()
            .iter()
            .zip(given)
            .filter_map(|(f, detail)| match &f.kind {
                FactKind::Penalty { article } => Some(
                    detail.unwrap_or_else(|| Decision::new(f.id.clone(), f.date, article.clone())),
                ),
                _ => None,
            })
            .collect();
        Ok(Dossier {
            enterprise: enterprise.to_owned(),
            decisions,
            ..Dossier::default()
        })
    }

    /// Adds a decision.
    #[must_use]
    pub fn decision(mut self, decision: Decision) -> Dossier {
        self.decisions.push(decision);
        self
    }

    /// Adds a fulfilment.
    #[must_use]
    pub fn fulfilment(mut self, fulfilment: Fulfilment) -> Dossier {
        self.fulfilments.push(fulfilment);
        self
    }

    /// Adds a repair application.
    #[must_use]
    pub fn repair(mut self, repair: RepairApplication) -> Dossier {
        self.repairs.push(repair);
        self
    }

    /// Adds an interval on the list of abnormal operations.
    #[must_use]
    pub fn abnormal(mut self, listed: Listed) -> Dossier {
        self.listings.abnormal.push(listed);
        self
    }

    /// Adds an interval on the serious list.
    #[must_use]
    pub fn serious(mut self, listed: Listed) -> Dossier {
        self.listings.serious.push(listed);
        self
    }

    /// Sets the record of the list of abnormal operations (registration date,
    /// listings, removals, cures, reports): the library derives the list from it.
    #[must_use]
    pub fn abnormal_record(mut self, record: AbnormalRecord) -> Dossier {
        self.abnormal_record = Some(record);
        self
    }

    /// Adds a recorded serious listing: the library derives the serious list
    /// from these.
    #[must_use]
    pub fn serious_listing(mut self, listing: SeriousListing) -> Dossier {
        self.serious_listings.push(listing);
        self
    }

    /// Adds an application for early removal from the serious list.
    #[must_use]
    pub fn serious_removal(mut self, application: RemovalApplication) -> Dossier {
        self.serious_removals.push(application);
        self
    }

    /// The record of the list of abnormal operations, if given.
    #[must_use]
    pub fn abnormal_list(&self) -> Option<&AbnormalRecord> {
        self.abnormal_record.as_ref()
    }

    /// The recorded serious listings, as given.
    #[must_use]
    pub fn serious_listings(&self) -> &[SeriousListing] {
        &self.serious_listings
    }

    /// The early-removal applications, as given.
    #[must_use]
    pub fn serious_removals(&self) -> &[RemovalApplication] {
        &self.serious_removals
    }

    /// The enterprise's id.
    #[must_use]
    pub fn enterprise(&self) -> &str {
        &self.enterprise
    }

    /// The decisions, as given.
    #[must_use]
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The fulfilments, as given.
    #[must_use]
    pub fn fulfilments(&self) -> &[Fulfilment] {
        &self.fulfilments
    }

    /// The repair applications, as given.
    #[must_use]
    pub fn repairs(&self) -> &[RepairApplication] {
        &self.repairs
    }

    /// The list intervals, as given.
    #[must_use]
    pub fn listings(&self) -> &Listings {
        &self.listings
    }

    /// Checks the dossier as seen on `as_of` (facts dated after it are not read).
    ///
    /// # Errors
    ///
    /// Naming the enterprise, and the fact where there is one:
    /// [`ErrorKind::InvalidInput`] for a decision that fails
    /// [`Decision::validate`], a date outside the supported dates
    /// ([`FIRST_DATE`](crate::model::FIRST_DATE) to
    /// [`LAST_DATE`](crate::model::LAST_DATE)) or an interval that ends before it
    /// starts;
    /// [`ErrorKind::DuplicateFactId`] for two decisions or two repair applications
    /// with one id; [`ErrorKind::UnknownDecision`] for a fulfilment, repair
    /// application or serious listing that targets a decision the enterprise does
    /// not have on `as_of`, or is dated before it.
    pub fn validate(&self, as_of: NaiveDate) -> Result<(), Error> {
        let ent = |e: Error| e.with_enterprise(self.enterprise.clone());
        let mut ids = BTreeSet::new();
        for p in &self.decisions {
            p.validate().map_err(ent)?;
            if !ids.insert(p.fact()) {
                return Err(ent(Error::new(
                    ErrorKind::DuplicateFactId,
                    "two decisions share this id",
                )
                .with_fact(p.fact())));
            }
        }
        let decided = |id: &str| {
            self.decisions
                .iter()
                .find(|p| p.fact() == id && p.decided_on() <= as_of)
                .map(Decision::decided_on)
        };
        let target = |fact: &str, what: &str, id: &str, on: NaiveDate| -> Result<(), Error> {
            match decided(id) {
                Some(d) if d <= on => Ok(()),
                Some(d) => Err(ent(Error::new(
                    ErrorKind::UnknownDecision,
                    format!("{what} on {on} is dated before the decision {id:?} of {d}"),
                )
                .with_fact(fact)
                .with_subject(id))),
                None => Err(ent(Error::new(
                    ErrorKind::UnknownDecision,
                    format!("{what} targets {id:?}, which is not a decision of the enterprise"),
                )
                .with_fact(fact)
                .with_subject(id))),
            }
        };
        check_date("as_of", as_of).map_err(ent)?;
        if let Some(r) = &self.abnormal_record {
            if r.enterprise() != self.enterprise {
                return Err(ent(Error::new(
                    ErrorKind::ForeignFact,
                    format!(
                        "the record of the list of abnormal operations belongs to {:?}",
                        r.enterprise()
                    ),
                )
                .with_field("abnormal_record")));
            }
        }
        for (i, f) in self.fulfilments.iter().enumerate() {
            check_date(&format!("fulfilments[{i}].on"), f.on).map_err(ent)?;
        }
        for (i, r) in self.repairs.iter().enumerate() {
            check_date(&format!("repairs[{i}].on"), r.on)
                .map_err(|e| ent(e.with_fact(r.id.clone())))?;
        }
        for (name, list) in [
            ("abnormal", &self.listings.abnormal),
            ("serious", &self.listings.serious),
        ] {
            for (i, l) in list.iter().enumerate() {
                check_date(&format!("listings.{name}[{i}].from"), l.from).map_err(ent)?;
                if let Some(u) = l.until {
                    check_date(&format!("listings.{name}[{i}].until"), u).map_err(ent)?;
                }
            }
        }
        for f in self.fulfilments.iter().filter(|f| f.on <= as_of) {
            target(&f.decision, "a fulfilment", &f.decision, f.on)?;
        }
        let mut repair_ids = BTreeSet::new();
        for r in &self.repairs {
            if !repair_ids.insert(r.id.as_str()) {
                return Err(ent(Error::new(
                    ErrorKind::DuplicateFactId,
                    "two repair applications share this id",
                )
                .with_fact(r.id.clone())));
            }
            if r.on <= as_of {
                target(&r.id, "a repair application", &r.decision, r.on)?;
            }
        }
        for (name, list) in [
            ("abnormal", &self.listings.abnormal),
            ("serious", &self.listings.serious),
        ] {
            for (i, l) in list.iter().enumerate() {
                if l.until.is_some_and(|u| u <= l.from) {
                    return Err(ent(Error::invalid_input(
                        format!("listings.{name}[{i}].until"),
                        format!(
                            "the interval ends on {}, not after it starts ({})",
                            l.until.unwrap_or(l.from),
                            l.from
                        ),
                    )));
                }
                if let (Some(b), true) = (&l.basis, l.from <= as_of) {
                    target(b, "a listing", b, l.from)
                        .map_err(|e| e.with_field(format!("listings.{name}[{i}].basis")))?;
                }
            }
        }
        Ok(())
    }
}
