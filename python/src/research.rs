//! The research module on numpy arrays: indicator weights (f64 by default,
//! `Decimal` on request), AHP, combinations, PSI, transition matrices,
//! calibration and the generated populations as Arrow tables.

use arrow_pyarrow::ToPyArrow;
use creditgrade::Error;
use creditgrade::population::Population as Columnar;
use creditgrade::population::PopulationBuilder;
use creditgrade::population::arrow::population_to_arrow;
use creditgrade::research::{
    self, CalibrationTargets, GradeDistribution, Indicator, Normalisation, Outcome, PairwiseMatrix,
    PsiOptions, SynthConfig, ThresholdChoice, TransitionMatrix, WeightOptions, Weights,
};
use creditgrade::rust_decimal::Decimal;
use creditgrade::rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use numpy::{PyArray1, PyReadonlyArray1, PyReadonlyArray2};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{date_arg, invalid_input, py_error};

/// The indicators of a matrix of `columns` columns: names (default `x0`,
/// `x1`, …) and directions (`"benefit"` or `"cost"`, default benefit).
fn indicators(
    py: Python<'_>,
    columns: usize,
    names: Option<Vec<String>>,
    directions: Option<Vec<String>>,
) -> PyResult<Vec<Indicator>> {
    let names = names.unwrap_or_else(|| (0..columns).map(|j| format!("x{j}")).collect());
    if names.len() != columns {
        return Err(invalid_input(
            py,
            "names",
            &format!("{} names for {columns} columns", names.len()),
        ));
    }
    let directions = directions.unwrap_or_else(|| vec!["benefit".to_owned(); columns]);
    if directions.len() != columns {
        return Err(invalid_input(
            py,
            "directions",
            &format!("{} directions for {columns} columns", directions.len()),
        ));
    }
    names
        .into_iter()
        .zip(directions)
        .map(|(n, d)| match d.as_str() {
            "benefit" => Ok(Indicator::benefit(n)),
            "cost" => Ok(Indicator::cost(n)),
            other => Err(invalid_input(
                py,
                "directions",
                &format!("{other:?} is neither \"benefit\" nor \"cost\""),
            )),
        })
        .collect()
}

fn options(py: Python<'_>, normalisation: &str, places: u32) -> PyResult<WeightOptions> {
    let n = match normalisation {
        "minmax" => Normalisation::MinMax,
        "proportion" => Normalisation::Proportion,
        other => {
            return Err(invalid_input(
                py,
                "normalisation",
                &format!("{other:?} is neither \"minmax\" nor \"proportion\""),
            ));
        }
    };
    Ok(WeightOptions::default().normalisation(n).places(places))
}

fn dec(py: Python<'_>, field: &str, x: f64) -> PyResult<Decimal> {
    Decimal::from_f64(x).ok_or_else(|| {
        invalid_input(
            py,
            field,
            &format!("{x} is not a finite number in the range of Decimal"),
        )
    })
}

/// The serialised name of a unit enum (`some_shift`, `upgrade`).
fn snake<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn float(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// Entropy (`critic = false`) or CRITIC weights of a matrix.
#[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)]
fn objective<'py>(
    py: Python<'py>,
    data: PyReadonlyArray2<'py, f64>,
    names: Option<Vec<String>>,
    directions: Option<Vec<String>>,
    exact: bool,
    normalisation: &str,
    places: u32,
    critic: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let view = data.as_array();
    let (rows, columns) = view.dim();
    let inds = indicators(py, columns, names, directions)?;
    let opts = options(py, normalisation, places)?;
    let owned;
    let flat: &[f64] = if let Ok(s) = data.as_slice() {
        s
    } else {
        owned = view.iter().copied().collect::<Vec<f64>>();
        &owned
    };
    let result: Result<Vec<f64>, Error> = if exact {
        let mut table = Vec::with_capacity(rows);
        for (i, row) in flat.chunks(columns.max(1)).enumerate() {
            let mut r = Vec::with_capacity(columns);
            for (j, &x) in row.iter().enumerate() {
                r.push(dec(py, &format!("data[{i}][{j}]"), x)?);
            }
            table.push(r);
        }
        py.detach(|| {
            let w = if critic {
                research::critic_weights(&inds, &table, &opts)
            } else {
                research::entropy_weights(&inds, &table, &opts)
            };
            w.map(|w| w.as_vec().into_iter().map(float).collect())
        })
    } else {
        py.detach(|| {
            if critic {
                research::critic_weights_f64(&inds, flat, &opts)
            } else {
                research::entropy_weights_f64(&inds, flat, &opts)
            }
        })
    };
    result
        .map(|w| PyArray1::from_vec(py, w))
        .map_err(|e| py_error(py, &e))
}

/// 熵权法: entropy weights of the columns of a 2-D array.
#[pyfunction]
#[pyo3(signature = (data, names=None, directions=None, exact=false, normalisation="minmax", places=20))]
#[allow(clippy::needless_pass_by_value)]
fn entropy_weights<'py>(
    py: Python<'py>,
    data: PyReadonlyArray2<'py, f64>,
    names: Option<Vec<String>>,
    directions: Option<Vec<String>>,
    exact: bool,
    normalisation: &str,
    places: u32,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    objective(
        py,
        data,
        names,
        directions,
        exact,
        normalisation,
        places,
        false,
    )
}

/// CRITIC weights of the columns of a 2-D array.
#[pyfunction]
#[pyo3(signature = (data, names=None, directions=None, exact=false, normalisation="minmax", places=20))]
#[allow(clippy::needless_pass_by_value)]
fn critic_weights<'py>(
    py: Python<'py>,
    data: PyReadonlyArray2<'py, f64>,
    names: Option<Vec<String>>,
    directions: Option<Vec<String>>,
    exact: bool,
    normalisation: &str,
    places: u32,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    objective(
        py,
        data,
        names,
        directions,
        exact,
        normalisation,
        places,
        true,
    )
}

/// AHP weights of a pairwise comparison matrix, with λmax, CI and CR.
#[pyfunction]
#[pyo3(signature = (matrix, names=None, exact=false, places=20))]
#[allow(clippy::needless_pass_by_value)]
fn ahp_weights<'py>(
    py: Python<'py>,
    matrix: PyReadonlyArray2<'py, f64>,
    names: Option<Vec<String>>,
    exact: bool,
    places: u32,
) -> PyResult<Bound<'py, PyDict>> {
    let view = matrix.as_array();
    let (n, m) = view.dim();
    if n != m {
        return Err(invalid_input(
            py,
            "matrix",
            &format!("a pairwise matrix is square, got {n} × {m}"),
        ));
    }
    let names = names.unwrap_or_else(|| (0..n).map(|j| format!("x{j}")).collect());
    let mut rows = Vec::with_capacity(n);
    for i in 0..n {
        let mut r = Vec::with_capacity(n);
        for j in 0..n {
            r.push(dec(py, &format!("matrix[{i}][{j}]"), view[[i, j]])?);
        }
        rows.push(r);
    }
    let pm = PairwiseMatrix::new(names, rows).map_err(|e| py_error(py, &e))?;
    let opts = WeightOptions::default().places(places);
    let out = PyDict::new(py);
    if exact {
        let a = research::ahp(&pm, &opts).map_err(|e| py_error(py, &e))?;
        let w: Vec<f64> = a.eigenvector().iter().copied().map(float).collect();
        out.set_item("weights", PyArray1::from_vec(py, w))?;
        out.set_item("lambda_max", float(a.lambda_max()))?;
        out.set_item("consistency_index", float(a.consistency_index()))?;
        out.set_item("consistency_ratio", a.consistency_ratio().map(float))?;
        out.set_item("iterations", a.iterations())?;
    } else {
        let a = research::ahp_f64(&pm, &opts).map_err(|e| py_error(py, &e))?;
        out.set_item("weights", PyArray1::from_vec(py, a.weights().to_vec()))?;
        out.set_item("lambda_max", a.lambda_max())?;
        out.set_item("consistency_index", a.consistency_index())?;
        out.set_item("consistency_ratio", a.consistency_ratio())?;
        out.set_item("iterations", a.iterations())?;
    }
    Ok(out)
}

fn weights(py: Python<'_>, field: &str, values: &[f64], opts: &WeightOptions) -> PyResult<Weights> {
    let mut scores = Vec::with_capacity(values.len());
    for (j, &x) in values.iter().enumerate() {
        scores.push((format!("x{j}"), dec(py, &format!("{field}[{j}]"), x)?));
    }
    Weights::from_scores(scores, opts).map_err(|e| py_error(py, &e))
}

/// Combines subjective and objective weights: linearly with `alpha` (the
/// subjective share), or multiplicatively when `alpha` is `None`.
#[pyfunction]
#[pyo3(signature = (subjective, objective, alpha=None, places=20))]
#[allow(clippy::needless_pass_by_value)]
fn combine_weights<'py>(
    py: Python<'py>,
    subjective: PyReadonlyArray1<'py, f64>,
    objective: PyReadonlyArray1<'py, f64>,
    alpha: Option<f64>,
    places: u32,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let opts = WeightOptions::default().places(places);
    let s = weights(py, "subjective", &subjective.as_array().to_vec(), &opts)?;
    let o = weights(py, "objective", &objective.as_array().to_vec(), &opts)?;
    let w = match alpha {
        Some(a) => research::combine_linear(&s, &o, dec(py, "alpha", a)?, &opts),
        None => research::combine_multiplicative(&s, &o, &opts),
    }
    .map_err(|e| py_error(py, &e))?;
    Ok(PyArray1::from_vec(
        py,
        w.as_vec().into_iter().map(float).collect(),
    ))
}

fn outcomes(py: Python<'_>, field: &str, values: &[String]) -> PyResult<Vec<Outcome>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.parse::<Outcome>().map_err(|_| {
                invalid_input(
                    py,
                    field,
                    &format!("row {i}: {v:?} is not an outcome (a grade, closed, not_registered or error)"),
                )
            })
        })
        .collect()
}

/// The outcome names in the library's order (AAA … D, closed,
/// `not_registered`, error).
#[pyfunction]
fn outcome_names() -> Vec<&'static str> {
    Outcome::ALL.iter().map(|o| o.as_str()).collect()
}

/// PSI between two outcome lists: `(value, reading, [(outcome, expected,
/// actual, contribution)])`.
#[pyfunction]
#[pyo3(signature = (expected, actual, epsilon=None))]
#[allow(clippy::needless_pass_by_value, clippy::type_complexity)]
fn psi(
    py: Python<'_>,
    expected: Vec<String>,
    actual: Vec<String>,
    epsilon: Option<f64>,
) -> PyResult<(f64, String, Vec<(&'static str, f64, f64, f64)>)> {
    let e = GradeDistribution::from_outcomes(outcomes(py, "expected", &expected)?);
    let a = GradeDistribution::from_outcomes(outcomes(py, "actual", &actual)?);
    let mut opts = PsiOptions::default();
    if let Some(eps) = epsilon {
        opts = opts.epsilon(dec(py, "epsilon", eps)?);
    }
    let p = research::psi(&e, &a, &opts).map_err(|err| py_error(py, &err))?;
    let buckets = p
        .buckets()
        .iter()
        .map(|b| {
            (
                b.outcome.as_str(),
                float(b.expected),
                float(b.actual),
                float(b.contribution),
            )
        })
        .collect();
    Ok((float(p.value()), snake(&p.reading()), buckets))
}

/// A transition matrix between two sides given as ids and outcomes: the 9 × 9
/// counts (rows before, columns after, in `outcome_names()` order) and the
/// movers `(id, before, after, movement)`.
#[pyfunction]
#[allow(clippy::needless_pass_by_value, clippy::type_complexity)]
fn transition_matrix(
    py: Python<'_>,
    before_ids: Vec<String>,
    before: Vec<String>,
    after_ids: Vec<String>,
    after: Vec<String>,
) -> PyResult<(
    Vec<Vec<u64>>,
    Vec<(String, &'static str, &'static str, String)>,
)> {
    let b = outcomes(py, "before", &before)?;
    let a = outcomes(py, "after", &after)?;
    let m = TransitionMatrix::between(before_ids.into_iter().zip(b), after_ids.into_iter().zip(a))
        .map_err(|e| py_error(py, &e))?;
    let cells = m.cells().iter().map(|r| r.to_vec()).collect();
    let movers = m
        .movers()
        .iter()
        .map(|x| {
            (
                x.id.clone(),
                x.before.as_str(),
                x.after.as_str(),
                snake(&x.movement()),
            )
        })
        .collect();
    Ok((cells, movers))
}

type Choice = (
    Option<f64>,
    u64,
    f64,
    f64,
    bool,
    bool,
    Option<f64>,
    Option<f64>,
);

fn choice(c: &ThresholdChoice) -> Choice {
    (
        c.threshold().map(float),
        c.count(),
        float(c.share()),
        float(c.target()),
        c.is_exact(),
        c.is_tie_limited(),
        c.threshold_above().map(float),
        c.share_above().map(float),
    )
}

/// Thresholds for target shares of AAA and AA among tier-A candidates
/// `(score, eligible)`: `(population, aaa, aa)`, each `(threshold, count,
/// share, target, exact, tie_limited, threshold_above, share_above)`.
#[pyfunction]
#[pyo3(signature = (scores, eligible, aaa, aa, population=None))]
#[allow(clippy::needless_pass_by_value)]
fn calibrate(
    py: Python<'_>,
    scores: Vec<f64>,
    eligible: Vec<bool>,
    aaa: f64,
    aa: f64,
    population: Option<u64>,
) -> PyResult<(u64, Choice, Choice)> {
    if scores.len() != eligible.len() {
        return Err(invalid_input(
            py,
            "eligible",
            &format!("{} flags for {} scores", eligible.len(), scores.len()),
        ));
    }
    let mut candidates = Vec::with_capacity(scores.len());
    for (i, (&s, &e)) in scores.iter().zip(&eligible).enumerate() {
        candidates.push((dec(py, &format!("scores[{i}]"), s)?, e));
    }
    let mut targets = CalibrationTargets::new(dec(py, "aaa", aaa)?, dec(py, "aa", aa)?);
    if let Some(p) = population {
        targets = targets.population(p);
    }
    let c = research::calibrate(candidates, &targets).map_err(|e| py_error(py, &e))?;
    Ok((c.population(), choice(c.aaa()), choice(c.aa())))
}

fn tables<'py>(
    py: Python<'py>,
    population: &Columnar,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let (es, ev) = population_to_arrow(population).map_err(|e| py_error(py, &e))?;
    Ok((es.to_pyarrow(py)?, ev.to_pyarrow(py)?))
}

/// A register-like population (annual reports since 2013, penalties,
/// complaints, honours) as `(enterprises, events)` record batches.
#[pyfunction]
#[pyo3(signature = (n, seed=42))]
fn register_population(
    py: Python<'_>,
    n: usize,
    seed: u64,
) -> PyResult<(Bound<'_, PyAny>, Bound<'_, PyAny>)> {
    let population = py
        .detach(|| {
            let mut b = PopulationBuilder::with_capacity(n, n * 10);
            for (e, facts) in research::register_enterprises(n, seed) {
                let i = b.push_enterprise(&e);
                for f in &facts {
                    b.push_fact(i, f)?;
                }
            }
            b.build()
        })
        .map_err(|e| py_error(py, &e))?;
    tables(py, &population)
}

/// A synthetic population (the research generator's defaults) as
/// `(enterprises, events)` record batches.
#[pyfunction]
#[pyo3(signature = (n, seed=1, as_of=None))]
fn synthetic_population<'py>(
    py: Python<'py>,
    n: usize,
    seed: u64,
    as_of: Option<&str>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let mut config = SynthConfig::default().seed(seed).enterprises(n);
    if let Some(t) = as_of {
        config = config.as_of(date_arg(py, "as_of", t)?);
    }
    let population = py
        .detach(|| {
            let synthetic = research::synth_population(&config);
            let mut b = PopulationBuilder::with_capacity(n, n * 8);
            for (e, facts) in &synthetic.enterprises {
                let i = b.push_enterprise(e);
                for f in facts {
                    b.push_fact(i, f)?;
                }
            }
            b.build()
        })
        .map_err(|e| py_error(py, &e))?;
    tables(py, &population)
}

/// The synthetic penalty catalogue: `(article, severity)` pairs.
#[pyfunction]
fn synthetic_catalogue() -> Vec<(String, &'static str)> {
    research::synth_catalogue()
        .into_iter()
        .map(|(a, s)| (a, s.as_str()))
        .collect()
}

/// The date the register population is graded on.
#[pyfunction]
fn register_as_of() -> String {
    research::REGISTER_AS_OF.to_string()
}

/// Adds the research functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(entropy_weights, m)?)?;
    m.add_function(wrap_pyfunction!(critic_weights, m)?)?;
    m.add_function(wrap_pyfunction!(ahp_weights, m)?)?;
    m.add_function(wrap_pyfunction!(combine_weights, m)?)?;
    m.add_function(wrap_pyfunction!(outcome_names, m)?)?;
    m.add_function(wrap_pyfunction!(psi, m)?)?;
    m.add_function(wrap_pyfunction!(transition_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(calibrate, m)?)?;
    m.add_function(wrap_pyfunction!(register_population, m)?)?;
    m.add_function(wrap_pyfunction!(synthetic_population, m)?)?;
    m.add_function(wrap_pyfunction!(synthetic_catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(register_as_of, m)?)?;
    Ok(())
}
