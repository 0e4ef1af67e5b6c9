//! The research module on numpy arrays.

use pyo3::prelude::*;

/// Adds the research functions to the module.
#[allow(clippy::unnecessary_wraps)]
pub(crate) fn register(_m: &Bound<'_, PyModule>) -> PyResult<()> {
    Ok(())
}
