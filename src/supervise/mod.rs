//! Supervision that follows from a grade (信用分类监管的监管措施).
//!
//! This namespace turns credit grades into the daily work of a supervision office,
//! the way the Jianghai branch's classified-supervision software and the Longgang
//! export inspection office describe it:
//!
//! - [`MeasurePolicy`](crate::supervise::MeasurePolicy): the mechanism and measures per grade — incentive 激励,
//!   normal, warning 警示, punishment 惩戒, elimination 淘汰;
//! - [`PatrolPolicy`](crate::supervise::PatrolPolicy) and [`RiskCatalogue`](crate::supervise::RiskCatalogue): patrol intervals from the industry
//!   risk class (行业风险分类) and the grade; [`next_due`](crate::supervise::next_due); the day's task list
//!   [`daily_tasks`](crate::supervise::daily_tasks);
//! - [`draw`](crate::supervise::draw) and [`assign_inspectors`](crate::supervise::assign_inspectors): reproducible random inspections
//!   (双随机) per credit tier ([`Tier`](crate::Tier): A 守信 drawn least, D 严重失信 in
//!   full) from a seed;
//! - [`Ladder`](crate::supervise::Ladder) and [`WarningPolicy`](crate::supervise::WarningPolicy): early warnings (预警) and [`open_warnings`](crate::supervise::open_warnings);
//! - [`fee_totals`](crate::supervise::fee_totals): fee collection (规费征收) per enterprise, district, inspector;
//! - [`ExportPolicy`](crate::supervise::ExportPolicy): export classes 1/2/3 for bamboo, wood and straw products
//!   (出口竹木草制品), [`select_lots`](crate::supervise::select_lots) and [`export_statistics`](crate::supervise::export_statistics);
//! - [`efficiency`](crate::supervise::efficiency): efficiency of supervision (效能监察);
//! - [`Filter`](crate::supervise::Filter) and [`query`](crate::supervise::query): queries over a population with counts.
//!
//! Everything is a pure function of data and an as-of date; every number is policy
//! data with a preset holding the source document's values ([`SupervisionPolicy::source`](crate::supervise::SupervisionPolicy::source)).
//! Grades come in as `Option<Grade>`: `None` means not rated (for example closed).
//! An enterprise that is not registered yet gets no [`Record`](crate::supervise::Record) at all.
//!
//! ```
//! use chrono::NaiveDate;
//! use creditgrade::Grade;
//! use creditgrade::supervise::{Mechanism, SupervisionPolicy};
//!
//! let policy = SupervisionPolicy::source();
//! assert_eq!(policy.measures().mechanism(Some(Grade::C)), Some(Mechanism::Punishment));
//! // B: every 6 months; industry risk class A: every 3 months; the shorter wins.
//! let months = policy.patrol().interval(creditgrade::supervise::RiskClass::A, Some(Grade::B));
//! assert_eq!(months, Some(3));
//! ```

mod dates;
mod efficiency;
mod export;
mod fees;
mod measures;
mod national;
mod patrol;
mod query;
mod record;
mod risk;
mod sampling;
mod warning;

use serde::{Deserialize, Serialize};

use crate::Error;

pub use dates::Offset;
pub use efficiency::{EfficiencyReport, EfficiencyRow, efficiency};
pub use export::{
    ClassStatistics, ExportClass, ExportLot, ExportPolicy, ExportStatistics, LotDecision,
    ProductRisk, ReleaseMode, export_statistics, select_lots,
};
pub use fees::{FeeReport, FeeTotals, fee_totals};
pub use measures::{GradeMeasures, Measure, MeasurePolicy, Mechanism};
pub use national::{NationalSupervision, SupervisionEffect};
pub use patrol::{Check, Method, PatrolPolicy, Task, TaskItem, daily_tasks, next_due};
pub use query::{Counts, Filter, count, query};
pub use record::{
    Complaint, Fee, Inspection, Licence, Payment, Record, Rectification, Renewal, Status,
};
pub use risk::{RiskCatalogue, RiskClass};
pub use sampling::{
    Assignment, ClassDraw, Draw, DrawCandidate, SamplingPolicy, assign_inspectors, draw, draw_key,
    pair_key,
};
pub use warning::{
    Action, Boundary, Colour, EntryDelay, Ladder, Step, Warning, WarningKind, WarningPolicy,
    entry_delays, open_warnings,
};

/// All supervision policy in one value: measures, patrol, random inspections,
/// early warnings and export classes (监管政策).
///
/// [`SupervisionPolicy::source`] holds the source document's values (and the
/// documented placeholders of `docs/spec.md`); every part can be replaced with a
/// by-value setter, and the whole round-trips through serde.
///
/// ```
/// use creditgrade::supervise::{SamplingPolicy, SupervisionPolicy};
/// let p = SupervisionPolicy::source().with_sampling(SamplingPolicy::source().inspectors_per_enterprise(1));
/// p.validate()?;
/// let json = serde_json::to_string(&p).unwrap();
/// let back: SupervisionPolicy = serde_json::from_str(&json).unwrap();
/// assert_eq!(back, p);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupervisionPolicy {
    measures: MeasurePolicy,
    patrol: PatrolPolicy,
    sampling: SamplingPolicy,
    warnings: WarningPolicy,
    export: ExportPolicy,
    /// Effects of the national lists and publicity; absent (off) by default, and
    /// then not written, so the files of earlier releases read and write as
    /// before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    national: Option<NationalSupervision>,
}

impl Default for SupervisionPolicy {
    fn default() -> Self {
        SupervisionPolicy::source()
    }
}

impl SupervisionPolicy {
    /// The source document's policy: each part's own `source()` preset.
    #[must_use]
    pub fn source() -> SupervisionPolicy {
        SupervisionPolicy {
            measures: MeasurePolicy::source(),
            patrol: PatrolPolicy::source(),
            sampling: SamplingPolicy::source(),
            warnings: WarningPolicy::source(),
            export: ExportPolicy::source(),
            national: None,
        }
    }

    /// Checks every part.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) naming the first
    /// field at fault.
    pub fn validate(&self) -> Result<(), Error> {
        self.measures.validate()?;
        self.patrol.validate()?;
        self.sampling.validate()?;
        self.warnings.validate()?;
        self.export.validate()?;
        if let Some(n) = &self.national {
            n.validate()?;
        }
        Ok(())
    }

    /// The national effects, if on.
    #[must_use]
    pub fn national(&self) -> Option<&NationalSupervision> {
        self.national.as_ref()
    }

    /// Turns the national effects on (`Some`) or off (`None`).
    #[must_use]
    pub fn with_national(mut self, national: Option<NationalSupervision>) -> SupervisionPolicy {
        self.national = national;
        self
    }

    /// The measures per grade.
    #[must_use]
    pub fn measures(&self) -> &MeasurePolicy {
        &self.measures
    }

    /// The patrol intervals and the risk catalogue.
    #[must_use]
    pub fn patrol(&self) -> &PatrolPolicy {
        &self.patrol
    }

    /// The random-inspection ratios.
    #[must_use]
    pub fn sampling(&self) -> &SamplingPolicy {
        &self.sampling
    }

    /// The warning ladders.
    #[must_use]
    pub fn warnings(&self) -> &WarningPolicy {
        &self.warnings
    }

    /// The export classes.
    #[must_use]
    pub fn export(&self) -> &ExportPolicy {
        &self.export
    }

    /// Replaces the measures.
    #[must_use]
    pub fn with_measures(mut self, measures: MeasurePolicy) -> SupervisionPolicy {
        self.measures = measures;
        self
    }

    /// Replaces the patrol policy.
    #[must_use]
    pub fn with_patrol(mut self, patrol: PatrolPolicy) -> SupervisionPolicy {
        self.patrol = patrol;
        self
    }

    /// Replaces the random-inspection policy.
    #[must_use]
    pub fn with_sampling(mut self, sampling: SamplingPolicy) -> SupervisionPolicy {
        self.sampling = sampling;
        self
    }

    /// Replaces the warning ladders.
    #[must_use]
    pub fn with_warnings(mut self, warnings: WarningPolicy) -> SupervisionPolicy {
        self.warnings = warnings;
        self
    }

    /// Replaces the export policy.
    #[must_use]
    pub fn with_export(mut self, export: ExportPolicy) -> SupervisionPolicy {
        self.export = export;
        self
    }
}

crate::json::policy_file!(
    SupervisionPolicy,
    "creditgrade::supervise::SupervisionPolicy",
    SupervisionPolicy::validate
);
