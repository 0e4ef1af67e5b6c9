//! The national rules from Python: rules, dossiers and results as dicts (the
//! library's serde shapes), every error typed.

use creditgrade::disclosure::HolidayCalendar;
use creditgrade::national::{AbnormalRecord, AbnormalRules, Dossier, NationalRules};
use pyo3::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{date_arg, invalid_input, py_error};

/// A Python value (dict, list, str, …) read into a library type through JSON;
/// a value of the wrong shape is an `InvalidInputError` naming its path.
fn from_py<T: DeserializeOwned>(
    py: Python<'_>,
    name: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<T> {
    let text: String = match value.extract::<String>() {
        Ok(s) => s,
        Err(_) => py
            .import("json")?
            .call_method1("dumps", (value,))?
            .extract()?,
    };
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            name.to_owned()
        } else {
            format!("{name}.{path}")
        };
        invalid_input(py, &field, &e.inner().to_string())
    })
}

/// A library value as Python dicts and lists.
fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text =
        serde_json::to_string(value).map_err(|e| invalid_input(py, "result", &e.to_string()))?;
    py.import("json")?.call_method1("loads", (text,))
}

/// One dossier question: reads `as_of` and the dossier, asks `ask` with the GIL
/// released, and converts the answer (or raises the error's exception).
fn on_dossier<'py, T: Serialize + Send>(
    py: Python<'py>,
    dossier: &Bound<'py, PyAny>,
    as_of: &str,
    ask: impl FnOnce(&Dossier, creditgrade::chrono::NaiveDate) -> Result<T, creditgrade::Error> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let as_of = date_arg(py, "as_of", as_of)?;
    let dossier: Dossier = from_py(py, "dossier", dossier)?;
    let answer = py
        .detach(|| ask(&dossier, as_of))
        .map_err(|e| py_error(py, &e))?;
    to_py(py, &answer)
}

/// The national rules: SAMR Order 45's publicity system and 信用中国's classes
/// and periods, each a timeline of versions.
#[pyclass(
    name = "NationalRules",
    module = "creditgrade.national",
    frozen,
    eq,
    skip_from_py_object
)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyNationalRules {
    pub(crate) inner: NationalRules,
}

#[pymethods]
impl PyNationalRules {
    /// The rules a bureau lives under in 2026.
    #[staticmethod]
    fn national_2026() -> PyNationalRules {
        PyNationalRules {
            inner: NationalRules::national_2026(),
        }
    }

    /// Reads rules from their JSON text, then validates them.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<PyNationalRules> {
        let value = pyo3::types::PyString::new(py, text);
        PyNationalRules::from_dict(py, value.as_any())
    }

    /// Reads rules from a dict, then validates them.
    #[staticmethod]
    fn from_dict(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<PyNationalRules> {
        let inner: NationalRules = from_py(py, "rules", value)?;
        inner.validate().map_err(|e| py_error(py, &e))?;
        Ok(PyNationalRules { inner })
    }

    /// The rules as JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string_pretty(&self.inner)
            .map_err(|e| invalid_input(py, "rules", &e.to_string()))
    }

    /// The rules as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The rules' fingerprint.
    #[getter]
    fn fingerprint(&self) -> String {
        self.inner.fingerprint()
    }

    /// The publicity of every decision of a dossier decided on or before
    /// `as_of`, on both channels: a list of dicts.
    fn publicity<'py>(
        &self,
        py: Python<'py>,
        dossier: &Bound<'py, PyAny>,
        as_of: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_dossier(py, dossier, as_of, |d, t| self.inner.publicity(d, t))
    }

    /// The serious list's state of a dossier as of `as_of`: every listing with
    /// its basis, scheduled end, exit and early-removal applications (a dict).
    fn serious_state<'py>(
        &self,
        py: Python<'py>,
        dossier: &Bound<'py, PyAny>,
        as_of: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_dossier(py, dossier, as_of, |d, t| self.inner.serious_state(d, t))
    }

    /// Publicity of every decision and both lists of a dossier as of `as_of`
    /// (a dict).
    fn state<'py>(
        &self,
        py: Python<'py>,
        dossier: &Bound<'py, PyAny>,
        as_of: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_dossier(py, dossier, as_of, |d, t| self.inner.state(d, t))
    }

    /// The standing of a dossier as of `as_of`: the intervals of each mark
    /// that hold on the date or after it (a dict).
    fn standing<'py>(
        &self,
        py: Python<'py>,
        dossier: &Bound<'py, PyAny>,
        as_of: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        on_dossier(py, dossier, as_of, |d, t| self.inner.standing(d, t))
    }

    fn __repr__(&self) -> String {
        format!("NationalRules(fingerprint={:?})", self.inner.fingerprint())
    }

    /// Pickles as its JSON.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
        let from_json = py
            .get_type::<PyNationalRules>()
            .getattr("from_json")?
            .unbind();
        (from_json, (self.to_json(py)?,)).into_pyobject(py)
    }
}

/// The state of one enterprise on the list of abnormal operations as of a
/// date (a dict); `derived=True` adds the worklist of missing annual reports
/// under China's holiday tables.
#[pyfunction]
#[pyo3(signature = (record, as_of, derived=false))]
fn abnormal_state<'py>(
    py: Python<'py>,
    record: &Bound<'py, PyAny>,
    as_of: &str,
    derived: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let as_of = date_arg(py, "as_of", as_of)?;
    let record: AbnormalRecord = from_py(py, "record", record)?;
    let rules = AbnormalRules::national().derived(derived);
    let calendar = HolidayCalendar::china();
    let s = py
        .detach(|| record.state(&rules, &calendar, as_of))
        .map_err(|e| py_error(py, &e))?;
    to_py(py, &s)
}

/// Adds the national rules to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNationalRules>()?;
    m.add_function(wrap_pyfunction!(abnormal_state, m)?)?;
    Ok(())
}
