//! Month arithmetic on civil dates, as `docs/spec.md` defines it: `d ± n months` is
//! chrono's `checked_add_months` / `checked_sub_months`, clamped to month end
//! (2024-01-31 + 1 month = 2024-02-29). Beyond the calendar's range the result
//! saturates at its end, so no date arithmetic in grading can fail.

use chrono::{Months, NaiveDate};

/// `d + n` months, clamped to month end; saturates at the end of time; `d` for a
/// negative `n` (policies validate months as non-negative).
pub(crate) fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    match u32::try_from(n) {
        Ok(n) => d
            .checked_add_months(Months::new(n))
            .unwrap_or(NaiveDate::MAX),
        Err(_) => d,
    }
}

/// `d − n` months, clamped to month end; saturates at the start of time; `d` for a
/// negative `n`.
pub(crate) fn sub_months(d: NaiveDate, n: i32) -> NaiveDate {
    match u32::try_from(n) {
        Ok(n) => d
            .checked_sub_months(Months::new(n))
            .unwrap_or(NaiveDate::MIN),
        Err(_) => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_clamp_to_month_end_and_saturate() {
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(sub_months(d(2025, 2, 28), 12), d(2024, 2, 28));
        assert_eq!(add_months(NaiveDate::MAX, 12), NaiveDate::MAX);
        assert_eq!(sub_months(NaiveDate::MIN, 12), NaiveDate::MIN);
        assert_eq!(add_months(d(2024, 1, 31), -1), d(2024, 1, 31));
    }
}
