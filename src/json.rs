//! Policy files as JSON: one implementation of `from_json` / `to_json` for every
//! configuration type, with the JSON path of the field at fault in every error.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;

use crate::{Error, ErrorKind};

/// A configuration type read from and written to a JSON file.
///
/// `check` is the type's own validation (`validate()`); its errors already name
/// the field by its JSON path.
pub(crate) trait PolicyFile: Serialize + DeserializeOwned {
    /// Validation after a successful parse.
    fn check(&self) -> Result<(), Error>;
}

/// Gives a configuration type `from_json` and `to_json`, documented, over
/// [`from_json`] and [`to_json`]: `policy_file!(Type, "crate::path::Type", |p| check)`.
/// The type must implement `Default` (the doc example round-trips it).
macro_rules! policy_file {
    ($ty:ident, $path:literal, $check:expr) => {
        impl $crate::json::PolicyFile for $ty {
            fn check(&self) -> Result<(), $crate::Error> {
                let check: fn(&$ty) -> Result<(), $crate::Error> = $check;
                check(self)
            }
        }

        impl $ty {
            #[doc = concat!("Reads a `", stringify!($ty), "` from its JSON file: strict JSON (no")]
            /// unknown field; every field present unless the type documents a
            /// default for it), then validation.
            ///
            /// # Errors
            ///
            /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) for a
            /// syntax error, a wrong type, a missing or unknown field and a
            /// validation error alike, with the JSON path of the field at fault in
            /// [`Error::field`](crate::Error::field).
            ///
            /// ```
            #[doc = concat!("use ", $path, ";")]
            #[doc = concat!("let p = ", stringify!($ty), "::default();")]
            #[doc = concat!("assert_eq!(", stringify!($ty), "::from_json(&p.to_json()?)?, p);")]
            #[doc = concat!("let err = ", stringify!($ty), "::from_json(\"{\\\"x\\\": 1}\").unwrap_err();")]
            /// assert_eq!(err.kind(), creditgrade::ErrorKind::InvalidPolicy);
            /// # Ok::<(), creditgrade::Error>(())
            /// ```
            pub fn from_json(text: &str) -> Result<$ty, $crate::Error> {
                $crate::json::from_json(text)
            }

            /// Writes the JSON file: pretty (two-space indent), fields in declaration
            /// order, decimals as strings, `null` for what is off, a final newline.
            ///
            /// # Errors
            ///
            /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy) if it
            /// cannot be written (it always can today; the signature leaves room).
            pub fn to_json(&self) -> Result<String, $crate::Error> {
                $crate::json::to_json(self)
            }
        }
    };
}

pub(crate) use policy_file;

/// Parses `text` as a `T`, then validates it. Every error is
/// [`ErrorKind::InvalidPolicy`] with the JSON path of the field at fault in
/// [`Error::field`] (`lock.duration_months.minor`, `cumulative[0].threshold`); the
/// path is absent only where the document as a whole is at fault (empty input,
/// trailing characters, not an object).
pub(crate) fn from_json<T: PolicyFile>(text: &str) -> Result<T, Error> {
    let value: T = parse(text)?;
    value.check().map_err(as_policy_error)?;
    Ok(value)
}

/// Parses without the type's own validation (nested types with validating
/// constructors are still checked).
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => {
            let path = path_of(e.path());
            return Err(from_serde(path, e.inner()));
        }
    };
    de.end().map_err(|e| from_serde(String::new(), &e))?;
    Ok(value)
}

/// The pretty JSON of a configuration (two-space indent, fields in declaration
/// order, maps sorted, decimals as strings, a final newline).
pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    let mut s = serde_json::to_string_pretty(value).map_err(|e| {
        Error::new(
            ErrorKind::InvalidPolicy,
            format!("cannot be written as JSON: {e}"),
        )
    })?;
    s.push('\n');
    Ok(s)
}

/// The same error as [`ErrorKind::InvalidPolicy`]: every error of a policy file
/// has that kind.
pub(crate) fn as_policy_error(e: Error) -> Error {
    if e.kind() == ErrorKind::InvalidPolicy {
        return e;
    }
    let mut out = Error::new(ErrorKind::InvalidPolicy, e.message());
    if let Some(f) = e.field() {
        out = out.with_field(f);
    }
    out
}

fn path_of(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { variant } => push_key(&mut out, variant),
            // A key that is not a string (a syntax error): the path ends before it.
            Segment::Unknown => break,
        }
    }
    out
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// Deserialises a field that is present (even as `null`) into `Some`; with
/// `#[serde(default)]` an absent field stays `None`. For `Option<Option<T>>`
/// fields whose `null` means something other than absence.
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(d).map(Some)
}

/// Joins a path and a field named relative to it (`a.b` + `c[0]` → `a.b.c[0]`,
/// `a` + `[1]` → `a[1]`).
pub(crate) fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else if field.is_empty() {
        path.to_owned()
    } else if field.starts_with('[') {
        format!("{path}{field}")
    } else {
        format!("{path}.{field}")
    }
}

/// Prefix of the message of an [`ErrorKind::InvalidPolicy`] error with a field, as
/// `Display` writes it; nested validation errors come back through serde as text.
const NESTED_POLICY: &str = "policy field `";
/// The same for other kinds (`InvalidInput`).
const NESTED_OTHER: &str = "`";

fn from_serde(path: String, e: &serde_json::Error) -> Error {
    let text = e.to_string();
    // serde_json appends the position; keep it at the end of our message.
    let position = if e.line() > 0 {
        format!(" at line {} column {}", e.line(), e.column())
    } else {
        String::new()
    };
    let message = text.strip_suffix(&position).unwrap_or(&text);
    // A nested type that validates when deserialised (a ladder, a period…) names
    // its own field relative to itself: join it to the path.
    let (path, message) = match split_nested(message) {
        Some((field, rest)) => (join(&path, field), rest),
        None => match named_field(message) {
            Some(field) if !path.ends_with(field) => (join(&path, field), message),
            _ => (path, message),
        },
    };
    let mut err = Error::new(ErrorKind::InvalidPolicy, format!("{message}{position}"));
    if !path.is_empty() {
        err = err.with_field(path);
    }
    err
}

/// The field of serde's "missing field `x`" and "unknown field `x`" messages,
/// where the path may name only the object.
fn named_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")
        .or_else(|| message.strip_prefix("unknown field `"))?
        .split_once('`')
        .map(|(field, _)| field)
}

fn split_nested(message: &str) -> Option<(&str, &str)> {
    let rest = message
        .strip_prefix(NESTED_POLICY)
        .or_else(|| message.strip_prefix(NESTED_OTHER))?;
    let (field, rest) = rest.split_once("`: ")?;
    Some((field, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_paths() {
        assert_eq!(join("", "a"), "a");
        assert_eq!(join("a", ""), "a");
        assert_eq!(join("a.b", "c[0]"), "a.b.c[0]");
        assert_eq!(join("a", "[1].x"), "a[1].x");
    }

    #[test]
    fn nested_messages_are_split() {
        assert_eq!(
            split_nested("policy field `steps[1].until`: no end"),
            Some(("steps[1].until", "no end"))
        );
        assert_eq!(split_nested("`period`: ends"), Some(("period", "ends")));
        assert_eq!(split_nested("missing field `x`"), None);
    }
}
