//! The one public error type.

use core::fmt;

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
}

impl ErrorKind {
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
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Context {
    enterprise: Option<String>,
    fact: Option<String>,
    field: Option<String>,
    subject: Option<String>,
    message: String,
}

/// The error of every fallible function in this crate.
///
/// An error has a [`kind`](Error::kind) to match on and a context that names the
/// place: the enterprise, the fact, the policy field, and what is wrong. The
/// `Display` message puts them together:
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    context: Box<Context>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            context: Box::new(Context {
                enterprise: None,
                fact: None,
                field: None,
                subject: None,
                message: message.into(),
            }),
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

    pub(crate) fn with_enterprise(mut self, enterprise: impl Into<String>) -> Error {
        self.context.enterprise = Some(enterprise.into());
        self
    }

    pub(crate) fn with_fact(mut self, fact: impl Into<String>) -> Error {
        self.context.fact = Some(fact.into());
        self
    }

    pub(crate) fn with_field(mut self, field: impl Into<String>) -> Error {
        self.context.field = Some(field.into());
        self
    }

    /// Sets the subject: the article, the repair target, the code at fault.
    pub(crate) fn with_subject(mut self, subject: impl Into<String>) -> Error {
        self.context.subject = Some(subject.into());
        self
    }

    /// An error of your data source ([`ErrorKind::Source`]), for
    /// [`FactSource`](crate::FactSource) implementations.
    ///
    /// ```
    /// use creditgrade::{Error, ErrorKind};
    /// let e = Error::source("database unreachable").for_enterprise("E1");
    /// assert_eq!(e.kind(), ErrorKind::Source);
    /// assert_eq!(e.to_string(), "enterprise \"E1\": database unreachable");
    /// ```
    pub fn source(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Source, message)
    }

    /// Names the enterprise the error belongs to.
    #[must_use]
    pub fn for_enterprise(self, enterprise: impl Into<String>) -> Error {
        self.with_enterprise(enterprise)
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

    /// The policy field or argument at fault, if any (e.g. `cumulative[0].threshold`).
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.context;
        if let Some(e) = &c.enterprise {
            write!(f, "enterprise {e:?}: ")?;
        }
        if let Some(x) = &c.fact {
            write!(f, "fact {x:?}: ")?;
        }
        if let Some(x) = &c.field {
            match self.kind {
                ErrorKind::InvalidPolicy => write!(f, "policy field `{x}`: ")?,
                _ => write!(f, "`{x}`: ")?,
            }
        }
        f.write_str(&c.message)
    }
}

impl std::error::Error for Error {}
