//! The `f64` fast path: entropy and CRITIC on a row-major `&[f64]` matrix, for
//! callers (such as array-based bindings) that hold their data as floats and need
//! speed on large populations, and AHP ([`ahp_f64`]) for many matrices.
//!
//! Same formulas, checks and conventions as [`entropy_weights`] and
//! [`critic_weights`] (min-max or proportion normalisation, constant columns
//! weight 0, `0 · ln 0 = 0`, the equal split when CRITIC finds no conflict), in
//! binary floating point instead of `Decimal`, and unrounded. Precision: each sum
//! over `m` rows carries a relative error of about `m · 2⁻⁵³` (1e-11 for
//! 100,000 rows); the weights agree with the `Decimal` path to 1e-9 on the
//! test matrices. For weights that feed a policy use the `Decimal` functions,
//! which round to exactly 1.
//!
//! [`entropy_weights`]: super::entropy_weights
//! [`critic_weights`]: super::critic_weights

// Row and column counts become `f64` divisors; counts beyond 2⁵³ rows cannot be
// held in memory as `f64` data anyway.
#![allow(clippy::cast_precision_loss)]

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::weights::check_names;
use super::{Direction, Indicator, Normalisation, PairwiseMatrix, WeightOptions, random_index};
use crate::Error;

/// The checked shape of a row-major matrix and its min-max columns.
struct Columns {
    rows: usize,
    min: Vec<f64>,
    max: Vec<f64>,
    /// `false` for a constant column (min = max).
    live: Vec<bool>,
}

fn check(indicators: &[Indicator], data: &[f64], proportion: bool) -> Result<Columns, Error> {
    let k = indicators.len();
    if k == 0 {
        return Err(Error::invalid_input("indicators", "no indicators"));
    }
    check_names(indicators.iter().map(Indicator::name), "indicators")?;
    if data.len() % k != 0 {
        return Err(Error::invalid_input(
            "data",
            format!(
                "{} values do not make whole rows of {k} indicators",
                data.len()
            ),
        ));
    }
    let rows = data.len() / k;
    if rows < 2 {
        return Err(Error::invalid_input(
            "rows",
            format!("{rows} enterprises; at least 2 are needed"),
        ));
    }
    let mut min = vec![f64::INFINITY; k];
    let mut max = vec![f64::NEG_INFINITY; k];
    for (i, row) in data.chunks_exact(k).enumerate() {
        for (j, x) in row.iter().enumerate() {
            if !x.is_finite() {
                return Err(Error::invalid_input(
                    format!("rows[{i}][{j}]"),
                    format!("value must be finite, got {x}"),
                ));
            }
            if proportion && *x < 0.0 {
                return Err(Error::invalid_input(
                    format!("rows[{i}][{j}]"),
                    format!("proportions need non-negative values, got {x}"),
                ));
            }
            min[j] = min[j].min(*x);
            max[j] = max[j].max(*x);
        }
    }
    // Exact comparison: a column is constant when every value is the same.
    #[allow(clippy::float_cmp)]
    let live: Vec<bool> = min.iter().zip(&max).map(|(a, b)| a != b).collect();
    if !live.iter().any(|l| *l) {
        return Err(Error::invalid_input(
            "rows",
            "every indicator is constant: the data carry no information to weight by",
        ));
    }
    Ok(Columns {
        rows,
        min,
        max,
        live,
    })
}

/// The min-max normalised value of `x` in column `j` (benefit or cost).
fn min_max(indicators: &[Indicator], c: &Columns, j: usize, x: f64) -> f64 {
    let range = c.max[j] - c.min[j];
    match indicators[j].direction() {
        Direction::Benefit => (x - c.min[j]) / range,
        Direction::Cost => (c.max[j] - x) / range,
    }
}

/// 熵权法 in `f64`: entropy weights of a row-major matrix (`data[i·n + j]` is
/// enterprise `i`, indicator `j`), unrounded, in indicator order; a constant
/// indicator gets exactly 0. The options' normalisation applies (places do not).
/// Precision: each sum over `m` rows carries a relative error of about
/// `m · 2⁻⁵³`; the weights agree with [`entropy_weights`](super::entropy_weights)
/// to 1e-9 on the test matrices.
///
/// ```
/// use creditgrade::research::{entropy_weights_f64, Indicator, WeightOptions};
/// let data = [0.0, 7.0, 1.0, 7.0]; // two enterprises, two indicators
/// let w = entropy_weights_f64(
///     &[Indicator::cost("complaints"), Indicator::benefit("honours")],
///     &data,
///     &WeightOptions::default(),
/// )?;
/// assert_eq!(w, vec![1.0, 0.0]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) as for
/// [`entropy_weights`](super::entropy_weights), and for a length that is not a
/// whole number of rows or a value that is not finite (the cell is named).
pub fn entropy_weights_f64(
    indicators: &[Indicator],
    data: &[f64],
    options: &WeightOptions,
) -> Result<Vec<f64>, Error> {
    let proportion = options.get_normalisation() == Normalisation::Proportion;
    let c = check(indicators, data, proportion)?;
    let k = indicators.len();
    let value = |j: usize, x: f64| {
        if proportion {
            x
        } else {
            min_max(indicators, &c, j, x)
        }
    };
    let mut totals = vec![0.0_f64; k];
    for row in data.chunks_exact(k) {
        for (j, x) in row.iter().enumerate() {
            if c.live[j] {
                totals[j] += value(j, *x);
            }
        }
    }
    let mut plnp = vec![0.0_f64; k];
    for row in data.chunks_exact(k) {
        for (j, x) in row.iter().enumerate() {
            if c.live[j] {
                let p = value(j, *x) / totals[j];
                // p ln p → 0 as p → 0.
                if p > 0.0 {
                    plnp[j] += p * p.ln();
                }
            }
        }
    }
    let ln_m = (c.rows as f64).ln();
    let divergence: Vec<f64> = plnp
        .iter()
        .zip(&c.live)
        .map(|(s, live)| {
            if *live {
                (1.0 + s / ln_m).max(0.0)
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = divergence.iter().sum();
    if total <= 0.0 {
        return Err(Error::invalid_input(
            "rows",
            "no indicator has any divergence (1 − e) to weight by",
        ));
    }
    Ok(divergence.iter().map(|d| d / total).collect())
}

/// CRITIC in `f64`: CRITIC weights of a row-major matrix (`data[i·n + j]` is
/// enterprise `i`, indicator `j`), unrounded, in indicator order; a constant
/// indicator gets exactly 0, and when no indicator has any conflict the weight is
/// split equally among the non-constant ones. Columns are always min-max
/// normalised (the options are taken for symmetry with
/// [`entropy_weights_f64`]). Precision: as [`entropy_weights_f64`]; the weights
/// agree with [`critic_weights`](super::critic_weights) to 1e-9 on the test
/// matrices.
///
/// ```
/// use creditgrade::research::{critic_weights_f64, Indicator, WeightOptions};
/// let data = [0.0, 0.0, 1.0, 1.0];
/// let w = critic_weights_f64(
///     &[Indicator::benefit("honours"), Indicator::cost("complaints")],
///     &data,
///     &WeightOptions::default(),
/// )?;
/// assert_eq!(w, vec![0.5, 0.5]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// As for [`entropy_weights_f64`].
pub fn critic_weights_f64(
    indicators: &[Indicator],
    data: &[f64],
    options: &WeightOptions,
) -> Result<Vec<f64>, Error> {
    let _ = options;
    let c = check(indicators, data, false)?;
    let k = indicators.len();
    let m = c.rows as f64;
    let mut mean = vec![0.0_f64; k];
    for row in data.chunks_exact(k) {
        for (j, x) in row.iter().enumerate() {
            if c.live[j] {
                mean[j] += min_max(indicators, &c, j, *x);
            }
        }
    }
    for s in &mut mean {
        *s /= m;
    }
    // Σ over rows of the products of centred values, upper triangle, row-major.
    let mut products = vec![0.0_f64; k * k];
    let mut centred = vec![0.0_f64; k];
    for row in data.chunks_exact(k) {
        for (j, x) in row.iter().enumerate() {
            centred[j] = if c.live[j] {
                min_max(indicators, &c, j, *x) - mean[j]
            } else {
                0.0
            };
        }
        for j in 0..k {
            let cj = centred[j];
            for (p, ck) in products[j * k + j..(j + 1) * k]
                .iter_mut()
                .zip(&centred[j..])
            {
                *p += cj * ck;
            }
        }
    }
    let sigma: Vec<f64> = (0..k).map(|j| (products[j * k + j] / m).sqrt()).collect();
    let mut information = vec![0.0_f64; k];
    for j in (0..k).filter(|j| c.live[*j]) {
        let mut conflict = 0.0;
        for l in (0..k).filter(|l| c.live[*l] && *l != j) {
            let (a, b) = if j < l { (j, l) } else { (l, j) };
            let denominator = sigma[j] * sigma[l];
            let r = if denominator == 0.0 {
                1.0
            } else {
                (products[a * k + b] / m / denominator).clamp(-1.0, 1.0)
            };
            conflict += 1.0 - r;
        }
        information[j] = sigma[j] * conflict;
    }
    let total: f64 = information.iter().sum();
    if total == 0.0 {
        let live = c.live.iter().filter(|l| **l).count() as f64;
        return Ok(c
            .live
            .iter()
            .map(|l| if *l { 1.0 / live } else { 0.0 })
            .collect());
    }
    Ok(information.iter().map(|x| x / total).collect())
}

/// The result of [`ahp_f64`]: AHP in `f64`, unrounded.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AhpF64 {
    weights: Vec<f64>,
    lambda_max: f64,
    consistency_index: f64,
    consistency_ratio: Option<f64>,
    iterations: u32,
}

impl AhpF64 {
    /// The principal eigenvector, normalised to sum 1: the weights, unrounded.
    #[must_use]
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// λmax = mean of `(A·w)_i / w_i`.
    #[must_use]
    pub fn lambda_max(&self) -> f64 {
        self.lambda_max
    }

    /// CI = (λmax − n)/(n − 1); 0 for n = 1.
    #[must_use]
    pub fn consistency_index(&self) -> f64 {
        self.consistency_index
    }

    /// CR = CI/RI; `None` for n ≤ 2.
    #[must_use]
    pub fn consistency_ratio(&self) -> Option<f64> {
        self.consistency_ratio
    }

    /// Squarings of the matrix done.
    #[must_use]
    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

/// The tolerance of [`ahp_f64`]: 64 units of `f64` rounding at 1.
const AHP_F64_TOLERANCE: f64 = 64.0 * f64::EPSILON;

/// AHP in `f64`: the principal eigenvector of a validated [`PairwiseMatrix`] by
/// repeated squaring, as [`ahp`](super::ahp) does in `Decimal` (in floating point
/// every entry keeps its relative precision, so no balancing stage is needed),
/// stopped when no component moves by more than `64 · 2⁻⁵²` (about 1.4e-14) from
/// one squaring to the next. The options' reciprocity tolerance and
/// `max_iterations` apply; its convergence tolerance and places do not. The
/// weights agree with [`Ahp::eigenvector`](super::Ahp::eigenvector) within 1e-9
/// (tested on random matrices across the accepted range).
///
/// ```
/// use creditgrade::research::{ahp_f64, PairwiseMatrix, WeightOptions};
/// let m = PairwiseMatrix::from_upper(["a", "b", "c"], &[2.into(), 4.into(), 2.into()])?;
/// let r = ahp_f64(&m, &WeightOptions::default())?;
/// assert!((r.weights()[0] - 4.0 / 7.0).abs() < 1e-12);
/// assert!((r.lambda_max() - 3.0).abs() < 1e-12);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when a pair is not
/// reciprocal within the tolerance (the cell is named), `max_iterations` is 0 or
/// is reached first.
pub fn ahp_f64(matrix: &PairwiseMatrix, options: &WeightOptions) -> Result<AhpF64, Error> {
    matrix.check_reciprocity(options.get_reciprocity_tolerance())?;
    if options.get_max_iterations() == 0 {
        return Err(Error::invalid_input(
            "max_iterations",
            "at least one iteration is needed, got 0",
        ));
    }
    let n = matrix.len();
    let a: Vec<f64> = (0..n * n)
        .map(|c| {
            matrix
                .cell(c / n, c % n)
                .and_then(|x| x.to_f64())
                .unwrap_or(f64::NAN)
        })
        .collect();
    let scaled = |m: Vec<f64>| {
        let max = m.iter().copied().fold(0.0_f64, f64::max);
        m.into_iter().map(|x| x / max).collect::<Vec<f64>>()
    };
    let row_sums = |m: &[f64]| {
        let sums: Vec<f64> = m.chunks_exact(n).map(|r| r.iter().sum()).collect();
        let total: f64 = sums.iter().sum();
        sums.into_iter().map(|s| s / total).collect::<Vec<f64>>()
    };
    let mut power = scaled(a.clone());
    let mut w = row_sums(&power);
    let mut iterations = 0;
    loop {
        if iterations == options.get_max_iterations() {
            return Err(Error::invalid_input(
                "max_iterations",
                format!(
                    "the eigenvector did not converge within {iterations} squarings of the matrix"
                ),
            ));
        }
        iterations += 1;
        let mut square = vec![0.0_f64; n * n];
        for i in 0..n {
            for k in 0..n {
                let b = power[i * n + k];
                for j in 0..n {
                    square[i * n + j] += b * power[k * n + j];
                }
            }
        }
        power = scaled(square);
        let next = row_sums(&power);
        let moved = next
            .iter()
            .zip(&w)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0_f64, f64::max);
        w = next;
        if moved <= AHP_F64_TOLERANCE {
            break;
        }
    }
    let lambda_max = a
        .chunks_exact(n)
        .zip(&w)
        .map(|(row, wi)| row.iter().zip(&w).map(|(x, y)| x * y).sum::<f64>() / wi)
        .sum::<f64>()
        / n as f64;
    let (consistency_index, consistency_ratio) = if n <= 1 {
        (0.0, None)
    } else {
        let ci = (lambda_max - n as f64) / (n as f64 - 1.0);
        let ri = random_index(n).and_then(|r| r.to_f64()).unwrap_or(0.0);
        (ci, (ri > 0.0).then(|| ci / ri))
    };
    Ok(AhpF64 {
        weights: w,
        lambda_max,
        consistency_index,
        consistency_ratio,
        iterations,
    })
}
