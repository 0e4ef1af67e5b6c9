//! Weights between indicators: AHP (subjective), entropy and CRITIC (objective), and
//! their combinations. Every result is a [`Weights`] that sums to exactly 1.

use core::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::num::{add, div, from_usize, ln, mul, sqrt, sub, sum};
use crate::Error;

/// The largest number of decimal places a weight may be rounded to.
const MAX_PLACES: u32 = 20;

/// Saaty's random consistency index RI for n = 1..=15.
const RANDOM_INDEX: [(i64, u32); 15] = [
    (0, 0),
    (0, 0),
    (58, 2),
    (90, 2),
    (112, 2),
    (124, 2),
    (132, 2),
    (141, 2),
    (145, 2),
    (149, 2),
    (151, 2),
    (148, 2),
    (156, 2),
    (157, 2),
    (159, 2),
];

/// The largest pairwise comparison accepted (and 1/1000 the smallest): Saaty's
/// scale runs from 1/9 to 9; within 1/1000..1000 the principal eigenvector's
/// components stay above `1/(15·1000²)`, so each keeps at least 20 significant
/// digits in `Decimal`.
const CELL_LIMIT: i64 = 1000;

/// The finest AHP convergence tolerance accepted, as a power of ten: `1e-24`.
/// Rounding in `Decimal` moves the eigenvector's components by up to about
/// `1e-26` from one squaring to the next, so a finer tolerance might never be met.
const FINEST_TOLERANCE: u32 = 24;

/// The places to which λmax, CI and CR are rounded.
const AHP_PLACES: u32 = 12;

/// Saaty's random consistency index (RI) for an `n × n` matrix, `n` in `1..=15`.
///
/// The table: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48,
/// 1.56, 1.57, 1.59.
///
/// ```
/// use creditgrade::research::random_index;
/// assert_eq!(random_index(3), Some("0.58".parse()?));
/// assert_eq!(random_index(16), None);
/// # Ok::<(), rust_decimal::Error>(())
/// ```
#[must_use]
pub fn random_index(n: usize) -> Option<Decimal> {
    n.checked_sub(1)
        .and_then(|i| RANDOM_INDEX.get(i))
        .map(|&(m, s)| Decimal::new(m, s))
}

/// Options shared by the weighting methods.
///
/// - `places` (default 6): every [`Weights`] is rounded to this many decimal places
///   by the largest remainder method: each weight is cut to `places` (towards
///   zero), and the units of the last place still missing to make 1 go, one each,
///   to the weights with the largest remainders — among equal remainders the larger
///   weight first, among equal weights the earlier indicator. Every weight is then
///   within one unit of the last place of its unrounded value, and the weights sum
///   to exactly 1.
/// - `reciprocity_tolerance` (default 0.01, AHP only): a pairwise matrix is accepted
///   when `|a_ij · a_ji − 1| ≤ tolerance` for every pair, so `1/3` may be written
///   `0.333` or even `0.33`.
/// - `convergence_tolerance` (default 1e-20, AHP only): the eigenvector search
///   stops when no component of the normalised vector moves by more than this from
///   one squaring of the matrix to the next. Must be positive and at least 1e-24
///   (below that, `Decimal` rounding alone can move a component); anything else is
///   refused before any work.
/// - `max_iterations` (default 64, AHP only): the most squarings of the matrix
///   (each one doubles the number of power-iteration steps it stands for). Every
///   accepted matrix converges well within the default (at most 27 squarings were
///   needed over thousands of random matrices at the extremes of the scale); a
///   smaller limit that is reached is an error, and 0 is refused.
/// - `normalisation` (default [`Normalisation::MinMax`], entropy only): how a
///   column becomes proportions.
///
/// ```
/// use creditgrade::research::WeightOptions;
/// let options = WeightOptions::default().places(4);
/// assert_eq!(options.get_places(), 4);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WeightOptions {
    places: u32,
    reciprocity_tolerance: Decimal,
    convergence_tolerance: Decimal,
    max_iterations: u32,
    normalisation: Normalisation,
}

/// How [`entropy_weights`] turns a column into proportions `p_ij`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Normalisation {
    /// 极差标准化 — min-max first: `x' = (x − min)/(max − min)` (benefit) or
    /// `(max − x)/(max − min)` (cost), then `p_ij = x'_ij / Σ_i x'_ij`. The default.
    #[default]
    MinMax,
    /// 比重法 — proportions of the raw values, `p_ij = x_ij / Σ_i x_ij`, as in the
    /// classic entropy method (Zeleny 1982; Xu 2004). Values must be non-negative;
    /// the direction is not used (entropy measures spread, not which end is
    /// better).
    Proportion,
}

impl Default for WeightOptions {
    fn default() -> Self {
        WeightOptions {
            places: 6,
            reciprocity_tolerance: Decimal::new(1, 2),
            convergence_tolerance: Decimal::new(1, 20),
            max_iterations: 64,
            normalisation: Normalisation::MinMax,
        }
    }
}

impl WeightOptions {
    /// Sets the decimal places of the results (at most 20; more is an error when used).
    #[must_use]
    pub fn places(mut self, places: u32) -> Self {
        self.places = places;
        self
    }

    /// Sets the AHP reciprocity tolerance.
    #[must_use]
    pub fn reciprocity_tolerance(mut self, tolerance: Decimal) -> Self {
        self.reciprocity_tolerance = tolerance;
        self
    }

    /// Sets the AHP convergence tolerance (positive, at least 1e-24).
    #[must_use]
    pub fn convergence_tolerance(mut self, tolerance: Decimal) -> Self {
        self.convergence_tolerance = tolerance;
        self
    }

    /// Sets the AHP limit on squarings of the matrix (at least 1).
    #[must_use]
    pub fn max_iterations(mut self, max_iterations: u32) -> Self {
        self.max_iterations = max_iterations;
        self
    }

    /// Sets how [`entropy_weights`] forms proportions (CRITIC always uses min-max).
    #[must_use]
    pub fn normalisation(mut self, normalisation: Normalisation) -> Self {
        self.normalisation = normalisation;
        self
    }

    /// How [`entropy_weights`] forms proportions.
    #[must_use]
    pub fn get_normalisation(&self) -> Normalisation {
        self.normalisation
    }

    /// The decimal places of the results.
    #[must_use]
    pub fn get_places(&self) -> u32 {
        self.places
    }

    /// The AHP reciprocity tolerance.
    #[must_use]
    pub fn get_reciprocity_tolerance(&self) -> Decimal {
        self.reciprocity_tolerance
    }

    /// The AHP convergence tolerance.
    #[must_use]
    pub fn get_convergence_tolerance(&self) -> Decimal {
        self.convergence_tolerance
    }

    /// The AHP limit on squarings of the matrix.
    #[must_use]
    pub fn get_max_iterations(&self) -> u32 {
        self.max_iterations
    }

    /// Refuses, before any work, a convergence tolerance that is not positive (or
    /// too fine for `Decimal` to reach) and an iteration limit of 0.
    fn checked_convergence(&self) -> Result<(), Error> {
        let tolerance = self.convergence_tolerance;
        if tolerance <= Decimal::ZERO {
            return Err(Error::invalid_input(
                "convergence_tolerance",
                format!("tolerance must be positive, got {tolerance}"),
            ));
        }
        if tolerance < Decimal::new(1, FINEST_TOLERANCE) {
            return Err(Error::invalid_input(
                "convergence_tolerance",
                format!(
                    "tolerance {tolerance} is finer than Decimal can resolve; \
                     the finest is 1e-{FINEST_TOLERANCE}"
                ),
            ));
        }
        if self.max_iterations == 0 {
            return Err(Error::invalid_input(
                "max_iterations",
                "at least one iteration is needed, got 0",
            ));
        }
        Ok(())
    }

    fn checked_places(&self) -> Result<u32, Error> {
        if self.places > MAX_PLACES {
            return Err(Error::invalid_input(
                "places",
                format!(
                    "{} decimal places requested, at most {MAX_PLACES}",
                    self.places
                ),
            ));
        }
        Ok(self.places)
    }
}

/// Something a weighting method wants the reader to know about its result.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WeightNote {
    /// The indicator has the same value for every enterprise (all zero included): it
    /// carries no information and gets weight 0.
    ConstantIndicator {
        /// Position of the indicator.
        index: usize,
        /// Name of the indicator.
        name: String,
    },
    /// CRITIC: every non-constant indicator is perfectly correlated with the others,
    /// so no indicator has information of its own; the weight is split equally among
    /// the non-constant indicators.
    PerfectlyCorrelated,
}

impl fmt::Display for WeightNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightNote::ConstantIndicator { index, name } => {
                write!(f, "indicator {index} ({name:?}) is constant: weight 0")
            }
            WeightNote::PerfectlyCorrelated => f.write_str(
                "all non-constant indicators are perfectly correlated: weight split equally",
            ),
        }
    }
}

/// One indicator's weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightEntry {
    /// The indicator's name.
    pub name: String,
    /// Its weight, in `[0, 1]`.
    pub weight: Decimal,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightsRepr {
    entries: Vec<WeightEntry>,
    #[serde(default)]
    notes: Vec<WeightNote>,
}

/// 权重 — named, non-negative weights that sum to exactly 1, in indicator order.
///
/// Ready to be used as the coefficients (系数) of a policy: [`Weights::as_vec`]
/// gives them in order, [`Weights::get`] by position, [`Weights::get_named`] by name.
///
/// ```
/// use creditgrade::research::Weights;
/// use rust_decimal::Decimal;
/// let w = Weights::new([
///     ("penalty", Decimal::new(5, 1)),
///     ("cumulative", Decimal::new(5, 1)),
/// ])?;
/// assert_eq!(w.get_named("penalty"), Some(Decimal::new(5, 1)));
/// assert_eq!(w.as_vec(), vec![Decimal::new(5, 1), Decimal::new(5, 1)]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WeightsRepr")]
pub struct Weights {
    entries: Vec<WeightEntry>,
    notes: Vec<WeightNote>,
}

impl TryFrom<WeightsRepr> for Weights {
    type Error = Error;

    fn try_from(repr: WeightsRepr) -> Result<Self, Error> {
        let mut w = Weights::new(repr.entries.into_iter().map(|e| (e.name, e.weight)))?;
        w.notes = repr.notes;
        Ok(w)
    }
}

pub(super) fn check_names<'a, I: IntoIterator<Item = &'a str>>(
    names: I,
    field: &str,
) -> Result<(), Error> {
    let mut seen = std::collections::BTreeSet::new();
    for (i, name) in names.into_iter().enumerate() {
        if name.is_empty() {
            return Err(Error::invalid_input(
                format!("{field}[{i}]"),
                "empty indicator name",
            ));
        }
        if !seen.insert(name) {
            return Err(Error::invalid_input(
                format!("{field}[{i}]"),
                format!("indicator name {name:?} appears twice"),
            ));
        }
    }
    Ok(())
}

impl Weights {
    /// Weights given directly (e.g. agreed by an expert panel).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when there are no
    /// weights, a name is empty or repeated, a weight is negative, or the weights do
    /// not sum to exactly 1 (use [`Weights::from_scores`] to normalise).
    pub fn new<S: Into<String>>(
        entries: impl IntoIterator<Item = (S, Decimal)>,
    ) -> Result<Weights, Error> {
        let entries: Vec<WeightEntry> = entries
            .into_iter()
            .map(|(n, w)| WeightEntry {
                name: n.into(),
                weight: w,
            })
            .collect();
        if entries.is_empty() {
            return Err(Error::invalid_input("weights", "no weights"));
        }
        check_names(entries.iter().map(|e| e.name.as_str()), "weights")?;
        for (i, e) in entries.iter().enumerate() {
            if e.weight.is_sign_negative() && !e.weight.is_zero() {
                return Err(Error::invalid_input(
                    format!("weights[{i}]"),
                    format!("weight of {:?} is negative ({})", e.name, e.weight),
                ));
            }
        }
        let total = sum(entries.iter().map(|e| e.weight), "the sum of weights")?;
        if total != Decimal::ONE {
            return Err(Error::invalid_input(
                "weights",
                format!("weights sum to {total}, not exactly 1"),
            ));
        }
        Ok(Weights {
            entries,
            notes: Vec::new(),
        })
    }

    /// Weights proportional to non-negative scores (e.g. an expert survey's mean
    /// ratings), rounded as described on [`WeightOptions`].
    ///
    /// ```
    /// use creditgrade::research::{WeightOptions, Weights};
    /// use rust_decimal::Decimal;
    /// let w = Weights::from_scores(
    ///     [("a", Decimal::from(1)), ("b", Decimal::from(1)), ("c", Decimal::from(1))],
    ///     &WeightOptions::default().places(2),
    /// )?;
    /// // 0.33 + 0.33 + 0.33 = 0.99: the missing 0.01 goes to the largest
    /// // remainder; all three are equal, so to the first.
    /// assert_eq!(w.as_vec(), vec![Decimal::new(34, 2), Decimal::new(33, 2), Decimal::new(33, 2)]);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for no scores, an
    /// empty or repeated name, a negative score, scores that are all zero, or more
    /// than 20 places; [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the
    /// sum leaves the range of `Decimal`.
    pub fn from_scores<S: Into<String>>(
        scores: impl IntoIterator<Item = (S, Decimal)>,
        options: &WeightOptions,
    ) -> Result<Weights, Error> {
        let (names, values): (Vec<String>, Vec<Decimal>) =
            scores.into_iter().map(|(n, v)| (n.into(), v)).unzip();
        if names.is_empty() {
            return Err(Error::invalid_input("scores", "no scores"));
        }
        check_names(names.iter().map(String::as_str), "scores")?;
        for (i, v) in values.iter().enumerate() {
            if v.is_sign_negative() && !v.is_zero() {
                return Err(Error::invalid_input(
                    format!("scores[{i}]"),
                    format!("score is negative ({v})"),
                ));
            }
        }
        let total = sum(values.iter().copied(), "the sum of scores")?;
        if total.is_zero() {
            return Err(Error::invalid_input("scores", "all scores are zero"));
        }
        let raw = values
            .iter()
            .map(|v| div(*v, total, "normalised scores"))
            .collect::<Result<Vec<_>, _>>()?;
        finish(names, &raw, options, Vec::new())
    }

    /// The weights in indicator order.
    #[must_use]
    pub fn as_vec(&self) -> Vec<Decimal> {
        self.entries.iter().map(|e| e.weight).collect()
    }

    /// The weight of the indicator at `index`, if there is one.
    #[must_use]
    pub fn get(&self, index: usize) -> Option<Decimal> {
        self.entries.get(index).map(|e| e.weight)
    }

    /// The weight of the indicator called `name`, if there is one.
    #[must_use]
    pub fn get_named(&self, name: &str) -> Option<Decimal> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.weight)
    }

    /// The indicator names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// `(name, weight)` pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Decimal)> {
        self.entries.iter().map(|e| (e.name.as_str(), e.weight))
    }

    /// The entries, in order.
    #[must_use]
    pub fn entries(&self) -> &[WeightEntry] {
        &self.entries
    }

    /// The number of indicators.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Always `false`: weights have at least one indicator.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What the method wants the reader to know (constant indicators…).
    #[must_use]
    pub fn notes(&self) -> &[WeightNote] {
        &self.notes
    }
}

/// Rounds `raw` (non-negative, summing to about 1) to `places` by the largest
/// remainder method and builds the result.
///
/// Every weight is first cut down to `places` (rounded towards zero); the units of
/// the last place still missing to make exactly 1 are then given, one each, to the
/// weights with the largest remainders (the part cut off). Among equal remainders
/// the larger weight goes first, and among equal weights the earlier indicator.
/// So every rounded weight is within one unit of the last place of its unrounded
/// value, and the rounded weights sum to exactly 1.
fn finish(
    names: Vec<String>,
    raw: &[Decimal],
    options: &WeightOptions,
    notes: Vec<WeightNote>,
) -> Result<Weights, Error> {
    let rounded = largest_remainder(raw, options.checked_places()?)?;
    Ok(Weights {
        entries: names
            .into_iter()
            .zip(rounded)
            .map(|(name, weight)| WeightEntry {
                name,
                weight: weight.normalize(),
            })
            .collect(),
        notes,
    })
}

/// The largest remainder method (see [`finish`]).
fn largest_remainder(raw: &[Decimal], places: u32) -> Result<Vec<Decimal>, Error> {
    let unit = Decimal::new(1, places);
    let mut rounded = Vec::with_capacity(raw.len());
    let mut remainders = Vec::with_capacity(raw.len());
    for (i, w) in raw.iter().enumerate() {
        if w.is_sign_negative() && !w.is_zero() {
            return Err(Error::invalid_input(
                format!("weights[{i}]"),
                format!("weight is negative ({w})"),
            ));
        }
        let cut = w.round_dp_with_strategy(places, RoundingStrategy::ToZero);
        remainders.push((sub(*w, cut, "a rounding remainder")?, *w, i));
        rounded.push(cut);
    }
    let total = sum(rounded.iter().copied(), "the sum of rounded weights")?;
    // Σ cut is a multiple of the unit and at most Σ raw ≈ 1, so the shortfall is
    // a whole number of units between 0 and n (rounding of the raw weights, below
    // 1e-26, is absorbed by rounding the count to the nearest unit).
    let missing = div(
        sub(Decimal::ONE, total, "the rounding residue")?,
        unit,
        "the rounding residue",
    )?
    .round();
    let missing = missing.to_usize().unwrap_or(0);
    // Largest remainder first; then the larger weight; then the earlier indicator.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    for &(_, _, i) in remainders.iter().take(missing) {
        if let Some(w) = rounded.get_mut(i) {
            *w = add(*w, unit, "the rounding residue")?;
        }
    }
    Ok(rounded)
}

/// 判断矩阵 — a pairwise comparison matrix for AHP: `a_ij` says how much more
/// important indicator `i` is than indicator `j` (Saaty's 1–9 scale and reciprocals).
///
/// Built with [`PairwiseMatrix::new`] (all cells) or [`PairwiseMatrix::from_upper`]
/// (the cells above the diagonal; reciprocals are filled in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PairwiseRepr")]
pub struct PairwiseMatrix {
    names: Vec<String>,
    rows: Vec<Vec<Decimal>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairwiseRepr {
    names: Vec<String>,
    rows: Vec<Vec<Decimal>>,
}

impl TryFrom<PairwiseRepr> for PairwiseMatrix {
    type Error = Error;

    fn try_from(repr: PairwiseRepr) -> Result<Self, Error> {
        PairwiseMatrix::new(repr.names, repr.rows)
    }
}

impl PairwiseMatrix {
    /// A matrix from all its cells, row by row, with one name per row.
    ///
    /// Checked here: 1 to 15 indicators (Saaty's RI table ends at 15), names
    /// non-empty and distinct, the matrix square, every cell positive and within
    /// `[0.001, 1000]` (Saaty's scale is 1/9..9; the bound keeps at least 20
    /// significant digits in every eigenvector component), the diagonal exactly 1. Reciprocity is checked by [`ahp`], within the tolerance of its
    /// options.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) naming the row or
    /// the cell (`matrix[i][j]`) at fault.
    pub fn new<S: Into<String>>(
        names: impl IntoIterator<Item = S>,
        rows: Vec<Vec<Decimal>>,
    ) -> Result<PairwiseMatrix, Error> {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        let n = names.len();
        if n == 0 || n > RANDOM_INDEX.len() {
            return Err(Error::invalid_input(
                "names",
                format!("{n} indicators; AHP takes 1 to 15 (Saaty's random index table)"),
            ));
        }
        check_names(names.iter().map(String::as_str), "names")?;
        if rows.len() != n {
            return Err(Error::invalid_input(
                "matrix",
                format!("{} rows for {n} indicators", rows.len()),
            ));
        }
        for (i, row) in rows.iter().enumerate() {
            if row.len() != n {
                return Err(Error::invalid_input(
                    format!("matrix[{i}]"),
                    format!(
                        "row has {} cells, expected {n} (the matrix must be square)",
                        row.len()
                    ),
                ));
            }
            for (j, a) in row.iter().enumerate() {
                if *a <= Decimal::ZERO {
                    return Err(Error::invalid_input(
                        format!("matrix[{i}][{j}]"),
                        format!("comparison must be positive, got {a}"),
                    ));
                }
                if *a < Decimal::new(1, 3) || *a > Decimal::from(CELL_LIMIT) {
                    return Err(Error::invalid_input(
                        format!("matrix[{i}][{j}]"),
                        format!("comparison must be between 0.001 and {CELL_LIMIT}, got {a}"),
                    ));
                }
                if i == j && *a != Decimal::ONE {
                    return Err(Error::invalid_input(
                        format!("matrix[{i}][{j}]"),
                        format!("diagonal must be 1, got {a}"),
                    ));
                }
            }
        }
        Ok(PairwiseMatrix { names, rows })
    }

    /// A matrix from the cells above the diagonal, row by row (`a_01, a_02, …, a_0n,
    /// a_12, …`); the diagonal is 1 and `a_ji = 1/a_ij`, rounded to 28 significant
    /// digits.
    ///
    /// ```
    /// use creditgrade::research::PairwiseMatrix;
    /// use rust_decimal::Decimal;
    /// let m = PairwiseMatrix::from_upper(["a", "b", "c"], &[2.into(), 4.into(), 2.into()])?;
    /// assert_eq!(m.cell(2, 0), Some(Decimal::new(25, 2)));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the number of
    /// cells is not `n(n−1)/2`, a cell is not positive, or as for
    /// [`PairwiseMatrix::new`].
    pub fn from_upper<S: Into<String>>(
        names: impl IntoIterator<Item = S>,
        upper: &[Decimal],
    ) -> Result<PairwiseMatrix, Error> {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        let n = names.len();
        let expected = n
            .checked_mul(n.saturating_sub(1))
            .map_or(usize::MAX, |x| x / 2);
        if upper.len() != expected {
            return Err(Error::invalid_input(
                "upper",
                format!(
                    "{} cells for {n} indicators, expected {expected}",
                    upper.len()
                ),
            ));
        }
        let mut rows = vec![vec![Decimal::ONE; n]; n];
        let mut cells = upper.iter();
        for i in 0..n {
            for j in (i + 1)..n {
                let Some(&a) = cells.next() else {
                    return Err(Error::invalid_input("upper", "too few cells"));
                };
                if a <= Decimal::ZERO {
                    return Err(Error::invalid_input(
                        format!("matrix[{i}][{j}]"),
                        format!("comparison must be positive, got {a}"),
                    ));
                }
                let reciprocal = div(Decimal::ONE, a, "a reciprocal")?;
                if let Some(c) = rows.get_mut(i).and_then(|r| r.get_mut(j)) {
                    *c = a;
                }
                if let Some(c) = rows.get_mut(j).and_then(|r| r.get_mut(i)) {
                    *c = reciprocal;
                }
            }
        }
        PairwiseMatrix::new(names, rows)
    }

    /// The number of indicators.
    #[must_use]
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Always `false`: a matrix has at least one indicator.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The indicator names.
    #[must_use]
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The cell `a_ij`, if in range.
    #[must_use]
    pub fn cell(&self, i: usize, j: usize) -> Option<Decimal> {
        self.rows.get(i).and_then(|r| r.get(j)).copied()
    }

    /// Checks `|a_ij · a_ji − 1| ≤ tolerance` for every pair; the error names the
    /// lower cell.
    pub(super) fn check_reciprocity(&self, tolerance: Decimal) -> Result<(), Error> {
        let n = self.len();
        if tolerance.is_sign_negative() && !tolerance.is_zero() {
            return Err(Error::invalid_input(
                "reciprocity_tolerance",
                format!("tolerance must not be negative, got {tolerance}"),
            ));
        }
        for i in 0..n {
            for j in (i + 1)..n {
                let (Some(a), Some(b)) = (self.cell(i, j), self.cell(j, i)) else {
                    continue;
                };
                let product = mul(a, b, "a reciprocity check")?;
                if sub(product, Decimal::ONE, "a reciprocity check")?.abs() > tolerance {
                    return Err(Error::invalid_input(
                        format!("matrix[{j}][{i}]"),
                        format!(
                            "not the reciprocal of matrix[{i}][{j}]: {b} × {a} = {product}, \
                             not 1 within {tolerance} ({:?} vs {:?})",
                            self.names.get(j).map_or("", String::as_str),
                            self.names.get(i).map_or("", String::as_str),
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    fn product(&self, w: &[Decimal]) -> Result<Vec<Decimal>, Error> {
        self.rows
            .iter()
            .map(|row| {
                row.iter().zip(w).try_fold(Decimal::ZERO, |acc, (a, x)| {
                    add(acc, mul(*a, *x, "A·w")?, "A·w")
                })
            })
            .collect()
    }
}

/// 一致性检验 — the verdict of Saaty's consistency test.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Consistency {
    /// CR < 0.10, or n ≤ 2 (consistent by definition).
    Consistent,
    /// CR ≥ 0.10: the judgements should be revised.
    Inconsistent {
        /// The consistency ratio.
        cr: Decimal,
    },
}

impl Consistency {
    /// `true` for [`Consistency::Consistent`].
    #[must_use]
    pub fn is_consistent(self) -> bool {
        matches!(self, Consistency::Consistent)
    }

    /// The Chinese label: 通过一致性检验 or 未通过一致性检验.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Consistency::Consistent => "通过一致性检验",
            Consistency::Inconsistent { .. } => "未通过一致性检验",
        }
    }
}

/// 层次分析法 — the result of [`ahp`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ahp {
    weights: Weights,
    eigenvector: Vec<Decimal>,
    lambda_max: Decimal,
    consistency_index: Decimal,
    random_index: Decimal,
    consistency_ratio: Option<Decimal>,
    consistency: Consistency,
    iterations: u32,
}

impl Ahp {
    /// The weights: the principal eigenvector, rounded per [`WeightOptions`].
    #[must_use]
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The principal eigenvector normalised to sum 1: the unrounded weights (to the
    /// convergence tolerance).
    #[must_use]
    pub fn eigenvector(&self) -> &[Decimal] {
        &self.eigenvector
    }

    /// λmax = mean of `(A·w)_i / w_i`, rounded to 12 places (half away from zero).
    #[must_use]
    pub fn lambda_max(&self) -> Decimal {
        self.lambda_max
    }

    /// CI = (λmax − n)/(n − 1), computed from the unrounded λmax and rounded to 12
    /// places; 0 for n = 1.
    #[must_use]
    pub fn consistency_index(&self) -> Decimal {
        self.consistency_index
    }

    /// Saaty's random index RI for this n.
    #[must_use]
    pub fn random_index(&self) -> Decimal {
        self.random_index
    }

    /// CR = CI/RI, computed from the unrounded CI and rounded to 12 places; `None`
    /// for n ≤ 2 (RI = 0).
    #[must_use]
    pub fn consistency_ratio(&self) -> Option<Decimal> {
        self.consistency_ratio
    }

    /// The verdict: inconsistent when CR ≥ 0.10.
    #[must_use]
    pub fn consistency(&self) -> Consistency {
        self.consistency
    }

    /// Squarings of the matrix done (both stages, see [`ahp`]).
    #[must_use]
    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

/// 层次分析法 — AHP weights from a pairwise comparison matrix.
///
/// Reciprocity is checked within the options' tolerance. The principal
/// eigenvector (unique and positive for a positive matrix, by Perron–Frobenius) is
/// found by repeated squaring, `B ← B² / max(B²)` from `B = A`: the normalised row
/// sums of `A^(2^k)` are the power iteration's step `2^k` from the uniform vector,
/// so each squaring doubles the steps and the slow convergence of the power
/// iteration on extreme matrices (rate `|λ₂/λ₁|`, as slow as 0.999 for cells of
/// 1000) costs a few dozen matrix products instead of failing. A first stage stops
/// at 1e-12 (or the tolerance, if coarser); the second squares the balanced matrix
/// `D⁻¹·A·D` with `D = diag(w₁)`, whose eigenvectors are both close to uniform so
/// that rounding is not amplified, until no component moves by more than the
/// convergence tolerance. Then
/// `λmax = (1/n) Σ (A·w)_i / w_i`, `CI = (λmax − n)/(n − 1)`, `CR = CI/RI`; the
/// matrix is inconsistent when `CR ≥ 0.10`.
///
/// ```
/// use creditgrade::research::{ahp, Consistency, PairwiseMatrix, WeightOptions};
/// use rust_decimal::Decimal;
/// // A consistent matrix: a_ij = w_i / w_j with w = (4/7, 2/7, 1/7).
/// let m = PairwiseMatrix::from_upper(["penalty", "tiered", "fact"], &[2.into(), 4.into(), 2.into()])?;
/// let r = ahp(&m, &WeightOptions::default())?;
/// assert_eq!(r.weights().as_vec(), vec![
///     "0.571429".parse::<Decimal>()?, "0.285714".parse()?, "0.142857".parse()?,
/// ]);
/// assert_eq!(r.lambda_max(), Decimal::from(3));
/// assert_eq!(r.consistency_ratio(), Some(Decimal::ZERO));
/// assert_eq!(r.consistency(), Consistency::Consistent);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a pair is not
/// reciprocal within the tolerance (the cell is named), the options are out of
/// range (a convergence tolerance that is not positive or is below 1e-24,
/// `max_iterations` 0, more than 20 places — refused before any work, naming the
/// option), or a caller's `max_iterations` is reached before convergence;
/// [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the arithmetic leaves the
/// range of `Decimal` (cells near `Decimal::MAX`).
pub fn ahp(matrix: &PairwiseMatrix, options: &WeightOptions) -> Result<Ahp, Error> {
    options.checked_places()?;
    options.checked_convergence()?;
    let n = matrix.len();
    matrix.check_reciprocity(options.reciprocity_tolerance)?;
    let n_dec = from_usize(n, "n")?;
    let (w, iterations) = principal_eigenvector(matrix, options)?;
    let y = matrix.product(&w)?;
    let mut ratio_sum = Decimal::ZERO;
    for (i, (yi, wi)) in y.iter().zip(&w).enumerate() {
        if wi.is_zero() {
            return Err(Error::invalid_input(
                format!("matrix[{i}]"),
                "the eigenvector component rounds to zero (cells too far apart)",
            ));
        }
        ratio_sum = add(ratio_sum, div(*yi, *wi, "λmax")?, "λmax")?;
    }
    // λmax, CI and CR are computed unrounded and each rounded once for reporting.
    let report = |x: Decimal| {
        x.round_dp_with_strategy(AHP_PLACES, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    };
    let lambda_raw = div(ratio_sum, n_dec, "λmax")?;
    let ri = random_index(n).unwrap_or(Decimal::ZERO);
    let (ci, cr) = if n <= 1 {
        (Decimal::ZERO, None)
    } else {
        let ci_raw = div(
            sub(lambda_raw, n_dec, "CI")?,
            sub(n_dec, Decimal::ONE, "CI")?,
            "CI",
        )?;
        let cr = if ri.is_zero() {
            None
        } else {
            Some(report(div(ci_raw, ri, "CR")?))
        };
        (report(ci_raw), cr)
    };
    let lambda_max = report(lambda_raw);
    let consistency = match cr {
        Some(cr) if cr >= Decimal::new(1, 1) => Consistency::Inconsistent { cr },
        _ => Consistency::Consistent,
    };
    let weights = finish(matrix.names.clone(), &w, options, Vec::new())?;
    Ok(Ahp {
        weights,
        eigenvector: w,
        lambda_max,
        consistency_index: ci,
        random_index: ri,
        consistency_ratio: cr,
        consistency,
        iterations,
    })
}

/// The largest entry of a positive matrix (0 for an empty one).
fn max_entry(m: &[Vec<Decimal>]) -> Decimal {
    m.iter().flatten().copied().max().unwrap_or(Decimal::ZERO)
}

/// `m / max(m)`: the largest entry becomes 1.
fn scaled_to_max(m: Vec<Vec<Decimal>>) -> Result<Vec<Vec<Decimal>>, Error> {
    let max = max_entry(&m);
    if max.is_zero() {
        return Ok(m);
    }
    m.into_iter()
        .map(|row| {
            row.into_iter()
                .map(|x| div(x, max, "the scaled matrix power"))
                .collect()
        })
        .collect()
}

/// `m²`.
fn squared(m: &[Vec<Decimal>]) -> Result<Vec<Vec<Decimal>>, Error> {
    m.iter()
        .map(|row| {
            (0..m.len())
                .map(|j| {
                    row.iter()
                        .zip(m)
                        .try_fold(Decimal::ZERO, |acc, (a, other)| {
                            let b = other.get(j).copied().unwrap_or_default();
                            add(acc, mul(*a, b, "a matrix power")?, "a matrix power")
                        })
                })
                .collect()
        })
        .collect()
}

/// The row sums of `m`, normalised to sum 1.
fn normalised_row_sums(m: &[Vec<Decimal>]) -> Result<Vec<Decimal>, Error> {
    let sums = m
        .iter()
        .map(|row| sum(row.iter().copied(), "a row sum"))
        .collect::<Result<Vec<_>, _>>()?;
    let total = sum(sums.iter().copied(), "Σ row sums")?;
    sums.iter()
        .map(|s| div(*s, total, "the normalised eigenvector"))
        .collect()
}

/// The principal eigenvector of a positive matrix, normalised to sum 1, by
/// repeated squaring: `B₀ = A`, `B_{k+1} = B_k² / max(B_k²)`, so `B_k ∝ A^(2^k)`
/// and its normalised row sums `w_k` are the power iteration's iterate number
/// `2^k` from the uniform vector. Two stages (see [`ahp`]): on `A` to 1e-12, then
/// on the balanced `D⁻¹·A·D` to the tolerance; returns the vector and the number
/// of squarings.
///
/// The power iteration on a positive matrix converges (Perron–Frobenius), but at
/// the rate `|λ₂/λ₁|` per step, which for cells within 1/1000..1000 can be as
/// slow as `1 − 2·10⁻⁶` (Birkhoff's contraction bound); squaring doubles the
/// number of steps each time, so about 30 squarings always suffice.
///
/// Why balance: with `B` scaled to a largest entry of 1, rounding errors of
/// `1e-28` in `B` are amplified by about `1/(v·w)` (left and right eigenvectors
/// scaled to a largest component of 1), which for extreme matrices is `10⁶` or
/// more; after balancing both are close to uniform and `v·w` close to `n`.
fn principal_eigenvector(
    matrix: &PairwiseMatrix,
    options: &WeightOptions,
) -> Result<(Vec<Decimal>, u32), Error> {
    let mut iterations = 0;
    // Stage 1: on A itself, to a coarse tolerance.
    let coarse = options.convergence_tolerance.max(Decimal::new(1, 12));
    let first = squarings(
        matrix.rows.clone(),
        coarse,
        options.max_iterations,
        &mut iterations,
    )?;
    // Stage 2: on the balanced matrix D⁻¹·A·D with D = diag(first), whose principal
    // eigenvector is D⁻¹·w (close to uniform) and whose left one is close to
    // uniform too, so rounding is not amplified; w = D·u, normalised.
    let balanced = matrix
        .rows
        .iter()
        .zip(&first)
        .map(|(row, wi)| {
            row.iter()
                .zip(&first)
                .map(|(a, wj)| {
                    div(
                        mul(*a, *wj, "the balanced matrix")?,
                        *wi,
                        "the balanced matrix",
                    )
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let u = squarings(
        balanced,
        options.convergence_tolerance,
        options.max_iterations,
        &mut iterations,
    )?;
    let scaled = first
        .iter()
        .zip(&u)
        .map(|(a, b)| mul(*a, *b, "the eigenvector"))
        .collect::<Result<Vec<_>, _>>()?;
    let total = sum(scaled.iter().copied(), "the eigenvector")?;
    let w = scaled
        .iter()
        .map(|x| div(*x, total, "the normalised eigenvector"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((w, iterations))
}

/// Squares `start` (scaled to a largest entry of 1) until its normalised row sums
/// move by at most `tolerance`, counting squarings in `iterations` against
/// `max_iterations`.
fn squarings(
    start: Vec<Vec<Decimal>>,
    tolerance: Decimal,
    max_iterations: u32,
    iterations: &mut u32,
) -> Result<Vec<Decimal>, Error> {
    let mut power = scaled_to_max(start)?;
    let mut w = normalised_row_sums(&power)?;
    while *iterations < max_iterations {
        *iterations += 1;
        power = scaled_to_max(squared(&power)?)?;
        let next = normalised_row_sums(&power)?;
        let mut moved = Decimal::ZERO;
        for (a, b) in next.iter().zip(&w) {
            moved = moved.max(sub(*a, *b, "the convergence check")?.abs());
        }
        w = next;
        if moved <= tolerance {
            return Ok(w);
        }
    }
    Err(Error::invalid_input(
        "max_iterations",
        format!(
            "the eigenvector did not converge to {tolerance} within {max_iterations} squarings of the matrix",
        ),
    ))
}

/// The direction of an indicator: is more better or worse?
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 效益型 — benefit: more is better (honour points).
    Benefit,
    /// 成本型 — cost: more is worse (penalties, complaints).
    Cost,
}

impl Direction {
    /// The Chinese label: 效益型 or 成本型.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Direction::Benefit => "效益型",
            Direction::Cost => "成本型",
        }
    }
}

/// 指标 — a column of a data matrix: a name and a [`Direction`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    name: String,
    direction: Direction,
}

impl Indicator {
    /// An indicator where more is better.
    #[must_use]
    pub fn benefit(name: impl Into<String>) -> Indicator {
        Indicator {
            name: name.into(),
            direction: Direction::Benefit,
        }
    }

    /// An indicator where more is worse.
    #[must_use]
    pub fn cost(name: impl Into<String>) -> Indicator {
        Indicator {
            name: name.into(),
            direction: Direction::Cost,
        }
    }

    /// The name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The direction.
    #[must_use]
    pub fn direction(&self) -> Direction {
        self.direction
    }
}

/// Min-max normalised columns; `None` for a constant column.
struct Normalised {
    columns: Vec<Option<Vec<Decimal>>>,
    notes: Vec<WeightNote>,
    rows: usize,
}

fn normalise<R: AsRef<[Decimal]>>(
    indicators: &[Indicator],
    rows: &[R],
    normalisation: Normalisation,
) -> Result<Normalised, Error> {
    if indicators.is_empty() {
        return Err(Error::invalid_input("indicators", "no indicators"));
    }
    check_names(indicators.iter().map(Indicator::name), "indicators")?;
    if rows.len() < 2 {
        return Err(Error::invalid_input(
            "rows",
            format!("{} enterprises; at least 2 are needed", rows.len()),
        ));
    }
    for (i, row) in rows.iter().enumerate() {
        if row.as_ref().len() != indicators.len() {
            return Err(Error::invalid_input(
                format!("rows[{i}]"),
                format!(
                    "row has {} values for {} indicators",
                    row.as_ref().len(),
                    indicators.len()
                ),
            ));
        }
    }
    let mut columns = Vec::with_capacity(indicators.len());
    let mut notes = Vec::new();
    for (j, indicator) in indicators.iter().enumerate() {
        let column: Vec<Decimal> = rows
            .iter()
            .filter_map(|r| r.as_ref().get(j).copied())
            .collect();
        let min = column.iter().copied().min().unwrap_or_default();
        let max = column.iter().copied().max().unwrap_or_default();
        if min == max {
            notes.push(WeightNote::ConstantIndicator {
                index: j,
                name: indicator.name.clone(),
            });
            columns.push(None);
            continue;
        }
        if normalisation == Normalisation::Proportion {
            if min < Decimal::ZERO {
                let i = column.iter().position(|x| *x < Decimal::ZERO).unwrap_or(0);
                return Err(Error::invalid_input(
                    format!("rows[{i}][{j}]"),
                    format!("proportions need non-negative values, got {min}"),
                ));
            }
            columns.push(Some(column));
            continue;
        }
        let range = sub(max, min, "a column range")?;
        let normalised = column
            .iter()
            .map(|x| {
                let distance = match indicator.direction {
                    Direction::Benefit => sub(*x, min, "min-max normalisation")?,
                    Direction::Cost => sub(max, *x, "min-max normalisation")?,
                };
                div(distance, range, "min-max normalisation")
            })
            .collect::<Result<Vec<_>, _>>()?;
        columns.push(Some(normalised));
    }
    if columns.iter().all(Option::is_none) {
        return Err(Error::invalid_input(
            "rows",
            "every indicator is constant: the data carry no information to weight by",
        ));
    }
    Ok(Normalised {
        columns,
        notes,
        rows: rows.len(),
    })
}

/// 熵权法 — entropy weights from a data matrix (rows: enterprises; columns:
/// indicators).
///
/// Each column is min-max normalised (`(x − min)/(max − min)` for a benefit
/// indicator, `(max − x)/(max − min)` for a cost one) unless the options ask for
/// [`Normalisation::Proportion`] (raw values); `p_ij = x'_ij / Σ_i x'_ij`;
/// `e_j = −(1/ln m) Σ_i p_ij ln p_ij` with `0·ln 0 = 0`; `d_j = 1 − e_j`;
/// `w_j = d_j / Σ d`. A constant column (all zero included) gets weight 0 and a
/// [`WeightNote::ConstantIndicator`].
///
/// ```
/// use creditgrade::research::{entropy_weights, Indicator, WeightOptions};
/// use rust_decimal::Decimal;
/// let rows = vec![
///     vec![Decimal::from(0), Decimal::from(7)],
///     vec![Decimal::from(1), Decimal::from(7)],
/// ];
/// let w = entropy_weights(
///     &[Indicator::cost("complaints"), Indicator::benefit("honours")],
///     &rows,
///     &WeightOptions::default(),
/// )?;
/// assert_eq!(w.as_vec(), vec![Decimal::ONE, Decimal::ZERO]);
/// assert_eq!(w.notes().len(), 1);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for fewer than 2
/// rows, no indicators, a row of the wrong length (named), a repeated name, every
/// column constant, or (with [`Normalisation::Proportion`]) a negative value
/// (named); [`ErrorKind::Overflow`](crate::ErrorKind::Overflow) when the values are
/// too far apart for `Decimal`.
pub fn entropy_weights<R: AsRef<[Decimal]>>(
    indicators: &[Indicator],
    rows: &[R],
    options: &WeightOptions,
) -> Result<Weights, Error> {
    entropy_report(indicators, rows, options).map(EntropyReport::into_weights)
}

/// 熵权法计算表 — the entropy method's intermediate table, as researchers report
/// it: per indicator the entropy `e_j`, the divergence `d_j = 1 − e_j` and the
/// unrounded weight, with the rounded [`Weights`]. Made by [`entropy_report`].
///
/// A constant indicator has no proportions to take the entropy of: its `e_j` and
/// `d_j` are `None` (and its weight 0).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntropyReport {
    weights: Weights,
    entropy: Vec<Option<Decimal>>,
    divergence: Vec<Option<Decimal>>,
    unrounded: Vec<Decimal>,
}

impl EntropyReport {
    /// The rounded weights (what [`entropy_weights`] returns).
    #[must_use]
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The rounded weights, taking them out of the report.
    #[must_use]
    pub fn into_weights(self) -> Weights {
        self.weights
    }

    /// `e_j = −(1/ln m) Σ_i p_ij ln p_ij`, in indicator order; `None` for a
    /// constant indicator. Not clamped: logarithm rounding can leave a value a
    /// few units of the 24th place above 1.
    #[must_use]
    pub fn entropy(&self) -> &[Option<Decimal>] {
        &self.entropy
    }

    /// `d_j = max(0, 1 − e_j)`, the degree of divergence the weights are
    /// proportional to; `None` for a constant indicator.
    #[must_use]
    pub fn divergence(&self) -> &[Option<Decimal>] {
        &self.divergence
    }

    /// `d_j / Σ d` before rounding (28 significant digits).
    #[must_use]
    pub fn unrounded(&self) -> &[Decimal] {
        &self.unrounded
    }
}

/// 熵权法 — entropy weights with the intermediate table (`e_j`, `d_j`, unrounded
/// weights); see [`entropy_weights`] for the method.
///
/// ```
/// use creditgrade::research::{entropy_report, Indicator, WeightOptions};
/// use rust_decimal::Decimal;
/// let d = |v: i64| Decimal::from(v);
/// // One column with all the weight on one enterprise (e = 0), one split evenly
/// // between two (e = ln 2 / ln 3).
/// let rows = vec![vec![d(0), d(0)], vec![d(0), d(1)], vec![d(1), d(1)]];
/// let r = entropy_report(
///     &[Indicator::benefit("honours"), Indicator::benefit("points")],
///     &rows,
///     &WeightOptions::default(),
/// )?;
/// assert_eq!(r.entropy()[0], Some(Decimal::ZERO));
/// assert_eq!(r.divergence()[0], Some(Decimal::ONE));
/// assert_eq!(r.weights().as_vec(), vec!["0.730423".parse()?, "0.269577".parse()?]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As for [`entropy_weights`].
pub fn entropy_report<R: AsRef<[Decimal]>>(
    indicators: &[Indicator],
    rows: &[R],
    options: &WeightOptions,
) -> Result<EntropyReport, Error> {
    options.checked_places()?;
    let normalised = normalise(indicators, rows, options.normalisation)?;
    let ln_m = ln(from_usize(normalised.rows, "m")?, "ln m")?;
    let mut entropy = Vec::with_capacity(indicators.len());
    let mut divergence = Vec::with_capacity(indicators.len());
    for column in &normalised.columns {
        let Some(column) = column else {
            entropy.push(None);
            divergence.push(None);
            continue;
        };
        let total = sum(column.iter().copied(), "a column sum")?;
        let mut plnp = Decimal::ZERO;
        for x in column {
            let p = div(*x, total, "p_ij")?;
            // p ln p → 0 as p → 0: a zero value, or a positive one whose proportion
            // is below 5e-29 and rounds to zero, contributes nothing (the term it
            // stands for is below 5e-29 · 65 < 4e-27 in absolute value).
            if p.is_zero() {
                continue;
            }
            plnp = add(plnp, mul(p, ln(p, "ln p_ij")?, "p ln p")?, "Σ p ln p")?;
        }
        let e = div(-plnp, ln_m, "the entropy")?;
        entropy.push(Some(e));
        // d ≥ 0 in exact arithmetic; the clamp only absorbs logarithm rounding on
        // near-constant columns.
        divergence.push(Some(sub(Decimal::ONE, e, "1 − e")?.max(Decimal::ZERO)));
    }
    let total = sum(divergence.iter().flatten().copied(), "Σ (1 − e)")?;
    if total <= Decimal::ZERO {
        return Err(Error::invalid_input(
            "rows",
            "no indicator has any divergence (1 − e) to weight by",
        ));
    }
    let unrounded = divergence
        .iter()
        .map(|d| div(d.unwrap_or_default(), total, "entropy weights"))
        .collect::<Result<Vec<_>, _>>()?;
    let names = indicators.iter().map(|i| i.name.clone()).collect();
    let weights = finish(names, &unrounded, options, normalised.notes)?;
    Ok(EntropyReport {
        weights,
        entropy,
        divergence,
        unrounded,
    })
}

/// CRITIC weights (Diakoulaki et al., 1995) from a data matrix.
///
/// Columns are min-max normalised as for [`entropy_weights`]; `σ_j` is the
/// (population) standard deviation of column `j`, `r_jk` the Pearson correlation
/// of columns `j` and `k`; `C_j = σ_j Σ_k (1 − r_jk)`; `w_j = C_j / Σ C`. Whether
/// σ divides by `m` or `m − 1` does not change the weights (it scales every `C_j`
/// alike). A constant column gets weight 0 and a
/// [`WeightNote::ConstantIndicator`], and is left out of the correlations; when
/// every `C_j` is 0 (all remaining columns perfectly correlated, or only one left)
/// the weight is split equally among the non-constant columns with a
/// [`WeightNote::PerfectlyCorrelated`].
///
/// ```
/// use creditgrade::research::{critic_weights, Indicator, WeightOptions};
/// use rust_decimal::Decimal;
/// let d = |v: i64| Decimal::from(v);
/// // Two perfectly anti-correlated columns of equal spread: equal weights.
/// let rows = vec![vec![d(0), d(0)], vec![d(1), d(1)]];
/// let w = critic_weights(
///     &[Indicator::benefit("honours"), Indicator::cost("complaints")],
///     &rows,
///     &WeightOptions::default(),
/// )?;
/// assert_eq!(w.as_vec(), vec![Decimal::new(5, 1), Decimal::new(5, 1)]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// As for [`entropy_weights`].
pub fn critic_weights<R: AsRef<[Decimal]>>(
    indicators: &[Indicator],
    rows: &[R],
    options: &WeightOptions,
) -> Result<Weights, Error> {
    critic_report(indicators, rows, options).map(CriticReport::into_weights)
}

/// CRITIC 计算表 — the CRITIC method's intermediate tables, as researchers report
/// them: the standard deviations `σ_j`, the correlation matrix `r_jk`, the
/// conflict `Σ_k (1 − r_jk)`, the information `C_j` and the unrounded weights,
/// with the rounded [`Weights`]. Made by [`critic_report`].
///
/// A constant indicator has `σ_j = 0`, no correlations (`None` in its row and
/// column, the diagonal included), conflict and information 0.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriticReport {
    weights: Weights,
    std_dev: Vec<Decimal>,
    correlation: Vec<Vec<Option<Decimal>>>,
    conflict: Vec<Decimal>,
    information: Vec<Decimal>,
    unrounded: Vec<Decimal>,
}

impl CriticReport {
    /// The rounded weights (what [`critic_weights`] returns).
    #[must_use]
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The rounded weights, taking them out of the report.
    #[must_use]
    pub fn into_weights(self) -> Weights {
        self.weights
    }

    /// `σ_j`, the population standard deviation of the min-max normalised column
    /// `j` (0 for a constant indicator).
    #[must_use]
    pub fn std_dev(&self) -> &[Decimal] {
        &self.std_dev
    }

    /// The Pearson correlation matrix `r_jk` of the normalised columns, row `j`
    /// column `k`, clamped to `[−1, 1]`; symmetric, 1 on the diagonal, `None`
    /// where `j` or `k` is a constant indicator.
    #[must_use]
    pub fn correlation(&self) -> &[Vec<Option<Decimal>>] {
        &self.correlation
    }

    /// `Σ_k (1 − r_jk)` over the non-constant indicators `k`, in indicator order.
    #[must_use]
    pub fn conflict(&self) -> &[Decimal] {
        &self.conflict
    }

    /// `C_j = σ_j Σ_k (1 − r_jk)`, the information carried by indicator `j`.
    #[must_use]
    pub fn information(&self) -> &[Decimal] {
        &self.information
    }

    /// `C_j / Σ C` before rounding (28 significant digits); the equal split when
    /// every `C_j` is 0.
    #[must_use]
    pub fn unrounded(&self) -> &[Decimal] {
        &self.unrounded
    }
}

/// CRITIC weights with the intermediate tables (`σ_j`, `r_jk`, `C_j`, unrounded
/// weights); see [`critic_weights`] for the method.
///
/// ```
/// use creditgrade::research::{critic_report, Indicator, WeightOptions};
/// use rust_decimal::Decimal;
/// let d = |v: i64| Decimal::from(v);
/// let rows = vec![vec![d(0), d(0)], vec![d(1), d(1)]];
/// let r = critic_report(
///     &[Indicator::benefit("honours"), Indicator::cost("complaints")],
///     &rows,
///     &WeightOptions::default(),
/// )?;
/// // Normalised columns (0, 1) and (1, 0): σ = ½ each, r = −1, C = ½ · 2 = 1 each.
/// assert_eq!(r.std_dev(), &[Decimal::new(5, 1), Decimal::new(5, 1)]);
/// assert_eq!(r.correlation()[0][1], Some(-Decimal::ONE));
/// assert_eq!(r.information(), &[Decimal::ONE, Decimal::ONE]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// As for [`entropy_weights`].
pub fn critic_report<R: AsRef<[Decimal]>>(
    indicators: &[Indicator],
    rows: &[R],
    options: &WeightOptions,
) -> Result<CriticReport, Error> {
    options.checked_places()?;
    let mut normalised = normalise(indicators, rows, Normalisation::MinMax)?;
    let m = from_usize(normalised.rows, "m")?;
    let count = indicators.len();
    // Centre each column and compute its standard deviation.
    let mut centred: Vec<Option<Vec<Decimal>>> = Vec::with_capacity(count);
    let mut std_dev: Vec<Decimal> = Vec::with_capacity(count);
    for column in &normalised.columns {
        let Some(column) = column else {
            centred.push(None);
            std_dev.push(Decimal::ZERO);
            continue;
        };
        let mean = div(
            sum(column.iter().copied(), "a column mean")?,
            m,
            "a column mean",
        )?;
        let c = column
            .iter()
            .map(|x| sub(*x, mean, "a centred value"))
            .collect::<Result<Vec<_>, _>>()?;
        let var = div(
            sum(
                c.iter()
                    .map(|x| mul(*x, *x, "a variance"))
                    .collect::<Result<Vec<_>, _>>()?,
                "a variance",
            )?,
            m,
            "a variance",
        )?;
        std_dev.push(sqrt(var, "a standard deviation")?);
        centred.push(Some(c));
    }
    let mut correlation = vec![vec![None; count]; count];
    for (j, cj) in centred.iter().enumerate() {
        let Some(cj) = cj else { continue };
        if let Some(cell) = correlation.get_mut(j).and_then(|r| r.get_mut(j)) {
            *cell = Some(Decimal::ONE);
        }
        for (k, ck) in centred.iter().enumerate().skip(j + 1) {
            let Some(ck) = ck else { continue };
            let sj = std_dev.get(j).copied().unwrap_or_default();
            let sk = std_dev.get(k).copied().unwrap_or_default();
            let cov = div(
                sum(
                    cj.iter()
                        .zip(ck)
                        .map(|(a, b)| mul(*a, *b, "a covariance"))
                        .collect::<Result<Vec<_>, _>>()?,
                    "a covariance",
                )?,
                m,
                "a covariance",
            )?;
            let denominator = mul(sj, sk, "a correlation")?;
            let r = if denominator.is_zero() {
                Decimal::ONE
            } else {
                div(cov, denominator, "a correlation")?.clamp(-Decimal::ONE, Decimal::ONE)
            };
            for (a, b) in [(j, k), (k, j)] {
                if let Some(cell) = correlation.get_mut(a).and_then(|r| r.get_mut(b)) {
                    *cell = Some(r);
                }
            }
        }
    }
    let mut conflict = Vec::with_capacity(count);
    let mut information = Vec::with_capacity(count);
    for (j, row) in correlation.iter().enumerate() {
        let mut c = Decimal::ZERO;
        for (k, r) in row.iter().enumerate() {
            if let (Some(r), false) = (r, k == j) {
                c = add(c, sub(Decimal::ONE, *r, "1 − r")?, "Σ (1 − r)")?;
            }
        }
        conflict.push(c);
        let sj = std_dev.get(j).copied().unwrap_or_default();
        information.push(mul(sj, c, "C_j")?);
    }
    let total = sum(information.iter().copied(), "Σ C")?;
    let unrounded = if total.is_zero() {
        let live = normalised.columns.iter().filter(|c| c.is_some()).count();
        let share = div(Decimal::ONE, from_usize(live, "a count")?, "an equal split")?;
        normalised.notes.push(WeightNote::PerfectlyCorrelated);
        normalised
            .columns
            .iter()
            .map(|c| if c.is_some() { share } else { Decimal::ZERO })
            .collect()
    } else {
        information
            .iter()
            .map(|c| div(*c, total, "CRITIC weights"))
            .collect::<Result<Vec<_>, _>>()?
    };
    let names = indicators.iter().map(|i| i.name.clone()).collect();
    let weights = finish(names, &unrounded, options, normalised.notes)?;
    Ok(CriticReport {
        weights,
        std_dev,
        correlation,
        conflict,
        information,
        unrounded,
    })
}

fn check_same_indicators(subjective: &Weights, objective: &Weights) -> Result<(), Error> {
    if subjective.len() != objective.len() {
        return Err(Error::invalid_input(
            "objective",
            format!(
                "{} objective weights for {} subjective ones",
                objective.len(),
                subjective.len()
            ),
        ));
    }
    for (i, (a, b)) in subjective.names().zip(objective.names()).enumerate() {
        if a != b {
            return Err(Error::invalid_input(
                format!("objective[{i}]"),
                format!("indicator {b:?} where the subjective weights have {a:?}"),
            ));
        }
    }
    Ok(())
}

fn merged_notes(a: &Weights, b: &Weights) -> Vec<WeightNote> {
    let mut notes = a.notes.clone();
    for n in &b.notes {
        if !notes.contains(n) {
            notes.push(n.clone());
        }
    }
    notes
}

/// 组合赋权 (linear) — `w_j = α·s_j + (1 − α)·o_j` for a subjective `s` (e.g. AHP)
/// and an objective `o` (e.g. entropy), rounded per [`WeightOptions`].
///
/// ```
/// use creditgrade::research::{combine_linear, WeightOptions, Weights};
/// use rust_decimal::Decimal;
/// let s = Weights::new([("a", Decimal::new(8, 1)), ("b", Decimal::new(2, 1))])?;
/// let o = Weights::new([("a", Decimal::new(4, 1)), ("b", Decimal::new(6, 1))])?;
/// let w = combine_linear(&s, &o, Decimal::new(5, 1), &WeightOptions::default())?;
/// assert_eq!(w.as_vec(), vec![Decimal::new(6, 1), Decimal::new(4, 1)]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when `α` is outside
/// `[0, 1]` or the two weights name different indicators (the position is named).
pub fn combine_linear(
    subjective: &Weights,
    objective: &Weights,
    alpha: Decimal,
    options: &WeightOptions,
) -> Result<Weights, Error> {
    check_same_indicators(subjective, objective)?;
    if alpha < Decimal::ZERO || alpha > Decimal::ONE {
        return Err(Error::invalid_input(
            "alpha",
            format!("α must be in [0, 1], got {alpha}"),
        ));
    }
    let beta = sub(Decimal::ONE, alpha, "1 − α")?;
    let raw = subjective
        .iter()
        .zip(objective.iter())
        .map(|((_, s), (_, o))| {
            add(
                mul(alpha, s, "α·s")?,
                mul(beta, o, "(1 − α)·o")?,
                "α·s + (1 − α)·o",
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let names = subjective.names().map(str::to_string).collect();
    finish(names, &raw, options, merged_notes(subjective, objective))
}

/// 乘法合成归一化 — `w_j = s_j·o_j / Σ_k s_k·o_k`, rounded per [`WeightOptions`].
///
/// ```
/// use creditgrade::research::{combine_multiplicative, WeightOptions, Weights};
/// use rust_decimal::Decimal;
/// let s = Weights::new([("a", Decimal::new(75, 2)), ("b", Decimal::new(25, 2))])?;
/// let o = Weights::new([("a", Decimal::new(25, 2)), ("b", Decimal::new(75, 2))])?;
/// let w = combine_multiplicative(&s, &o, &WeightOptions::default())?;
/// assert_eq!(w.as_vec(), vec![Decimal::new(5, 1), Decimal::new(5, 1)]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the two weights
/// name different indicators, or no indicator has a non-zero weight on both sides
/// (`Σ s·o = 0`).
pub fn combine_multiplicative(
    subjective: &Weights,
    objective: &Weights,
    options: &WeightOptions,
) -> Result<Weights, Error> {
    check_same_indicators(subjective, objective)?;
    let products = subjective
        .iter()
        .zip(objective.iter())
        .map(|((_, s), (_, o))| mul(s, o, "s·o"))
        .collect::<Result<Vec<_>, _>>()?;
    let total = sum(products.iter().copied(), "Σ s·o")?;
    if total.is_zero() {
        return Err(Error::invalid_input(
            "objective",
            "no indicator has a non-zero weight in both: the product is zero everywhere",
        ));
    }
    let raw = products
        .iter()
        .map(|p| div(*p, total, "the normalised product"))
        .collect::<Result<Vec<_>, _>>()?;
    let names = subjective.names().map(str::to_string).collect();
    finish(names, &raw, options, merged_notes(subjective, objective))
}

crate::json::policy_file!(WeightOptions, "creditgrade::research::WeightOptions", |o| o
    .checked_places()
    .map(|_| ()));

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn saaty_random_index_table() {
        let table: Vec<Decimal> = (1..=15).filter_map(random_index).collect();
        let want = [
            "0", "0", "0.58", "0.90", "1.12", "1.24", "1.32", "1.41", "1.45", "1.49", "1.51",
            "1.48", "1.56", "1.57", "1.59",
        ];
        assert_eq!(table, want.iter().map(|s| d(s)).collect::<Vec<_>>());
        assert_eq!(random_index(0), None);
        assert_eq!(random_index(16), None);
    }

    /// Largest remainder: every weight is cut to the places, and the missing units
    /// go to the largest remainders; ties to the larger weight, then the earlier.
    #[test]
    fn rounding_gives_missing_units_to_the_largest_remainders() {
        let third = Decimal::ONE / Decimal::from(3);
        let names = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        let one = WeightOptions::default().places(1);
        // 0.3 + 0.3 + 0.3 = 0.9: one unit missing, equal remainders: the first.
        let w = finish(names.clone(), &[third; 3], &one, vec![]).unwrap();
        assert_eq!(w.as_vec(), vec![d("0.4"), d("0.3"), d("0.3")]);
        // 0.26, 0.48, 0.26 → 0.2 + 0.4 + 0.2 = 0.8: two units missing; remainders
        // 0.06, 0.08, 0.06: b first, then a (equal to c in remainder and weight,
        // earlier).
        let raw = [d("0.26"), d("0.48"), d("0.26")];
        let w = finish(names.clone(), &raw, &one, vec![]).unwrap();
        assert_eq!(w.as_vec(), vec![d("0.3"), d("0.5"), d("0.2")]);
        // Equal remainders, different weights: the larger weight first.
        let raw = [d("0.15"), d("0.25"), d("0.6")];
        let w = finish(names.clone(), &raw, &one, vec![]).unwrap();
        assert_eq!(w.as_vec(), vec![d("0.1"), d("0.3"), d("0.6")]);
        // Nothing missing: nothing moves.
        let raw = [d("0.2"), d("0.3"), d("0.5")];
        let w = finish(names.clone(), &raw, &one, vec![]).unwrap();
        assert_eq!(w.as_vec(), raw.to_vec());
        let e = finish(names, &raw, &WeightOptions::default().places(21), vec![]).unwrap_err();
        assert_eq!(e.field(), Some("places"));
    }

    /// A raw vector that sums to a hair above 1 (28-digit rounding of 1/15) still
    /// gets exactly the units it misses.
    #[test]
    fn fifteen_equal_weights_at_two_places() {
        let raw = vec![Decimal::ONE / Decimal::from(15); 15];
        assert!(raw.iter().sum::<Decimal>() > Decimal::ONE);
        let w = largest_remainder(&raw, 2).unwrap();
        let mut want = vec![d("0.07"); 10];
        want.extend([d("0.06"); 5]);
        assert_eq!(w, want);
    }

    #[test]
    fn weights_accessors() {
        let w = Weights::new([("penalty", d("0.7")), ("fact", d("0.3"))]).unwrap();
        assert_eq!(w.get(1), Some(d("0.3")));
        assert_eq!(w.get(2), None);
        assert_eq!(w.get_named("cumulative"), None);
        assert_eq!(w.names().collect::<Vec<_>>(), ["penalty", "fact"]);
        assert_eq!(w.iter().next(), Some(("penalty", d("0.7"))));
        assert_eq!(w.len(), 2);
        assert!(!w.is_empty());
        let e = Weights::new([("a", d("1")), ("a", d("0"))]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`weights[1]`: indicator name \"a\" appears twice"
        );
        let e = Weights::new([("a", d("0.5")), ("b", d("0.4"))]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`weights`: weights sum to 0.9, not exactly 1"
        );
    }

    #[test]
    fn from_upper_fills_reciprocals_and_checks_its_length() {
        let m = PairwiseMatrix::from_upper(["a", "b", "c"], &[d("3"), d("9"), d("3")]).unwrap();
        assert_eq!(m.cell(1, 0), Some(Decimal::ONE / Decimal::from(3)));
        assert_eq!(m.cell(2, 0), Some(Decimal::ONE / Decimal::from(9)));
        assert_eq!(m.cell(3, 0), None);
        let e = PairwiseMatrix::from_upper(["a", "b", "c"], &[d("3")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`upper`: 1 cells for 3 indicators, expected 3"
        );
        let e = PairwiseMatrix::from_upper(["a", "b"], &[d("-3")]).unwrap_err();
        assert_eq!(e.field(), Some("matrix[0][1]"));
    }

    #[test]
    fn one_indicator_gets_everything() {
        let m = PairwiseMatrix::new(["only"], vec![vec![Decimal::ONE]]).unwrap();
        let r = ahp(&m, &WeightOptions::default()).unwrap();
        assert_eq!(r.weights().as_vec(), vec![Decimal::ONE]);
        assert_eq!(r.consistency_index(), Decimal::ZERO);
        assert_eq!(r.consistency_ratio(), None);
        assert!(r.consistency().is_consistent());
    }
}
