//! The Python bindings: the `newest_only._core` extension module.
//!
//! Each function and class here is a thin layer over the core crate: it
//! converts arguments, calls the pure-Rust API and turns [`crate::Error`] into
//! the exception classes below. The `.pyi` stubs in `python/newest_only/`
//! describe this module to type checkers; `mypy.stubtest` checks they agree.

// One module per class or group of functions.
mod counter;

use pyo3::exceptions::{PyException, PyOverflowError};
use pyo3::prelude::*;

pyo3::create_exception!(
    newest_only,
    Error,
    PyException,
    "Base class of every error raised by the newest_only package: catch it to catch them all."
);
pyo3::create_exception!(
    newest_only,
    InvalidArgumentError,
    Error,
    "An argument is outside the values the operation accepts."
);
pyo3::create_exception!(
    newest_only,
    LimitExceededError,
    Error,
    "Raised when a Counter would pass its limit; the counter keeps its value."
);

// `Error` above is the Python exception class; the core's error type is
// `crate::Error`.
impl From<crate::Error> for PyErr {
    fn from(err: crate::Error) -> Self {
        let message = err.to_string();
        match err {
            crate::Error::InvalidArgument { .. } => InvalidArgumentError::new_err(message),
            crate::Error::LimitExceeded { .. } => LimitExceededError::new_err(message),
            // Python's own exception for integers out of range, as for arguments.
            crate::Error::Overflow { .. } => PyOverflowError::new_err(message),
        }
    }
}

/// Return the sum of two integers.
///
/// Raises OverflowError if an argument or the sum does not fit in 64 bits.
#[pyfunction]
fn add(a: i64, b: i64) -> PyResult<i64> {
    Ok(crate::add(a, b)?)
}

/// Panic with ``message``.
///
/// PyO3 turns a Rust panic into ``pyo3_runtime.PanicException`` instead of
/// aborting the interpreter; the test suite calls this to prove it.
#[pyfunction(name = "_panic")]
fn panic_for_tests(message: &str) {
    panic!("{message}");
}

/// Rust code callable from Python, built with PyO3 and maturin
///
/// The compiled core of the ``newest_only`` package; import from
/// ``newest_only`` rather than from here.
// Every class is safe to use from several threads at once, so the module runs
// on free-threaded Python without the GIL (PyO3's default: `gil_used = false`).
#[pymodule(name = "_core")]
mod native {
    #[pymodule_export]
    use super::counter::Counter;
    #[pymodule_export]
    use super::{Error, InvalidArgumentError, LimitExceededError, add, panic_for_tests};

    /// The version of the Rust crate, which is also the package version.
    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = env!("CARGO_PKG_VERSION");
}

#[cfg(test)]
mod tests {
    use pyo3::types::IntoPyDict;

    use super::*;

    #[test]
    fn errors_become_the_package_exceptions() {
        Python::initialize();
        Python::attach(|py| {
            let err = PyErr::from(crate::Error::LimitExceeded {
                limit: 1,
                attempted: 2,
            });
            assert!(err.is_instance_of::<LimitExceededError>(py));
            assert!(err.is_instance_of::<Error>(py));
            assert_eq!(
                err.value(py).to_string(),
                "limit 1 exceeded: the counter would reach 2"
            );
            let err = PyErr::from(crate::Error::Overflow { operation: "add" });
            assert!(err.is_instance_of::<PyOverflowError>(py));
        });
    }

    #[test]
    fn the_module_works_when_called_from_rust() -> PyResult<()> {
        Python::initialize();
        Python::attach(|py| {
            let module = pyo3::wrap_pymodule!(native)(py).into_bound(py);
            let sum: i64 = module.getattr("add")?.call1((2, 3))?.extract()?;
            assert_eq!(sum, 5);

            let kwargs = [("step", -2)].into_py_dict(py)?;
            let counter = module.getattr("Counter")?.call((10,), Some(&kwargs))?;
            let value: i64 = counter.call_method1("advance", (3,))?.extract()?;
            assert_eq!(value, 4);
            assert_eq!(
                counter.repr()?.to_string(),
                "Counter(4, step=-2, limit=None)"
            );
            Ok(())
        })
    }
}
