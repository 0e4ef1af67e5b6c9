//! The presets: the seed policy of `docs/spec.md` and a documented score-mode policy.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{
    AnnualReportRule, Band, BreachRules, Coefficients, Counted, CumulativeRule, DepartmentRules,
    HonourPoints, LockMode, LockRules, PenaltyRules, PerAdGrade, PerLevel, PerSeverity, Policy,
    RefineRules, Rounding, RoundingRule, ScoreRules, Scoring, UnknownArticle,
};
use crate::{Grade, Severity};

impl Policy {
    /// The seed policy: the normative behaviour of `docs/spec.md`, from the source document.
    ///
    /// - Episode lock; natural end 12 months for every severity; repairs accepted
    ///   after 0 / 3 / 12 months (minor / general / serious), the national minimum
    ///   publicity periods.
    /// - Unknown articles are errors; every breach is minor; no other department's
    ///   record is mapped.
    /// - Cumulative: 3 complaints in 12 months → minor; 2 admonitions in 12 months →
    ///   minor; 3 minor-class penalties in 12 months → general.
    /// - Annual reports from 2013, due 30 June of the next year; missing → minor.
    /// - Refinement: legal person, nothing adverse and no key-person flag in 36
    ///   months; AAA at 60 points, AA at 30 (placeholders).
    /// - Floor mode.
    ///
    /// ```
    /// use creditgrade::{Policy, Severity};
    /// use creditgrade::policy::LockMode;
    /// let p = Policy::seed();
    /// assert_eq!(p.lock.mode, LockMode::Episode);
    /// assert_eq!(p.lock.repair_min_months.get(Severity::Serious), 12);
    /// p.validate()?;
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    #[must_use]
    pub fn seed() -> Policy {
        Policy {
            name: "seed".to_owned(),
            lock: LockRules {
                mode: LockMode::Episode,
                duration_months: PerSeverity::new(12, 12, 12),
                repair_min_months: PerSeverity::new(0, 3, 12),
            },
            penalties: PenaltyRules {
                unknown_article: UnknownArticle::Error,
            },
            breaches: BreachRules {
                default_severity: Severity::Minor,
                by_kind: BTreeMap::new(),
            },
            departments: DepartmentRules {
                rules: Vec::new(),
                unknown_is_error: true,
            },
            cumulative: vec![
                CumulativeRule::new("complaints", Counted::Complaints, 12, 3, Severity::Minor),
                CumulativeRule::new("admonitions", Counted::Admonitions, 12, 2, Severity::Minor),
                CumulativeRule::new(
                    "minor_penalties",
                    Counted::Penalties(Severity::Minor),
                    12,
                    3,
                    Severity::General,
                ),
            ],
            annual_reports: Some(AnnualReportRule {
                first_year: 2013,
                deadline_month: 6,
                deadline_day: 30,
                severity: Severity::Minor,
            }),
            refine: RefineRules {
                require_legal_person: true,
                lookback_months: 36,
                key_person_flags_bar: true,
                points: HonourPoints {
                    contract_abiding: PerLevel::new(40, 30, 20, 10),
                    trademark: PerLevel::new(30, 20, 10, 5),
                    other: PerLevel::new(20, 15, 10, 5),
                    advertising: PerAdGrade {
                        a: 20.into(),
                        b: 10.into(),
                        c: 5.into(),
                    },
                },
                aaa_min: 60.into(),
                aa_min: 30.into(),
            },
            disclosure: None,
            national: None,
            scoring: Scoring::Floors,
        }
    }

    /// The seed policy with the national effects on
    /// ([`NationalGrading::national_2026`](crate::policy::NationalGrading::national_2026)):
    /// the serious list caps the grade at D and bars refinement; the list of
    /// abnormal operations and a penalty public on the enterprise credit
    /// publicity system bar refinement. Grade with
    /// [`Assessor::assess_national`](crate::Assessor::assess_national).
    ///
    /// ```
    /// use creditgrade::Policy;
    /// let p = Policy::national_2026();
    /// assert!(p.national.is_some());
    /// assert_ne!(p.fingerprint(), Policy::seed().fingerprint());
    /// p.validate()?;
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    #[must_use]
    pub fn national_2026() -> Policy {
        Policy {
            name: "national 2026".to_owned(),
            national: Some(crate::policy::NationalGrading::national_2026()),
            ..Policy::seed()
        }
    }

    /// A score-mode preset in the manner of tax credit ratings, for weighting
    /// research. Everything else is the seed policy. Its numbers:
    ///
    /// - base 100; every coefficient 1 except tiered (honour points) 0.25, so the
    ///   seed's 60 / 30 honour points become +15 / +7.5;
    /// - an active adverse event scores −15 (minor), −35 (general), −65 (serious);
    ///   a key-person flag in the 36-month look-back −5;
    /// - bands AAA ≥ 115, AA ≥ 105, A ≥ 90, B ≥ 70, C ≥ 40, D below (the tax
    ///   rating's A ≥ 90, B 70–89, C 40–69, D < 40, with A split like the seed);
    /// - floors on: a serious violation can never score its way to A;
    /// - rounding to 2 places, half to even.
    ///
    /// All of these are placeholders a study is expected to vary.
    ///
    /// ```
    /// use creditgrade::Policy;
    /// use creditgrade::policy::Scoring;
    /// let p = Policy::score_preset();
    /// assert!(matches!(p.scoring, Scoring::Score(_)));
    /// p.validate()?;
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    #[must_use]
    pub fn score_preset() -> Policy {
        let mut coefficients = Coefficients::uniform(Decimal::ONE);
        coefficients.tiered = Decimal::new(25, 2);
        Policy {
            name: "score".to_owned(),
            scoring: Scoring::Score(ScoreRules {
                base: 100.into(),
                coefficients,
                severity_points: PerSeverity::new((-15).into(), (-35).into(), (-65).into()),
                key_person_points: (-5).into(),
                bands: vec![
                    Band::new(115.into(), Grade::Aaa),
                    Band::new(105.into(), Grade::Aa),
                    Band::new(90.into(), Grade::A),
                    Band::new(70.into(), Grade::B),
                    Band::new(40.into(), Grade::C),
                    Band::new(Decimal::MIN, Grade::D),
                ],
                floors: true,
                rounding: Rounding::new(2, RoundingRule::HalfEven),
            }),
            ..Policy::seed()
        }
    }
}
