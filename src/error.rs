//! The one public error type.

use core::fmt;
use std::sync::Arc;

/// What went wrong, for matching on.
///
/// The details (enterprise, fact, field, message) are on [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A penalty cites a legal article that is not in the catalogue, or no article.
    UnknownArticle,
    /// A fact is dated before the enterprise was registered.
    FactBeforeRegistration,
    /// A repair targets something that is not a penalty or breach of the same
    /// enterprise existing at the assessment date.
    UnknownRepairTarget,
    /// Another department's record whose department and code the policy does not map.
    UnknownDepartmentRecord,
    /// Two facts of one history share an id.
    DuplicateFactId,
    /// A fact belongs to another enterprise than the history it was given to.
    ForeignFact,
    /// A catalogue lists one article twice with two severities.
    ConflictingArticle,
    /// A policy breaks one of its rules; the field is named.
    InvalidPolicy,
    /// A unified social credit code (统一社会信用代码) is malformed.
    InvalidCreditCode,
    /// Text that does not parse (a grade, a severity, a date…).
    Parse,
    /// An argument to a function is out of its domain (supervision, disclosure and
    /// research inputs); the message says which and why.
    InvalidInput,
    /// Arithmetic left the range of `Decimal`.
    Overflow,
    /// A data source failed to deliver (raised by an integrator's source).
    Source,
    /// A date outside the years a working-day calendar covers (a year without
    /// its holiday table).
    OutsideCalendar,
    /// A date before the first version of a rule set took effect: no version of
    /// the rules was in force (see [`Timeline`](crate::timeline::Timeline)).
    BeforeFirstVersion,
    /// A fulfilment, a repair application or a listing targets a penalty decision
    /// the enterprise does not have, or is dated before it.
    UnknownDecision,
}

impl ErrorKind {
    /// Every kind, in declaration order (for bindings that make one exception
    /// type per kind).
    pub const ALL: [ErrorKind; 16] = [
        ErrorKind::UnknownArticle,
        ErrorKind::FactBeforeRegistration,
        ErrorKind::UnknownRepairTarget,
        ErrorKind::UnknownDepartmentRecord,
        ErrorKind::DuplicateFactId,
        ErrorKind::ForeignFact,
        ErrorKind::ConflictingArticle,
        ErrorKind::InvalidPolicy,
        ErrorKind::InvalidCreditCode,
        ErrorKind::Parse,
        ErrorKind::InvalidInput,
        ErrorKind::Overflow,
        ErrorKind::Source,
        ErrorKind::OutsideCalendar,
        ErrorKind::BeforeFirstVersion,
        ErrorKind::UnknownDecision,
    ];

    /// A stable, machine-readable name, e.g. `UnknownArticle`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnknownArticle => "UnknownArticle",
            ErrorKind::FactBeforeRegistration => "FactBeforeRegistration",
            ErrorKind::UnknownRepairTarget => "UnknownRepairTarget",
            ErrorKind::UnknownDepartmentRecord => "UnknownDepartmentRecord",
            ErrorKind::DuplicateFactId => "DuplicateFactId",
            ErrorKind::ForeignFact => "ForeignFact",
            ErrorKind::ConflictingArticle => "ConflictingArticle",
            ErrorKind::InvalidPolicy => "InvalidPolicy",
            ErrorKind::InvalidCreditCode => "InvalidCreditCode",
            ErrorKind::Parse => "Parse",
            ErrorKind::InvalidInput => "InvalidInput",
            ErrorKind::Overflow => "Overflow",
            ErrorKind::Source => "Source",
            ErrorKind::OutsideCalendar => "OutsideCalendar",
            ErrorKind::BeforeFirstVersion => "BeforeFirstVersion",
            ErrorKind::UnknownDecision => "UnknownDecision",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Context {
    enterprise: Option<String>,
    fact: Option<String>,
    field: Option<String>,
    subject: Option<String>,
    message: String,
}

/// The cause an integrator attached with [`Error::with_cause`].
type Cause = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// The error of every fallible function in this crate.
///
/// An error has a [`kind`](Error::kind) to match on and a context that names the
/// place: the enterprise, the fact, the policy field, the value at fault, and what
/// is wrong. The `Display` message puts them together:
///
/// ```
/// use creditgrade::{Catalogue, ErrorKind, Severity};
/// let err = Catalogue::from_pairs([
///     ("art-1", Severity::Minor),
///     ("art-1", Severity::Serious),
/// ])
/// .unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::ConflictingArticle);
/// assert_eq!(
///     err.to_string(),
///     "catalogue: article \"art-1\" is listed as minor and as serious",
/// );
/// ```
///
/// Your own code — a [`FactSource`](crate::FactSource) over a database, say —
/// builds errors with the same context, and attaches the underlying error as the
/// cause, which [`std::error::Error::source`] returns:
///
/// ```
/// use std::error::Error as _;
/// use creditgrade::{Error, ErrorKind};
///
/// let io = std::io::Error::new(std::io::ErrorKind::TimedOut, "read timed out");
/// let e = Error::data_source("cannot read the penalty table")
///     .with_enterprise("E1")
///     .with_field("penalties")
///     .with_cause(io);
/// assert_eq!(e.kind(), ErrorKind::Source);
/// assert_eq!(
///     e.to_string(),
///     "enterprise \"E1\": `penalties`: cannot read the penalty table",
/// );
/// assert_eq!(e.source().unwrap().to_string(), "read timed out");
/// ```
///
/// Two errors are equal when their kind, context and message are; a cause is
/// compared by its message.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{}", Place(self))]
pub struct Error {
    kind: ErrorKind,
    context: Box<Context>,
    #[source]
    cause: Option<Cause>,
}

/// The place and message of an error, as `Display` writes them.
struct Place<'a>(&'a Error);

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.0.context;
        if let Some(e) = &c.enterprise {
            write!(f, "enterprise {e:?}: ")?;
        }
        match (&c.fact, &c.field) {
            (Some(x), Some(field)) => write!(f, "fact {x:?} ({field}): ")?,
            (Some(x), None) => write!(f, "fact {x:?}: ")?,
            (None, Some(field)) if self.0.kind == ErrorKind::InvalidPolicy => {
                write!(f, "policy field `{field}`: ")?;
            }
            (None, Some(field)) => write!(f, "`{field}`: ")?,
            (None, None) => {}
        }
        f.write_str(&c.message)
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Error) -> bool {
        self.kind == other.kind
            && self.context == other.context
            && self.cause.as_ref().map(ToString::to_string)
                == other.cause.as_ref().map(ToString::to_string)
    }
}

impl Eq for Error {}

impl Error {
    /// An error of a kind with a message; add the place with the `with_*` methods.
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            context: Box::new(Context {
                message: message.into(),
                ..Context::default()
            }),
            cause: None,
        }
    }

    pub(crate) fn parse(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Parse, message)
    }

    /// An [`ErrorKind::InvalidInput`] error naming the argument or field at fault.
    pub(crate) fn invalid_input(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message).with_field(field)
    }

    pub(crate) fn invalid_policy(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidPolicy, message).with_field(field)
    }

    /// An error of your data source ([`ErrorKind::Source`]), for
    /// [`FactSource`](crate::FactSource) implementations: say what failed, then
    /// name the place with the `with_*` methods and attach the underlying error
    /// with [`with_cause`](Error::with_cause).
    ///
    /// ```
    /// use creditgrade::{Error, ErrorKind};
    /// let e = Error::data_source("database unreachable").with_enterprise("E1");
    /// assert_eq!(e.kind(), ErrorKind::Source);
    /// assert_eq!(e.to_string(), "enterprise \"E1\": database unreachable");
    /// ```
    pub fn data_source(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Source, message)
    }

    /// Names the enterprise the error belongs to.
    #[must_use]
    pub fn with_enterprise(mut self, enterprise: impl Into<String>) -> Error {
        self.context.enterprise = Some(enterprise.into());
        self
    }

    /// Names the fact at fault, by its id.
    #[must_use]
    pub fn with_fact(mut self, fact: impl Into<String>) -> Error {
        self.context.fact = Some(fact.into());
        self
    }

    /// Names the field, column or argument at fault (e.g. `lock.duration_months.minor`).
    #[must_use]
    pub fn with_field(mut self, field: impl Into<String>) -> Error {
        self.context.field = Some(field.into());
        self
    }

    /// Names the value at fault: the article, the repair target, the code.
    #[must_use]
    pub fn with_subject(mut self, subject: impl Into<String>) -> Error {
        self.context.subject = Some(subject.into());
        self
    }

    /// Attaches the underlying error; [`std::error::Error::source`] returns it.
    #[must_use]
    pub fn with_cause(mut self, cause: impl std::error::Error + Send + Sync + 'static) -> Error {
        self.cause = Some(Arc::new(cause));
        self
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The enterprise the error belongs to, if any.
    #[must_use]
    pub fn enterprise(&self) -> Option<&str> {
        self.context.enterprise.as_deref()
    }

    /// The id of the fact at fault, if any.
    #[must_use]
    pub fn fact(&self) -> Option<&str> {
        self.context.fact.as_deref()
    }

    /// The field, column or argument at fault, if any (e.g. `cumulative[0].threshold`).
    #[must_use]
    pub fn field(&self) -> Option<&str> {
        self.context.field.as_deref()
    }

    /// The value at fault, if any: the unknown article, the repair target, the bad code.
    #[must_use]
    pub fn subject(&self) -> Option<&str> {
        self.context.subject.as_deref()
    }

    /// What is wrong, without the place.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.context.message
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorKind;

    /// The position of a kind in [`ErrorKind::ALL`]; exhaustive, so a new kind
    /// does not compile until it is placed.
    fn position(kind: ErrorKind) -> usize {
        match kind {
            ErrorKind::UnknownArticle => 0,
            ErrorKind::FactBeforeRegistration => 1,
            ErrorKind::UnknownRepairTarget => 2,
            ErrorKind::UnknownDepartmentRecord => 3,
            ErrorKind::DuplicateFactId => 4,
            ErrorKind::ForeignFact => 5,
            ErrorKind::ConflictingArticle => 6,
            ErrorKind::InvalidPolicy => 7,
            ErrorKind::InvalidCreditCode => 8,
            ErrorKind::Parse => 9,
            ErrorKind::InvalidInput => 10,
            ErrorKind::Overflow => 11,
            ErrorKind::Source => 12,
            ErrorKind::OutsideCalendar => 13,
            ErrorKind::BeforeFirstVersion => 14,
            ErrorKind::UnknownDecision => 15,
        }
    }

    #[test]
    fn all_lists_every_kind_once_with_distinct_names() {
        for (i, k) in ErrorKind::ALL.iter().enumerate() {
            assert_eq!(position(*k), i, "{k}");
        }
        let mut names: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorKind::ALL.len());
    }
}
