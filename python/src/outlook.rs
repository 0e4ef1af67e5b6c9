//! The outlook from Python: when each enterprise's grade next changes if
//! nothing new happens.

use std::sync::Arc;

use arrow_array::builder::{Date32Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_pyarrow::ToPyArrow;
use arrow_schema::{DataType, Field, Schema};
use creditgrade::chrono::{Datelike, NaiveDate};
use creditgrade::explain::Status;
use creditgrade::population::arrow::{catalogue_from_arrow, population_from_arrow};
use creditgrade::{Assessor, Error, Grade, Policy};
use pyo3::prelude::*;
use rayon::prelude::*;

use crate::{PyPolicy, batches, date_arg, py_error};

/// Days from 0001-01-01 to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

/// The `grade` field of grades.csv: the grade, or the status without one.
fn grade_field(status: Status, grade: Option<Grade>) -> String {
    match (status, grade) {
        (Status::Closed, _) => "closed".to_owned(),
        (Status::NotRegistered, _) => "not_registered".to_owned(),
        (_, Some(g)) => g.to_string(),
        (_, None) => "error".to_owned(),
    }
}

fn next_changes(
    es: &[RecordBatch],
    ev: &[RecordBatch],
    cs: &[RecordBatch],
    as_of: NaiveDate,
    policy: Policy,
) -> Result<RecordBatch, Error> {
    let population = population_from_arrow(es, ev)?;
    let assessor = Assessor::new(policy, catalogue_from_arrow(cs)?)?;
    let next: Vec<_> = (0..population.len())
        .into_par_iter()
        .map(|e| {
            population
                .history(e)
                .and_then(|h| assessor.next_grade_change(&h, as_of))
        })
        .collect();
    let n = next.len();
    let mut id = StringBuilder::with_capacity(n, n * 12);
    let mut date = Date32Builder::with_capacity(n);
    let mut grade = StringBuilder::with_capacity(n, n * 2);
    let mut error = StringBuilder::new();
    for (e, r) in next.iter().enumerate() {
        id.append_value(population.id(e));
        match r {
            Ok(Some(c)) => {
                date.append_value(c.date.num_days_from_ce() - EPOCH_FROM_CE);
                grade.append_value(grade_field(c.summary.status, c.summary.grade));
                error.append_null();
            }
            Ok(None) => {
                date.append_null();
                grade.append_null();
                error.append_null();
            }
            Err(err) => {
                date.append_null();
                grade.append_null();
                error.append_value(err.to_string());
            }
        }
    }
    let schema = Schema::new(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("next_change", DataType::Date32, true),
        Field::new("next_grade", DataType::Utf8, true),
        Field::new("error", DataType::Utf8, true),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(id.finish()),
        Arc::new(date.finish()),
        Arc::new(grade.finish()),
        Arc::new(error.finish()),
    ];
    RecordBatch::try_new(Arc::new(schema), columns).map_err(|e| Error::data_source(e.to_string()))
}

/// The next change of each enterprise's grade or status after `as_of` if
/// nothing new happens; see `creditgrade.outlook`.
#[pyfunction]
#[pyo3(signature = (enterprises, events, catalogue, as_of, policy=None))]
pub(crate) fn outlook<'py>(
    py: Python<'py>,
    enterprises: &Bound<'py, PyAny>,
    events: &Bound<'py, PyAny>,
    catalogue: &Bound<'py, PyAny>,
    as_of: &str,
    policy: Option<PyRef<'py, PyPolicy>>,
) -> PyResult<Bound<'py, PyAny>> {
    let as_of = date_arg(py, "as_of", as_of)?;
    let es = batches("enterprises", enterprises)?;
    let ev = batches("events", events)?;
    let cs = batches("catalogue", catalogue)?;
    let policy = policy.map_or_else(Policy::seed, |p| p.inner.clone());
    match py.detach(move || next_changes(&es, &ev, &cs, as_of, policy)) {
        Ok(batch) => batch.to_pyarrow(py),
        Err(e) => Err(py_error(py, &e)),
    }
}
