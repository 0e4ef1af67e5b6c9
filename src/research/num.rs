//! Checked `Decimal` arithmetic, and `ln` and `sqrt` to a documented precision.
//!
//! `rust_decimal` has no logarithm or square root without its `maths` feature; these
//! two are written here so that every number stays a `Decimal` and no float enters
//! a weight, a coefficient or a threshold.
//!
//! - [`ln`]: range reduction by powers of two to `m ∈ [0.75, 1.5]`, then the series
//!   `ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …)` with `s = (m − 1)/(m + 1)`,
//!   `|s| ≤ 0.2`, summed until a term rounds to zero. Absolute error below `1e-24`
//!   for every positive `Decimal` (the reduction step contributes at most
//!   `96 · 5e-29` through the rounded constant `ln 2`). `ln 1` is exactly `0`.
//! - [`sqrt`]: Newton's iteration `g ← (g + x/g)/2` from `g₀ = max(x, 1) ≥ √x`,
//!   stopped when the iterate stops decreasing; relative error below `1e-26`.

use rust_decimal::Decimal;

use crate::{Error, ErrorKind};

/// `ln 2` rounded to 28 decimal places.
const LN_2: Decimal = Decimal::from_parts(2_860_148_159, 2_180_329_217, 375_755_839, false, 28);

pub(crate) fn overflow(what: &str) -> Error {
    Error::new(
        ErrorKind::Overflow,
        format!("arithmetic left the range of Decimal while computing {what}"),
    )
}

pub(crate) fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, Error> {
    a.checked_add(b).ok_or_else(|| overflow(what))
}

pub(crate) fn sub(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, Error> {
    a.checked_sub(b).ok_or_else(|| overflow(what))
}

pub(crate) fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, Error> {
    a.checked_mul(b).ok_or_else(|| overflow(what))
}

/// Division; a zero divisor is reported as an overflow of `what` (callers check
/// their divisors first and never rely on this).
pub(crate) fn div(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, Error> {
    a.checked_div(b).ok_or_else(|| overflow(what))
}

pub(crate) fn sum<I: IntoIterator<Item = Decimal>>(items: I, what: &str) -> Result<Decimal, Error> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| add(acc, x, what))
}

/// `u64` → `Decimal` (always exact).
pub(crate) fn from_u64(n: u64) -> Decimal {
    Decimal::from(n)
}

/// `usize` → `Decimal`; counts beyond `u64` cannot occur on supported targets.
pub(crate) fn from_usize(n: usize, what: &str) -> Result<Decimal, Error> {
    u64::try_from(n)
        .map(Decimal::from)
        .map_err(|_| overflow(what))
}

/// The natural logarithm of a positive number (see the module docs for precision).
pub(crate) fn ln(x: Decimal, what: &str) -> Result<Decimal, Error> {
    if x <= Decimal::ZERO {
        return Err(Error::invalid_input(
            what.to_string(),
            format!("logarithm of a non-positive number ({x})"),
        ));
    }
    let two = Decimal::TWO;
    let lower = Decimal::new(75, 2);
    let upper = Decimal::new(15, 1);
    let mut m = x;
    let mut k: i64 = 0;
    while m > upper {
        m = div(m, two, what)?;
        k += 1;
    }
    while m < lower {
        m = mul(m, two, what)?;
        k -= 1;
    }
    let s = div(
        sub(m, Decimal::ONE, what)?,
        add(m, Decimal::ONE, what)?,
        what,
    )?;
    let s2 = mul(s, s, what)?;
    let mut power = s;
    let mut series = Decimal::ZERO;
    let mut denominator = Decimal::ONE;
    for _ in 0..64 {
        let term = div(power, denominator, what)?;
        if term.is_zero() {
            break;
        }
        series = add(series, term, what)?;
        power = mul(power, s2, what)?;
        denominator = add(denominator, two, what)?;
    }
    let ln_m = mul(series, two, what)?;
    add(mul(Decimal::from(k), LN_2, what)?, ln_m, what)
}

/// The square root of a non-negative number (see the module docs for precision).
pub(crate) fn sqrt(x: Decimal, what: &str) -> Result<Decimal, Error> {
    if x < Decimal::ZERO {
        return Err(Error::invalid_input(
            what.to_string(),
            format!("square root of a negative number ({x})"),
        ));
    }
    if x.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let mut g = x.max(Decimal::ONE);
    for _ in 0..512 {
        // g/2 + (x/g)/2 rather than (g + x/g)/2, which overflows near Decimal::MAX.
        let next = add(
            div(g, Decimal::TWO, what)?,
            div(div(x, g, what)?, Decimal::TWO, what)?,
            what,
        )?;
        if next >= g {
            break;
        }
        g = next;
    }
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn close(a: Decimal, b: Decimal, tol: &str) -> bool {
        (a - b).abs() <= d(tol)
    }

    #[test]
    fn ln_2_constant_is_ln_2_to_28_places() {
        // ln 2 = 0.693147180559945309417232121458176568…
        assert_eq!(LN_2, d("0.6931471805599453094172321215"));
    }

    #[test]
    fn ln_of_known_values() {
        assert_eq!(ln(Decimal::ONE, "t").unwrap(), Decimal::ZERO);
        // ln 10 = 2.302585092994045684017991454684364…
        assert!(close(
            ln(d("10"), "t").unwrap(),
            d("2.302585092994045684017991454684"),
            "1e-24"
        ));
        // ln 0.5 = −ln 2
        assert!(close(ln(d("0.5"), "t").unwrap(), -LN_2, "1e-26"));
        // ln 3 = 1.098612288668109691395245236922525704…
        assert!(close(
            ln(d("3"), "t").unwrap(),
            d("1.098612288668109691395245236923"),
            "1e-24"
        ));
        // ln 1e-20 = −20 ln 10 = −46.05170185988091368035982909368728…
        assert!(close(
            ln(d("1e-20"), "t").unwrap(),
            d("-46.05170185988091368035982909369"),
            "1e-23"
        ));
        // ln(7.9e28) ≈ 66.5392… : the largest range still works.
        assert!(ln(Decimal::MAX, "t").is_ok());
        assert_eq!(
            ln(Decimal::ZERO, "t").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
        assert_eq!(
            ln(d("-1"), "t").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn sqrt_of_known_values() {
        assert_eq!(sqrt(d("0"), "t").unwrap(), Decimal::ZERO);
        assert_eq!(sqrt(d("4"), "t").unwrap(), d("2"));
        assert_eq!(sqrt(d("0.25"), "t").unwrap(), d("0.5"));
        // √2 = 1.41421356237309504880168872420969807…
        assert!(close(
            sqrt(d("2"), "t").unwrap(),
            d("1.414213562373095048801688724"),
            "1e-26"
        ));
        assert!(sqrt(Decimal::MAX, "t").is_ok());
        assert!(close(sqrt(d("1e-20"), "t").unwrap(), d("1e-10"), "1e-26"));
        assert_eq!(
            sqrt(d("-1"), "t").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
}
