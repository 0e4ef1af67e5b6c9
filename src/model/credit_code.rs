//! The unified social credit code (统一社会信用代码) of GB 32100-2015.

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, ErrorKind};

/// The code's character set in value order: the character at index `v` has value
/// `v`. Digits, then the upper-case Latin letters without I, O, Z, S and V.
const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The weights of positions 1 to 17: `3^(i-1) mod 31`.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The number of characters of a code.
const LEN: usize = 18;

/// A unified social credit code (统一社会信用代码), validated.
///
/// Since 2015 every legal entity and individual business in China carries one
/// 18-character code (GB 32100-2015), laid out as
///
/// | position | part |
/// |---|---|
/// | 1 | registration authority (登记管理部门代码), e.g. `9` for market supervision |
/// | 2 | organisation type (机构类别代码), e.g. `1` for an enterprise |
/// | 3–8 | administrative division (登记管理机关行政区划码, GB/T 2260) |
/// | 9–17 | organisation code (主体标识码, GB 11714) |
/// | 18 | check character (校验码) |
///
/// Every character is a digit or an upper-case letter other than I, O, Z, S and V.
/// The check character is `31 − (Σ value × weight mod 31)` over the first 17
/// characters, with weights `3^(i−1) mod 31` and 31 written as `0`.
///
/// Only the layout, the character set and the check character are validated: the
/// parts are not looked up in their registries, and the check digit of the embedded
/// GB 11714 organisation code is not verified. Lower case is refused: the standard
/// writes the code in upper case.
///
/// A `CreditCode` is an optional validation type: enterprise ids stay plain strings
/// ([`Enterprise::id`](crate::Enterprise::id)), and an integrator that keys its
/// enterprises by credit code can validate them with this type.
///
/// ```
/// use creditgrade::model::CreditCode;
/// let code: CreditCode = "91350100M000100Y43".parse()?;
/// assert_eq!(code.registration_authority(), '9');
/// assert_eq!(code.organisation_type(), '1');
/// assert_eq!(code.division_code(), "350100");
/// assert_eq!(code.organisation_code(), "M000100Y4");
/// assert_eq!(code.check_char(), '3');
/// assert_eq!(code.to_string(), "91350100M000100Y43");
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses and validates an 18-character code.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidCreditCode`] when the text is not 18 characters long,
    /// when a character is outside the code's character set (lower case included;
    /// the message names the first such position, counting from 1), or when the
    /// check character is not the one computed from the first 17 (the message gives
    /// the expected one). The error's [`subject`](Error::subject) is the text.
    ///
    /// ```
    /// use creditgrade::ErrorKind;
    /// use creditgrade::model::CreditCode;
    /// let code = CreditCode::parse("914403001922038216")?;
    /// assert_eq!(code.as_str(), "914403001922038216");
    ///
    /// let err = CreditCode::parse("914403001922038217").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidCreditCode);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "credit code \"914403001922038217\": position 18: check character is '7', expected '6'",
    /// );
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<CreditCode, Error> {
        let count = text.chars().count();
        if count != LEN {
            return Err(invalid(
                text,
                &format!("expected {LEN} characters, found {count}"),
            ));
        }
        let expected = check_of(text, &text[..first_17_len(text)])?;
        let actual = text.chars().last().unwrap_or(' ');
        match value_of(actual) {
            Some(_) if actual == expected => Ok(CreditCode(text.to_owned())),
            Some(_) => Err(invalid(
                text,
                &format!("position {LEN}: check character is '{actual}', expected '{expected}'"),
            )),
            None => Err(invalid(text, &charset_problem(LEN, actual))),
        }
    }

    /// Computes the check character (position 18) of the first 17 characters.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidCreditCode`] when the text is not 17 characters long or
    /// a character is outside the code's character set; the message names the
    /// position.
    ///
    /// ```
    /// use creditgrade::model::CreditCode;
    /// assert_eq!(CreditCode::compute_check("91350100M000100Y4")?, '3');
    /// assert!(CreditCode::compute_check("91350100M000100Y").is_err());
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    pub fn compute_check(first_17: &str) -> Result<char, Error> {
        let count = first_17.chars().count();
        if count != LEN - 1 {
            return Err(invalid(
                first_17,
                &format!(
                    "expected {} characters before the check character, found {count}",
                    LEN - 1
                ),
            ));
        }
        check_of(first_17, first_17)
    }

    /// The code as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Position 1: the registration authority code (登记管理部门代码), e.g. `9` for
    /// market supervision (工商), `5` for civil affairs (民政), `1` for institutional
    /// establishment (机构编制).
    #[must_use]
    pub fn registration_authority(&self) -> char {
        self.char_at(0)
    }

    /// Position 2: the organisation type code (机构类别代码) within the
    /// registration authority, e.g. `1` enterprise, `2` individual business,
    /// `3` farmers' cooperative under authority `9`.
    #[must_use]
    pub fn organisation_type(&self) -> char {
        self.char_at(1)
    }

    /// Positions 3–8: the administrative division code (行政区划码) of the
    /// registering authority, e.g. `440307` for Longgang, Shenzhen.
    #[must_use]
    pub fn division_code(&self) -> &str {
        self.0.get(2..8).unwrap_or("")
    }

    /// Positions 9–17: the organisation code (主体标识码 / 组织机构代码).
    #[must_use]
    pub fn organisation_code(&self) -> &str {
        self.0.get(8..17).unwrap_or("")
    }

    /// Position 18: the check character (校验码).
    #[must_use]
    pub fn check_char(&self) -> char {
        self.char_at(17)
    }

    fn char_at(&self, index: usize) -> char {
        // A parsed code is 18 ASCII characters.
        self.0.as_bytes().get(index).map_or(' ', |&b| char::from(b))
    }
}

/// The byte length of the first 17 characters of an 18-character text.
fn first_17_len(text: &str) -> usize {
    text.char_indices()
        .nth(LEN - 1)
        .map_or(text.len(), |(i, _)| i)
}

/// The value of a character of the code's character set.
fn value_of(c: char) -> Option<u32> {
    let b = u8::try_from(c).ok()?;
    CHARSET
        .iter()
        .position(|&x| x == b)
        .and_then(|p| u32::try_from(p).ok())
}

/// The check character of `body` (17 characters); `text` names the code in errors.
fn check_of(text: &str, body: &str) -> Result<char, Error> {
    let mut sum = 0u32;
    for (i, (c, w)) in body.chars().zip(WEIGHTS).enumerate() {
        let v = value_of(c).ok_or_else(|| invalid(text, &charset_problem(i + 1, c)))?;
        sum += v * w;
    }
    let check = (31 - sum % 31) % 31;
    Ok(CHARSET.get(check as usize).map_or('0', |&b| char::from(b)))
}

fn charset_problem(position: usize, c: char) -> String {
    let upper = c.to_ascii_uppercase();
    if c.is_ascii_lowercase() && value_of(upper).is_some() {
        format!(
            "position {position}: '{c}' is lower case; the code is written in upper case ('{upper}')"
        )
    } else {
        format!(
            "position {position}: '{c}' is not in the code's character set (0-9 and A-Z without I, O, Z, S, V)"
        )
    }
}

fn invalid(text: &str, message: &str) -> Error {
    Error::new(
        ErrorKind::InvalidCreditCode,
        format!("credit code {text:?}: {message}"),
    )
    .with_subject(text)
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0)
    }
}

impl FromStr for CreditCode {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CreditCode::parse(s)
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Serialize for CreditCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for CreditCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CreditCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three_mod_31() {
        let mut w = 1u32;
        for weight in WEIGHTS {
            assert_eq!(weight, w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn charset_has_31_characters_without_i_o_z_s_v() {
        assert_eq!(CHARSET.len(), 31);
        for c in [b'I', b'O', b'Z', b'S', b'V'] {
            assert!(!CHARSET.contains(&c));
        }
        assert_eq!(value_of('A'), Some(10));
        assert_eq!(value_of('J'), Some(18));
        assert_eq!(value_of('Y'), Some(30));
        assert_eq!(value_of('I'), None);
        assert_eq!(value_of('统'), None);
    }

    #[test]
    fn check_of_standard_example_by_hand() {
        // 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29
        // + 0·25 + 0·13 + 1·8 + 0·24 + 0·10 + Y(30)·30 + 4·28 = 1640;
        // 1640 mod 31 = 28; 31 − 28 = 3.
        let sum: u32 = "91350100M000100Y4"
            .chars()
            .zip(WEIGHTS)
            .map(|(c, w)| value_of(c).unwrap_or(0) * w)
            .sum();
        assert_eq!(sum, 1640);
        assert_eq!(sum % 31, 28);
        assert_eq!(CreditCode::compute_check("91350100M000100Y4"), Ok('3'));
    }

    #[test]
    fn remainder_zero_gives_check_zero() {
        // All zeros: sum 0, 31 − 0 = 31, written '0'.
        assert_eq!(CreditCode::compute_check("00000000000000000"), Ok('0'));
        assert!(CreditCode::parse("000000000000000000").is_ok());
    }
}
