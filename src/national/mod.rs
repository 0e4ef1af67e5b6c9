//! The national rules a bureau lives under: when a penalty decision is public and
//! for how long, and when its credit information can be repaired — on the
//! enterprise credit publicity system (国家企业信用信息公示系统, SAMR Order 45) and on
//! 信用中国 (NDRC Order 58, replaced by Order 36 on 2026-04-01).
//!
//! The rules are data ([`NationalRules`], serde, validated) with a preset,
//! [`NationalRules::national_2026`]; each rule set is a
//! [`Timeline`](crate::timeline::Timeline) of versions, and every answer names the
//! versions it used. `docs/national.md` gives each rule's source, article,
//! certainty and effective dates, and the choices made where a rule is silent.
//!
//! The inputs of one enterprise are a [`Dossier`]: its penalty [`Decision`]s, the
//! [`Fulfilment`]s of their duties, [`RepairApplication`]s, the record of the list
//! of abnormal operations ([`AbnormalRecord`]) and the serious list's
//! [`SeriousListing`]s and early-removal [`RemovalApplication`]s, from which the
//! library derives both lists ([`NationalRules::serious_state`],
//! [`NationalRules::abnormal_state`]); intervals of lists kept elsewhere
//! ([`Listings`]) are read beside them. [`NationalRules::state`] gives everything
//! as of a date, and [`NationalRules::standing`] the [`Standing`] that grading
//! ([`Assessor::assess_national`](crate::Assessor::assess_national)) and
//! supervision read.
//!
//! Intervals are half-open: shown on `[from, until)`, `until` being the first day
//! no longer shown. `d + n months` keeps the day, clamped to the month's end.
//!
//! ```
//! use creditgrade::chrono::NaiveDate;
//! use creditgrade::national::{Class, Decision, Dossier, Measure, NationalRules};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! // A warning and a ¥2,000 fine: 3 months on the publicity system.
//! let dossier = Dossier::new("E1").decision(
//!     Decision::new("P1", d(2025, 11, 30), "art-7")
//!         .with_measure(Measure::Warning)
//!         .with_measure(Measure::fine(2_000))
//!         .with_published_on(d(2025, 11, 30)),
//! );
//! let rules = NationalRules::national_2026();
//! let p = &rules.publicity(&dossier, d(2026, 2, 27))?[0];
//! assert_eq!(p.system.until, Some(d(2026, 2, 28))); // clamped to the month's end
//! assert!(p.system.public);
//! assert_eq!(p.credit_china.class, Some(Class::General)); // no 轻微 under Order 58
//! assert_eq!(p.credit_china.versions[0].name, "NDRC Order 58");
//! # Ok::<(), creditgrade::Error>(())
//! ```

mod abnormal;
#[cfg(feature = "arrow")]
pub mod arrow;
mod decision;
mod dossier;
pub mod interchange;
mod population;
mod publicity;
mod rules;
mod serious;
mod standing;

pub use abnormal::{
    AbnormalListing, AbnormalRecord, AbnormalRemoval, AbnormalRules, AbnormalState, Cure, Entry,
    Exit, Ground, ReportFiled, WorkItem,
};
pub use decision::{Decision, Field, Measure, MeasureKind, Procedure};
pub use dossier::{Channel, Dossier, Fulfilment, Listed, Listings, RepairApplication};
pub use population::MemberStanding;
pub use publicity::{
    ClassCause, CreditChinaPublicity, NotPublished, Publicity, RepairFailure, RepairOutcome,
    SystemPublicity,
};
pub use rules::{
    Class, ClassRule, NationalRules, NdrcRules, Order45Rules, SameKind, UnknownPublication,
};
pub use serious::{
    RemovalApplication, RemovalFailure, RemovalOutcome, SeriousBasis, SeriousEntry, SeriousExit,
    SeriousListing, SeriousRules, SeriousState,
};
pub use standing::{Mark, NationalState, Spell, Standing};
