//! What the grading engine reads of one enterprise: a small fact-access trait
//! implemented by a row-based [`History`](crate::History) (a slice of [`Fact`]s)
//! and by one enterprise of a columnar
//! [`Population`](crate::population::Population). The engine and the built-in
//! quantifiers are generic over it, so both layouts run the same code,
//! monomorphised for each.

use chrono::NaiveDate;

use crate::model::{DisclosureFailureKind, Honour};
use crate::{ArticleLookup, Enterprise, Fact, FactKind, Policy, Severity};

/// The kind of a fact without its payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Tag {
    Penalty = 0,
    Breach = 1,
    Complaint = 2,
    Admonition = 3,
    Honour = 4,
    AnnualReport = 5,
    Revocation = 6,
    Deregistration = 7,
    Repair = 8,
    KeyPersonFlag = 9,
    DisclosureFailure = 10,
    DepartmentRecord = 11,
}

impl Tag {
    /// All tags, by their `u8` value.
    #[allow(dead_code)]
    pub(crate) const ALL: [Tag; 12] = [
        Tag::Penalty,
        Tag::Breach,
        Tag::Complaint,
        Tag::Admonition,
        Tag::Honour,
        Tag::AnnualReport,
        Tag::Revocation,
        Tag::Deregistration,
        Tag::Repair,
        Tag::KeyPersonFlag,
        Tag::DisclosureFailure,
        Tag::DepartmentRecord,
    ];

    /// The tag of a fact kind.
    pub(crate) fn of(kind: &FactKind) -> Tag {
        match kind {
            FactKind::Penalty { .. } => Tag::Penalty,
            FactKind::Breach { .. } => Tag::Breach,
            FactKind::Complaint => Tag::Complaint,
            FactKind::Admonition => Tag::Admonition,
            FactKind::Honour { .. } => Tag::Honour,
            FactKind::AnnualReport { .. } => Tag::AnnualReport,
            FactKind::Revocation => Tag::Revocation,
            FactKind::Deregistration => Tag::Deregistration,
            FactKind::Repair { .. } => Tag::Repair,
            FactKind::KeyPersonFlag { .. } => Tag::KeyPersonFlag,
            FactKind::DisclosureFailure { .. } => Tag::DisclosureFailure,
            FactKind::DepartmentRecord { .. } => Tag::DepartmentRecord,
        }
    }

    /// The kind as written in the interchange format.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Tag::Penalty => "penalty",
            Tag::Breach => "breach",
            Tag::Complaint => "complaint",
            Tag::Admonition => "admonition",
            Tag::Honour => "honour",
            Tag::AnnualReport => "annual_report",
            Tag::Revocation => "revocation",
            Tag::Deregistration => "deregistration",
            Tag::Repair => "repair",
            Tag::KeyPersonFlag => "principal",
            Tag::DisclosureFailure => "disclosure_failure",
            Tag::DepartmentRecord => "department_record",
        }
    }
}

/// One enterprise's facts as the engine reads them, sorted by date then id.
///
/// Positions are indices into that order. Payload accessors are only called on
/// facts of the matching [`Tag`]; on another kind they return a neutral value.
pub(crate) trait Record {
    /// The enterprise id.
    fn id(&self) -> &str;
    /// The registration date.
    fn registered_on(&self) -> NaiveDate;
    /// Legal-person status.
    fn legal_person(&self) -> bool;
    /// The number of facts dated on or before `t`.
    fn len_as_of(&self, t: NaiveDate) -> usize;
    /// The date of fact `i`.
    fn date(&self, i: usize) -> NaiveDate;
    /// The kind of fact `i`.
    fn tag(&self, i: usize) -> Tag;
    /// The id of fact `i`.
    fn fact_id(&self, i: usize) -> &str;
    /// The report year of an annual report.
    fn year(&self, i: usize) -> i32;
    /// The honour and expiry of an honour.
    fn honour(&self, i: usize) -> Option<(Honour, Option<NaiveDate>)>;
    /// The kind of a disclosure failure.
    fn disclosure(&self, i: usize) -> Option<DisclosureFailureKind>;
    /// The cited article of a penalty.
    fn article(&self, i: usize) -> &str;
    /// The catalogue class of a penalty's article (`None`: not catalogued).
    fn penalty_severity<C: ArticleLookup>(&self, i: usize, catalogue: &C) -> Option<Severity>;
    /// The severity the policy gives a breach.
    fn breach_severity(&self, i: usize, policy: &Policy) -> Severity;
    /// A department record's department and code.
    fn department(&self, i: usize) -> (&str, &str);
    /// A repair's target: its position among all facts if this enterprise has a
    /// fact with that id, and the id as written.
    fn repair_target(&self, i: usize) -> (Option<usize>, &str);
    /// The enterprise and its facts as rows, when the record holds them so.
    fn rows(&self) -> Option<(&Enterprise, &[Fact])>;
    /// Writes the enterprise and its first `n` facts as rows into the buffers
    /// (for custom quantifiers, on records that do not hold rows).
    fn materialise<'b>(
        &self,
        n: usize,
        enterprise: &'b mut Option<Enterprise>,
        facts: &mut Vec<Fact>,
    ) -> &'b Enterprise;
}

/// A row-based record: an enterprise and its facts sorted by date then id, with
/// an optional id index (a [`History`](crate::History)'s).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rows<'a> {
    pub enterprise: &'a Enterprise,
    pub facts: &'a [Fact],
    pub history: Option<&'a crate::History>,
}

impl Record for Rows<'_> {
    #[inline]
    fn id(&self) -> &str {
        &self.enterprise.id
    }

    #[inline]
    fn registered_on(&self) -> NaiveDate {
        self.enterprise.registered_on
    }

    #[inline]
    fn legal_person(&self) -> bool {
        self.enterprise.legal_person
    }

    #[inline]
    fn len_as_of(&self, t: NaiveDate) -> usize {
        self.facts.partition_point(|f| f.date <= t)
    }

    #[inline]
    fn date(&self, i: usize) -> NaiveDate {
        self.facts[i].date
    }

    #[inline]
    fn tag(&self, i: usize) -> Tag {
        Tag::of(&self.facts[i].kind)
    }

    #[inline]
    fn fact_id(&self, i: usize) -> &str {
        &self.facts[i].id
    }

    #[inline]
    fn year(&self, i: usize) -> i32 {
        match self.facts[i].kind {
            FactKind::AnnualReport { year } => year,
            _ => 0,
        }
    }

    #[inline]
    fn honour(&self, i: usize) -> Option<(Honour, Option<NaiveDate>)> {
        match self.facts[i].kind {
            FactKind::Honour { honour, until } => Some((honour, until)),
            _ => None,
        }
    }

    #[inline]
    fn disclosure(&self, i: usize) -> Option<DisclosureFailureKind> {
        match self.facts[i].kind {
            FactKind::DisclosureFailure { failure } => Some(failure),
            _ => None,
        }
    }

    #[inline]
    fn article(&self, i: usize) -> &str {
        match &self.facts[i].kind {
            FactKind::Penalty { article } => article,
            _ => "",
        }
    }

    #[inline]
    fn penalty_severity<C: ArticleLookup>(&self, i: usize, catalogue: &C) -> Option<Severity> {
        catalogue.severity(self.article(i))
    }

    #[inline]
    fn breach_severity(&self, i: usize, policy: &Policy) -> Severity {
        match &self.facts[i].kind {
            FactKind::Breach { breach } => policy.breach_severity(breach),
            _ => policy.breach_severity(""),
        }
    }

    #[inline]
    fn department(&self, i: usize) -> (&str, &str) {
        match &self.facts[i].kind {
            FactKind::DepartmentRecord { department, code } => (department.as_str(), code),
            _ => ("", ""),
        }
    }

    #[inline]
    fn repair_target(&self, i: usize) -> (Option<usize>, &str) {
        match &self.facts[i].kind {
            FactKind::Repair { target } => {
                let pos = match self.history {
                    Some(h) => h.position(target),
                    None => self.facts.iter().position(|f| f.id == *target),
                };
                (pos, target)
            }
            _ => (None, ""),
        }
    }

    #[inline]
    fn rows(&self) -> Option<(&Enterprise, &[Fact])> {
        Some((self.enterprise, self.facts))
    }

    fn materialise<'b>(
        &self,
        n: usize,
        enterprise: &'b mut Option<Enterprise>,
        facts: &mut Vec<Fact>,
    ) -> &'b Enterprise {
        facts.clear();
        facts.extend_from_slice(&self.facts[..n]);
        enterprise.insert(self.enterprise.clone())
    }
}
