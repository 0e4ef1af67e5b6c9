//! # creditgrade
//!
//! Credit-based classified supervision (信用分类监管) of enterprises: grade an
//! enterprise by its credit record — 守信 A, 警示 B, 失信 C, 严重失信 D, with A refined
//! into AAA / AA / A — lock a downgraded grade and let it recover, explain every
//! grade, and turn grades into supervision.
//!
//! The library is pure: typed facts in, explained grades out, no I/O. "Today" is
//! always a parameter.
//!
//! ```
//! use chrono::NaiveDate;
//! use creditgrade::{Assessor, Catalogue, Enterprise, Fact, Grade, History, Policy, Severity};
//!
//! let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let catalogue = Catalogue::from_pairs([
//!     ("art-1", Severity::Serious),
//!     ("art-2", Severity::Minor),
//! ])?;
//! let assessor = Assessor::new(Policy::seed(), catalogue)?;
//!
//! // The lock example of the specification: serious on 2024-01-10, minor on 2024-06-01.
//! let history = History::new(
//!     Enterprise::new("E1", d(2023, 1, 1)).legal_person(true),
//!     vec![
//!         Fact::penalty("P1", d(2024, 1, 10), "art-1"),
//!         Fact::penalty("P2", d(2024, 6, 1), "art-2"),
//!         Fact::annual_report("R2023", d(2024, 4, 1), 2023),
//!         Fact::annual_report("R2024", d(2025, 4, 1), 2024),
//!     ],
//! )?;
//! let a = assessor.assess(&history, d(2025, 2, 1))?;
//! assert_eq!(a.grade(), Some(Grade::D));
//! assert_eq!(a.locked_until(), Some(d(2025, 6, 1)));
//! let a = assessor.assess(&history, d(2025, 6, 1))?;
//! assert_eq!(a.grade(), Some(Grade::A));
//! # Ok::<(), creditgrade::Error>(())
//! ```
//!
//! # Where to start
//!
//! The guides are Markdown files in the `docs/` folder of the crate's source (the
//! repository and the published package both carry them):
//!
//! | you want to | start with | guide (path in the repository) |
//! |---|---|---|
//! | learn the concepts: facts, the pipeline, the lock, refinement, explanations | [`Assessor`], [`History`], [`Assessment`] | `docs/guide.md` (with the architecture and a 中文 glossary) |
//! | know exactly what the seed policy and the CSV interchange format do, or re-implement them | [`Policy::seed`] | `docs/spec.md` (the normative rules, with worked examples) |
//! | change a rule: lock months, repair periods, cumulative rules, points, score mode | [`Policy`], [`policy`] | `docs/policy.md` (every knob, its seed value and source) |
//! | tell an enterprise when its grade will change and what would change it | [`Assessor::outlook`], [`outlook`] | `docs/outlook.md` |
//! | know why it works the way it does | — | `docs/faq.md` |
//! | supervise by grade: patrols, random inspections, warnings, export classes | [`supervise`] | `docs/supervision.md` |
//! | follow environmental self-monitoring disclosure | [`disclosure`] | `docs/disclosure.md` |
//! | know when a penalty decision is public, on which channel, and when it can be repaired, under the rules in force on a date | [`national`], [`timeline`] | `docs/national.md` |
//! | study weights between methods, compare and calibrate policies | [`research`] | `docs/research.md` |
//!
//! # Modules
//!
//! Data flows one way: facts and a policy go in, a graded and explained
//! [`Assessment`] comes out, and the namespaces at the bottom of this table use
//! grades; none of them reaches back up.
//!
//! | module | what it holds |
//! |---|---|
//! | crate root | the core types: [`Enterprise`], [`Fact`], [`FactKind`], [`History`], [`Catalogue`] and [`ArticleLookup`], [`Policy`], [`Assessor`], [`Assessment`], [`Summary`], [`Workspace`], [`Grade`], [`Tier`], [`Severity`], [`Error`] and [`ErrorKind`], [`FactSource`] with [`EnterpriseIds`], [`MemorySource`], [`PerEnterprise`]; and the re-exported [`chrono`] and [`rust_decimal`] |
//! | [`model`] | the model's details: key persons and their roles, honours and their levels, other departments, disclosure failure kinds, the unified social credit code |
//! | [`policy`] | every part of a [`Policy`]: lock and repair, penalties, breaches, departments, cumulative rules, annual reports, refinement, disclosure grading, score mode |
//! | [`quantify`] | the pipeline: one quantifier per quantification method, the [`quantify::Method`]s, and the [`quantify::Quantifier`] trait for methods of your own |
//! | [`explain`] | what bound a grade, the reasons with their stable codes, and their evidence |
//! | [`outlook`] | when a grade will change if nothing new happens, why, and the repairs, reports and honours that would change it |
//! | [`supervise`] | what follows from a grade: measures, patrol plans and daily tasks, random inspections (双随机), early warnings (预警), fees, export classes, efficiency, queries |
//! | [`disclosure`] | environmental self-monitoring (企业自行监测信息公开): plans, records due, compliance, working-day deadlines, reports, public look-up |
//! | [`national`] | the national rules: penalty decisions, their publicity on the enterprise credit publicity system and on 信用中国, credit repair |
//! | [`timeline`] | versions of any rule set by the date each takes effect, and which version governs a decision |
//! | [`research`] | synthetic populations, weights (AHP, entropy, CRITIC), policies side by side, calibration, drift, sensitivity |
//!
//! Features: `rayon` (on by default) adds the parallel batches
//! (`Assessor::par_assess_batch`, `par_summarize_batch`, `par_assess_source`,
//! `par_summarize_source`); a feature never changes a result.
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(clippy::pedantic)]
// Pedantic lints we allow, and why:
#![allow(
    // The pipeline's stages and the supervision reports read best as one function
    // each, in the order docs/spec.md describes them.
    clippy::too_many_lines,
    // `d`, `t`, `s`, `e`, `f` follow docs/spec.md's notation (date, as-of, severity,
    // enterprise, fact).
    clippy::many_single_char_names,
    clippy::similar_names,
    // `Quantifier::name` returns `&str` so user quantifiers can own their names;
    // the built-in ones return literals.
    clippy::unnecessary_literal_bound,
)]

/// `Display` as the stable code (`as_str`), honouring width and alignment.
macro_rules! display_as_str {
    ($($t:ty),* $(,)?) => {$(
        impl core::fmt::Display for $t {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.pad(self.as_str())
            }
        }
    )*};
}

mod assess;
mod catalogue;
/// 企业自行监测信息公开 — environmental self-monitoring plans, disclosure compliance,
/// working-day deadlines, statistics, reports and the public look-up.
pub mod disclosure;
mod error;
pub mod explain;
mod json;
mod lock;
pub mod model;
pub mod national;
pub mod outlook;
pub mod policy;
/// 企业总体 — a columnar population of enterprises and facts, graded by the same
/// engine; Arrow record batches in and out (feature `arrow`).
pub mod population;
pub mod quantify;
mod refine;
/// 研究工具 — synthetic populations, weights between quantification methods,
/// policy comparison, calibration, stability over time and sensitivity.
pub mod research;
mod rng;
mod source;
/// Supervision that follows from a grade: measures, patrols, random inspections,
/// early warnings, fees, export classes, efficiency and queries.
pub mod supervise;
pub mod timeline;
mod versioned;

pub use assess::{Assessment, Assessor, Summary, Workspace};
pub use catalogue::{ArticleLookup, Catalogue};
pub use error::{Error, ErrorKind};
pub use model::{Enterprise, Fact, FactKind, Grade, History, Severity, Tier};
pub use policy::Policy;
pub use source::{EnterpriseIds, FactSource, MemorySource, PerEnterprise};

/// The date library of every signature (`chrono::NaiveDate`), re-exported so that
/// callers use the same version.
pub use chrono;
/// The decimal library of every signature (`rust_decimal::Decimal`: points,
/// coefficients, money), re-exported so that callers use the same version.
pub use rust_decimal;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The guides' examples, compiled and run as doctests.
#[cfg(doctest)]
mod guide_doctests {
    #[doc = include_str!("../docs/policy.md")]
    struct Policy;
    #[doc = include_str!("../docs/supervision.md")]
    struct Supervision;
    #[doc = include_str!("../docs/disclosure.md")]
    struct Disclosure;
    #[doc = include_str!("../docs/outlook.md")]
    struct Outlook;
    #[doc = include_str!("../docs/national.md")]
    struct National;
}
