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

/// The sign law of score mode: an added adverse fact never raises a score.
///
/// A score is `base + Σ coefficient(method) × points` over the findings active at
/// the date. Adding an adverse fact (a penalty, breach, department record,
/// disclosure failure, complaint, admonition or key-person flag) only ever *adds*
/// findings: its own adverse event or flag, and the events of cumulative rules
/// whose counts it completes. Counts only grow with more facts and a derived event
/// is added beside the counted ones, never in their place; no existing event is
/// shortened (repairs name their target) and honours do not depend on adverse
/// facts. So the law holds exactly when every term an adverse fact can add is at
/// most zero: `coefficient(method) × severity_points(s) ≤ 0` for every method that
/// may carry an adverse event, and `coefficient(method) × key_person_points ≤ 0`.
/// Custom quantifiers may attach adverse events and flags to any method, so the
/// convention fixed here is the simple sufficient one: every coefficient is
/// non-negative and every adverse point value non-positive.
///
/// A refinement bar and the floors only lower a banded grade, so the grade follows
/// the score. The severities must also be ordered (serious ≤ general ≤ minor):
/// the law for an added fact does not need it, but a graver class scoring above a
/// lighter one would make re-classifying a fact as graver raise the score.
fn score_signs(s: &super::ScoreRules) -> Result<(), Error> {
    for m in crate::quantify::Method::ALL {
        let c = s.coefficients.get(m);
        if c.is_sign_negative() && !c.is_zero() {
            return Err(Error::invalid_policy(
                format!("scoring.coefficients.{}", m.as_str()),
                format!(
                    "{c} is negative: it would turn adverse points into a gain; coefficients are zero or positive"
                ),
            ));
        }
    }
    for sev in Severity::ALL {
        let v = s.severity_points.get(sev);
        if v.is_sign_positive() && !v.is_zero() {
            return Err(Error::invalid_policy(
                format!("scoring.severity_points.{sev}"),
                format!(
                    "{v} is positive: an adverse event would raise the score; severity points are zero or negative"
                ),
            ));
        }
    }
    let p = &s.severity_points;
    if p.general > p.minor {
        return Err(Error::invalid_policy(
            "scoring.severity_points.general",
            format!(
                "a general event ({}) would score above a minor one ({})",
                p.general, p.minor
            ),
        ));
    }
    if p.serious > p.general {
        return Err(Error::invalid_policy(
            "scoring.severity_points.serious",
            format!(
                "a serious event ({}) would score above a general one ({})",
                p.serious, p.general
            ),
        ));
    }
    let k = s.key_person_points;
    if k.is_sign_positive() && !k.is_zero() {
        return Err(Error::invalid_policy(
            "scoring.key_person_points",
            format!(
                "{k} is positive: a key-person flag would raise the score; the points are zero or negative"
            ),
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
    /// empty breach kind; a repeated (department, code) mapping; in score mode, a
    /// negative coefficient, positive severity or key-person points, severity
    /// points that do not fall from minor to general to serious (so that an added
    /// adverse fact never raises a score), bands that are empty, not strictly
    /// descending, or whose grades do not strictly worsen, and rounding to more
    /// than 28 places.
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
            score_signs(s)?;
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
    fn score_signs_that_would_let_an_adverse_fact_raise_a_score_are_refused() {
        let with = |f: &dyn Fn(&mut super::super::ScoreRules)| {
            let mut p = Policy::score_preset();
            if let Scoring::Score(s) = &mut p.scoring {
                f(s);
            }
            p
        };
        // The outside report: minor = +50 with floors off.
        let p = with(&|s| {
            s.floors = false;
            s.severity_points.minor = 50.into();
        });
        assert_eq!(field_of(&p), "scoring.severity_points.minor");
        assert_eq!(
            p.validate().unwrap_err().to_string(),
            "policy field `scoring.severity_points.minor`: 50 is positive: an adverse event would raise the score; severity points are zero or negative"
        );
        let p = with(&|s| s.coefficients.penalty_based = (-1).into());
        assert_eq!(field_of(&p), "scoring.coefficients.penalty_based");
        let p = with(&|s| s.coefficients.reference = Decimal::new(-1, 2));
        assert_eq!(field_of(&p), "scoring.coefficients.reference");
        let p = with(&|s| s.coefficients.tiered = (-1).into());
        assert_eq!(field_of(&p), "scoring.coefficients.tiered");
        let p = with(&|s| s.key_person_points = 1.into());
        assert_eq!(field_of(&p), "scoring.key_person_points");
        let p = with(&|s| s.severity_points.general = (-10).into());
        assert_eq!(field_of(&p), "scoring.severity_points.general");
        let p = with(&|s| s.severity_points.serious = (-20).into());
        assert_eq!(field_of(&p), "scoring.severity_points.serious");
        // Zero is allowed everywhere: a study may switch a method or a class off.
        let p = with(&|s| {
            s.coefficients = super::super::Coefficients::uniform(Decimal::ZERO);
            s.severity_points =
                super::super::PerSeverity::new(Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
            s.key_person_points = Decimal::ZERO;
        });
        p.validate().unwrap();
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
