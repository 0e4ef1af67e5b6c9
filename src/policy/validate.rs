//! Policy validation: nonsense is refused with the field named.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Policy, Scoring};
use crate::{Error, Severity};

/// Longest period, in months, any knob may take (100 years).
const MAX_MONTHS: i32 = 1200;

fn months(field: &str, value: i32, min: i32) -> Result<(), Error> {
    if value < min || value > MAX_MONTHS {
        return Err(Error::invalid_policy(
            field,
            format!("{value} months is out of range ({min} to {MAX_MONTHS})"),
        ));
    }
    Ok(())
}

fn non_negative(field: &str, value: Decimal) -> Result<(), Error> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Error::invalid_policy(
            field,
            format!("{value} is negative; points are not"),
        ));
    }
    Ok(())
}

impl Policy {
    /// Checks every knob.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidPolicy`](crate::ErrorKind::InvalidPolicy), naming the
    /// field, for: a lock length outside 1–1200 months or a repair minimum outside
    /// 0–1200; a cumulative rule with an empty or repeated id, a window outside
    /// 1–1200 months or a threshold of zero; an annual-report deadline that is not
    /// a date in every year or a first year outside 1900–9999; a look-back outside
    /// 0–1200 months; negative honour points; an AA threshold above the AAA one; an
    /// empty breach kind; a repeated (department, code) mapping; score bands that
    /// are empty, not strictly descending, or whose grades do not strictly worsen;
    /// rounding to more than 28 places.
    ///
    /// ```
    /// use creditgrade::{ErrorKind, Policy};
    /// let mut p = Policy::seed();
    /// p.cumulative[0].threshold = 0;
    /// let err = p.validate().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::InvalidPolicy);
    /// assert_eq!(err.field(), Some("cumulative[0].threshold"));
    /// ```
    pub fn validate(&self) -> Result<(), Error> {
        for s in Severity::ALL {
            months(
                &format!("lock.duration_months.{s}"),
                self.lock.duration_months.get(s),
                1,
            )?;
            months(
                &format!("lock.repair_min_months.{s}"),
                self.lock.repair_min_months.get(s),
                0,
            )?;
        }
        for k in self.breaches.by_kind.keys() {
            if k.is_empty() {
                return Err(Error::invalid_policy(
                    "breaches.by_kind",
                    "a breach kind is empty",
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, r) in self.departments.rules.iter().enumerate() {
            if r.department.is_empty() {
                return Err(Error::invalid_policy(
                    format!("departments.rules[{i}].department"),
                    "the department is empty",
                ));
            }
            if !seen.insert((r.department.as_str(), r.code.as_str())) {
                return Err(Error::invalid_policy(
                    format!("departments.rules[{i}]"),
                    format!(
                        "department {:?} code {:?} is mapped twice",
                        r.department, r.code
                    ),
                ));
            }
        }
        let mut ids = BTreeSet::new();
        for (i, r) in self.cumulative.iter().enumerate() {
            if r.id.is_empty() {
                return Err(Error::invalid_policy(
                    format!("cumulative[{i}].id"),
                    "the rule id is empty",
                ));
            }
            if !ids.insert(r.id.as_str()) {
                return Err(Error::invalid_policy(
                    format!("cumulative[{i}].id"),
                    format!("rule id {:?} is used twice", r.id),
                ));
            }
            months(
                &format!("cumulative[{i}].window_months"),
                r.window_months,
                1,
            )?;
            if r.threshold == 0 {
                return Err(Error::invalid_policy(
                    format!("cumulative[{i}].threshold"),
                    "a threshold of zero would fire without any fact",
                ));
            }
        }
        if let Some(a) = &self.annual_reports {
            if !(1900..=9999).contains(&a.first_year) {
                return Err(Error::invalid_policy(
                    "annual_reports.first_year",
                    format!("{} is not a plausible year", a.first_year),
                ));
            }
            // The deadline must exist in every year, leap or not.
            if NaiveDate::from_ymd_opt(2001, a.deadline_month, a.deadline_day).is_none() {
                return Err(Error::invalid_policy(
                    "annual_reports.deadline_day",
                    format!(
                        "month {} day {} is not a date in every year",
                        a.deadline_month, a.deadline_day
                    ),
                ));
            }
        }
        let r = &self.refine;
        months("refine.lookback_months", r.lookback_months, 0)?;
        let p = &r.points;
        for (name, lv) in [
            ("contract_abiding", p.contract_abiding),
            ("trademark", p.trademark),
            ("other", p.other),
        ] {
            non_negative(&format!("refine.points.{name}.national"), lv.national)?;
            non_negative(&format!("refine.points.{name}.provincial"), lv.provincial)?;
            non_negative(&format!("refine.points.{name}.municipal"), lv.municipal)?;
            non_negative(&format!("refine.points.{name}.district"), lv.district)?;
        }
        non_negative("refine.points.advertising.a", p.advertising.a)?;
        non_negative("refine.points.advertising.b", p.advertising.b)?;
        non_negative("refine.points.advertising.c", p.advertising.c)?;
        non_negative("refine.aa_min", r.aa_min)?;
        if r.aa_min > r.aaa_min {
            return Err(Error::invalid_policy(
                "refine.aa_min",
                format!(
                    "the AA threshold {} is above the AAA threshold {}",
                    r.aa_min, r.aaa_min
                ),
            ));
        }
        if let Scoring::Score(s) = &self.scoring {
            if s.bands.is_empty() {
                return Err(Error::invalid_policy("scoring.bands", "there are no bands"));
            }
            for (i, w) in s.bands.windows(2).enumerate() {
                if w[1].min >= w[0].min {
                    return Err(Error::invalid_policy(
                        format!("scoring.bands[{}].min", i + 1),
                        format!(
                            "bands must be in strictly descending order: {} follows {}",
                            w[1].min, w[0].min
                        ),
                    ));
                }
                if w[1].grade <= w[0].grade {
                    return Err(Error::invalid_policy(
                        format!("scoring.bands[{}].grade", i + 1),
                        format!(
                            "grades must strictly worsen down the bands: {} follows {}",
                            w[1].grade, w[0].grade
                        ),
                    ));
                }
            }
            if s.rounding.decimal_places > 28 {
                return Err(Error::invalid_policy(
                    "scoring.rounding.decimal_places",
                    format!(
                        "{} places is more than Decimal holds (28)",
                        s.rounding.decimal_places
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn field_of(p: &Policy) -> String {
        let e = p.validate().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidPolicy);
        e.field().unwrap().to_owned()
    }

    #[test]
    fn presets_are_valid() {
        Policy::seed().validate().unwrap();
        Policy::score_preset().validate().unwrap();
    }

    #[test]
    fn nonsense_is_refused_naming_the_field() {
        let mut p = Policy::seed();
        p.lock.duration_months.general = -1;
        assert_eq!(field_of(&p), "lock.duration_months.general");
        assert_eq!(
            p.validate().unwrap_err().to_string(),
            "policy field `lock.duration_months.general`: -1 months is out of range (1 to 1200)"
        );

        let mut p = Policy::seed();
        p.lock.repair_min_months.serious = -3;
        assert_eq!(field_of(&p), "lock.repair_min_months.serious");

        let mut p = Policy::seed();
        p.cumulative[1].window_months = 0;
        assert_eq!(field_of(&p), "cumulative[1].window_months");

        let mut p = Policy::seed();
        p.cumulative[2].id = "complaints".into();
        assert_eq!(field_of(&p), "cumulative[2].id");

        let mut p = Policy::seed();
        p.refine.aa_min = 61.into();
        assert_eq!(field_of(&p), "refine.aa_min");

        let mut p = Policy::seed();
        p.refine.points.trademark.district = (-1).into();
        assert_eq!(field_of(&p), "refine.points.trademark.district");

        let mut p = Policy::seed();
        if let Some(a) = p.annual_reports.as_mut() {
            a.deadline_month = 2;
            a.deadline_day = 29;
        }
        assert_eq!(field_of(&p), "annual_reports.deadline_day");
    }

    #[test]
    fn unordered_bands_are_refused() {
        let mut p = Policy::score_preset();
        if let Scoring::Score(s) = &mut p.scoring {
            s.bands.swap(1, 2);
        }
        assert_eq!(field_of(&p), "scoring.bands[2].min");

        let mut p = Policy::score_preset();
        if let Scoring::Score(s) = &mut p.scoring {
            s.bands[1].grade = crate::Grade::Aaa;
        }
        assert_eq!(field_of(&p), "scoring.bands[1].grade");

        let mut p = Policy::score_preset();
        if let Scoring::Score(s) = &mut p.scoring {
            s.bands.clear();
        }
        assert_eq!(field_of(&p), "scoring.bands");
    }

    #[test]
    fn fingerprint_changes_with_any_knob() {
        let a = Policy::seed().fingerprint();
        let mut p = Policy::seed();
        p.refine.aaa_min = 61.into();
        assert_ne!(a, p.fingerprint());
        assert_ne!(a, Policy::score_preset().fingerprint());
    }
}
