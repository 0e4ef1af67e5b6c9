//! The native half of the `creditgrade` Python package: grading from Arrow
//! streams (the Arrow C stream interface), policies, and the research module on
//! numpy arrays. The Python half (`python/creditgrade/`) adapts inputs and makes
//! the exception types; every rule runs in the Rust library.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(clippy::pedantic)]

mod national;
mod outlook;
mod research;

use arrow_array::RecordBatch;
use arrow_array::ffi_stream::ArrowArrayStreamReader;
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use creditgrade::chrono::NaiveDate;
use creditgrade::national::arrow::dossiers_from_arrow;
use creditgrade::national::{NationalRules, Standing};
use creditgrade::population::arrow::{
    assessments_to_arrow, catalogue_from_arrow, population_from_arrow, summaries_to_arrow,
};
use creditgrade::{Assessor, Error, ErrorKind, Policy};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// The Python exception of a kind with its context: an instance of the
/// subclass of `creditgrade.CreditgradeError` named after the kind.
fn make_error(
    py: Python<'_>,
    kind: &str,
    display: String,
    message: &str,
    context: [Option<&str>; 4],
) -> PyErr {
    let [enterprise, fact, field, subject] = context;
    let make = || -> PyResult<Bound<'_, PyAny>> {
        py.import("creditgrade._errors")?
            .getattr("_make")?
            .call1((kind, display, message, enterprise, fact, field, subject))
    };
    match make() {
        Ok(instance) => PyErr::from_value(instance),
        Err(err) => err,
    }
}

/// The Python exception for a library error, carrying its context.
pub(crate) fn py_error(py: Python<'_>, e: &Error) -> PyErr {
    make_error(
        py,
        e.kind().as_str(),
        e.to_string(),
        e.message(),
        [e.enterprise(), e.fact(), e.field(), e.subject()],
    )
}

/// An `InvalidInputError` for an argument of the bindings themselves.
pub(crate) fn invalid_input(py: Python<'_>, field: &str, message: &str) -> PyErr {
    make_error(
        py,
        ErrorKind::InvalidInput.as_str(),
        format!("`{field}`: {message}"),
        message,
        [None, None, Some(field), None],
    )
}

/// Parses an ISO date (`YYYY-MM-DD`) given for an argument.
pub(crate) fn date_arg(py: Python<'_>, name: &str, text: &str) -> PyResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        invalid_input(
            py,
            name,
            &format!("bad date {text:?} (expected YYYY-MM-DD)"),
        )
    })
}

/// Reads every record batch of an object exporting an Arrow C stream
/// (`__arrow_c_stream__`: pyarrow tables and readers, polars, pandas ≥ 2.2,
/// `DuckDB` results) or a `pyarrow.RecordBatchReader`.
pub(crate) fn batches(name: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    let reader = ArrowArrayStreamReader::from_pyarrow_bound(value).map_err(|e| {
        PyTypeError::new_err(format!(
            "{name}: expected an Arrow table or data frame (an object with \
             __arrow_c_stream__), got {}: {e}",
            value
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyTypeError::new_err(format!("{name}: cannot read the Arrow stream: {e}")))
}

/// A grading policy: every knob of the rules, validated.
#[pyclass(
    name = "Policy",
    module = "creditgrade",
    frozen,
    eq,
    skip_from_py_object
)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyPolicy {
    pub(crate) inner: Policy,
}

#[pymethods]
impl PyPolicy {
    /// The seed policy (the defaults of `docs/spec.md`).
    #[staticmethod]
    fn seed() -> PyPolicy {
        PyPolicy {
            inner: Policy::seed(),
        }
    }

    /// The score-mode preset: points weighted by quantifier coefficients into
    /// a score, graded by bands.
    #[staticmethod]
    fn score_preset() -> PyPolicy {
        PyPolicy {
            inner: Policy::score_preset(),
        }
    }

    /// The seed policy with the national effects on: the serious list caps
    /// the grade at D and bars refinement; the list of abnormal operations and
    /// a penalty public on the enterprise credit publicity system bar
    /// refinement.
    #[staticmethod]
    fn national_2026() -> PyPolicy {
        PyPolicy {
            inner: Policy::national_2026(),
        }
    }

    /// Reads a policy file's JSON text; raises `InvalidPolicyError` naming the
    /// JSON path of the field at fault.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyPolicy> {
        Policy::from_json(text)
            .map(|inner| PyPolicy { inner })
            .map_err(|e| py_error(py, &e))
    }

    /// The policy as the JSON text of a policy file.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        self.inner.to_json().map_err(|e| py_error(py, &e))
    }

    /// Reads a policy from a dict shaped like the policy file.
    #[staticmethod]
    fn from_dict(py: Python<'_>, value: &Bound<'_, PyDict>) -> PyResult<PyPolicy> {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (value,))?
            .extract()?;
        PyPolicy::from_json(py, &text)
    }

    /// The policy as a dict shaped like the policy file.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = self.to_json(py)?;
        py.import("json")?.call_method1("loads", (text,))
    }

    /// The policy's fingerprint (`sha256:` and 64 hex digits); any change of a
    /// knob changes it.
    #[getter]
    fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// The policy's name.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Policy(name={:?}, fingerprint={:?})",
            self.inner.name,
            self.inner.fingerprint()
        )
    }

    /// Pickles as its JSON (for Spark and multiprocessing workers).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py.get_type::<PyPolicy>().getattr("from_json")?.unbind();
        (from_json, (self.to_json(py)?,)).into_pyobject(py)
    }
}

/// Grades the enterprises of Arrow streams; see `creditgrade.grade`.
#[pyfunction]
#[pyo3(signature = (enterprises, events, catalogue, as_of, policy=None, reasons=false, parallel=true, raise_errors=false, rules=None))]
#[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)]
fn grade<'py>(
    py: Python<'py>,
    enterprises: &Bound<'py, PyAny>,
    events: &Bound<'py, PyAny>,
    catalogue: &Bound<'py, PyAny>,
    as_of: &str,
    policy: Option<PyRef<'py, PyPolicy>>,
    reasons: bool,
    parallel: bool,
    raise_errors: bool,
    rules: Option<PyRef<'py, national::PyNationalRules>>,
) -> PyResult<Bound<'py, PyAny>> {
    let as_of = date_arg(py, "as_of", as_of)?;
    let es = batches("enterprises", enterprises)?;
    let ev = batches("events", events)?;
    let cs = batches("catalogue", catalogue)?;
    let policy = policy.map_or_else(Policy::seed, |p| p.inner.clone());
    let rules = rules.map(|r| r.inner.clone());
    let out = py.detach(move || {
        let how = How {
            reasons,
            parallel,
            raise_errors,
        };
        match &rules {
            Some(rules) => grade_national(&es, &ev, &cs, as_of, policy, rules, how),
            None => grade_batches(
                &es,
                &ev,
                &cs,
                as_of,
                policy,
                reasons,
                parallel,
                raise_errors,
            ),
        }
    });
    match out {
        Ok(batch) => batch.to_pyarrow(py),
        Err(e) => Err(py_error(py, &e)),
    }
}

#[allow(clippy::too_many_arguments, clippy::fn_params_excessive_bools)]
fn grade_batches(
    es: &[RecordBatch],
    ev: &[RecordBatch],
    cs: &[RecordBatch],
    as_of: NaiveDate,
    policy: Policy,
    reasons: bool,
    parallel: bool,
    raise_errors: bool,
) -> Result<RecordBatch, Error> {
    let population = population_from_arrow(es, ev)?;
    let catalogue = catalogue_from_arrow(cs)?;
    let assessor = Assessor::new(policy, catalogue)?;
    if reasons {
        let results = if parallel {
            assessor.par_assess_population(&population, as_of)
        } else {
            assessor.assess_population(&population, as_of)
        };
        if raise_errors {
            first_error(&results)?;
        }
        assessments_to_arrow(&population, &results, true)
    } else {
        let results = if parallel {
            assessor.par_summarize_population(&population, as_of)
        } else {
            assessor.summarize_population(&population, as_of)
        };
        if raise_errors {
            first_error(&results)?;
        }
        summaries_to_arrow(&population, &results)
    }
}

/// How `grade` grades and reports.
#[derive(Clone, Copy)]
#[allow(clippy::struct_excessive_bools)]
struct How {
    reasons: bool,
    parallel: bool,
    raise_errors: bool,
}

/// `grade` with national rules: the events' national columns and rows read
/// into each enterprise's dossier, its standing as of `as_of` under `rules`,
/// and the national grading path (a standing's error is the enterprise's).
fn grade_national(
    es: &[RecordBatch],
    ev: &[RecordBatch],
    cs: &[RecordBatch],
    as_of: NaiveDate,
    policy: Policy,
    rules: &NationalRules,
    how: How,
) -> Result<RecordBatch, Error> {
    let read = dossiers_from_arrow(es, ev)?;
    let catalogue = catalogue_from_arrow(cs)?;
    let assessor = Assessor::new(policy, catalogue)?;
    let population = &read.population;
    // Without national effects the standings are not read: not computed.
    let standings: Vec<Result<Standing, Error>> = match (assessor.policy().national, how.parallel) {
        (None, _) => Vec::new(),
        (Some(_), true) => read.par_standings(rules, as_of),
        (Some(_), false) => read.standings(rules, as_of),
    };
    if how.reasons {
        let results = if how.parallel {
            assessor.par_assess_population_national(population, &standings, as_of)
        } else {
            assessor.assess_population_national(population, &standings, as_of)
        };
        if how.raise_errors {
            first_error(&results)?;
        }
        assessments_to_arrow(population, &results, true)
    } else {
        let results = if how.parallel {
            assessor.par_summarize_population_national(population, &standings, as_of)
        } else {
            assessor.summarize_population_national(population, &standings, as_of)
        };
        if how.raise_errors {
            first_error(&results)?;
        }
        summaries_to_arrow(population, &results)
    }
}

/// The first error of the results, if any.
fn first_error<T>(results: &[Result<T, Error>]) -> Result<(), Error> {
    match results.iter().find_map(|r| r.as_ref().err()) {
        Some(e) => Err(e.clone()),
        None => Ok(()),
    }
}

/// Times the Rust Arrow path in Rust, for `bench.py`: imports the tables once
/// (untimed), then times `repeats` runs of the work `grade` does after
/// importing its inputs (population and catalogue from Arrow, summary grading
/// with the seed policy, results to Arrow) on those same record batches.
/// Returns the seconds of each run.
#[pyfunction]
#[pyo3(signature = (enterprises, events, catalogue, as_of, repeats=1, parallel=true))]
fn bench_rust_arrow(
    py: Python<'_>,
    enterprises: &Bound<'_, PyAny>,
    events: &Bound<'_, PyAny>,
    catalogue: &Bound<'_, PyAny>,
    as_of: &str,
    repeats: usize,
    parallel: bool,
) -> PyResult<Vec<f64>> {
    use std::time::Instant;
    let as_of = date_arg(py, "as_of", as_of)?;
    let es = batches("enterprises", enterprises)?;
    let ev = batches("events", events)?;
    let cs = batches("catalogue", catalogue)?;
    let run = || -> Result<Vec<f64>, Error> {
        let mut times = Vec::with_capacity(repeats);
        for _ in 0..repeats {
            let t = Instant::now();
            let out = grade_batches(&es, &ev, &cs, as_of, Policy::seed(), false, parallel, false)?;
            times.push(t.elapsed().as_secs_f64());
            drop(out);
        }
        Ok(times)
    };
    py.detach(run).map_err(|e| py_error(py, &e))
}

/// Checks a unified social credit code (统一社会信用代码): its characters, its
/// parts and its check character; returns the code.
#[pyfunction]
fn check_credit_code(py: Python<'_>, code: &str) -> PyResult<String> {
    creditgrade::model::CreditCode::parse(code)
        .map(|c| c.as_str().to_owned())
        .map_err(|e| py_error(py, &e))
}

/// The names of every error kind, in the library's order.
#[pyfunction]
fn error_kinds() -> Vec<&'static str> {
    ErrorKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The native module.
#[pymodule]
fn _creditgrade(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPolicy>()?;
    m.add_function(wrap_pyfunction!(grade, m)?)?;
    m.add_function(wrap_pyfunction!(error_kinds, m)?)?;
    m.add_function(wrap_pyfunction!(check_credit_code, m)?)?;
    m.add_function(wrap_pyfunction!(bench_rust_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(outlook::outlook, m)?)?;
    research::register(m)?;
    national::register(m)?;
    Ok(())
}
