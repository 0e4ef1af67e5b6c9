//! The supported date range: years 1 to 9999, as in the interchange format.

use chrono::NaiveDate;

use crate::Error;

/// The first date the library accepts: 0001-01-01.
///
/// Every date that enters the library (a fact's date, an honour's expiry, a
/// registration, an assessment date, the dates of supervision and disclosure
/// records and calls) must lie in [`FIRST_DATE`]`..=`[`LAST_DATE`]; outside it the
/// call fails with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)
/// naming the field. Dates the library computes (a lock's end, a deadline) may
/// lie beyond [`LAST_DATE`]: a lock that ends after it is still running on it.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1, 1, 1) {
    Some(d) => d,
    None => unreachable!(),
};

/// The last date the library accepts: 9999-12-31. See [`FIRST_DATE`].
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::model::LAST_DATE;
/// use creditgrade::{Assessor, Catalogue, Enterprise, ErrorKind, History, Policy};
/// let assessor = Assessor::new(Policy::seed(), Catalogue::default())?;
/// let h = History::new(Enterprise::new("E1", NaiveDate::from_ymd_opt(2020, 1, 1).unwrap()), vec![])?;
/// assert!(assessor.summarize(&h, LAST_DATE).is_ok());
/// let err = assessor.summarize(&h, LAST_DATE.succ_opt().unwrap()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidInput);
/// assert_eq!(err.field(), Some("as_of"));
/// # Ok::<(), creditgrade::Error>(())
/// ```
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => unreachable!(),
};

/// Refuses a date outside the supported range, naming the field.
pub(crate) fn check_date(field: &str, d: NaiveDate) -> Result<(), Error> {
    if (FIRST_DATE..=LAST_DATE).contains(&d) {
        Ok(())
    } else {
        Err(out_of_range(field, d))
    }
}

/// The error for a date outside the supported range.
pub(crate) fn out_of_range(field: &str, d: NaiveDate) -> Error {
    Error::invalid_input(
        field,
        format!("{d} is outside the supported dates ({FIRST_DATE} to {LAST_DATE})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_years_1_to_9999() {
        assert_eq!(FIRST_DATE.to_string(), "0001-01-01");
        assert_eq!(LAST_DATE.to_string(), "9999-12-31");
        check_date("x", FIRST_DATE).unwrap();
        check_date("x", LAST_DATE).unwrap();
        let e = check_date("as_of", NaiveDate::MAX).unwrap_err();
        assert_eq!(e.field(), Some("as_of"));
        assert_eq!(
            e.to_string(),
            format!(
                "`as_of`: {} is outside the supported dates (0001-01-01 to 9999-12-31)",
                NaiveDate::MAX
            )
        );
        assert!(check_date("x", FIRST_DATE.pred_opt().unwrap()).is_err());
        assert!(check_date("x", LAST_DATE.succ_opt().unwrap()).is_err());
    }
}
