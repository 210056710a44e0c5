//! The package's exception classes, and how [`crate::Error`] becomes them.
//!
//! `Error` is the base class of every exception the package defines, so
//! `except newest_only.Error` catches them all. A class whose errors a
//! built-in exception describes as well derives from that one too: an invalid
//! value is a `ValueError`, so `except ValueError` catches
//! `InvalidArgumentError`. Integers out of range raise Python's own
//! `OverflowError`.
//!
//! PyO3's `create_exception!` gives a class one base; the classes with two
//! are made by calling `type(name, bases, namespace)`, once per interpreter,
//! and the module adds them when it is imported ([`add_to`]).

use pyo3::exceptions::{PyException, PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

/// The package the classes belong to (their `__module__`).
const PACKAGE: &str = "newest_only";

pyo3::create_exception!(
    newest_only,
    Error,
    PyException,
    "Base class of every error raised by the newest_only package: catch it to catch them all."
);
pyo3::create_exception!(
    newest_only,
    LimitExceededError,
    Error,
    "Raised when a Counter would pass its limit; the counter keeps its value."
);

/// `InvalidArgumentError(Error, ValueError)`.
pub(super) fn invalid_argument_error(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    subclass(
        py,
        &CLASS,
        "InvalidArgumentError",
        "An argument is outside the values the operation accepts.",
    )
}

/// The class `name(Error, ValueError)` of the package, made once.
fn subclass<'py>(
    py: Python<'py>,
    class: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    doc: &str,
) -> PyResult<&'py Bound<'py, PyType>> {
    class
        .get_or_try_init(py, || {
            let namespace = PyDict::new(py);
            namespace.set_item("__module__", PACKAGE)?;
            namespace.set_item("__doc__", doc)?;
            let bases = (py.get_type::<Error>(), py.get_type::<PyValueError>());
            let class = py.get_type::<PyType>().call1((name, bases, namespace))?;
            Ok::<_, PyErr>(class.cast_into::<PyType>()?.unbind())
        })
        .map(|class| class.bind(py))
}

/// Adds the classes made at run time to the module.
pub(super) fn add_to(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add("InvalidArgumentError", invalid_argument_error(py)?)?;
    Ok(())
}

/// The class of an exception, made when first asked for.
type Class = fn(Python<'_>) -> PyResult<&Bound<'_, PyType>>;

/// An exception of `class` with `message`, or the error of making the class.
fn raise(class: Class, message: String) -> PyErr {
    Python::attach(|py| match class(py) {
        Ok(class) => PyErr::from_type(class.clone(), message),
        Err(err) => err,
    })
}

// `Error` above is the Python exception class; the core's error type is
// `crate::Error`. The match is exhaustive: a new variant of the core's error
// must be given its exception here.
impl From<crate::Error> for PyErr {
    fn from(err: crate::Error) -> Self {
        let message = err.to_string();
        match err {
            crate::Error::InvalidArgument { .. } => raise(invalid_argument_error, message),
            crate::Error::LimitExceeded { .. } => LimitExceededError::new_err(message),
            // Python's own exception for integers out of range, as for arguments.
            crate::Error::Overflow { .. } => PyOverflowError::new_err(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_follow_python_conventions() {
        Python::initialize();
        Python::attach(|py| {
            let err = PyErr::from(crate::Error::InvalidArgument {
                name: "step",
                reason: "must not be zero".to_owned(),
            });
            assert!(err.is_instance_of::<Error>(py));
            assert!(err.is_instance_of::<PyValueError>(py));
            assert_eq!(err.value(py).to_string(), "invalid step: must not be zero");
            let err = PyErr::from(crate::Error::LimitExceeded {
                limit: 1,
                attempted: 2,
            });
            assert!(err.is_instance_of::<LimitExceededError>(py));
            assert!(err.is_instance_of::<Error>(py));
            let err = PyErr::from(crate::Error::Overflow { operation: "add" });
            assert!(err.is_instance_of::<PyOverflowError>(py));
        });
    }

    #[test]
    fn the_classes_are_made_once() -> PyResult<()> {
        Python::initialize();
        Python::attach(|py| {
            let first = invalid_argument_error(py)?.clone();
            assert!(first.is(invalid_argument_error(py)?));
            assert_eq!(first.qualname()?.to_string(), "InvalidArgumentError");
            assert_eq!(first.getattr("__module__")?.to_string(), PACKAGE);
            Ok(())
        })
    }
}
