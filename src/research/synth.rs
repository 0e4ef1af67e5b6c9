//! Deterministic synthetic populations (合成企业样本) for demos, benchmarks and tests.
//!
//! [`synth_population`] builds a whole [`Population`]: a penalty catalogue and a list
//! of enterprises, each with its credit record. [`synth_enterprises`] yields the same
//! enterprises one at a time, so millions can be generated without holding them
//! all; its items equal `synth_population(config).enterprises`, in order.
//!
//! # Reproducibility
//!
//! The same crate version and the same [`SynthConfig`] give the same population,
//! byte for byte once serialised, on every platform. The generator draws from a
//! small built-in pseudo-random generator (`SplitMix64`, below), never from the
//! operating system, the clock or a hash seed. Enterprise `i` depends only on the
//! configuration and `i`: a population of 1000 is the first 1000 enterprises of a
//! population of a million with the same configuration. A new crate version may
//! change what a configuration generates; that is noted in the changelog.
//!
//! # The catalogue
//!
//! [`synth_catalogue`]: 1643 penalty articles in the proportions of the Shenhe
//! catalogue (罚则量化): `A0001`–`A0017` minor (17), `A0018`–`A0922` general (905),
//! `A0923`–`A1643` serious (721).
//!
//! # The enterprises
//!
//! Enterprise `i` (counting from 0) has id `E` + `i` padded to seven digits
//! (`E0000042`), a Chinese name, an industry code (GB/T 4754-2017 class, from a
//! small weighted set such as `C2041` bamboo products or `H6210` restaurants), a
//! region (GB/T 2260 division code such as `440307`), a district `D01`–`D12`, a
//! route `R1`–`R6`, legal-person status (92 % true), and key persons: a legal
//! representative `E0000042-P1` always, then possibly a chairman, a manager and up
//! to two shareholders (`-P2`, `-P3`, …).
//!
//! Registration: a share [`late_registration_rate`](SynthConfig::late_registration_rate)
//! (default 1 %) registers within the year after the as-of date (not rated yet); of
//! the others 70 % registered within the 5 years before it, 22 % 5 to 10 years
//! before it and 8 % 10 to 25 years before it.
//!
//! # The facts
//!
//! Facts cover the *window*: the five years (60 months) before the as-of date and
//! the year (12 months) after it, so that grading at the as-of date has to ignore
//! later facts; annual reports go back to registration. In the default (clean)
//! population no fact is dated before registration or after the window's end,
//! and none after the enterprise's revocation or deregistration, which is its last
//! fact. Fact ids are the enterprise id, `-F` and a counter in date order
//! (`E0000042-F3`); ties keep generation order. An enterprise has about six facts
//! on average (as of a date in the 2020s), most of them annual reports.
//!
//! | fact | how many (defaults) |
//! |---|---|
//! | annual report (年报) | one for each year `Y ≥ max(year of registration, 2013)` whose filing period (from 1 January of `Y+1`) opens in the window or before it: on time (1 January to 30 June of `Y+1`) except 1 % late (July to December of `Y+1`) and 0.6 % missing |
//! | consumer complaint | 0.18 per enterprise-year |
//! | administrative admonition | 0.04 per enterprise-year |
//! | penalty | 0.032 per enterprise-year; its class is minor (35 %), general (45 %) or serious (20 %), its article uniform within the class, so most penalties are more than a year old at the as-of date |
//! | breach of a conduct norm | 0.008 per enterprise-year, kinds `no_supervisory_board`, `board_not_elected`, `address_unreachable`, `late_change_registration` |
//! | honour | 0.1 per enterprise-year: contract-abiding 35 %, trademark 25 %, other 25 % at national 5 %, provincial 20 %, municipal 35 %, district 40 %; advertising 15 % at grade a 20 %, b 40 %, c 40 %; 60 % expire after two or three years, the others never |
//! | repair (信用修复) | 8 % of penalties and breaches; a fifth of the repaired general and serious ones before the minimum publicity period (3 and 12 months: not accepted), the others within a year after it |
//! | key-person flag | 1 % of enterprises, on one of their key persons |
//! | revocation (吊销) | 0.3 % of enterprises |
//! | deregistration (注销) | 2 % of enterprises (of those not revoked) |
//!
//! Event rates are per enterprise-year and drawn month by month over the window
//! (at most one fact of a kind per month). They are means over the population:
//! 10 % of enterprises are *reputable*, with 8.2 times the honour rate and half
//! the adverse rates; the others have a fifth of the honour rate and a risk
//! factor, ½ for 70 %, 1 for 20 % and 4½ for 10 % of them, that multiplies their
//! complaint, admonition, penalty and breach rates, so honours and repeated
//! complaints cluster the way they do in practice.
//!
//! With the defaults, graded under the seed policy (`docs/spec.md`) at the as-of date,
//! about 94 % of the rated enterprises come out tier A (the source document's
//! 94.2 %; 94.1 % to 94.5 % on 20 000 enterprises for the seeds and as-of dates
//! from 2016 to 2025 of the calibration runs), the rest over B, then C, then D;
//! tier A is refined into about 3 % AA and 0.3 % AAA. About 1 % are not registered
//! yet and 1.5 % are closed.
//!
//! # Faulty data
//!
//! The default population is clean. [`SynthConfig::error_rate`] adds, to that share
//! of enterprises, one faulty fact, with equal chances one of: a penalty under the
//! article `Z9999` (not in the catalogue), a complaint dated 1 to 365 days before
//! registration, or a repair of the fact `<id>-F0`, which does not exist. The
//! fault is dated on or before the as-of date (the penalty and the repair on the
//! registration day when that is later), so that grading at the as-of date meets
//! it unless the enterprise is not registered yet or closed.
//!
//! # The generator
//!
//! `SplitMix64` (Steele, Lea and Flood, 2014): a 64-bit state advanced by the golden
//! gamma `0x9E3779B97F4A7C15` and finalised by two xor-shift-multiply rounds. It
//! passes `BigCrush`, needs no `unsafe` and takes one line to seed. Enterprise `i`
//! gets its own generator, seeded with one `SplitMix64` output of
//! `seed + i × 0xD1B54A32D192ED03`. A draw below `n` is `(x × n) >> 64` on the
//! 128-bit product (no modulo, bias below 2⁻³²); a chance is a draw below one
//! million compared with the rate in parts per million. Rates are
//! [`Decimal`]s, converted to parts per million once, rounding half to even.

use core::iter::FusedIterator;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::model::{AdGrade, Honour, HonourLevel, KeyPerson, Role};
use crate::{Enterprise, Fact, FactKind, Severity};

/// How a synthetic population is generated: seed, size, as-of date and rates.
///
/// Build one from [`SynthConfig::default`] and the by-value setters. Rates are
/// [`Decimal`]s; a setter clamps its rate into its range (probabilities into
/// `[0, 1]`, yearly rates into `[0, 12]`), so every configuration generates.
///
/// ```
/// use chrono::NaiveDate;
/// use creditgrade::research::{synth_population, SynthConfig};
/// let config = SynthConfig::default()
///     .seed(7)
///     .enterprises(50)
///     .as_of(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
/// let population = synth_population(&config);
/// assert_eq!(population.enterprises.len(), 50);
/// assert_eq!(population.enterprises[3].0.id, "E0000003");
/// assert_eq!(population, synth_population(&config));
/// ```
///
/// Read with serde, a missing field takes its default and a rate the setters
/// would clamp is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, try_from = "RawSynthConfig")]
pub struct SynthConfig {
    seed: u64,
    enterprises: usize,
    as_of: NaiveDate,
    complaint_rate: Decimal,
    admonition_rate: Decimal,
    penalty_rate: Decimal,
    breach_rate: Decimal,
    honour_rate: Decimal,
    late_report_rate: Decimal,
    missing_report_rate: Decimal,
    repair_rate: Decimal,
    key_person_flag_rate: Decimal,
    revocation_rate: Decimal,
    deregistration_rate: Decimal,
    late_registration_rate: Decimal,
    error_rate: Decimal,
}

/// Declares the form of [`SynthConfig`] serde reads (the same fields, defaulted)
/// and its checked conversion, from one list of the fields.
macro_rules! raw_synth_config {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// A configuration as read, before its ranges are checked.
        #[derive(Deserialize)]
        #[serde(default, deny_unknown_fields, rename = "SynthConfig")]
        struct RawSynthConfig {
            $($field: $ty),*
        }

        impl Default for RawSynthConfig {
            fn default() -> RawSynthConfig {
                let d = SynthConfig::default();
                RawSynthConfig { $($field: d.$field),* }
            }
        }

        impl TryFrom<RawSynthConfig> for SynthConfig {
            type Error = crate::Error;

            fn try_from(r: RawSynthConfig) -> Result<SynthConfig, crate::Error> {
                let c = SynthConfig { $($field: r.$field),* };
                c.check_ranges()?;
                Ok(c)
            }
        }
    };
}

raw_synth_config! {
    seed: u64,
    enterprises: usize,
    as_of: NaiveDate,
    complaint_rate: Decimal,
    admonition_rate: Decimal,
    penalty_rate: Decimal,
    breach_rate: Decimal,
    honour_rate: Decimal,
    late_report_rate: Decimal,
    missing_report_rate: Decimal,
    repair_rate: Decimal,
    key_person_flag_rate: Decimal,
    revocation_rate: Decimal,
    deregistration_rate: Decimal,
    late_registration_rate: Decimal,
    error_rate: Decimal,
}

impl Default for SynthConfig {
    /// Seed 0, 1000 enterprises, as of 2025-12-31, the rates of the module
    /// documentation, no faulty data.
    fn default() -> SynthConfig {
        SynthConfig {
            seed: 0,
            enterprises: 1000,
            as_of: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default(),
            complaint_rate: Decimal::new(18, 2),
            admonition_rate: Decimal::new(4, 2),
            penalty_rate: Decimal::new(32, 3),
            breach_rate: Decimal::new(8, 3),
            honour_rate: Decimal::new(1, 1),
            late_report_rate: Decimal::new(1, 2),
            missing_report_rate: Decimal::new(6, 3),
            repair_rate: Decimal::new(8, 2),
            key_person_flag_rate: Decimal::new(1, 2),
            revocation_rate: Decimal::new(3, 3),
            deregistration_rate: Decimal::new(2, 2),
            late_registration_rate: Decimal::new(1, 2),
            error_rate: Decimal::ZERO,
        }
    }
}

/// The largest yearly event rate: one fact of a kind every month.
const MAX_YEARLY: Decimal = Decimal::from_parts(12, 0, 0, false, 0);

fn clamp_probability(p: Decimal) -> Decimal {
    p.clamp(Decimal::ZERO, Decimal::ONE)
}

fn clamp_yearly(r: Decimal) -> Decimal {
    r.clamp(Decimal::ZERO, MAX_YEARLY)
}

impl SynthConfig {
    /// The ranges the setters clamp into, checked for a configuration read from a
    /// file (where nothing clamps): probabilities in `[0, 1]`, yearly rates in
    /// `[0, 12]`, the as-of year in 1900–9000.
    fn check_ranges(&self) -> Result<(), crate::Error> {
        let yearly = [
            ("complaint_rate", self.complaint_rate),
            ("admonition_rate", self.admonition_rate),
            ("penalty_rate", self.penalty_rate),
            ("breach_rate", self.breach_rate),
            ("honour_rate", self.honour_rate),
        ];
        for (field, r) in yearly {
            if r != clamp_yearly(r) {
                return Err(crate::Error::invalid_policy(
                    field,
                    format!("{r} per year is not in [0, 12]"),
                ));
            }
        }
        let probabilities = [
            ("late_report_rate", self.late_report_rate),
            ("missing_report_rate", self.missing_report_rate),
            ("repair_rate", self.repair_rate),
            ("key_person_flag_rate", self.key_person_flag_rate),
            ("revocation_rate", self.revocation_rate),
            ("deregistration_rate", self.deregistration_rate),
            ("late_registration_rate", self.late_registration_rate),
            ("error_rate", self.error_rate),
        ];
        for (field, p) in probabilities {
            if p != clamp_probability(p) {
                return Err(crate::Error::invalid_policy(
                    field,
                    format!("probability {p} is not in [0, 1]"),
                ));
            }
        }
        if !(1900..=9000).contains(&self.as_of.year()) {
            return Err(crate::Error::invalid_policy(
                "as_of",
                format!("{} is not in the years 1900 to 9000", self.as_of),
            ));
        }
        Ok(())
    }

    /// Sets the seed. Different seeds give different populations.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> SynthConfig {
        self.seed = seed;
        self
    }

    /// Sets the number of enterprises.
    #[must_use]
    pub fn enterprises(mut self, count: usize) -> SynthConfig {
        self.enterprises = count;
        self
    }

    /// Sets the as-of date: the date the population is meant to be graded at.
    /// Facts cover the five years before it and the year after it. Dates before
    /// 1900 or after 9000 are clamped to those years.
    #[must_use]
    pub fn as_of(mut self, as_of: NaiveDate) -> SynthConfig {
        self.as_of = clamp_date(as_of);
        self
    }

    /// Consumer complaints (消费者投诉) per enterprise-year, clamped to `[0, 12]`.
    #[must_use]
    pub fn complaint_rate(mut self, per_year: Decimal) -> SynthConfig {
        self.complaint_rate = clamp_yearly(per_year);
        self
    }

    /// Administrative admonitions (行政告诫) per enterprise-year, clamped to `[0, 12]`.
    #[must_use]
    pub fn admonition_rate(mut self, per_year: Decimal) -> SynthConfig {
        self.admonition_rate = clamp_yearly(per_year);
        self
    }

    /// Penalties (行政处罚) per enterprise-year, clamped to `[0, 12]`.
    #[must_use]
    pub fn penalty_rate(mut self, per_year: Decimal) -> SynthConfig {
        self.penalty_rate = clamp_yearly(per_year);
        self
    }

    /// Breaches of conduct norms (据实量化) per enterprise-year, clamped to `[0, 12]`.
    #[must_use]
    pub fn breach_rate(mut self, per_year: Decimal) -> SynthConfig {
        self.breach_rate = clamp_yearly(per_year);
        self
    }

    /// Honours (荣誉) granted per enterprise-year, clamped to `[0, 12]`.
    #[must_use]
    pub fn honour_rate(mut self, per_year: Decimal) -> SynthConfig {
        self.honour_rate = clamp_yearly(per_year);
        self
    }

    /// The probability that a required annual report is filed late (after 30 June
    /// of the next year), clamped to `[0, 1]`.
    #[must_use]
    pub fn late_report_rate(mut self, probability: Decimal) -> SynthConfig {
        self.late_report_rate = clamp_probability(probability);
        self
    }

    /// The probability that a required annual report is never filed, clamped to
    /// `[0, 1]`. Late and missing together are capped at 1.
    #[must_use]
    pub fn missing_report_rate(mut self, probability: Decimal) -> SynthConfig {
        self.missing_report_rate = clamp_probability(probability);
        self
    }

    /// The probability that a penalty or breach is repaired (信用修复), clamped to
    /// `[0, 1]`.
    #[must_use]
    pub fn repair_rate(mut self, probability: Decimal) -> SynthConfig {
        self.repair_rate = clamp_probability(probability);
        self
    }

    /// The share of enterprises with a key-person flag (负责人失信记录) in the window,
    /// clamped to `[0, 1]`.
    #[must_use]
    pub fn key_person_flag_rate(mut self, probability: Decimal) -> SynthConfig {
        self.key_person_flag_rate = clamp_probability(probability);
        self
    }

    /// The share of enterprises revoked (吊销) in the window, clamped to `[0, 1]`.
    #[must_use]
    pub fn revocation_rate(mut self, probability: Decimal) -> SynthConfig {
        self.revocation_rate = clamp_probability(probability);
        self
    }

    /// The share of enterprises deregistered (注销) in the window (among those not
    /// revoked), clamped to `[0, 1]`.
    #[must_use]
    pub fn deregistration_rate(mut self, probability: Decimal) -> SynthConfig {
        self.deregistration_rate = clamp_probability(probability);
        self
    }

    /// The share of enterprises registered in the year after the as-of date,
    /// clamped to `[0, 1]`.
    #[must_use]
    pub fn late_registration_rate(mut self, probability: Decimal) -> SynthConfig {
        self.late_registration_rate = clamp_probability(probability);
        self
    }

    /// The share of enterprises given one faulty fact (see the module
    /// documentation), clamped to `[0, 1]`. Default 0: clean data.
    #[must_use]
    pub fn error_rate(mut self, probability: Decimal) -> SynthConfig {
        self.error_rate = clamp_probability(probability);
        self
    }

    /// The seed.
    #[must_use]
    pub fn get_seed(&self) -> u64 {
        self.seed
    }

    /// The number of enterprises.
    #[must_use]
    pub fn get_enterprises(&self) -> usize {
        self.enterprises
    }

    /// The as-of date.
    #[must_use]
    pub fn get_as_of(&self) -> NaiveDate {
        self.as_of
    }
}

/// A synthetic population: a penalty catalogue and enterprises with their facts.
///
/// ```
/// use creditgrade::research::{synth_population, SynthConfig};
/// let population = synth_population(&SynthConfig::default().enterprises(10));
/// assert_eq!(population.catalogue.len(), 1643);
/// let (enterprise, facts) = &population.enterprises[0];
/// assert!(facts.iter().all(|f| f.date >= enterprise.registered_on));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Population {
    /// The date the population is meant to be graded at.
    pub as_of: NaiveDate,
    /// The penalty catalogue (罚则量化): article id and severity, see
    /// [`synth_catalogue`].
    pub catalogue: Vec<(String, Severity)>,
    /// The enterprises, in id order, each with its facts in date order.
    pub enterprises: Vec<(Enterprise, Vec<Fact>)>,
}

impl Population {
    /// The catalogue as a [`Catalogue`](crate::Catalogue).
    ///
    /// # Errors
    ///
    /// Only if the catalogue was edited into a conflict
    /// ([`ErrorKind::ConflictingArticle`](crate::ErrorKind::ConflictingArticle)).
    pub fn catalogue(&self) -> Result<crate::Catalogue, crate::Error> {
        crate::Catalogue::from_pairs(self.catalogue.iter().map(|(a, s)| (a.as_str(), *s)))
    }

    /// The enterprises as validated [`History`](crate::History) values, in order.
    ///
    /// ```
    /// use creditgrade::research::{synth_population, SynthConfig};
    /// let population = synth_population(&SynthConfig::default().enterprises(10));
    /// let histories = population.histories()?;
    /// assert_eq!(histories.len(), 10);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Only if the enterprises were edited into invalid histories (see
    /// [`History::new`](crate::History::new)).
    pub fn histories(&self) -> Result<Vec<crate::History>, crate::Error> {
        self.enterprises
            .iter()
            .map(|(e, f)| crate::History::new(e.clone(), f.clone()))
            .collect()
    }
}

/// Generates a whole population: [`synth_catalogue`] and
/// [`synth_enterprises`] collected.
///
/// ```
/// use creditgrade::research::{synth_enterprises, synth_population, SynthConfig};
/// let config = SynthConfig::default().seed(1).enterprises(20);
/// let population = synth_population(&config);
/// assert!(synth_enterprises(&config).eq(population.enterprises));
/// ```
#[must_use]
pub fn synth_population(config: &SynthConfig) -> Population {
    Population {
        as_of: clamp_date(config.as_of),
        catalogue: synth_catalogue(),
        enterprises: synth_enterprises(config).collect(),
    }
}

/// The number of articles of each class in the catalogue: minor, general, serious.
const CATALOGUE_COUNTS: [(Severity, u32); 3] = [
    (Severity::Minor, 17),
    (Severity::General, 905),
    (Severity::Serious, 721),
];

/// The synthetic penalty catalogue: 1643 articles `A0001`–`A1643`, the first 17
/// minor, the next 905 general, the last 721 serious (the Shenhe proportions).
///
/// ```
/// use creditgrade::Severity;
/// use creditgrade::research::synth_catalogue;
/// let catalogue = synth_catalogue();
/// assert_eq!(catalogue.len(), 1643);
/// assert_eq!(catalogue[0], ("A0001".to_string(), Severity::Minor));
/// assert_eq!(catalogue[17], ("A0018".to_string(), Severity::General));
/// assert_eq!(catalogue[1642], ("A1643".to_string(), Severity::Serious));
/// ```
#[must_use]
pub fn synth_catalogue() -> Vec<(String, Severity)> {
    let mut out = Vec::with_capacity(1643);
    let mut number = 0u32;
    for (severity, count) in CATALOGUE_COUNTS {
        for _ in 0..count {
            number += 1;
            out.push((article_id(number), severity));
        }
    }
    out
}

fn article_id(number: u32) -> String {
    format!("A{number:04}")
}

/// Yields the enterprises of a configuration one at a time, each with its facts.
///
/// The iterator knows its length, can run from both ends and skips in constant
/// time (`nth`): enterprise `i` is generated from the configuration and `i` alone.
///
/// ```
/// use creditgrade::research::{synth_enterprises, SynthConfig};
/// let config = SynthConfig::default().enterprises(1_000);
/// let mut all = synth_enterprises(&config);
/// assert_eq!(all.len(), 1_000);
/// let (e, _) = all.nth(999).unwrap();
/// assert_eq!(e.id, "E0000999");
/// let facts: usize = synth_enterprises(&config).map(|(_, facts)| facts.len()).sum();
/// assert!(facts > 1_000);
/// ```
#[must_use]
pub fn synth_enterprises(config: &SynthConfig) -> SynthEnterprises {
    SynthEnterprises {
        plan: Plan::new(config),
        next: 0,
        end: config.enterprises,
    }
}

/// The iterator of [`synth_enterprises`].
#[derive(Clone, Debug)]
pub struct SynthEnterprises {
    plan: Plan,
    next: usize,
    end: usize,
}

impl Iterator for SynthEnterprises {
    type Item = (Enterprise, Vec<Fact>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let item = self.plan.enterprise(self.next);
        self.next += 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end.saturating_sub(self.next);
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<Self::Item> {
        self.next = self.next.saturating_add(n).min(self.end);
        self.next()
    }
}

impl DoubleEndedIterator for SynthEnterprises {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        self.end -= 1;
        Some(self.plan.enterprise(self.end))
    }
}

impl ExactSizeIterator for SynthEnterprises {}

impl FusedIterator for SynthEnterprises {}

// ---------------------------------------------------------------------------
// The pseudo-random generator.

/// `SplitMix64`: see the module documentation.
#[derive(Clone, Debug)]
struct SplitMix64 {
    inner: crate::rng::SplitMix64,
}

const STREAM_GAMMA: u64 = 0xD1B5_4A32_D192_ED03;
const MILLION: u32 = 1_000_000;

impl SplitMix64 {
    fn new(seed: u64) -> SplitMix64 {
        SplitMix64 {
            inner: crate::rng::SplitMix64::new(seed),
        }
    }

    /// The generator of enterprise `index`.
    fn for_enterprise(seed: u64, index: usize) -> SplitMix64 {
        let index = u64::try_from(index).unwrap_or(u64::MAX);
        let mut root = SplitMix64::new(seed.wrapping_add(index.wrapping_mul(STREAM_GAMMA)));
        SplitMix64::new(root.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// A draw in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        let wide = (u128::from(self.next_u64()) * u128::from(n)) >> 64;
        u64::try_from(wide).unwrap_or(0)
    }

    /// A draw in `0..n` for small counts.
    fn below_u32(&mut self, n: u32) -> u32 {
        u32::try_from(self.below(u64::from(n))).unwrap_or(0)
    }

    /// One of `items`, uniformly (`None` when empty).
    fn choose<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let n = u64::try_from(items.len()).unwrap_or(u64::MAX);
        items.get(usize::try_from(self.below(n)).unwrap_or(0))
    }

    /// True with probability `ppm` parts per million.
    fn chance(&mut self, ppm: u32) -> bool {
        self.below_u32(MILLION) < ppm
    }

    /// One of `items`, by weight (weights need not add up to anything).
    fn pick<T: Copy>(&mut self, items: &[(T, u32)]) -> Option<T> {
        let total: u32 = items.iter().map(|&(_, w)| w).sum();
        let mut x = self.below_u32(total);
        for &(item, weight) in items {
            if x < weight {
                return Some(item);
            }
            x -= weight;
        }
        None
    }

    /// A day in `[from, to]` (`from` when the range is empty).
    fn day_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days();
        match u64::try_from(span) {
            Ok(span) => add_days(from, self.below(span + 1)),
            Err(_) => from,
        }
    }
}

// ---------------------------------------------------------------------------
// Dates.

fn clamp_date(d: NaiveDate) -> NaiveDate {
    let lo = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    let hi = NaiveDate::from_ymd_opt(9000, 12, 31).unwrap_or(NaiveDate::MAX);
    d.clamp(lo, hi)
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n)).unwrap_or(d)
}

fn sub_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(n)).unwrap_or(d)
}

fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

// ---------------------------------------------------------------------------
// Tables.

/// Industry classes (GB/T 4754-2017), weight, and the word used in names.
const INDUSTRIES: [(&str, u32, &str); 11] = [
    ("C2041", 6, "竹木制品"),
    ("C1411", 8, "食品"),
    ("C1810", 8, "服饰"),
    ("C3311", 6, "钢结构"),
    ("E4710", 8, "建筑工程"),
    ("F5212", 16, "商贸"),
    ("G5431", 10, "物流"),
    ("H6210", 14, "餐饮"),
    ("I6513", 10, "软件科技"),
    ("K7010", 4, "房地产开发"),
    ("L7259", 10, "广告"),
];

/// Regions (GB/T 2260 division codes) and the place name used in names.
const REGIONS: [(&str, &str); 6] = [
    ("210103", "沈阳"),
    ("440307", "深圳"),
    ("440704", "江门"),
    ("110105", "北京"),
    ("310115", "上海"),
    ("330106", "杭州"),
];

/// Characters of trade names (字号).
const TRADE: [&str; 24] = [
    "华", "盛", "恒", "达", "鑫", "泰", "宏", "源", "嘉", "兴", "利", "隆", "瑞", "丰", "诚", "信",
    "和", "新", "永", "昌", "金", "海", "润", "通",
];

const BREACHES: [&str; 4] = [
    "no_supervisory_board",
    "board_not_elected",
    "address_unreachable",
    "late_change_registration",
];

/// Risk factors in tenths and their shares (weights); the mean is 1.
const RISK_TENTHS: [(u32, u32); 3] = [(5, 70), (10, 20), (45, 10)];

/// The share of reputable enterprises (parts per million), their risk factor and
/// their honour factor, and the honour factor of the others (tenths; the mean
/// honour factor is 1).
const REPUTABLE_SHARE: u32 = 100_000;
const REPUTABLE_RISK: u32 = 5;
const REPUTABLE_HONOURS: u32 = 82;
const OTHER_HONOURS: u32 = 2;

/// Classes of penalties drawn.
const PENALTY_CLASSES: [(Severity, u32); 3] = [
    (Severity::Minor, 35),
    (Severity::General, 45),
    (Severity::Serious, 20),
];

#[derive(Clone, Copy)]
enum HonourKind {
    ContractAbiding,
    Trademark,
    Other,
    Advertising,
}

const HONOUR_KINDS: [(HonourKind, u32); 4] = [
    (HonourKind::ContractAbiding, 35),
    (HonourKind::Trademark, 25),
    (HonourKind::Other, 25),
    (HonourKind::Advertising, 15),
];

const HONOUR_LEVELS: [(HonourLevel, u32); 4] = [
    (HonourLevel::National, 5),
    (HonourLevel::Provincial, 20),
    (HonourLevel::Municipal, 35),
    (HonourLevel::District, 40),
];

const AD_GRADES: [(AdGrade, u32); 3] = [(AdGrade::A, 20), (AdGrade::B, 40), (AdGrade::C, 40)];

/// Months of the window before the as-of date, and after it.
const WINDOW_BEFORE: u32 = 60;
const WINDOW_AFTER: u32 = 12;

/// The first annual report year (2014 regime).
const FIRST_REPORT_YEAR: i32 = 2013;

// ---------------------------------------------------------------------------
// The compiled configuration.

/// Rates in parts per million, dates resolved.
#[derive(Clone, Debug)]
struct Plan {
    seed: u64,
    as_of: NaiveDate,
    window_start: NaiveDate,
    window_end: NaiveDate,
    /// Monthly chances at risk factor 1: complaint, admonition, penalty, breach.
    monthly: [u32; 4],
    honour_monthly: u32,
    late_report: u32,
    missing_report: u32,
    repair: u32,
    key_person_flag: u32,
    revocation: u32,
    deregistration: u32,
    late_registration: u32,
    error: u32,
}

/// A rate in parts per million, rounding half to even, clamped to `[0, max]`.
fn ppm(rate: Decimal, max: Decimal) -> u32 {
    rate.clamp(Decimal::ZERO, max)
        .checked_mul(Decimal::from(MILLION))
        .map(|x| x.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
        .and_then(|x| x.to_u32())
        .unwrap_or(0)
}

fn monthly_ppm(per_year: Decimal) -> u32 {
    ppm(per_year, MAX_YEARLY) / 12
}

impl Plan {
    fn new(c: &SynthConfig) -> Plan {
        let as_of = clamp_date(c.as_of);
        let p = |r: Decimal| ppm(r, Decimal::ONE);
        Plan {
            seed: c.seed,
            as_of,
            window_start: sub_months(as_of, WINDOW_BEFORE),
            window_end: add_months(as_of, WINDOW_AFTER),
            monthly: [
                monthly_ppm(c.complaint_rate),
                monthly_ppm(c.admonition_rate),
                monthly_ppm(c.penalty_rate),
                monthly_ppm(c.breach_rate),
            ],
            honour_monthly: monthly_ppm(c.honour_rate),
            late_report: p(c.late_report_rate),
            missing_report: p(c.missing_report_rate),
            repair: p(c.repair_rate),
            key_person_flag: p(c.key_person_flag_rate),
            revocation: p(c.revocation_rate),
            deregistration: p(c.deregistration_rate),
            late_registration: p(c.late_registration_rate),
            error: p(c.error_rate),
        }
    }

    fn enterprise(&self, index: usize) -> (Enterprise, Vec<Fact>) {
        let mut rng = SplitMix64::for_enterprise(self.seed, index);
        let enterprise = self.identity(index, &mut rng);
        let facts = self.record(&enterprise, &mut rng);
        (enterprise, facts)
    }

    fn identity(&self, index: usize, rng: &mut SplitMix64) -> Enterprise {
        let id = format!("E{index:07}");
        let registered_on = if rng.chance(self.late_registration) {
            add_days(self.as_of, 1 + rng.below(365))
        } else {
            let draw = rng.below_u32(100);
            let (from, years) = match draw {
                0..70 => (0, 5),
                70..92 => (5, 5),
                _ => (10, 15),
            };
            sub_days(self.as_of, from * 365 + rng.below(years * 365))
        };
        let (industry, _, word) = INDUSTRIES
            .get(pick_index(rng, &INDUSTRIES.map(|(_, w, _)| w)))
            .copied()
            .unwrap_or(INDUSTRIES[0]);
        let (region, place) = rng.choose(&REGIONS).copied().unwrap_or(REGIONS[0]);
        let trade_a = rng.choose(&TRADE).copied().unwrap_or("华");
        let trade_b = rng.choose(&TRADE).copied().unwrap_or("盛");
        let legal_person = rng.chance(920_000);
        let suffix = if legal_person {
            "有限公司"
        } else {
            "经营部"
        };
        let district = format!("D{:02}", 1 + rng.below(12));
        let route = format!("R{}", 1 + rng.below(6));
        let mut enterprise = Enterprise::new(id.clone(), registered_on)
            .name(format!("{place}{trade_a}{trade_b}{word}{suffix}"))
            .legal_person(legal_person)
            .industry(industry)
            .region(region)
            .district(district)
            .route(route)
            .key_person(KeyPerson::new(
                format!("{id}-P1"),
                Role::LegalRepresentative,
            ));
        let mut roles = Vec::with_capacity(4);
        if rng.chance(400_000) {
            roles.push(Role::Chairman);
        }
        if rng.chance(600_000) {
            roles.push(Role::Manager);
        }
        for _ in 0..rng.below(3) {
            roles.push(Role::Shareholder);
        }
        for (k, role) in roles.into_iter().enumerate() {
            enterprise = enterprise.key_person(KeyPerson::new(format!("{id}-P{}", k + 2), role));
        }
        enterprise
    }

    #[allow(clippy::too_many_lines)]
    fn record(&self, enterprise: &Enterprise, rng: &mut SplitMix64) -> Vec<Fact> {
        let reg = enterprise.registered_on;
        let start = reg.max(self.window_start);
        let mut drafts: Vec<Draft> = Vec::new();

        // Closure: revocation, or else deregistration; the last fact.
        let mut last = self.window_end;
        if start <= self.window_end {
            let closure = if rng.chance(self.revocation) {
                Some(FactKind::Revocation)
            } else if rng.chance(self.deregistration) {
                Some(FactKind::Deregistration)
            } else {
                None
            };
            if let Some(kind) = closure {
                let date = rng.day_between(start, self.window_end);
                last = date;
                drafts.push(Draft::new(date, Body::Fact(kind)));
            }
        }
        // Other facts are dated strictly before the closure, if any.
        let closed = !drafts.is_empty();
        let open = move |d: NaiveDate| d >= reg && if closed { d < last } else { d <= last };

        // Annual reports since registration.
        let mut year = reg.year().max(FIRST_REPORT_YEAR);
        while let (Some(opens), Some(deadline)) = (ymd(year + 1, 1, 1), ymd(year + 1, 6, 30)) {
            if opens > last {
                break;
            }
            let draw = rng.below_u32(MILLION);
            let date = if draw < self.missing_report {
                None
            } else if draw < self.missing_report.saturating_add(self.late_report) {
                Some(add_days(deadline, 1 + rng.below(183)))
            } else {
                Some(rng.day_between(opens, deadline))
            };
            if let Some(date) = date.filter(|&d| open(d)) {
                drafts.push(Draft::new(
                    date,
                    Body::Fact(FactKind::AnnualReport { year }),
                ));
            }
            year += 1;
        }

        // Monthly events.
        let reputable = rng.chance(REPUTABLE_SHARE);
        let risk = if reputable {
            REPUTABLE_RISK
        } else {
            rng.pick(&RISK_TENTHS).unwrap_or(10)
        };
        let chances = self.monthly.map(|m| m.saturating_mul(risk) / 10);
        let honour_factor = if reputable {
            REPUTABLE_HONOURS
        } else {
            OTHER_HONOURS
        };
        let honour_chance = self.honour_monthly.saturating_mul(honour_factor) / 10;
        let mut repairable: Vec<(usize, Severity)> = Vec::new();
        for month in 0..(WINDOW_BEFORE + WINDOW_AFTER) {
            let first = add_months(self.window_start, month);
            let next = add_months(self.window_start, month + 1);
            let day = |rng: &mut SplitMix64| rng.day_between(first, sub_days(next, 1));
            if rng.chance(chances[0]) {
                let d = day(rng);
                push_if(&mut drafts, d, Body::Fact(FactKind::Complaint), &open);
            }
            if rng.chance(chances[1]) {
                let d = day(rng);
                push_if(&mut drafts, d, Body::Fact(FactKind::Admonition), &open);
            }
            if rng.chance(chances[2]) {
                let d = day(rng);
                let severity = rng.pick(&PENALTY_CLASSES).unwrap_or(Severity::General);
                let article = random_article(rng, severity);
                if push_if(
                    &mut drafts,
                    d,
                    Body::Fact(FactKind::Penalty { article }),
                    &open,
                ) {
                    repairable.push((drafts.len() - 1, severity));
                }
            }
            if rng.chance(chances[3]) {
                let d = day(rng);
                let breach = rng
                    .choose(&BREACHES)
                    .copied()
                    .unwrap_or(BREACHES[0])
                    .to_string();
                if push_if(
                    &mut drafts,
                    d,
                    Body::Fact(FactKind::Breach { breach }),
                    &open,
                ) {
                    repairable.push((drafts.len() - 1, Severity::Minor));
                }
            }
            if rng.chance(honour_chance) {
                let d = day(rng);
                let honour = random_honour(rng);
                let until = if rng.chance(600_000) {
                    Some(add_months(d, 24 + 12 * rng.below_u32(2)))
                } else {
                    None
                };
                push_if(
                    &mut drafts,
                    d,
                    Body::Fact(FactKind::Honour { honour, until }),
                    &open,
                );
            }
        }

        // Repairs of penalties and breaches.
        for (target, severity) in repairable {
            if !rng.chance(self.repair) {
                continue;
            }
            let Some(d) = drafts.get(target).map(|x| x.date) else {
                continue;
            };
            let minimum = match severity {
                Severity::Minor => 0,
                Severity::General => 3,
                Severity::Serious => 12,
            };
            let earliest = add_months(d, minimum);
            let date = if minimum > 0 && rng.chance(200_000) {
                rng.day_between(d, sub_days(earliest, 1))
            } else {
                rng.day_between(earliest, add_months(earliest, 12))
            };
            push_if(&mut drafts, date, Body::Repair(target), &open);
        }

        // A key-person flag.
        if rng.chance(self.key_person_flag) && start <= last {
            let persons = &enterprise.key_persons;
            if let Some(person) = rng.choose(persons) {
                let d = rng.day_between(start, last);
                let kind = FactKind::KeyPersonFlag {
                    person: person.id.clone(),
                };
                push_if(&mut drafts, d, Body::Fact(kind), &open);
            }
        }

        // Faulty data.
        if rng.chance(self.error) {
            let on_or_before = self.as_of.max(reg);
            match rng.below(3) {
                0 => {
                    let d = rng.day_between(reg.min(self.as_of), on_or_before);
                    let article = "Z9999".to_string();
                    drafts.push(Draft::new(
                        d.max(reg),
                        Body::Fact(FactKind::Penalty { article }),
                    ));
                }
                1 => {
                    let d = sub_days(reg, 1 + rng.below(365));
                    drafts.push(Draft::new(d, Body::Fact(FactKind::Complaint)));
                }
                _ => {
                    let d = rng.day_between(reg.min(self.as_of), on_or_before);
                    drafts.push(Draft::new(d.max(reg), Body::MissingTarget));
                }
            }
        }

        assemble(&enterprise.id, drafts)
    }
}

fn pick_index(rng: &mut SplitMix64, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.below_u32(total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    0
}

fn random_article(rng: &mut SplitMix64, severity: Severity) -> String {
    let mut offset = 0u32;
    for (class, count) in CATALOGUE_COUNTS {
        if class == severity {
            return article_id(offset + 1 + rng.below_u32(count));
        }
        offset += count;
    }
    article_id(1)
}

fn random_honour(rng: &mut SplitMix64) -> Honour {
    let level = rng.pick(&HONOUR_LEVELS).unwrap_or(HonourLevel::District);
    match rng.pick(&HONOUR_KINDS).unwrap_or(HonourKind::Other) {
        HonourKind::ContractAbiding => Honour::ContractAbiding(level),
        HonourKind::Trademark => Honour::Trademark(level),
        HonourKind::Other => Honour::Other(level),
        HonourKind::Advertising => Honour::Advertising(rng.pick(&AD_GRADES).unwrap_or(AdGrade::C)),
    }
}

/// A fact before ids are given.
struct Draft {
    date: NaiveDate,
    body: Body,
}

enum Body {
    Fact(FactKind),
    /// A repair of the draft at this index.
    Repair(usize),
    /// A repair of a fact that does not exist.
    MissingTarget,
}

impl Draft {
    fn new(date: NaiveDate, body: Body) -> Draft {
        Draft { date, body }
    }
}

fn push_if(
    drafts: &mut Vec<Draft>,
    date: NaiveDate,
    body: Body,
    open: &impl Fn(NaiveDate) -> bool,
) -> bool {
    if open(date) {
        drafts.push(Draft::new(date, body));
        true
    } else {
        false
    }
}

/// Sorts drafts by date (ties in generation order), gives ids, resolves repairs.
fn assemble(enterprise: &str, drafts: Vec<Draft>) -> Vec<Fact> {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&i| drafts.get(i).map(|d| d.date));
    let mut rank = vec![0usize; drafts.len()];
    for (position, &i) in order.iter().enumerate() {
        if let Some(r) = rank.get_mut(i) {
            *r = position + 1;
        }
    }
    let id = |n: usize| format!("{enterprise}-F{n}");
    let mut slots: Vec<Option<Fact>> = (0..drafts.len()).map(|_| None).collect();
    for (i, draft) in drafts.into_iter().enumerate() {
        let n = rank.get(i).copied().unwrap_or(0);
        let kind = match draft.body {
            Body::Fact(kind) => kind,
            Body::Repair(target) => FactKind::Repair {
                target: id(rank.get(target).copied().unwrap_or(0)),
            },
            Body::MissingTarget => FactKind::Repair { target: id(0) },
        };
        if let Some(slot) = n.checked_sub(1).and_then(|p| slots.get_mut(p)) {
            *slot = Some(Fact::new(id(n), draft.date, kind));
        }
    }
    slots.into_iter().flatten().collect()
}

crate::json::policy_file!(
    SynthConfig,
    "creditgrade::research::SynthConfig",
    SynthConfig::check_ranges
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_reference_outputs() {
        // Reference values of Vigna's splitmix64.c.
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        assert_eq!(rng.next_u64(), 9_817_491_932_198_370_423);
    }

    #[test]
    fn below_stays_below() {
        let mut rng = SplitMix64::new(9);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = rng.below(7);
            assert!(x < 7);
            seen[usize::try_from(x).unwrap()] = true;
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.pick::<u8>(&[]), None);
    }

    #[test]
    fn rates_become_parts_per_million() {
        assert_eq!(ppm(Decimal::new(12, 3), Decimal::ONE), 12_000);
        assert_eq!(ppm(Decimal::new(5, 7), Decimal::ONE), 0); // 0.5 ppm, half to even
        assert_eq!(ppm(Decimal::new(15, 7), Decimal::ONE), 2); // 1.5 ppm
        assert_eq!(ppm(Decimal::TWO, Decimal::ONE), MILLION);
        assert_eq!(ppm(-Decimal::ONE, Decimal::ONE), 0);
        assert_eq!(monthly_ppm(Decimal::new(2, 1)), 16_666);
        assert_eq!(monthly_ppm(Decimal::from(100)), MILLION);
    }

    #[test]
    fn setters_clamp() {
        let c = SynthConfig::default()
            .repair_rate(Decimal::from(3))
            .complaint_rate(Decimal::from(-1))
            .penalty_rate(Decimal::from(40))
            .as_of(NaiveDate::MIN);
        assert_eq!(c.repair_rate, Decimal::ONE);
        assert_eq!(c.complaint_rate, Decimal::ZERO);
        assert_eq!(c.penalty_rate, Decimal::from(12));
        assert_eq!(c.get_as_of(), NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
    }

    #[test]
    fn assemble_orders_by_date_and_resolves_repairs() {
        let d = |day| NaiveDate::from_ymd_opt(2024, 1, day).unwrap();
        let drafts = vec![
            Draft::new(d(20), Body::Repair(1)),
            Draft::new(
                d(5),
                Body::Fact(FactKind::Penalty {
                    article: "A0001".into(),
                }),
            ),
            Draft::new(d(5), Body::Fact(FactKind::Complaint)),
            Draft::new(d(1), Body::MissingTarget),
        ];
        let facts = assemble("E7", drafts);
        let ids: Vec<&str> = facts.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["E7-F1", "E7-F2", "E7-F3", "E7-F4"]);
        assert_eq!(
            facts[0].kind,
            FactKind::Repair {
                target: "E7-F0".into()
            }
        );
        assert!(matches!(facts[1].kind, FactKind::Penalty { .. }));
        assert_eq!(facts[2].kind, FactKind::Complaint);
        assert_eq!(
            facts[3].kind,
            FactKind::Repair {
                target: "E7-F2".into()
            }
        );
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for as_of in [NaiveDate::MIN, NaiveDate::MAX] {
            let config = SynthConfig::default()
                .enterprises(30)
                .as_of(as_of)
                .error_rate(Decimal::ONE)
                .revocation_rate(Decimal::new(5, 1));
            assert_eq!(synth_population(&config).enterprises.len(), 30);
        }
        let everything = SynthConfig::default()
            .enterprises(5)
            .complaint_rate(Decimal::from(12))
            .penalty_rate(Decimal::from(12))
            .honour_rate(Decimal::from(12))
            .repair_rate(Decimal::ONE)
            .late_report_rate(Decimal::ONE)
            .missing_report_rate(Decimal::ONE);
        let population = synth_population(&everything);
        let total: usize = population.enterprises.iter().map(|(_, f)| f.len()).sum();
        assert!(total > 5 * 100, "{total}");
        // At most one complaint a month over the 72 months of the window.
        for (_, facts) in &population.enterprises {
            let complaints = facts
                .iter()
                .filter(|f| f.kind == FactKind::Complaint)
                .count();
            assert!(complaints <= 72, "{complaints}");
        }
    }
}
