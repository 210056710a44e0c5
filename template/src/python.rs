//! The Python bindings: the `{{python_module}}._core` extension module.
//!
//! Each function and class here is a thin layer over the core crate: it
//! converts arguments, calls the pure-Rust API and turns [`crate::Error`] into the
//! exception classes below. The `.pyi` stubs in `python/{{python_module}}/`
//! describe this module to type checkers; `mypy.stubtest` checks they agree.

use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::exceptions::{PyException, PyOverflowError};
use pyo3::prelude::*;

pyo3::create_exception!(
    {{python_module}},
    Error,
    PyException,
    "Base class of every error raised by the {{python_module}} package: catch it to catch them all."
);
pyo3::create_exception!(
    {{python_module}},
    InvalidArgumentError,
    Error,
    "An argument is outside the values the operation accepts."
);
pyo3::create_exception!(
    {{python_module}},
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

/// A counter that moves in fixed steps and may stop at a limit.
///
/// ``step`` may be negative (the counter then counts down) but not zero. Instances
/// are safe to share between threads: each operation locks the counter.
#[pyclass(frozen)]
#[pyo3(module = "{{python_module}}")]
struct Counter {
    inner: Mutex<crate::Counter>,
}

impl Counter {
    /// The core counter, locked for the duration of one operation.
    fn lock(&self) -> MutexGuard<'_, crate::Counter> {
        // `advance` changes the value all at once, so a panic elsewhere cannot
        // leave it half-updated: a poisoned lock still guards a valid counter.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl Counter {
    #[new]
    #[pyo3(signature = (start = 0, *, step = 1, limit = None))]
    fn new(start: i64, step: i64, limit: Option<i64>) -> PyResult<Self> {
        let inner = crate::Counter::new(start, step, limit)?;
        Ok(Self {
            inner: Mutex::new(inner),
        })
    }

    /// The current value.
    #[getter]
    fn value(&self) -> i64 {
        self.lock().value()
    }

    /// The amount one step adds.
    #[getter]
    fn step(&self) -> i64 {
        self.lock().step()
    }

    /// The value the counter never passes, or None.
    #[getter]
    fn limit(&self) -> Option<i64> {
        self.lock().limit()
    }

    /// Move ``times`` steps and return the new value.
    ///
    /// All or nothing: raises LimitExceededError (and keeps the value) if the
    /// counter would pass its limit, OverflowError if the value would not fit
    /// in 64 bits.
    #[pyo3(signature = (times = 1))]
    fn advance(&self, times: u32) -> PyResult<i64> {
        Ok(self.lock().advance(times)?)
    }

    fn __repr__(&self) -> String {
        let counter = self.lock();
        let limit = counter
            .limit()
            .map_or_else(|| "None".to_owned(), |limit| limit.to_string());
        format!(
            "Counter({}, step={}, limit={limit})",
            counter.value(),
            counter.step()
        )
    }

    fn __eq__(&self, other: &Bound<'_, Self>) -> bool {
        // Copy one side out first: comparing a counter with itself must not
        // take its lock twice.
        let mine = self.lock().clone();
        mine == *other.get().lock()
    }
}

/// {{description}}
///
/// The compiled core of the ``{{python_module}}`` package; import from
/// ``{{python_module}}`` rather than from here.
#[pymodule(name = "_core", gil_used = true)]
mod native {
    #[pymodule_export]
    use super::{Counter, Error, InvalidArgumentError, LimitExceededError, add, panic_for_tests};

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
